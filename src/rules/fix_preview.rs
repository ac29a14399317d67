//! A fix drawn before it is applied: the tables it touches as they are and as they would be,
//! laid out on their own, so a designer sees a decomposition (the new table, the columns that
//! move, the foreign key that joins them) before agreeing to it.

use std::collections::BTreeSet;

use crate::edit::{Edit, EditError};
use crate::generate::svg::scene_svg;
use crate::layout::auto_layout::layered_layout;
use crate::layout::scene::build_scene;
use crate::model::{Id, Model, Project};
use crate::rules::Fix;

/// The tables a fix touches, drawn before and after it.
#[derive(Clone, Debug, PartialEq)]
pub struct FixPreview {
    pub title: String,
    /// SVG documents.
    pub before: String,
    pub after: String,
    /// The tables the fix adds, by name.
    pub added: Vec<String>,
    /// The tables it changes, by name.
    pub changed: Vec<String>,
}

/// The ids of the tables `edit` names: the ones it changes and the ones it adds.
fn touched(edit: &Edit, changed: &mut BTreeSet<Id>, added: &mut BTreeSet<Id>) {
    match edit {
        Edit::AddTable { table, .. } => {
            added.insert(table.id);
        }
        Edit::RemoveTable { table }
        | Edit::RenameTable { table, .. }
        | Edit::SetTable { table, .. }
        | Edit::AddColumn { table, .. }
        | Edit::RemoveColumn { table, .. }
        | Edit::RenameColumn { table, .. }
        | Edit::MoveColumn { table, .. }
        | Edit::SetColumn { table, .. }
        | Edit::SetPrimaryKey { table, .. }
        | Edit::PutConstraint { table, .. }
        | Edit::RemoveConstraint { table, .. } => {
            changed.insert(*table);
        }
        Edit::Batch { edits, .. } => {
            for e in edits {
                touched(e, changed, added);
            }
        }
        Edit::WithText { edit, .. } => touched(edit, changed, added),
        _ => {}
    }
}

/// Only `ids`' tables of `model`, laid out afresh and drawn.
fn drawing(model: &Model, ids: &BTreeSet<Id>) -> String {
    let part = Model {
        tables: model
            .tables
            .iter()
            .filter(|t| ids.contains(&t.id))
            .cloned()
            .collect(),
        ..Model::default()
    };
    let layout = layered_layout(&part);
    scene_svg(&build_scene(&part, &layout))
}

/// What `fix` would make of the tables it touches; the project is left as it is. An error
/// when the fix no longer applies.
pub fn preview_fix(project: &Project, fix: &Fix) -> Result<FixPreview, EditError> {
    let mut after = project.clone();
    fix.apply(&mut after)?;
    let (mut changed, mut added) = (BTreeSet::new(), BTreeSet::new());
    for e in &fix.edits {
        touched(e, &mut changed, &mut added);
    }
    let names = |model: &Model, ids: &BTreeSet<Id>| -> Vec<String> {
        model
            .tables
            .iter()
            .filter(|t| ids.contains(&t.id))
            .map(|t| t.qualified_name())
            .collect()
    };
    let all: BTreeSet<Id> = changed.union(&added).copied().collect();
    Ok(FixPreview {
        title: fix.title.clone(),
        before: drawing(&project.model, &changed),
        after: drawing(&after.model, &all),
        added: names(&after.model, &added),
        changed: names(&project.model, &changed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dialect;
    use crate::rules::{lint_project, LintSettings};

    #[test]
    fn a_decomposition_is_drawn_before_and_after_without_changing_the_project() {
        let (project, _) = crate::workspace::project_from_sql(
            "split",
            "CREATE TABLE addresses (id int PRIMARY KEY, zip text NOT NULL, city text NOT NULL, street text);\nCOMMENT ON TABLE addresses IS 'fd: zip -> city';",
            Dialect::Postgres,
        );
        let found = lint_project(&project, &LintSettings::default());
        let fix = found
            .iter()
            .filter(|f| f.code.starts_with("NF"))
            .flat_map(|f| &f.fixes)
            .find(|f| f.edits.iter().any(|e| matches!(e, Edit::AddTable { .. })))
            .expect("a decomposition fix");
        let before = project.clone();
        let preview = preview_fix(&project, fix).expect("the fix applies");
        assert_eq!(project, before, "a preview changes nothing");
        assert_eq!(preview.changed, vec!["addresses".to_string()]);
        assert_eq!(preview.added.len(), 1, "{preview:?}");
        let new = &preview.added[0];
        // Before: one table, with city. After: both tables, city in the new one, and the
        // foreign key drawn between them.
        assert!(preview.before.contains(">city<") && !preview.before.contains(new.as_str()));
        assert!(
            preview.after.contains(&format!(">{new}<")),
            "{}",
            preview.after
        );
        assert!(preview.after.contains(">city<") && preview.after.contains(">addresses<"));
        assert!(
            preview.after.contains(r#"class="edge""#),
            "the new foreign key is drawn"
        );
        assert!(!preview.before.contains(r#"class="edge""#));
    }
}
