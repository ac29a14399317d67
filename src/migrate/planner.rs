//! A dialect's planner: the statements of each operation, up or down, and how risky each is.
//! The defaulted methods write PostgreSQL (as [`crate::generate::sql::SqlDialect`]'s
//! defaults answer for PostgreSQL); a dialect overrides where it differs, and is one file
//! plus one line in [`planner_for`].

use super::plan::{nothing, temporary_name, Op, Versions, Via};
use super::step::{Body, Mode, Preflight, Safety};
use crate::generate::sql::Pieces;
use crate::model::{Column, Dialect, Id, Identity, Table, TypeKind};

/// The planner for a dialect.
pub fn planner_for(dialect: Dialect) -> Option<Box<dyn Planner>> {
    match dialect {
        Dialect::Postgres => Some(Box::new(super::postgres::Postgres)),
        Dialect::Sqlite => Some(Box::new(super::sqlite::Sqlite)),
        Dialect::Mysql => Some(Box::new(super::mysql::MySql)),
        Dialect::Mssql => Some(Box::new(super::sqlserver::SqlServer)),
    }
}

pub trait Planner {
    fn dialect(&self) -> Dialect;

    /// The operations as this target runs them (SQLite replaces what its `ALTER TABLE`
    /// cannot do with table rebuilds). `from` is the old version under its new names.
    fn adjust(&self, ops: Vec<Op>, _from: &Pieces, _to: &Pieces) -> Vec<Op> {
        ops
    }

    /// Statements before and after the steps of either direction.
    fn frame(&self, _mode: Mode, _ops: &[Op]) -> (Vec<String>, Vec<String>) {
        (Vec::new(), Vec::new())
    }

    /// The name the engine knows a key, constraint or index of `table` by: the model's,
    /// or the engine's own for one the model leaves unnamed.
    fn engine_name(&self, table: &Table, id: Id) -> Option<String> {
        named(table, id)
    }

    /// Whether a type change in `mode` goes through a new column (see
    /// [`super::plan::expands`]) instead of `ALTER COLUMN … TYPE`.
    fn expands_type_changes(&self, _mode: Mode) -> bool {
        false
    }

    /// Whether renaming a table or column should rename the engine-chosen names that
    /// contain the old name (so that a later migration finds them where it expects).
    fn renames_default_names(&self) -> bool {
        false
    }

    /// What a step does, for people.
    fn title(&self, op: &Op, from: &Pieces, to: &Pieces) -> String {
        let table = |p: &Pieces, t: Id| p.table(t).map_or(String::new(), |t| t.name.clone());
        let column = |p: &Pieces, t: Id, c: Id| {
            p.table(t)
                .map_or(String::new(), |t| t.column_name(c).to_string())
        };
        let object = |p: &Pieces, t: Id, id: Id| {
            p.table(t).map_or(String::new(), |t| {
                self.engine_name(t, id).unwrap_or_else(|| unnamed(t, id))
            })
        };
        match op {
            Op::DropForeignKey { table: t, key, .. } => {
                format!(
                    "drop foreign key {} of {}",
                    object(from, *t, *key),
                    table(from, *t)
                )
            }
            Op::DropConstraint {
                table: t,
                constraint,
                ..
            } => format!(
                "drop constraint {} of {}",
                object(from, *t, *constraint),
                table(from, *t)
            ),
            Op::DropIndex {
                table: t, index, ..
            } => {
                format!(
                    "drop index {} of {}",
                    object(from, *t, *index),
                    table(from, *t)
                )
            }
            Op::DropTable { table: t } => format!("drop table {}", table(from, *t)),
            Op::RenameTable { table: t, via } => {
                let qualified =
                    |p: &Pieces| p.table(*t).map_or(String::new(), |t| t.qualified_name());
                let (a, b) = ends(*via, qualified(from), qualified(to), *t);
                format!("rename table {a} to {b}")
            }
            Op::RenameColumn {
                table: t,
                column: c,
                via,
            } => {
                let (a, b) = ends(*via, column(from, *t, *c), column(to, *t, *c), *c);
                format!("rename column {}.{a} to {b}", table(to, *t))
            }
            Op::RenameDefaultNames { table: t } => {
                format!("rename the default constraint names of {}", table(to, *t))
            }
            Op::CreateTable { table: t, .. } => format!("create table {}", table(to, *t)),
            Op::AddColumn {
                table: t,
                column: c,
            } => {
                format!("add column {}.{}", table(to, *t), column(to, *t, *c))
            }
            Op::DropColumn {
                table: t,
                column: c,
            } => {
                format!("drop column {}.{}", table(from, *t), column(from, *t, *c))
            }
            Op::AlterColumn {
                table: t,
                column: c,
                changes,
            } => format!(
                "change {} of column {}.{}",
                changes
                    .iter()
                    .map(|c| format!("{c:?}").to_ascii_lowercase())
                    .collect::<Vec<_>>()
                    .join(", "),
                table(to, *t),
                column(to, *t, *c)
            ),
            Op::Rebuild { table: t } => format!("rebuild table {}", table(to, *t)),
            Op::AddConstraint {
                table: t,
                constraint,
                ..
            } => format!(
                "add constraint {} to {}",
                object(to, *t, *constraint),
                table(to, *t)
            ),
            Op::CreateIndex {
                table: t, index, ..
            } => {
                format!(
                    "create index {} on {}",
                    object(to, *t, *index),
                    table(to, *t)
                )
            }
            Op::AddForeignKey { table: t, key, .. } => {
                format!(
                    "add foreign key {} to {}",
                    object(to, *t, *key),
                    table(to, *t)
                )
            }
            Op::CommentTable { table: t } => format!("comment on table {}", table(to, *t)),
            Op::CreateEnum { id } => format!("create type {}", enum_name(to, *id)),
            Op::DropView { id } => format!("drop view {}", view_name(from, *id)),
            Op::CreateSchema { id } => format!("create schema {}", schema_name(to, *id)),
            Op::DropSchema { id } => format!("drop schema {}", schema_name(from, *id)),
            Op::CreateView { id } => format!("create view {}", view_name(to, *id)),
            Op::AlterEnum { id } => format!("change the values of type {}", enum_name(to, *id)),
            Op::DropEnum { id } => format!("drop type {}", enum_name(from, *id)),
        }
    }

