//! The list's compact compliance badges (the 报变险 column) and which bases the programme counts.
//! Rules only: the app gathers findings and the UI draws `.` `!` `X` or a blank.

use super::base::Base;
use super::codes::{Code, FindingKind, RiskStatus, Severity, Status};
use super::findings::Finding;

/// One cell of a compliance badge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing owed.
    #[default]
    None,
    Ok,
    Warn,
    Bad,
}

/// The compact compliance badges: annual reports, change filings, security risks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Badges {
    pub reports: Level,
    pub filings: Level,
    pub risks: Level,
}

impl Badges {
    /// Worst first, for sorting by the badge column.
    pub fn rank(&self) -> (Level, Level, Level) {
        (
            self.reports.max(self.filings).max(self.risks),
            self.reports,
            self.risks,
        )
    }

    /// A base's badges from its findings: a "bad" kind at medium severity or worse needs action,
    /// any other listed kind needs attention. Only managed bases owe reports and filings; others
    /// show a risk badge only while a risk note is open.
    pub fn of(base: &Base, found: &[Finding]) -> Badges {
        let level = |bad: &[FindingKind], warn: &[FindingKind]| {
            if found
                .iter()
                .any(|f| bad.contains(&f.kind) && f.severity >= Severity::Medium)
            {
                Level::Bad
            } else if found
                .iter()
                .any(|f| bad.contains(&f.kind) || warn.contains(&f.kind))
            {
                Level::Warn
            } else {
                Level::Ok
            }
        };
        if !base.status.is_managed() {
            let risks = if base.risks.iter().any(|r| r.status != RiskStatus::Closed) {
                level(&[FindingKind::RiskOpen], &[])
            } else {
                Level::None
            };
            return Badges {
                reports: Level::None,
                filings: Level::None,
                risks,
            };
        }
        use FindingKind::*;
        Badges {
            reports: level(
                &[ReportOverdue, ReportsMissedInRow],
                &[ReportDueSoon, ReportReturned],
            ),
            filings: level(&[ChangeNotFiled], &[ChangeFiledLate]),
            risks: level(&[RiskOpen], &[RiskPlanMissing]),
        }
    }
}

/// Where the dashboard counts a base: in the programme (序列管理), or apart by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    InProgramme,
    Application,
    Removed,
    NotRecognised,
}

impl Standing {
    /// The groups counted apart from the programme, in the dashboard's column order.
    pub const APART: [Standing; 3] = [
        Standing::Application,
        Standing::Removed,
        Standing::NotRecognised,
    ];

    pub fn of(status: Status) -> Standing {
        match status {
            Status::Recognised | Status::Rectifying => Standing::InProgramme,
            Status::Removed => Standing::Removed,
            Status::NotRecognised => Standing::NotRecognised,
            Status::Applied | Status::Recommended | Status::Vetted | Status::Publicised => {
                Standing::Application
            }
        }
    }

    /// Every status in this group, in `Status::all()` order (for a filter that opens the group).
    pub fn statuses(self) -> Vec<Status> {
        Status::all()
            .iter()
            .copied()
            .filter(|s| Standing::of(*s) == self)
            .collect()
    }
}

#[cfg(test)]
mod tests;
