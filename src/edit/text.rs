//! Edits of the editor's text: typing (import and reconcile), switching the view between SQL
//! and DBML, the dialect, and restoring an earlier state, which undoes them exactly (re-
//! importing old text would give new ids to what it had dropped).

use super::{Applied, Edit, Snapshot};
use crate::generate::dbml::print_dbml;
use crate::generate::sql::{dialect_for, generate_ddl, DdlOptions};
use crate::import::dbml::import_dbml;
use crate::import::sql::{import_sql, SkippedStatement};
use crate::layout::arrange;
use crate::model::reconcile::reconcile;
use crate::model::{Dialect, Model, Point, Project, SourceFormat};

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
/// since the project's cache last generated it.
pub fn project_text(project: &Project) -> String {
    let dialect = project.source.dialect;
    match project.source.format {
        SourceFormat::Dbml => print_dbml(&project.model),
        SourceFormat::Sql => {
            project
                .ddl_cache
                .generate(
                    &project.model,
                    dialect_for(dialect).as_ref(),
                    &editor_options(dialect),
                )
                .script
        }
    }
}

/// Regenerates the editor's text from the model; returns the text it replaced.
pub(super) fn regenerate(project: &mut Project) -> String {
    let text = project_text(project);
    project.source.generated = true;
    std::mem::replace(&mut project.source.text, text)
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
        },
    );
    let mut snapshot = Snapshot {
        name: None,
        source: old_source,
        model: None,
        layout: None,
        lint: None,
    };
    if !import.report.has_errors() {
        let model = reconcile(&project.model, import.model, &mut project.ids);
        match model.validate() {
            Ok(()) => {
                let layout = arrange(&model, &project.layout);
                snapshot.model = Some(std::mem::replace(&mut project.model, model));
                snapshot.layout = Some(std::mem::replace(&mut project.layout, layout));
            }
            // Imports leave out what does not resolve, so this is a bug; say so, keep the
            // last good model.
            Err(invalid) => import.report.skipped.push(SkippedStatement {
                position: crate::diagnostic::Position { line: 1, column: 1 },
                kind: "model".into(),
                reason: format!("the imported model is inconsistent: {invalid}"),
                severity: crate::diagnostic::Severity::Error,
            }),
        }
    }
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
