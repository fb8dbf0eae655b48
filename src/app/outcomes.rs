//! An evaluator's results sheet from the console (issue 8 §5): `:import-outcomes PATH` reads and
//! plans the file off the input path, the dry run — each row's base, outcome and consequence, or
//! why it is refused — is shown in a scrollable dialog, and `y` records every outcome in one
//! transaction, as `jidi import-outcomes` does: all or nothing, undoable with `u`.

use super::overlay::{ButtonFocus, Overlay};
use super::room::{rows_moved, scrolled};
use super::{App, Effect};
use crate::domain::codes::Code;
use crate::domain::text::{Lang, Refusal, Text};
use crate::interchange::outcomes::Planned;
use crate::interchange::problems::{Problem, RowUnit};
use crate::interchange::source::Source;
use crate::keymap::Action;
use crate::text;

/// What the dry run of a sheet found.
#[derive(Clone, Debug)]
pub struct OutcomesPlan {
    pub source: Source,
    pub planned: Vec<Planned>,
    /// Every bad row: the file's own, and rows of bases this user may not see.
    pub problems: Vec<Problem>,
}

/// The dry run on screen, waiting for `y`.
pub struct OutcomesConfirm {
    pub plan: OutcomesPlan,
    pub scroll: usize,
    pub focus: ButtonFocus,
    /// Why the outcomes were not recorded (bad rows, another user's change…).
    pub error: Option<Text>,
    /// Confirmed; waiting for the store.
    pub pending: bool,
}

impl OutcomesConfirm {
    /// One line a row, in the file's order: the base, the outcome and what it will do, or
    /// (`true`) why the row is refused.
    pub fn lines(&self, lang: Lang) -> Vec<(String, bool)> {
        let mut rows: Vec<(u64, String, bool)> = self
            .plan
            .planned
            .iter()
            .map(|p| {
                let (row, id, name) = (p.row, &p.id, &p.name);
                let outcome = p.input.outcome.label(lang);
                let date = p.input.date;
                let consequence = p.consequence.describe();
                let consequence = consequence.get(lang);
                let line = match lang {
                    Lang::Zh => {
                        format!("第 {row} 行  {id}  {outcome} {date}  {consequence}  {name}")
                    }
                    Lang::En => format!("row {row}  {id}  {outcome} {date}  {consequence}  {name}"),
                };
                (row, line, false)
            })
            .collect();
        rows.extend(
            self.plan
                .problems
                .iter()
                .map(|p| (p.row, format!("✗ {}", p.line(lang, RowUnit::Row)), true)),
        );
        rows.sort_by_key(|(row, _, refused)| (*row, !*refused));
        rows.into_iter().map(|(_, l, r)| (l, r)).collect()
    }

    /// "评估结果.csv：5 行将记录，1 行有问题"
    pub fn summary(&self, lang: Lang) -> String {
        let name = &self.plan.source.name;
        let (ok, bad) = (self.plan.planned.len(), self.bad_rows());
        match (lang, bad) {
            (Lang::Zh, 0) => format!("{name}：将记录 {ok} 个评估结果（演练，尚未写入）"),
            (Lang::En, 0) => {
                format!("{name}: {ok} outcomes to record (a dry run, nothing written yet)")
            }
            (Lang::Zh, _) => format!("{name}：{bad} 行有问题，{ok} 行无误；有问题时不记录任何结果"),
            (Lang::En, _) => format!(
                "{name}: {bad} rows have problems, {ok} are fine; nothing is recorded while any row has one"
            ),
        }
    }

    fn bad_rows(&self) -> usize {
        let mut rows: Vec<u64> = self.plan.problems.iter().map(|p| p.row).collect();
        rows.dedup();
        rows.len()
    }
}

impl App {
    /// `:import-outcomes PATH`: the store worker reads and plans the file.
    pub(super) fn plan_outcomes(&mut self, path: &str) -> Vec<Effect> {
        self.notify(text!("正在读取 {path}…", "reading {path}…"));
        vec![Effect::PlanOutcomes {
            path: std::path::PathBuf::from(path),
        }]
    }

