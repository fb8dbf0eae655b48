//! `jidi import`: every record of a file is read, checked and planned against the database in
//! one write transaction, in one pass; the transaction is kept only when every record is good
//! (or `--skip-invalid`) and it is not a dry run. Memory grows with the ids seen and the problems
//! found, not with the file.

use super::plan::{self, Diff, Fault, Incoming, Plan};
use super::problems::{Problem, Report, RowUnit};
use super::source::{Format, Source};
use super::table::{COLUMNS, Header, TableRow, col};
use crate::domain::lifecycle::Ctx;
use crate::service::import::{Importer, Tag, import};
use crate::store::{Store, Who, WriteError};
use crate::text;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Plan everything, keep nothing.
    pub dry_run: bool,
    /// Keep the good records even when others are bad.
    pub skip_invalid: bool,
}

/// One record of the dry run's listing.
#[derive(Clone, Debug)]
pub enum Listed {
    Created {
        row: u64,
        id: String,
        name: String,
    },
    Changed {
        row: u64,
        id: String,
        diff: Vec<Diff>,
    },
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub created: u64,
    pub changed: u64,
    pub unchanged: u64,
    pub report: Report,
    pub unit: Option<RowUnit>,
    /// The dry run's created and changed records, in file order.
    pub listing: Vec<Listed>,
    /// Whether the database now holds the import.
    pub kept: bool,
}

/// One record read from a file, before it is planned.
pub struct Read {
    pub row: u64,
    pub sheet: Option<&'static str>,
    pub incoming: Result<Incoming, Vec<Problem>>,
}

