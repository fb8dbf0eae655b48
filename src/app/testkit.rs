//! A console without a terminal, for the state-machine and screen tests: the demo data in a
//! store in a temporary directory, keys fed by name, and the effects the terminal loop would
//! carry out (search, writes) carried out here, synchronously, the way the terminal loop does.

use super::background::Watch;
use super::{App, Effect, Msg};
use crate::domain::lifecycle::Ctx;
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Text};
use crate::keymap::Keymap;
use crate::search::{SearchJob, run_search, search_in_parts};
use crate::service::{self, Done, Request};
use crate::store::{Store, Summary, Who};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

/// A demo base with security-risk notes (two).
pub const WITH_NOTES: &str = "GDICB-2015-0003";

/// The day the demo data is designed around.
pub fn demo_today() -> NaiveDate {
    crate::demo::DEMO_TODAY
        .parse()
        .expect("DEMO_TODAY is a date")
}

/// A fixed person and time, so writes do not depend on the machine running the tests.
pub fn who() -> Who {
    Who {
        actor: "tester".into(),
        at: chrono::DateTime::parse_from_rfc3339("2026-11-25T09:00:00+08:00").expect("a time"),
    }
}

/// Another administrator, working in another process.
pub fn other_user() -> Who {
    Who {
        actor: "wang".into(),
        ..who()
    }
}

/// A key by the name key files use: `j`, `G`, `space`, `enter`, `esc`, `tab`, `backtab`,
/// `ctrl-d`, `f1`, an arrow… Characters are sent without modifiers, as terminals send them.
pub fn key(name: &str) -> KeyEvent {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(c) = name.strip_prefix("ctrl-") {
        let c = c.chars().next().expect("a key after ctrl-");
        return KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    }
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return plain(KeyCode::Char(c));
    }
    plain(match name {
        "space" => KeyCode::Char(' '),
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "f1" => KeyCode::F(1),
        other => panic!("the test keyboard has no key named {other:?}"),
    })
}

pub struct Harness {
    pub app: App,
    pub store: Arc<Store>,
    /// What the store worker knows of the store.
    watch: Watch,
    matcher: crate::search::Matcher,
    /// Every request carried out, in order.
    pub requests: Vec<Request>,
    _dir: tempfile::TempDir,
}

impl Harness {
    /// The demo data, in Chinese, with the default keymap, on the demo's day, after the
    /// background loading and analysis have arrived.
    pub fn demo() -> Harness {
        Harness::with(
            Lang::Zh,
            Keymap::load("default", None).expect("the preset loads"),
        )
    }

    pub fn with(lang: Lang, keymap: Keymap) -> Harness {
        let bases = crate::demo::demo_bases().expect("the demo data loads");
        Harness::build(lang, keymap, &bases)
    }

    /// An empty database.
    pub fn empty() -> Harness {
        let keymap = Keymap::load("default", None).expect("the preset loads");
        Harness::build(Lang::Zh, keymap, &[])
    }

    /// The demo data as the first frame has it: the first screen of rows, nothing loaded or
    /// analysed yet.
    pub fn first_screen() -> Harness {
        let keymap = Keymap::load("default", None).expect("the preset loads");
        let bases = crate::demo::demo_bases().expect("the demo data loads");
        Harness::unloaded(Lang::Zh, keymap, &bases)
    }

    fn build(lang: Lang, keymap: Keymap, bases: &[crate::domain::base::Base]) -> Harness {
        let mut harness = Harness::unloaded(lang, keymap, bases);
        if !harness.rows().is_empty() {
            harness.reload();
        }
        harness
    }

