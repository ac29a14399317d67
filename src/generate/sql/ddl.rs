//! Prints a model as a DDL script in any [`SqlDialect`]: schemas and types first, then tables
//! in dependency order, the foreign keys that close a cycle, indexes, routines, views and
//! comments, together with the fidelity notes of everything the target could not hold.

use std::collections::BTreeSet;

use super::context::Context;
use super::fidelity::{FidelityNote, NoteLevel, Notes};
use super::index::index_sql;
use super::naming::Naming;
use super::order::creation_order;
pub(super) use super::prepare::{prepare, prepare_in_place};
use super::schema_placement::SchemaPlacement;
use super::statement_memo::{same_target, Inputs, Other, Section, StatementMemo};
use super::table::{create_table_body, foreign_key_sql};
use super::view_names::drop_foreign_databases;
use super::{CommentStyle, SqlDialect};
use crate::model::{Dialect, ForeignKey, Id, IndexTarget, Model, RoutineKind, Shared, TableLookup};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DdlOptions {
    /// `CREATE TABLE IF NOT EXISTS`, `CREATE INDEX IF NOT EXISTS` where the target has them.
    pub if_not_exists: bool,
    /// Wrap the script in one transaction where the dialect has transactional DDL.
    pub transaction: bool,
    /// Constraint and index names as modelled or from the seed templates.
    pub naming: Naming,
    /// The dialect the model's expressions, views, routines and unknown types are written
    /// in; they are printed as written for that target and translated for the others.
    pub source: Dialect,
    /// What named schemas become where schemas are databases (MySQL, MariaDB).
    pub schemas: SchemaPlacement,
}

impl Default for DdlOptions {
    fn default() -> Self {
        DdlOptions {
            if_not_exists: false,
            transaction: false,
            naming: Naming::Keep,
            source: Dialect::Postgres,
            schemas: SchemaPlacement::Fold,
        }
    }
}

/// A generated script and what the target could not hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ddl {
    pub script: String,
    pub notes: Vec<FidelityNote>,
    /// Where the script writes each table (ignored by `==`).
    pub spans: crate::model::TextSpans,
}

impl Ddl {
    /// True when some object could not be generated at all.
    pub fn has_errors(&self) -> bool {
        self.notes.iter().any(|n| n.level == NoteLevel::Error)
    }
}

/// Accumulates statements, each ended with `;` and, where the dialect needs it, a batch
/// separator.
pub(super) struct Script {
    text: String,
    separator: Option<&'static str>,
    /// The table the statements written now belong to, if any.
    owner: Option<crate::model::Id>,
    spans: crate::model::TextSpans,
}

impl Script {
    pub fn new(dialect: &dyn SqlDialect) -> Script {
        Script {
            text: String::new(),
            separator: dialect.batch_separator(),
            owner: None,
            spans: crate::model::TextSpans::default(),
        }
    }

    /// Says which table the next statements write (`None`: no table's).
    pub fn owned_by(&mut self, table: Option<crate::model::Id>) {
        self.owner = table;
    }

    pub fn statement(&mut self, sql: &str) {
        if let Some(table) = self.owner {
            self.spans
                .add(table, self.text.len()..self.text.len() + sql.len());
        }
        self.text.push_str(sql);
        self.text.push_str(";\n");
        if let Some(go) = self.separator {
            self.text.push_str(go);
            self.text.push('\n');
        }
        self.text.push('\n');
    }

    /// A line written as is (a transaction statement, a client directive).
    pub fn raw(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push_str("\n\n");
    }

    /// The script's text and where it wrote each table.
    pub fn finish(mut self) -> (String, crate::model::TextSpans) {
        while self.text.ends_with("\n\n") {
            self.text.pop();
        }
        (self.text, self.spans)
    }
}

/// Generates the DDL for `model`. Deterministic: the same model gives the same text.
pub fn generate_ddl(model: &Model, dialect: &dyn SqlDialect, options: &DdlOptions) -> String {
    generate(model, dialect, options).script
}

/// Generates the DDL for `model` and notes what the target could not hold.
pub fn generate(model: &Model, dialect: &dyn SqlDialect, options: &DdlOptions) -> Ddl {
    let mut notes = Notes::default();
    let (prepared, audit) = prepare(model, dialect, options, &mut notes);
    let mut memo = StatementMemo::disabled();
    generate_prepared(&prepared, audit, notes, dialect, options, &mut memo)
}

