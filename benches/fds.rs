//! Dependency discovery on 20 columns x 100,000 rows (issue 14's budget: under 2 s
//! natively), next to Desbordante's TANE on the same file in the same run (aim: no slower
//! than 2x). Run with `make bench` (it installs the oracle first). The table is seeded: a
//! row id, columns of cardinalities from 2 to 50,000, and columns that are functions of one
//! or two others, the shape of a denormalised export.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use schemaforge::normalize::discover::{discover, Bounds};
use schemaforge::normalize::sample::read_csv;

const ROWS: usize = 100_000;
const COLUMNS: usize = 20;

fn table() -> String {
    let mut state: u64 = 0x5eed;
    let mut next = move |bound: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % bound
    };
    // Independent columns and their cardinalities; the rest derive from them.
    let cardinality: [u64; 10] = [50_000, 2, 5, 12, 30, 100, 365, 1_000, 7, 24];
    let mut out = (0..COLUMNS)
        .map(|c| format!("c{c:02}"))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for row in 0..ROWS {
        let base: Vec<u64> = cardinality.iter().map(|&k| next(k)).collect();
        let mut values: Vec<u64> = vec![row as u64];
        values.extend_from_slice(&base[1..]);
        // Functions of one column (a code and its label), and of two.
        values.push(base[2] * 3 % 4); // c10 = f(c02)
        values.push(base[3] / 3); // c11 = f(c03): quarter of a month
        values.push(base[5] % 10); // c12 = f(c05)
        values.push(base[6] / 7); // c13 = f(c06): week of a day
        values.push((base[1] * 5 + base[4]) % 40); // c14 = f(c01, c04)
        values.push(base[7] % 97); // c15 = f(c07)
        values.push((base[8] + base[9]) % 11); // c16 = f(c08, c09)
        values.push(base[0] % 1_000); // c17 = f(c00')
        values.push(next(3)); // c18: noise
        values.push(next(20)); // c19: noise
        out.push_str(
            &values
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

fn main() {
    let text = table();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fds-bench");
    std::fs::create_dir_all(&dir).expect("mkdir target/fds-bench");
    let file = dir.join("table-20x100000.csv");
    std::fs::write(&file, &text).expect("write the table");

    // Three runs each, or one when a run takes over 10 s.
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..3 {
        if times.last().is_some_and(|&t| t > 10.0) {
            break;
        }
        let start = Instant::now();
        let sample = read_csv(&text).expect("the table reads");
        let d = discover(&sample, Bounds::default(), |_| true).expect("runs");
        times.push(start.elapsed().as_secs_f64());
        found = d.dependencies.len();
    }
    times.sort_by(f64::total_cmp);
    let ours = times[times.len() / 2];
    println!(
        "discovery, {COLUMNS} columns x {ROWS} rows: {:.0} ms (median of {}, reading the CSV included), {found} minimal dependencies; budget 2000 ms: {}",
        ours * 1000.0,
        times.len(),
        if ours < 2.0 { "within" } else { "OVER" }
    );

    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/oracle-venv/bin/python");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/desbordante_fds.py");
    let mut theirs = Vec::new();
    let mut their_count = 0;
    for _ in 0..3 {
        if theirs.last().is_some_and(|&t| t > 10.0) {
            break;
        }
        let out = Command::new(&python).arg(&script).arg(&file).output();
        let Some(out) = out.ok().filter(|o| o.status.success()) else {
            println!("Desbordante: not installed (make setup-oracle); no ratio");
            return;
        };
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        theirs.push(v["seconds"].as_f64().unwrap_or(f64::NAN));
        their_count = v["dependencies"].as_array().map_or(0, Vec::len);
    }
    theirs.sort_by(f64::total_cmp);
    let desbordante = theirs[theirs.len() / 2];
    println!(
        "Desbordante 2.5 TANE on the same file: {:.0} ms (median of {}, loading included), {their_count} dependencies; ours / theirs = {:.2} (aim: at most 2)",
        desbordante * 1000.0,
        theirs.len(),
        ours / desbordante
    );
}
