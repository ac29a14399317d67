//! `CREATE INDEX` statements, and the index-only script that teams apply separately (with
//! `CONCURRENTLY` on PostgreSQL so a live table is not locked).

use std::fmt::Write;

use super::context::Context;
use super::ddl::{prepare, Ddl, DdlOptions, Script};
use super::fidelity::{NoteLevel, Notes};
use super::SqlDialect;
use crate::model::{ByName, Dialect, Index, IndexTarget, Model, Refs, Table, TypeKind};

/// One index as the target writes it, or `None` (with a note) when it cannot be written.
/// Index methods every engine builds as its own default kind when the word is left out.
const PLAIN_METHODS: &[&str] = &["btree", "hash"];

/// True when the target builds `index` at all: a GIN, GiST, BRIN or SP-GiST index serves
/// queries a B-tree cannot, so where the method is missing the index is left out.
pub(super) fn is_generated<R: Refs>(d: &dyn SqlDialect, index: &Index<R>) -> bool {
    index.method.as_deref().is_none_or(|m| {
        let m = m.to_ascii_lowercase();
        d.index_methods().contains(&m.as_str()) || PLAIN_METHODS.contains(&m.as_str())
    })
}

/// A column whose type the target indexes only by a prefix (MySQL's TEXT and BLOB).
fn needs_prefix(d: &dyn SqlDialect, table: Option<&Table>, column: &str) -> bool {
    d.supports_index_prefix()
        && table
            .and_then(|t| t.column(column))
            .is_some_and(|c| matches!(c.data_type.kind, TypeKind::Text | TypeKind::Binary))
}