/// The script of a model [`prepare`] made ready, with the notes preparing it made, reusing
/// from `memo` the statements of tables that are as they were when it last printed them
/// (see [`super::DdlCache`]).
pub(super) fn generate_prepared(
    prepared: &Model,
    audit: Option<String>,
    mut notes: Notes,
    dialect: &dyn SqlDialect,
    options: &DdlOptions,
    memo: &mut StatementMemo,
) -> Ddl {
    memo.begin(prepared);
    let cx = Context::new(dialect, prepared, options);
    let model = prepared;
    let target = dialect.dialect();
    let same_dialect = options.source == target;
    let mut script = Script::new(dialect);
    script.text.reserve(memo.last_length);
    let transaction = options.transaction && dialect.supports_transactional_ddl();
    if options.transaction && !transaction {
        notes.add(
            NoteLevel::Info,
            "script",
            format!("{target} commits each DDL statement; no transaction is opened"),
        );
    }
    if transaction {
        script.raw(dialect.transaction().0);
    }
    let schemas = schemas_to_create(model, dialect, same_dialect);
    for s in schemas {
        if !dialect.supports_schemas() {
            notes.add(
                NoteLevel::Info,
                format!("schema {s}"),
                format!(
                    "{target} has no schemas inside a database; its tables are created unqualified"
                ),
            );
        } else if target == Dialect::Mssql {
            script.statement(&format!(
                "IF SCHEMA_ID({}) IS NULL EXEC({})",
                dialect.string_literal(s),
                dialect.string_literal(&format!("CREATE SCHEMA {}", dialect.ident(s)))
            ));
        } else if dialect.schemas_are_databases() {
            script.statement(&format!(
                "CREATE DATABASE IF NOT EXISTS {}",
                dialect.ident(s)
            ));
        } else {
            script.statement(&format!("CREATE SCHEMA IF NOT EXISTS {}", dialect.ident(s)));
        }
    }
    for e in &model.extensions {
        if dialect.supports_extensions() {
            let mut sql = format!("CREATE EXTENSION IF NOT EXISTS {}", dialect.ident(&e.name));
            if let Some(s) = &e.schema {
                sql.push_str(&format!(" WITH SCHEMA {}", dialect.ident(s)));
            }
            script.statement(&sql);
        } else {
            notes.add(
                NoteLevel::Info,
                format!("extension {}", e.name),
                format!("{target} has no extensions; what the schema uses of it is translated or noted where it is used"),
            );
        }
    }
    if dialect.supports_enum_types() {
        for e in &model.enums {
            let values: Vec<String> = e.values.iter().map(|v| dialect.string_literal(v)).collect();
            script.statement(&format!(
                "CREATE TYPE {} AS ENUM ({})",
                cx.qualified(e.schema.as_deref(), &e.name),
                values.join(", ")
            ));
        }
    }
    if dialect.supports_domains() {
        for d in &model.domains {
            let mut sql = format!(
                "CREATE DOMAIN {} AS {}",
                cx.qualified(d.schema.as_deref(), &d.name),
                super::table::type_sql(
                    &cx,
                    &mut notes,
                    &format!("domain {}", d.name),
                    &d.data_type,
                    false
                )
            );
            if let Some(default) = &d.default {
                sql.push_str(&format!(" DEFAULT {default}"));
            }
            for c in &d.checks {
                sql.push_str(&format!(
                    " {}CHECK ({})",
                    super::table::constraint_prefix(&cx, &c.name),
                    c.expression
                ));
            }
            script.statement(&sql);
        }
    }
    if dialect.supports_sequences() {
        for s in &model.sequences {
            // A sequence that numbers a column becomes that column's identity elsewhere.
            if target != Dialect::Postgres && s.owned_by.is_some() {
                continue;
            }
            let same = |kept: &Inputs| matches!(kept, Inputs::Sequence(k) if k == s);
            let inputs = || Inputs::Sequence(s.clone());
            memo.write_other(
                &mut script,
                (s.id, Other::CreateSequence),
                same,
                inputs,
                || {
                    let mut sql = format!(
                        "CREATE SEQUENCE {}",
                        cx.qualified(s.schema.as_deref(), &s.name)
                    );
                    if let Some(t) = s.data_type.as_deref().filter(|_| same_dialect) {
                        sql.push_str(&format!(" AS {t}"));
                    }
                    if let Some(i) = s.increment {
                        sql.push_str(&format!(" INCREMENT BY {i}"));
                    }
                    if let Some(start) = s.start {
                        sql.push_str(&format!(" START WITH {start}"));
                    }
                    sql
                },
            );
        }
    } else if !model.sequences.is_empty() {
        notes.add(
            NoteLevel::Info,
            "sequences",
            format!(
                "{target} has no sequences; the columns they number become auto-increment columns"
            ),
        );
    }
    let lookup = cx.lookup();
    let (order, deferred) = memo.creation_order(model, lookup, creation_order);
    let (deferred, after_indexes) = if dialect.supports_alter_add_foreign_key() {
        (deferred, keys_on_unique_indexes(model, lookup))
    } else {
        (BTreeSet::new(), BTreeSet::new())
    };
    // Columns that foreign keys reference must be indexable in the target.
    let mut referenced: rustc_hash::FxHashMap<Id, Vec<Id>> = Default::default();
    for t in &model.tables {
        for fk in &t.foreign_keys {
            if let Some(i) = lookup.target(fk) {
                let target_table = &model.tables[i];
                let cols = fk.referenced_columns(target_table);
                referenced.entry(target_table.id).or_default().extend(cols);
            }
        }
    }
    for columns in referenced.values_mut() {
        columns.sort_unstable();
        columns.dedup();
    }
    let empty = Vec::new();
    for &ti in &order {
        let table = &model.tables[ti];
        let inline: Vec<&ForeignKey> = table
            .foreign_keys
            .iter()
            .filter(|fk| !deferred.contains(&fk.id) && !after_indexes.contains(&fk.id))
            .collect();
        let refs = referenced.get(&table.id).unwrap_or(&empty);
        script.owned_by(Some(table.id));
        memo.write_create(
            (&mut script, &mut notes),
            table,
            (refs, |notes| create_table_body(&cx, notes, table, refs)),
            (model, lookup, &inline),
            |notes| {
                inline
                    .iter()
                    .map(|fk| foreign_key_sql(&cx, notes, table, fk))
                    .collect()
            },
        );
        script.owned_by(None);
        if table.partition_of.is_some() || !table.inherits.is_empty() {
            notes.add(
                NoteLevel::Info,
                format!("table {}", table.name),
                "created as a table of its own; partitioning and inheritance are not generated",
            );
        }
    }
    for table in &model.tables {
        for fk in table
            .foreign_keys
            .iter()
            .filter(|fk| deferred.contains(&fk.id))
        {
            script.owned_by(Some(table.id));
            script.statement(&format!(
                "ALTER TABLE {} ADD {}",
                cx.table_name(table),
                foreign_key_sql(&cx, &mut notes, table, fk)
            ));
            script.owned_by(None);
        }
    }
    if target == Dialect::Postgres && same_dialect {
        for s in &model.sequences {
            let Some((table, column)) = &s.owned_by else {
                continue;
            };
            let owner = lookup.index(*table).map(|i| &model.tables[i]);
            if let Some((owner, column)) = owner.and_then(|t| Some((t, t.column_by_id(*column)?))) {
                let same = |kept: &Inputs| match kept {
                    Inputs::Owner(k, then, c) => {
                        k == s
                            && *c == column.id
                            && (Shared::same(then, owner) || same_target(then, owner, &[*c]))
                    }
                    _ => false,
                };
                let inputs = || Inputs::Owner(s.clone(), owner.clone(), column.id);
                memo.write_other(
                    &mut script,
                    (s.id, Other::SequenceOwner),
                    same,
                    inputs,
                    || {
                        format!(
                            "ALTER SEQUENCE {} OWNED BY {}.{}",
                            cx.qualified(s.schema.as_deref(), &s.name),
                            cx.table_name(owner),
                            dialect.ident(&column.name)
                        )
                    },
                );
            }
        }
    }
    for table in &model.tables {
        script.owned_by(Some(table.id));
        memo.write(&mut script, &mut notes, table, Section::Indexes, |notes| {
            let on = cx.table_name(table);
            table
                .indexes
                .iter()
                .filter_map(|index| {
                    index_sql(&cx, notes, &on, Some(table), &index.named(table), false)
                })
                .collect()
        });
        script.owned_by(None);
    }
    // Keys whose target columns are unique only through an index follow that index.
    for table in &model.tables {
        for fk in table
            .foreign_keys
            .iter()
            .filter(|fk| after_indexes.contains(&fk.id) && !deferred.contains(&fk.id))
        {
            script.owned_by(Some(table.id));
            script.statement(&format!(
                "ALTER TABLE {} ADD {}",
                cx.table_name(table),
                foreign_key_sql(&cx, &mut notes, table, fk)
            ));
            script.owned_by(None);
        }
    }
    super::patterns::write(&cx, &mut notes, &mut script, audit.as_deref());
    write_routines_and_views(&cx, &mut notes, &mut script);
    for table in &model.tables {
        script.owned_by(Some(table.id));
        memo.write(&mut script, &mut notes, table, Section::Comments, |notes| {
            table_comments(&cx, notes, table)
        });
        script.owned_by(None);
    }
    if transaction {
        script.raw(dialect.transaction().1);
    }
    let (script, spans) = script.finish();
    memo.last_length = script.len();
    Ddl {
        script,
        notes: notes.0,
        spans,
    }
}

