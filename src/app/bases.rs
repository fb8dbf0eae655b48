//! The bases list as a room: moving through the rows, opening one, selecting, sorting, stepping
//! through search matches. The list's state and its filtering and sorting are in `list`.

use super::list::{Column, Sort};
use super::room::{Room, rows_moved};
use super::{App, Effect};
use crate::keymap::{Action, Mode};
use crate::text;

pub const ROOM: Room = Room {
    mode: Mode::List,
    hints: &[
        Action::Open,
        Action::Mark,
        Action::Search,
        Action::FilterCategory,
        Action::ViewTriage,
        Action::CommandLine,
        Action::Help,
        Action::Quit,
    ],
    act,
};

fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    if let Some(delta) = rows_moved(action, app.page_height()) {
        app.list.move_by(delta);
        app.list.scroll_into_view(app.page_height());
        return Some(Vec::new());
    }
    match action {
        Action::Open => app.open_current(),
        Action::Back | Action::Cancel => {
            if !app.list.search.query.trim().is_empty() {
                return Some(app.search_for(String::new()));
            }
            app.list.selected.clear();
        }
        Action::ToggleSelect => {
            app.list.toggle_selected(&app.rows);
            app.list.move_by(1);
            app.list.scroll_into_view(app.page_height());
        }
        Action::SelectRange => match app.list.select_range(&app.rows) {
            None => app.notify(text!(
                "区间起点已设定；移动到终点再按一次",
                "range start set; move to its end and press again"
            )),
            Some(n) => app.notify(text!("已选中 {n} 个", "selected {n}")),
        },
        _ => return None,
    }
    Some(Vec::new())
}

impl App {
    /// `n`/`N`: the next or previous search match, wrapping around.
    pub(super) fn step_match(&mut self, forward: bool) {
        if self.list.search.active() && !self.list.visible.is_empty() {
            let n = self.list.visible.len();
            let step = if forward { 1 } else { n - 1 };
            self.list.cursor = (self.list.cursor + step) % n;
            self.list.scroll_into_view(self.page_height());
        } else {
            self.notify(text!(
                "没有进行中的搜索；按 / 搜索",
                "no search; press / to search"
            ));
        }
    }

    /// `s`: sort by the next column; `S`: reverse.
    pub(super) fn sort_next(&mut self, reverse: bool) {
        if reverse {
            self.list.sort.descending = !self.list.sort.descending;
        } else {
            let i = Column::ALL
                .iter()
                .position(|c| *c == self.list.sort.column)
                .unwrap_or(0);
            self.list.sort = Sort {
                column: Column::ALL[(i + 1) % Column::ALL.len()],
                descending: false,
            };
        }
        self.refresh_list();
    }

    /// The list's rows after a filter, sort, search or data change.
    pub fn refresh_list(&mut self) {
        self.list.recompute(
            &self.rows,
            &self.policy,
            self.analysis.as_ref(),
            &self.grant,
        );
        self.list.scroll_into_view(self.page_height());
    }
}
