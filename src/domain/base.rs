//! The base record (省级国合基地) and the records it carries: partners, annual reports, evaluation
//! rounds, change filings, security-risk notes, and what an application declares: indicators by
//! year, management systems and prior projects.

use super::codes::{
    AgreementKind, Category, ChangeKind, HostKind, Identity, Origin, Outcome, ProjectLevel,
    Qualification, RemovalReason, ReportReview, Review, RiskArea, RiskStatus, Severity, Status,
    SystemKind,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Base {
    /// Stable code such as `GDICB-2025-0001`; never reused.
    pub id: String,
    pub name: String,
    /// Names before renames; they stay searchable.
    #[serde(default)]
    pub former_names: Vec<String>,
    pub category: Category,
    pub host: HostUnit,
    /// The city's stable code (its pinyin, e.g. `guangzhou`), resolved through the policy's table.
    pub city: String,
    /// 组织推荐单位 (A9.2).
    pub recommender: String,
    pub leader: Leader,
    #[serde(default)]
    pub partners: Vec<Partner>,
    /// 技术领域
    #[serde(default)]
    pub fields: Vec<String>,
    /// 合作国别
    #[serde(default)]
    pub focus_countries: Vec<String>,
    pub origin: Origin,
    #[serde(with = "crate::domain::dates::serde_date")]
    pub applied_on: NaiveDate,
    #[serde(default)]
    pub recognition: Option<Recognition>,
    pub status: Status,
    /// When the current status began.
    #[serde(with = "crate::domain::dates::serde_date")]
    pub status_since: NaiveDate,
    #[serde(default)]
    pub removal: Option<Removal>,
    /// Set while rectifying (A15.1.3).
    #[serde(default, with = "crate::domain::dates::serde_opt_date")]
    pub rectification_deadline: Option<NaiveDate>,
    /// 科技安全风险应对预案 (A7.3, A15.3.4): the date it was filed, if present.
    #[serde(default, with = "crate::domain::dates::serde_opt_date")]
    pub risk_plan: Option<NaiveDate>,
    #[serde(default)]
    pub reports: Vec<AnnualReport>,
    #[serde(default)]
    pub rounds: Vec<EvaluationRound>,
    #[serde(default)]
    pub changes: Vec<ChangeFiling>,
    #[serde(default)]
    pub risks: Vec<RiskNote>,
    #[serde(default)]
    pub indicators: Indicators,
    /// 管理制度 (A7.3) as declared: a system not in the map was not declared either way.
    #[serde(default)]
    pub systems: BTreeMap<SystemKind, SystemDeclaration>,
    /// 承担过的国际科技创新合作项目 (A8.1, A8.3).
    #[serde(default)]
    pub projects: Vec<PriorProject>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HostUnit {
    pub name: String,
    pub kind: HostKind,
    /// 独立法人资格 (A5.1)
    pub legal_person: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Leader {
    pub name: String,
    pub qualification: Qualification,
    /// When the qualification was obtained (A6.1: before the call's publication).
    #[serde(default, with = "crate::domain::dates::serde_opt_date")]
    pub qualified_on: Option<NaiveDate>,
    pub identity: Identity,
    /// Declared both a domestic and an overseas identity (forbidden, A6.3).
    #[serde(default)]
    pub dual_identity: bool,
    /// 依托建设单位的在职人员 (A6.1)
    pub employed_by_host: bool,
}

impl Leader {
    /// Holds a title that qualifies under A6.1 at a host of `kind`: a senior enterprise role
    /// counts only where the host is an enterprise (在企业担任高级职务).
    pub fn title_qualifies(&self, kind: HostKind) -> bool {
        match self.qualification {
            Qualification::Phd | Qualification::SeniorTitle => true,
            Qualification::EnterpriseSenior => kind == HostKind::Enterprise,
            Qualification::None => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub name: String,
    /// The country or region as it was written (kept; the code decides).
    pub country: String,
    /// ISO 3166 alpha-2 code from the policy's country table. `None` only for a name stored
    /// before countries had codes that no entry matched: kept, reported, never counted as foreign.
    #[serde(default)]
    pub country_code: Option<String>,
    pub kind: AgreementKind,
    #[serde(with = "crate::domain::dates::serde_date")]
    pub signed: NaiveDate,
    #[serde(with = "crate::domain::dates::serde_date")]
    pub valid_until: NaiveDate,
    /// The agreement was terminated early on this date.
    #[serde(default, with = "crate::domain::dates::serde_opt_date")]
    pub ended: Option<NaiveDate>,
}

impl Partner {
    /// In force on `date`: signed, not ended, not expired.
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.signed <= date && self.valid_until >= date && self.ended.is_none_or(|end| end > date)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recognition {
    #[serde(with = "crate::domain::dates::serde_date")]
    pub date: NaiveDate,
    /// 认定文号
    pub doc_no: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Removal {
    #[serde(with = "crate::domain::dates::serde_date")]
    pub date: NaiveDate,
    pub reason: RemovalReason,
    #[serde(default)]
    pub note: String,
}

/// A report the base filed (or that was reviewed). Obligations without a record are derived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnualReport {
    pub year: i32,
    /// First submission; timeliness is judged by it.
    #[serde(with = "crate::domain::dates::serde_date")]
    pub submitted: NaiveDate,
    #[serde(default)]
    pub review: Option<ReportReview>,
    #[serde(default, with = "crate::domain::dates::serde_opt_date")]
    pub reviewed_on: Option<NaiveDate>,
    /// Resubmission after a return for revision.
    #[serde(default, with = "crate::domain::dates::serde_opt_date")]
    pub resubmitted: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvaluationRound {
    /// Name of the round, e.g. `2026年度绩效评估`.
    pub round: String,
    #[serde(with = "crate::domain::dates::serde_date")]
    pub date: NaiveDate,
    pub outcome: Outcome,
    /// 0–100, besides the grade.
    #[serde(default)]
    pub score: Option<u8>,
    /// 复评 at the end of a rectification period (A14.1).
    #[serde(default)]
    pub re_evaluation: bool,
    /// For an absence or a withdrawal: the justification a person accepted (A14.2 removes only
    /// bases absent "without cause"), with the day it was recorded.
    #[serde(default)]
    pub excused: Option<Excuse>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Excuse {
    #[serde(with = "crate::domain::dates::serde_date")]
    pub on: NaiveDate,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeFiling {
    /// Number within the base, from 1.
    pub n: u32,
    pub kind: ChangeKind,
    #[serde(with = "crate::domain::dates::serde_date")]
    pub effective: NaiveDate,
    #[serde(default)]
    pub old_value: String,
    #[serde(default)]
    pub new_value: String,
    #[serde(default, with = "crate::domain::dates::serde_opt_date")]
    pub filed_province: Option<NaiveDate>,
    #[serde(default, with = "crate::domain::dates::serde_opt_date")]
    pub filed_recommender: Option<NaiveDate>,
    pub review: Review,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskNote {
    /// Number within the base, from 1.
    pub n: u32,
    pub area: RiskArea,
    pub severity: Severity,
    pub status: RiskStatus,
    /// Confidential (A15.3.4): only the security role will see it once roles exist.
    pub description: String,
    #[serde(default)]
    pub mitigation: String,
    #[serde(with = "crate::domain::dates::serde_date")]
    pub opened: NaiveDate,
    #[serde(default, with = "crate::domain::dates::serde_opt_date")]
    pub closed: Option<NaiveDate>,
}

/// An application's A8 indicators. The quantitative ones are recorded per calendar year, so a
/// check can sum (or average) the years of its window (A8: 前三年) and name a missing year.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Indicators {
    /// A8.1(2) a regular exchange mechanism: a standing arrangement, not a yearly figure.
    pub exchange: Option<bool>,
    /// Figures by year.
    pub years: BTreeMap<i32, Figures>,
    /// Totals recorded before figures were kept by year (schema 3 and earlier): their years are
    /// unknown, so they never satisfy a window.
    pub undated: Option<Figures>,
}

/// One year's A8 figures (or, for `undated`, old totals). `None` means not recorded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Figures {
    /// A8.1(1) input, 元
    pub input_yuan: Option<i64>,
    /// A8.1(3)
    pub trained: Option<u32>,
    /// A8.1(4)
    pub papers: Option<u32>,
    /// A8.1(4)
    pub patents: Option<u32>,
    /// A8.1(5)
    pub transfers: Option<u32>,
    /// A8.1(6) R&D intensity, ten-thousandths of a percent
    pub rd_intensity: Option<i64>,
    /// A8.2(1)
    pub projects: Option<u32>,
    pub cross_border_projects: Option<u32>,
    /// A8.2(2) 元
    pub deal_yuan: Option<i64>,
    pub cross_border_deal_yuan: Option<i64>,
    /// A8.3(1)
    pub events: Option<u32>,
    /// A8.3(2)
    pub reports: Option<u32>,
}

impl Figures {
    pub fn is_empty(&self) -> bool {
        *self == Figures::default()
    }
}

/// A management system's declaration (A7.3): present since a date, or declared absent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SystemDeclaration {
    pub present: bool,
    /// When it was adopted, for a present system.
    #[serde(default, with = "crate::domain::dates::serde_opt_date")]
    pub since: Option<NaiveDate>,
}

/// An international S&T cooperation project the host has undertaken (A8.1, A8.3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PriorProject {
    pub name: String,
    pub level: ProjectLevel,
    /// First and last year of the project.
    pub from: i32,
    pub to: i32,
}

impl Base {
    /// The most recent evaluation outcome by date, `Outcome::None` if never evaluated.
    pub fn last_outcome(&self) -> Outcome {
        self.last_round().map_or(Outcome::None, |r| r.outcome)
    }

    pub fn last_round(&self) -> Option<&EvaluationRound> {
        self.rounds.iter().max_by_key(|r| r.date)
    }

    pub fn report(&self, year: i32) -> Option<&AnnualReport> {
        self.reports.iter().find(|r| r.year == year)
    }

    pub fn recognition_date(&self) -> Option<NaiveDate> {
        self.recognition.as_ref().map(|r| r.date)
    }
}
