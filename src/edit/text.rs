//! Edits of the editor's text: typing (import and reconcile), switching the view between SQL
//! and DBML, the dialect, and restoring an earlier state, which undoes them exactly (re-
//! importing old text would give new ids to what it had dropped).

use super::{Applied, Edit, Snapshot};
use crate::generate::dbml::{print_dbml, print_dbml_with_spans};
use crate::generate::sql::{dialect_for, generate_ddl, DdlOptions};
use crate::import::dbml::import_dbml;
use crate::import::sql::{import_sql, SkippedStatement};
use crate::layout::arrange;
use crate::model::reconcile::reconcile;
use crate::model::{Dialect, Model, Point, Project, SourceFormat, TextSpans};

/// The model written in `format`: the text a visual edit leaves in the editor.
pub fn generated_text(model: &Model, dialect: Dialect, format: SourceFormat) -> String {
    match format {
        SourceFormat::Dbml => print_dbml(model),
        SourceFormat::Sql => generate_ddl(
            model,
            dialect_for(dialect).as_ref(),
            &editor_options(dialect),
        ),
    }
}

/// The options the editor's SQL is generated with: the project's own dialect, names kept.
pub fn editor_options(dialect: Dialect) -> DdlOptions {
    DdlOptions {
        source: dialect,
        ..DdlOptions::default()
    }
}

/// The project's text as [`generated_text`] writes it, printing again only what changed
/// since the project's cache last generated it, and where it writes each table.
pub fn project_text(project: &Project) -> (String, TextSpans) {
    let dialect = project.source.dialect;
    match project.source.format {
        SourceFormat::Dbml => print_dbml_with_spans(&project.model),
        SourceFormat::Sql => {
            let ddl = project.ddl_cache.generate(
                &project.model,
                dialect_for(dialect).as_ref(),
                &editor_options(dialect),
            );
            (ddl.script, ddl.spans)
        }
    }
}

/// Regenerates the editor's text from the model; returns the text it replaced.
pub(super) fn regenerate(project: &mut Project) -> String {
    let (text, spans) = project_text(project);
    project.source.generated = true;
    project.source.spans = spans;
    std::mem::replace(&mut project.source.text, text)
}

/// Where the project's text writes each table: the spans kept with it, else (a project
/// restored from storage keeps none) found again from the printer when the text is
/// generated, or by reading the text.
pub fn text_spans(project: &Project) -> std::borrow::Cow<'_, TextSpans> {
    let source = &project.source;
    if !source.spans.is_empty() || source.text.trim().is_empty() {
        return std::borrow::Cow::Borrowed(&source.spans);
    }
    let spans = if source.generated {
        project_text(project).1
    } else {
        spans_of_text(&project.model, &source.text, source.dialect, source.format)
    };
    std::borrow::Cow::Owned(spans)
}

/// `project` with the spans of its text found (a project read from a file or from storage
/// keeps none), once, instead of at every lint.
pub fn with_spans(mut project: Project) -> Project {
    if let std::borrow::Cow::Owned(spans) = text_spans(&project) {
        project.source.spans = spans;
    }
    project
}

/// Where `text` writes the tables of `model`, when `model` was imported from it: the
/// imported tables are matched to the model's by qualified name (reconcile kept their
/// names). Finds again the spans a saved project does not keep.
pub fn spans_of_text(
    model: &Model,
    text: &str,
    dialect: Dialect,
    format: SourceFormat,
) -> TextSpans {
    let import = match format {
        SourceFormat::Sql => import_sql(text, dialect),
        SourceFormat::Dbml => import_dbml(text),
    };
    let pairs = named_pairs(model, &import.model);
    import.spans.renumbered(pairs)
}

/// (imported id, model id) for each imported table that `model` has by qualified name.
fn named_pairs(model: &Model, imported: &Model) -> Vec<(crate::model::Id, crate::model::Id)> {
    let by_name: rustc_hash::FxHashMap<String, crate::model::Id> = model
        .tables
        .iter()
        .map(|t| (t.qualified_name(), t.id))
        .collect();
    imported
        .tables
        .iter()
        .filter_map(|t| by_name.get(&t.qualified_name()).map(|id| (t.id, *id)))
        .collect()
}

