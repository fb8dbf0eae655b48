//! The base record (省级国合基地) and the records it carries: partners, annual reports, evaluation
//! rounds, change filings, security-risk notes and application indicators.

use super::codes::{
    AgreementKind, Category, ChangeKind, HostKind, Identity, Origin, Outcome, Qualification,
    RemovalReason, ReportReview, Review, RiskArea, RiskStatus, Severity, Status,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub name: String,
    /// Country or region; 香港/澳门/台湾 are not foreign (policy `partners.non_foreign_regions`).
    pub country: String,
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

/// An application's A8 indicators over the three years before it. `None` means not yet recorded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Indicators {
    /// A8.1(1) total input, 元
    pub input_yuan: Option<i64>,
    /// A8.1(2) regular exchange mechanism
    pub exchange: Option<bool>,
    /// A8.1(3)
    pub trained: Option<u32>,
    /// A8.1(4)
    pub papers: Option<u32>,
    /// A8.1(4)
    pub patents: Option<u32>,
    /// A8.1(5)
    pub transfers: Option<u32>,
    /// A8.1(6) ten-thousandths of a percent
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
