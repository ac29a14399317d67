//! Dependency discovery from sample rows: the minimal functional dependencies (one column on
//! the right) and the candidate keys, found by a levelwise search over stripped partitions
//! in the manner of TANE (Huhtala, Kärkkäinen, Porkka, Toivonen, 1999). Level `k` holds the
//! column sets of size `k` still worth looking at; each set keeps the right sides that could
//! still give a minimal dependency (`C+`), and sets with none, and keys, are pruned.

use std::borrow::Cow;

use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::{FxHashMap, FxHashSet};

use super::attrs::{AttrSet, MAX_ATTRIBUTES};
use super::dependency::Fd;
use super::keys::{candidate_keys, MAX_KEYS};
use super::partition::{Partition, Scratch};
use super::sample::Sample;

/// Bounds on one search.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bounds {
    /// The largest left side looked for (`None`: every size).
    pub max_lhs: Option<usize>,
    /// The most numbers (row ids) one level's partitions may hold, four bytes each: a wide
    /// table of few distinct values has levels of many large partitions, and a page has
    /// little memory. The search stops, incomplete, before a level that would hold more.
    pub max_cells: Option<usize>,
    /// How many threads refine partitions (`None`: what the machine has, up to four; always
    /// one in a browser). The result does not depend on it.
    pub threads: Option<usize>,
}

/// Where a search is, for a progress bar: the level done and how many levels there can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub level: usize,
    pub levels: usize,
    pub sets: usize,
    pub found: usize,
}

/// What a search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovery {
    /// Minimal, non-trivial dependencies, sorted by right side, then left side.
    pub dependencies: Vec<Fd>,
    /// Minimal sets of columns with no two rows alike; empty when two rows are equal.
    pub candidate_keys: Vec<AttrSet>,
    /// Whether two rows are equal on every column (then no set of columns is a key).
    pub duplicate_rows: bool,
    /// False when a bound stopped the search before it looked at every size.
    pub complete: bool,
}

/// The search was stopped by its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

struct Node {
    partition: Partition,
    candidates: AttrSet,
}

/// Discovers the dependencies of `sample`. `progress` is called after each level; returning
/// `false` from it cancels the search.
pub fn discover(
    sample: &Sample,
    bounds: Bounds,
    mut progress: impl FnMut(Progress) -> bool,
) -> Result<Discovery, Cancelled> {
    let mut search = Search::new(Cow::Borrowed(sample), bounds);
    while let Some(p) = search.step() {
        if !progress(p) {
            return Err(Cancelled);
        }
    }
    Ok(search.finish())
}

/// A search that runs a level at a time, so that a page can hand the thread back between
/// levels, show progress and stop it.
pub struct Search<'a> {
    sample: Cow<'a, Sample>,
    /// The sample had more columns than an attribute set holds (only code can build one;
    /// every reader refuses it): the search looks at the first ones and says it is incomplete.
    wide: bool,
    found: Vec<Fd>,
    /// One per thread that refines partitions.
    scratches: Vec<Scratch>,
    previous: FxHashMap<AttrSet, Node>,
    level: Vec<(AttrSet, Node)>,
    max_level: usize,
    max_cells: usize,
    depth: usize,
    complete: bool,
    done: bool,
}

