//! Searching the console's rows off the input path: a [`SearchJob`] names the query and the rows'
//! keys, [`run_search`] scores them, and [`spawn_worker`] runs jobs on a thread of their own so
//! typing never waits for a pass (only the newest query is searched; older ones are dropped).

use super::{Hit, Matcher, Query, SearchKey};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

/// One search hit: which row, how good, and which characters to highlight.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub row: u32,
    pub hit: Hit,
}

/// A search to run: the query and the search keys of the rows, in row order.
pub struct SearchJob {
    /// Answers carry it back, so an answer to an older query can be told apart.
    pub seq: u64,
    pub query: String,
    /// Only these rows (the hits of a query this one narrows); every row when `None`.
    pub within: Option<Vec<u32>>,
    pub keys: Arc<Vec<SearchKey<'static>>>,
}

/// Below this many rows a pass is too short to be worth splitting over threads.
const SPLIT_FROM: u32 = 20_000;

/// Scores the rows (or only `within`) against the query, best first. A full pass is split over
/// the machine's cores: the first keystroke of a query scores every base.
pub fn run_search(job: &SearchJob, matcher: &mut Matcher) -> Vec<SearchHit> {
    let query = Query::new(&job.query);
    let score = |row: u32, matcher: &mut Matcher| {
        job.keys
            .get(row as usize)
            .and_then(|key| matcher.score(&query, key))
            .map(|hit| SearchHit { row, hit })
    };
    let mut hits: Vec<SearchHit> = match &job.within {
        Some(rows) => rows.iter().filter_map(|r| score(*r, matcher)).collect(),
        None => {
            let total = job.keys.len() as u32;
            let threads = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .clamp(1, 4) as u32;
            let chunk = total.div_ceil(threads).max(1);
            if threads == 1 || total < SPLIT_FROM {
                (0..total).filter_map(|r| score(r, matcher)).collect()
            } else {
                std::thread::scope(|scope| {
                    let parts: Vec<_> = (0..threads)
                        .map(|t| {
                            let score = &score;
                            scope.spawn(move || {
                                let mut matcher = Matcher::new();
                                (t * chunk..((t + 1) * chunk).min(total))
                                    .filter_map(|r| score(r, &mut matcher))
                                    .collect::<Vec<_>>()
                            })
                        })
                        .collect();
                    parts
                        .into_iter()
                        .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                        .collect()
                })
            }
        }
    };
    hits.sort_unstable_by_key(|h| (std::cmp::Reverse(h.hit.score), h.row));
    hits
}

/// Runs jobs as they come on a thread of its own, handing each answer to `answer` (with the
/// job's `seq`) until it returns false (nobody listens any more). Only the newest query
/// matters: jobs that piled up behind it are skipped.
pub fn spawn_worker(
    jobs: Receiver<SearchJob>,
    answer: impl Fn(u64, Vec<SearchHit>) -> bool + Send + 'static,
) {
    std::thread::spawn(move || {
        let mut matcher = Matcher::new();
        while let Ok(mut job) = jobs.recv() {
            while let Ok(newer) = jobs.try_recv() {
                job = newer;
            }
            let hits = run_search(&job, &mut matcher);
            if !answer(job.seq, hits) {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Policy;
    use chrono::NaiveDate;

    #[test]
    fn a_search_split_over_threads_finds_what_one_pass_finds() {
        let policy = Policy::default_policy();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
        let keys: Vec<SearchKey<'static>> = crate::synth::generate(24_000, 7, &policy, today)
            .iter()
            .map(crate::store::search_key)
            .collect();
        assert!(keys.len() as u32 >= SPLIT_FROM, "big enough to be split");
        let keys = Arc::new(keys);
        let mut matcher = Matcher::new();
        for query in ["海洋", "hy", "g"] {
            let split = SearchJob {
                seq: 1,
                query: query.into(),
                within: None,
                keys: keys.clone(),
            };
            let every_row = (0..keys.len() as u32).collect();
            let one_pass = SearchJob {
                seq: 1,
                query: query.into(),
                within: Some(every_row),
                keys: keys.clone(),
            };
            let (a, b) = (
                run_search(&split, &mut matcher),
                run_search(&one_pass, &mut matcher),
            );
            assert!(!a.is_empty(), "{query}");
            assert_eq!(a, b, "{query}");
        }
    }

    #[test]
    fn the_worker_answers_the_newest_of_the_jobs_that_piled_up() {
        let policy = Policy::default_policy();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
        let keys: Arc<Vec<SearchKey<'static>>> = Arc::new(
            crate::synth::generate(200, 3, &policy, today)
                .iter()
                .map(crate::store::search_key)
                .collect(),
        );
        let (jobs_tx, jobs) = std::sync::mpsc::channel();
        // Queued before the worker starts, so it finds all three waiting.
        for (seq, query) in [(1, "海"), (2, "海洋"), (3, "hy")] {
            jobs_tx
                .send(SearchJob {
                    seq,
                    query: query.into(),
                    within: None,
                    keys: keys.clone(),
                })
                .expect("queued");
        }
        let (answers_tx, answers) = std::sync::mpsc::channel();
        spawn_worker(jobs, move |seq, hits| answers_tx.send((seq, hits)).is_ok());
        let (seq, hits) = answers
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("an answer");
        assert_eq!(seq, 3, "only the newest query is searched");
        let expected = run_search(
            &SearchJob {
                seq: 3,
                query: "hy".into(),
                within: None,
                keys: keys.clone(),
            },
            &mut Matcher::new(),
        );
        assert_eq!(hits, expected);
        drop(jobs_tx);
        assert!(
            answers
                .recv_timeout(std::time::Duration::from_secs(5))
                .is_err(),
            "the skipped queries get no answer, and the worker ends with its queue"
        );
    }
}
