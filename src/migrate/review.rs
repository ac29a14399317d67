//! A migration between two versions of one project (or a file and the current model), as
//! the browser's migration panel shows it: the plan, the safety findings on its up script,
//! the diagram's marks (when the newer side is the model the diagram draws), the files of a
//! chosen tool and the DDL of both versions that Verify runs the round trip from.

use super::formats::{write, File, Format, Migration};
use super::marks::{marks, DiffMarks};
use super::plan::{plan, PlanOptions};
use super::renames::{accept, propose, RenameProposal};
use super::step::{Mode, Plan};
use crate::generate::sql::{dialect_for, generate_ddl, DdlOptions};
use crate::model::reconcile::reconcile;
use crate::model::{Dialect, Id, IdGen, Model, Project};
use crate::rules::Finding;

/// What the current model is called among the saved versions.
pub const CURRENT: &str = "current";

/// Which two versions, for which engine and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRequest {
    pub from: String,
    pub to: String,
    pub dialect: Dialect,
    pub mode: Mode,
}

/// Everything the panel shows of one migration.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub plan: Plan,
    /// The migration safety rules' findings on the up script (PostgreSQL's rules).
    pub findings: Vec<Finding>,
    /// The diagram's marks, when `to` is the current model (the one it draws).
    pub marks: Option<DiffMarks>,
    pub old_ddl: String,
    pub new_ddl: String,
}

/// The model a version name stands for: a saved version, or [`CURRENT`].
pub fn version_model<'a>(project: &'a Project, name: &str) -> Result<&'a Model, String> {
    if name == CURRENT {
        return Ok(&project.model);
    }
    project
        .version(name)
        .map(|v| &v.model)
        .ok_or_else(|| format!("the project has no version called {name:?}"))
}

/// The migration of `request` in `project`.
pub fn review(project: &Project, request: &ReviewRequest) -> Result<Review, String> {
    let old = version_model(project, &request.from)?;
    let new = version_model(project, &request.to)?;
    review_models(
        old,
        new,
        project.source.dialect,
        request,
        request.to == CURRENT,
    )
}

/// The migration from `old` to `new` (their ids matched), whose expressions are written in
/// `source`, for `request`'s dialect and mode; with the diagram's marks when `new` is the
/// model the diagram draws.
pub fn review_models(
    old: &Model,
    new: &Model,
    source: Dialect,
    request: &ReviewRequest,
    marked: bool,
) -> Result<Review, String> {
    let options = PlanOptions {
        source,
        ..PlanOptions::new(request.dialect, request.mode)
    };
    let plan = plan(old, new, &options)?;
    let findings = if request.dialect == Dialect::Postgres {
        crate::rules::migration::lint_plan(&plan)
    } else {
        Vec::new()
    };
    let d = dialect_for(request.dialect);
    let ddl_options = DdlOptions {
        source,
        ..DdlOptions::default()
    };
    Ok(Review {
        findings,
        marks: marked.then(|| marks(old, new)),
        old_ddl: generate_ddl(old, d.as_ref(), &ddl_options),
        new_ddl: generate_ddl(new, d.as_ref(), &ddl_options),
        plan,
    })
}

/// A file (SQL, DBML or a project) compared with the current model: its model with the
/// model's ids where the names match, and every rename proposed between them (found by
/// similarity, see [`propose`]), each with whether the user took it.
#[derive(Clone, Debug, PartialEq)]
pub struct FileVersion {
    pub model: Model,
    /// Proposals name the model's object first (`from`) and the file's second (`to`).
    pub proposals: Vec<(RenameProposal, bool)>,
}

/// `file` matched to `current`: by name, then by the proposals whose (model id, file id)
/// pairs are `taken`, in two rounds (a renamed table's columns are proposed in the second).
pub fn file_version(current: &Model, file: Model, taken: &[(Id, Id)]) -> FileVersion {
    let mut ids = IdGen::after(current.max_id().max(file.max_id()));
    let mut model = reconcile(current, file, &mut ids);
    let mut proposals = Vec::new();
    for _round in 0..2 {
        let found = propose(current, &model);
        let chosen: Vec<RenameProposal> = found
            .iter()
            .filter(|p| taken.contains(&(p.old, p.new)))
            .cloned()
            .collect();
        proposals.extend(found.into_iter().map(|p| {
            let took = taken.contains(&(p.old, p.new));
            (p, took)
        }));
        if chosen.is_empty() {
            break;
        }
        model = accept(current, model, &chosen);
    }
    FileVersion { model, proposals }
}

impl Review {
    /// The files of `format`, for a migration called `name` at `version`.
    pub fn files(&self, format: Format, version: &str, name: &str, author: &str) -> Vec<File> {
        write(
            &self.plan,
            format,
            &Migration {
                version: version.into(),
                name: name.into(),
                author: author.into(),
            },
        )
    }
}