    fn unloaded(lang: Lang, keymap: Keymap, bases: &[crate::domain::base::Base]) -> Harness {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Arc::new(Store::open(&dir.path().join("jidi.redb")).expect("a store"));
        let policy = Arc::new(Policy::default_policy());
        let today = demo_today();
        let ctx = crate::domain::lifecycle::Ctx {
            policy: &policy,
            today,
        };
        // The key file where the store says it is, so a security user's reading can open it.
        let key = crate::seal::OpenKey::generate();
        let key_path = dir.path().join("notes.key");
        std::fs::write(&key_path, key.file_text("2026-11-25")).expect("the key file");
        service::set_note_key(&store, &who(), ctx, &key.seal_key(), &key_path, None)
            .expect("a note key is recorded");
        service::load(&store, &who(), bases, Text::new("演示数据", "demo data"))
            .expect("the demo data is stored");
        // Someone else who may change anything, for the tests of shared use.
        service::perform(
            &store,
            &who(),
            ctx,
            Request::GrantRoles {
                name: other_user().actor,
                roles: vec![crate::domain::roles::Role::Admin],
                scope: None,
            },
        )
        .expect("another admin");
        let total = store.count().expect("a count") as usize;
        // As the terminal loop does: a first screen of rows, then every row, then the analysis.
        let watch = Watch::new(&store, &who().actor).expect("the store's version");
        let first = store.first_summaries(30).expect("rows");
        let source: Arc<dyn super::Source> = store.clone();
        let mut app = App::new(policy.clone(), today, lang, keymap, source, first, total);
        app.version = watch.version();
        let grant = store.grant_of(&who().actor).expect("the tester's roles");
        app.set_grant(&who().actor, grant);
        Harness {
            app,
            store,
            watch,
            matcher: crate::search::Matcher::new(),
            requests: Vec::new(),
            _dir: dir,
        }
    }

    /// Every row and a fresh analysis from the store, as the store worker sends them.
    pub fn reload(&mut self) {
        let messages = self.watch.load(&self.store);
        self.deliver(messages);
    }

    /// What the store worker finds when it next looks: other users' changes since.
    pub fn poll(&mut self) -> Vec<Effect> {
        let messages = self.watch.catch_up(&self.store);
        self.deliver(messages)
    }

    /// Hands the store worker's messages to the app as the terminal loop does, with the
    /// analysis that follows freshly loaded rows; returns the effects left for the terminal.
    fn deliver(&mut self, messages: Vec<Msg>) -> Vec<Effect> {
        let mut rest = Vec::new();
        for msg in messages {
            let analysis = match &msg {
                Msg::Rows { rows, .. } => Some(super::data::bans_of(rows)),
                _ => None,
            };
            let effects = self.app.update(msg);
            rest.extend(self.carry_out(effects));
            if let Some(bans) = analysis {
                let analysed = super::background::analysis(
                    &self.store,
                    &self.app.policy,
                    self.app.today,
                    &bans,
                );
                let effects = self.app.update(analysed);
                rest.extend(self.carry_out(effects));
            }
        }
        rest
    }

    /// Another user, `wang` (an admin), makes a change in another process.
    pub fn as_other_user(&mut self, request: Request) -> Done {
        let ctx = Ctx {
            policy: &self.app.policy,
            today: self.app.today,
        };
        service::perform(&self.store, &other_user(), ctx, request).expect("the other user's change")
    }

    /// Another admin grants the tester `roles` (limited to `scope`, a city's code, if given);
    /// the console notices on its next look at the store.
    pub fn granted(&mut self, roles: &[crate::domain::roles::Role], scope: Option<&str>) {
        self.as_other_user(Request::GrantRoles {
            name: who().actor,
            roles: roles.to_vec(),
            scope: scope.map(str::to_string),
        });
        self.poll();
    }

    pub fn policy(&self) -> &Policy {
        &self.app.policy
    }

    pub fn rows(&self) -> &[Summary] {
        &self.app.rows
    }

    /// One key; the effects come back as they are, nothing carried out.
    pub fn send(&mut self, name: &str) -> Vec<Effect> {
        self.app.update(Msg::Key(key(name)))
    }

    /// Keys by name, separated by spaces (`"g g"`, `"f c space enter"`), each one's searches
    /// and writes carried out before the next key; the other effects are returned.
    pub fn press(&mut self, names: &str) -> Vec<Effect> {
        let mut rest = Vec::new();
        for name in names.split_whitespace() {
            let effects = self.send(name);
            rest.extend(self.carry_out(effects));
        }
        rest
    }

