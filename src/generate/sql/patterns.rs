//! The seed's table patterns, generated right for each dialect: `updated_at` kept current
//! (a trigger; MySQL's `ON UPDATE CURRENT_TIMESTAMP`), soft delete (`deleted_at`, with
//! uniqueness among live rows through partial unique indexes where the dialect has them),
//! and an audit log fed by triggers.

use super::context::Context;
use super::ddl::Script;
use super::fidelity::{NoteLevel, Notes};
use super::naming::fit;
use super::SqlDialect;
use crate::model::{
    Column, ColumnType, Dialect, Id, Identity, Index, Model, PrimaryKey, Shared, Table,
};

pub(super) const UPDATED_AT: &str = "updated_at";
const DELETED_AT: &str = "deleted_at";
const LIVE_ROWS: &str = "deleted_at IS NULL";

/// Ids for what the patterns add to the prepared model (it is never saved): unlike the
/// model's, they count down from the top, so they are apart from every id in use.
fn generated_id(k: u64) -> Id {
    Id(u64::MAX - k)
}

fn column(id: Id, name: &str, spelling: &str, nullable: bool, default: Option<&str>) -> Column {
    Column {
        id,
        name: name.to_string(),
        data_type: ColumnType::from_spelling(spelling),
        nullable,
        default: default.map(str::to_string),
        identity: None,
        comment: None,
    }
}

/// Adds what the patterns need to the model: the `updated_at` and `deleted_at` columns
/// where missing, live-row unique indexes, and the audit log table. Returns the audit
/// table's name when some table is audited.
pub(super) fn expand(model: &mut Model, d: &dyn SqlDialect, notes: &mut Notes) -> Option<String> {
    // Most models use no pattern: nothing to collect.
    if model.tables.iter().all(|t| t.patterns.is_empty()) {
        return None;
    }
    let referenced: Vec<(Id, Vec<Id>)> = model
        .tables
        .iter()
        .flat_map(|t| t.foreign_keys.iter())
        .map(|f| (f.ref_table, f.ref_columns.clone()))
        .collect();
    for t in &mut model.tables {
        let p = t.patterns;
        if p.updated_at && t.column(UPDATED_AT).is_none() {
            t.columns.push(column(
                generated_id(1),
                UPDATED_AT,
                "timestamp",
                false,
                Some("CURRENT_TIMESTAMP"),
            ));
        }
        if !p.soft_delete {
            continue;
        }
        if t.column(DELETED_AT).is_none() {
            t.columns
                .push(column(generated_id(2), DELETED_AT, "timestamp", true, None));
        }
        if !d.supports_partial_indexes() {
            notes.add(
                NoteLevel::Warning,
                format!("table {}", t.name),
                format!(
                    "{} has no partial indexes: unique keys hold across deleted rows too",
                    d.dialect()
                ),
            );
            continue;
        }
        // A unique key that a foreign key references must stay whole.
        let own = t.id;
        let (live, kept): (Vec<_>, Vec<_>) = t.uniques.drain(..).partition(|u| {
            !referenced
                .iter()
                .any(|(table, cols)| *table == own && *cols == u.columns)
        });
        t.uniques = kept;
        for u in live {
            let index_name = u.name.clone().unwrap_or_else(|| {
                fit(
                    &format!("uq_{}_{}", t.name, t.column_names(&u.columns).join("_")),
                    d.max_identifier_length(),
                )
            });
            t.indexes.push(Index {
                predicate: Some(LIVE_ROWS.into()),
                ..Index::on_columns(Id(0), Some(index_name), true, &u.columns)
            });
        }
        for i in t
            .indexes
            .iter_mut()
            .filter(|i| i.unique && i.predicate.is_none())
        {
            i.predicate = Some(LIVE_ROWS.into());
        }
    }
    if !model.tables.iter().any(|t| t.patterns.audit) {
        return None;
    }
    let mut name = "audit_log".to_string();
    while model.tables.iter().any(|t| t.name == name) {
        name.push_str("_entries");
    }
    let mut id = column(generated_id(11), "id", "integer", false, None);
    id.identity = Some(Identity::ByDefault);
    let key = id.id;
    model.tables.push(Shared::new(Table {
        id: generated_id(10),
        name: name.clone(),
        columns: vec![
            id,
            column(generated_id(12), "table_name", "varchar(128)", false, None),
            column(generated_id(13), "action", "varchar(10)", false, None),
            column(generated_id(14), "old_data", "json", true, None),
            column(generated_id(15), "new_data", "json", true, None),
            column(
                generated_id(16),
                "changed_at",
                "timestamp",
                false,
                Some("CURRENT_TIMESTAMP"),
            ),
        ],
        primary_key: Some(PrimaryKey {
            id: Default::default(),
            name: None,
            columns: vec![key],
        }),
        ..Table::default()
    }));
    Some(name)
}

