//! What every screen answers alike: quitting, help, switching screens, search and the command
//! line, filters and sort, and the changes made to the base under the cursor (mark, forms,
//! undo, copying its id).

use super::form::Form;
use super::input::InputLine;
use super::overlay::{ButtonFocus, Facet, FacetMenu, Overlay};
use super::{App, Effect, InputKind, Screen};
use crate::domain::{filings, lifecycle, ops};
use crate::keymap::Action;
use crate::text;

pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => {
            app.quit = true;
            return vec![Effect::Quit];
        }
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Redraw => return vec![Effect::Redraw],
        Action::ViewBases => app.show(Screen::Bases),
        Action::ViewTriage => app.show(Screen::Triage),
        Action::ViewDashboard => app.show(Screen::Dashboard),
        Action::ViewHistory => {
            let back = match app.screen {
                Screen::History => app.history_view.as_ref().map_or(Screen::Bases, |v| v.back),
                other => other,
            };
            return app.open_history(Default::default(), back);
        }
        Action::ViewCalendar => app.show_calendar(),
        Action::Search => {
            let query = app.list.search.query.clone();
            if app.screen != Screen::Bases {
                app.show(Screen::Bases);
            }
            app.input = Some(InputLine::new(InputKind::Search, &query));
        }
        Action::NextMatch | Action::PrevMatch => app.step_match(action == Action::NextMatch),
        Action::CommandLine => app.input = Some(InputLine::new(InputKind::Command, "")),
        Action::ClearSelection => {
            app.list.selected.clear();
            app.list.anchor = None;
        }
        Action::Mark => app.start_mark(None),
        Action::Undo => match &app.last_batch {
            Some((batch, summary)) => {
                app.overlay = Some(Overlay::UndoConfirm {
                    batch: *batch,
                    summary: summary.clone(),
                    focus: ButtonFocus::Cancel,
                });
            }
            None => app.notify(text!(
                "本次会话还没有可撤回的操作",
                "nothing to undo in this session"
            )),
        },
        Action::CopyId => {
            if let Some(id) = app.current_id() {
                app.notify(text!("已复制 {id}", "copied {id}"));
                return vec![Effect::Copy(id)];
            }
        }
        Action::NewApplication => {
            app.overlay = Some(Overlay::Form(Form::new_application(
                app.today,
                &app.policy,
                app.lang,
            )));
        }
        Action::RecordReport
        | Action::FileChange
        | Action::AddRisk
        | Action::CloseRisk
        | Action::Transition
        | Action::AddPartner => app.open_form(action),
        Action::FilterCategory => app.open_menu(Facet::Category),
        Action::FilterRegion => app.open_menu(Facet::Region),
        Action::FilterOutcome => app.open_menu(Facet::Outcome),
        Action::FilterStatus => app.open_menu(Facet::Status),
        Action::ClearFilters => {
            app.list.filter = Default::default();
            app.refresh_list();
            app.refresh_triage();
        }
        Action::SortNext | Action::SortReverse => app.sort_next(action == Action::SortReverse),
        // The rest belong to a screen, a dialog or the input line, which have answered them.
        _ => {}
    }
    Vec::new()
}

impl App {
    /// Shows `screen`, closing an open base.
    pub(super) fn show(&mut self, screen: Screen) {
        self.detail = None;
        self.history_view = None;
        self.screen = screen;
        if screen == Screen::Triage && self.analysis.is_none() {
            match &self.analysis_failed {
                Some(why) => {
                    let why = why.clone();
                    self.warn(text!(
                        ["无法分析记录：{}", why.zh],
                        ["could not analyse the records: {}", why.en]
                    ));
                }
                None => self.notify(text!("正在分析全部记录…", "analysing all records…")),
            }
        }
    }

    fn open_menu(&mut self, facet: Facet) {
        self.overlay = Some(Overlay::Menu(FacetMenu::new(
            facet,
            &self.list.filter,
            &self.policy,
            self.lang,
        )));
    }

    /// A form for the base under the cursor.
    fn open_form(&mut self, action: Action) {
        let Some(id) = self.current_id() else {
            self.notify(text!("先选中一个基地", "select a base first"));
            return;
        };
        let Some(base) = self.load_base(&id) else {
            return;
        };
        // A form that cannot succeed on this base says so before asking for anything.
        let guard = match action {
            Action::RecordReport => ops::can_submit_report(&base),
            Action::FileChange => filings::can_file_change(&base),
            Action::CloseRisk => ops::can_close_risk(&base),
            Action::Transition => lifecycle::can_transition(&base),
            _ => Ok(()),
        };
        if let Err(refusal) = guard {
            self.warn_refusal(&refusal);
            return;
        }
        let (today, lang) = (self.today, self.lang);
        let form = match action {
            Action::RecordReport => Form::report(&base, &self.policy, today),
            Action::FileChange => Form::change(&base, today, lang),
            Action::AddRisk => Form::risk_add(&base, today, lang),
            Action::CloseRisk => Form::risk_close(&base, today),
            Action::Transition => Form::transition(&base, today, lang),
            _ => Form::partner(&base, today, lang),
        };
        self.overlay = Some(Overlay::Form(form));
    }
}
