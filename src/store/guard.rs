//! A damaged file must be reported, never a crash: redb trusts the pages it reads, and a zeroed
//! or altered page makes it panic (`unreachable!`, an index out of bounds) deep inside a read.
//! Every store call runs inside [`guarded`], which turns a panic raised *in redb's code* into
//! [`StoreError::Damaged`]. A panic anywhere else is a bug in jidi and is raised again as it was.

use super::StoreError;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many guarded calls this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// What the hook saw of a panic in redb during a guarded call.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Whether a panic at `file` was raised by redb's own source.
fn in_redb(file: &str) -> bool {
    file.contains("/redb-") || file.starts_with("redb-")
}

/// Takes in a panic raised in redb during a guarded call (it becomes an error message, see
/// [`guarded`]) and answers `true`; any other panic is left alone. A panic hook installed later
/// — the terminal's, which restores the screen — asks this first, so damage read by a running
/// console is reported in it rather than tearing its screen down.
pub fn absorb_guarded_panic(info: &panic::PanicHookInfo) -> bool {
    let guarded = DEPTH.with(Cell::get) > 0;
    match info.location() {
        Some(at) if guarded && in_redb(at.file()) => {
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let file = at.file().rsplit("/src/").next().unwrap_or(at.file());
            let detail = format!("redb: {message} at {file}:{}", at.line());
            CAUGHT.with(|c| *c.borrow_mut() = Some(detail));
            true
        }
        _ => false,
    }
}

/// Installs, once, a panic hook that keeps quiet about a panic in redb during a guarded call
/// (it becomes an error message) and leaves every other panic to the hook before it.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !absorb_guarded_panic(info) {
                previous(info);
            }
        }));
    });
}

/// Runs `f`; a panic inside redb becomes `StoreError::Damaged`, any other panic goes on.
pub(crate) fn guarded<T, E: From<StoreError>>(f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    install_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    match result {
        Ok(value) => value,
        Err(payload) => match CAUGHT.with(|c| c.borrow_mut().take()) {
            Some(detail) => Err(StoreError::Damaged { detail }.into()),
            None => panic::resume_unwind(payload),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_redb_sources_count_as_damage() {
        assert!(in_redb(
            "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/redb-4.6.0/src/tree_store/btree_base.rs"
        ));
        assert!(!in_redb("src/store/mod.rs"));
    }

    #[test]
    fn a_panic_elsewhere_is_raised_again() {
        let raised = panic::catch_unwind(|| {
            let _ = guarded::<(), StoreError>(|| panic!("a bug in jidi"));
        });
        assert!(raised.is_err());
    }
}
