//! The console's work on the store, on threads of their own so the screen never waits for it:
//! loading every row and analysing every record after the first frame, and carrying out writes
//! (a busy database never freezes the screen). Results come back as [`Msg`]s.

use super::Msg;
use super::data::{Analyser, Analysis, bans_of};
use crate::domain::findings::BanIndex;
use crate::domain::lifecycle::Ctx;
use crate::domain::policy::Policy;
use crate::service;
use crate::store::{Store, StoreError, Who};
use chrono::NaiveDate;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

/// Analyses every record, one at a time.
pub fn analyse(
    store: &Store,
    policy: &Policy,
    today: NaiveDate,
    bans: &BanIndex,
) -> Result<Analysis, StoreError> {
    let mut analyser = Analyser::new(Ctx { policy, today }, bans);
    store.for_each_base(|base| analyser.add(&base))?;
    Ok(analyser.finish())
}

/// Loads every row, then analyses every record, reporting each as a message.
pub fn load(store: Arc<Store>, policy: Arc<Policy>, today: NaiveDate, send: Sender<Msg>) {
    std::thread::spawn(move || {
        let Ok((rows, keys)) = store.summaries_and_keys() else {
            return;
        };
        let bans = bans_of(&rows);
        if send.send(Msg::Rows { rows, keys }).is_err() {
            return;
        }
        if let Ok(analysis) = analyse(&store, &policy, today, &bans) {
            let _ = send.send(Msg::Analysed(analysis));
        }
    });
}

/// Carries out the writes the app asks for, in order, each reported as [`Msg::Written`].
pub fn writer(
    store: Arc<Store>,
    policy: Arc<Policy>,
    today: NaiveDate,
    requests: Receiver<service::Request>,
    send: Sender<Msg>,
) {
    std::thread::spawn(move || {
        while let Ok(request) = requests.recv() {
            let who = Who::current(policy.timezone);
            let ctx = Ctx {
                policy: &policy,
                today,
            };
            let result = service::perform(&store, &who, ctx, request).map_err(|e| e.text());
            if send.send(Msg::Written(result)).is_err() {
                return;
            }
        }
    });
}
