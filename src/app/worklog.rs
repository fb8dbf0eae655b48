//! A base's 跟进 tab: its findings with their follow-ups (a cursor picks the one the case keys act
//! on), the notes of the case under the cursor, and the base's work records (工作记录), newest
//! first. Read through the source when the base is opened and again whenever it changes.

use super::detail::{DetailView, Tab};
use super::room::scrolled;
use super::{App, Effect};
use crate::domain::cases::FollowUp;
use crate::keymap::Action;
use crate::store::WorkNote;
use crate::text;

#[derive(Clone, Debug, Default)]
pub struct WorkView {
    /// The finding under the cursor (into the view's findings).
    pub cursor: usize,
    /// The base's work records, oldest first as stored.
    pub notes: Vec<WorkNote>,
    /// The follow-ups of the base's findings.
    pub cases: Vec<FollowUp>,
}

impl WorkView {
    /// The case of finding `i` of `view`, if it is followed.
    pub fn case_at<'a>(&'a self, view: &DetailView, i: usize) -> Option<&'a FollowUp> {
        let f = view.findings.get(i)?;
        self.cases.iter().find(|c| f.has_key(&c.key))
    }
}

/// The lines of the tab above its first finding: its heading.
pub const FIRST_FINDING_LINE: usize = 1;

/// The 跟进 tab's answer to `action`: the case keys, and moving the cursor over the findings.
/// `None` when the detail is on another tab and the action is not a case key.
pub(super) fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    if let Some(effects) = super::follow::act(app, action) {
        return Some(effects);
    }
    let height = crate::ui::layout::detail_rows(app);
    let view = app.detail.as_mut().filter(|d| d.tab == Tab::Work)?;
    let findings = view.findings.len();
    let delta = match action {
        Action::MoveDown => 1,
        Action::MoveUp => -1,
        Action::Top => -(findings as isize),
        Action::Bottom => findings as isize,
        // Pages scroll the tab as on every other tab.
        _ => return None,
    };
    if findings == 0 {
        return Some(Vec::new());
    }
    view.work.cursor = scrolled(view.work.cursor, delta, findings - 1);
    // Keep the cursor's line on screen.
    let line = FIRST_FINDING_LINE + view.work.cursor;
    let top = view.scroll as usize;
    if line < top {
        view.scroll = line as u16;
    } else if line >= top + height {
        view.scroll = (line + 1 - height) as u16;
    }
    Some(Vec::new())
}

impl App {
    /// Reads the follow-ups and work records of the base `view` shows; the cursor stays where it
    /// was when that finding is still there.
    pub(super) fn load_work(&mut self, view: &mut DetailView, cursor: usize) {
        let id = view.base.id.clone();
        let read = self
            .source
            .cases_of(&id)
            .and_then(|cases| Ok((cases, self.source.work_notes(&id)?)));
        match read {
            Ok((cases, notes)) => {
                view.work = WorkView {
                    cursor: cursor.min(view.findings.len().saturating_sub(1)),
                    notes,
                    cases,
                };
            }
            Err(e) => {
                let (zh, en) = (
                    e.message(crate::domain::text::Lang::Zh),
                    e.message(crate::domain::text::Lang::En),
                );
                self.warn(text!(
                    "无法读取 {id} 的跟进与工作记录：{zh}",
                    "could not read the cases and work records of {id}: {en}"
                ));
            }
        }
    }
}