impl<'a> Search<'a> {
    pub fn new(sample: Cow<'a, Sample>, bounds: Bounds) -> Search<'a> {
        let wide = sample.names.len() > MAX_ATTRIBUTES;
        let sample = if wide {
            Cow::Owned(Sample {
                names: sample.names[..MAX_ATTRIBUTES].to_vec(),
                columns: sample.columns[..MAX_ATTRIBUTES].to_vec(),
                rows: sample.rows,
            })
        } else {
            sample
        };
        let n = sample.names.len();
        let all = AttrSet::first(n);
        // Level 0 (the empty set) and level 1.
        let mut previous: FxHashMap<AttrSet, Node> = FxHashMap::default();
        previous.insert(
            AttrSet::EMPTY,
            Node {
                partition: Partition::all_rows(sample.rows),
                candidates: all,
            },
        );
        let level: Vec<(AttrSet, Node)> = sample
            .columns
            .iter()
            .enumerate()
            .map(|(a, column)| {
                (
                    AttrSet::single(a),
                    Node {
                        partition: Partition::of_column(column),
                        candidates: all,
                    },
                )
            })
            .collect();
        Search {
            scratches: (0..threads(bounds.threads))
                .map(|_| Scratch::new(sample.rows))
                .collect(),
            max_level: bounds.max_lhs.map_or(n, |m| (m + 1).min(n)),
            max_cells: bounds.max_cells.unwrap_or(usize::MAX),
            sample,
            wide,
            found: Vec::new(),
            previous,
            level,
            depth: 1,
            complete: true,
            done: false,
        }
    }

    /// Searches the next level; where the search is after it, or `None` once it has ended.
    pub fn step(&mut self) -> Option<Progress> {
        if self.done || self.level.is_empty() {
            self.done = true;
            return None;
        }
        let sample = self.sample.as_ref();
        compute_dependencies(&mut self.level, &self.previous, sample, &mut self.found);
        prune(&mut self.level, &self.previous, sample, &mut self.found);
        let progress = Progress {
            level: self.depth,
            levels: self.max_level,
            sets: self.level.len(),
            found: self.found.len(),
        };
        if self.depth >= self.max_level {
            self.complete = self.depth >= sample.names.len() || self.level.is_empty();
            self.done = true;
        } else {
            match next_level(
                &self.level,
                &sample.columns,
                &mut self.scratches,
                self.max_cells,
            ) {
                Some(next) => {
                    self.previous = std::mem::take(&mut self.level).into_iter().collect();
                    self.level = next;
                    self.depth += 1;
                }
                None => {
                    self.complete = false;
                    self.done = true;
                }
            }
        }
        Some(progress)
    }

    /// What the search found, minimal dependencies and keys; call it after `step` has
    /// returned `None` (earlier, it is what the levels searched so far found).
    pub fn finish(mut self) -> Discovery {
        let sample = self.sample.as_ref();
        let ended = self.done && self.complete;
        self.found.sort_by_key(|fd| (fd.rhs, fd.lhs.len(), fd.lhs));
        self.found.dedup();
        let duplicate_rows = has_duplicate_rows(sample);
        let candidate_keys = if duplicate_rows {
            Vec::new()
        } else {
            candidate_keys(AttrSet::first(sample.names.len()), &self.found, MAX_KEYS).keys
        };
        Discovery {
            dependencies: self.found,
            candidate_keys,
            duplicate_rows,
            complete: ended && !self.wide,
        }
    }
}

/// `C+(X)` is the intersection of its subsets' `C+`; then `X \ {A} -> A` is tested for each
/// `A` in `X ∩ C+(X)`.
fn compute_dependencies(
    level: &mut [(AttrSet, Node)],
    previous: &FxHashMap<AttrSet, Node>,
    sample: &Sample,
    found: &mut Vec<Fd>,
) {
    let all = AttrSet::first(sample.names.len());
    for (x, node) in level.iter_mut() {
        let mut candidates = all;
        for a in x.iter() {
            candidates = candidates
                & previous
                    .get(&x.without(a))
                    .map_or(AttrSet::EMPTY, |p| p.candidates);
        }
        for a in (*x & candidates).iter() {
            let lhs = x.without(a);
            let holds = previous
                .get(&lhs)
                .is_some_and(|p| p.partition.error() == node.partition.error());
            if holds {
                found.push(Fd::new(lhs, AttrSet::single(a)));
                candidates = candidates.without(a);
                candidates = candidates & *x;
            }
        }
        node.candidates = candidates;
    }
}

/// Drops sets with no candidates left; a key gives its minimal dependencies at once and is
/// dropped too (every superset of a key is one).
fn prune(
    level: &mut Vec<(AttrSet, Node)>,
    previous: &FxHashMap<AttrSet, Node>,
    sample: &Sample,
    found: &mut Vec<Fd>,
) {
    level.retain(|(x, node)| {
        if node.candidates.is_empty() {
            return false;
        }
        if node.partition.is_key() {
            for a in node.candidates.minus(*x).iter() {
                // X -> A holds (X is a key); it is minimal when no X \ {B} determines A.
                let minimal = x.iter().all(|b| {
                    previous
                        .get(&x.without(b))
                        .is_some_and(|p| !p.partition.refines(&sample.columns[a]))
                });
                if minimal {
                    found.push(Fd::new(*x, AttrSet::single(a)));
                }
            }
            return false;
        }
        true
    });
}

/// Sets of the next size whose every subset survived, each with its partition: the
/// partition of its subset with the fewest rows in groups, refined by the one column that
/// subset lacks. `None` when they would hold more than `max_cells`.
fn next_level(
    level: &[(AttrSet, Node)],
    columns: &[Vec<u32>],
    scratches: &mut [Scratch],
    max_cells: usize,
) -> Option<Vec<(AttrSet, Node)>> {
    let plan = next_sets(level);
    let partitions = refine_all(&plan, level, columns, scratches, max_cells)?;
    Some(
        plan.iter()
            .zip(partitions)
            .map(|(&(x, _, _), partition)| {
                (
                    x,
                    Node {
                        partition,
                        candidates: AttrSet::EMPTY,
                    },
                )
            })
            .collect(),
    )
}

/// The next level's sets, each with the subset (its place in `level`) whose partition is
/// the smallest and the column that subset lacks: two sets that share all members but
/// their last give their union, kept when every subset of it is in `level` and their
/// candidates (`C+`) meet.
fn next_sets(level: &[(AttrSet, Node)]) -> Vec<(AttrSet, usize, usize)> {
    let index: FxHashMap<AttrSet, usize> = level
        .iter()
        .enumerate()
        .map(|(i, (x, _))| (*x, i))
        .collect();
    let mut order: Vec<usize> = (0..level.len()).collect();
    // Sorted by members, so sets with one prefix sit together.
    let keyed: Vec<Vec<usize>> = level.iter().map(|(x, _)| x.iter().collect()).collect();
    order.sort_by(|&a, &b| keyed[a].cmp(&keyed[b]));
    let prefix = |i: usize| &keyed[i][..keyed[i].len() - 1];
    let mut plan = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && prefix(order[end]) == prefix(order[start]) {
            end += 1;
        }
        for i in start..end {
            for j in i + 1..end {
                let x = level[order[i]].0 | level[order[j]].0;
                let mut best: Option<(usize, usize, usize)> = None;
                let mut all_there = true;
                let mut candidates = AttrSet::first(MAX_ATTRIBUTES);
                for a in x.iter() {
                    let Some(&s) = index.get(&x.without(a)) else {
                        all_there = false;
                        break;
                    };
                    candidates = candidates & level[s].1.candidates;
                    let size = level[s].1.partition.cells();
                    if best.is_none_or(|(least, _, _)| size < least) {
                        best = Some((size, s, a));
                    }
                }
                // A set whose subsets leave it no right side to test would be pruned
                // at once: its partition is not needed.
                if candidates.is_empty() {
                    continue;
                }
                if let (true, Some((_, s, a))) = (all_there, best) {
                    plan.push((x, s, a));
                }
            }
        }
        start = end;
    }
    plan
}

