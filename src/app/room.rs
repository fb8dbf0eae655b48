//! Each screen of the console is a room: it names its keymap mode, the hints the status bar
//! offers in it, and answers the actions that mean something particular there (moving, opening,
//! stepping back). `App::act` only dispatches — the dialog on top, else the input line, else the
//! screen's room, else what every screen answers alike (`common`). A new screen is its own
//! module with a `ROOM`, its drawing in `ui/`, and a table in the key files.

use super::{App, Effect, Screen};
use crate::keymap::{Action, Mode};

pub struct Room {
    /// The key table the screen's keys come from.
    pub mode: Mode,
    /// What the status bar offers, most useful first; each shown with its key from the keymap.
    pub hints: &'static [Action],
    /// The screen's own answer to `action`, or `None` to leave it to every screen's answer.
    pub act: fn(&mut App, Action) -> Option<Vec<Effect>>,
}

impl App {
    /// What the status bar offers now: the screen's room's hints, or on a base's 跟进 tab the
    /// case keys — less the keys this session may not use (a viewer's, a read-only session's
    /// writes), which would only be refused.
    pub fn hints(&self) -> Vec<Action> {
        let offered = match &self.detail {
            Some(view) if self.screen == Screen::Detail && view.tab == super::detail::Tab::Work => {
                super::detail::CASE_HINTS
            }
            _ => self.screen.room().hints,
        };
        offered.iter().copied().filter(|a| self.may(*a)).collect()
    }
}

impl Screen {
    pub fn room(self) -> &'static Room {
        match self {
            Screen::Bases => &super::bases::ROOM,
            Screen::Detail => &super::detail::ROOM,
            Screen::Triage => &super::triage::ROOM,
            Screen::Dashboard => &super::dashboard::ROOM,
            Screen::History => &super::history::ROOM,
            Screen::Calendar => &super::calendar::ROOM,
        }
    }
}

/// The rows a move of `action` goes by on a page of `page` rows, for the screens that move by
/// rows; `None` for the actions that are not moves.
pub fn rows_moved(action: Action, page: usize) -> Option<isize> {
    let page = page as isize;
    // Far enough to reach either end of any list; small enough not to overflow when added.
    let far = isize::MAX / 4;
    Some(match action {
        Action::MoveDown => 1,
        Action::MoveUp => -1,
        Action::HalfPageDown => page / 2,
        Action::HalfPageUp => -page / 2,
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::Top => -far,
        Action::Bottom => far,
        _ => return None,
    })
}

/// A scroll position moved by `delta`, stopping at 0 and at `limit` (the last page).
pub fn scrolled(at: usize, delta: isize, limit: usize) -> usize {
    (at as isize).saturating_add(delta).clamp(0, limit as isize) as usize
}