pub(super) fn replace_text(project: &mut Project, text: String) -> Applied {
    let mut import = match project.source.format {
        SourceFormat::Sql => import_sql(&text, project.source.dialect),
        SourceFormat::Dbml => import_dbml(&text),
    };
    let (dialect, format) = (project.source.dialect, project.source.format);
    let old_source = std::mem::replace(
        &mut project.source,
        crate::model::Source {
            dialect,
            format,
            text,
            generated: false,
            spans: TextSpans::default(),
        },
    );
    let mut snapshot = Snapshot {
        name: None,
        source: old_source,
        model: None,
        layout: None,
        lint: None,
    };
    let mut spans = std::mem::take(&mut import.spans);
    if !import.report.has_errors() {
        let imported: Vec<crate::model::Id> = import.model.tables.iter().map(|t| t.id).collect();
        let model = reconcile(&project.model, import.model, &mut project.ids);
        match model.validate() {
            Ok(()) => {
                // Reconcile keeps the tables in order and gives them the project's ids.
                spans =
                    spans.renumbered(imported.into_iter().zip(model.tables.iter().map(|t| t.id)));
                let layout = arrange(&model, &project.layout);
                snapshot.model = Some(std::mem::replace(&mut project.model, model));
                snapshot.layout = Some(std::mem::replace(&mut project.layout, layout));
            }
            // Imports leave out what does not resolve, so this is a bug; say so, keep the
            // last good model.
            Err(invalid) => {
                // The import's tables, in the order reconcile kept, by the names the last
                // good model has.
                let by_name: rustc_hash::FxHashMap<String, crate::model::Id> = project
                    .model
                    .tables
                    .iter()
                    .map(|t| (t.qualified_name(), t.id))
                    .collect();
                let pairs: Vec<_> = imported
                    .iter()
                    .zip(&model.tables)
                    .filter_map(|(id, t)| by_name.get(&t.qualified_name()).map(|kept| (*id, *kept)))
                    .collect();
                spans = spans.renumbered(pairs);
                import.report.skipped.push(SkippedStatement {
                    position: crate::diagnostic::Position { line: 1, column: 1 },
                    kind: "model".into(),
                    reason: format!("the imported model is inconsistent: {invalid}"),
                    severity: crate::diagnostic::Severity::Error,
                })
            }
        }
    } else {
        // The last good model stays: its tables are found where the text still writes them.
        spans = spans.renumbered(named_pairs(&project.model, &import.model));
    }
    project.source.spans = spans;
    Applied {
        inverse: Edit::Restore {
            state: Box::new(snapshot),
        },
        report: Some(import.report),
    }
}

pub(super) fn set_view(project: &mut Project, format: SourceFormat) -> Edit {
    let old = project.source.clone();
    project.source.format = format;
    regenerate(project);
    Edit::Restore {
        state: Box::new(Snapshot {
            name: None,
            source: old,
            model: None,
            layout: None,
            lint: None,
        }),
    }
}

pub(super) fn set_dialect(project: &mut Project, dialect: Dialect) -> Applied {
    let old = project.source.clone();
    project.source.dialect = dialect;
    let text = project.source.text.clone();
    let mut applied = replace_text(project, text);
    if let Edit::Restore { state } = &mut applied.inverse {
        state.source = old;
    }
    applied
}

pub(super) fn restore(project: &mut Project, state: Snapshot) -> Edit {
    let name = state.name.map(|n| std::mem::replace(&mut project.name, n));
    let source = std::mem::replace(&mut project.source, state.source);
    let model = state
        .model
        .map(|m| std::mem::replace(&mut project.model, m));
    let layout = state
        .layout
        .map(|l| std::mem::replace(&mut project.layout, l));
    let lint = state.lint.map(|l| std::mem::replace(&mut project.lint, l));
    Edit::Restore {
        state: Box::new(Snapshot {
            name,
            source,
            model,
            layout,
            lint,
        }),
    }
}

/// A place for a new box: right of everything placed, level with the top.
pub(super) fn free_spot(project: &Project) -> Point {
    let placed = project.layout.positions.values();
    let right = placed
        .clone()
        .map(|p| p.x)
        .fold(f64::NEG_INFINITY, f64::max);
    let top = placed.map(|p| p.y).fold(f64::INFINITY, f64::min);
    if right.is_finite() && top.is_finite() {
        Point {
            x: right + 360.0,
            y: top,
        }
    } else {
        Point { x: 40.0, y: 40.0 }
    }
}
