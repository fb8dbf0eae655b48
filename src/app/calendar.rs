//! The calendar as a room: the due dates of the findings (annual reports, rectification ends,
//! change filings, partner expiries…) laid out by month or by week, with the count per day and
//! the chosen day's findings; the look-again dates of open cases too. The same findings as the
//! triage screen's 全部 view: the user's city, the facet filters. Enter opens the chosen day's
//! findings in triage.

use super::room::Room;
use super::{App, Effect, Screen};
use crate::domain::cases::Inbox;
use crate::domain::dates::add_days;
use crate::keymap::{Action, Mode};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::BTreeMap;

pub const ROOM: Room = Room {
    mode: Mode::Calendar,
    hints: &[
        Action::Open,
        Action::NextDay,
        Action::NextWeek,
        Action::NextMonth,
        Action::GoToday,
        Action::NextTab,
        Action::Back,
        Action::Help,
    ],
    act,
};

fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let day = app.calendar.day;
    let moved = match action {
        Action::PrevDay => Some(add_days(day, -1)),
        Action::NextDay => Some(add_days(day, 1)),
        Action::PrevWeek | Action::MoveUp => Some(add_days(day, -7)),
        Action::NextWeek | Action::MoveDown => Some(add_days(day, 7)),
        Action::PrevMonth | Action::PageUp => day.checked_sub_months(Months::new(1)),
        Action::NextMonth | Action::PageDown => day.checked_add_months(Months::new(1)),
        Action::GoToday | Action::Top => Some(app.today),
        _ => None,
    };
    if let Some(day) = moved {
        app.calendar.day = day;
        return Some(Vec::new());
    }
    match action {
        Action::NextTab | Action::PrevTab => app.calendar.week = !app.calendar.week,
        Action::Open => app.open_day(),
        Action::Back | Action::Cancel => app.screen = app.calendar.back,
        _ => return None,
    }
    Some(Vec::new())
}

pub struct CalendarView {
    /// The chosen day.
    pub day: NaiveDate,
    /// The week around the chosen day rather than its month.
    pub week: bool,
    /// The screen Esc returns to.
    pub back: Screen,
    /// The findings due each day (indices into the analysis's triage list, most urgent first).
    pub due: BTreeMap<NaiveDate, Vec<u32>>,
    /// The findings whose open case is to be looked at again each day.
    pub look_again: BTreeMap<NaiveDate, Vec<u32>>,
}

impl CalendarView {
    pub fn new(today: NaiveDate) -> CalendarView {
        CalendarView {
            day: today,
            week: false,
            back: Screen::Bases,
            due: BTreeMap::new(),
            look_again: BTreeMap::new(),
        }
    }

    /// How many findings are due on `day`.
    pub fn count(&self, day: NaiveDate) -> usize {
        self.due.get(&day).map_or(0, Vec::len)
    }

    /// The first day shown: the Monday of the chosen day's week, or of its month's first week.
    pub fn first_shown(&self) -> NaiveDate {
        let anchor = if self.week {
            self.day
        } else {
            self.day.with_day(1).expect("every month has a first day")
        };
        monday_of(anchor)
    }

    /// How many weeks are shown: one, or as many as the month's days reach into (4–6).
    pub fn weeks_shown(&self) -> usize {
        if self.week {
            return 1;
        }
        let first = self.first_shown();
        let last = self
            .day
            .with_day(1)
            .and_then(|d| d.checked_add_months(Months::new(1)))
            .map_or(self.day, |next| add_days(next, -1));
        ((last - first).num_days() as usize) / 7 + 1
    }
}

/// The Monday of `day`'s week (weeks start on Monday, as in China).
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    add_days(day, -(day.weekday().num_days_from_monday() as i64))
}

impl App {
    /// Shows the calendar, on the day it was left at.
    pub(super) fn show_calendar(&mut self) {
        if self.screen != Screen::Calendar {
            self.calendar.back = match (&self.detail, self.screen) {
                (Some(d), Screen::Detail) => d.back,
                (_, screen) => screen,
            };
        }
        self.show(Screen::Calendar);
        self.refresh_calendar();
    }

    /// Recomputes the days' findings: those the triage screen's 全部 view shows, by due date,
    /// and those whose open case has a look-again date.
    pub(super) fn refresh_calendar(&mut self) {
        let mut due: BTreeMap<NaiveDate, Vec<u32>> = BTreeMap::new();
        let mut look_again: BTreeMap<NaiveDate, Vec<u32>> = BTreeMap::new();
        self.index_findings();
        if let Some(analysis) = &self.analysis {
            for (i, f) in analysis.triage.iter().enumerate() {
                if !self.finding_shown(i, None) {
                    continue;
                }
                if let Some(day) = f.due {
                    due.entry(day).or_default().push(i as u32);
                }
                let until = analysis
                    .cases
                    .of(f)
                    .filter(|c| !c.is_closed())
                    .and_then(|c| c.until);
                if let Some(day) = until {
                    look_again.entry(day).or_default().push(i as u32);
                }
            }
        }
        self.calendar.due = due;
        self.calendar.look_again = look_again;
    }

    /// Enter on a day: the triage screen, every finding due that day.
    fn open_day(&mut self) {
        self.triage.day = Some(self.calendar.day);
        self.show(Screen::Triage);
        self.show_inbox(Inbox::All);
    }
}
