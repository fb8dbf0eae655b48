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

/// The app with the first screen of rows, as the first frame needs.
pub fn first_app(store: &Arc<Store>, options: &Options) -> Result<App, StoreError> {
    // Before the rows: a change made before they are all loaded is judged against this.
    let version = super::background::version(store)?;
    let user = crate::store::Who::current(options.policy.timezone).actor;
    let grant = store.grant_of(&user)?;
    let total = store.count()? as usize;
    let first = store.first_summaries(FIRST_SCREEN_ROWS)?;
    let source: Arc<dyn super::Source> = store.clone();
    let mut app = App::new(
        options.policy.clone(),
        options.today,
        options.lang,
        options.keymap.clone(),
        source,
        first,
        total,
    );
    app.version = version;
    app.read_only = options.read_only;
    app.set_grant(&user, grant);
    for warning in &options.warnings {
        app.warn(warning.clone());
    }
    Ok(app)
}
