//! The names MariaDB gives what a table leaves unnamed, found by experiment on MariaDB
//! 10.11, so that a migration can address them:
//!
//! - the primary key is `PRIMARY`;
//! - a unique key is named after its first column, `_2`, `_3`… where the name is taken
//!   (index names compare without case);
//! - a foreign key is `{table}_ibfk_{n}`, numbered among the unnamed keys in the order they
//!   are created (`ALTER TABLE … ADD` takes the highest number plus one, so after a drop the
//!   numbers no longer follow the model: the planner names every key it adds); `RENAME
//!   TABLE` renames them with the table;
//! - a foreign key gets an index of its own when no index starts with its columns, named
//!   after its first column (or after the key, when the key is named by `ALTER TABLE … ADD`);
//!   it outlives `DROP FOREIGN KEY`, and is dropped by the engine when an index that serves
//!   the key is created;
//! - a table-level check is `CONSTRAINT_{n}`, the lowest number not taken; renaming a column
//!   rewrites the checks that name it.

use std::collections::BTreeSet;

use crate::model::{Id, IndexTarget, Table};

/// The name of every key, constraint and index of `table` as MariaDB knows it, in the order
/// the DDL creates them; `fk_order` is the order the DDL adds the foreign keys in.
pub fn default_names(table: &Table, fk_order: &[Id]) -> Vec<(Id, String)> {
    let mut names = Vec::new();
    let mut indexes: BTreeSet<String> = BTreeSet::new();
    indexes.insert("primary".into());
    if let Some(pk) = &table.primary_key {
        names.push((pk.id, "PRIMARY".to_string()));
    }
    for u in &table.uniques {
        let name = match &u.name {
            Some(n) => n.clone(),
            None => numbered(&indexes, table.column_name(u.columns[0])),
        };
        indexes.insert(name.to_lowercase());
        names.push((u.id, name));
    }
    let named_checks: BTreeSet<String> = table
        .checks
        .iter()
        .filter_map(|c| c.name.as_ref().map(|n| n.to_lowercase()))
        .collect();
    let mut n = 0;
    for c in &table.checks {
        let name = match &c.name {
            Some(own) => own.clone(),
            None => loop {
                n += 1;
                let candidate = format!("CONSTRAINT_{n}");
                if !named_checks.contains(&candidate.to_lowercase()) {
                    break candidate;
                }
            },
        };
        names.push((c.id, name));
    }
    let mut k = 0;
    for id in fk_order {
        let Some(f) = table.foreign_keys.iter().find(|f| f.id == *id) else {
            continue;
        };
        let name = match &f.name {
            Some(own) => own.clone(),
            None => {
                k += 1;
                format!("{}_ibfk_{k}", table.name)
            }
        };
        names.push((f.id, name));
    }
    for i in &table.indexes {
        if let Some(own) = &i.name {
            names.push((i.id, own.clone()));
        }
    }
    names
}

/// `base`, or `base_2`, `base_3`… : the first not among `taken` (lower case).
fn numbered(taken: &BTreeSet<String>, base: &str) -> String {
    if !taken.contains(&base.to_lowercase()) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|c| !taken.contains(&c.to_lowercase()))
        .unwrap_or_else(|| base.to_string())
}

/// The leading columns of the table's keys and the indexes the target builds
/// (`generated`): what can serve a foreign key.
fn served_by(table: &Table, generated: &dyn Fn(Id) -> bool) -> Vec<Vec<Id>> {
    let mut out: Vec<Vec<Id>> = table
        .primary_key
        .iter()
        .map(|p| p.columns.clone())
        .chain(table.uniques.iter().map(|u| u.columns.clone()))
        .collect();
    for i in table.indexes.iter().filter(|i| generated(i.id)) {
        let columns: Vec<Id> = i
            .parts
            .iter()
            .map_while(|p| match p.target {
                IndexTarget::Column(c) => Some(c),
                IndexTarget::Expression(_) => None,
            })
            .collect();
        out.push(columns);
    }
    out
}

/// Whether an index on `index` (its leading columns) serves a key on `key`.
pub fn serves(index: &[Id], key: &[Id]) -> bool {
    !key.is_empty() && index.len() >= key.len() && index[..key.len()] == *key
}

