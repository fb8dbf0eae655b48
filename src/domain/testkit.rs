//! Builders for the unit tests of the rules.

use super::base::{
    Base, HostUnit, Indicators, Leader, Partner, PriorProject, Recognition, SystemDeclaration,
};
use super::codes::{
    AgreementKind, Category, Code, HostKind, Identity, Origin, ProjectLevel, Qualification, Status,
    SystemKind,
};
use super::lifecycle::Ctx;
use super::policy::Policy;
use chrono::NaiveDate;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Runs `f` with the shipped policy, judging on `today`.
pub fn with_ctx<T>(today: &str, f: impl FnOnce(&Ctx) -> T) -> T {
    let policy = Policy::default_policy();
    let ctx = Ctx {
        policy: &policy,
        today: d(today),
    };
    f(&ctx)
}

/// A clean application: qualified leader, one long foreign agreement, nothing to report.
pub fn base_applied() -> Base {
    Base {
        id: "GDICB-2026-0001".into(),
        name: "岭海智能材料联合研究中心".into(),
        former_names: Vec::new(),
        category: Category::JointResearch,
        host: HostUnit {
            name: "岭海材料科学研究院".into(),
            kind: HostKind::Institute,
            legal_person: true,
        },
        city: "guangzhou".into(),
        recommender: "广州市科学技术局".into(),
        leader: Leader {
            name: "林晓岚".into(),
            qualification: Qualification::Phd,
            qualified_on: Some(d("2012-07-01")),
            identity: Identity::Domestic,
            dual_identity: false,
            employed_by_host: true,
        },
        partners: vec![Partner {
            name: "Nordwind Institut".into(),
            country: "德国".into(),
            country_code: Some("DE".into()),
            kind: AgreementKind::Agreement,
            signed: d("2024-01-10"),
            valid_until: d("2034-01-09"),
            ended: None,
        }],
        fields: vec!["新材料".into()],
        focus_countries: vec!["德国".into()],
        origin: Origin::New,
        applied_on: d("2026-05-01"),
        recognition: None,
        status: Status::Applied,
        status_since: d("2026-05-01"),
        removal: None,
        rectification_deadline: None,
        risk_plan: Some(d("2026-04-01")),
        reports: Vec::new(),
        rounds: Vec::new(),
        changes: Vec::new(),
        risks: Vec::new(),
        indicators: Indicators::default(),
        systems: Default::default(),
        projects: Vec::new(),
    }
}

/// Fills what a joint-research application of 2026 needs to meet every A7.3 and A8 line: the
/// seven systems, a prior project and the 2023–2025 figures at their minimums.
pub fn make_eligible(b: &mut Base) {
    for kind in SystemKind::all() {
        b.systems.insert(
            *kind,
            SystemDeclaration {
                present: true,
                since: Some(d("2025-01-01")),
            },
        );
    }
    b.projects.push(PriorProject {
        name: "中德海洋材料联合研发".into(),
        level: ProjectLevel::National,
        from: 2021,
        to: 2023,
    });
    b.indicators.exchange = Some(true);
    for year in [2023, 2024, 2025] {
        let f = b.indicators.years.entry(year).or_default();
        f.input_yuan = Some(2_000_000);
        f.trained = Some(1);
        f.papers = Some(1);
        f.patents = Some(1);
        f.transfers = Some(1);
    }
}

/// A base recognised on `date`, with its risk plan on file.
pub fn base_recognised(date: &str) -> Base {
    let mut b = base_applied();
    b.applied_on = d("2020-01-01");
    b.recognition = Some(Recognition {
        date: d(date),
        doc_no: "粤科合字〔2023〕1号".into(),
    });
    b.status = Status::Recognised;
    b.status_since = d(date);
    b.risk_plan = Some(d(date));
    b
}
