//! `jidi export`, `jidi import`, `jidi import-outcomes` and `jidi report`: files in and out.
//! Long runs show a progress bar on a terminal and stay quiet when piped.

use super::args::{ExportFormat, ReportFormat, Selection};
use super::keys::ExportNotes;
use super::output::Table;
use super::{EXIT_OK, EXIT_REFUSED, Session, out};
use crate::domain::base::Base;
use crate::domain::text::{Lang, Refusal, Text};
use crate::interchange::import::{Listed, Options, Outcome};
use crate::interchange::problems::RowUnit;
use crate::interchange::{self, csv::BasesWriter, json::JsonWriter, source, xlsx::BasesWorkbook};
use crate::service;
use crate::store::Store;
use crate::text;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// A progress bar on stderr when it is a terminal; `None` when piped or redirected.
fn progress_bar(total: u64, what: &str) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() || total == 0 {
        return None;
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {percent}% {elapsed}/{duration}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    Some(bar)
}

/// A file written whole or not at all: a temporary file beside the target, renamed at the end.
struct Output {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl Output {
    fn create(target: &Path) -> Result<Output> {
        let dir = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let shown = target.display().to_string();
        // Created as any new file is (0666 less the umask), not private as temp files are.
        #[cfg(unix)]
        let mode = std::os::unix::fs::PermissionsExt::from_mode(0o666);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".jidi-");
        #[cfg(unix)]
        builder.permissions(mode);
        let temp = builder.tempfile_in(dir).map_err(|e| {
            Refusal::input(text!("无法写入 {shown}：{e}", "cannot write {shown}: {e}"))
        })?;
        Ok(Output {
            temp,
            target: target.to_path_buf(),
        })
    }

    fn finish(self) -> Result<()> {
        let shown = self.target.display().to_string();
        self.temp.persist(&self.target).map_err(|e| {
            Refusal::input(text!("无法写入 {shown}：{e}", "cannot write {shown}: {e}"))
        })?;
        Ok(())
    }
}

/// How this export shows note text (A15.3.4), the readings recorded when it opens them.
fn export_notes(session: &Session, store: &Store, selection: &Selection) -> Result<ExportNotes> {
    ExportNotes::decide(session, store, || {
        Ok(super::read::select(session, store, selection)?
            .into_iter()
            .map(|r| service::Reading {
                id: r.id,
                notes: None,
            })
            .collect())
    })
}

