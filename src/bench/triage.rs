//! The triage screen at scale, as the console handles its keys (update + draw at 120×40): the
//! analysis, opening the screen, a facet filter and the inbox views — first with no follow-up,
//! as the screen was before cases, then with a fifth of the bases followed up (20,000 cases at
//! 100,000 bases), each case looked up for every finding on every pass.

use super::{Figure, Settings, figure, ms, time};
use crate::app::start::Options;
use crate::app::{App, Msg};
use crate::domain::cases::FollowUp;
use crate::domain::codes::CaseState;
use crate::domain::dates::add_days;
use crate::domain::text::Text;
use crate::store::{Store, Who};
use anyhow::Result;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
use std::time::Instant;

/// The keys measured, by name: opening triage from the list, a facet filter, the four views.
fn press(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    keys: &str,
    theme: &crate::ui::theme::Theme,
) -> Result<f64> {
    let start = Instant::now();
    for name in keys.split(' ') {
        let code = match name {
            "enter" => KeyCode::Enter,
            "space" => KeyCode::Char(' '),
            one => KeyCode::Char(one.chars().next().expect("a key")),
        };
        app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
    terminal.draw(|f| crate::ui::draw(f, app, theme))?;
    Ok(ms(start.elapsed()))
}

/// The analysis as the console's background thread makes it, delivered to `app`; its time.
fn analyse(app: &mut App, store: &Store, settings: &Settings) -> f64 {
    let bans = crate::app::data::bans_of(&app.rows);
    let (msg, t) =
        time(|| crate::app::background::analysis(store, &app.policy, settings.today, &bans));
    app.update(msg);
    t
}

fn measure(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    settings: &Settings,
    label: &str,
) -> Result<Vec<Figure>> {
    let theme = crate::ui::theme::Theme { color: true };
    let (mut open, mut filter, mut views) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..settings.rounds {
        open.push(press(app, terminal, "t", &theme)?);
        // The facet menu's own keys are not the filter: only Enter applies it.
        press(app, terminal, "f c space", &theme)?;
        filter.push(press(app, terminal, "enter", &theme)?);
        filter.push(press(app, terminal, "F", &theme)?);
        for view in ["1", "2", "3", "4"] {
            views.push(press(app, terminal, view, &theme)?);
        }
        press(app, terminal, "b", &theme)?;
    }
    let n = settings.count;
    Ok(vec![
        figure(
            format!("triage opened (t, update + draw), {n} bases, {label}"),
            open,
        ),
        figure(
            format!("triage facet filter keystroke, {n} bases, {label}"),
            filter,
        ),
        figure(
            format!("triage inbox view switch (1–4), {n} bases, {label}"),
            views,
        ),
    ])
}

/// Follows up every fifth base's first finding, or as many as there are: a quarter each
/// assigned to the console's user, to two colleagues and to nobody; states, look-again dates
/// and a note spread over them. One transaction, as a bulk load.
fn follow_up(app: &App, store: &Store, settings: &Settings) -> Result<usize> {
    let wanted = settings.count / 5;
    let analysis = app.analysis.as_ref().expect("analysed");
    let mut seen = std::collections::HashSet::new();
    let keys: Vec<String> = analysis
        .triage
        .iter()
        .filter(|f| !f.base_id.is_empty() && seen.insert(f.base_id.clone()))
        .map(|f| f.key())
        .take(wanted)
        .collect();
    let who = Who {
        actor: app.user.clone(),
        at: chrono::Utc::now().fixed_offset(),
    };
    let states = [CaseState::Open, CaseState::Contacted, CaseState::Waiting];
    store.write(&who, |tx| {
        for (i, key) in keys.iter().enumerate() {
            let mut case = FollowUp::new(key);
            case.assignee = [
                Some(app.user.clone()),
                Some("wang".into()),
                Some("li".into()),
                None,
            ][i % 4]
                .clone();
            case.state = states[i % states.len()];
            if i % 7 == 0 {
                case.until = Some(add_days(settings.today, 14));
                case.deferred_on = Some(settings.today);
            }
            case.notes.push(crate::domain::cases::CaseNote {
                at: who.at.to_rfc3339(),
                author: who.actor.clone(),
                text: "已电话联系，答应本周内补交".into(),
            });
            tx.put_case(None, &case, "follow", Text::new("bench", "bench"))?;
        }
        Ok(())
    })?;
    Ok(keys.len())
}

pub(super) fn figures(
    store: &Arc<Store>,
    options: &Options,
    settings: &Settings,
) -> Result<Vec<Figure>> {
    eprintln!("triage and its inbox…");
    let mut app = crate::app::start::first_app(store, options);
    let (rows, keys) = store.summaries_and_keys()?;
    app.update(Msg::Rows {
        version: app.version,
        rows,
        keys,
    });
    app.update(Msg::Resize(120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40))?;
    let n = settings.count;
    let mut figures = Vec::new();
    let t = analyse(&mut app, store, settings);
    let found = app.analysis.as_ref().map_or(0, |a| a.triage.len());
    figures.push(figure(
        format!("analysis of {n} bases ({found} findings), no follow-up"),
        vec![t],
    ));
    figures.extend(measure(&mut app, &mut terminal, settings, "no follow-up")?);
    let cases = follow_up(&app, store, settings)?;
    let t = analyse(&mut app, store, settings);
    figures.push(figure(
        format!("analysis of {n} bases with {cases} follow-ups"),
        vec![t],
    ));
    figures.extend(measure(
        &mut app,
        &mut terminal,
        settings,
        &format!("{cases} follow-ups"),
    )?);
    figures.push(arrivals(&mut app, &mut terminal, store, settings, cases)?);
    Ok(figures)
}

/// Another user's change to a followed base reaching the console on the triage screen: the
/// base's cases read again, its findings put back in order, every finding's row and views
/// worked out again, the screen drawn.
fn arrivals(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    store: &Store,
    settings: &Settings,
    cases: usize,
) -> Result<Figure> {
    let theme = crate::ui::theme::Theme { color: true };
    press(app, terminal, "t", &theme)?;
    let followed: Vec<String> = store
        .cases()?
        .into_iter()
        .map(|c| c.base_id)
        .take(settings.rounds * 4)
        .collect();
    let mut samples = Vec::new();
    for id in followed {
        let base = store.base(&id)?;
        let start = Instant::now();
        app.update(Msg::Changed(crate::app::Changes {
            version: app.version,
            grant: None,
            count: 1,
            events: Vec::new(),
            bases: vec![base],
            views: None,
        }));
        terminal.draw(|f| crate::ui::draw(f, app, &theme))?;
        samples.push(ms(start.elapsed()));
    }
    Ok(figure(
        format!(
            "another user's change to a followed base, on the triage screen, {} bases, {cases} follow-ups",
            settings.count
        ),
        samples,
    ))
}
