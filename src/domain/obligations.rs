//! Annual execution reports (A11, A15.3.1): which years a base owes, when each is due, and the
//! status of each as of a given day.

use super::base::Base;
use super::codes::{Origin, ReportReview, ReportStatus, Status};
use super::dates::add_days;
use super::policy::Policy;
use chrono::{Datelike, NaiveDate};

/// One owed report and where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportLine {
    pub year: i32,
    pub due: NaiveDate,
    pub status: ReportStatus,
    pub submitted: Option<NaiveDate>,
    /// For a returned report: the day it should be resubmitted by.
    pub resubmit_by: Option<NaiveDate>,
}

/// The years a base must report on: the recognition year and the ones after it (3 in all by
/// default); for legacy bases from the policy's first report year.
pub fn report_years(base: &Base, policy: &Policy) -> Vec<i32> {
    let Some(recognised) = base.recognition_date() else {
        return Vec::new();
    };
    if !(base.status.is_managed() || base.status == Status::Removed) {
        return Vec::new();
    }
    let first = match base.origin {
        Origin::New => recognised.year() + policy.report_first_year_offset,
        Origin::Legacy => policy.legacy_first_report_year.max(recognised.year()),
    };
    let years = first..first + policy.report_count;
    // A removed base owes no report falling due after its removal.
    match base
        .removal
        .as_ref()
        .filter(|_| base.status == Status::Removed)
    {
        Some(removal) => years
            .filter(|y| policy.report_due(*y) <= removal.date)
            .collect(),
        None => years.collect(),
    }
}

/// Every owed report with its status as of `today`; years whose reporting period has not begun
/// (after `today`'s year) are left out.
pub fn report_lines(base: &Base, policy: &Policy, today: NaiveDate) -> Vec<ReportLine> {
    report_years(base, policy)
        .into_iter()
        .filter(|year| *year <= today.year())
        .map(|year| {
            let due = policy.report_due(year);
            let filed = base.report(year);
            let status = match filed {
                Some(r) if r.review == Some(ReportReview::Accepted) => ReportStatus::Accepted,
                Some(r) if r.review == Some(ReportReview::Returned) && r.resubmitted.is_none() => {
                    ReportStatus::Returned
                }
                Some(r) if r.submitted <= due => ReportStatus::Submitted,
                Some(_) => ReportStatus::Late,
                None if today <= due => ReportStatus::Due,
                None => ReportStatus::Missing,
            };
            let resubmit_by = match (status, filed.and_then(|r| r.reviewed_on)) {
                (ReportStatus::Returned, Some(on)) => {
                    Some(add_days(on, policy.report_resubmit_days))
                }
                _ => None,
            };
            ReportLine {
                year,
                due,
                status,
                submitted: filed.map(|r| r.submitted),
                resubmit_by,
            }
        })
        .collect()
}

/// Compliant: every report already due was submitted on time (A15.3.1).
pub fn reports_compliant(lines: &[ReportLine], today: NaiveDate) -> bool {
    lines
        .iter()
        .filter(|l| l.due < today)
        .all(|l| l.submitted.is_some_and(|s| s <= l.due))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{base_recognised, d};

    #[test]
    fn recognised_2023_reports_on_2023_to_2025() {
        let p = Policy::default_policy();
        let b = base_recognised("2023-06-01");
        assert_eq!(report_years(&b, &p), vec![2023, 2024, 2025]);
    }

    #[test]
    fn a_removed_base_owes_nothing_due_after_its_removal() {
        let p = Policy::default_policy();
        let mut b = base_recognised("2023-06-01");
        b.status = Status::Removed;
        b.removal = Some(crate::domain::base::Removal {
            date: d("2025-03-31"),
            reason: crate::domain::codes::RemovalReason::A14_3,
            note: String::new(),
        });
        assert_eq!(report_years(&b, &p), vec![2023, 2024]);
    }

    #[test]
    fn legacy_bases_start_at_the_policy_year() {
        let p = Policy::default_policy();
        let mut b = base_recognised("2015-06-01");
        b.origin = Origin::Legacy;
        assert_eq!(report_years(&b, &p), vec![2025, 2026, 2027]);
    }

    #[test]
    fn due_on_march_31_overdue_from_april_1() {
        let p = Policy::default_policy();
        let b = base_recognised("2024-06-01");
        let on_due_day = report_lines(&b, &p, d("2025-03-31"));
        assert_eq!(on_due_day[0].status, ReportStatus::Due);
        let next_day = report_lines(&b, &p, d("2025-04-01"));
        assert_eq!(next_day[0].status, ReportStatus::Missing);
        assert!(!reports_compliant(&next_day, d("2025-04-01")));
        assert!(reports_compliant(&on_due_day, d("2025-03-31")));
    }

    #[test]
    fn submitted_on_the_due_day_is_on_time_a_day_later_is_late() {
        let p = Policy::default_policy();
        let mut b = base_recognised("2024-06-01");
        b.reports.push(crate::domain::base::AnnualReport {
            year: 2024,
            submitted: d("2025-03-31"),
            review: None,
            reviewed_on: None,
            resubmitted: None,
        });
        let lines = report_lines(&b, &p, d("2025-06-01"));
        assert_eq!(lines[0].status, ReportStatus::Submitted);
        b.reports[0].submitted = d("2025-04-01");
        let lines = report_lines(&b, &p, d("2025-06-01"));
        assert_eq!(lines[0].status, ReportStatus::Late);
        assert!(!reports_compliant(&lines, d("2025-06-01")));
    }
}
