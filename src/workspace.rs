//! Operations on a whole project that the UI and the command line share.

use crate::diagnostic::Diagnostic;
use crate::edit::{apply, Edit};
use crate::import::dbml::import_dbml;
use crate::import::detect::{detect_kind, TextKind};
use crate::import::dialect_guess::try_dialects;
use crate::import::sql::{import_sql, ImportReport, SqlImport};
use crate::layout::layered_layout;
use crate::model::reconcile::reconcile;
use crate::model::{Dialect, Model, Project, SourceFormat};

/// Replaces the project's source text and, when it parses, its model.
///
/// Text with a parse error changes only the stored text: the last good model and diagram stay
/// until the text is valid again. Matching objects keep their ids and positions.
pub fn apply_source(project: &mut Project, text: String) -> ImportReport {
    // Replacing the text is never refused: a parse error only keeps the last good model.
    apply(project, Edit::ReplaceText { text })
        .ok()
        .and_then(|applied| applied.report)
        .unwrap_or_default()
}

/// The import report of the project's current text, without changing the project.
pub fn check_source(project: &Project) -> ImportReport {
    match project.source.format {
        SourceFormat::Sql => import_sql(&project.source.text, project.source.dialect).report,
        SourceFormat::Dbml => import_dbml(&project.source.text).report,
    }
}

/// Shows the model in another language: the editor's text is generated from the model (the
/// SQL view in the project's dialect).
pub fn switch_view(project: &mut Project, format: SourceFormat) {
    // Switching the view is never refused.
    let _ = apply(project, Edit::SetView { format });
}

/// Imports a whole script, keeping every statement that parsed even when others did not:
/// the right behaviour for opening a file, where nothing better exists to fall back on.
pub fn project_from_sql(name: &str, text: &str, dialect: Dialect) -> (Project, ImportReport) {
    project_from_import(name, text, import_sql(text, dialect), dialect)
}

/// A project from `import`, the import of `text` in `dialect`.
pub fn project_from_import(
    name: &str,
    text: &str,
    import: SqlImport,
    dialect: Dialect,
) -> (Project, ImportReport) {
    let (mut project, report) = project_of(name, import, dialect);
    project.source.text = text.to_string();
    project.layout = layered_layout(&project.model);
    (project, report)
}

/// A project of an import's model, with the import's spans; the text and the layout are the
/// caller's.
fn project_of(name: &str, import: SqlImport, dialect: Dialect) -> (Project, ImportReport) {
    let imported: Vec<crate::model::Id> = import.model.tables.iter().map(|t| t.id).collect();
    let mut project = project_from_model(name, import.model, dialect);
    // Reconcile keeps the tables in order and gives them the project's ids.
    project.source.spans = import.spans.renumbered(
        imported
            .into_iter()
            .zip(project.model.tables.iter().map(|t| t.id)),
    );
    (project, import.report)
}

/// Above this many bytes an SQL file is imported in steps (the browser shows progress) and
/// the editor holds the schema generated from it instead of the file itself: a dump's data
/// would make the editor, every re-import and the autosave slow for nothing.
pub const LARGE_INPUT: usize = 2 * 1024 * 1024;

/// A project from a large file's import: the editor shows the schema as SQL in the file's
/// dialect, generated from the model.
pub fn project_from_large_import(name: &str, import: SqlImport, dialect: Dialect) -> Project {
    let mut project = project_from_model(name, import.model, dialect);
    project.layout = layered_layout(&project.model);
    switch_view(&mut project, SourceFormat::Sql);
    project
}

fn project_from_model(name: &str, model: Model, dialect: Dialect) -> Project {
    let mut project = Project::new(name, dialect);
    project.model = reconcile(&project.model, model, &mut project.ids);
    project
}

/// A file given to the command line or the Open button: a project file, or an SQL script.
pub enum Input {
    Project(Box<Project>),
    Sql {
        project: Box<Project>,
        report: ImportReport,
    },
}

/// Reads a project file or imports SQL, in `dialect` when given, else in the dialect the
/// text shows.
pub fn open_text(name: &str, text: &str, dialect: Option<Dialect>) -> Result<Input, Diagnostic> {
    open_text_in_phases(name, text, dialect, |_| {})
}

/// Where [`open_text_in_phases`] is: the text imported (the layout not yet made), then laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenPhase {
    Imported,
    LaidOut,
}

