//! What the console starts from: its options, and the app with the first screen of rows, read
//! before the first frame (everything else is loaded after it, see [`super::background`]).

use super::App;
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Text};
use crate::keymap::Keymap;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use std::sync::Arc;

/// Rows read before the first frame: enough to fill any screen.
const FIRST_SCREEN_ROWS: usize = 300;

pub struct Options {
    pub policy: Arc<Policy>,
    pub today: NaiveDate,
    pub lang: Lang,
    pub keymap: Keymap,
    /// Start-up warnings to show in the status bar (e.g. a non-UTF-8 locale).
    pub warnings: Vec<Text>,
    /// `note_key` of config.toml: where this user's key to confidential note text is.
    pub note_key: Option<std::path::PathBuf>,
    /// `--read-only`, or a database file the user may not write.
    pub read_only: bool,
}

impl Options {
    /// What the store worker needs to open note text for this session.
    pub fn note_access(&self) -> super::background::NoteAccess {
        super::background::NoteAccess {
            configured_key: self.note_key.clone(),
            read_only: self.read_only,
        }
    }
}

/// The app with the first screen of rows, as the first frame needs. A read that fails (a
/// damaged file) does not stop the console: it opens with what it could read and says why, and
/// keeps answering — the user can read the message, look at what is there and quit.
pub fn first_app(store: &Arc<Store>, options: &Options) -> App {
    let mut problems = Vec::new();
    let p = &mut problems;
    // Before the rows: a change made before they are all loaded is judged against this.
    let version = read(super::background::version(store), p);
    let user = crate::store::Who::current(options.policy.timezone).actor;
    // A grant that cannot be read grants nothing: a viewer's.
    let grant = read(store.grant_of(&user), p);
    let total = read(store.count().map(|n| n as usize), p);
    let first = read(store.first_summaries(FIRST_SCREEN_ROWS), p);
    let whole = total.is_some() && first.is_some();
    let first = first.unwrap_or_default();
    let source: Arc<dyn super::Source> = store.clone();
    let mut app = App::new(
        options.policy.clone(),
        options.today,
        options.lang,
        options.keymap.clone(),
        source,
        first,
        total.unwrap_or_default(),
    );
    // Not known to be empty: the rows still to come, or the reason they cannot.
    app.loaded &= whole;
    app.version = version.unwrap_or_default();
    app.read_only = options.read_only;
    app.set_grant(&user, grant.unwrap_or_default());
    for warning in options.warnings.iter().chain(&problems) {
        app.warn(warning.clone());
    }
    app
}

/// The value read, or `None` with the reason kept for the status bar.
fn read<T>(result: Result<T, StoreError>, problems: &mut Vec<Text>) -> Option<T> {
    result
        .map_err(|e| {
            problems.push(Text::new(
                e.message(crate::domain::text::Lang::Zh),
                e.message(crate::domain::text::Lang::En),
            ))
        })
        .ok()
}
