use super::*;
use crate::domain::base::{Figures, Partner, PriorProject, SystemDeclaration};
use crate::domain::codes::{AgreementKind, HostKind};
use crate::domain::testkit::{base_applied, d};

/// The 2026 call: its window is 2023–2025.
const CALL: &str = "2026-04-10";

fn lines_of(b: &Base) -> Vec<CheckLine> {
    check(b, &Policy::default_policy(), d(CALL))
}

fn line<'a>(lines: &'a [CheckLine], rule: &str) -> &'a CheckLine {
    lines
        .iter()
        .find(|l| l.rule == rule)
        .unwrap_or_else(|| panic!("no line {rule}"))
}

fn partner(code: Option<&str>, signed: &str, until: &str) -> Partner {
    Partner {
        name: "Nordwind Institut".into(),
        country: code.unwrap_or("奥瑞利亚").into(),
        country_code: code.map(str::to_string),
        kind: AgreementKind::Agreement,
        signed: d(signed),
        valid_until: d(until),
        ended: None,
    }
}

/// Sets a figure in each of `years`.
fn each_year(b: &mut Base, years: &[i32], set: impl Fn(&mut Figures)) {
    for y in years {
        set(b.indicators.years.entry(*y).or_default());
    }
}

#[test]
fn a5_1_needs_legal_person() {
    let mut b = base_applied();
    assert!(line(&lines_of(&b), "A5.1").pass);
    b.host.legal_person = false;
    assert!(!line(&lines_of(&b), "A5.1").pass);
}

#[test]
fn a5_2_foreign_agreement_signed_by_the_call_valid_three_years() {
    let mut b = base_applied();
    b.partners = vec![partner(Some("DE"), CALL, "2029-04-10")];
    assert!(
        line(&lines_of(&b), "A5.2").pass,
        "signed on the call day, exactly 3 years"
    );
    b.partners = vec![partner(Some("DE"), "2026-04-11", "2030-01-01")];
    assert!(!line(&lines_of(&b), "A5.2").pass, "signed after the call");
    b.partners = vec![partner(Some("DE"), CALL, "2029-04-09")];
    assert!(
        !line(&lines_of(&b), "A5.2").pass,
        "one day short of 3 years"
    );
    b.partners = vec![partner(Some("HK"), "2025-01-01", "2030-01-01")];
    assert!(!line(&lines_of(&b), "A5.2").pass, "港澳 does not count");
}

#[test]
fn a5_2_a_partner_whose_stored_country_is_unknown_is_not_counted_and_is_named() {
    let mut b = base_applied();
    b.partners = vec![partner(None, "2025-01-01", "2030-01-01")];
    let lines = lines_of(&b);
    let l = line(&lines, "A5.2");
    assert!(!l.pass);
    assert_eq!(l.value.zh, "0（另有 1 个合作方国别无法识别，未计入）");
}

#[test]
fn a6_1_title_must_predate_the_call() {
    let mut b = base_applied();
    b.leader.qualified_on = Some(d("2026-04-09"));
    assert!(line(&lines_of(&b), "A6.1").pass);
    b.leader.qualified_on = Some(d(CALL));
    assert!(
        !line(&lines_of(&b), "A6.1").pass,
        "on the call day is not before it"
    );
    b.leader.qualification = Qualification::None;
    assert!(!line(&lines_of(&b), "A6.1").pass);
}

#[test]
fn a6_1_a_senior_enterprise_role_qualifies_only_at_an_enterprise_host() {
    let mut b = base_applied();
    b.leader.qualification = Qualification::EnterpriseSenior;
    b.host.kind = HostKind::Enterprise;
    assert!(line(&lines_of(&b), "A6.1").pass);
    b.host.kind = HostKind::University;
    let lines = lines_of(&b);
    let l = line(&lines, "A6.1");
    assert!(!l.pass);
    assert!(l.value.zh.contains("不是企业"), "{}", l.value.zh);
    b.leader.qualification = Qualification::SeniorTitle;
    assert!(
        line(&lines_of(&b), "A6.1").pass,
        "a senior title does anywhere"
    );
}