/// A chunk of a level's partitions, by its place in the level's plan.
type Refined = (usize, Vec<Partition>);

/// The partitions of the planned sets, in order; `None` once they hold more than
/// `max_cells` together. Natively the sets are shared out among threads in fixed chunks
/// (one scratch each), so the result does not depend on how many there are.
fn refine_all(
    plan: &[(AttrSet, usize, usize)],
    level: &[(AttrSet, Node)],
    columns: &[Vec<u32>],
    scratches: &mut [Scratch],
    max_cells: usize,
) -> Option<Vec<Partition>> {
    let cells = AtomicUsize::new(0);
    let refine_chunk = |chunk: &[(AttrSet, usize, usize)], scratch: &mut Scratch| {
        let mut out = Vec::with_capacity(chunk.len());
        for &(_, s, a) in chunk {
            let partition = level[s].1.partition.refine(&columns[a], scratch);
            let before = cells.fetch_add(partition.cells(), Ordering::Relaxed);
            if before.saturating_add(partition.cells()) > max_cells {
                return None;
            }
            out.push(partition);
        }
        Some(out)
    };
    let threads = scratches.len().max(1);
    if threads == 1 || plan.len() < 64 {
        return refine_chunk(plan, scratches.first_mut()?);
    }
    // Chunks are taken in turn as threads finish theirs, and put back in order.
    const CHUNK: usize = 32;
    let next = AtomicUsize::new(0);
    let parts: Vec<Option<Vec<Refined>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = scratches
            .iter_mut()
            .map(|scratch| {
                let (next, refine_chunk) = (&next, &refine_chunk);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(chunk) = plan.chunks(CHUNK).nth(i) else {
                            return Some(done);
                        };
                        done.push((i, refine_chunk(chunk, scratch)?));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(None))
            .collect()
    });
    let mut chunks = Vec::new();
    for part in parts {
        chunks.extend(part?);
    }
    chunks.sort_by_key(|(i, _)| *i);
    let all: Vec<Partition> = chunks.into_iter().flat_map(|(_, p)| p).collect();
    Some(all)
}

