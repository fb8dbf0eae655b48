//! Boundaries of what an application declares: the year a figure is for, parts and wholes,
//! system declarations and project years; a refusal leaves the base as it was.

use super::*;
use crate::domain::testkit::{base_applied, d, with_ctx};

const TODAY: &str = "2026-11-25";

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a8_yearly_figures_need_a_year_and_exchange_needs_none() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_applied();
        let err = set_indicators(&mut b, ctx, None, &pairs(&[("papers", "2")])).unwrap_err();
        assert_eq!(err.rule, Some("A8"));
        assert!(err.text.zh.contains("--year"), "{}", err.text.zh);
        set_indicators(&mut b, ctx, None, &pairs(&[("exchange", "是")])).unwrap();
        assert_eq!(b.indicators.exchange, Some(true));
        set_indicators(
            &mut b,
            ctx,
            Some(2024),
            &pairs(&[("papers", "2"), ("input_wan", "199.5")]),
        )
        .unwrap();
        let f = &b.indicators.years[&2024];
        assert_eq!((f.papers, f.input_yuan), (Some(2), Some(1_995_000)));
    });
}

#[test]
fn a8_the_current_year_may_be_recorded_a_later_one_may_not() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_applied();
        assert!(set_indicators(&mut b, ctx, Some(2026), &pairs(&[("events", "1")])).is_ok());
        let before = b.clone();
        assert!(set_indicators(&mut b, ctx, Some(2027), &pairs(&[("events", "1")])).is_err());
        assert!(set_indicators(&mut b, ctx, Some(1989), &pairs(&[("events", "1")])).is_err());
        assert_eq!(b, before);
    });
}

#[test]
fn a8_2_a_years_part_may_not_exceed_its_whole_and_a_refusal_keeps_the_old_values() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_applied();
        let set = |b: &mut Base, year, list: &[(&str, &str)]| {
            set_indicators(b, ctx, Some(year), &pairs(list))
        };
        set(
            &mut b,
            2024,
            &[("projects", "3"), ("cross_border_projects", "3")],
        )
        .unwrap();
        let before = b.clone();
        let err = set(&mut b, 2024, &[("cross_border_projects", "4")]).unwrap_err();
        assert_eq!(err.rule, Some("A8.2.1"));
        assert!(err.text.zh.contains("2024"), "{}", err.text.zh);
        assert_eq!(b, before);
        set(&mut b, 2025, &[("cross_border_projects", "4")]).unwrap();
        let err = set(
            &mut b,
            2025,
            &[("deal_wan", "10"), ("cross_border_deal_wan", "10.0001")],
        )
        .unwrap_err();
        assert_eq!(err.rule, Some("A8.2.2"));
        assert!(set(&mut b, 2025, &[("papers", "-1")]).is_err());
        assert!(set(&mut b, 2025, &[("nonsense", "1")]).is_err());
    });
}

#[test]
fn a8_none_clears_a_figure_and_an_emptied_year_goes() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_applied();
        set_indicators(&mut b, ctx, Some(2023), &pairs(&[("events", "2")])).unwrap();
        set_indicators(&mut b, ctx, Some(2023), &pairs(&[("events", "none")])).unwrap();
        assert!(!b.indicators.years.contains_key(&2023));
        set_indicators(&mut b, ctx, Some(2023), &pairs(&[("events", "0")])).unwrap();
        assert_eq!(
            b.indicators.years[&2023].events,
            Some(0),
            "zero is a figure"
        );
    });
}

#[test]
fn a7_3_systems_are_declared_with_their_date_or_as_absent() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_applied();
        declare_systems(&mut b, ctx, &pairs(&[("all", "2025-06-01")])).unwrap();
        assert_eq!(b.systems.len(), 7);
        declare_systems(
            &mut b,
            ctx,
            &pairs(&[("人类遗传资源", "no"), ("dispute_plan", "none")]),
        )
        .unwrap();
        assert!(!b.systems[&SystemKind::GeneticResources].present);
        assert!(!b.systems.contains_key(&SystemKind::DisputePlan));
        let before = b.clone();
        let err =
            declare_systems(&mut b, ctx, &pairs(&[("ip_ownership", "2026-11-26")])).unwrap_err();
        assert!(err.text.en.contains("after today"), "{}", err.text.en);
        let err = declare_systems(&mut b, ctx, &pairs(&[("ethics", "soon")])).unwrap_err();
        assert!(err.text.zh.contains("ethics=soon"), "{}", err.text.zh);
        let err = declare_systems(&mut b, ctx, &pairs(&[("财务制度", "2025-01-01")])).unwrap_err();
        assert!(
            err.text.zh.contains("知识产权归属"),
            "lists the choices: {}",
            err.text.zh
        );
        assert_eq!(b, before);
        declare_systems(&mut b, ctx, &pairs(&[("ip_ownership", TODAY)])).unwrap();
        assert_eq!(b.systems[&SystemKind::IpOwnership].since, Some(d(TODAY)));
    });
}

#[test]
fn prior_projects_take_a_year_or_a_span_that_has_begun() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_applied();
        let input = |name: &str, years: &str| ProjectInput {
            name: name.into(),
            level: ProjectLevel::National,
            years: years.into(),
        };
        assert_eq!(add_project(&mut b, ctx, input("甲", "2021-2023")), Ok(1));
        assert_eq!(add_project(&mut b, ctx, input("乙", "2026")), Ok(2));
        assert_eq!((b.projects[1].from, b.projects[1].to), (2026, 2026));
        for bad in ["2027", "2023-2021", "1949-1950", "今年", ""] {
            assert!(add_project(&mut b, ctx, input("丙", bad)).is_err(), "{bad}");
        }
        assert!(
            add_project(&mut b, ctx, input(" 甲", "2022")).is_err(),
            "named twice"
        );
        assert!(add_project(&mut b, ctx, input("  ", "2022")).is_err());
        assert_eq!(remove_project(&mut b, "1").unwrap().name, "甲");
        assert_eq!(remove_project(&mut b, "乙").unwrap().name, "乙");
        assert!(remove_project(&mut b, "1").is_err());
    });
}
