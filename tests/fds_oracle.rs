//! Dependency discovery checked against an independent implementation: Desbordante's TANE
//! (PyPI `desbordante`, AGPL, test-only, installed by `make setup-oracle` into target/ when
//! missing). Both must find the same minimal dependencies on the corpus's two tables (iris:
//! 4, wine: 1,374) and on seeded random tables.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use schemaforge::normalize::discover::{discover, Bounds};
use schemaforge::normalize::sample::read_csv;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The oracle's python, installed first when missing.
fn oracle() -> PathBuf {
    support::oracle::python("desbordante")
}

/// (lhs names sorted, rhs) pairs, sorted.
type Deps = Vec<(Vec<String>, String)>;

fn desbordante(python: &Path, csv: &Path) -> Deps {
    let out = Command::new(python)
        .arg(root().join("tests/oracle/desbordante_fds.py"))
        .arg(csv)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut deps: Deps = v["dependencies"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            let mut lhs: Vec<String> = d["lhs"]
                .as_array()
                .expect("lhs")
                .iter()
                .map(|s| s.as_str().expect("name").to_string())
                .collect();
            lhs.sort();
            (lhs, d["rhs"].as_str().expect("rhs").to_string())
        })
        .collect();
    deps.sort();
    deps
}

fn ours(csv: &Path) -> Deps {
    let text = std::fs::read_to_string(csv).expect("reads");
    let sample = read_csv(&text).expect("parses");
    let d = discover(&sample, Bounds::default(), |_| true).expect("runs");
    let mut deps: Deps = d
        .dependencies
        .iter()
        .map(|fd| {
            let mut lhs: Vec<String> = fd.lhs.iter().map(|i| sample.names[i].clone()).collect();
            lhs.sort();
            let rhs = fd
                .rhs
                .iter()
                .map(|i| sample.names[i].clone())
                .next()
                .expect("one");
            (lhs, rhs)
        })
        .collect();
    deps.sort();
    deps
}

fn compare(python: &Path, csv: &Path) -> usize {
    let theirs = desbordante(python, csv);
    let mine = ours(csv);
    let missing: Vec<_> = theirs
        .iter()
        .filter(|d| !mine.contains(d))
        .take(5)
        .collect();
    let extra: Vec<_> = mine
        .iter()
        .filter(|d| !theirs.contains(d))
        .take(5)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{}: Desbordante {} dependencies, ours {}; missing {missing:?}, extra {extra:?}",
        csv.display(),
        theirs.len(),
        mine.len()
    );
    mine.len()
}

#[test]
fn discovery_agrees_with_desbordante_on_the_corpus_tables() {
    let python = oracle();
    let fd = root().join("../shared/corpus/fd");
    let iris = compare(&python, &fd.join("iris.csv"));
    let wine = compare(&python, &fd.join("wine.csv"));
    println!("iris: {iris} dependencies, wine: {wine}, as Desbordante's TANE finds");
    assert_eq!((iris, wine), (4, 1374), "the corpus README's counts");
}

/// A seeded table: `columns` columns, `rows` rows, values from small domains, some columns
/// functions of others, some cells empty (NULL), some rows repeated.
fn random_csv(seed: u64, columns: usize, rows: usize) -> String {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move |bound: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % bound.max(1)
    };
    let domains: Vec<u64> = (0..columns).map(|_| 2 + next(12)).collect();
    let derived: Vec<Option<(usize, usize)>> = (0..columns)
        .map(|c| {
            (c >= 2 && next(3) == 0).then(|| (next(c as u64) as usize, next(c as u64) as usize))
        })
        .collect();
    let mut out = (0..columns)
        .map(|c| format!("c{c}"))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    let mut previous: Option<String> = None;
    for _ in 0..rows {
        let line = match (&previous, next(10)) {
            (Some(p), 0) => p.clone(),
            _ => {
                let mut values: Vec<u64> = Vec::with_capacity(columns);
                for c in 0..columns {
                    let v = match derived[c] {
                        Some((a, b)) => (values[a] * 7 + values[b] * 3) % domains[c],
                        None => next(domains[c]),
                    };
                    values.push(v);
                }
                values
                    .iter()
                    .map(|&v| {
                        if v == 0 && next(4) == 0 {
                            String::new()
                        } else {
                            v.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            }
        };
        out.push_str(&line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

#[test]
fn discovery_agrees_with_desbordante_on_random_tables() {
    let python = oracle();
    let dir = root().join("target/fds-oracle");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let mut total = 0;
    for seed in 0..24u64 {
        let columns = 3 + (seed % 6) as usize;
        let rows = [5, 40, 150, 400][(seed % 4) as usize];
        let file = dir.join(format!("random-{seed}.csv"));
        std::fs::write(&file, random_csv(seed, columns, rows)).expect("write");
        total += compare(&python, &file);
    }
    println!("24 random tables: {total} dependencies, the same as Desbordante's");
    assert!(total > 24, "the tables have dependencies to find");
}