/// `index` names its columns: a table's index is named with [`Index::named`] first (a
/// view's always names them).
pub(super) fn index_sql(
    cx: &Context,
    notes: &mut Notes,
    on: &str,
    table: Option<&Table>,
    index: &Index<ByName>,
    concurrently: bool,
) -> Option<String> {
    let d = cx.dialect;
    let object = format!("index {}", index.name.as_deref().unwrap_or(on));
    if !is_generated(d, index) {
        notes.add(
            NoteLevel::Warning,
            &object,
            format!(
                "{} has no {} indexes; the index is not generated",
                d.dialect(),
                index.method.as_deref().unwrap_or_default()
            ),
        );
        return None;
    }
    let json_column = |c: &str| {
        table
            .and_then(|t| t.column(c))
            .is_some_and(|c| matches!(c.data_type.kind, TypeKind::Json | TypeKind::Jsonb))
    };
    if d.supports_index_prefix() && !index.unique {
        if let Some(IndexTarget::Column(c)) = index
            .parts
            .iter()
            .map(|p| &p.target)
            .find(|t| matches!(t, IndexTarget::Column(c) if json_column(c)))
        {
            notes.add(
                NoteLevel::Warning,
                &object,
                format!(
                    "{} cannot index the JSON column {c}; the index is not generated",
                    d.dialect()
                ),
            );
            return None;
        }
    }
    let mut unique = index.unique;
    let mut parts = Vec::new();
    for part in &index.parts {
        let target = match &part.target {
            IndexTarget::Column(c) if !index.unique && needs_prefix(d, table, c) => {
                format!("{}(255)", d.ident(c))
            }
            IndexTarget::Column(c) => d.ident(c),
            IndexTarget::Expression(e) => {
                if !d.supports_expression_indexes() {
                    notes.add(
                        NoteLevel::Warning,
                        &object,
                        format!(
                            "{} has no expression indexes; the index is not generated",
                            d.dialect()
                        ),
                    );
                    return None;
                }
                match cx.translate(e) {
                    Ok(sql) => format!("({sql})"),
                    Err(reason) => {
                        notes.add(
                            NoteLevel::Warning,
                            &object,
                            format!(
                                "{reason} has no {} form; the index is not generated",
                                d.dialect()
                            ),
                        );
                        return None;
                    }
                }
            }
        };
        let target = match &part.opclass {
            Some(opclass) if d.supports_operator_classes() => format!("{target} {opclass}"),
            Some(opclass) => {
                notes.add(
                    NoteLevel::Info,
                    &object,
                    format!(
                        "{} has no operator classes; {opclass} is left out",
                        d.dialect()
                    ),
                );
                target
            }
            None => target,
        };
        parts.push(if part.descending {
            format!("{target} DESC")
        } else {
            target
        });
    }
    let predicate = match &index.predicate {
        None => None,
        Some(p) if d.supports_partial_indexes() => match cx.translate(p) {
            Ok(sql) => Some(sql),
            Err(reason) => {
                notes.add(
                    NoteLevel::Warning,
                    &object,
                    format!("its WHERE uses {reason}; generated without the condition"),
                );
                None
            }
        },
        Some(_) => {
            notes.add(
                NoteLevel::Warning,
                &object,
                format!(
                    "{} has no partial indexes; generated on all rows{}",
                    d.dialect(),
                    if unique {
                        ", and not unique, since uniqueness held only where the condition did"
                    } else {
                        ""
                    }
                ),
            );
            unique = false;
            None
        }
    };
    if index.predicate.is_some() && predicate.is_none() {
        unique = false;
    }
    let method = index
        .method
        .as_deref()
        .map(str::to_ascii_lowercase)
        .filter(|m| d.index_methods().contains(&m.as_str()));
    let mut sql = String::from("CREATE ");
    if unique {
        sql.push_str("UNIQUE ");
    }
    sql.push_str("INDEX ");
    if concurrently && d.dialect() == Dialect::Postgres {
        sql.push_str("CONCURRENTLY ");
    }
    if cx.options.if_not_exists && d.supports_index_if_not_exists() {
        sql.push_str("IF NOT EXISTS ");
    }
    if let Some(name) = &index.name {
        sql.push_str(&d.ident(name));
        sql.push(' ');
    }
    let _ = write!(sql, "ON {on}");
    if let (Some(m), Dialect::Postgres) = (&method, d.dialect()) {
        let _ = write!(sql, " USING {m}");
    }
    let _ = write!(sql, " ({})", parts.join(", "));
    if let (Some(m), Dialect::Mysql) = (&method, d.dialect()) {
        let _ = write!(sql, " USING {}", m.to_ascii_uppercase());
    }
    if !index.include.is_empty() {
        if d.supports_index_include() {
            let _ = write!(sql, " INCLUDE ({})", cx.name_list(&index.include));
        } else {
            notes.add(
                NoteLevel::Info,
                &object,
                format!(
                    "{} has no INCLUDE columns; generated without them",
                    d.dialect()
                ),
            );
        }
    }
    if let Some(p) = predicate {
        let _ = write!(sql, " WHERE {p}");
    }
    Some(sql)
}

/// Only the index statements of `model`, for applying apart from the tables. `concurrently`
/// builds each PostgreSQL index without locking writes; such a script cannot run inside a
/// transaction, so none is opened.
pub fn generate_index_script(
    model: &Model,
    dialect: &dyn SqlDialect,
    options: &DdlOptions,
    concurrently: bool,
) -> Ddl {
    let mut notes = Notes::default();
    let (prepared, _) = prepare(model, dialect, options, &mut notes);
    let cx = Context::new(dialect, &prepared, options);
    let mut script = Script::new(dialect);
    let transaction = options.transaction && !concurrently && dialect.supports_transactional_ddl();
    if transaction {
        script.raw(dialect.transaction().0);
    }
    for table in &prepared.tables {
        let on = cx.table_name(table);
        script.owned_by(Some(table.id));
        for index in &table.indexes {
            let named = index.named(table);
            if let Some(sql) = index_sql(&cx, &mut notes, &on, Some(table), &named, concurrently) {
                script.statement(&sql);
            }
        }
        script.owned_by(None);
    }
    if transaction {
        script.raw(dialect.transaction().1);
    }
    let (script, spans) = script.finish();
    Ddl {
        script,
        notes: notes.0,
        spans,
    }
}