    /// The statements of `op`, reading what it drops from `v.from` and what it adds from
    /// `v.to`.
    fn body(&self, op: &Op, v: &Versions) -> Body {
        match op {
            Op::DropForeignKey {
                table,
                key,
                with_table,
                ..
            } => self.drop_constraint(v, *table, *key, *with_table),
            Op::DropConstraint {
                table,
                constraint,
                with_table,
            } => self.drop_constraint(v, *table, *constraint, *with_table),
            Op::DropIndex {
                table,
                index,
                with_table,
            } => self.drop_index(v, *table, *index, *with_table),
            Op::DropTable { table } => self.drop_table(v, *table),
            Op::RenameTable { table, via } => self.rename_table(v, *table, *via),
            Op::RenameColumn { table, column, via } => self.rename_column(v, *table, *column, *via),
            Op::RenameDefaultNames { table } => self.rename_default_names(v, *table),
            Op::CreateTable { table, inline_keys } => self.create_table(v, *table, inline_keys),
            Op::AddColumn { table, column } => self.add_column(v, *table, *column),
            Op::DropColumn { table, column } => self.drop_column(v, *table, *column),
            Op::AlterColumn {
                table,
                column,
                changes,
            } => self.alter_column(v, *table, *column, changes),
            Op::Rebuild { table } => self.rebuild(v, *table),
            Op::AddConstraint {
                table,
                constraint,
                fresh,
            } => self.add_constraint(v, *table, *constraint, *fresh),
            Op::CreateIndex {
                table,
                index,
                fresh,
            } => self.create_index(v, *table, *index, *fresh),
            Op::AddForeignKey { table, key, fresh } => {
                self.add_foreign_key(v, *table, *key, *fresh)
            }
            Op::CommentTable { table } => self.comment_table(v, *table),
            Op::CreateEnum { id } => self.create_enum(v, *id),
            Op::CreateSchema { id } => self.create_schema(v, *id),
            Op::DropSchema { id } => {
                let d = v.from.dialect();
                let name = schema_name(v.from, *id);
                if name.is_empty() || !d.supports_schemas() || d.schemas_are_databases() {
                    return nothing();
                }
                // Not CASCADE: what the model does not know of stops it, loudly.
                let mut body = Body::new(Safety::Safe, "nothing of the model is left in it");
                body.push(format!("DROP SCHEMA IF EXISTS {}", d.ident(&name)));
                body
            }
            Op::DropView { id } => {
                let mut body = Body::new(Safety::Safe, "created again after the changes it reads");
                body.statements.extend(v.from.drop_view(*id));
                body
            }
            Op::CreateView { id } => {
                let mut body = Body::new(Safety::Safe, "catalog only");
                body.statements = v.to.create_view(*id);
                body
            }
            Op::AlterEnum { id } => self.alter_enum(v, *id),
            Op::DropEnum { id } => self.drop_enum(v, *id),
        }
    }

    fn create_schema(&self, v: &Versions, id: Id) -> Body {
        let d = v.to.dialect();
        let name = schema_name(v.to, id);
        if name.is_empty() || !d.supports_schemas() || d.schemas_are_databases() {
            return nothing();
        }
        let mut body = Body::new(Safety::Safe, "a new schema");
        body.push(format!("CREATE SCHEMA IF NOT EXISTS {}", d.ident(&name)));
        body
    }

    fn drop_constraint(&self, v: &Versions, table: Id, id: Id, with_table: bool) -> Body {
        let Some(t) = v.from.table(table) else {
            return nothing();
        };
        let Some(name) = self.engine_name(t, id) else {
            return nothing();
        };
        let mut body = if with_table {
            Body::new(Safety::Safe, "the table goes next")
        } else {
            Body::new(Safety::Safe, "a brief lock; nothing is scanned")
        };
        body.push(format!(
            "ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}",
            v.from.table_name(table),
            v.from.ident(&name)
        ));
        body
    }

    fn drop_index(&self, v: &Versions, table: Id, index: Id, with_table: bool) -> Body {
        let Some(t) = v.from.table(table) else {
            return nothing();
        };
        let Some(name) = self.engine_name(t, index) else {
            return nothing();
        };
        let concurrently = v.mode == Mode::Safe && !with_table;
        let mut body = Body::new(
            if concurrently {
                Safety::Safe
            } else {
                Safety::Locks
            },
            if concurrently {
                "dropped without blocking reads or writes"
            } else {
                "blocks reads and writes of the table while it drops"
            },
        );
        body.transactional = !concurrently;
        body.push(format!(
            "DROP INDEX {}IF EXISTS {}",
            if concurrently { "CONCURRENTLY " } else { "" },
            v.from.qualified(t.schema.as_deref(), &name)
        ));
        body
    }

    fn drop_table(&self, v: &Versions, table: Id) -> Body {
        let mut body = Body::new(
            Safety::LosesData,
            "drops the table and every row in it; the way back creates it empty",
        );
        body.push(format!("DROP TABLE IF EXISTS {}", v.from.table_name(table)));
        body
    }

    fn rename_table(&self, v: &Versions, table: Id, via: Via) -> Body {
        let (Some(a), Some(b)) = (v.from.table(table), v.to.table(table)) else {
            return nothing();
        };
        let mut body = Body::new(
            Safety::Locks,
            "a brief exclusive lock; code that still uses the old name fails until it is deployed",
        );
        let temporary = temporary_name(table);
        let (start, end) = match via {
            Via::Direct => ((&a.schema, &a.name), (&b.schema, &b.name)),
            Via::ToTemporary => ((&a.schema, &a.name), (&a.schema, &temporary)),
            Via::FromTemporary => ((&a.schema, &temporary), (&b.schema, &b.name)),
        };
        let mut current = v.from.qualified(start.0.as_deref(), start.1);
        if start.0 != end.0 {
            let schema = end
                .0
                .clone()
                .unwrap_or_else(|| self.default_schema().to_string());
            body.push(format!(
                "ALTER TABLE IF EXISTS {current} SET SCHEMA {}",
                v.to.ident(&schema)
            ));
            current = v.to.qualified(end.0.as_deref(), start.1);
        }
        if start.1 != end.1 {
            body.push(format!(
                "ALTER TABLE IF EXISTS {current} RENAME TO {}",
                v.to.ident(end.1)
            ));
        }
        body
    }