/// The indexes MariaDB made for foreign keys no other index serves: per key, the index's
/// name and columns. `generated` says which of the model's indexes the target builds.
pub fn key_indexes(
    table: &Table,
    fk_order: &[Id],
    generated: &dyn Fn(Id) -> bool,
) -> Vec<(Id, String, Vec<Id>)> {
    let served = served_by(table, generated);
    let mut taken: BTreeSet<String> = default_names(table, fk_order)
        .into_iter()
        .filter(|(id, _)| !table.foreign_keys.iter().any(|f| f.id == *id))
        .map(|(_, n)| n.to_lowercase())
        .collect();
    taken.insert("primary".into());
    let mut out: Vec<(Id, String, Vec<Id>)> = Vec::new();
    for id in fk_order {
        let Some(f) = table.foreign_keys.iter().find(|f| f.id == *id) else {
            continue;
        };
        let covered = served.iter().any(|s| serves(s, &f.columns))
            || out.iter().any(|(_, _, c)| serves(c, &f.columns));
        if covered || f.columns.is_empty() {
            continue;
        }
        let base = f
            .name
            .clone()
            .unwrap_or_else(|| table.column_name(f.columns[0]).to_string());
        let name = numbered(&taken, &base);
        taken.insert(name.to_lowercase());
        out.push((f.id, name, f.columns.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckConstraint, ForeignKey, PrimaryKey, UniqueConstraint};

    fn table() -> Table {
        let mut t = Table {
            name: "o".into(),
            ..Table::default()
        };
        for (k, name) in ["id", "uid", "u2", "x"].iter().enumerate() {
            t.columns.push(crate::model::Column {
                id: Id(10 + k as u64),
                name: name.to_string(),
                data_type: crate::model::ColumnType::from_spelling("bigint"),
                nullable: true,
                default: None,
                identity: None,
                comment: None,
            });
        }
        t.primary_key = Some(PrimaryKey {
            id: Id(1),
            name: None,
            columns: vec![Id(10)],
        });
        t
    }

    fn fk(id: u64, name: Option<&str>, columns: Vec<Id>) -> ForeignKey {
        ForeignKey {
            id: Id(id),
            name: name.map(str::to_string),
            columns,
            ref_table: Id(99),
            ref_columns: Vec::new(),
            on_delete: None,
            on_update: None,
            deferrable: false,
        }
    }

    #[test]
    fn unnamed_keys_are_numbered_as_mariadb_numbers_them() {
        let mut t = table();
        t.foreign_keys = vec![
            fk(2, None, vec![Id(11)]),
            fk(3, Some("fkn"), vec![Id(12)]),
            fk(4, None, vec![Id(12)]),
        ];
        t.checks = vec![
            CheckConstraint {
                id: Id(5),
                name: None,
                expression: "uid > 0".into(),
            },
            CheckConstraint {
                id: Id(6),
                name: Some("CONSTRAINT_2".into()),
                expression: "u2 > 0".into(),
            },
            CheckConstraint {
                id: Id(7),
                name: None,
                expression: "x > 0".into(),
            },
        ];
        t.uniques = vec![
            UniqueConstraint {
                id: Id(8),
                name: None,
                columns: vec![Id(11)],
            },
            UniqueConstraint {
                id: Id(9),
                name: None,
                columns: vec![Id(11), Id(13)],
            },
        ];
        let order = [Id(2), Id(3), Id(4)];
        let names = default_names(&t, &order);
        let name = |id: u64| {
            names
                .iter()
                .find(|(i, _)| *i == Id(id))
                .map(|(_, n)| n.as_str())
        };
        assert_eq!(name(1), Some("PRIMARY"));
        assert_eq!(name(2), Some("o_ibfk_1"));
        assert_eq!(name(3), Some("fkn"));
        assert_eq!(name(4), Some("o_ibfk_2"));
        assert_eq!(name(5), Some("CONSTRAINT_1"));
        assert_eq!(name(7), Some("CONSTRAINT_3"));
        assert_eq!(name(8), Some("uid"));
        assert_eq!(name(9), Some("uid_2"));
        // The key order the DDL adds them in decides the numbers.
        let names = default_names(&t, &[Id(4), Id(3), Id(2)]);
        assert!(names.contains(&(Id(4), "o_ibfk_1".into())));
    }

    #[test]
    fn a_key_gets_an_index_only_where_none_serves_it() {
        let mut t = table();
        t.foreign_keys = vec![
            fk(2, None, vec![Id(10)]),
            fk(3, Some("fkn"), vec![Id(12)]),
            fk(4, None, vec![Id(12)]),
            fk(5, None, vec![Id(11)]),
        ];
        let all = |_: Id| true;
        let made = key_indexes(&t, &[Id(2), Id(3), Id(4), Id(5)], &all);
        // The primary key serves the first; the named key's index serves the third too.
        assert_eq!(
            made,
            vec![
                (Id(3), "fkn".to_string(), vec![Id(12)]),
                (Id(5), "uid".to_string(), vec![Id(11)]),
            ]
        );
        assert!(serves(&[Id(11), Id(13)], &[Id(11)]));
        assert!(!serves(&[Id(13), Id(11)], &[Id(11)]));
    }
}