/// The schemas the script creates: every one an object it writes is in, default schemas
/// aside. Routines are written as their own text only in their own dialect, and where
/// schemas are databases their text would name a database the folded tables are not in, so
/// their schemas count only there and then; an extension's `WITH SCHEMA` counts where
/// extensions are written.
fn schemas_to_create<'m>(
    model: &'m Model,
    dialect: &dyn SqlDialect,
    same_dialect: bool,
) -> BTreeSet<&'m str> {
    let mut schemas = model.schema_names_of(
        same_dialect && !dialect.schemas_are_databases(),
        dialect.supports_extensions(),
    );
    schemas.retain(|s| !["public", "dbo", "main"].contains(s));
    schemas
}

/// The foreign keys whose referenced columns are made unique by a unique index, not by the
/// primary key or a unique constraint: the engines accept such a key only once the index
/// exists, so it is added after the indexes.
pub(super) fn keys_on_unique_indexes(
    model: &Model,
    lookup: &TableLookup,
) -> BTreeSet<crate::model::Id> {
    let mut out = BTreeSet::new();
    for t in &model.tables {
        for fk in &t.foreign_keys {
            let Some(target) = lookup.target(fk).map(|i| &model.tables[i]) else {
                continue;
            };
            if fk.ref_columns.is_empty() {
                continue;
            }
            let same = |columns: &[Id]| {
                columns.len() == fk.ref_columns.len()
                    && columns.iter().all(|c| fk.ref_columns.contains(c))
            };
            let by_constraint = target
                .primary_key
                .as_ref()
                .is_some_and(|pk| same(&pk.columns))
                || target.uniques.iter().any(|u| same(&u.columns));
            let by_index = target.indexes.iter().any(|i| {
                i.unique
                    && i.predicate.is_none()
                    && i.parts
                        .iter()
                        .all(|p| matches!(p.target, IndexTarget::Column(_)))
                    && same(
                        &i.parts
                            .iter()
                            .filter_map(|p| match &p.target {
                                IndexTarget::Column(c) => Some(*c),
                                IndexTarget::Expression(_) => None,
                            })
                            .collect::<Vec<_>>(),
                    )
            });
            if by_index && !by_constraint {
                out.insert(fk.id);
            }
        }
    }
    out
}