    /// The schema a table without one lives in.
    fn default_schema(&self) -> &'static str {
        "public"
    }

    fn rename_column(&self, v: &Versions, table: Id, column: Id, via: Via) -> Body {
        let (Some(a), Some(b)) = (v.from.table(table), v.to.table(table)) else {
            return nothing();
        };
        let mut body = Body::new(
            Safety::Locks,
            "a brief exclusive lock; code that still uses the old name fails until it is deployed",
        );
        let (start, end) = ends(
            via,
            a.column_name(column).to_string(),
            b.column_name(column).to_string(),
            column,
        );
        body.push(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            v.renamed.table_name(table),
            v.from.ident(&start),
            v.to.ident(&end)
        ));
        body
    }

    /// Renames the names the engine chose for unnamed constraints and indexes of a renamed
    /// table or column, where the engine would choose another now.
    fn rename_default_names(&self, v: &Versions, table: Id) -> Body {
        if !self.renames_default_names() {
            return nothing();
        }
        let (Some(a), Some(b)) = (v.from.table(table), v.to.table(table)) else {
            return nothing();
        };
        let mut body = Body::new(Safety::Safe, "catalog only");
        for id in a.constraint_ids() {
            if v.dropped.contains(&id) || named(a, id).is_some() {
                continue;
            }
            let (Some(old), Some(new)) = (self.engine_name(a, id), self.engine_name(b, id)) else {
                continue;
            };
            if old == new {
                continue;
            }
            if a.indexes.iter().any(|i| i.id == id) {
                let schema = v.renamed.table(table).and_then(|t| t.schema.clone());
                body.push(format!(
                    "ALTER INDEX IF EXISTS {} RENAME TO {}",
                    v.to.qualified(schema.as_deref(), &old),
                    v.to.ident(&new)
                ));
            } else {
                body.push(format!(
                    "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
                    v.renamed.table_name(table),
                    v.to.ident(&old),
                    v.to.ident(&new)
                ));
            }
        }
        body
    }

    fn create_table(&self, v: &Versions, table: Id, inline_keys: &[Id]) -> Body {
        let mut body = Body::new(Safety::Safe, "a new table");
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        if let Some(sql) = v.to.create_table_with_keys(table, inline_keys, None) {
            body.push(sql);
        }
        // Built concurrently in safe mode even on a new table: nothing to wait for, and a
        // tool that runs the file in a transaction says so instead of locking.
        let concurrently = v.mode == Mode::Safe && !t.indexes.is_empty();
        body.transactional = !concurrently;
        for i in &t.indexes {
            let name = self.index_name(t, i.id);
            if let Some(sql) =
                v.to.create_index(table, i.id, concurrently, name.as_deref())
            {
                body.push(sql);
            }
        }
        body.statements.extend(self.comments(v.to, t, true));
        body
    }

    /// The name to create an index under: PostgreSQL needs one for `IF NOT EXISTS`.
    fn index_name(&self, table: &Table, index: Id) -> Option<String> {
        self.engine_name(table, index)
    }

    /// `COMMENT ON` statements for the table (when `table_too`) and its columns.
    fn comments(&self, p: &Pieces, t: &Table, table_too: bool) -> Vec<String> {
        let d = p.dialect();
        if d.comment_style() != crate::generate::sql::CommentStyle::Statements {
            return Vec::new();
        }
        let mut out = Vec::new();
        if table_too {
            if let Some(c) = &t.comment {
                out.push(format!(
                    "COMMENT ON TABLE {} IS {}",
                    p.table_name(t.id),
                    d.string_literal(c)
                ));
            }
        }
        for c in &t.columns {
            if let Some(text) = &c.comment {
                out.extend(self.column_comment(p, t, c, Some(text)));
            }
        }
        out
    }

    /// `COMMENT ON COLUMN`, where the target stores comments that way.
    fn column_comment(
        &self,
        p: &Pieces,
        t: &Table,
        c: &Column,
        text: Option<&str>,
    ) -> Option<String> {
        if p.dialect().comment_style() != crate::generate::sql::CommentStyle::Statements {
            return None;
        }
        Some(format!(
            "COMMENT ON COLUMN {}.{} IS {}",
            p.table_name(t.id),
            p.ident(&c.name),
            text.map_or("NULL".to_string(), |x| p.dialect().string_literal(x))
        ))
    }

    fn add_column(&self, v: &Versions, table: Id, column: Id) -> Body {
        let (Some(t), Some(pieces)) = (v.to.table(table), v.to.column(table, column)) else {
            return nothing();
        };
        let Some(c) = t.column_by_id(column) else {
            return nothing();
        };
        let name = v.to.table_name(table);
        let volatile = pieces.default.as_deref().is_some_and(is_volatile);
        let required = !c.nullable && pieces.default.is_none() && pieces.identity.is_none();
        let mut body = if pieces.identity.is_some() || volatile {
            Body::new(
                Safety::Rewrites,
                "every existing row gets its own value: the table is rewritten under an exclusive lock",
            )
        } else if required && v.mode == Mode::Simple {
            Body::new(
                Safety::Locks,
                "NOT NULL without a default: fails on a table that has rows",
            )
        } else {
            Body::new(Safety::Safe, "catalog only")
        };
        if required && v.mode == Mode::Safe {
            // Added nullable, filled, then made NOT NULL through a validated check.
            body.why = "added nullable, backfilled, then NOT NULL through a validated check".into();
            body.push(format!(
                "ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {} {}",
                v.to.ident(&c.name),
                pieces.type_sql
            ));
            body.push(format!(
                "UPDATE {name} SET {col} = NULL /* BACKFILL: the value of existing rows; the check below fails while any is NULL */ WHERE {col} IS NULL",
                col = v.to.ident(&c.name)
            ));
            body.preflight.push(Preflight {
                what: format!("rows of {} that need a value for {}", t.name, c.name),
                query: format!("SELECT count(*) FROM {name}"),
            });
            self.not_null_steps(v.to, t, c, &mut body, false);
        } else {
            body.push(format!(
                "ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {}",
                pieces.definition
            ));
            if required {
                body.preflight.push(Preflight {
                    what: format!("rows of {} that would need {}", t.name, c.name),
                    query: format!("SELECT count(*) FROM {name}"),
                });
            }
        }
        if let Some(sql) = c
            .comment
            .as_deref()
            .and_then(|text| self.column_comment(v.to, t, c, Some(text)))
        {
            body.push(sql);
        }
        body
    }

    /// NOT NULL on an existing column: plainly, or (safe) through a check added NOT VALID
    /// and validated, which PostgreSQL then trusts instead of scanning under its lock.
    /// `count_nulls`: the step's pre-flight counts the column's NULLs (a column that exists
    /// before the step).
    fn not_null_steps(
        &self,
        p: &Pieces,
        t: &Table,
        c: &Column,
        body: &mut Body,
        count_nulls: bool,
    ) {
        let name = p.table_name(t.id);
        let col = p.ident(&c.name);
        if count_nulls {
            body.preflight.push(Preflight {
                what: format!("rows of {} where {} is null", t.name, c.name),
                query: format!("SELECT count(*) FROM {name} WHERE {col} IS NULL"),
            });
        }
        let check = p.ident(&format!(
            "{}_{}_not_null",
            clip(&t.name, 20),
            clip(&c.name, 20)
        ));
        body.push(format!(
            "ALTER TABLE {name} ADD CONSTRAINT {check} CHECK ({col} IS NOT NULL) NOT VALID"
        ));
        body.push(format!("ALTER TABLE {name} VALIDATE CONSTRAINT {check}"));
        body.push(format!(
            "ALTER TABLE {name} ALTER COLUMN {col} SET NOT NULL"
        ));
        body.push(format!(
            "ALTER TABLE {name} DROP CONSTRAINT IF EXISTS {check}"
        ));
    }

    fn drop_column(&self, v: &Versions, table: Id, column: Id) -> Body {
        let Some(t) = v.from.table(table) else {
            return nothing();
        };
        let mut body = Body::new(
            Safety::LosesData,
            "the column's values are gone; the way back adds it empty",
        );
        body.push(format!(
            "ALTER TABLE {} DROP COLUMN IF EXISTS {}",
            v.from.table_name(table),
            v.from.ident(t.column_name(column))
        ));
        body
    }

    fn alter_column(
        &self,
        v: &Versions,
        table: Id,
        column: Id,
        changes: &[super::ColumnChange],
    ) -> Body {
        use super::ColumnChange as C;
        let (Some(t), Some(a), Some(b)) = (
            v.to.table(table),
            v.from.table(table).and_then(|t| t.column_by_id(column)),
            v.to.table(table).and_then(|t| t.column_by_id(column)),
        ) else {
            return nothing();
        };
        let (Some(pa), Some(pb)) = (v.from.column(table, column), v.to.column(table, column))
        else {
            return nothing();
        };
        let has = |c: C| changes.contains(&c);
        let name = v.to.table_name(table);
        let col = v.to.ident(&b.name);
        if has(C::Type) && self.expands_type_changes(v.mode) && super::plan::expands(a, b) {
            return self.expand_and_contract(v, t, a, b, &pb);
        }
        let alter = |what: String| format!("ALTER TABLE {name} ALTER COLUMN {col} {what}");
        let mut body = Body::new(Safety::Safe, "");
        let from_t = v.from.table(table);
        let nullable_before = from_t.is_some_and(|ft| super::plan::effectively_nullable(ft, a));
        let nullable_after = super::plan::effectively_nullable(t, b);
        let add_identity = pa.identity.is_none() && pb.identity.is_some();
        let drop_identity = pa.identity.is_some() && pb.identity.is_none();
        // The old default and identity go before the type changes; the new come after.
        // A type written the same (an enum whose values changed) changes nothing here.
        let retyped = has(C::Type) && pa.type_sql != pb.type_sql;
        if (has(C::Default) || retyped || add_identity) && pa.default.is_some() {
            body.push(alter("DROP DEFAULT".into()));
        }
        if drop_identity {
            body.push(alter("DROP IDENTITY IF EXISTS".into()));
        }
        if retyped {
            let widening = is_widening(&a.data_type.kind, &b.data_type.kind);
            if widening {
                body.raise(Safety::Safe, "a wider type: catalog only");
            } else {
                body.raise(
                    Safety::Rewrites,
                    "every row is converted and the table rewritten under an exclusive lock",
                );
            }
            if let Some(query) = narrowing_rows(v.from, t, a, &b.data_type.kind) {
                body.preflight.push(Preflight {
                    what: format!(
                        "rows of {} whose {} does not fit {}",
                        t.name, b.name, pb.type_sql
                    ),
                    query,
                });
            }
            let using = self
                .conversion(&col, &a.data_type.kind, &b.data_type.kind, &pb.type_sql)
                .map(|c| format!(" USING {c}"))
                .unwrap_or_default();
            body.push(alter(format!("TYPE {}{using}", pb.type_sql)));
        }
        if nullable_after && !nullable_before {
            body.push(alter("DROP NOT NULL".into()));
        } else if nullable_before && !nullable_after {
            if v.mode == Mode::Safe {
                self.not_null_steps(v.to, t, b, &mut body, true);
                body.raise(
                    Safety::Safe,
                    "NOT NULL through a check validated without blocking writes",
                );
            } else {
                body.preflight.push(Preflight {
                    what: format!("rows of {} where {} is null", t.name, b.name),
                    query: format!("SELECT count(*) FROM {name} WHERE {col} IS NULL"),
                });
                body.push(alter("SET NOT NULL".into()));
                body.raise(
                    Safety::Locks,
                    "SET NOT NULL scans the whole table under an exclusive lock",
                );
            }
        }
        if let Some(identity) = pb.identity {
            let words = match identity {
                Identity::Always => "ALWAYS",
                Identity::ByDefault => "BY DEFAULT",
            };
            if add_identity {
                body.push(alter(format!("ADD GENERATED {words} AS IDENTITY")));
                // Numbering continues after the rows already there.
                body.push(format!(
                    "SELECT setval(pg_get_serial_sequence({}, {}), coalesce(max({col}), 0) + 1, false) FROM {name}",
                    v.to.dialect().string_literal(&name),
                    v.to.dialect().string_literal(&b.name),
                ));
                body.raise(
                    Safety::Locks,
                    "numbering an existing column takes an exclusive lock",
                );
            } else if pa.identity != pb.identity {
                body.push(alter(format!("SET GENERATED {words}")));
            }
        }
        if let Some(default) = &pb.default {
            if has(C::Default) || retyped || drop_identity {
                body.push(alter(format!("SET DEFAULT {default}")));
            }
        }
        if has(C::Comment) {
            if let Some(sql) = self.column_comment(v.to, t, b, b.comment.as_deref()) {
                body.push(sql);
            }
        }
        if body.why.is_empty() {
            body.why = "catalog only".into();
        }
        body
    }

    /// A type change as careful teams make it: a new column of the new type, filled from the
    /// old (a clearly marked backfill that takes row locks, not the table's), NOT NULL through
    /// a validated check where the column needs it, then the old column dropped and the new
    /// one renamed to its name. The keys, checks and indexes of the column are made again by
    /// the steps after this one.
    fn expand_and_contract(
        &self,
        v: &Versions,
        t: &Table,
        a: &Column,
        b: &Column,
        pb: &crate::generate::sql::ColumnPieces,
    ) -> Body {
        let name = v.to.table_name(t.id);
        let old = v.from.ident(&a.name);
        let temporary_column = temporary_name(b.id);
        let fresh = v.to.ident(&temporary_column);
        let mut body = Body::new(
            Safety::Rewrites,
            "a new column of the new type is filled row by row (no exclusive lock), then swapped in; writes to the column during the backfill are not carried",
        );
        if let Some(query) = narrowing_rows(v.from, t, a, &b.data_type.kind) {
            body.preflight.push(Preflight {
                what: format!(
                    "rows of {} whose {} does not fit {}",
                    t.name, b.name, pb.type_sql
                ),
                query,
            });
        }
        body.push(format!(
            "ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {fresh} {}",
            pb.type_sql
        ));
        let value = self
            .conversion(&old, &a.data_type.kind, &b.data_type.kind, &pb.type_sql)
            .unwrap_or_else(|| old.clone());
        body.push(format!(
            "UPDATE {name} SET {fresh} = {value} WHERE {old} IS NOT NULL /* BACKFILL: batch it on a big table */"
        ));
        if !super::plan::effectively_nullable(t, b) {
            if a.nullable {
                body.preflight.push(Preflight {
                    what: format!("rows of {} where {} is null", t.name, a.name),
                    query: format!("SELECT count(*) FROM {name} WHERE {old} IS NULL"),
                });
            }
            let mut temporary = b.clone();
            temporary.name = temporary_column.clone();
            self.not_null_steps(v.to, t, &temporary, &mut body, false);
        }
        body.push(format!("ALTER TABLE {name} DROP COLUMN IF EXISTS {old}"));
        body.push(format!(
            "ALTER TABLE {name} RENAME COLUMN {fresh} TO {}",
            v.to.ident(&b.name)
        ));
        if let Some(default) = &pb.default {
            body.push(format!(
                "ALTER TABLE {name} ALTER COLUMN {} SET DEFAULT {default}",
                v.to.ident(&b.name)
            ));
        }
        if let Some(sql) = b
            .comment
            .as_deref()
            .and_then(|text| self.column_comment(v.to, t, b, Some(text)))
        {
            body.push(sql);
        }
        body
    }

    /// How a value of type `from` becomes `to` in `ALTER COLUMN … TYPE … USING`, or `None`
    /// where the engine's assignment cast does it (and refuses a value that does not fit,
    /// where an explicit cast to a shorter text would cut it silently).
    fn conversion(
        &self,
        column: &str,
        from: &TypeKind,
        to: &TypeKind,
        to_sql: &str,
    ) -> Option<String> {
        let integer = |k: &TypeKind| {
            matches!(
                k,
                TypeKind::SmallInt | TypeKind::Integer | TypeKind::BigInt | TypeKind::TinyInt
            )
        };
        match (from, to) {
            (a, b) if is_textual(a) && is_textual(b) => None,
            (a, b) if same_family(a, b) => None,
            (_, b) if is_textual(b) => None,
            // No direct cast between these: through integer.
            (TypeKind::Boolean, k) if integer(k) => Some(format!("{column}::integer::{to_sql}")),
            (k, TypeKind::Boolean) if integer(k) => Some(format!("{column}::integer::boolean")),
            (a, _) if is_textual(a) => Some(format!("{column}::{to_sql}")),
            // Anything else goes through its text form: values that do not read as the new
            // type stop the migration (the pre-flight query counts what it can).
            _ => Some(format!("{column}::text::{to_sql}")),
        }
    }

    fn rebuild(&self, _v: &Versions, _table: Id) -> Body {
        nothing()
    }

    fn add_constraint(&self, v: &Versions, table: Id, constraint: Id, fresh: bool) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let name = v.to.table_name(table);
        let engine_name = self.engine_name(t, constraint).unwrap_or_default();
        let mut body = Body::new(Safety::Safe, "");
        body.preflight
            .extend(constraint_preflight(v.to, t, constraint));
        let is_check = t.checks.iter().any(|c| c.id == constraint);
        let key_columns = t
            .primary_key
            .iter()
            .filter(|p| p.id == constraint)
            .map(|p| (&p.columns, true))
            .chain(
                t.uniques
                    .iter()
                    .filter(|u| u.id == constraint)
                    .map(|u| (&u.columns, false)),
            )
            .next();
        if fresh || v.mode == Mode::Simple {
            let Some(clause) = v.to.constraint_clause(table, constraint, None) else {
                return nothing();
            };
            if !fresh {
                body.safety = Some(Safety::Locks);
                body.why = if is_check {
                    "scans the table under an exclusive lock".into()
                } else {
                    "builds its index while writes wait".into()
                };
            }
            body.push(format!("ALTER TABLE {name} ADD {clause}"));
        } else if is_check {
            let Some(clause) =
                v.to.constraint_clause(table, constraint, Some(&engine_name))
            else {
                return nothing();
            };
            body.why = "added NOT VALID, then validated without blocking writes".into();
            body.push(format!("ALTER TABLE {name} ADD {clause} NOT VALID"));
            body.push(format!(
                "ALTER TABLE {name} VALIDATE CONSTRAINT {}",
                v.to.ident(&engine_name)
            ));
        } else if let Some((columns, primary)) = key_columns {
            // The unique index is built concurrently, then becomes the constraint.
            body.why = "its index is built concurrently, then taken over by the constraint".into();
            body.transactional = false;
            body.push(format!(
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {} ON {name} ({})",
                v.to.ident(&engine_name),
                v.to.column_list(table, columns)
            ));
            body.push(format!(
                "ALTER TABLE {name} ADD CONSTRAINT {} {} USING INDEX {}",
                v.to.ident(&engine_name),
                if primary { "PRIMARY KEY" } else { "UNIQUE" },
                v.to.ident(&engine_name)
            ));
        }
        body
    }

    fn create_index(&self, v: &Versions, table: Id, index: Id, fresh: bool) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let concurrently = v.mode == Mode::Safe && !fresh;
        let Some(sql) = v.to.create_index(
            table,
            index,
            concurrently,
            self.index_name(t, index).as_deref(),
        ) else {
            return nothing();
        };
        let mut body = if concurrently || fresh {
            Body::new(Safety::Safe, "built without blocking writes")
        } else {
            Body::new(Safety::Locks, "writes wait while the index is built")
        };
        body.transactional = !concurrently;
        if t.indexes.iter().any(|i| i.id == index && i.unique) {
            body.preflight.extend(constraint_preflight(v.to, t, index));
        }
        body.push(sql);
        body
    }

    fn add_foreign_key(&self, v: &Versions, table: Id, key: Id, fresh: bool) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let safe = v.mode == Mode::Safe && !fresh;
        let engine_name = self.engine_name(t, key).unwrap_or_default();
        let Some(clause) =
            v.to.constraint_clause(table, key, safe.then_some(engine_name.as_str()))
        else {
            return nothing();
        };
        let name = v.to.table_name(table);
        let mut body = Body::new(Safety::Safe, "");
        body.preflight.extend(constraint_preflight(v.to, t, key));
        if safe {
            body.why = "added NOT VALID, then validated without blocking writes".into();
            body.push(format!("ALTER TABLE {name} ADD {clause} NOT VALID"));
            body.push(format!(
                "ALTER TABLE {name} VALIDATE CONSTRAINT {}",
                v.to.ident(&engine_name)
            ));
        } else {
            if !fresh {
                body.safety = Some(Safety::Locks);
                body.why = "checks every row while writes to both tables wait".into();
            }
            body.push(format!("ALTER TABLE {name} ADD {clause}"));
        }
        body
    }

    fn create_enum(&self, v: &Versions, id: Id) -> Body {
        let d = v.to.dialect();
        let Some(e) = v.to.model().enums.iter().find(|e| e.id == id) else {
            return nothing();
        };
        if !d.supports_enum_types() {
            return nothing();
        }
        let values: Vec<String> = e.values.iter().map(|x| d.string_literal(x)).collect();
        let mut body = Body::new(Safety::Safe, "a new type");
        body.push(format!(
            "CREATE TYPE {} AS ENUM ({})",
            v.to.qualified(e.schema.as_deref(), &e.name),
            values.join(", ")
        ));
        body
    }

    fn drop_enum(&self, v: &Versions, id: Id) -> Body {
        let Some(e) = v.from.model().enums.iter().find(|e| e.id == id) else {
            return nothing();
        };
        if !v.from.dialect().supports_enum_types() {
            return nothing();
        }
        let mut body = Body::new(Safety::Safe, "no column uses the type any more");
        body.push(format!(
            "DROP TYPE IF EXISTS {}",
            v.from.qualified(e.schema.as_deref(), &e.name)
        ));
        body
    }

    /// Values renamed, added where they stand; a value removed cannot be, in PostgreSQL,
    /// without recreating the type and every column of it: the step says so and leaves it.
    fn alter_enum(&self, v: &Versions, id: Id) -> Body {
        let d = v.to.dialect();
        let (Some(a), Some(b)) = (
            v.from.model().enums.iter().find(|e| e.id == id),
            v.to.model().enums.iter().find(|e| e.id == id),
        ) else {
            return nothing();
        };
        if !d.supports_enum_types() {
            return nothing();
        }
        let name = v.to.qualified(b.schema.as_deref(), &b.name);
        let mut body = Body::new(Safety::Safe, "catalog only");
        if a.schema != b.schema {
            body.push(format!(
                "ALTER TYPE {} SET SCHEMA {}",
                v.from.qualified(a.schema.as_deref(), &a.name),
                d.ident(b.schema.as_deref().unwrap_or(self.default_schema()))
            ));
        }
        if a.name != b.name {
            body.push(format!(
                "ALTER TYPE {} RENAME TO {}",
                v.to.qualified(b.schema.as_deref(), &a.name),
                d.ident(&b.name)
            ));
        }
        // Values by id where the model has them, else by text.
        let key = |e: &crate::model::EnumType, k: usize| -> String {
            e.value_ids.get(k).map_or_else(
                || format!("text:{}", e.values[k]),
                |i| format!("id:{}", i.0),
            )
        };
        let a_keys: Vec<String> = (0..a.values.len()).map(|k| key(a, k)).collect();
        let b_keys: Vec<String> = (0..b.values.len()).map(|k| key(b, k)).collect();
        for (k, value) in b.values.iter().enumerate() {
            if let Some(at) = a_keys.iter().position(|x| *x == b_keys[k]) {
                if a.values[at] != *value {
                    body.push(format!(
                        "ALTER TYPE {name} RENAME VALUE {} TO {}",
                        d.string_literal(&a.values[at]),
                        d.string_literal(value)
                    ));
                }
            }
        }
        for (k, value) in b.values.iter().enumerate() {
            if a_keys.contains(&b_keys[k]) {
                continue;
            }
            let place = match k.checked_sub(1) {
                Some(prev) => format!(" AFTER {}", d.string_literal(&b.values[prev])),
                None if b.values.len() > 1 => {
                    format!(" BEFORE {}", d.string_literal(&b.values[1]))
                }
                None => String::new(),
            };
            body.push(format!(
                "ALTER TYPE {name} ADD VALUE IF NOT EXISTS {}{place}",
                d.string_literal(value)
            ));
            // A value added in a transaction cannot be used before it commits.
            body.transactional = false;
        }
        let removed: Vec<&String> = a
            .values
            .iter()
            .enumerate()
            .filter(|(k, _)| !b_keys.contains(&a_keys[*k]))
            .map(|(_, x)| x)
            .collect();
        if !removed.is_empty() {
            body.safety = Some(Safety::Irreversible);
            body.why = format!(
                "PostgreSQL cannot remove a value from an enum ({}): recreate the type and convert its columns by hand; the step leaves the value",
                removed.iter().map(|x| d.string_literal(x)).collect::<Vec<_>>().join(", ")
            );
        }
        body
    }

    fn comment_table(&self, v: &Versions, table: Id) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let d = v.to.dialect();
        if d.comment_style() != crate::generate::sql::CommentStyle::Statements {
            return nothing();
        }
        let mut body = Body::new(Safety::Safe, "catalog only");
        body.push(format!(
            "COMMENT ON TABLE {} IS {}",
            v.to.table_name(table),
            t.comment
                .as_deref()
                .map_or("NULL".to_string(), |c| d.string_literal(c))
        ));
        body
    }
}

