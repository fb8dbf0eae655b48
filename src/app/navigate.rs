//! Moving around: the cursor and scrolling, opening a base, switching screens, stepping back,
//! and the menus and forms opened on the base under the cursor.

use super::detail::DetailView;
use super::form::Form;
use super::overlay::{Facet, FacetMenu, OUTCOMES, Overlay};
use super::{App, Effect, InputKind, Screen};
use crate::keymap::Action;
use crate::text;

impl App {
    pub(super) fn move_by(&mut self, delta: isize) {
        let height = self.page_height();
        let triage_height = self.triage_height();
        // Scrolled text stops at its last page, as drawn; a scroll past it would need as many
        // presses back before anything moved.
        let limit = self.scroll_limit() as isize;
        let scroll = |at: isize| (at + delta).clamp(0, limit.max(0));
        match (&mut self.overlay, self.screen) {
            (Some(Overlay::Help { scroll: at }), _) => *at = scroll(*at as isize) as u16,
            (Some(Overlay::PickOutcome { cursor, .. }), _) => {
                *cursor = (*cursor as isize + delta).clamp(0, OUTCOMES.len() as isize - 1) as usize;
            }
            (Some(Overlay::Menu(menu)), _) => {
                menu.cursor = (menu.cursor as isize + delta)
                    .clamp(0, menu.options.len() as isize - 1)
                    as usize;
            }
            (Some(Overlay::MarkConfirm(c)), _) => c.scroll = scroll(c.scroll as isize) as usize,
            (Some(_), _) => {}
            (None, Screen::Bases) => {
                self.list.move_by(delta);
                self.list.scroll_into_view(height);
            }
            (None, Screen::Triage) => {
                self.triage.move_by(delta);
                self.triage.scroll_into_view(triage_height);
            }
            (None, Screen::Detail) => {
                if let Some(d) = &mut self.detail {
                    d.scroll = scroll(d.scroll as isize) as u16;
                }
            }
            (None, Screen::Dashboard) => {
                self.dashboard.move_row(delta.signum() * delta.abs().min(4))
            }
        }
    }

    pub(super) fn jump(&mut self, to_end: bool) {
        let far = if to_end {
            isize::MAX / 4
        } else {
            -(isize::MAX / 4)
        };
        self.move_by(far);
    }

    /// Esc: closes what is on top, or steps back.
    pub(super) fn back(&mut self) -> Vec<Effect> {
        if let Some(overlay) = &mut self.overlay {
            match overlay {
                Overlay::Form(form) if form.confirm_discard => form.confirm_discard = false,
                Overlay::Form(form) if form.dirty() && !form.pending => form.confirm_discard = true,
                _ => self.overlay = None,
            }
            return Vec::new();
        }
        if let Some(line) = &self.input {
            if line.kind == InputKind::Search {
                self.input = None;
                return self.search_for(String::new());
            }
            self.input = None;
            return Vec::new();
        }
        match self.screen {
            Screen::Detail => {
                let back = self.detail.take().map_or(Screen::Bases, |d| d.back);
                self.screen = back;
            }
            Screen::Bases if !self.list.search.query.trim().is_empty() => {
                return self.search_for(String::new());
            }
            Screen::Bases if !self.list.selected.is_empty() => self.list.selected.clear(),
            Screen::Triage | Screen::Dashboard => self.screen = Screen::Bases,
            Screen::Bases => {}
        }
        Vec::new()
    }

    pub(super) fn show(&mut self, screen: Screen) {
        self.detail = None;
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

    /// Enter: open the base under the cursor, or drill into a dashboard number.
    pub(super) fn open(&mut self) {
        match self.screen {
            Screen::Bases | Screen::Triage => {
                if let Some(id) = self.current_id() {
                    self.open_detail(&id);
                }
            }
            Screen::Dashboard => {
                // The list behind a number is exactly that number's bases: no search on top.
                self.list.search = Default::default();
                self.list.filter = self.dashboard.drill();
                self.screen = Screen::Bases;
                self.refresh_list();
                self.refresh_triage();
            }
            Screen::Detail => {}
        }
    }

    pub(super) fn open_detail(&mut self, id: &str) {
        let Some(base) = self.load_base(id) else {
            return;
        };
        let events = self.source.events(id).unwrap_or_default();
        let back = if self.screen == Screen::Detail {
            self.detail.as_ref().map_or(Screen::Bases, |d| d.back)
        } else {
            self.screen
        };
        self.detail = Some(DetailView::new(base, events, self.ctx(), &self.bans, back));
        self.screen = Screen::Detail;
    }

    /// Reloads the open base (this or another user changed it), keeping its tab and scroll.
    pub(super) fn refresh_detail(&mut self) {
        let Some(d) = &self.detail else { return };
        let (id, tab, scroll, back) = (d.base.id.clone(), d.tab, d.scroll, d.back);
        let Ok(base) = self.source.base(&id) else {
            return;
        };
        let events = self.source.events(&id).unwrap_or_default();
        let mut view = DetailView::new(base, events, self.ctx(), &self.bans, back);
        view.tab = tab;
        view.scroll = scroll;
        self.detail = Some(view);
    }

    pub(super) fn open_menu(&mut self, facet: Facet) {
        self.overlay = Some(Overlay::Menu(FacetMenu::new(
            facet,
            &self.list.filter,
            &self.policy,
            self.lang,
        )));
    }

    pub(super) fn open_form(&mut self, action: Action) {
        let Some(id) = self.current_id() else {
            self.notify(text!("先选中一个基地", "select a base first"));
            return;
        };
        let Some(base) = self.load_base(&id) else {
            return;
        };
        let (today, lang) = (self.today, self.lang);
        let form = match action {
            Action::RecordReport => Form::report(&base, today),
            Action::FileChange => Form::change(&base, today, lang),
            Action::AddRisk => Form::risk_add(&base, today, lang),
            Action::CloseRisk => Form::risk_close(&base, today),
            Action::Transition => Form::transition(&base, today, lang),
            _ => Form::partner(&base, today, lang),
        };
        self.overlay = Some(Overlay::Form(form));
    }
}
