//! The console's work on the store, on threads of their own so the screen never waits for it:
//! loading every row and analysing every record after the first frame, and carrying out writes
//! (a busy database never freezes the screen). Results come back as [`Msg`]s.

use super::Msg;
use super::data::{Analyser, Analysis, bans_of};
use crate::domain::findings::BanIndex;
use crate::domain::lifecycle::Ctx;
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Text};
use crate::service;
use crate::store::{Store, StoreError, Who};
use crate::text;
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

/// Loads every row and the saved views, then analyses every record, reporting each as a
/// message — a failure too, so the screen never says "loading" for ever.
pub fn load(store: Arc<Store>, policy: Arc<Policy>, today: NaiveDate, send: Sender<Msg>) {
    std::thread::spawn(move || {
        let views = store.views().map_err(|e| failure(&e));
        if send.send(Msg::Views(views)).is_err() {
            return;
        }
        let (rows, keys) = match store.summaries_and_keys() {
            Ok(loaded) => loaded,
            Err(e) => {
                let _ = send.send(Msg::LoadFailed(failure(&e)));
                return;
            }
        };
        let bans = bans_of(&rows);
        if send.send(Msg::Rows { rows, keys }).is_err() {
            return;
        }
        // A defect in a rule must not leave the screen analysing for ever either.
        let analysed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            analyse(&store, &policy, today, &bans)
        }));
        let _ = send.send(match analysed {
            Ok(Ok(analysis)) => Msg::Analysed(analysis),
            Ok(Err(e)) => Msg::AnalysisFailed(failure(&e)),
            Err(_) => Msg::AnalysisFailed(text!(
                "分析时程序出错（缺陷）；待办与徽标不可用，其余功能正常",
                "the analysis failed on a defect; triage and badges are unavailable, the rest works"
            )),
        });
    });
}

/// A store error in both languages, for the app to show.
fn failure(e: &StoreError) -> Text {
    Text::new(e.message(Lang::Zh), e.message(Lang::En))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testkit::{Harness, demo_today};
    use std::time::Duration;

    #[test]
    fn loading_sends_the_views_every_row_then_the_analysis() {
        let h = Harness::first_screen();
        let bases = h.app.total;
        let (send, messages) = std::sync::mpsc::channel();
        load(
            h.store.clone(),
            Arc::new(Policy::default_policy()),
            demo_today(),
            send,
        );
        let next = || {
            messages
                .recv_timeout(Duration::from_secs(10))
                .expect("a message")
        };
        assert!(matches!(next(), Msg::Views(Ok(v)) if v.is_empty()));
        match next() {
            Msg::Rows { rows, keys } => {
                assert_eq!((rows.len(), keys.len()), (bases, bases));
            }
            _ => panic!("the rows come second"),
        }
        match next() {
            Msg::Analysed(a) => assert_eq!(a.badges.len(), bases),
            _ => panic!("the analysis comes last"),
        }
    }
}
