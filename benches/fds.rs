//! Dependency discovery on 20 columns x 100,000 rows (issue 14's budget: under 2 s
//! natively), next to Desbordante's TANE on the same file in the same run (aim: no slower
//! than 2x). Run with `make bench` (it installs the oracle first). Two seeded tables:
//! - `export`, the budgeted one: an order-lines export joined with its orders, customers,
//!   cities and products, the denormalised table a designer would bring to be normalised
//!   (the dependencies of those joins, a few keys);
//! - `dense`: ten independent columns of small cardinalities (2 to 365) beside derived
//!   ones and noise, where tens of thousands of accidental dependencies hold between
//!   combinations of small columns; it shows how both implementations scale when the
//!   lattice is large, and is not budgeted.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use schemaforge::normalize::discover::{discover, Bounds};
use schemaforge::normalize::sample::read_csv;

const ROWS: usize = 100_000;
const COLUMNS: usize = 20;

/// The seeded generator both tables draw from.
fn generator(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |bound: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % bound.max(1)
    }
}

/// Appends one CSV line of numbers.
fn push_row(out: &mut String, values: &[u64]) {
    let line: Vec<String> = values.iter().map(u64::to_string).collect();
    out.push_str(&line.join(","));
    out.push('\n');
}

/// Order lines with what their order, customer, city and product determine.
fn export_table() -> String {
    let mut next = generator(0xe4);
    // A few mixing functions so that derived columns are not plain copies of their source.
    let mix = |x: u64, m: u64, k: u64| (x.wrapping_mul(k) ^ (x >> 3)) % m;
    let header = [
        "line_id",
        "order_id",
        "line_number",
        "order_date",
        "order_month",
        "order_year",
        "ship_mode",
        "customer_id",
        "customer_name",
        "customer_segment",
        "city",
        "country",
        "product_id",
        "product_name",
        "category",
        "department",
        "unit_price_cents",
        "quantity",
        "discount_percent",
        "line_total_cents",
    ];
    let mut out = header.join(",");
    out.push('\n');
    let mut order = 0u64;
    let mut lines_in_order = 0u64;
    let mut number = 0u64;
    for line in 0..ROWS as u64 {
        // One to four lines per order.
        if number == lines_in_order {
            order += 1;
            lines_in_order = 1 + next(4);
            number = 0;
        }
        number += 1;
        let date = mix(order, 730, 2654435761);
        let customer = mix(order, 5_000, 40503);
        let city = mix(customer, 300, 2246822519);
        let product = next(2_000);
        let category = mix(product, 50, 3266489917);
        let price = 100 + mix(product, 20_000, 668265263);
        let quantity = 1 + next(10);
        let discount = 5 * next(5);
        let values = [
            line,
            order,
            number,
            date,
            date / 30,
            date / 365,
            mix(order, 4, 374761393),
            customer,
            mix(customer, 4_900, 1103515245),
            mix(customer, 4, 12345),
            city,
            mix(city, 40, 97),
            product,
            mix(product, 1_990, 31),
            category,
            mix(category, 8, 7),
            price,
            quantity,
            discount,
            price * quantity * (100 - discount) / 100,
        ];
        push_row(&mut out, &values);
    }
    out
}

fn dense_table() -> String {
    let mut next = generator(0x5eed);
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
        push_row(&mut out, &values);
    }
    out
}

fn main() {
    measure("export", &export_table(), true);
    measure("dense", &dense_table(), false);
}

/// Times ours and Desbordante's on `text`, three runs each (one when a run takes over 10 s).
fn measure(name: &str, text: &str, budgeted: bool) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fds-bench");
    std::fs::create_dir_all(&dir).expect("mkdir target/fds-bench");
    let file = dir.join(format!("{name}-20x100000.csv"));
    std::fs::write(&file, text).expect("write the table");

    // Timed on the machine's threads (the budget) and on one (the fair ratio: Desbordante's
    // TANE runs on one).
    let time = |threads: Option<usize>| {
        let mut times = Vec::new();
        let mut counts = (0, 0);
        for _ in 0..3 {
            if times.last().is_some_and(|&t| t > 10.0) {
                break;
            }
            let start = Instant::now();
            let sample = read_csv(text).expect("the table reads");
            let bounds = Bounds {
                threads,
                ..Bounds::default()
            };
            let d = discover(&sample, bounds, |_| true).expect("runs");
            times.push(start.elapsed().as_secs_f64());
            counts = (d.dependencies.len(), d.candidate_keys.len());
        }
        times.sort_by(f64::total_cmp);
        (times[times.len() / 2], times.len(), counts)
    };
    let (ours, runs, (found, keys)) = time(None);
    let (one_thread, one_runs, one_counts) = time(Some(1));
    assert_eq!(
        one_counts,
        (found, keys),
        "one thread finds what several find"
    );
    let verdict = match (budgeted, ours < 2.0) {
        (false, _) => "not budgeted",
        (true, true) => "budget 2000 ms: within",
        (true, false) => "budget 2000 ms: OVER",
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    println!(
        "discovery on {name}, {COLUMNS} columns x {ROWS} rows: {:.0} ms on {threads} threads (median of {runs}, reading the CSV included), {found} minimal dependencies, {keys} candidate keys; {verdict}; on one thread {:.0} ms (median of {one_runs})",
        ours * 1000.0,
        one_thread * 1000.0,
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
        "Desbordante 2.5 TANE on {name}: {:.0} ms (median of {}, loading included), {their_count} dependencies{}; ours on one thread / theirs = {:.2} (aim: at most 2)",
        desbordante * 1000.0,
        theirs.len(),
        if their_count == found { ", the same count" } else { ", A DIFFERENT COUNT" },
        one_thread / desbordante
    );
}