/// How many threads refine a level's partitions: as asked, else those the machine has (at
/// most four); one in a browser, where a page has one thread.
fn threads(asked: Option<usize>) -> usize {
    if cfg!(target_arch = "wasm32") {
        return 1;
    }
    asked
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(4)))
        .max(1)
}

fn has_duplicate_rows(sample: &Sample) -> bool {
    let mut seen = FxHashSet::default();
    seen.reserve(sample.rows);
    (0..sample.rows).any(|r| {
        let row: Vec<u32> = sample.columns.iter().map(|c| c[r]).collect();
        !seen.insert(row)
    })
}

#[cfg(test)]
mod tests {
    use super::super::sample::read_csv;
    use super::*;

    fn run(csv: &str) -> (Vec<String>, Discovery) {
        let sample = read_csv(csv).expect("reads");
        let d = discover(&sample, Bounds::default(), |_| true).expect("runs");
        let shown = d
            .dependencies
            .iter()
            .map(|fd| fd.display(&sample.names))
            .collect();
        (shown, d)
    }

    #[test]
    fn finds_the_minimal_dependencies_and_keys_of_a_small_table() {
        // id is a key, and so are zip and street together; zip -> city; city does not
        // determine zip (B has two).
        let (fds, d) =
            run("id,zip,city,street\n1,10,A,x\n2,10,A,y\n3,20,B,x\n4,30,B,y\n5,30,B,x\n");
        assert!(fds.contains(&"zip -> city".to_string()), "{fds:?}");
        assert!(fds.contains(&"id -> zip".to_string()), "{fds:?}");
        assert!(fds.contains(&"zip, street -> id".to_string()), "{fds:?}");
        assert!(!fds.iter().any(|f| f.starts_with("city ->")), "{fds:?}");
        assert_eq!(
            d.candidate_keys,
            vec![AttrSet::of([0]), AttrSet::of([1, 3])]
        );
        assert!(d.complete);
        assert!(!d.duplicate_rows);
    }

    #[test]
    fn a_constant_column_depends_on_nothing() {
        let (fds, _) = run("a,b\n1,k\n2,k\n3,k\n");
        assert!(fds.contains(&"∅ -> b".to_string()), "{fds:?}");
    }

    #[test]
    fn duplicate_rows_mean_no_key() {
        let (_, d) = run("a,b\n1,2\n1,2\n");
        assert!(d.duplicate_rows);
        assert!(d.candidate_keys.is_empty());
    }

    #[test]
    fn the_caller_can_stop_a_search() {
        let sample = read_csv("a,b,c\n1,2,3\n4,5,6\n1,5,3\n").expect("reads");
        assert_eq!(
            discover(&sample, Bounds::default(), |_| false),
            Err(Cancelled)
        );
        let bounded = discover(
            &sample,
            Bounds {
                max_lhs: Some(0),
                ..Bounds::default()
            },
            |_| true,
        )
        .expect("runs");
        assert!(!bounded.complete);
    }

