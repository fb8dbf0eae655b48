//! Searching the console's rows off the input path: a [`SearchJob`] names the query and the rows'
//! keys, [`search_in_parts`] scores them part by part, handing hits over as it goes, and
//! [`spawn_worker`] runs jobs on a thread of their own so typing never waits for a pass (a newer
//! query stops an older one; the frame shows what was found so far).

use super::{Hit, Matcher, Query, SearchKey};
use std::cell::Cell;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

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

/// Rows scored between two looks at whether a newer query is waiting: a couple of
/// milliseconds of work.
const PART_ROWS: usize = 4_096;
/// How long found hits are held before they are handed over, after the first part: often
/// enough to show progress, rarely enough not to redraw for every part.
const HAND_OVER: Duration = Duration::from_millis(16);

/// What a search hands over as it goes: the hits found since the last hand-over (best first),
/// and whether the search is complete.
pub type Found = (Vec<SearchHit>, bool);

/// Scores the rows part by part, handing over what it found after the first part, then at
/// most every [`HAND_OVER`], and at the end; `carry_on` is asked before each part and stops
/// the search when it says no (a newer query is waiting). A search narrowed to `within` (the
/// earlier query's hits) goes part by part too: tens of thousands of hits are as many rows.
pub fn search_in_parts(
    job: &SearchJob,
    matcher: &mut Matcher,
    mut carry_on: impl FnMut() -> bool,
    mut hand_over: impl FnMut(Found),
) {
    let query = Query::new(&job.query);
    let rows: Box<dyn Iterator<Item = u32> + '_> = match &job.within {
        Some(rows) => Box::new(rows.iter().copied()),
        None => Box::new(0..job.keys.len() as u32),
    };
    let mut rows = rows.peekable();
    let mut found: Vec<SearchHit> = Vec::new();
    let mut handed: Option<Instant> = None;
    while rows.peek().is_some() {
        if !carry_on() {
            return;
        }
        for row in rows.by_ref().take(PART_ROWS) {
            if let Some(hit) = job
                .keys
                .get(row as usize)
                .and_then(|key| matcher.score(&query, key))
            {
                found.push(SearchHit { row, hit });
            }
        }
        let due = handed.is_none_or(|at| at.elapsed() >= HAND_OVER);
        if due && rows.peek().is_some() {
            hand_over((best_first(std::mem::take(&mut found)), false));
            handed = Some(Instant::now());
        }
    }
    hand_over((best_first(found), true));
}

fn best_first(mut hits: Vec<SearchHit>) -> Vec<SearchHit> {
    hits.sort_unstable_by_key(|h| (std::cmp::Reverse(h.hit.score), h.row));
    hits
}

/// Every hit of `job` at once, best first: the parts of [`search_in_parts`] put together (what
/// the tests compare with).
#[cfg(test)]
pub fn run_search(job: &SearchJob, matcher: &mut Matcher) -> Vec<SearchHit> {
    let mut all = Vec::new();
    search_in_parts(
        job,
        matcher,
        || true,
        |(hits, _)| all = merge(std::mem::take(&mut all), hits),
    );
    all
}

/// Two lists of hits, each best first, as one.
pub fn merge(a: Vec<SearchHit>, b: Vec<SearchHit>) -> Vec<SearchHit> {
    let key = |h: &SearchHit| (std::cmp::Reverse(h.hit.score), h.row);
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => key(x) <= key(y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
}

/// Runs jobs as they come on a thread of its own, handing what each finds to `answer` (with
/// the job's `seq`) as it goes, until `answer` returns false (nobody listens any more). Only
/// the newest query matters: a search stops as soon as a newer query is waiting, and queries
/// that piled up behind it are skipped — typing never waits for a pass over every base.
pub fn spawn_worker(
    jobs: Receiver<SearchJob>,
    answer: impl Fn(u64, Found) -> bool + Send + 'static,
) {
    std::thread::spawn(move || {
        let mut matcher = Matcher::new();
        let mut next = jobs.recv().ok();
        while let Some(mut job) = next.take() {
            while let Ok(newer) = jobs.try_recv() {
                job = newer;
            }
            let listening = Cell::new(true);
            search_in_parts(
                &job,
                &mut matcher,
                || match jobs.try_recv() {
                    Ok(newer) => {
                        next = Some(newer);
                        false
                    }
                    Err(_) => listening.get(),
                },
                |found| {
                    if !answer(job.seq, found) {
                        listening.set(false);
                    }
                },
            );
            if !listening.get() {
                return;
            }
            if next.is_none() {
                next = jobs.recv().ok();
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
        let (seq, (hits, complete)) = answers
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("an answer");
        assert_eq!(seq, 3, "only the newest query is searched");
        assert!(complete, "200 rows are one part");
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

    #[test]
    fn parts_handed_over_add_up_to_one_pass_and_only_the_last_is_complete() {
        let policy = Policy::default_policy();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
        let keys: Arc<Vec<SearchKey<'static>>> = Arc::new(
            crate::synth::generate(3 * PART_ROWS + 100, 5, &policy, today)
                .iter()
                .map(crate::store::search_key)
                .collect(),
        );
        for query in ["海洋", "hy", "智能制造"] {
            let job = SearchJob {
                seq: 1,
                query: query.into(),
                within: None,
                keys: keys.clone(),
            };
            let mut parts: Vec<Found> = Vec::new();
            search_in_parts(&job, &mut Matcher::new(), || true, |f| parts.push(f));
            let (last, earlier) = parts.split_last().expect("handed over");
            assert!(
                last.1 && earlier.iter().all(|(_, complete)| !complete),
                "{query}"
            );
            let merged = parts
                .into_iter()
                .fold(Vec::new(), |all, (hits, _)| merge(all, hits));
            assert_eq!(merged, run_search(&job, &mut Matcher::new()), "{query}");
        }
    }

    #[test]
    fn a_search_stops_when_told_and_never_says_complete() {
        let policy = Policy::default_policy();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
        let keys: Arc<Vec<SearchKey<'static>>> = Arc::new(
            crate::synth::generate(2 * PART_ROWS + 1, 6, &policy, today)
                .iter()
                .map(crate::store::search_key)
                .collect(),
        );
        let job = SearchJob {
            seq: 1,
            query: "hy".into(),
            within: None,
            keys,
        };
        let mut asked = 0;
        let mut parts: Vec<Found> = Vec::new();
        search_in_parts(
            &job,
            &mut Matcher::new(),
            || {
                asked += 1;
                asked == 1
            },
            |f| parts.push(f),
        );
        assert_eq!(asked, 2, "asked before the second part, then stopped");
        assert_eq!(parts.len(), 1, "the first part only");
        assert!(!parts[0].1);
    }
}
