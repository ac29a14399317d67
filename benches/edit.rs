//! Editing a 2,000-table project: one edit (a column rename, which carries to the keys and
//! foreign keys that name it) applied, validated, and everything the screen shows
//! regenerated (the editor's SQL, the diagram's scene, the export panel's DDL); and the undo
//! of a text replacement of the whole project.
//! Run with `make bench` (`cargo bench --no-default-features --bench edit`).
//! Budgets (issue 13): under 16 ms for the edit and what it shows; under 50 ms for the undo.

use std::time::{Duration, Instant};

use schemaforge::edit::text::{editor_options, generated_text};
use schemaforge::edit::{apply, Edit, History};
use schemaforge::generate::sql::dialect_for;
use schemaforge::model::{Dialect, Project};
use schemaforge::synthetic::pg_dump_script;
use schemaforge::workspace::{project_from_sql, switch_view};

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn verdict(ms: f64, budget: f64) -> &'static str {
    if ms <= budget {
        "within budget"
    } else {
        "OVER BUDGET"
    }
}

/// The export panel's DDL, as the UI's memo computes it (through the project's cache, which
/// the editor's text filled with the same options a moment before).
fn export_ddl(project: &Project) -> String {
    let dialect = project.source.dialect;
    project
        .ddl_cache
        .generate(
            &project.model,
            dialect_for(dialect).as_ref(),
            &editor_options(dialect),
        )
        .script
}

fn main() {
    let (mut project, _) = project_from_sql("bench", &pg_dump_script(2_000), Dialect::Postgres);
    // A project edited on the diagram: its text is the generated SQL.
    let format = project.source.format;
    switch_view(&mut project, format);
    println!(
        "edit benchmark: {} tables, {} columns, {} foreign keys (median of 21 runs, native release build)",
        project.model.tables.len(),
        project.model.column_count(),
        project.model.foreign_key_count()
    );
    // A column that other tables reference, so the rename carries to their foreign keys.
    let (table, column) =
        schemaforge::synthetic::referenced_key(&project.model).expect("the dump has foreign keys");
    let (mut apply_times, mut scene_times, mut export_times, mut totals) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 0..21 {
        let name = format!("key_{run}");
        let start = Instant::now();
        apply(&mut project, Edit::rename_column(table, column, name)).expect("the rename applies");
        let applied = start.elapsed();
        let scene = project.scene();
        let shown = start.elapsed();
        let ddl = export_ddl(&project);
        let total = start.elapsed();
        std::hint::black_box((scene, ddl));
        apply_times.push(applied);
        scene_times.push(shown - applied);
        export_times.push(total - shown);
        totals.push(total);
    }
    // The cached text is the full generation's.
    assert_eq!(
        project.source.text,
        generated_text(
            &project.model,
            project.source.dialect,
            project.source.format
        ),
        "the editor's kept statements are the full generation's"
    );
    // Where the apply's time goes: the whole-model validation and the editor's text, printed
    // whole and through the project's cache.
    let (mut validate_times, mut text_times) = (Vec::new(), Vec::new());
    for _ in 0..21 {
        let start = Instant::now();
        std::hint::black_box(project.model.validate()).expect("valid");
        validate_times.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(generated_text(
            &project.model,
            project.source.dialect,
            project.source.format,
        ));
        text_times.push(start.elapsed());
    }
    println!(
        "of which: validate {:.1} ms; the editor's SQL printed whole {:.1} ms",
        median(validate_times),
        median(text_times)
    );
    let (a, s, e, t) = (
        median(apply_times),
        median(scene_times),
        median(export_times),
        median(totals),
    );
    println!("rename a referenced column: apply + validate + editor SQL {a:.1} ms, diagram scene {s:.1} ms, export DDL {e:.1} ms");
    println!(
        "edit and what the screen shows: {t:.1} ms (budget 16 ms): {}",
        verdict(t, 16.0)
    );

    // Undo of a text replacement: the whole text typed anew (one more table), then undone.
    let mut history = History::default();
    let mut undo_times = Vec::new();
    let mut replace_times = Vec::new();
    for run in 0..21 {
        let text = format!(
            "{}\nCREATE TABLE typed_{run} (id bigint PRIMARY KEY);\n",
            project.source.text
        );
        let start = Instant::now();
        history
            .apply(&mut project, Edit::ReplaceText { text })
            .expect("typing applies");
        replace_times.push(start.elapsed());
        let start = Instant::now();
        history.undo(&mut project).expect("undo applies");
        let scene = project.scene();
        undo_times.push(start.elapsed());
        std::hint::black_box(scene);
    }
    let (r, u) = (median(replace_times), median(undo_times));
    println!("replace the text (import + reconcile): {r:.1} ms (not budgeted)");
    println!(
        "undo of that replacement, with the diagram's scene: {u:.1} ms (budget 50 ms): {}",
        verdict(u, 50.0)
    );
}
