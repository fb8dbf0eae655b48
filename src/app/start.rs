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
}

/// The app with the first screen of rows, as the first frame needs.
pub fn first_app(store: &Arc<Store>, options: &Options) -> Result<App, StoreError> {
    // Before the rows: a change made before they are all loaded is judged against this.
    let version = super::background::version(store)?;
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
    app.me = crate::store::Who::current(options.policy.timezone).actor;
    for warning in &options.warnings {
        app.warn(warning.clone());
    }
    Ok(app)
}