/// Imports `source` into `store` as `who`. `progress(done, total)` is called as the file is
/// read. A file-level problem (not a table, bad header, malformed JSON, damaged workbook) is an
/// error; problems of single records are in the outcome's report.
pub fn run(
    source: &Source,
    store: &Store,
    who: &Who,
    ctx: Ctx,
    options: Options,
    progress: &mut dyn FnMut(u64, u64),
) -> anyhow::Result<Outcome> {
    let tag = Tag {
        file: source.name.clone(),
        sha256: source.sha256.clone(),
    };
    let mut failure: Option<anyhow::Error> = None;
    let result = import(store, who, ctx, &tag, |importer| {
        let mut state = State {
            importer,
            options,
            outcome: Outcome::default(),
            seen: HashMap::new(),
        };
        let read = read(source, ctx, &mut |r: Read, done, total| {
            progress(done, total);
            state.take(r)
        });
        if let Err(e) = read {
            return match e.downcast::<WriteError>() {
                Ok(w) => Err(w),
                Err(other) => {
                    failure = Some(other);
                    Ok((Outcome::default(), false))
                }
            };
        }
        let mut outcome = state.outcome;
        outcome.kept = !options.dry_run && (outcome.report.is_empty() || options.skip_invalid);
        let keep = outcome.kept;
        Ok((outcome, keep))
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let mut outcome = result?;
    outcome.unit = Some(match source.format {
        Format::Json => RowUnit::Record,
        Format::Csv | Format::Xlsx => RowUnit::Row,
    });
    Ok(outcome)
}

type Sink<'a> = dyn FnMut(Read, u64, u64) -> anyhow::Result<()> + 'a;

fn read(source: &Source, ctx: Ctx, sink: &mut Sink) -> anyhow::Result<()> {
    let policy = ctx.policy;
    match source.format {
        Format::Csv => {
            let total = source.size;
            let mut header = None;
            super::csv::read_rows(source, |row, cells, at| {
                let Some(h) = &header else {
                    header = Some(Header::parse(cells, &source.name)?);
                    return Ok(());
                };
                match table_row(h, row, cells, policy, None) {
                    Some(read) => sink(read, at, total),
                    None => Ok(()),
                }
            })
        }
        Format::Json => {
            let total = source.size;
            super::json::read_records(source, &mut |n, record| {
                let incoming = record
                    .map(|b| Incoming::Full(Box::new(b)))
                    .map_err(|f| vec![Problem::new(n, &f.field, &f.value, f.text)]);
                sink(
                    Read {
                        row: n,
                        sheet: None,
                        incoming,
                    },
                    0,
                    total,
                )
            })
        }
        Format::Xlsx => {
            super::xlsx::read_bases(source, policy, &mut |row, sheet, incoming, done, total| {
                sink(
                    Read {
                        row,
                        sheet,
                        incoming,
                    },
                    done,
                    total,
                )
            })
        }
    }
}

/// A table row read and typed; `None` for a blank row.
pub fn table_row(
    header: &super::table::Header,
    row: u64,
    cells: &[String],
    policy: &crate::domain::policy::Policy,
    sheet: Option<&'static str>,
) -> Option<Read> {
    let picked = header.pick(cells)?;
    let mut problems = Vec::new();
    if let Some(extra) = header.overflow(cells) {
        problems.push(Problem::new(
            row,
            "",
            extra,
            text!(
                "该行的单元格比表头多",
                "the row has more cells than the header"
            ),
        ));
    }
    let incoming = match TableRow::parse(picked.clone(), policy) {
        Ok(parsed) if problems.is_empty() => Ok(Incoming::Table(Box::new(parsed))),
        Ok(_) => Err(problems),
        Err(faults) => {
            problems.extend(faults.into_iter().map(|f| {
                Problem::from_refusal(row, COLUMNS[f.column], &picked[f.column], f.refusal)
            }));
            Err(problems)
        }
    };
    Some(Read {
        row,
        sheet,
        incoming,
    })
}

struct State<'i, 'a, 'b, 'c> {
    importer: &'i mut Importer<'a, 'b, 'c>,
    options: Options,
    outcome: Outcome,
    /// Each id met in the file, with the row it was first met on.
    seen: HashMap<String, u64>,
}

impl State<'_, '_, '_, '_> {
    fn take(&mut self, read: Read) -> anyhow::Result<()> {
        let Read {
            row,
            sheet,
            incoming,
        } = read;
        let locate = |p: Problem| match sheet {
            Some(s) => p.on_sheet(s),
            None => p,
        };
        let incoming = match incoming {
            Ok(incoming) => incoming,
            Err(problems) => {
                self.outcome.report.extend(problems.into_iter().map(locate));
                return Ok(());
            }
        };
        let id_column = match &incoming {
            Incoming::Table(_) => COLUMNS[col::ID],
            Incoming::Full(_) => "id",
        };
        if let Some(id) = incoming.id() {
            if let Some(first) = self.seen.get(id) {
                let first = *first;
                let text = match &incoming {
                    Incoming::Table(_) => text!(
                        "编号在文件中重复（第 {first} 行已有）",
                        "the id appears twice in the file (first on row {first})"
                    ),
                    Incoming::Full(_) => text!(
                        "编号在文件中重复（第 {first} 条记录已有）",
                        "the id appears twice in the file (first in record {first})"
                    ),
                };
                self.outcome
                    .report
                    .push(locate(Problem::new(row, id_column, id, text)));
                return Ok(());
            }
            self.seen.insert(id.to_string(), row);
        }
        let current = match incoming.id() {
            Some(id) => self.importer.base(id)?,
            None => None,
        };
        // An application inside a five-year ban is taken in as it is: the file records what
        // exists, and triage reports it (application_banned), as it does for any such record.
        let plan = match plan::plan(&incoming, current.as_ref(), &self.importer.ctx) {
            Ok(plan) => plan,
            Err(faults) => {
                for Fault { column, refusal } in faults {
                    // A table row's fault names its column and cell; a whole record's, the
                    // record's field and the value it holds there.
                    let (column, value) = match &incoming {
                        Incoming::Table(t) => {
                            let cell = COLUMNS.iter().position(|h| *h == column);
                            let value = cell.map(|k| t.cells[k].clone()).unwrap_or_default();
                            (column, value)
                        }
                        Incoming::Full(base) => {
                            let field = plan::record_field(&column).to_string();
                            let value = super::json::field_value(base, &field);
                            (field, value)
                        }
                    };
                    self.outcome
                        .report
                        .push(locate(Problem::from_refusal(row, &column, &value, refusal)));
                }
                return Ok(());
            }
        };
        let listed = match &plan {
            Plan::Unchanged => {
                self.outcome.unchanged += 1;
                None
            }
            Plan::Create { base, .. } => {
                self.outcome.created += 1;
                Some((base.name.clone(), None))
            }
            Plan::Update { diff, .. } => {
                self.outcome.changed += 1;
                Some((String::new(), Some(diff.clone())))
            }
        };
        let current_id = current.as_ref().map(|b| b.id.clone());
        let id = self.importer.apply(plan, current_id.as_deref())?;
        if self.options.dry_run
            && let (Some((name, diff)), Some(id)) = (listed, id)
        {
            self.outcome.listing.push(match diff {
                None => Listed::Created { row, id, name },
                Some(diff) => Listed::Changed { row, id, diff },
            });
        }
        Ok(())
    }
}
