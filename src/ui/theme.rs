//! Colours from the 16-colour palette only (so any terminal shows them), and none at all under
//! `NO_COLOR`: then the cursor row is reversed and emphasis is bold.

use crate::app::data::Level;
use crate::domain::codes::{Outcome, Severity, Status};
use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set (to anything non-empty, as no-color.org says).
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn plain(&self) -> Style {
        Style::new()
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn cursor(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn selected(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn highlight(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// The read-only badge: seen at a glance, also without colour.
    pub fn read_only(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn button(&self, focused: bool) -> Style {
        if focused {
            self.cursor().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        }
    }

    pub fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Critical => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Severity::High => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Severity::Medium => self.fg(Color::Yellow),
            Severity::Low => self.dim(),
        }
    }

    pub fn status(&self, s: Status) -> Style {
        match s {
            Status::Rectifying => self.fg(Color::Yellow),
            Status::Removed | Status::NotRecognised => self.dim(),
            Status::Recognised => self.ok(),
            _ => self.fg(Color::Cyan),
        }
    }

    pub fn outcome(&self, o: Outcome) -> Style {
        match o {
            Outcome::Excellent | Outcome::Qualified => self.ok(),
            Outcome::Unqualified => self.fg(Color::Red),
            Outcome::Absent | Outcome::Withdrew => self.fg(Color::Magenta),
            Outcome::None => self.dim(),
        }
    }

    pub fn level(&self, l: Level) -> Style {
        match l {
            Level::Bad => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Level::Warn => self.fg(Color::Yellow),
            Level::Ok => self.ok(),
            Level::None => self.dim(),
        }
    }
}

/// One badge cell: ASCII, so it is one cell wide in every terminal and readable without colour.
pub fn level_char(l: Level) -> char {
    match l {
        Level::None => ' ',
        Level::Ok => '.',
        Level::Warn => '!',
        Level::Bad => 'X',
    }
}