#[test]
fn a6_1_leader_employed_and_a6_3_no_dual_identity() {
    let mut b = base_applied();
    b.leader.employed_by_host = false;
    b.leader.dual_identity = true;
    let lines = lines_of(&b);
    assert!(!lines.iter().filter(|l| l.rule == "A6.1").all(|l| l.pass));
    assert!(!line(&lines, "A6.3").pass);
}

#[test]
fn a7_3_one_line_per_system_each_declared_in_place() {
    let mut b = base_applied();
    let a73 = |b: &Base| -> Vec<bool> {
        lines_of(b)
            .iter()
            .filter(|l| l.rule == "A7.3")
            .map(|l| l.pass)
            .collect()
    };
    assert_eq!(a73(&b), vec![false; 7], "nothing declared");
    for kind in SystemKind::all() {
        b.systems.insert(
            *kind,
            SystemDeclaration {
                present: true,
                since: Some(d("2025-06-01")),
            },
        );
    }
    assert_eq!(a73(&b), vec![true; 7]);
    b.systems.insert(
        SystemKind::GeneticResources,
        SystemDeclaration {
            present: false,
            since: None,
        },
    );
    let lines = lines_of(&b);
    let failing: Vec<&CheckLine> = lines
        .iter()
        .filter(|l| l.rule == "A7.3" && !l.pass)
        .collect();
    assert_eq!(failing.len(), 1);
    assert!(failing[0].label.zh.contains("人类遗传资源"));
    assert_eq!(failing[0].value.zh, "未建立");
}

#[test]
fn a8_1_prior_projects_fail_a8_3_only_warns() {
    let mut b = base_applied();
    let l = lines_of(&b);
    assert!(
        line(&l, "A8.1").fails(),
        "joint research without a project fails"
    );
    b.projects.push(PriorProject {
        name: "中德海洋材料合作".into(),
        level: ProjectLevel::Provincial,
        from: 2021,
        to: 2023,
    });
    let l = lines_of(&b);
    assert!(line(&l, "A8.1").pass);
    assert_eq!(line(&l, "A8.1").value.zh, "1 项（省级 1）");
    b.projects[0].level = ProjectLevel::Ministerial;
    let l = lines_of(&b);
    assert!(
        !line(&l, "A8.1").pass,
        "A8.1 names 国家级 or 省级, not a ministry's"
    );
    assert_eq!(line(&l, "A8.1").value.zh, "0 项（省部级 1，不计入）");

    let mut f = base_applied();
    f.category = Category::Featured;
    let l = lines_of(&f);
    let a83 = line(&l, "A8.3");
    assert!(
        !a83.pass && a83.advisory && !a83.fails(),
        "原则上: a warning"
    );
    f.projects = b.projects.clone();
    assert!(line(&lines_of(&f), "A8.3").pass, "A8.3 names 省部级");

    let mut t = base_applied();
    t.category = Category::TechTransfer;
    assert!(
        lines_of(&t)
            .iter()
            .all(|l| l.rule != "A8.1" && l.rule != "A8.3")
    );
}

#[test]
fn eligible_ignores_advisory_lines_only() {
    let mut l = CheckLine::new(
        "A8.3",
        text!("x", "x"),
        text!("x", "x"),
        text!("x", "x"),
        false,
    );
    l.advisory = true;
    assert!(eligible(std::slice::from_ref(&l)));
    l.advisory = false;
    assert!(!eligible(&[l]));
}

#[test]
fn a8_window_is_the_three_years_before_the_call_and_follows_lookback_years() {
    let mut p = Policy::default_policy();
    assert_eq!(window_years(&p, d(CALL)), vec![2023, 2024, 2025]);
    assert_eq!(window_years(&p, d("2027-01-01")), vec![2024, 2025, 2026]);
    p.lookback_years = 2;
    assert_eq!(window_years(&p, d(CALL)), vec![2024, 2025]);
}