/// [`open_text`], telling `phase` when the import is done and when the layout is, so the
/// browser can time each (a project file has its layout already and tells neither).
pub fn open_text_in_phases(
    name: &str,
    text: &str,
    dialect: Option<Dialect>,
    mut phase: impl FnMut(OpenPhase),
) -> Result<Input, Diagnostic> {
    let (mut project, report) = match detect_kind(text) {
        TextKind::Project => {
            return Project::from_json(text)
                .map(|p| Input::Project(Box::new(crate::edit::text::with_spans(p))))
        }
        TextKind::Dbml => {
            let (mut project, report) =
                project_of(name, import_dbml(text), dialect.unwrap_or_default());
            project.source.format = SourceFormat::Dbml;
            (project, report)
        }
        TextKind::Sql => match dialect {
            Some(dialect) => project_of(name, import_sql(text, dialect), dialect),
            None => {
                let (guess, import) = try_dialects(text);
                project_of(name, import, guess.chosen())
            }
        },
    };
    project.source.text = text.to_string();
    phase(OpenPhase::Imported);
    project.layout = layered_layout(&project.model);
    phase(OpenPhase::LaidOut);
    Ok(Input::Sql {
        project: Box::new(project),
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_project;

    #[test]
    fn opening_tells_each_phase_once_in_order() {
        let mut phases = Vec::new();
        let opened = open_text_in_phases(
            "shop.sql",
            "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (a_id int REFERENCES a (id));",
            None,
            |p| phases.push(p),
        );
        assert_eq!(phases, [OpenPhase::Imported, OpenPhase::LaidOut]);
        let Ok(Input::Sql { project, .. }) = opened else {
            panic!("SQL opens as SQL");
        };
        assert_eq!(project.layout.positions.len(), 2, "laid out");
        phases.clear();
        let dbml = open_text_in_phases("x.dbml", "Table a {\n  id int\n}\n", None, |p| {
            phases.push(p)
        });
        assert!(
            matches!(dbml, Ok(Input::Sql { ref project, .. }) if project.source.format == SourceFormat::Dbml)
        );
        assert_eq!(phases, [OpenPhase::Imported, OpenPhase::LaidOut]);
        // A project file has its layout: no phase to tell.
        phases.clear();
        let file = example_project().to_json();
        assert!(matches!(
            open_text_in_phases("p.json", &file, None, |p| phases.push(p)),
            Ok(Input::Project(_))
        ));
        assert!(phases.is_empty());
    }

    #[test]
    fn a_parse_error_keeps_the_last_good_model() {
        let mut project = example_project();
        let before = project.model.clone();
        let report = apply_source(&mut project, "CREATE TABLE broken (id int,,);".into());
        assert!(report.has_errors());
        assert_eq!(project.model, before);
        assert_eq!(project.source.text, "CREATE TABLE broken (id int,,);");
    }

    #[test]
    fn switching_views_keeps_the_model_and_its_ids() {
        let mut project = example_project();
        let before = project.model.clone();
        switch_view(&mut project, SourceFormat::Dbml);
        assert!(project.source.text.contains("Table user_preferences {"));
        let text = project.source.text.clone();
        let report = apply_source(&mut project, text);
        assert!(!report.has_errors(), "{report:?}");
        assert_eq!(project.model.tables.len(), before.tables.len());
        for (a, b) in project.model.tables.iter().zip(&before.tables) {
            assert_eq!(
                (a.id, &a.name, a.columns.len()),
                (b.id, &b.name, b.columns.len())
            );
            assert_eq!(a.foreign_keys.len(), b.foreign_keys.len());
        }
        switch_view(&mut project, SourceFormat::Sql);
        assert!(project.source.text.contains("CREATE TABLE users ("));
        let text = project.source.text.clone();
        let report = apply_source(&mut project, text);
        assert!(!report.has_errors(), "{report:?}");
        assert_eq!(
            project
                .model
                .tables
                .iter()
                .map(|t| t.id)
                .collect::<Vec<_>>(),
            before.tables.iter().map(|t| t.id).collect::<Vec<_>>()
        );
    }

    #[test]
    fn edits_keep_ids_and_positions_of_unchanged_tables() {
        let mut project = example_project();
        let users = project.model.table(None, "users").expect("users").id;
        let at = project.layout.positions[&users];
        let text = format!(
            "{}\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id uuid REFERENCES users (id));",
            project.source.text
        );
        apply_source(&mut project, text);
        assert_eq!(
            project.model.table(None, "users").map(|t| t.id),
            Some(users)
        );
        assert_eq!(project.layout.positions[&users], at);
        let orders = project.model.table(None, "orders").expect("orders").id;
        assert!(project.layout.positions.contains_key(&orders));
        assert_ne!(orders, users);
    }
}