/// A named schema's name.
pub(super) fn schema_name(p: &Pieces, id: Id) -> String {
    p.model()
        .schemas
        .iter()
        .find(|s| s.id == id)
        .map_or(String::new(), |s| s.name.clone())
}

/// A view's name for titles.
fn view_name(p: &Pieces, id: Id) -> String {
    p.model()
        .views
        .iter()
        .find(|v| v.id == id)
        .map_or(String::new(), |v| v.name.clone())
}

/// An enum's name for titles.
fn enum_name(p: &Pieces, id: Id) -> String {
    p.model()
        .enums
        .iter()
        .find(|e| e.id == id)
        .map_or(String::new(), |e| e.name.clone())
}

/// The names a rename starts and ends at, through the temporary name where it goes that way.
pub fn ends(via: Via, from: String, to: String, id: Id) -> (String, String) {
    match via {
        Via::Direct => (from, to),
        Via::ToTemporary => (from, temporary_name(id)),
        Via::FromTemporary => (temporary_name(id), to),
    }
}

/// Words for a key, constraint or index that has no name the plan can know (SQL Server
/// names unnamed ones itself): what it is and its columns.
fn unnamed(table: &Table, id: Id) -> String {
    let columns = |ids: &[Id]| table.column_names(ids).join(", ");
    if let Some(k) = table.primary_key.as_ref().filter(|k| k.id == id) {
        return format!("(the primary key on {})", columns(&k.columns));
    }
    if let Some(u) = table.uniques.iter().find(|u| u.id == id) {
        return format!("(the unique key on {})", columns(&u.columns));
    }
    if let Some(f) = table.foreign_keys.iter().find(|f| f.id == id) {
        return format!("(the foreign key on {})", columns(&f.columns));
    }
    if let Some(c) = table.checks.iter().find(|c| c.id == id) {
        return format!("(the check {})", c.expression);
    }
    "(unnamed)".into()
}