/// Views and routines keep the SQL they were written in: generated for that dialect only.
fn write_routines_and_views(cx: &Context, notes: &mut Notes, script: &mut Script) {
    let d = cx.dialect;
    let model = cx.model;
    let same_dialect = cx.options.source == d.dialect();
    if !same_dialect {
        for v in &model.views {
            notes.add(
                NoteLevel::Warning,
                format!("view {}", v.name),
                format!(
                    "written in {} SQL; not generated for {}",
                    cx.options.source,
                    d.dialect()
                ),
            );
        }
        for r in &model.routines {
            notes.add(
                NoteLevel::Warning,
                format!("{} {}", r.kind.keyword().to_lowercase(), r.name),
                format!(
                    "written in {} SQL; not generated for {}",
                    cx.options.source,
                    d.dialect()
                ),
            );
        }
        return;
    }
    if d.dialect() == Dialect::Postgres && !model.routines.is_empty() {
        // As pg_dump does: a function body may call one defined after it.
        script.statement("SET check_function_bodies = false");
    }
    let routine = |script: &mut Script, text: &str| {
        let text = text.trim().trim_end_matches(';');
        if d.dialect() == Dialect::Mysql && text.contains(';') {
            script.raw(&format!("DELIMITER ;;\n{text};;\nDELIMITER ;"));
        } else {
            script.statement(text);
        }
    };
    let early = |k: RoutineKind| !matches!(k, RoutineKind::Trigger | RoutineKind::Rule);
    for r in model.routines.iter().filter(|r| early(r.kind)) {
        routine(script, &r.text);
    }
    for v in &model.views {
        let body = drop_foreign_databases(v.definition.trim(), d.dialect(), model);
        let object = format!("view {}", v.name);
        for (names, level, said) in [
            (
                &body.dropped,
                NoteLevel::Info,
                "the database it was written in; the tables are named without it",
            ),
            (
                &body.unknown,
                NoteLevel::Warning,
                "what is not in the model; left as written",
            ),
        ] {
            if !names.is_empty() {
                let list: Vec<&str> = names.iter().map(String::as_str).collect();
                notes.add(
                    level,
                    &object,
                    format!("its body names {} ({said})", list.join(", ")),
                );
            }
        }
        script.statement(&format!(
            "CREATE {}VIEW {} AS {}",
            if v.materialized { "MATERIALIZED " } else { "" },
            cx.qualified(v.schema.as_deref(), &v.name),
            body.definition.trim_end_matches(';')
        ));
        let on = cx.qualified(v.schema.as_deref(), &v.name);
        for index in &v.indexes {
            if let Some(sql) = index_sql(cx, notes, &on, None, index, false) {
                script.statement(&sql);
            }
        }
    }
    for r in model.routines.iter().filter(|r| !early(r.kind)) {
        // A trigger or rule on a table or view the script does not create would fail.
        if let Some(t) = r
            .table
            .as_deref()
            .filter(|t| !crate::model::validate::relation_exists(model, t))
        {
            notes.add(
                NoteLevel::Error,
                format!("{} {}", r.kind.keyword().to_lowercase(), r.name),
                format!("is on {t}, which the script does not create; not generated"),
            );
            continue;
        }
        routine(script, &r.text);
    }
}

