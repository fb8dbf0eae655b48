use super::*;

#[test]
fn embedded_policy_has_domain_defaults() {
    let p = Policy::default_policy();
    assert_eq!(p.cities.len(), 21);
    assert_eq!(p.rectification_months, 12);
    assert_eq!(p.ban_years, 5);
    assert_eq!(p.ban_scope, BanScope::Host);
    assert_eq!(p.report_count, 3);
    assert_eq!(
        p.report_due(2025),
        NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
    );
    assert_eq!(p.report_warn_days, 30);
    assert_eq!(p.change_filing_window_days, 30);
    assert_eq!(p.partner_expiry_warn_days, 90);
    assert_eq!(p.joint_research.input_yuan, 6_000_000);
    assert_eq!(p.joint_research.rd_intensity, 35_000);
    assert_eq!(p.tech_transfer.deal_yuan, 5_000_000);
    assert_eq!(p.timezone, chrono_tz::Asia::Shanghai);
    assert_eq!(p.legacy_first_report_year, 2025);
}

#[test]
fn cities_are_found_by_name_suffix_pinyin_and_code() {
    let p = Policy::default_policy();
    for input in [
        "广州",
        "广州市",
        "guangzhou",
        "GuangZhou",
        "440100",
        " 广州 ",
    ] {
        assert_eq!(
            p.city(input).map(|c| c.code.as_str()),
            Some("440100"),
            "{input}"
        );
    }
    assert_eq!(p.city("韶关").unwrap().group, RegionGroup::North);
    assert!(p.city("北京").is_none());
    let err = p.city_or_refuse("北京").unwrap_err();
    assert!(err.text.zh.contains("北京"));
}

#[test]
fn user_file_overrides_only_its_keys_and_adds_cities() {
    let user = r#"
[reports]
warn_days = 45

[[cities]]
code = "441523"
name = "深汕特别合作区"
pinyin = "shenshan"
group = "east"
recommender = "深汕特别合作区科技局"
"#;
    let p = Policy::load(Some(("my.toml", user))).unwrap();
    assert_eq!(p.report_warn_days, 45);
    assert_eq!(p.report_count, 3);
    assert_eq!(p.cities.len(), 22);
    assert_eq!(p.city("深汕特别合作区").unwrap().group, RegionGroup::East);
}

#[test]
fn bad_policy_names_file_line_key_and_reason() {
    let err = Policy::load(Some(("my.toml", "[reports]\n\nwarn_days = \"soon\"\n"))).unwrap_err();
    assert_eq!(err.file, "my.toml");
    assert_eq!(err.key.as_deref(), Some("reports.warn_days"));
    assert_eq!(err.line, Some(3));
    assert!(err.reason.contains("invalid type"), "{}", err.reason);

    let err = Policy::load(Some(("my.toml", "[reports]\nwarn_dayz = 3\n"))).unwrap_err();
    assert!(err.reason.contains("warn_dayz"), "{err}");

    let err = Policy::load(Some(("my.toml", "[general]\ntimezone = \"Mars/Base\"\n"))).unwrap_err();
    assert_eq!(err.key.as_deref(), Some("general.timezone"));
    assert_eq!(err.line, Some(2));

    let err = Policy::load(Some(("my.toml", "[reports]\ndue = \"02-30\"\n"))).unwrap_err();
    assert_eq!(err.key.as_deref(), Some("reports.due"));

    let err = Policy::load(Some(("my.toml", "[reports\n"))).unwrap_err();
    assert_eq!(err.line, Some(1));
}

#[test]
fn a16_the_regulation_runs_five_years_to_the_day_before() {
    let p = Policy::default_policy();
    assert_eq!(
        p.effective_date,
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
    );
    assert_eq!(
        p.regulation_last_day(),
        NaiveDate::from_ymd_opt(2029, 12, 31).unwrap()
    );
}

#[test]
fn countries_merge_by_code_and_cities_are_mainland_places() {
    let user = r#"
[[countries]]
code = "DE"
zh = "德国"
en = "Germany"
aliases = ["BRD"]

[[cities]]
code = "441523"
name = "深汕特别合作区"
pinyin = "shenshan"
group = "east"
recommender = "深汕特别合作区科技局"
"#;
    let p = Policy::load(Some(("my.toml", user))).unwrap();
    assert_eq!(p.countries.all().len(), 249, "DE replaced, not added");
    let de = p.countries.resolve_or_refuse("--country", "BRD").unwrap();
    assert_eq!(de.code, "DE");
    let err = p
        .countries
        .resolve_or_refuse("--country", "深汕特别合作区")
        .unwrap_err();
    assert!(err.text.zh.contains("内地"), "{}", err.text.zh);
    let err = Policy::load(Some(("my.toml", "[eligibility]\nlookback_years = 0\n"))).unwrap_err();
    assert_eq!(err.key.as_deref(), Some("eligibility.lookback_years"));
    let err = Policy::load(Some((
        "my.toml",
        "[[countries]]\ncode = \"ZZ\"\nzh = \"德国\"\nen = \"Zedland\"\n",
    )))
    .unwrap_err();
    assert!(
        err.reason.contains("DE") && err.reason.contains("ZZ"),
        "{err}"
    );
}