/// The model's own name for a key, constraint or index of `table`.
pub fn named(table: &Table, id: Id) -> Option<String> {
    table
        .primary_key
        .iter()
        .filter(|p| p.id == id)
        .map(|p| &p.name)
        .chain(table.uniques.iter().filter(|u| u.id == id).map(|u| &u.name))
        .chain(table.checks.iter().filter(|c| c.id == id).map(|c| &c.name))
        .chain(
            table
                .foreign_keys
                .iter()
                .filter(|f| f.id == id)
                .map(|f| &f.name),
        )
        .chain(table.indexes.iter().filter(|i| i.id == id).map(|i| &i.name))
        .next()
        .cloned()
        .flatten()
}

/// The queries that count the rows a new key, check, unique index or foreign key would
/// reject: rows whose key is null or shared with another row, rows the check is false for,
/// rows whose reference finds no row.
pub fn constraint_preflight(p: &Pieces, t: &Table, id: Id) -> Vec<Preflight> {
    let name = p.table_name(t.id);
    let cols = |ids: &[Id]| p.column_list(t.id, ids);
    let mut out = Vec::new();
    let mut duplicates = |ids: &[Id], what: &str, nulls_count: bool| {
        let list = cols(ids);
        let not_null = ids
            .iter()
            .map(|c| format!("{} IS NOT NULL", p.ident(t.column_name(*c))))
            .collect::<Vec<_>>()
            .join(" AND ");
        out.push(Preflight {
            what: format!("rows of {} sharing their {what} with another row", t.name),
            query: format!(
                "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM {name} WHERE {not_null} GROUP BY {list} HAVING count(*) > 1) AS d"
            ),
        });
        if nulls_count {
            let any_null = ids
                .iter()
                .map(|c| format!("{} IS NULL", p.ident(t.column_name(*c))))
                .collect::<Vec<_>>()
                .join(" OR ");
            out.push(Preflight {
                what: format!("rows of {} with a null in their {what}", t.name),
                query: format!("SELECT count(*) FROM {name} WHERE {any_null}"),
            });
        }
    };
    if let Some(pk) = t.primary_key.as_ref().filter(|k| k.id == id) {
        duplicates(&pk.columns, "primary key", true);
    } else if let Some(u) = t.uniques.iter().find(|u| u.id == id) {
        duplicates(&u.columns, "unique key", false);
    } else if let Some(i) = t.indexes.iter().find(|i| i.id == id && i.unique) {
        let columns: Option<Vec<Id>> = i
            .parts
            .iter()
            .map(|part| match part.target {
                crate::model::IndexTarget::Column(c) => Some(c),
                _ => None,
            })
            .collect();
        if let (Some(columns), None) = (columns, &i.predicate) {
            duplicates(&columns, "unique index's columns", false);
        }
    } else if let Some(c) = t.checks.iter().find(|c| c.id == id) {
        if let Some(clause) = p.constraint_clause(t.id, id, None) {
            let expression = clause
                .split_once("CHECK (")
                .map_or(c.expression.as_str(), |(_, e)| {
                    e.strip_suffix(')').unwrap_or(e)
                });
            out.push(Preflight {
                what: format!("rows of {} the check is false for", t.name),
                query: format!("SELECT count(*) FROM {name} WHERE NOT ({expression})"),
            });
        }
    } else if let Some(fk) = t.foreign_keys.iter().find(|f| f.id == id) {
        if let Some(target) = p.table(fk.ref_table) {
            let refs = fk.referenced_columns(target);
            let target_name = p.table_name(target.id);
            let present = fk
                .columns
                .iter()
                .map(|c| format!("c.{} IS NOT NULL", p.ident(t.column_name(*c))))
                .collect::<Vec<_>>()
                .join(" AND ");
            let matches = fk
                .columns
                .iter()
                .zip(&refs)
                .map(|(c, r)| {
                    format!(
                        "r.{} = c.{}",
                        p.ident(target.column_name(*r)),
                        p.ident(t.column_name(*c))
                    )
                })
                .collect::<Vec<_>>()
                .join(" AND ");
            out.push(Preflight {
                what: format!("rows of {} referencing no row of {}", t.name, target.name),
                query: format!(
                    "SELECT count(*) FROM {name} AS c WHERE {present} AND NOT EXISTS (SELECT 1 FROM {target_name} AS r WHERE {matches})"
                ),
            });
        }
    }
    out
}

