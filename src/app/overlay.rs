//! Modal layers over a screen: help, pickers, confirmations, facet menus, forms. Their keys
//! never fall through to the screen below.

use super::form::Form;
use super::text::TextField;
use crate::domain::codes::{Category, Code, Outcome, RegionGroup, Status};
use crate::domain::lifecycle::Consequence;
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Refusal, Text};
use crate::filter::Filter;
use chrono::NaiveDate;

pub enum Overlay {
    Help {
        scroll: u16,
    },
    /// Pick an evaluation outcome for the targets (1–5).
    PickOutcome {
        targets: Vec<String>,
        cursor: usize,
    },
    MarkConfirm(MarkConfirm),
    UndoConfirm {
        batch: u64,
        summary: Text,
        focus: ButtonFocus,
    },
    Menu(FacetMenu),
    Form(Form),
    /// The dry run of an evaluator's results sheet, waiting for `y`.
    Outcomes(super::outcomes::OutcomesConfirm),
    /// Pick a case's state (1–5).
    PickState(super::follow::StatePick),
}

/// The outcomes a person can record, in the order of their keys 1–5.
pub const OUTCOMES: [Outcome; 5] = Outcome::RECORDED;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ButtonFocus {
    Cancel,
    Confirm,
}

/// Focus order in the mark confirmation; Cancel is focused first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkFocus {
    Round,
    Date,
    Score,
    Cancel,
    Confirm,
}

impl MarkFocus {
    const ORDER: [MarkFocus; 5] = [
        MarkFocus::Round,
        MarkFocus::Date,
        MarkFocus::Score,
        MarkFocus::Cancel,
        MarkFocus::Confirm,
    ];

    pub fn step(self, forward: bool) -> MarkFocus {
        let i = MarkFocus::ORDER
            .iter()
            .position(|f| *f == self)
            .unwrap_or(0);
        let n = MarkFocus::ORDER.len();
        MarkFocus::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }

    pub fn is_field(self) -> bool {
        matches!(self, MarkFocus::Round | MarkFocus::Date | MarkFocus::Score)
    }
}

/// One base's line in the confirmation: what marking it would do, or why it is refused.
pub struct Preview {
    pub id: String,
    pub name: String,
    pub result: Result<Consequence, Refusal>,
}

pub struct MarkConfirm {
    pub outcome: Outcome,
    pub round: TextField,
    pub date: TextField,
    /// 0–100, optional; the same score for every base marked.
    pub score: TextField,
    pub focus: MarkFocus,
    pub previews: Vec<Preview>,
    /// A problem with the round or date as typed, or why the change was not stored.
    pub input_error: Option<Text>,
    pub scroll: usize,
    /// Confirmed; waiting for the store.
    pub pending: bool,
}

impl MarkConfirm {
    /// Bases that will be marked (the others are refused and skipped).
    pub fn accepted(&self) -> Vec<String> {
        self.previews
            .iter()
            .filter(|p| p.result.is_ok())
            .map(|p| p.id.clone())
            .collect()
    }

    pub fn parsed_date(&self) -> Result<NaiveDate, Refusal> {
        crate::domain::dates::parse_date("日期/date", self.date.value())
    }

    /// The score as typed: empty is none; otherwise a whole number 0–100.
    pub fn parsed_score(&self) -> Result<Option<u8>, Refusal> {
        let raw = self.score.value().trim();
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<u8>()
            .ok()
            .filter(|s| *s <= 100)
            .map(Some)
            .ok_or_else(|| {
                Refusal::input(crate::text!(
                    "评分「{raw}」应为 0–100 的整数，或留空",
                    "score '{raw}' should be a whole number 0–100, or empty"
                ))
            })
    }
}

/// Which facet a menu edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facet {
    Category,
    Region,
    Outcome,
    Status,
}

pub struct MenuOption {
    /// Stable code (`joint_research`, `prd`, `guangzhou`…).
    pub code: String,
    pub label: String,
    pub checked: bool,
}

pub struct FacetMenu {
    pub facet: Facet,
    pub options: Vec<MenuOption>,
    pub cursor: usize,
}

impl FacetMenu {
    /// The menu for `facet`, with the filter's current values ticked.
    pub fn new(facet: Facet, filter: &Filter, policy: &Policy, lang: Lang) -> FacetMenu {
        fn coded<C: Code>(values: &[C], chosen: &[C], lang: Lang) -> Vec<MenuOption> {
            values
                .iter()
                .map(|v| MenuOption {
                    code: v.code().to_string(),
                    label: v.label(lang).to_string(),
                    checked: chosen.contains(v),
                })
                .collect()
        }
        let options = match facet {
            Facet::Category => coded(Category::all(), &filter.categories, lang),
            Facet::Outcome => coded(Outcome::all(), &filter.outcomes, lang),
            Facet::Status => coded(Status::all(), &filter.statuses, lang),
            Facet::Region => {
                let mut options = coded(RegionGroup::all(), &filter.groups, lang);
                options.extend(policy.cities.iter().map(|c| MenuOption {
                    code: c.pinyin.clone(),
                    label: match lang {
                        Lang::Zh => format!("  {}（{}）", c.name, c.group.zh()),
                        Lang::En => format!("  {} ({})", c.label(lang), c.group.en()),
                    },
                    checked: filter.cities.contains(&c.pinyin),
                }));
                options
            }
        };
        FacetMenu {
            facet,
            options,
            cursor: 0,
        }
    }

    pub fn title(&self) -> Text {
        match self.facet {
            Facet::Category => Text::new("按类型筛选", "Filter by category"),
            Facet::Region => Text::new(
                "按地区筛选（片区或城市）",
                "Filter by region (group or city)",
            ),
            Facet::Outcome => Text::new("按最近评估结果筛选", "Filter by last outcome"),
            Facet::Status => Text::new("按状态筛选", "Filter by status"),
        }
    }

    /// Writes the ticked values into `filter`.
    pub fn apply(&self, filter: &mut Filter) {
        let ticked = self
            .options
            .iter()
            .filter(|o| o.checked)
            .map(|o| o.code.as_str());
        let joined = ticked.collect::<Vec<_>>().join(",");
        let policy_free = |r: Result<(), Refusal>| r.expect("menu options are valid codes");
        match self.facet {
            Facet::Category => policy_free(filter.set_categories(&joined)),
            Facet::Outcome => policy_free(filter.set_outcomes(&joined)),
            Facet::Status => policy_free(filter.set_statuses(&joined)),
            Facet::Region => {
                filter.groups = self
                    .options
                    .iter()
                    .filter(|o| o.checked)
                    .filter_map(|o| RegionGroup::parse(&o.code))
                    .collect();
                filter.cities = self
                    .options
                    .iter()
                    .filter(|o| o.checked && RegionGroup::parse(&o.code).is_none())
                    .map(|o| o.code.clone())
                    .collect();
            }
        }
    }
}