    /// The dry run came back: the dialog opens with it, rows of bases outside this user's city
    /// refused like bad rows.
    pub(super) fn outcomes_planned(&mut self, plan: Result<OutcomesPlan, Text>) {
        let mut plan = match plan {
            Ok(plan) => plan,
            Err(why) => {
                self.warn(why);
                return;
            }
        };
        let (mut seen, mut hidden) = (Vec::new(), Vec::new());
        for p in std::mem::take(&mut plan.planned) {
            let city = self.row(&p.id).map(|r| r.city.clone()).unwrap_or_default();
            match self.may_see(&p.id, &city) {
                Ok(()) => seen.push(p),
                Err(why) => hidden.push(Problem::from_refusal(
                    p.row,
                    crate::interchange::outcomes::ID,
                    &p.id,
                    Refusal::input(why),
                )),
            }
        }
        plan.planned = seen;
        plan.problems.extend(hidden);
        // "Reading the file…" is answered.
        self.notice = None;
        self.overlay = Some(Overlay::Outcomes(OutcomesConfirm {
            plan,
            scroll: 0,
            focus: ButtonFocus::Cancel,
            error: None,
            pending: false,
        }));
    }

    /// `y` on the dry run: every outcome in one transaction — refused whole while any row has a
    /// problem.
    fn record_outcomes(&mut self) -> Vec<Effect> {
        let Some(Overlay::Outcomes(c)) = &mut self.overlay else {
            return Vec::new();
        };
        if c.pending {
            return Vec::new();
        }
        if !c.plan.problems.is_empty() {
            let bad = c.bad_rows();
            c.error = Some(text!(
                "有 {bad} 行有问题，未记录任何评估结果；修正文件后重新导入",
                "{bad} rows have problems, so no outcome was recorded; correct the file and import it again"
            ));
            return Vec::new();
        }
        c.pending = true;
        c.error = None;
        let request = crate::interchange::outcomes::request(&c.plan.source, c.plan.planned.clone());
        self.write(request)
    }
}

/// `:import-outcomes FILE`.
pub(super) fn command(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
    let path = args.join(" ");
    if path.is_empty() {
        return Err(Refusal::input(text!(
            "用法：:import-outcomes 文件（CSV 或 XLSX；Tab 补全路径）",
            "usage: :import-outcomes FILE (CSV or XLSX; Tab completes the path)"
        )));
    }
    Ok(app.plan_outcomes(&expand_home(&path)))
}

/// `~/x` as the path it stands for.
fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => path.to_string(),
    }
}

/// Files a sheet may be in (CSV, XLSX) and directories, under the directory typed so far;
/// hidden ones only when a dot was typed.
pub(super) fn complete_path(_: &App, args: &[&str], last: &str) -> Vec<String> {
    if !args.is_empty() {
        return Vec::new();
    }
    let (dir, prefix) = match last.rfind('/') {
        Some(i) => last.split_at(i + 1),
        None => ("", last),
    };
    let listed = if dir.is_empty() {
        ".".to_string()
    } else {
        expand_home(dir)
    };
    let Ok(entries) = std::fs::read_dir(&listed) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            let sheet = [".csv", ".xlsx"]
                .iter()
                .any(|ext| name.to_lowercase().ends_with(ext));
            let shown = (prefix.starts_with('.') || !name.starts_with('.'))
                && name.starts_with(prefix)
                && (is_dir || sheet);
            shown.then(|| format!("{dir}{name}{}", if is_dir { "/" } else { "" }))
        })
        .collect();
    out.sort();
    out
}

/// The dialog's answer to `action`.
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    let limit = app.scroll_limit() as usize;
    let moved = rows_moved(action, app.page_height());
    let Some(Overlay::Outcomes(c)) = &mut app.overlay else {
        return Vec::new();
    };
    match action {
        Action::Confirm => return app.record_outcomes(),
        Action::Press if c.focus == ButtonFocus::Confirm => return app.record_outcomes(),
        Action::Press | Action::Back | Action::Cancel if !c.pending => app.overlay = None,
        Action::FocusNext | Action::FocusPrev => {
            c.focus = match c.focus {
                ButtonFocus::Cancel => ButtonFocus::Confirm,
                ButtonFocus::Confirm => ButtonFocus::Cancel,
            }
        }
        _ => {
            if let Some(delta) = moved {
                c.scroll = scrolled(c.scroll, delta, limit);
            }
        }
    }
    Vec::new()
}