/// A query counting the rows of `t` whose column `c` would not fit `to`, for the type
/// changes that narrow what a column holds.
fn narrowing_rows(p: &Pieces, t: &Table, c: &Column, to: &TypeKind) -> Option<String> {
    let name = p.table_name(t.id);
    let col = p.ident(&c.name);
    let length = |k: &TypeKind| match k {
        TypeKind::Varchar { length } | TypeKind::Char { length } => *length,
        _ => None,
    };
    let range = |k: &TypeKind| match k {
        TypeKind::SmallInt => Some((-32768i64, 32767i64)),
        TypeKind::Integer => Some((-2147483648, 2147483647)),
        _ => None,
    };
    let from = &c.data_type.kind;
    if let Some(n) = length(to) {
        let shorter = length(from).is_none_or(|m| m > n);
        if shorter && is_textual(from) {
            return Some(format!(
                "SELECT count(*) FROM {name} WHERE length({col}) > {n}"
            ));
        }
    }
    if let Some((lo, hi)) = range(to) {
        if is_textual(from) {
            return Some(format!(
                "SELECT count(*) FROM {name} WHERE {col} IS NOT NULL AND trim({col}) NOT SIMILAR TO '[-+]?[0-9]+'"
            ));
        }
        let wider = matches!(from, TypeKind::BigInt | TypeKind::Decimal { .. })
            || matches!((from, to), (TypeKind::Integer, TypeKind::SmallInt));
        if wider {
            return Some(format!(
                "SELECT count(*) FROM {name} WHERE {col} NOT BETWEEN {lo} AND {hi}"
            ));
        }
    }
    None
}