#[test]
fn a8_1_1_input_summed_over_the_window_600_wan_passes_599_96_fails() {
    let mut b = base_applied();
    b.indicators.years.entry(2023).or_default().input_yuan = Some(2_000_000);
    b.indicators.years.entry(2024).or_default().input_yuan = Some(2_500_000);
    b.indicators.years.entry(2025).or_default().input_yuan = Some(1_500_000);
    b.indicators.years.entry(2022).or_default().input_yuan = Some(9_000_000);
    let lines = lines_of(&b);
    let l = line(&lines, "A8.1.1");
    assert!(l.pass, "exactly 600万 over 2023–2025; 2022 is outside");
    assert_eq!(l.value.zh, "600万元");
    assert_eq!(l.years, vec![2023, 2024, 2025]);
    assert_eq!(l.years_text().zh, "2023–2025");
    b.indicators.years.get_mut(&2025).unwrap().input_yuan = Some(1_499_600);
    let lines = lines_of(&b);
    let l = line(&lines, "A8.1.1");
    assert!(!l.pass);
    assert_eq!(l.value.zh, "599.96万元", "never rounds up to 600");
}

#[test]
fn a8_a_missing_year_fails_the_line_and_is_named() {
    let mut b = base_applied();
    each_year(&mut b, &[2023, 2025], |f| f.papers = Some(5));
    let lines = lines_of(&b);
    let l = line(&lines, "A8.1.4");
    assert!(!l.pass, "10 papers in two years, but 2024 is missing");
    assert_eq!(l.missing, vec![2024]);
    assert_eq!(l.value.zh, "缺 2024 年数据");
    assert_eq!(l.years_text().zh, "2023–2025（缺 2024）");
    assert_eq!(l.years_text().en, "2023–2025 (2024 missing)");
    b.indicators.years.entry(2024).or_default().papers = Some(0);
    assert!(
        line(&lines_of(&b), "A8.1.4").pass,
        "a recorded zero is a figure"
    );
    let empty = base_applied();
    assert_eq!(line(&lines_of(&empty), "A8.1.4").value.zh, "未填写");
}

#[test]
fn a8_old_single_totals_are_year_unknown_and_fail() {
    let mut b = base_applied();
    b.indicators.undated = Some(Figures {
        input_yuan: Some(6_500_000),
        ..Figures::default()
    });
    let lines = lines_of(&b);
    let l = line(&lines, "A8.1.1");
    assert!(!l.pass);
    assert!(l.value.zh.contains("年度未知"), "{}", l.value.zh);
    assert!(l.value.zh.contains("650万元"), "{}", l.value.zh);
    assert!(l.value.en.contains("year unknown"), "{}", l.value.en);
    each_year(&mut b, &[2023, 2024, 2025], |f| {
        f.input_yuan = Some(2_000_000)
    });
    assert!(
        line(&lines_of(&b), "A8.1.1").pass,
        "recorded by year, it counts"
    );
}

#[test]
fn a8_1_2_to_5_counts_at_their_minimums() {
    let mut b = base_applied();
    b.indicators.exchange = Some(true);
    each_year(&mut b, &[2023, 2024, 2025], |f| {
        f.trained = Some(0);
        f.papers = Some(0);
        f.patents = Some(0);
        f.transfers = Some(0);
    });
    let f = b.indicators.years.get_mut(&2024).unwrap();
    f.trained = Some(1);
    f.papers = Some(2);
    f.patents = Some(1);
    f.transfers = Some(1);
    let lines = lines_of(&b);
    for rule in ["A8.1.2", "A8.1.3", "A8.1.4", "A8.1.5"] {
        assert!(
            lines.iter().filter(|l| l.rule == rule).all(|l| l.pass),
            "{rule}"
        );
    }
    b.indicators.exchange = Some(false);
    let f = b.indicators.years.get_mut(&2024).unwrap();
    f.trained = Some(0);
    f.papers = Some(1);
    f.transfers = Some(0);
    let lines = lines_of(&b);
    for rule in ["A8.1.2", "A8.1.3", "A8.1.4", "A8.1.5"] {
        assert!(
            !lines.iter().filter(|l| l.rule == rule).all(|l| l.pass),
            "{rule}"
        );
    }
}

