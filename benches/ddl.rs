//! DDL generation time for a 2,000-table model in every dialect.
//! Run with `make bench` (`cargo bench --no-default-features --bench ddl`).
//! Budget (issue 4): under 50 ms natively.

use std::time::{Duration, Instant};

use schemaforge::generate::sql::{dialect_for, generate, DdlOptions};
use schemaforge::import::sql::import_sql;
use schemaforge::model::Dialect;
use schemaforge::synthetic::pg_dump_script;

fn main() {
    let model = import_sql(&pg_dump_script(2_000), Dialect::Postgres).model;
    println!(
        "DDL generation benchmark: {} tables, {} columns, {} foreign keys, {} indexes \
         (median of 21 runs, native release build)",
        model.tables.len(),
        model.column_count(),
        model.foreign_key_count(),
        model.index_count()
    );
    let budget = Duration::from_millis(50);
    let mut worst = Duration::ZERO;
    for target in Dialect::ALL {
        let generator = dialect_for(target);
        let options = DdlOptions::default();
        let mut times = Vec::new();
        let mut bytes = 0;
        let mut notes = 0;
        for _ in 0..21 {
            let start = Instant::now();
            let ddl = generate(std::hint::black_box(&model), generator.as_ref(), &options);
            times.push(start.elapsed());
            bytes = ddl.script.len();
            notes = ddl.notes.len();
        }
        times.sort();
        let median = times[times.len() / 2];
        worst = worst.max(median);
        println!(
            "{:<10} {:>8.1} ms {:>10} bytes {:>6} fidelity notes",
            target.name(),
            median.as_secs_f64() * 1000.0,
            bytes,
            notes
        );
    }
    println!(
        "slowest dialect: {:.1} ms (budget {} ms): {}",
        worst.as_secs_f64() * 1000.0,
        budget.as_millis(),
        if worst <= budget {
            "within budget"
        } else {
            "OVER BUDGET"
        }
    );
}
