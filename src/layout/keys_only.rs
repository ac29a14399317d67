//! "Keys only": every table drawn with just the columns that join it to others, its primary
//! key, its foreign keys and the columns other tables' keys refer to, so a big schema's
//! structure reads without its payload columns. The boxes keep their places; they get
//! shorter, and the edges stay on their rows.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Id, Model};

/// `model` with each table's columns cut down to its key columns (a table with none keeps
/// its header only).
pub fn keys_only(model: &Model) -> Model {
    let mut keys: BTreeMap<Id, BTreeSet<Id>> = BTreeMap::new();
    for t in &model.tables {
        let own = keys.entry(t.id).or_default();
        own.extend(
            t.primary_key
                .iter()
                .flat_map(|pk| pk.columns.iter().copied()),
        );
        own.extend(
            t.foreign_keys
                .iter()
                .flat_map(|fk| fk.columns.iter().copied()),
        );
        for fk in &t.foreign_keys {
            keys.entry(fk.ref_table)
                .or_default()
                .extend(fk.ref_columns.iter().copied());
        }
    }
    let mut cut = model.clone();
    for t in &mut cut.tables {
        if let Some(kept) = keys.get(&t.id) {
            t.columns.retain(|c| kept.contains(&c.id));
        }
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;
    use crate::model::Dialect;

    #[test]
    fn only_the_columns_that_join_tables_stay() {
        let model = import_sql(
            "CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, bio text);\n\
             CREATE TABLE orders (id int PRIMARY KEY, user_email text REFERENCES users (email), total int);\n\
             CREATE TABLE notes (body text);",
            Dialect::Postgres,
        )
        .model;
        let cut = keys_only(&model);
        let columns = |name: &str| -> Vec<String> {
            let t = cut.tables.iter().find(|t| t.name == name).expect(name);
            t.columns.iter().map(|c| c.name.clone()).collect()
        };
        assert_eq!(
            columns("users"),
            ["id", "email"],
            "the key and the referred column"
        );
        assert_eq!(columns("orders"), ["id", "user_email"]);
        assert!(columns("notes").is_empty(), "no key: the header alone");
        assert_eq!(cut.tables.len(), model.tables.len());
        let keys = |m: &Model| m.tables.iter().map(|t| t.foreign_keys.len()).sum::<usize>();
        assert_eq!(keys(&cut), keys(&model), "every foreign key is still drawn");
    }
}