#[test]
fn a8_1_6_rd_intensity_averaged_only_for_enterprises() {
    let mut b = base_applied();
    b.host.kind = HostKind::University;
    assert!(lines_of(&b).iter().all(|l| l.rule != "A8.1.6"));
    b.host.kind = HostKind::Enterprise;
    let set = |b: &mut Base, values: [i64; 3]| {
        for (y, v) in [2023, 2024, 2025].into_iter().zip(values) {
            b.indicators.years.entry(y).or_default().rd_intensity = Some(v);
        }
    };
    set(&mut b, [30_000, 40_000, 35_000]);
    let lines = lines_of(&b);
    let l = line(&lines, "A8.1.6");
    assert!(l.pass, "3.0, 4.0, 3.5 average exactly 3.5%");
    assert_eq!(l.value.zh, "平均 3.5%");
    set(&mut b, [30_000, 40_000, 34_999]);
    let lines = lines_of(&b);
    let l = line(&lines, "A8.1.6");
    assert!(!l.pass, "one ten-thousandth short");
    assert_eq!(l.value.zh, "平均 3.4999%", "shown rounded down");
    b.indicators.years.remove(&2023);
    assert_eq!(line(&lines_of(&b), "A8.1.6").missing, vec![2023]);
}

#[test]
fn a8_2_projects_and_cross_border_shares_over_the_window() {
    let mut b = base_applied();
    b.category = Category::TechTransfer;
    let set = |b: &mut Base, year: i32, projects, cross, deal, cross_deal| {
        let f = b.indicators.years.entry(year).or_default();
        f.projects = Some(projects);
        f.cross_border_projects = Some(cross);
        f.deal_yuan = Some(deal);
        f.cross_border_deal_yuan = Some(cross_deal);
    };
    set(&mut b, 2023, 4, 1, 2_000_000, 400_000);
    set(&mut b, 2024, 3, 0, 1_500_000, 300_000);
    set(&mut b, 2025, 3, 1, 1_500_000, 300_000);
    let lines = lines_of(&b);
    assert!(
        lines
            .iter()
            .filter(|l| l.rule.starts_with("A8.2"))
            .all(|l| l.pass),
        "10 projects, 2 of them cross-border = 20%; 500万, 100万 of it = 20%"
    );
    set(&mut b, 2025, 2, 1, 1_500_000, 299_999);
    let lines = lines_of(&b);
    let a821: Vec<bool> = lines
        .iter()
        .filter(|l| l.rule == "A8.2.1")
        .map(|l| l.pass)
        .collect();
    assert_eq!(a821, vec![false, true], "9 projects fail; 2 of 9 is 22%");
    let a822: Vec<bool> = lines
        .iter()
        .filter(|l| l.rule == "A8.2.2")
        .map(|l| l.pass)
        .collect();
    assert_eq!(a822, vec![true, false]);
    b.indicators.years.get_mut(&2024).unwrap().deal_yuan = None;
    let lines = lines_of(&b);
    let share = lines.iter().filter(|l| l.rule == "A8.2.2").nth(1).unwrap();
    assert_eq!(
        share.missing,
        vec![2024],
        "a share needs its whole for every year"
    );
}

#[test]
fn a8_3_events_and_reports() {
    let mut b = base_applied();
    b.category = Category::Featured;
    each_year(&mut b, &[2023, 2024, 2025], |f| {
        f.events = Some(0);
        f.reports = Some(0);
    });
    b.indicators.years.get_mut(&2023).unwrap().events = Some(2);
    b.indicators.years.get_mut(&2025).unwrap().reports = Some(1);
    assert!(
        lines_of(&b)
            .iter()
            .filter(|l| l.rule.starts_with("A8.3."))
            .all(|l| l.pass)
    );
    b.indicators.years.get_mut(&2023).unwrap().events = Some(1);
    b.indicators.years.get_mut(&2025).unwrap().reports = Some(0);
    assert!(
        lines_of(&b)
            .iter()
            .filter(|l| l.rule.starts_with("A8.3."))
            .all(|l| !l.pass)
    );
}
