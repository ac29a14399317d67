//! What the diagram marks when it shows the changes from an older version to the model it
//! draws: each table and column added, changed or renamed (with its old name), and what was
//! removed, which the drawing no longer has, for the legend to list.

use std::collections::BTreeMap;

use serde::Serialize;

use super::diff::{diff, Change};
use crate::model::{Id, Model};

/// How an object differs from its older version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    Added,
    /// Its definition changed: for a table, a column, key, constraint, index or comment.
    Changed,
    /// It was called `from` (and may have changed too).
    Renamed {
        from: String,
    },
}

impl Mark {
    /// The CSS class and the legend's word.
    pub fn class(&self) -> &'static str {
        match self {
            Mark::Added => "diff-added",
            Mark::Changed => "diff-changed",
            Mark::Renamed { .. } => "diff-renamed",
        }
    }
}

/// The marks of one comparison, by the ids of the newer version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DiffMarks {
    pub tables: BTreeMap<Id, Mark>,
    /// By table id, then by the column's name in the newer version (what a row shows).
    pub columns: BTreeMap<Id, BTreeMap<String, Mark>>,
    /// Tables the older version had, by name.
    pub removed_tables: Vec<String>,
    /// Columns the older version had in tables both have, as `table.column`.
    pub removed_columns: Vec<String>,
    /// How many changes the diff found in all (enums included).
    pub changes: usize,
}

impl DiffMarks {
    pub fn is_empty(&self) -> bool {
        self.changes == 0
    }
}

/// The marks that show `new` as a change of `old` (the same project's versions: ids match).
pub fn marks(old: &Model, new: &Model) -> DiffMarks {
    let changes = diff(old, new);
    let mut m = DiffMarks {
        changes: changes.len(),
        ..DiffMarks::default()
    };
    let old_table = |id: Id| old.tables.iter().find(|t| t.id == id);
    let new_column = |table: Id, column: Id| {
        new.tables
            .iter()
            .find(|t| t.id == table)
            .and_then(|t| t.columns.iter().find(|c| c.id == column))
            .map(|c| c.name.clone())
    };
    let mut columns: BTreeMap<Id, BTreeMap<String, Mark>> = BTreeMap::new();
    let mut mark_column = |table: Id, column: Id, mark: Mark, replace: bool| {
        if let Some(name) = new_column(table, column) {
            let row = columns.entry(table).or_default();
            if replace {
                row.insert(name, mark);
            } else {
                row.entry(name).or_insert(mark);
            }
        }
    };
    // A table with any change is changed, unless a stronger mark (added, renamed) is set.
    let touch = |tables: &mut BTreeMap<Id, Mark>, table: Id| {
        tables.entry(table).or_insert(Mark::Changed);
    };
    for c in &changes {
        match c {
            Change::AddTable { table } => {
                m.tables.insert(*table, Mark::Added);
            }
            Change::DropTable { table } => {
                if let Some(t) = old_table(*table) {
                    m.removed_tables.push(t.name.clone());
                }
            }
            Change::RenameTable { table, from, .. } => {
                m.tables.insert(
                    *table,
                    Mark::Renamed {
                        from: from.1.clone(),
                    },
                );
            }
            Change::AddColumn { table, column } => {
                touch(&mut m.tables, *table);
                mark_column(*table, *column, Mark::Added, true);
            }
            Change::DropColumn { table, column } => {
                touch(&mut m.tables, *table);
                let dropped = old_table(*table).and_then(|t| {
                    t.columns
                        .iter()
                        .find(|c| c.id == *column)
                        .map(|c| format!("{}.{}", t.name, c.name))
                });
                m.removed_columns.extend(dropped);
            }
            Change::RenameColumn {
                table,
                column,
                from,
                ..
            } => {
                touch(&mut m.tables, *table);
                mark_column(*table, *column, Mark::Renamed { from: from.clone() }, true);
            }
            Change::AlterColumn { table, column, .. } => {
                touch(&mut m.tables, *table);
                mark_column(*table, *column, Mark::Changed, false);
            }
            Change::AddConstraint { table, .. }
            | Change::DropConstraint { table, .. }
            | Change::AlterConstraint { table, .. }
            | Change::CommentTable { table } => touch(&mut m.tables, *table),
            Change::AddEnum { .. } | Change::DropEnum { .. } | Change::AlterEnum { .. } => {}
        }
    }
    m.columns = columns;
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;
    use crate::model::Dialect;

    fn model(sql: &str) -> Model {
        import_sql(sql, Dialect::Postgres).model
    }

    #[test]
    fn each_kind_of_change_gets_its_mark() {
        let old = model(
            "CREATE TABLE users (id int PRIMARY KEY, name text, age int);
             CREATE TABLE orders (id int PRIMARY KEY, total int);
             CREATE TABLE logs (id int);
             CREATE TABLE tags (id int);",
        );
        let mut new = old.clone();
        let id_of = |m: &Model, t: &str| m.tables.iter().position(|x| x.name == t).unwrap_or(0);
        // users: a column renamed (and made optional), one commented, one dropped.
        let users = id_of(&new, "users");
        let u = &mut new.tables[users];
        u.columns[1].name = "full_name".into();
        u.columns[1].nullable = !u.columns[1].nullable;
        u.columns[0].comment = Some("the key".into());
        let age = u.columns.remove(2);
        // orders renamed.
        let orders = id_of(&new, "orders");
        new.tables[orders].name = "purchases".into();
        // logs dropped, a table added (by moving tags' id to a fresh one).
        new.tables.remove(id_of(&new, "logs"));
        let mut added = (*new.tables[id_of(&new, "tags")]).clone();
        added.id = Id(9_999);
        added.name = "labels".into();
        new.tables.push(crate::model::Shared::new(added));

        let m = marks(&old, &new);
        let t = |name: &str| new.tables.iter().find(|t| t.name == name).map(|t| t.id);
        assert_eq!(
            m.tables.get(&t("users").unwrap_or(Id(0))),
            Some(&Mark::Changed)
        );
        assert_eq!(
            m.tables.get(&t("purchases").unwrap_or(Id(0))),
            Some(&Mark::Renamed {
                from: "orders".into()
            })
        );
        assert_eq!(m.tables.get(&Id(9_999)), Some(&Mark::Added));
        assert_eq!(m.tables.get(&t("tags").unwrap_or(Id(0))), None);
        assert_eq!(m.removed_tables, ["logs"]);
        assert_eq!(m.removed_columns, [format!("users.{}", age.name)]);
        let users = &m.columns[&new.tables[id_of(&new, "users")].id];
        assert_eq!(
            users.get("full_name"),
            Some(&Mark::Renamed {
                from: "name".into()
            })
        );
        assert_eq!(users.get("id"), Some(&Mark::Changed));
        assert_eq!(users.len(), 2);
        assert!(!m.is_empty());
        assert!(marks(&old, &old).is_empty());
    }
}