    /// Types `text` one character at a time (into whatever has the focus), carrying out effects.
    pub fn type_text(&mut self, text: &str) -> Vec<Effect> {
        let mut rest = Vec::new();
        for c in text.chars() {
            let effects = self.app.update(Msg::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
            rest.extend(self.carry_out(effects));
        }
        rest
    }

    /// `:command` then Enter.
    pub fn command(&mut self, line: &str) -> Vec<Effect> {
        let mut rest = self.press(":");
        rest.extend(self.type_text(line));
        rest.extend(self.press("enter"));
        rest
    }

    /// Carries out searches and writes as the terminal loop would, feeding back their results;
    /// returns the effects left for the terminal itself (copy, quit, redraw, reload).
    pub fn carry_out(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let mut rest = Vec::new();
        for effect in effects {
            match effect {
                Effect::Search { seq, query, within } => {
                    // Part by part, as the search worker hands them over.
                    let job = SearchJob {
                        seq,
                        query,
                        within,
                        keys: self.app.keys.clone(),
                    };
                    let mut parts = Vec::new();
                    search_in_parts(&job, &mut self.matcher, || true, |f| parts.push(f));
                    for (hits, complete) in parts {
                        let more = self.app.update(Msg::SearchFound {
                            seq,
                            hits,
                            complete,
                        });
                        rest.extend(self.carry_out(more));
                    }
                }
                Effect::Write { request, seen } => {
                    self.requests.push(request.clone());
                    let ctx = Ctx {
                        policy: &self.app.policy,
                        today: self.app.today,
                    };
                    let messages = self.watch.write(&self.store, &who(), ctx, request, seen);
                    rest.extend(self.deliver(messages));
                }
                Effect::History(query) => {
                    let page = super::history::read_page(&self.store, &query);
                    let more = self.app.update(Msg::HistoryPage(page));
                    rest.extend(self.carry_out(more));
                }
                Effect::PlanOutcomes { path } => {
                    let ctx = Ctx {
                        policy: &self.app.policy,
                        today: self.app.today,
                    };
                    let msg = super::background::plan_outcomes(&self.store, ctx, &path);
                    rest.extend(self.deliver(vec![msg]));
                }
                Effect::ReadNotes { id } => {
                    let ctx = Ctx {
                        policy: &self.app.policy,
                        today: self.app.today,
                    };
                    let access = super::background::NoteAccess::default();
                    let msg = super::background::read_notes(&self.store, &who(), ctx, &access, &id);
                    rest.extend(self.deliver(vec![msg]));
                }
                other => rest.push(other),
            }
        }
        rest
    }

    /// What the search worker would answer.
    pub fn search(
        &mut self,
        seq: u64,
        query: String,
        within: Option<Vec<u32>>,
    ) -> Vec<crate::search::SearchHit> {
        let job = SearchJob {
            seq,
            query,
            within,
            keys: self.app.keys.clone(),
        };
        run_search(&job, &mut self.matcher)
    }

    /// What the store worker would do with a write made against `seen`, its messages not yet
    /// delivered.
    pub fn perform(&mut self, request: Request, seen: u64) -> Vec<Msg> {
        self.requests.push(request.clone());
        let ctx = Ctx {
            policy: &self.app.policy,
            today: self.app.today,
        };
        self.watch.write(&self.store, &who(), ctx, request, seen)
    }

    /// Ids of the list's visible rows, top to bottom.
    pub fn visible_ids(&self) -> Vec<String> {
        self.app
            .list
            .visible
            .iter()
            .map(|v| self.app.rows[v.row as usize].id.clone())
            .collect()
    }

    pub fn cursor_id(&self) -> Option<String> {
        self.app.current_id()
    }

    /// Puts the list cursor on `id` with keys (Home, then j), so tests of other things do not
    /// depend on the command line.
    pub fn cursor_to(&mut self, id: &str) {
        let index = self
            .visible_ids()
            .iter()
            .position(|v| v == id)
            .unwrap_or_else(|| panic!("{id} is not on the list"));
        self.press("home");
        for _ in 0..index {
            self.press("j");
        }
        assert_eq!(self.cursor_id().as_deref(), Some(id));
    }

    /// The status-bar notice, in the app's language.
    pub fn notice(&self) -> Option<String> {
        self.app
            .notice
            .as_ref()
            .map(|n| n.text.get(self.app.lang).to_string())
    }

    /// The first row, in id order, that `pick` accepts.
    pub fn first_row(&self, pick: impl Fn(&Summary) -> bool) -> Summary {
        self.rows()
            .iter()
            .find(|r| pick(r))
            .cloned()
            .expect("the demo data has such a base")
    }
}
