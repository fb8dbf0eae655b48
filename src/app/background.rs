//! The console's work on the store, on threads of its own so the screen never waits for it. One
//! store worker loads every row after the first frame, carries out the writes the app asks for
//! (each made against the version the user saw), and between them watches for other users'
//! commits: it polls the store's generation counter (one small read) and reads only the events
//! since the version it last reported, and the bases they changed. The analysis of every record
//! runs on a thread of its own, so writes never wait for it. Results come back as [`Msg`]s,
//! in the order things happened.

use super::data::{Analyser, Analysis, bans_of};
use super::{Changes, Msg};
use crate::domain::findings::BanIndex;
use crate::domain::lifecycle::Ctx;
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Text};
use crate::service::{self, Request, Seen};
use crate::store::{Event, Store, StoreError, Who};
use crate::text;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// How often the store is looked at for other users' commits: one read of the generation
/// counter (microseconds), so a change shows well within the second the issue asks for.
pub const POLL: Duration = Duration::from_millis(250);

/// The action of the events that grant or withdraw roles.
const USERS_ACTION: &str = "users";

/// Other users' changes applied one by one at most; beyond that (an import, a restore) every row
/// is loaded again.
const CATCH_UP_LIMIT: usize = 200;

/// Work for the store worker: a change made against the version the user saw, or a reading of
/// confidential note text (itself recorded, so a write).
pub enum Job {
    Write { request: Request, seen: u64 },
    ReadNotes { id: String },
    PlanOutcomes { path: std::path::PathBuf },
}

/// The dry run of the evaluator's sheet at `path` against the store as it is now.
pub fn plan_outcomes(store: &Store, ctx: Ctx, path: &std::path::Path) -> Msg {
    use crate::interchange::{outcomes, source};
    let planned = source::inspect(path)
        .map_err(anyhow::Error::from)
        .and_then(|source| {
            let (planned, report) = outcomes::plan_in(store, &ctx, &source)?;
            Ok(super::outcomes::OutcomesPlan {
                source,
                planned,
                problems: report.problems,
            })
        });
    Msg::OutcomesPlanned(planned.map_err(|e| error_text(&e)))
}

/// An error as both languages say it: a refusal's or the store's own words, else as it prints.
fn error_text(error: &anyhow::Error) -> Text {
    if let Some(r) = error.downcast_ref::<crate::domain::text::Refusal>() {
        return r.text.clone();
    }
    if let Some(e) = error.downcast_ref::<StoreError>() {
        return failure(e);
    }
    let shown = format!("{error:#}");
    Text::new(shown.clone(), shown)
}

/// Where this user's note key is, as config.toml says, and whether the session is read-only:
/// what the worker needs to open note text.
#[derive(Clone, Debug, Default)]
pub struct NoteAccess {
    pub configured_key: Option<std::path::PathBuf>,
    pub read_only: bool,
}

/// Base `id`'s confidential text as `who` may see it, the reading recorded first (see
/// [`service::notes_for`]); the console's store serves as its own writer.
pub fn read_notes(store: &Store, who: &Who, ctx: Ctx, access: &NoteAccess, id: &str) -> Msg {
    let notes = match store.base(id) {
        Ok(base) => {
            let reader = service::Reader {
                who,
                configured_key: access.configured_key.as_deref(),
                read_only: access.read_only,
            };
            service::notes_for(store, || Ok(store), &reader, ctx, &base)
        }
        Err(e) => crate::domain::confidential::Notes::Sealed(failure(&e)),
    };
    Msg::NotesRead {
        id: id.to_string(),
        notes,
    }
}

/// What this session knows of the store: the version (latest event) its views show, the
/// generation counter it last read, and the versions its own writes made, which are no news.
pub struct Watch {
    /// The account using the console: its roles are read again when roles change.
    actor: String,
    seen: u64,
    generation: u64,
    own: Vec<(u64, u64)>,
    /// The last problem reported while watching, so a lasting one is said once.
    problem: Option<String>,
}

/// The latest event's number: the version of the whole store.
pub fn version(store: &Store) -> Result<u64, StoreError> {
    let mut latest = 0;
    store.events_newest_first(None, |e| {
        latest = e.seq;
        false
    })?;
    Ok(latest)
}