pub(super) fn is_textual(k: &TypeKind) -> bool {
    matches!(
        k,
        TypeKind::Text | TypeKind::Varchar { .. } | TypeKind::Char { .. }
    )
}

fn same_family(a: &TypeKind, b: &TypeKind) -> bool {
    let numeric = |k: &TypeKind| {
        matches!(
            k,
            TypeKind::TinyInt
                | TypeKind::SmallInt
                | TypeKind::Integer
                | TypeKind::BigInt
                | TypeKind::Decimal { .. }
                | TypeKind::Real
                | TypeKind::Double
        )
    };
    let temporal = |k: &TypeKind| matches!(k, TypeKind::Date | TypeKind::Timestamp { .. });
    (numeric(a) && numeric(b)) || (temporal(a) && temporal(b))
}

/// Whether every value of `from` is a value of `to` with no conversion to check (PostgreSQL
/// changes such a type in the catalog only).
pub(crate) fn is_widening(from: &TypeKind, to: &TypeKind) -> bool {
    match (from, to) {
        (TypeKind::Varchar { length: Some(a) }, TypeKind::Varchar { length: Some(b) }) => a <= b,
        (TypeKind::Varchar { .. }, TypeKind::Varchar { length: None } | TypeKind::Text) => true,
        _ => false,
    }
}

/// Whether a default is evaluated anew for every row (so adding the column rewrites the
/// table), unlike a constant or `now()`, which PostgreSQL evaluates once.
pub fn is_volatile(default: &str) -> bool {
    let lower = default.to_ascii_lowercase();
    [
        "random(",
        "gen_random_uuid(",
        "uuid_generate_v4(",
        "clock_timestamp(",
        "nextval(",
        "timeofday(",
    ]
    .iter()
    .any(|f| lower.contains(f))
}

/// The longest prefix of `text` of at most `chars` characters.
fn clip(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

/// Whether `c` is one of the table's columns that a key covers.
pub fn in_any_key(t: &Table, c: Id) -> bool {
    t.primary_key.iter().any(|p| p.columns.contains(&c))
        || t.uniques.iter().any(|u| u.columns.contains(&c))
        || t.foreign_keys.iter().any(|f| f.columns.contains(&c))
}
