//! Boundaries of change filings: the new value, dates at the edge of today, the new leader's
//! particulars, and the recommender's review (A15.3.2, A6.1, A15.2.2).

use super::*;
use crate::domain::testkit::{base_applied, base_recognised, d, with_ctx};

const TODAY: &str = "2026-11-25";

fn tomorrow() -> NaiveDate {
    d("2026-11-26")
}

#[test]
fn a_change_needs_its_new_value_and_refuses_empty_or_oversized_ones() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_recognised("2024-06-01");
        let before = b.clone();
        let input = |to: Option<String>| ChangeInput {
            kind: ChangeKind::Rename,
            effective: d(TODAY),
            filed_province: None,
            filed_recommender: None,
            to,
            leader: NewLeader::default(),
        };
        assert!(file_change(&mut b, ctx, input(None)).is_err());
        let err = file_change(&mut b, ctx, input(Some("   ".into()))).unwrap_err();
        assert!(err.text.en.contains("--to"), "{:?}", err.text);
        let huge = "名".repeat(MAX_NAME + 1);
        let err = file_change(&mut b, ctx, input(Some(huge))).unwrap_err();
        assert!(err.text.en.contains("--to"), "{:?}", err.text);
        assert_eq!(b, before);
        let longest = "名".repeat(MAX_NAME);
        assert_eq!(
            file_change(&mut b, ctx, input(Some(longest.clone()))),
            Ok(1)
        );
        assert_eq!(b.name, longest);
        assert_eq!(b.former_names, [before.name]);
    });
}

#[test]
fn a_change_filed_in_the_future_is_refused_and_an_application_files_none() {
    with_ctx(TODAY, |ctx| {
        let input = |filed| ChangeInput {
            kind: ChangeKind::Other,
            effective: d("2026-11-01"),
            filed_province: Some(filed),
            filed_recommender: None,
            to: None,
            leader: NewLeader::default(),
        };
        let mut b = base_recognised("2024-06-01");
        assert!(file_change(&mut b, ctx, input(tomorrow())).is_err());
        assert!(b.changes.is_empty());
        assert_eq!(file_change(&mut b, ctx, input(d(TODAY))), Ok(1));
        let mut app = base_applied();
        let err = file_change(&mut app, ctx, input(d(TODAY))).unwrap_err();
        assert_eq!(err.rule, Some("A15.3.2"));
    });
}

#[test]
fn the_recommender_cannot_review_a_change_not_filed_to_it() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_recognised("2024-06-01");
        let n = file_change(
            &mut b,
            ctx,
            ChangeInput {
                kind: ChangeKind::Other,
                effective: d("2026-11-01"),
                filed_province: Some(d("2026-11-02")),
                filed_recommender: None,
                to: None,
                leader: NewLeader::default(),
            },
        )
        .unwrap();
        let err = review_change(&mut b, n, Review::Approved).unwrap_err();
        assert_eq!(err.rule, Some("A15.2.2"));
        assert!(review_change(&mut b, n, Review::Pending).is_err());
        assert!(review_change(&mut b, n + 1, Review::Approved).is_err());
        record_change_filed(&mut b, ctx, n, None, Some(d(TODAY))).unwrap();
        review_change(&mut b, n, Review::Approved).unwrap();
        assert_eq!(b.changes[0].review, Review::Approved);
    });
}

#[test]
fn a6_1_a_leader_change_carries_the_new_leaders_particulars_never_the_old_ones() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_recognised("2024-06-01");
        let leader_change = |leader: NewLeader| ChangeInput {
            kind: ChangeKind::Leader,
            effective: d("2026-11-01"),
            filed_province: None,
            filed_recommender: None,
            to: Some("周海川".into()),
            leader,
        };
        assert_eq!(b.leader.qualification, Qualification::Phd);
        file_change(&mut b, ctx, leader_change(NewLeader::default())).unwrap();
        let l = &b.leader;
        assert_eq!(
            (l.name.as_str(), l.qualification, l.qualified_on),
            ("周海川", Qualification::None, None)
        );
        assert_eq!(
            (l.identity, l.employed_by_host, l.dual_identity),
            (Identity::Domestic, true, false)
        );
        let before = b.clone();
        let half = NewLeader {
            qualification: Some(Qualification::SeniorTitle),
            ..NewLeader::default()
        };
        assert_eq!(
            file_change(&mut b, ctx, leader_change(half))
                .unwrap_err()
                .rule,
            Some("A6.1")
        );
        let date_only = NewLeader {
            qualified_on: Some(d("2020-01-01")),
            ..NewLeader::default()
        };
        assert!(file_change(&mut b, ctx, leader_change(date_only)).is_err());
        let future = NewLeader {
            qualification: Some(Qualification::Phd),
            qualified_on: Some(d("2026-11-26")),
            ..NewLeader::default()
        };
        assert!(file_change(&mut b, ctx, leader_change(future)).is_err());
        assert_eq!(b, before, "refusals change nothing");
        let full = NewLeader {
            qualification: Some(Qualification::Phd),
            qualified_on: Some(d(TODAY)),
            identity: Some(Identity::HkMacauTaiwan),
            dual_identity: false,
            employed: Some(false),
        };
        // The same person again is no change (A15.3.2); a successor with full particulars is.
        let again = file_change(&mut b, ctx, leader_change(full.clone())).unwrap_err();
        assert_eq!(again.rule, Some("A15.3.2"));
        assert!(again.text.zh.contains("jidi edit"), "{}", again.text.zh);
        let successor = ChangeInput {
            to: Some("林若溪".into()),
            ..leader_change(full)
        };
        assert_eq!(file_change(&mut b, ctx, successor), Ok(2));
        assert_eq!(b.leader.name, "林若溪");
        assert_eq!(b.leader.identity, Identity::HkMacauTaiwan);
        assert!(!b.leader.employed_by_host);
        assert_eq!(b.changes[1].old_value, "周海川");
    });
}

#[test]
fn a15_2_2_filing_again_after_a_return_awaits_a_new_review() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_recognised("2024-06-01");
        let n = file_change(
            &mut b,
            ctx,
            ChangeInput {
                kind: ChangeKind::Other,
                effective: d("2026-11-01"),
                filed_province: Some(d("2026-11-02")),
                filed_recommender: Some(d("2026-11-02")),
                to: None,
                leader: NewLeader::default(),
            },
        )
        .unwrap();
        review_change(&mut b, n, Review::Returned).unwrap();
        record_change_filed(&mut b, ctx, n, Some(d("2026-11-20")), None).unwrap();
        assert_eq!(
            b.changes[0].review,
            Review::Returned,
            "the department is not the recommender"
        );
        record_change_filed(&mut b, ctx, n, None, Some(d("2026-11-20"))).unwrap();
        assert_eq!(b.changes[0].review, Review::Pending);
    });
}