impl Watch {
    /// Watching from now: the generation is read before the version, so a commit between the two
    /// reads is looked at again rather than missed.
    pub fn new(store: &Store, actor: &str) -> Result<Watch, StoreError> {
        let generation = store.generation()?;
        Ok(Watch {
            actor: actor.to_string(),
            seen: version(store)?,
            generation,
            own: Vec::new(),
            problem: None,
        })
    }

    /// The version the console is known to show.
    pub fn version(&self) -> u64 {
        self.seen
    }

    /// Every row and the saved views, as of now.
    pub fn load(&mut self, store: &Store) -> Vec<Msg> {
        let mut out = vec![Msg::Views(store.views().map_err(|e| failure(&e)))];
        // Read before the rows: rows newer than the version only make a later check stricter.
        let before = store.generation().and_then(|g| Ok((g, version(store)?)));
        match before.and_then(|v| Ok((v, store.summaries_and_keys()?))) {
            Ok(((generation, version), (rows, keys))) => {
                self.generation = generation;
                self.seen = version;
                out.push(Msg::Rows {
                    rows,
                    keys,
                    version,
                });
            }
            Err(e) => out.push(Msg::LoadFailed(failure(&e))),
        }
        out
    }

    /// Carries out one write made against version `seen`. Its result comes after the other
    /// users' changes it was refused over, so the screen shows the new version when the user
    /// reads why; a stored change comes first, then any changes others made around it.
    pub fn write(
        &mut self,
        store: &Store,
        who: &Who,
        ctx: Ctx,
        request: Request,
        seen: u64,
    ) -> Vec<Msg> {
        match service::perform_seen(store, who, ctx, request, Some(Seen(seen))) {
            Ok(done) => {
                let (before, after) = done.versions;
                if before == self.seen {
                    self.seen = after;
                } else {
                    self.own.push((before, after));
                }
                let mut out = vec![Msg::Written(Ok(done))];
                out.extend(self.catch_up(store));
                out
            }
            Err(e) => {
                let mut out = self.catch_up(store);
                out.push(Msg::Written(Err(e)));
                out
            }
        }
    }

    /// Other users' commits since the last look: their events, the bases they changed as they
    /// are now, the saved views if those changed — or every row again after a great many, or
    /// after the file was replaced (a restore) and opened again. What the store noticed about
    /// its file (deleted, replaced, damaged records skipped) comes first.
    pub fn catch_up(&mut self, store: &Store) -> Vec<Msg> {
        let mut out = Vec::new();
        if let Some(notice) = store.take_notice() {
            out.push(Msg::StoreNotice(notice.text));
            if notice.reopened {
                out.extend(self.load(store));
                return out;
            }
        }
        out.extend(self.look(store));
        out
    }

    fn look(&mut self, store: &Store) -> Vec<Msg> {
        match self.changes(store) {
            Ok(out) => {
                self.problem = None;
                out
            }
            Err(e) => {
                let text = failure(&e);
                if self.problem.as_deref() == Some(text.zh.as_str()) {
                    return Vec::new();
                }
                self.problem = Some(text.zh.clone());
                vec![Msg::WatchFailed(text)]
            }
        }
    }

    fn changes(&mut self, store: &Store) -> Result<Vec<Msg>, StoreError> {
        let generation = store.generation()?;
        if generation == self.generation {
            return Ok(Vec::new());
        }
        let since = self.seen;
        let mut newest_first = Vec::new();
        let mut more = false;
        store.events_newest_first(None, |e| {
            if e.seq <= since {
                return false;
            }
            if newest_first.len() == CATCH_UP_LIMIT {
                more = true;
                return false;
            }
            newest_first.push(e);
            true
        })?;
        self.generation = generation;
        let Some(latest) = newest_first.first().map(|e| e.seq) else {
            return Ok(Vec::new());
        };
        let own = std::mem::take(&mut self.own);
        // This user's own readings of note text are no news either (they change nothing).
        let events: Vec<Event> = newest_first
            .into_iter()
            .rev()
            .filter(|e| !own.iter().any(|(from, to)| e.seq > *from && e.seq <= *to))
            .filter(|e| !(e.is_reading() && e.actor == self.actor))
            .collect();
        // Roles changed (or too much happened to tell): this user's are read again.
        let grant = if more || events.iter().any(|e| e.action == USERS_ACTION) {
            Some(store.grant_of(&self.actor)?)
        } else {
            None
        };
        if more {
            let count = (latest - since) as usize;
            let mut out = self.load(store);
            out.push(Msg::Changed(Changes {
                version: self.seen,
                grant,
                count,
                events,
                bases: Vec::new(),
                views: None,
            }));
            return Ok(out);
        }
        let ids: BTreeSet<&str> = events.iter().filter_map(|e| e.base_id.as_deref()).collect();
        let bases = ids
            .into_iter()
            .map(|id| store.base(id))
            .collect::<Result<Vec<_>, _>>()?;
        // Events about no base are about views, users or settings: the views are read again.
        let views = if events.iter().any(|e| e.base_id.is_none()) {
            Some(store.views()?)
        } else {
            None
        };
        self.seen = latest;
        Ok(vec![Msg::Changed(Changes {
            version: latest,
            grant,
            count: events.len(),
            events,
            bases,
            views,
        })])
    }
}