/// Calls `f` with every selected base, one at a time, in id order.
fn each_selected(
    session: &Session,
    store: &Store,
    selection: &Selection,
    mut f: impl FnMut(Base) -> Result<()>,
) -> Result<u64> {
    let total = store.count()?;
    let bar = progress_bar(total, session.t(&text!("导出", "exporting")));
    let mut n = 0u64;
    let mut failure = None;
    if selection.is_everything() {
        store.for_each_base(|base| {
            if failure.is_none() {
                n += 1;
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                failure = f(base).err();
            }
        })?;
    } else {
        let mut ids: Vec<String> = super::read::select(session, store, selection)?
            .into_iter()
            .map(|r| r.id)
            .collect();
        ids.sort();
        if let Some(bar) = &bar {
            bar.set_length(ids.len() as u64);
        }
        for id in ids {
            n += 1;
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            f(store.base(&id)?)?;
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

pub fn export(
    session: &Session,
    selection: &Selection,
    format: ExportFormat,
    output: Option<&Path>,
) -> Result<u8> {
    // A bad filter is refused before the first line is written.
    super::read::filter_of(session, selection)?;
    let store = session.open()?;
    let policy = session.policy();
    let n = match (format, output) {
        (ExportFormat::Xlsx, None) => {
            return Err(Refusal::input(text!(
                "XLSX 导出须用 -o 指定文件，如 jidi export --format xlsx -o 基地.xlsx",
                "an XLSX export needs a file: jidi export --format xlsx -o bases.xlsx"
            ))
            .into());
        }
        (ExportFormat::Xlsx, Some(path)) => {
            let notes = export_notes(session, &store, selection)?;
            let mut book = BasesWorkbook::new(notes.opened())?;
            let n = each_selected(session, &store, selection, |mut b| {
                notes.apply(&mut b)?;
                book.write(&b, policy)
            })?;
            let target = Output::create(path)?;
            book.save(target.temp.path())?;
            target.finish()?;
            n
        }
        (ExportFormat::Csv | ExportFormat::Json, Some(path)) => {
            let mut target = Output::create(path)?;
            let n = write_text(
                session,
                &store,
                selection,
                format,
                target.temp.as_file_mut(),
            )?;
            target.finish()?;
            n
        }
        (ExportFormat::Csv | ExportFormat::Json, None) => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            write_text(session, &store, selection, format, &mut lock)?
        }
    };
    if let Some(path) = output {
        let shown = path.display();
        eprintln!(
            "{}",
            session.t(&text!(
                "已导出 {n} 个基地到 {shown}",
                "exported {n} bases to {shown}"
            ))
        );
    }
    Ok(EXIT_OK)
}

fn write_text(
    session: &Session,
    store: &Store,
    selection: &Selection,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<u64> {
    let policy = session.policy();
    let out = std::io::BufWriter::with_capacity(1 << 16, out);
    // A closed pipe (`jidi export | head`) ends quietly.
    let quiet_pipe = |e: std::io::Error| -> anyhow::Error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(EXIT_OK.into());
        }
        e.into()
    };
    match format {
        ExportFormat::Csv => {
            let mut writer = BasesWriter::new(out).map_err(quiet_pipe)?;
            let n = each_selected(session, store, selection, |b| {
                writer.write(&b, policy).map_err(quiet_pipe)
            })?;
            writer.finish().map_err(quiet_pipe)?;
            Ok(n)
        }
        _ => {
            let notes = export_notes(session, store, selection)?;
            let mut writer = JsonWriter::new(out).map_err(quiet_pipe)?;
            let n = each_selected(session, store, selection, |mut b| {
                notes.apply(&mut b)?;
                writer.write(&b).map_err(quiet_pipe)
            })?;
            writer.finish().map_err(quiet_pipe)?;
            Ok(n)
        }
    }
}

/// «name».问题.csv beside the imported file.
fn default_report_path(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
    file.with_file_name(format!("{stem}.问题.csv"))
}

fn listing(session: &Session, outcome: &Outcome) -> String {
    let lang = session.lang();
    let unit = outcome.unit.unwrap_or(RowUnit::Row);
    let at = |row: u64| match (lang, unit) {
        (Lang::Zh, RowUnit::Row) => format!("第 {row} 行"),
        (Lang::Zh, RowUnit::Record) => format!("第 {row} 条"),
        (Lang::En, RowUnit::Row) => format!("row {row}"),
        (Lang::En, RowUnit::Record) => format!("record {row}"),
    };
    let mut text = String::new();
    for item in &outcome.listing {
        match item {
            Listed::Created { row, id, name } => text.push_str(&format!(
                "{}  {}  {id}  {name}\n",
                session.t(&text!("新建", "create")),
                at(*row)
            )),
            Listed::Changed { row, id, diff } => {
                text.push_str(&format!(
                    "{}  {}  {id}\n",
                    session.t(&text!("修改", "change")),
                    at(*row)
                ));
                for d in diff {
                    text.push_str(&format!(
                        "    {}：{} → {}\n",
                        d.column,
                        if d.before.is_empty() {
                            "—"
                        } else {
                            &d.before
                        },
                        if d.after.is_empty() { "—" } else { &d.after }
                    ));
                }
            }
        }
    }
    text
}

pub fn import(
    session: &Session,
    file: &Path,
    options: Options,
    report_file: Option<&Path>,
) -> Result<u8> {
    let source = source::inspect(file)?;
    // A dry run rehearses the import in a write transaction it then drops.
    let store = session.open_to_write()?;
    let bar = progress_bar(source.size.max(1), session.t(&text!("导入", "importing")));
    let mut progress = |done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_length(total.max(1));
            bar.set_position(done);
        }
    };
    let outcome = interchange::import::run(
        &source,
        &store,
        &session.who(),
        session.ctx(),
        options,
        &mut progress,
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let outcome = outcome?;
    let (created, changed, unchanged) = (outcome.created, outcome.changed, outcome.unchanged);
    let name = &source.name;
    let lang = session.lang();
    let unit = outcome.unit.unwrap_or(RowUnit::Row);
    let bad = outcome.report.bad_rows().len();
    // A JSON file is counted in records, a sheet in rows.
    let (rows_zh, rows_en) = match (unit, bad) {
        (RowUnit::Row, 1) => ("行", "row"),
        (RowUnit::Row, _) => ("行", "rows"),
        (RowUnit::Record, 1) => ("条记录", "record"),
        (RowUnit::Record, _) => ("条记录", "records"),
    };
    let (good_zh, good_en) = match unit {
        RowUnit::Row => ("行", "rows"),
        RowUnit::Record => ("记录", "records"),
    };
    if options.dry_run {
        out(&listing(session, &outcome));
        out(&format!(
            "{}\n",
            session.t(&text!(
                "演练 {name}：将新建 {created}、修改 {changed}、不变 {unchanged}；未写入任何内容",
                "dry run of {name}: would create {created}, change {changed}, leave {unchanged} unchanged; nothing written"
            ))
        ));
    }
    let refused = |why: Text| {
        eprint!("{}", outcome.report.render(lang, unit));
        eprintln!("{}", session.t(&why));
        Ok(EXIT_REFUSED)
    };
    if options.dry_run {
        if !outcome.report.is_empty() {
            return refused(text!(
                "{bad} {rows_zh}有问题：实际导入时将整体拒绝",
                "{bad} {rows_en} with problems: the import itself would be refused whole"
            ));
        }
        return Ok(EXIT_OK);
    }
    if !outcome.kept {
        return refused(text!(
            "错误：{name} 有 {bad} {rows_zh}有问题（见上），未导入任何内容，数据库没有改变。改正后重新导入，或用 --skip-invalid 只导入没有问题的{good_zh}",
            "error: {name} has {bad} {rows_en} with problems (above); nothing was imported, the database is unchanged. Fix them and import again, or use --skip-invalid to import the good {good_en} only"
        ));
    }
    out(&format!(
        "{}\n",
        session.t(&text!(
            "已导入 {name}：新建 {created}、修改 {changed}、不变 {unchanged}",
            "imported {name}: created {created}, changed {changed}, unchanged {unchanged}"
        ))
    ));
    if !outcome.report.is_empty() {
        let path = report_file.map_or_else(|| default_report_path(file), Path::to_path_buf);
        let mut target = Output::create(&path)?;
        let file = target.temp.as_file_mut();
        file.write_all(interchange::csv::BOM)?;
        file.write_all(outcome.report.to_csv(lang)?.as_bytes())?;
        target.finish()?;
        let shown = path.display();
        eprintln!(
            "{}",
            session.t(&text!(
                "跳过有问题的 {bad} {rows_zh}；问题清单已写入 {shown}",
                "skipped {bad} {rows_en} with problems; the list is in {shown}"
            ))
        );
    }
    Ok(EXIT_OK)
}

