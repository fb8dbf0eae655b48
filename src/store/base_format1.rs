//! The base record as record format 1 laid it out (schemas 1–3), frozen: migrations decode old
//! bytes through these types, never through today's `domain::base`, and turn them into today's
//! record. Do not change these types; a later layout gets its own frozen copy.
//!
//! The coded enums are shared with today's code: their stored form is their position, which
//! `domain::codes` keeps stable (variants are only ever appended).

use crate::domain::base as now;
use crate::domain::codes::{
    AgreementKind, Category, ChangeKind, HostKind, Identity, Origin, Outcome, Qualification,
    RemovalReason, ReportReview, Review, RiskArea, RiskStatus, Severity, Status,
};
use crate::domain::countries::{Countries, CountryClass, Resolved};
use chrono::NaiveDate;
use serde::Deserialize;

/// The record format these types decode.
pub(super) const FORMAT: u8 = 1;

#[derive(Deserialize)]
pub(super) struct Base {
    id: String,
    name: String,
    former_names: Vec<String>,
    category: Category,
    host: HostUnit,
    city: String,
    recommender: String,
    leader: Leader,
    partners: Vec<Partner>,
    fields: Vec<String>,
    focus_countries: Vec<String>,
    origin: Origin,
    #[serde(with = "crate::domain::dates::serde_date")]
    applied_on: NaiveDate,
    recognition: Option<Recognition>,
    status: Status,
    #[serde(with = "crate::domain::dates::serde_date")]
    status_since: NaiveDate,
    removal: Option<Removal>,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    rectification_deadline: Option<NaiveDate>,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    risk_plan: Option<NaiveDate>,
    reports: Vec<AnnualReport>,
    rounds: Vec<EvaluationRound>,
    changes: Vec<ChangeFiling>,
    risks: Vec<RiskNote>,
    indicators: Indicators,
}

#[derive(Deserialize)]
struct HostUnit {
    name: String,
    kind: HostKind,
    legal_person: bool,
}

#[derive(Deserialize)]
struct Leader {
    name: String,
    qualification: Qualification,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    qualified_on: Option<NaiveDate>,
    identity: Identity,
    dual_identity: bool,
    employed_by_host: bool,
}