    #[test]
    fn a_sample_wider_than_an_attribute_set_is_searched_on_its_first_columns() {
        let names: Vec<String> = (0..MAX_ATTRIBUTES + 2).map(|c| format!("c{c}")).collect();
        let mut builder = super::super::sample::SampleBuilder::new(names);
        for r in 0..3u32 {
            let row: Vec<String> = (0..MAX_ATTRIBUTES + 2)
                .map(|c| (r * c as u32).to_string())
                .collect();
            builder.push(row.iter().map(|v| Some(v.as_str())));
        }
        let d = discover(
            &builder.finish(),
            Bounds {
                max_lhs: Some(1),
                ..Bounds::default()
            },
            |_| true,
        )
        .expect("runs");
        assert!(!d.complete);
        assert!(d
            .dependencies
            .iter()
            .all(|fd| fd.rhs.iter().all(|a| a < MAX_ATTRIBUTES)));
    }

    #[test]
    fn a_search_stepped_level_by_level_finds_what_discover_finds() {
        let sample =
            read_csv("id,zip,city,street\n1,10,A,x\n2,10,A,y\n3,20,B,x\n4,30,B,y\n5,30,B,x\n")
                .expect("reads");
        let mut search = Search::new(Cow::Borrowed(&sample), Bounds::default());
        let mut levels = 0;
        while let Some(p) = search.step() {
            levels += 1;
            assert_eq!(p.level, levels);
        }
        assert!(levels >= 2);
        let whole = discover(&sample, Bounds::default(), |_| true).expect("runs");
        assert_eq!(search.finish(), whole);
        // Stopped after its first level, a search says it is incomplete.
        let mut early = Search::new(Cow::Borrowed(&sample), Bounds::default());
        early.step();
        assert!(!early.finish().complete);
    }

    #[test]
    fn threads_share_the_work_without_changing_the_result() {
        // Ten columns of small cardinalities: levels of well over the 64 sets a level
        // needs before it is shared out.
        let mut csv = String::from("a,b,c,d,e,f,g,h,i,j\n");
        for r in 0u32..300 {
            let row: Vec<String> = (0..10u32)
                .map(|c| ((r * (c + 3) + r / (c + 2)) % (c + 2)).to_string())
                .collect();
            csv.push_str(&row.join(","));
            csv.push('\n');
        }
        let sample = read_csv(&csv).expect("reads");
        let with = |threads, max_cells| {
            let bounds = Bounds {
                threads: Some(threads),
                max_cells,
                ..Bounds::default()
            };
            discover(&sample, bounds, |_| true).expect("runs")
        };
        let one = with(1, None);
        assert!(one.complete && one.dependencies.len() > 10, "{one:?}");
        assert_eq!(with(3, None), one);
        // A memory bound met part-way through a shared level (level 3, 120 sets) stops both
        // alike.
        let cells = 20_000;
        let bounded = with(1, Some(cells));
        assert!(!bounded.complete);
        assert_eq!(with(3, Some(cells)), bounded);
    }

    #[test]
    fn a_memory_bound_stops_the_search_before_a_level_that_would_pass_it() {
        let sample =
            read_csv("a,b,c,d\n1,1,1,1\n1,1,2,2\n2,2,1,1\n2,2,2,2\n1,2,1,2\n").expect("reads");
        let whole = discover(&sample, Bounds::default(), |_| true).expect("runs");
        assert!(whole.complete);
        let tight = Bounds {
            max_cells: Some(4),
            ..Bounds::default()
        };
        let mut levels = 0;
        let bounded = discover(&sample, tight, |_| {
            levels += 1;
            true
        })
        .expect("runs");
        assert!(!bounded.complete);
        assert_eq!(levels, 1, "stopped before level 2");
        assert!(bounded
            .dependencies
            .iter()
            .all(|fd| whole.dependencies.contains(fd)));
    }
}
