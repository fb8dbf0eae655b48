//! The follow-ups the console knows, by base: loaded with the analysis (in the background, as
//! the findings are), then kept in step base by base as this session's and other users' changes
//! arrive. A finding finds its case without building its key, so a pass over every finding
//! (the inbox views, their counts) costs one hash lookup per finding.

use crate::domain::cases::{self, FollowUp, Inbox};
use crate::domain::findings::Finding;
use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct Cases {
    by_base: HashMap<String, Vec<FollowUp>>,
}

impl Cases {
    pub fn new(all: Vec<FollowUp>) -> Cases {
        let mut by_base: HashMap<String, Vec<FollowUp>> = HashMap::new();
        for case in all {
            by_base.entry(case.base_id.clone()).or_default().push(case);
        }
        Cases { by_base }
    }

    /// The case followed for finding `f`, if any.
    pub fn of(&self, f: &Finding) -> Option<&FollowUp> {
        self.by_base
            .get(&f.base_id)?
            .iter()
            .find(|c| f.has_key(&c.key))
    }

    /// The cases on base `id`, as stored now.
    pub fn set_base(&mut self, id: &str, now: Vec<FollowUp>) {
        if now.is_empty() {
            self.by_base.remove(id);
        } else {
            self.by_base.insert(id.to_string(), now);
        }
    }

    pub fn len(&self) -> usize {
        self.by_base.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_base.is_empty()
    }
}

/// Which of the inbox views finding `f` belongs in for user `me`, as a mask indexed like
/// [`Inbox::ALL`]: one pass gives every view's count. The rule is the command line's
/// (`jidi triage --mine`…): [`cases::in_inbox`].
pub fn views_of(
    f: &Finding,
    case: Option<&FollowUp>,
    me: &str,
    today: NaiveDate,
) -> [bool; Inbox::ALL.len()] {
    Inbox::ALL.map(|inbox| cases::in_inbox(inbox, case, f.due, me, today))
}

/// The position of `inbox` in [`Inbox::ALL`].
pub fn index_of(inbox: Inbox) -> usize {
    Inbox::ALL
        .iter()
        .position(|i| *i == inbox)
        .expect("every inbox is in ALL")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::{FindingKind, Severity};
    use crate::domain::text::Text;

    fn finding(base: &str, rule: &'static str, object: Option<&str>) -> Finding {
        Finding {
            base_id: base.into(),
            kind: FindingKind::ReportOverdue,
            rule,
            severity: Severity::High,
            due: None,
            message: Text::new("", ""),
            action: Text::new("", ""),
            object: object.map(str::to_string),
        }
    }

    #[test]
    fn a_finding_finds_its_own_case_and_no_other() {
        let report = finding("GDICB-2024-0011", "A15.3.1", Some("2025"));
        let earlier = finding("GDICB-2024-0011", "A15.3.1", Some("2024"));
        let plan = finding("GDICB-2024-0011", "A15.3.4", None);
        let elsewhere = finding("GDICB-2024-0012", "A15.3.1", Some("2025"));
        let mut cases = Cases::new(vec![
            FollowUp::new(&report.key()),
            FollowUp::new(&plan.key()),
        ]);
        assert_eq!(cases.len(), 2);
        assert_eq!(
            cases.of(&report).map(|c| c.key.as_str()),
            Some("GDICB-2024-0011/A15.3.1/2025")
        );
        assert_eq!(
            cases.of(&plan).map(|c| c.key.as_str()),
            Some("GDICB-2024-0011/A15.3.4")
        );
        assert!(cases.of(&earlier).is_none() && cases.of(&elsewhere).is_none());
        cases.set_base("GDICB-2024-0011", vec![FollowUp::new(&plan.key())]);
        assert!(
            cases.of(&report).is_none(),
            "replaced by what is stored now"
        );
        cases.set_base("GDICB-2024-0011", Vec::new());
        assert!(cases.is_empty());
    }
}