pub fn import_outcomes(session: &Session, file: &Path, dry_run: bool) -> Result<u8> {
    use crate::interchange::outcomes;
    let source = source::inspect(file)?;
    // A dry run rehearses the import in a write transaction it then drops.
    let store = session.open_to_write()?;
    let ctx = session.ctx();
    let (planned, report) = outcomes::plan_in(&store, &ctx, &source)?;
    let lang = session.lang();
    let name = &source.name;
    if !report.is_empty() {
        eprint!("{}", report.render(lang, RowUnit::Row));
        let bad = report.bad_rows().len();
        let rows = if bad == 1 { "row" } else { "rows" };
        eprintln!(
            "{}",
            session.t(&text!(
                "错误：{name} 有 {bad} 行有问题（见上），未记录任何评估结果，数据库没有改变",
                "error: {name} has {bad} {rows} with problems (above); no outcome was recorded, the database is unchanged"
            ))
        );
        return Ok(EXIT_REFUSED);
    }
    if dry_run {
        let mut table = Table::new(match lang {
            Lang::Zh => &["行", "编号", "基地", "结果", "日期", "后果"],
            Lang::En => &["row", "id", "base", "outcome", "date", "consequence"],
        });
        for p in &planned {
            table.row(vec![
                p.row.to_string(),
                p.id.clone(),
                p.name.clone(),
                crate::domain::codes::Code::label(p.input.outcome, lang).into(),
                p.input.date.to_string(),
                session.t(&p.consequence.describe()).into(),
            ]);
        }
        out(&table.render());
        let n = planned.len();
        out(&format!(
            "{}\n",
            session.t(&text!(
                "演练 {name}：将记录 {n} 个评估结果；未写入任何内容",
                "dry run of {name}: would record {n} outcomes; nothing written"
            ))
        ));
        return Ok(EXIT_OK);
    }
    let request = outcomes::request(&source, planned);
    let done = crate::service::perform_seen(&store, &session.who(), ctx, request, session.seen)?;
    for (id, line) in &done.lines {
        out(&format!("{id}  {}\n", session.t(line)));
    }
    Ok(EXIT_OK)
}

