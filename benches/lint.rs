//! Linting a 2,000-table project (every rule, default settings, positions in the editor's
//! text), as the findings panel does after each edit. Run with `make bench`
//! (`cargo bench --no-default-features --bench lint`). Budget (issue 14): under 50 ms.

use std::time::{Duration, Instant};

use schemaforge::model::Dialect;
use schemaforge::rules::{lint_project, LintSettings, REGISTRY};
use schemaforge::synthetic::pg_dump_script;
use schemaforge::workspace::{project_from_sql, switch_view};

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let (mut project, _) = project_from_sql("bench", &pg_dump_script(2_000), Dialect::Postgres);
    let format = project.source.format;
    switch_view(&mut project, format);
    let settings = LintSettings::default();
    let mut times = Vec::new();
    let mut findings = Vec::new();
    for _ in 0..21 {
        let start = Instant::now();
        findings = lint_project(&project, &settings);
        times.push(start.elapsed());
    }
    let ms = median(times);
    let mut bare = Vec::new();
    for _ in 0..21 {
        let start = Instant::now();
        std::hint::black_box(schemaforge::rules::lint(
            &project.model,
            Dialect::Postgres,
            &settings,
            None,
            project.ids.last(),
        ));
        bare.push(start.elapsed());
    }
    println!(
        "lint benchmark: {} tables, {} rules, {} findings (median of 21 runs, native release build)",
        project.model.tables.len(),
        REGISTRY.len(),
        findings.len()
    );
    // Where the time goes, rule by rule.
    for rule in REGISTRY {
        let mut times = Vec::new();
        for _ in 0..5 {
            let cx = schemaforge::rules::LintContext::new(
                &project.model,
                Dialect::Postgres,
                settings.profile,
                project.ids.last(),
            );
            let start = Instant::now();
            std::hint::black_box(rule.check(&cx));
            times.push(start.elapsed());
        }
        println!(
            "  {} {:<32} {:.2} ms",
            rule.code(),
            rule.name(),
            median(times)
        );
    }
    println!(
        "of which finding positions in the text: {:.1} ms",
        ms - median(bare)
    );
    let verdict = if ms <= 50.0 {
        "within budget"
    } else {
        "OVER BUDGET"
    };
    println!("lint of the whole project: {ms:.1} ms (budget 50 ms): {verdict}");
}