/// Analyses every record, one at a time, with the follow-ups of their findings.
pub fn analyse(
    store: &Store,
    policy: &Policy,
    today: NaiveDate,
    bans: &BanIndex,
) -> Result<Analysis, StoreError> {
    let mut analyser = Analyser::new(Ctx { policy, today }, bans);
    store.for_each_base(|base| analyser.add(&base))?;
    let mut analysis = analyser.finish();
    analysis.cases = super::cases::Cases::new(store.cases()?);
    Ok(analysis)
}

/// The analysis as a message; a failure too, so the screen never says "analysing" for ever.
pub fn analysis(store: &Store, policy: &Policy, today: NaiveDate, bans: &BanIndex) -> Msg {
    // A defect in a rule must not leave the screen analysing for ever either.
    let analysed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyse(store, policy, today, bans)
    }));
    match analysed {
        Ok(Ok(analysis)) => Msg::Analysed(analysis),
        Ok(Err(e)) => Msg::AnalysisFailed(failure(&e)),
        Err(_) => Msg::AnalysisFailed(text!(
            "分析时程序出错（缺陷）；待办与徽标不可用，其余功能正常",
            "the analysis failed on a defect; triage and badges are unavailable, the rest works"
        )),
    }
}

/// A store error in both languages, for the app to show.
fn failure(e: &StoreError) -> Text {
    Text::new(e.message(Lang::Zh), e.message(Lang::En))
}

/// The store worker: loads every row, then carries out writes as they come and watches for
/// other users' commits between them, until the app goes away.
pub fn spawn(
    store: Arc<Store>,
    policy: Arc<Policy>,
    today: NaiveDate,
    notes: NoteAccess,
    jobs: Receiver<Job>,
    send: Sender<Msg>,
) {
    std::thread::spawn(move || {
        let actor = Who::current(policy.timezone).actor;
        let mut watch = match Watch::new(&store, &actor) {
            Ok(w) => w,
            Err(e) => {
                let _ = send.send(Msg::LoadFailed(failure(&e)));
                return;
            }
        };
        let mut out = watch.load(&store);
        loop {
            for msg in out.drain(..) {
                // Every row again: analyse them, apart, so writes need not wait.
                if let Msg::Rows { rows, .. } = &msg {
                    let (store, policy, send) = (store.clone(), policy.clone(), send.clone());
                    let bans = bans_of(rows);
                    std::thread::spawn(move || {
                        let _ = send.send(analysis(&store, &policy, today, &bans));
                    });
                }
                if send.send(msg).is_err() {
                    return;
                }
            }
            let who = || Who::current(policy.timezone);
            let ctx = Ctx {
                policy: &policy,
                today,
            };
            out = match jobs.recv_timeout(POLL) {
                Ok(Job::Write { request, seen }) => watch.write(&store, &who(), ctx, request, seen),
                Ok(Job::ReadNotes { id }) => vec![read_notes(&store, &who(), ctx, &notes, &id)],
                Ok(Job::PlanOutcomes { path }) => vec![plan_outcomes(&store, ctx, &path)],
                Err(RecvTimeoutError::Timeout) => watch.catch_up(&store),
                Err(RecvTimeoutError::Disconnected) => return,
            };
        }
    });
}
