//! Workbooks: the bases table on sheet 基地 and, in an export, the whole record — 基地详情 and
//! one sheet per kind of sub-record (see `sheets`). Written in rust_xlsxwriter's constant-memory
//! mode (rows go to disk as they are written); read with calamine's streaming cell reader.

use super::cells::{clean, excel_serial_date};
use super::import::table_row;
use super::plan::Incoming;
use super::problems::Problem;
use super::sheets::{
    Column, DETAIL_COLUMNS, DETAILS, Kind, OTHER, RISK_TEXT, RISKS, SHEETS, Sheet, cell_of,
    other_keys, set_path, value_of,
};
use super::source::Source;
use super::table::{COLUMNS, Header, TableRow, col, row_of};
use crate::domain::base::Base;
use crate::domain::policy::Policy;
use crate::domain::text::Refusal;
use crate::text;
use calamine::{DataRef, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde_json::{Map, Value};
use std::path::Path;

pub const BASES: &str = "基地";

fn sheet_error(e: XlsxError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// Headers of a sub-record sheet, as this user's export writes them.
fn sheet_columns(sheet: &Sheet, confidential: bool) -> Vec<&'static Column> {
    sheet
        .columns
        .iter()
        .filter(|c| confidential || sheet.name != RISKS || !RISK_TEXT.contains(&c.header))
        .collect()
}

/// A workbook being written: one row per base on 基地 and 基地详情, and its sub-records.
pub struct BasesWorkbook {
    workbook: Workbook,
    next_row: Vec<u32>,
    confidential: bool,
}

impl BasesWorkbook {
    /// `confidential`: whether the 安全风险 sheet carries the notes' text (see
    /// [`super::may_read_confidential`]).
    pub fn new(confidential: bool) -> anyhow::Result<BasesWorkbook> {
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let mut headers: Vec<(&str, Vec<&str>)> = vec![(BASES, COLUMNS.to_vec())];
        let mut details = vec![COLUMNS[col::ID]];
        details.extend(DETAIL_COLUMNS.iter().map(|c| c.header));
        details.push(OTHER);
        headers.push((DETAILS, details));
        for sheet in SHEETS {
            let mut names = vec![COLUMNS[col::ID]];
            names.extend(sheet_columns(sheet, confidential).iter().map(|c| c.header));
            names.push(OTHER);
            headers.push((sheet.name, names));
        }
        for (name, columns) in &headers {
            let sheet = workbook
                .add_worksheet_with_constant_memory()
                .map_err(sheet_error)?;
            sheet.set_name(*name).map_err(sheet_error)?;
            for (i, header) in columns.iter().enumerate() {
                sheet
                    .write_string_with_format(0, i as u16, *header, &bold)
                    .map_err(sheet_error)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(sheet_error)?;
        }
        Ok(BasesWorkbook {
            workbook,
            next_row: vec![1; headers.len()],
            confidential,
        })
    }

    fn row(&mut self, sheet: usize, cells: &[String]) -> anyhow::Result<()> {
        let row = self.next_row[sheet];
        self.next_row[sheet] += 1;
        let worksheet = self
            .workbook
            .worksheet_from_index(sheet)
            .map_err(sheet_error)?;
        for (i, cell) in cells.iter().enumerate() {
            if !cell.is_empty() {
                worksheet
                    .write_string(row, i as u16, cell)
                    .map_err(sheet_error)?;
            }
        }
        Ok(())
    }

    pub fn write(&mut self, base: &Base, policy: &Policy) -> anyhow::Result<()> {
        self.row(0, &row_of(base, policy))?;
        let Value::Object(record) = serde_json::to_value(base)? else {
            unreachable!("a Base always serializes to a JSON object");
        };
        let mut details = vec![base.id.clone()];
        details.extend(DETAIL_COLUMNS.iter().map(|c| cell_of(&record, c)));
        let in_table = [
            "id",
            "name",
            "category",
            "host",
            "city",
            "recommender",
            "leader",
            "origin",
            "recognition",
            "status",
            "removal",
            "rectification_deadline",
        ];
        let in_sheets: Vec<&str> = SHEETS.iter().map(|s| s.key).collect();
        let known: Vec<&str> = in_table.iter().chain(&in_sheets).copied().collect();
        details.push(other_keys(&record, DETAIL_COLUMNS, &known).unwrap_or_default());
        self.row(1, &details)?;
        for (i, sheet) in SHEETS.iter().enumerate() {
            let columns = sheet_columns(sheet, self.confidential);
            let items = record
                .get(sheet.key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for item in items {
                let Value::Object(item) = item else { continue };
                let mut cells = vec![base.id.clone()];
                cells.extend(columns.iter().map(|c| cell_of(&item, c)));
                let also: Vec<&str> = sheet.columns.iter().map(|c| c.path[0]).collect();
                cells.push(other_keys(&item, &[], &also).unwrap_or_default());
                self.row(2 + i, &cells)?;
            }
        }
        Ok(())
    }

    pub fn save(mut self, path: &Path) -> anyhow::Result<()> {
        self.workbook.save(path).map_err(sheet_error)
    }
}

/// A cell's text as a person would read it (numbers without a needless ".0", dates as
/// `YYYY-MM-DD`).
fn cell_text(value: &DataRef) -> String {
    match value {
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        DataRef::DateTime(d) => excel_serial_date(d.as_f64().floor()).map_or_else(
            || d.as_f64().to_string(),
            |d| d.format("%Y-%m-%d").to_string(),
        ),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
        DataRef::Empty => String::new(),
    }
}

fn damaged(name: &str, e: impl std::fmt::Display) -> anyhow::Error {
    Refusal::input(text!(
        "{name} 不是完整的 XLSX 文件（已损坏或被截断）：{e}；请用 Excel 重新保存后再导入",
        "{name} is not a whole XLSX file (damaged or truncated): {e}; save it again from Excel and import that"
    ))
    .into()
}

type Book = Xlsx<std::io::BufReader<std::fs::File>>;

fn open(source: &Source) -> anyhow::Result<Book> {
    open_workbook(&source.path).map_err(|e| damaged(&source.name, e))
}

/// The sheet named `wanted`, or the workbook's only sheet.
fn pick_sheet(source: &Source, names: &[String], wanted: &str) -> anyhow::Result<String> {
    if names.iter().any(|n| n == wanted) {
        return Ok(wanted.to_string());
    }
    if names.len() == 1 {
        return Ok(names[0].clone());
    }
    let (name, list) = (&source.name, names.join("、"));
    Err(Refusal::input(text!(
        "{name} 没有名为「{wanted}」的工作表（有：{list}）；请把表放在「{wanted}」工作表",
        "{name} has no sheet named {wanted} (it has: {list}); put the table on a sheet named {wanted}"
    ))
    .into())
}

/// The rows of one table: the sheet named `wanted` (or the only sheet), `f(row, cells, row,
/// rows in all)` each, the header first.
pub fn read_rows(
    source: &Source,
    wanted: &str,
    f: impl FnMut(u64, &[String], u64) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut book = open(source)?;
    let sheet = pick_sheet(source, &book.sheet_names(), wanted)?;
    each_row(&mut book, source, &sheet, f)
}

/// Calls `f(row, cells)` for each row of `sheet` that has a cell, rows numbered from 1.
fn each_row(
    book: &mut Book,
    source: &Source,
    sheet: &str,
    mut f: impl FnMut(u64, &[String], u64) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| damaged(&source.name, e))?;
    let total = u64::from(reader.dimensions().end.0) + 1;
    let mut cells: Vec<String> = Vec::new();
    let mut current: Option<u32> = None;
    loop {
        let cell = reader.next_cell().map_err(|e| damaged(&source.name, e))?;
        let position = cell.as_ref().map(|c| c.get_position());
        if current.is_some() && position.map(|p| p.0) != current {
            let row = current.unwrap_or(0);
            f(u64::from(row) + 1, &cells, total)?;
            cells.clear();
        }
        let Some(cell) = cell else { break };
        let (row, column) = cell.get_position();
        current = Some(row);
        let column = column as usize;
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = cell_text(cell.get_value());
    }
    Ok(())
}

type Sink<'a> = dyn FnMut(u64, Option<&'static str>, Result<Incoming, Vec<Problem>>, u64, u64) -> anyhow::Result<()>
    + 'a;

/// Reads the bases of a workbook: the 基地 sheet (or the only sheet) as table rows; an export's
/// whole records when 基地详情 is there.
pub fn read_bases(source: &Source, policy: &Policy, sink: &mut Sink) -> anyhow::Result<()> {
    let mut book = open(source)?;
    let names = book.sheet_names();
    let sheet = pick_sheet(source, &names, BASES)?;
    let whole = names.iter().any(|n| n == DETAILS);
    // Each sub-record sheet streams on its own thread, joined to the 基地 rows by 编号 as
    // both go (an export writes every sheet in 编号 order), so memory stays flat.
    let mut details = Stream::start(source, whole, DETAILS, DETAIL_COLUMNS);
    let mut subs: Vec<Stream> = SHEETS
        .iter()
        .map(|s| {
            Stream::start(
                source,
                whole && names.iter().any(|n| n == s.name),
                s.name,
                s.columns,
            )
        })
        .collect();
    let mut previous: Option<String> = None;
    let sheet_name: &'static str = if sheet == BASES { BASES } else { "" };
    let on_sheet = (!sheet_name.is_empty()).then_some(sheet_name);
    let mut header: Option<Header> = None;
    each_row(&mut book, source, &sheet, |row, cells, total| {
        let Some(h) = &header else {
            header = Some(Header::parse(cells, &source.name)?);
            return Ok(());
        };
        let Some(read) = table_row(h, row, cells, policy, on_sheet) else {
            return Ok(());
        };
        let incoming = match (read.incoming, whole) {
            (Ok(Incoming::Table(t)), true) => {
                let id = t.id.clone().unwrap_or_default();
                if previous.as_ref().is_some_and(|p| *p >= id) {
                    let name = &source.name;
                    return Err(Refusal::input(text!(
                        "{name} 的「基地」工作表第 {row} 行不在编号顺序上：整本导出的工作簿须保持导出时按编号排列的顺序",
                        "row {row} of sheet 基地 in {name} is out of 编号 order: a whole-record workbook keeps the order it was exported in"
                    ))
                    .into());
                }
                previous = Some(id);
                whole_record(*t, row, &mut details, &mut subs, policy)?
            }
            (other, _) => other,
        };
        sink(row, on_sheet, incoming, row, total)
    })?;
    if header.is_none() {
        let name = &source.name;
        return Err(Refusal::input(text!(
            "{name} 的「{sheet}」工作表是空的：没有表头",
            "sheet {sheet} of {name} is empty: no header row"
        ))
        .into());
    }
    // Sub-records of a base the 基地 sheet does not list.
    let mut orphans = details.finish()?;
    for stream in subs {
        orphans.extend(stream.finish()?);
    }
    for p in orphans {
        sink(p.row, None, Err(vec![p]), 0, 0)?;
    }
    Ok(())
}

/// What a sub-record sheet's thread sends: a row's record, a bad row's problems, or why the
/// sheet could not be read.
enum Item {
    Row(u64, String, Map<String, Value>),
    Bad(u64, String, Vec<Problem>),
    Failed(String),
}

impl Item {
    fn id(&self) -> Option<&str> {
        match self {
            Item::Row(_, id, _) | Item::Bad(_, id, _) => Some(id),
            Item::Failed(_) => None,
        }
    }
}

/// One base's rows of a sheet (as JSON records) and the problems of its bad rows.
type Taken = (Vec<Map<String, Value>>, Vec<Problem>);

/// One sub-record sheet, read on its own thread, handed over one base's rows at a time.
struct Stream {
    sheet: &'static str,
    name: String,
    rx: Option<std::sync::mpsc::Receiver<Item>>,
    peeked: Option<Item>,
    orphans: Vec<Problem>,
}

impl Stream {
    fn start(
        source: &Source,
        present: bool,
        sheet: &'static str,
        columns: &'static [Column],
    ) -> Stream {
        let rx = present.then(|| {
            let (tx, rx) = std::sync::mpsc::sync_channel(512);
            let source = source.clone();
            std::thread::spawn(move || {
                let sent = read_sheet(&source, sheet, columns, &tx);
                if let Err(e) = sent {
                    let _ = tx.send(Item::Failed(e.to_string()));
                }
            });
            rx
        });
        Stream {
            sheet,
            name: source.name.clone(),
            rx,
            peeked: None,
            orphans: Vec::new(),
        }
    }

    fn next(&mut self) -> Option<Item> {
        self.peeked
            .take()
            .or_else(|| self.rx.as_ref().and_then(|rx| rx.recv().ok()))
    }

    fn orphan(&mut self, row: u64, id: &str) {
        self.orphans.push(
            Problem::new(
                row,
                COLUMNS[col::ID],
                id,
                text!(
                    "「基地」工作表中没有这个编号（或本表没有按编号排列）",
                    "this id is not on the 基地 sheet (or this sheet is not in 编号 order)"
                ),
            )
            .on_sheet(self.sheet),
        );
    }

    /// The rows of base `id` (and their problems); rows of ids before it are orphans.
    fn take(&mut self, id: &str) -> anyhow::Result<Taken> {
        let (mut rows, mut problems) = (Vec::new(), Vec::new());
        while let Some(item) = self.next() {
            match item.id().map(|i| i.cmp(id)) {
                None => {
                    let Item::Failed(e) = item else {
                        unreachable!()
                    };
                    return Err(damaged(&self.name, e));
                }
                Some(std::cmp::Ordering::Greater) => {
                    self.peeked = Some(item);
                    break;
                }
                Some(std::cmp::Ordering::Less) => match item {
                    Item::Row(row, other, _) | Item::Bad(row, other, _) => self.orphan(row, &other),
                    Item::Failed(_) => unreachable!(),
                },
                Some(std::cmp::Ordering::Equal) => match item {
                    Item::Row(_, _, object) => rows.push(object),
                    Item::Bad(_, _, bad) => problems.extend(bad),
                    Item::Failed(_) => unreachable!(),
                },
            }
        }
        Ok((rows, problems))
    }

    /// Every row left over: ids the 基地 sheet does not list.
    fn finish(mut self) -> anyhow::Result<Vec<Problem>> {
        self.take("\u{10FFFF}")?;
        Ok(self.orphans)
    }
}

/// Reads one sub-record sheet row by row into `tx`.
fn read_sheet(
    source: &Source,
    sheet: &'static str,
    columns: &'static [Column],
    tx: &std::sync::mpsc::SyncSender<Item>,
) -> anyhow::Result<()> {
    let mut book = open(source)?;
    let mut positions: Option<(usize, Vec<Option<usize>>, Option<usize>)> = None;
    each_row(&mut book, source, sheet, |row, cells, _| {
        // Free text keeps its full-width punctuation (NFKC would turn "，" into ","): only
        // codes, dates, numbers and headers are normalised.
        let cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
        let Some((id_at, at, other_at)) = &positions else {
            let cells: Vec<String> = cells.iter().map(|c| clean(c)).collect();
            // Headers are compared as cleaned, on both sides: NFKC makes 其他（JSON） 其他(JSON).
            let find = |h: &str| cells.iter().position(|c| *c == clean(h));
            let id_at = find(COLUMNS[col::ID]).ok_or_else(|| {
                let name = &source.name;
                anyhow::Error::from(Refusal::input(text!(
                    "{name} 的「{sheet}」工作表缺少「编号」列",
                    "sheet {sheet} of {name} has no 编号 column"
                )))
            })?;
            let at: Vec<Option<usize>> = columns.iter().map(|c| find(c.header)).collect();
            positions = Some((id_at, at, find(OTHER)));
            return Ok(());
        };
        if cells.iter().all(String::is_empty) {
            return Ok(());
        }
        let id = clean(cells.get(*id_at).map_or("", String::as_str)).to_uppercase();
        let mut object = Map::new();
        let mut bad = Vec::new();
        if let Some(json) = other_at
            .and_then(|k| cells.get(k))
            .filter(|c| !c.is_empty())
        {
            match serde_json::from_str::<Map<String, Value>>(json) {
                Ok(extra) => object.extend(extra),
                Err(e) => bad.push(Problem::new(
                    row,
                    OTHER,
                    json,
                    text!("JSON 有误：{e}", "bad JSON: {e}"),
                )),
            }
        }
        for (column, k) in columns.iter().zip(at) {
            let Some(k) = k else { continue };
            let raw = cells.get(*k).map(String::as_str).unwrap_or("");
            let normalised;
            let cell = match column.kind {
                Kind::Text | Kind::List | Kind::Json => raw,
                _ => {
                    normalised = clean(raw);
                    normalised.as_str()
                }
            };
            match value_of(cell, column.kind) {
                Ok(value) => set_path(&mut object, column.path, value),
                Err(why) => bad.push(Problem::new(
                    row,
                    column.header,
                    cell,
                    text!("{why}", "{why}"),
                )),
            }
        }
        let item = if bad.is_empty() {
            Item::Row(row, id, object)
        } else {
            Item::Bad(
                row,
                id,
                bad.into_iter().map(|p| p.on_sheet(sheet)).collect(),
            )
        };
        // The reader stops when the main thread has given up.
        tx.send(item).map_err(|_| anyhow::anyhow!("stopped"))
    })
}

/// Drops inner objects whose every value is empty (an excuse never given, say).
fn prune(object: &mut Map<String, Value>) {
    for value in object.values_mut() {
        if let Value::Object(inner) = value
            && inner
                .values()
                .all(|v| v.is_null() || v.as_str() == Some(""))
        {
            *value = Value::Null;
        }
    }
}

/// The whole record of a 基地 row, from its 基地详情 row and sub-record rows.
fn whole_record(
    row: TableRow,
    at: u64,
    details: &mut Stream,
    subs: &mut [Stream],
    policy: &Policy,
) -> anyhow::Result<Result<Incoming, Vec<Problem>>> {
    let id = row.id.clone().unwrap_or_default();
    let (mut detail_rows, mut problems) = details.take(&id)?;
    let mut items = Vec::new();
    for stream in subs.iter_mut() {
        let (rows, bad) = stream.take(&id)?;
        items.push(rows);
        problems.extend(bad);
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let mut record = match detail_rows.pop() {
        Some(object) => object,
        None => {
            return Ok(Err(vec![
                Problem::new(
                    at,
                    COLUMNS[col::ID],
                    &id,
                    text!(
                        "「基地详情」工作表中没有这个编号的行",
                        "sheet 基地详情 has no row for this id"
                    ),
                )
                .on_sheet(BASES),
            ]));
        }
    };
    let set = |record: &mut Map<String, Value>, path: &[&str], value: Value| {
        set_path(record, path, value)
    };
    set(&mut record, &["id"], Value::String(id.clone()));
    set(&mut record, &["name"], row.name.clone().into());
    set(
        &mut record,
        &["category"],
        crate::domain::codes::Code::code(row.category).into(),
    );
    set(&mut record, &["host", "name"], row.host.clone().into());
    set(
        &mut record,
        &["host", "kind"],
        crate::domain::codes::Code::code(row.host_kind).into(),
    );
    set(&mut record, &["city"], row.city.clone().into());
    let wanted = row.canonical(policy);
    set(
        &mut record,
        &["recommender"],
        wanted[col::RECOMMENDER].clone().into(),
    );
    set(&mut record, &["leader", "name"], row.leader.clone().into());
    set(
        &mut record,
        &["leader", "qualification"],
        crate::domain::codes::Code::code(row.qualification).into(),
    );
    set(
        &mut record,
        &["leader", "identity"],
        crate::domain::codes::Code::code(row.identity).into(),
    );
    set(
        &mut record,
        &["origin"],
        crate::domain::codes::Code::code(row.origin).into(),
    );
    set(
        &mut record,
        &["status"],
        crate::domain::codes::Code::code(row.status).into(),
    );
    let date = |d: Option<chrono::NaiveDate>| {
        d.map_or(Value::Null, |d| d.format("%Y-%m-%d").to_string().into())
    };
    set(&mut record, &["rectification_deadline"], date(row.deadline));
    match row.recognised_on {
        Some(on) => {
            set(&mut record, &["recognition", "date"], date(Some(on)));
            set(
                &mut record,
                &["recognition", "doc_no"],
                row.doc_no.clone().into(),
            );
        }
        None => set(&mut record, &["recognition"], Value::Null),
    }
    match row.removal {
        Some(reason) => set(
            &mut record,
            &["removal", "reason"],
            crate::domain::codes::Code::code(reason).into(),
        ),
        None => set(&mut record, &["removal"], Value::Null),
    }
    for (sheet, rows) in SHEETS.iter().zip(items) {
        let items: Vec<Value> = rows
            .into_iter()
            .map(|mut item| {
                prune(&mut item);
                if sheet.name == RISKS {
                    // Exported without the security role: the text is not in the file.
                    for key in ["description", "mitigation"] {
                        item.entry(key)
                            .or_insert_with(|| Value::String(String::new()));
                    }
                }
                Value::Object(item)
            })
            .collect();
        set(&mut record, &[sheet.key], Value::Array(items));
    }
    prune_removal(&mut record);
    let base: Base = match serde_json::from_value(Value::Object(record)) {
        Ok(base) => base,
        Err(e) => {
            return Ok(Err(vec![
                Problem::new(
                    at,
                    "",
                    &id,
                    text!(
                        "记录无法组成：{e}",
                        "the record does not hold together: {e}"
                    ),
                )
                .on_sheet(BASES),
            ]));
        }
    };
    // The table's derived columns must agree with the sheets they come from.
    let shown = row_of(&base, policy);
    let mismatched: Vec<Problem> = (0..COLUMNS.len())
        .filter(|k| shown[*k] != wanted[*k])
        .map(|k| {
            let has = &shown[k];
            Problem::new(
                at,
                COLUMNS[k],
                &wanted[k],
                text!(
                    "与其他工作表不一致：按记录应为「{has}」",
                    "does not agree with the other sheets: the record makes it '{has}'"
                ),
            )
            .on_sheet(BASES)
        })
        .collect();
    Ok(if mismatched.is_empty() {
        Ok(Incoming::Full(Box::new(base)))
    } else {
        Err(mismatched)
    })
}

fn prune_removal(record: &mut Map<String, Value>) {
    if let Some(Value::Object(removal)) = record.get_mut("removal")
        && removal.get("note").is_none_or(Value::is_null)
    {
        removal.insert("note".into(), Value::String(String::new()));
    }
}