#[derive(Deserialize)]
struct Partner {
    name: String,
    country: String,
    kind: AgreementKind,
    #[serde(with = "crate::domain::dates::serde_date")]
    signed: NaiveDate,
    #[serde(with = "crate::domain::dates::serde_date")]
    valid_until: NaiveDate,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    ended: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct Recognition {
    #[serde(with = "crate::domain::dates::serde_date")]
    date: NaiveDate,
    doc_no: String,
}

#[derive(Deserialize)]
struct Removal {
    #[serde(with = "crate::domain::dates::serde_date")]
    date: NaiveDate,
    reason: RemovalReason,
    note: String,
}

#[derive(Deserialize)]
struct AnnualReport {
    year: i32,
    #[serde(with = "crate::domain::dates::serde_date")]
    submitted: NaiveDate,
    review: Option<ReportReview>,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    reviewed_on: Option<NaiveDate>,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    resubmitted: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct EvaluationRound {
    round: String,
    #[serde(with = "crate::domain::dates::serde_date")]
    date: NaiveDate,
    outcome: Outcome,
    score: Option<u8>,
    re_evaluation: bool,
    excused: Option<Excuse>,
}

#[derive(Deserialize)]
struct Excuse {
    #[serde(with = "crate::domain::dates::serde_date")]
    on: NaiveDate,
    reason: String,
}

#[derive(Deserialize)]
struct ChangeFiling {
    n: u32,
    kind: ChangeKind,
    #[serde(with = "crate::domain::dates::serde_date")]
    effective: NaiveDate,
    old_value: String,
    new_value: String,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    filed_province: Option<NaiveDate>,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    filed_recommender: Option<NaiveDate>,
    review: Review,
}

#[derive(Deserialize)]
struct RiskNote {
    n: u32,
    area: RiskArea,
    severity: Severity,
    status: RiskStatus,
    description: String,
    mitigation: String,
    #[serde(with = "crate::domain::dates::serde_date")]
    opened: NaiveDate,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    closed: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct Indicators {
    input_yuan: Option<i64>,
    exchange: Option<bool>,
    trained: Option<u32>,
    papers: Option<u32>,
    patents: Option<u32>,
    transfers: Option<u32>,
    rd_intensity: Option<i64>,
    projects: Option<u32>,
    cross_border_projects: Option<u32>,
    deal_yuan: Option<i64>,
    cross_border_deal_yuan: Option<i64>,
    events: Option<u32>,
    reports: Option<u32>,
}

impl Base {
    /// Today's record. Partners get the code of their stored country name, or none when the
    /// table knows no such name or it names a mainland place: the name is kept and the partner
    /// never counts as foreign (triage reports it). The old single totals of the indicators keep
    /// their values as totals of unknown year, which no A8 window accepts.
    pub(super) fn upgrade(self, countries: &Countries) -> now::Base {
        now::Base {
            id: self.id,
            name: self.name,
            former_names: self.former_names,
            category: self.category,
            host: now::HostUnit {
                name: self.host.name,
                kind: self.host.kind,
                legal_person: self.host.legal_person,
            },
            city: self.city,
            recommender: self.recommender,
            leader: now::Leader {
                name: self.leader.name,
                qualification: self.leader.qualification,
                qualified_on: self.leader.qualified_on,
                identity: self.leader.identity,
                dual_identity: self.leader.dual_identity,
                employed_by_host: self.leader.employed_by_host,
            },
            partners: self
                .partners
                .into_iter()
                .map(|p| p.upgrade(countries))
                .collect(),
            fields: self.fields,
            focus_countries: self.focus_countries,
            origin: self.origin,
            applied_on: self.applied_on,
            recognition: self.recognition.map(|r| now::Recognition {
                date: r.date,
                doc_no: r.doc_no,
            }),
            status: self.status,
            status_since: self.status_since,
            removal: self.removal.map(|r| now::Removal {
                date: r.date,
                reason: r.reason,
                note: r.note,
            }),
            rectification_deadline: self.rectification_deadline,
            risk_plan: self.risk_plan,
            reports: self
                .reports
                .into_iter()
                .map(|r| now::AnnualReport {
                    year: r.year,
                    submitted: r.submitted,
                    review: r.review,
                    reviewed_on: r.reviewed_on,
                    resubmitted: r.resubmitted,
                })
                .collect(),
            rounds: self
                .rounds
                .into_iter()
                .map(|r| now::EvaluationRound {
                    round: r.round,
                    date: r.date,
                    outcome: r.outcome,
                    score: r.score,
                    re_evaluation: r.re_evaluation,
                    excused: r.excused.map(|e| now::Excuse {
                        on: e.on,
                        reason: e.reason,
                    }),
                })
                .collect(),
            changes: self
                .changes
                .into_iter()
                .map(|c| now::ChangeFiling {
                    n: c.n,
                    kind: c.kind,
                    effective: c.effective,
                    old_value: c.old_value,
                    new_value: c.new_value,
                    filed_province: c.filed_province,
                    filed_recommender: c.filed_recommender,
                    review: c.review,
                })
                .collect(),
            risks: self
                .risks
                .into_iter()
                .map(|r| now::RiskNote {
                    n: r.n,
                    area: r.area,
                    severity: r.severity,
                    status: r.status,
                    description: r.description,
                    mitigation: r.mitigation,
                    opened: r.opened,
                    closed: r.closed,
                })
                .collect(),
            indicators: self.indicators.upgrade(),
            systems: Default::default(),
            projects: Vec::new(),
        }
    }
}

impl Partner {
    fn upgrade(self, countries: &Countries) -> now::Partner {
        now::Partner {
            country_code: match countries.resolve(&self.country) {
                Resolved::Country(c) if c.class() != CountryClass::Mainland => Some(c.code.clone()),
                _ => None,
            },
            name: self.name,
            country: self.country,
            kind: self.kind,
            signed: self.signed,
            valid_until: self.valid_until,
            ended: self.ended,
        }
    }
}

/// A value an old event recorded (JSON) for a field whose shape this format changed, in today's
/// shape, so the history still matches the record it led to; any other value as it was.
pub(super) fn upgrade_json(field: &str, json: &str, countries: &Countries) -> String {
    fn again<T: serde::Serialize>(value: T) -> String {
        serde_json::to_string(&value).expect("a record serialises")
    }
    let upgraded = match field {
        "indicators" => serde_json::from_str::<Indicators>(json).map(|i| again(i.upgrade())),
        "partners" => serde_json::from_str::<Vec<Partner>>(json).map(|list| {
            again(
                list.into_iter()
                    .map(|p| p.upgrade(countries))
                    .collect::<Vec<_>>(),
            )
        }),
        "*" => serde_json::from_str::<Base>(json).map(|b| again(b.upgrade(countries))),
        _ => return json.to_string(),
    };
    upgraded.unwrap_or_else(|_| json.to_string())
}

impl Indicators {
    fn upgrade(self) -> now::Indicators {
        let totals = now::Figures {
            input_yuan: self.input_yuan,
            trained: self.trained,
            papers: self.papers,
            patents: self.patents,
            transfers: self.transfers,
            rd_intensity: self.rd_intensity,
            projects: self.projects,
            cross_border_projects: self.cross_border_projects,
            deal_yuan: self.deal_yuan,
            cross_border_deal_yuan: self.cross_border_deal_yuan,
            events: self.events,
            reports: self.reports,
        };
        now::Indicators {
            exchange: self.exchange,
            years: Default::default(),
            undated: (!totals.is_empty()).then_some(totals),
        }
    }
}