pub fn report(session: &Session, format: ReportFormat, output: Option<&Path>) -> Result<u8> {
    use crate::domain::statistics::Overview;
    use crate::interchange::summary;
    let store = session.open()?;
    let policy = session.policy();
    let ctx = session.ctx();
    let mut overview = Overview::new(session.today);
    store.for_each_base(|base| {
        let group = policy.city_by_code(&base.city).map(|c| c.group);
        overview.add(&base, group, &ctx);
    })?;
    let mut overview = overview.finish();
    // The report shows the open high and critical notes only: those are the readings.
    let mut reads: Vec<service::Reading> = Vec::new();
    for risk in &overview.open_risks {
        match reads.iter_mut().find(|r| r.id == risk.id) {
            Some(read) => read.notes.get_or_insert_default().push(risk.n),
            None => reads.push(service::Reading {
                id: risk.id.clone(),
                notes: Some(vec![risk.n]),
            }),
        }
    }
    let notes = ExportNotes::decide(session, &store, || Ok(reads))?;
    for risk in &mut overview.open_risks {
        risk.description = notes.text(&risk.description)?;
    }
    let lang = session.lang();
    let sections = summary::sections(&overview, policy, lang, notes.opened());
    let text = match format {
        ReportFormat::Md => summary::markdown(&overview, &sections, lang),
        ReportFormat::Csv => summary::csv(&overview, &sections, lang)?,
        ReportFormat::Xlsx => {
            let Some(path) = output else {
                return Err(Refusal::input(text!(
                    "XLSX 报表须用 -o 指定文件，如 jidi report --format xlsx -o 汇总.xlsx",
                    "an XLSX report needs a file: jidi report --format xlsx -o summary.xlsx"
                ))
                .into());
            };
            let mut book = summary::workbook(&overview, &sections, lang)?;
            let target = Output::create(path)?;
            book.save(target.temp.path())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            target.finish()?;
            let shown = path.display();
            eprintln!("{}", session.t(&text!("已写入 {shown}", "wrote {shown}")));
            return Ok(EXIT_OK);
        }
    };
    match output {
        Some(path) => {
            let mut target = Output::create(path)?;
            let file = target.temp.as_file_mut();
            if format == ReportFormat::Csv {
                file.write_all(interchange::csv::BOM)?;
            }
            file.write_all(text.as_bytes())?;
            target.finish()?;
        }
        None => out(&text),
    }
    Ok(EXIT_OK)
}