/// Saves the current model as a version called `name` (trimmed): refused when the name is
/// empty, `current`, or taken.
pub fn save_version(project: &mut Project, name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() || name == CURRENT {
        return Err(format!("a version cannot be called {name:?}"));
    }
    if project.version(name).is_some() {
        return Err(format!("there is already a version called {name}"));
    }
    project.versions.push(crate::model::SavedVersion {
        name: name.to_string(),
        model: project.model.clone(),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;

    #[test]
    fn a_file_is_matched_by_name_then_by_the_renames_taken() {
        let current = crate::import::sql::import_sql(
            "CREATE TABLE customer_account (id int PRIMARY KEY, full_name text, email text);
             CREATE TABLE orders (id int PRIMARY KEY);",
            Dialect::Postgres,
        )
        .model;
        let file = || {
            crate::import::sql::import_sql(
                "CREATE TABLE customer_accounts (id int PRIMARY KEY, fullname text, email text);
                 CREATE TABLE orders (id int PRIMARY KEY);",
                Dialect::Postgres,
            )
            .model
        };
        let request = ReviewRequest {
            from: "file".into(),
            to: CURRENT.into(),
            dialect: Dialect::Postgres,
            mode: Mode::Simple,
        };
        let titles = |f: &FileVersion| {
            review_models(&f.model, &current, Dialect::Postgres, &request, true)
                .expect("a plan")
                .plan
                .steps
                .iter()
                .map(|s| s.title.clone())
                .collect::<Vec<_>>()
        };
        // Nothing taken: orders matches by name, the account table is dropped and created.
        let none = file_version(&current, file(), &[]);
        assert_eq!(none.proposals.len(), 1);
        let (table, took) = &none.proposals[0];
        assert!(!took);
        assert_eq!(
            (table.from.as_str(), table.to.as_str()),
            ("customer_account", "customer_accounts")
        );
        assert_eq!(
            titles(&none),
            [
                "drop table customer_accounts",
                "create table customer_account"
            ]
        );
        // The table taken: its column is proposed in the second round.
        let one = file_version(&current, file(), &[(table.old, table.new)]);
        assert_eq!(one.proposals.len(), 2, "{:?}", one.proposals);
        let (column, _) = &one.proposals[1];
        assert_eq!(
            (column.from.as_str(), column.to.as_str()),
            ("full_name", "fullname")
        );
        let both = file_version(
            &current,
            file(),
            &[(table.old, table.new), (column.old, column.new)],
        );
        let steps = titles(&both);
        assert!(
            steps.contains(&"rename table customer_accounts to customer_account".to_string()),
            "{steps:?}"
        );
        assert!(
            steps.iter().any(|s| s.contains("rename column")),
            "{steps:?}"
        );
        assert!(!steps.iter().any(|s| s.contains("drop")), "{steps:?}");
    }

    #[test]
    fn a_saved_version_and_an_edit_make_a_reviewed_migration() {
        let mut project = crate::example::example_project();
        save_version(&mut project, " v1 ").expect("saved");
        assert_eq!(
            save_version(&mut project, "v1"),
            Err("there is already a version called v1".into())
        );
        assert!(save_version(&mut project, "current").is_err());
        let table = project.model.tables[0].id;
        let (schema, old_name) = (
            project.model.tables[0].schema.clone(),
            project.model.tables[0].name.clone(),
        );
        crate::edit::apply(
            &mut project,
            Edit::rename_table(table, schema, "renamed_table"),
        )
        .expect("edit");
        let request = ReviewRequest {
            from: "v1".into(),
            to: CURRENT.into(),
            dialect: Dialect::Postgres,
            mode: Mode::Safe,
        };
        let r = review(&project, &request).expect("a review");
        assert_eq!(
            r.plan.steps[0].title,
            format!("rename table {old_name} to renamed_table")
        );
        let marks = r.marks.clone().expect("marks, the newer side is current");
        assert_eq!(
            marks.tables.get(&table),
            Some(&super::super::marks::Mark::Renamed { from: old_name })
        );
        assert!(r.new_ddl.contains("renamed_table"));
        assert!(!r.old_ddl.contains("renamed_table"));
        // The renaming rule flags the rename on PostgreSQL.
        assert!(
            r.findings.iter().any(|f| f.message.contains("renam")),
            "{:?}",
            r.findings
        );
        let files = r.files(Format::Dbmate, "20261207120000", "rename", "me");
        assert_eq!(files.len(), 1);
        assert!(files[0].path.starts_with("20261207120000_rename"));

        let back = ReviewRequest {
            from: CURRENT.into(),
            to: "v1".into(),
            ..request.clone()
        };
        assert!(review(&project, &back).expect("a review").marks.is_none());
        let missing = ReviewRequest {
            from: "v0".into(),
            ..request
        };
        assert_eq!(
            review(&project, &missing).err(),
            Some("the project has no version called \"v0\"".into())
        );
    }
}
