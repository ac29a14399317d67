//! Diffing and planning two versions of a 2,000-table project that differ in 200 places
//! (issue 15's budget: diff and plan under 50 ms natively). Run with `make bench`.

use std::time::Instant;

use schemaforge::migrate::{diff, plan, Mode, PlanOptions};
use schemaforge::model::{Dialect, Shared};
use schemaforge::synthetic::pg_dump_script;
use schemaforge::workspace::project_from_sql;

fn main() {
    let (project, _) = project_from_sql("bench", &pg_dump_script(2_000), Dialect::Postgres);
    let old = project.model.clone();
    let mut new = old.clone();
    // 200 changes spread over the tables: renamed tables and columns, nullability flipped,
    // comments set, last columns dropped.
    let count = new.tables.len();
    for k in 0..200 {
        let t = &mut new.tables[(k * 9) % count];
        match k % 5 {
            0 => t.name = format!("{}_renamed", t.name),
            1 => t.columns[0].name = format!("{}_renamed", t.columns[0].name),
            2 => {
                let last = t.columns.len() - 1;
                t.columns[last].nullable = !t.columns[last].nullable;
            }
            3 => t.comment = Some("changed".into()),
            _ => {
                t.columns.pop();
            }
        }
    }
    // The same version with no table shared with the old one, as when it was read from a
    // file: every table is compared.
    let mut apart = new.clone();
    apart.tables = apart
        .tables
        .iter()
        .map(|t| Shared::new((**t).clone()))
        .collect();
    for (what, version) in [("edited from it", &new), ("read apart", &apart)] {
        let mut times = Vec::new();
        let mut changes = 0;
        for _ in 0..21 {
            let start = Instant::now();
            changes = diff(&old, version).len();
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "diff of two 2,000-table versions 200 edits apart, {what}: {changes} changes in {:.2} ms (median of 21)",
            times[10]
        );
        assert_eq!(changes, 200, "every edit is one change");
        for (dialect, mode) in [
            (Dialect::Postgres, Mode::Safe),
            (Dialect::Postgres, Mode::Simple),
            (Dialect::Mysql, Mode::Safe),
            (Dialect::Sqlite, Mode::Safe),
            (Dialect::Mssql, Mode::Safe),
        ] {
            let options = PlanOptions::new(dialect, mode);
            let mut times = Vec::new();
            let mut steps = 0;
            for _ in 0..11 {
                let start = Instant::now();
                let planned = plan(&old, version, &options).expect("a planner");
                let up = planned.up_script();
                let down = planned.down_script();
                steps = planned.steps.len();
                times.push(start.elapsed().as_secs_f64() * 1000.0);
                assert!(!up.is_empty() && !down.is_empty());
            }
            times.sort_by(f64::total_cmp);
            println!(
                "diff + plan + up and down scripts, {dialect} {mode:?}, {what}: {steps} steps in {:.1} ms (median of 11; budget 50 ms)",
                times[5]
            );
        }
    }
}