/// A table's and its columns' comments, as statements where the target stores them.
fn table_comments(cx: &Context, notes: &mut Notes, table: &crate::model::Table) -> Vec<String> {
    let d = cx.dialect;
    let commented = table.comment.is_some() || table.columns.iter().any(|c| c.comment.is_some());
    match d.comment_style() {
        CommentStyle::Inline => Vec::new(),
        CommentStyle::ScriptOnly => {
            if commented {
                notes.add(
                    NoteLevel::Info,
                    format!("table {}", table.name),
                    format!(
                        "{} does not store comments; they are not generated",
                        d.dialect()
                    ),
                );
            }
            Vec::new()
        }
        CommentStyle::Statements => {
            let mut statements = Vec::new();
            if let Some(c) = &table.comment {
                statements.push(format!(
                    "COMMENT ON TABLE {} IS {}",
                    cx.table_name(table),
                    d.string_literal(c)
                ));
            }
            for column in &table.columns {
                if let Some(c) = &column.comment {
                    statements.push(format!(
                        "COMMENT ON COLUMN {}.{} IS {}",
                        cx.table_name(table),
                        d.ident(&column.name),
                        d.string_literal(c)
                    ));
                }
            }
            statements
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::sql::dialect_for;
    use crate::import::sql::import_sql;
    use crate::model::Dialect;

    fn postgres_ddl(sql: &str) -> String {
        let model = import_sql(sql, Dialect::Postgres).model;
        let dialect = dialect_for(Dialect::Postgres);
        generate_ddl(&model, dialect.as_ref(), &DdlOptions::default())
    }

    #[test]
    fn creates_referenced_tables_first_and_defers_cycles() {
        let ddl = postgres_ddl(
            "CREATE TABLE c (id int PRIMARY KEY, d_id int REFERENCES d(id));
             CREATE TABLE d (id int PRIMARY KEY);
             CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));
             CREATE TABLE a (id int PRIMARY KEY, b_id int);
             ALTER TABLE a ADD CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b(id);",
        );
        let at = |needle: &str| {
            ddl.find(needle)
                .unwrap_or_else(|| panic!("{needle} in {ddl}"))
        };
        // No cycle: the referenced table comes first and the key stays inline.
        assert!(at("CREATE TABLE d") < at("CREATE TABLE c"), "{ddl}");
        assert!(!ddl.contains("ALTER TABLE c"), "{ddl}");
        // A cycle: both tables are created, then exactly one key closes it.
        let alters: Vec<&str> = ddl
            .lines()
            .filter(|l| l.starts_with("ALTER TABLE"))
            .collect();
        assert_eq!(
            alters,
            ["ALTER TABLE b ADD FOREIGN KEY (a_id) REFERENCES a (id);"],
            "{ddl}"
        );
        assert!(at("ALTER TABLE b") > at("CREATE TABLE a").max(at("CREATE TABLE b")));
        assert!(
            ddl.contains("CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b (id)"),
            "{ddl}"
        );
    }

    #[test]
    fn a_type_name_cannot_inject_sql() {
        let mut model = import_sql("CREATE TABLE t (a int);", Dialect::Postgres).model;
        model.tables[0].columns[0].data_type =
            crate::model::ColumnType::from_spelling("x; DROP TABLE y; --");
        let dialect = dialect_for(Dialect::Postgres);
        let ddl = generate_ddl(&model, dialect.as_ref(), &DdlOptions::default());
        assert!(ddl.contains(r#"a "x; DROP TABLE y; --""#), "{ddl}");
        let back = import_sql(&ddl, Dialect::Postgres);
        assert_eq!(back.model.tables.len(), 1);
        assert_eq!(back.report.statements, 1, "one statement, nothing injected");
    }

    #[test]
    fn quotes_hostile_names() {
        let ddl =
            postgres_ddl(r#"CREATE TABLE "a""; DROP TABLE x; --" ("select" int, "Mixed" text);"#);
        assert!(
            ddl.contains(r#"CREATE TABLE "a""; DROP TABLE x; --" ("#),
            "{ddl}"
        );
        assert!(ddl.contains(r#""select" integer"#), "{ddl}");
        assert!(ddl.contains(r#""Mixed" text"#), "{ddl}");
    }

    #[test]
    fn what_cannot_be_written_is_an_error_note_never_sql() {
        let mut model = import_sql(
            "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b (id));
             CREATE TABLE b (id int PRIMARY KEY);",
            Dialect::Postgres,
        )
        .model;
        model.tables[1].name = String::new();
        for target in Dialect::ALL {
            let ddl = generate(&model, dialect_for(target).as_ref(), &DdlOptions::default());
            assert!(ddl.has_errors(), "{target}: {:?}", ddl.notes);
            assert!(
                ddl.notes
                    .iter()
                    .any(|n| n.level == NoteLevel::Error && n.message.contains("no name")),
                "{target}: {:?}",
                ddl.notes
            );
            // The table without a name and the key that pointed at it are left out.
            assert!(
                !ddl.script.contains("REFERENCES"),
                "{target}: {}",
                ddl.script
            );
            assert!(!ddl.script.contains("\"\""), "{target}: {}", ddl.script);
        }
    }

    #[test]
    fn a_type_the_target_lacks_is_noted_with_what_was_written() {
        let model = import_sql(
            "CREATE TABLE t (id int PRIMARY KEY, doc tsvector, span interval);",
            Dialect::Postgres,
        )
        .model;
        let ddl = generate(
            &model,
            dialect_for(Dialect::Mysql).as_ref(),
            &DdlOptions::default(),
        );
        assert!(ddl.script.contains("doc longtext"), "{}", ddl.script);
        for column in ["column t.doc", "column t.span"] {
            let note = ddl.notes.iter().find(|n| n.object == column);
            assert!(
                note.is_some_and(
                    |n| n.level == NoteLevel::Warning && n.message.contains("no mysql form")
                ),
                "{column}: {:?}",
                ddl.notes
            );
        }
    }
}