/// The primary key columns, which row-level triggers use to find the changed row.
fn key(t: &Table) -> Option<Vec<String>> {
    t.primary_key
        .as_ref()
        .map(|p| t.column_names(&p.columns))
        .filter(|c| !c.is_empty())
}

/// The table's columns but `updated_at`, for `UPDATE OF …`.
fn other_columns(d: &dyn SqlDialect, t: &Table) -> String {
    t.columns
        .iter()
        .filter(|c| c.name != UPDATED_AT)
        .map(|c| d.ident(&c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `json_object('a', NEW.a, …)` in the dialect's spelling.
fn row_json(d: &dyn SqlDialect, t: &Table, row: &str, function: &str) -> String {
    let pairs: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("{}, {row}.{}", d.string_literal(&c.name), d.ident(&c.name)))
        .collect();
    format!("{function}({})", pairs.join(", "))
}

/// The triggers and functions of every table's patterns, after the tables exist.
pub(super) fn write(cx: &Context, notes: &mut Notes, script: &mut Script, audit: Option<&str>) {
    let d = cx.dialect;
    let max = d.max_identifier_length();
    let updated: Vec<&Table> = cx
        .model
        .tables
        .iter()
        .filter(|t| t.patterns.updated_at)
        .map(|t| &**t)
        .collect();
    let audited: Vec<&Table> = cx
        .model
        .tables
        .iter()
        .filter(|t| t.patterns.audit)
        .map(|t| &**t)
        .collect();
    if d.dialect() == Dialect::Postgres {
        if !updated.is_empty() {
            script.statement(
                "CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$\n\
                 BEGIN\n    NEW.updated_at = now();\n    RETURN NEW;\nEND\n$$",
            );
        }
        if let Some(log) = audit {
            script.statement(&format!(
                "CREATE OR REPLACE FUNCTION audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$\n\
                 BEGIN\n    INSERT INTO {} (table_name, action, old_data, new_data)\n    \
                 VALUES (TG_TABLE_NAME, TG_OP,\n            \
                 CASE WHEN TG_OP <> 'INSERT' THEN to_json(OLD) END,\n            \
                 CASE WHEN TG_OP <> 'DELETE' THEN to_json(NEW) END);\n    \
                 RETURN NULL;\nEND\n$$",
                d.ident(log)
            ));
        }
    }
    // A table of nothing but updated_at has no other change to time.
    for t in updated.into_iter().filter(|t| t.columns.len() > 1) {
        let trigger = d.ident(&fit(&format!("trg_{}_updated_at", t.name), max));
        let table = cx.table_name(t);
        let column = d.ident(UPDATED_AT);
        match d.dialect() {
            Dialect::Postgres => script.statement(&format!(
                "CREATE TRIGGER {trigger} BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
            )),
            // The column itself carries ON UPDATE CURRENT_TIMESTAMP (see the table writer).
            Dialect::Mysql => {}
            // Fires when any other column is set, so its own update does not fire it again.
            Dialect::Sqlite => script.statement(&format!(
                "CREATE TRIGGER {trigger} AFTER UPDATE OF {} ON {table} FOR EACH ROW\nBEGIN\n    \
                 UPDATE {table} SET {column} = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid;\nEND",
                other_columns(d, t)
            )),
            Dialect::Mssql => match key(t) {
                Some(k) => {
                    let join: Vec<String> = k
                        .iter()
                        .map(|c| format!("t.{0} = i.{0}", d.ident(c)))
                        .collect();
                    script.statement(&format!(
                        "CREATE TRIGGER {trigger} ON {table} AFTER UPDATE AS\nBEGIN\n    \
                         SET NOCOUNT ON;\n    UPDATE t SET {column} = SYSDATETIME() FROM {table} AS t \
                         INNER JOIN inserted AS i ON {};\nEND",
                        join.join(" AND ")
                    ));
                }
                None => notes.add(
                    NoteLevel::Warning,
                    format!("table {}", t.name),
                    "updated_at needs a primary key to find the changed row in SQL Server; no trigger",
                ),
            },
        }
    }
    let Some(log) = audit else {
        return;
    };
    let log = d.ident(log);
    for t in audited {
        let table = cx.table_name(t);
        let trigger = |suffix: &str| d.ident(&fit(&format!("trg_{}_audit{suffix}", t.name), max));
        match d.dialect() {
            Dialect::Postgres => script.statement(&format!(
                "CREATE TRIGGER {} AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()",
                trigger("")
            )),
            Dialect::Mysql | Dialect::Sqlite => {
                let function = if d.dialect() == Dialect::Mysql {
                    "JSON_OBJECT"
                } else {
                    "json_object"
                };
                let name = d.string_literal(&t.name);
                for (event, old, new) in [
                    ("INSERT", "NULL".to_string(), row_json(d, t, "NEW", function)),
                    (
                        "UPDATE",
                        row_json(d, t, "OLD", function),
                        row_json(d, t, "NEW", function),
                    ),
                    ("DELETE", row_json(d, t, "OLD", function), "NULL".to_string()),
                ] {
                    let insert = format!(
                        "INSERT INTO {log} (table_name, action, old_data, new_data) \
                         VALUES ({name}, '{event}', {old}, {new})"
                    );
                    let suffix = format!("_{}", event.to_ascii_lowercase());
                    script.statement(&if d.dialect() == Dialect::Mysql {
                        format!(
                            "CREATE TRIGGER {} AFTER {event} ON {table} FOR EACH ROW {insert}",
                            trigger(&suffix)
                        )
                    } else {
                        // SQLite's updated_at trigger updates the row once more; that second
                        // update (only updated_at moves) is not a change of its own.
                        let event = if event == "UPDATE" && t.patterns.updated_at {
                            format!("UPDATE OF {}", other_columns(d, t))
                        } else {
                            event.to_string()
                        };
                        format!(
                            "CREATE TRIGGER {} AFTER {event} ON {table} FOR EACH ROW\nBEGIN\n    {insert};\nEND",
                            trigger(&suffix)
                        )
                    });
                }
            }
            Dialect::Mssql => script.statement(&format!(
                "CREATE TRIGGER {} ON {table} AFTER INSERT, UPDATE, DELETE AS\nBEGIN\n    \
                 SET NOCOUNT ON;\n    INSERT INTO {log} (table_name, action, old_data, new_data)\n    \
                 SELECT {}, CASE WHEN EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted) THEN 'UPDATE' \
                 WHEN EXISTS (SELECT 1 FROM inserted) THEN 'INSERT' ELSE 'DELETE' END,\n        \
                 (SELECT * FROM deleted FOR JSON PATH), (SELECT * FROM inserted FOR JSON PATH);\nEND",
                trigger(""),
                d.string_literal(&t.name)
            )),
        }
    }
}
