//! Import throughput: the largest corpus file and a generated 2,000-table pg_dump.
//! Run with `make bench` (`cargo bench --no-default-features --bench import`).
//! Budget (issue 3): the 2,000-table dump imports in under 1 s natively.

use std::time::{Duration, Instant};

use schemaforge::import::dialect_guess::guess_dialect;
use schemaforge::import::sql::import_sql;
use schemaforge::model::Dialect;
use schemaforge::synthetic::pg_dump_script;

/// The median of `runs` timed imports.
fn measure(text: &str, dialect: Dialect, runs: usize) -> (Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut tables = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let result = import_sql(std::hint::black_box(text), dialect);
        times.push(start.elapsed());
        tables = result.model.tables.len();
    }
    times.sort();
    (times[runs / 2], tables)
}

fn report(name: &str, text: &str, dialect: Dialect, runs: usize) -> Duration {
    let (median, tables) = measure(text, dialect, runs);
    let mb = text.len() as f64 / 1_000_000.0;
    println!(
        "{name:<44} {:>8.2} MB {tables:>6} tables {:>9.1} ms {:>8.1} MB/s",
        mb,
        median.as_secs_f64() * 1000.0,
        mb / median.as_secs_f64()
    );
    median
}

fn main() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/sql");
    println!("import benchmark (median of runs, native release build)");
    for (file, dialect) in [
        ("chinook/chinook_SqlServer.sql", Dialect::Mssql),
        ("chinook/chinook_MySql.sql", Dialect::Mysql),
        ("pagila/pagila.pg_dump.sql", Dialect::Postgres),
        ("sakila/postgres.pg_dump.sql", Dialect::Postgres),
    ] {
        match std::fs::read_to_string(format!("{corpus}/{file}")) {
            Ok(text) => {
                report(file, &text, dialect, 15);
            }
            Err(e) => println!("{file}: not found ({e})"),
        }
    }
    let dump = pg_dump_script(2_000);
    let median = report(
        "generated pg_dump, 2,000 tables",
        &dump,
        Dialect::Postgres,
        7,
    );
    // Opening a file without naming its dialect first tries every dialect on a sample.
    let mut times = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        let guess = guess_dialect(std::hint::black_box(&dump));
        times.push(start.elapsed());
        assert_eq!(guess.chosen(), Dialect::Postgres);
    }
    times.sort();
    println!(
        "{:<44} {:>8.2} MB {:>31.1} ms",
        "dialect detection (4 dialects, first 256 kB)",
        dump.len() as f64 / 1_000_000.0,
        times[3].as_secs_f64() * 1000.0
    );
    let budget = Duration::from_secs(1);
    println!(
        "budget: 2,000-table dump under {} ms: {}",
        budget.as_millis(),
        if median < budget { "met" } else { "MISSED" }
    );
}
