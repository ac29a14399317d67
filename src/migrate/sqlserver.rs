//! SQL Server's planner (2017 and later: `DROP … IF EXISTS`, `STRING_AGG`).
//!
//! Every statement is written as a batch of its own (the files put `GO` after each), so a
//! statement may read a column the one before it added.
//!
//! Names: SQL Server names an unnamed key, check, foreign key or default itself, with a
//! random suffix (`PK__users__3213E83F…`), so a migration cannot know it. A step that drops
//! one finds it in the catalog first (by kind and columns; a check by its definition as
//! SQL Server stores it, a default by its column) and drops what it found; what the model
//! names is addressed by name. Steps are re-runnable: drops say `IF EXISTS`, and creations
//! are guarded by a catalog lookup (`OBJECT_ID`, `COL_LENGTH`, `sys.indexes`), since T-SQL
//! has no `IF NOT EXISTS` for them.
//!
//! Safe mode: a lock timeout of 5 s and `XACT_ABORT` (an error rolls the transaction back);
//! indexes built `ONLINE` on the editions that can (Enterprise, Developer, Azure SQL); a
//! NOT NULL column added nullable and backfilled first. SQL Server has no online way to
//! validate a constraint (`WITH NOCHECK` leaves it untrusted by the optimizer), so adding a
//! key, check or foreign key to a table with rows says that it locks, with its pre-flight
//! query. `ALTER COLUMN` refuses a column that an index, key or check uses (or whose default
//! stands), so those are dropped around a change of its type or nullability.
//!
//! An identity cannot be added to or taken from an existing column: the step says so.

use super::plan::{
    add_op, covering, effectively_nullable, is_key, kind, nothing, Kind, Op, Versions, Via,
};
use super::planner::{
    constraint_preflight, ends, is_textual, is_widening, named, schema_name, Planner,
};
use super::step::{Body, Mode, Preflight, Safety};
use super::ColumnChange;
use crate::generate::sql::Pieces;
use crate::model::{Column, Dialect, Id, Model, Table, TypeKind};

pub struct SqlServer;

/// A T-SQL string literal.
fn literal(text: &str) -> String {
    format!("N'{}'", text.replace('\'', "''"))
}

/// `OBJECT_ID(N'[dbo].[t]')` for table `table` of version `p`.
fn object_id(p: &Pieces, table: Id) -> String {
    format!("OBJECT_ID({})", literal(&p.table_name(table)))
}

/// The `sys.columns` id of column `column` of `table`.
fn column_id(p: &Pieces, table: Id, column: &str) -> String {
    format!(
        "COLUMNPROPERTY({}, {}, 'ColumnId')",
        object_id(p, table),
        literal(column)
    )
}

/// A constraint's name qualified by its table's schema (constraints are schema objects).
fn constraint_object(p: &Pieces, t: &Table, name: &str) -> String {
    literal(&p.qualified(t.schema.as_deref(), name))
}

/// The comma-joined names of an index's columns in key order, as a subquery over the
/// catalog (`{index}` is the SQL of the index's `(object_id, index_id)`).
fn index_columns(object: &str, index: &str) -> String {
    format!(
        "(SELECT STRING_AGG(c.name, ',') WITHIN GROUP (ORDER BY ic.key_ordinal) FROM sys.index_columns AS ic JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id WHERE ic.object_id = {object} AND ic.index_id = {index} AND ic.key_ordinal > 0)"
    )
}

/// A definition as compared with the catalog's: without brackets, parentheses, spaces and
/// the `N` of Unicode literals, in lower case (SQL Server stores `([total]>(0))`).
fn bare(definition: &str) -> String {
    let lower = definition.to_lowercase().replace("n'", "'");
    lower
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | '(' | ')') && !c.is_whitespace())
        .collect()
}

/// The same, as T-SQL computes it from a catalog column.
fn bare_sql(column: &str) -> String {
    let mut sql = format!("REPLACE(LOWER({column}), N'n''', N'''')");
    for x in ["[", "]", "(", ")", " "] {
        sql = format!("REPLACE({sql}, N'{x}', N'')");
    }
    sql
}

/// A query for the name of a key, constraint or foreign key of `t` as SQL Server knows it:
/// the model's name, or the catalog's name of the unnamed one it stands for.
fn lookup(p: &Pieces, t: &Table, id: Id) -> Option<String> {
    let object = object_id(p, t.id);
    if let Some(name) = named(t, id) {
        return Some(format!(
            "SELECT name FROM sys.objects WHERE parent_object_id = {object} AND name = {}",
            literal(&name)
        ));
    }
    let columns = |ids: &[Id]| literal(&t.column_names(ids).join(","));
    if t.primary_key.as_ref().is_some_and(|k| k.id == id) {
        return Some(format!(
            "SELECT name FROM sys.key_constraints WHERE parent_object_id = {object} AND type = 'PK'"
        ));
    }
    if let Some(u) = t.uniques.iter().find(|u| u.id == id) {
        return Some(format!(
            "SELECT TOP (1) k.name FROM sys.key_constraints AS k WHERE k.parent_object_id = {object} AND k.type = 'UQ' AND {} = {}",
            index_columns("k.parent_object_id", "k.unique_index_id"),
            columns(&u.columns)
        ));
    }
    if let Some(f) = t.foreign_keys.iter().find(|f| f.id == id) {
        let target = p.table(f.ref_table)?;
        return Some(format!(
            "SELECT TOP (1) f.name FROM sys.foreign_keys AS f WHERE f.parent_object_id = {object} AND f.referenced_object_id = {} AND (SELECT STRING_AGG(c.name, ',') WITHIN GROUP (ORDER BY fc.constraint_column_id) FROM sys.foreign_key_columns AS fc JOIN sys.columns AS c ON c.object_id = fc.parent_object_id AND c.column_id = fc.parent_column_id WHERE fc.constraint_object_id = f.object_id) = {}",
            object_id(p, target.id),
            columns(&f.columns)
        ));
    }
    if t.checks.iter().any(|c| c.id == id) {
        let clause = p.constraint_clause(t.id, id, None)?;
        let expression = clause
            .split_once("CHECK (")
            .map(|(_, e)| e.strip_suffix(')').unwrap_or(e))?;
        return Some(format!(
            "SELECT TOP (1) name FROM sys.check_constraints WHERE parent_object_id = {object} AND {} = {}",
            bare_sql("[definition]"),
            literal(&bare(expression))
        ));
    }
    None
}

/// Drops the constraint `lookup` finds, if it finds one: one batch.
fn drop_found(table_sql: &str, lookup: &str) -> String {
    format!(
        "DECLARE @name sysname = ({lookup});\nDECLARE @drop nvarchar(max) = N'ALTER TABLE {} DROP CONSTRAINT ' + QUOTENAME(@name);\nIF @name IS NOT NULL EXEC sp_executesql @drop",
        table_sql.replace('\'', "''")
    )
}

/// The query for a column's default constraint.
fn default_of(p: &Pieces, table: Id, column: &str) -> String {
    format!(
        "SELECT name FROM sys.default_constraints WHERE parent_object_id = {} AND parent_column_id = {}",
        object_id(p, table),
        column_id(p, table, column)
    )
}

/// The name of the check the DDL writes for a column of an enum type.
fn enum_check_name(t: &Table, c: &Column) -> String {
    format!("ck_{}_{}", t.name, c.name)
}

/// `ALTER COLUMN` restates the type and whether the column can be NULL.
fn alter_column_sql(p: &Pieces, t: &Table, c: &Column, type_sql: &str) -> String {
    format!(
        "ALTER TABLE {} ALTER COLUMN {} {type_sql} {}",
        p.table_name(t.id),
        p.ident(&c.name),
        if effectively_nullable(t, c) {
            "NULL"
        } else {
            "NOT NULL"
        }
    )
}

/// `CREATE INDEX` for an index of `t`, guarded by its name; online in safe mode where the
/// edition builds indexes online (3: Enterprise and Developer, 5: Azure SQL Database,
/// 8: Azure SQL Managed Instance).
fn create_index_sql(p: &Pieces, t: &Table, index: Id, online: bool) -> Option<String> {
    let name = named(t, index)?;
    let sql = p.create_index(t.id, index, false, None)?;
    let guard = format!(
        "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = {} AND name = {})",
        object_id(p, t.id),
        literal(&name)
    );
    Some(if online {
        format!(
            "{guard}\nBEGIN\n    IF CAST(SERVERPROPERTY('EngineEdition') AS int) IN (3, 5, 8)\n        {sql} WITH (ONLINE = ON);\n    ELSE\n        {sql};\nEND"
        )
    } else {
        format!("{guard}\n    {sql}")
    })
}

/// A query counting the rows of `t` whose column `c` would not fit `to`.
fn narrowing_rows(p: &Pieces, t: &Table, c: &Column, to: &TypeKind) -> Option<String> {
    let name = p.table_name(t.id);
    let col = p.ident(&c.name);
    let length = |k: &TypeKind| match k {
        TypeKind::Varchar { length } | TypeKind::Char { length } => *length,
        _ => None,
    };
    let integer = |k: &TypeKind| match k {
        TypeKind::TinyInt => Some("tinyint"),
        TypeKind::SmallInt => Some("smallint"),
        TypeKind::Integer => Some("int"),
        TypeKind::BigInt => Some("bigint"),
        _ => None,
    };
    let from = &c.data_type.kind;
    if let Some(n) = length(to) {
        if is_textual(from) && length(from).is_none_or(|m| m > n) {
            return Some(format!(
                "SELECT count(*) FROM {name} WHERE LEN({col}) > {n}"
            ));
        }
    }
    let to_integer = integer(to)?;
    let narrower = |a: &TypeKind| {
        let rank = |k: &TypeKind| match k {
            TypeKind::TinyInt => 1,
            TypeKind::SmallInt => 2,
            TypeKind::Integer => 3,
            TypeKind::BigInt => 4,
            _ => 5,
        };
        rank(to) < rank(a)
    };
    if is_textual(from) || narrower(from) {
        return Some(format!(
            "SELECT count(*) FROM {name} WHERE {col} IS NOT NULL AND TRY_CAST({col} AS {to_integer}) IS NULL"
        ));
    }
    None
}

/// What changing column `c` of `t` cannot leave standing: its keys, checks and indexes, and
/// the foreign keys that rely on a key among them.
fn around_column(old: &Model, new: &Model, t: &Table, n: &Table, c: Id, ops: &mut Vec<Op>) {
    let (Some(a), Some(b)) = (t.column_by_id(c), n.column_by_id(c)) else {
        return;
    };
    let kept = covering(n, b);
    for id in covering(t, a) {
        if !kept.contains(&id) {
            continue;
        }
        again(ops, t.id, id, kind(t, id));
        if is_key(t, id) {
            for other in &new.tables {
                let Some(before) = old.tables.iter().find(|x| x.id == other.id) else {
                    continue;
                };
                for fk in other.foreign_keys.iter().filter(|f| f.ref_table == t.id) {
                    if before.foreign_keys.iter().any(|f| f.id == fk.id) {
                        again(ops, other.id, fk.id, Kind::ForeignKey);
                    }
                }
            }
        }
    }
}

/// Drops and adds `id` again, unless the plan does already.
fn again(ops: &mut Vec<Op>, table: Id, id: Id, k: Kind) {
    for op in [
        super::plan::drop_op(table, id, k, false),
        add_op(table, id, k, false),
    ] {
        let same = |o: &Op| match (o, &op) {
            (Op::DropForeignKey { key: a, .. }, Op::DropForeignKey { key: b, .. })
            | (
                Op::DropConstraint { constraint: a, .. },
                Op::DropConstraint { constraint: b, .. },
            )
            | (Op::DropIndex { index: a, .. }, Op::DropIndex { index: b, .. })
            | (Op::AddForeignKey { key: a, .. }, Op::AddForeignKey { key: b, .. })
            | (Op::AddConstraint { constraint: a, .. }, Op::AddConstraint { constraint: b, .. })
            | (Op::CreateIndex { index: a, .. }, Op::CreateIndex { index: b, .. }) => a == b,
            _ => false,
        };
        if !ops.iter().any(same) {
            ops.push(op);
        }
    }
}

impl Planner for SqlServer {
    fn dialect(&self) -> Dialect {
        Dialect::Mssql
    }

    /// Keys, checks and indexes on a column whose type or nullability changes are dropped
    /// before and made again after (`ALTER COLUMN` refuses a column they use; a longer
    /// varchar is allowed under all but the primary key).
    fn adjust(&self, mut ops: Vec<Op>, from: &Pieces, to: &Pieces) -> Vec<Op> {
        let changed: Vec<(Id, Id, bool)> = ops
            .iter()
            .filter_map(|op| match op {
                Op::AlterColumn {
                    table,
                    column,
                    changes,
                } if changes.contains(&ColumnChange::Type)
                    || changes.contains(&ColumnChange::Nullability) =>
                {
                    let t = from.table(*table)?;
                    let n = to.table(*table)?;
                    let (a, b) = (t.column_by_id(*column)?, n.column_by_id(*column)?);
                    let only_longer = a.data_type.kind != b.data_type.kind
                        && is_widening(&a.data_type.kind, &b.data_type.kind)
                        && effectively_nullable(t, a) == effectively_nullable(n, b);
                    let same_type_and_null = a.data_type.kind == b.data_type.kind
                        && effectively_nullable(t, a) == effectively_nullable(n, b);
                    (!same_type_and_null).then_some((*table, *column, only_longer))
                }
                _ => None,
            })
            .collect();
        for (table, column, only_longer) in changed {
            let (Some(t), Some(n)) = (from.table(table), to.table(table)) else {
                continue;
            };
            if only_longer {
                // Only a primary key stops a longer varchar.
                let mut pk_only = t.clone();
                pk_only.uniques.clear();
                pk_only.checks.clear();
                pk_only.indexes.clear();
                pk_only.foreign_keys.clear();
                around_column(from.model(), to.model(), &pk_only, n, column, &mut ops);
            } else {
                around_column(from.model(), to.model(), t, n, column, &mut ops);
            }
        }
        ops.sort_by_key(|o| o.phase());
        ops
    }

    fn frame(&self, mode: Mode, _ops: &[Op]) -> (Vec<String>, Vec<String>) {
        match mode {
            // A statement waits at most 5 s for a lock; an error rolls back the whole
            // transaction instead of leaving it open with half the steps done.
            Mode::Safe => (
                vec!["SET LOCK_TIMEOUT 5000".into(), "SET XACT_ABORT ON".into()],
                Vec::new(),
            ),
            Mode::Simple => (Vec::new(), Vec::new()),
        }
    }

    fn default_schema(&self) -> &'static str {
        "dbo"
    }

    fn create_schema(&self, v: &Versions, id: Id) -> Body {
        let name = schema_name(v.to, id);
        if name.is_empty() {
            return nothing();
        }
        let mut body = Body::new(Safety::Safe, "a new schema");
        // CREATE SCHEMA must start a batch: run on its own through EXEC.
        body.push(format!(
            "IF SCHEMA_ID({}) IS NULL EXEC (N'CREATE SCHEMA {}')",
            literal(&name),
            v.to.ident(&name).replace('\'', "''")
        ));
        body
    }

    fn drop_constraint(&self, v: &Versions, table: Id, id: Id, with_table: bool) -> Body {
        let Some(t) = v.from.table(table) else {
            return nothing();
        };
        let mut body = if with_table {
            Body::new(Safety::Safe, "the table goes next")
        } else {
            Body::new(Safety::Safe, "a brief schema lock; nothing is scanned")
        };
        let table_sql = v.from.table_name(table);
        if let Some(name) = named(t, id) {
            body.push(format!(
                "ALTER TABLE {table_sql} DROP CONSTRAINT IF EXISTS {}",
                v.from.ident(&name)
            ));
        } else if let Some(query) = lookup(v.from, t, id) {
            body.why = format!(
                "{}; SQL Server named it, so it is found in the catalog first",
                body.why
            );
            body.push(drop_found(&table_sql, &query));
        }
        body
    }

    fn drop_index(&self, v: &Versions, table: Id, index: Id, _with_table: bool) -> Body {
        let Some(t) = v.from.table(table) else {
            return nothing();
        };
        let Some(name) = named(t, index) else {
            return nothing();
        };
        let mut body = Body::new(Safety::Safe, "a brief schema lock; nothing is scanned");
        body.push(format!(
            "DROP INDEX IF EXISTS {} ON {}",
            v.from.ident(&name),
            v.from.table_name(table)
        ));
        body
    }

    fn rename_table(&self, v: &Versions, table: Id, via: Via) -> Body {
        let (Some(a), Some(b)) = (v.from.table(table), v.to.table(table)) else {
            return nothing();
        };
        let mut body = Body::new(
            Safety::Locks,
            "a brief schema lock; code that still uses the old name fails until it is deployed",
        );
        let temporary = super::plan::temporary_name(table);
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
                "IF OBJECT_ID({}, N'U') IS NOT NULL ALTER SCHEMA {} TRANSFER {current}",
                literal(&current),
                v.to.ident(&schema)
            ));
            current = v.to.qualified(end.0.as_deref(), start.1);
        }
        if start.1 != end.1 {
            body.push(format!(
                "IF OBJECT_ID({}, N'U') IS NOT NULL EXEC sp_rename {}, {}",
                literal(&current),
                literal(&current),
                literal(end.1)
            ));
        }
        body
    }

    fn rename_column(&self, v: &Versions, table: Id, column: Id, via: Via) -> Body {
        let (Some(a), Some(b)) = (v.from.table(table), v.to.table(table)) else {
            return nothing();
        };
        let mut body = Body::new(
            Safety::Locks,
            "a brief schema lock; code that still uses the old name fails until it is deployed",
        );
        let (start, end) = ends(
            via,
            a.column_name(column).to_string(),
            b.column_name(column).to_string(),
            column,
        );
        let table_sql = v.renamed.table_name(table);
        body.push(format!(
            "IF COL_LENGTH({}, {}) IS NOT NULL EXEC sp_rename {}, {}, N'COLUMN'",
            literal(&table_sql),
            literal(&start),
            literal(&format!("{table_sql}.{}", v.from.ident(&start))),
            literal(&end)
        ));
        body
    }

    fn create_table(&self, v: &Versions, table: Id, inline_keys: &[Id]) -> Body {
        let mut body = Body::new(Safety::Safe, "a new table");
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        if let Some(sql) = v.to.create_table_with_keys(table, inline_keys, None) {
            body.push(format!(
                "IF OBJECT_ID({}, N'U') IS NULL\n{sql}",
                literal(&v.to.table_name(table))
            ));
        }
        for i in &t.indexes {
            body.statements
                .extend(create_index_sql(v.to, t, i.id, false));
        }
        body
    }

    fn add_column(&self, v: &Versions, table: Id, column: Id) -> Body {
        let (Some(t), Some(pieces)) = (v.to.table(table), v.to.column(table, column)) else {
            return nothing();
        };
        let Some(c) = t.column_by_id(column) else {
            return nothing();
        };
        let name = v.to.table_name(table);
        let guard = format!(
            "IF COL_LENGTH({}, {}) IS NULL",
            literal(&name),
            literal(&c.name)
        );
        let volatile = pieces.default.as_deref().is_some_and(|d| {
            let d = d.to_ascii_lowercase();
            d.contains("newid(") || d.contains("rand(") || d.contains("newsequentialid(")
        });
        let required = !c.nullable && pieces.default.is_none() && pieces.identity.is_none();
        let mut body = if pieces.identity.is_some() || volatile {
            Body::new(
                Safety::Rewrites,
                "every existing row gets its own value: each row is written under an exclusive lock",
            )
        } else if !c.nullable && pieces.default.is_some() {
            Body::new(
                Safety::Locks,
                "NOT NULL with a default: catalog only on Enterprise editions; the others write the default into every row under an exclusive lock",
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
            body.safety = Some(Safety::Locks);
            body.why = "added nullable and backfilled; NOT NULL then checks every row under a schema lock (SQL Server has no online way)".into();
            body.push(format!(
                "{guard} ALTER TABLE {name} ADD {} {} NULL",
                v.to.ident(&c.name),
                pieces.type_sql
            ));
            body.push(format!(
                "UPDATE {name} SET {col} = NULL /* BACKFILL: the value of existing rows; the ALTER below fails while any is NULL */ WHERE {col} IS NULL",
                col = v.to.ident(&c.name)
            ));
            body.preflight.push(Preflight {
                what: format!("rows of {} that need a value for {}", t.name, c.name),
                query: format!("SELECT count(*) FROM {name}"),
            });
            body.push(alter_column_sql(v.to, t, c, &pieces.type_sql));
        } else {
            body.push(format!(
                "{guard} ALTER TABLE {name} ADD {}",
                pieces.definition
            ));
            if required {
                body.preflight.push(Preflight {
                    what: format!("rows of {} that would need {}", t.name, c.name),
                    query: format!("SELECT count(*) FROM {name}"),
                });
            }
        }
        if let Some(check) = &pieces.enum_check {
            body.push(format!(
                "IF OBJECT_ID({}) IS NULL ALTER TABLE {name} ADD {check}",
                constraint_object(v.to, t, &enum_check_name(t, c))
            ));
        }
        body
    }

    fn drop_column(&self, v: &Versions, table: Id, column: Id) -> Body {
        let Some(t) = v.from.table(table) else {
            return nothing();
        };
        let Some(c) = t.column_by_id(column) else {
            return nothing();
        };
        let name = v.from.table_name(table);
        let mut body = Body::new(
            Safety::LosesData,
            "the column's values are gone; the way back adds it empty",
        );
        // SQL Server refuses to drop a column while its default or check stands.
        if c.default.is_some() {
            body.push(drop_found(&name, &default_of(v.from, table, &c.name)));
        }
        if v.from
            .column(table, column)
            .is_some_and(|p| p.enum_check.is_some())
        {
            body.push(format!(
                "ALTER TABLE {name} DROP CONSTRAINT IF EXISTS {}",
                v.from.ident(&enum_check_name(t, c))
            ));
        }
        body.push(format!(
            "ALTER TABLE {name} DROP COLUMN IF EXISTS {}",
            v.from.ident(&c.name)
        ));
        body
    }

    fn alter_column(&self, v: &Versions, table: Id, column: Id, changes: &[ColumnChange]) -> Body {
        let (Some(t), Some(from_t)) = (v.to.table(table), v.from.table(table)) else {
            return nothing();
        };
        let (Some(a), Some(b)) = (from_t.column_by_id(column), t.column_by_id(column)) else {
            return nothing();
        };
        let (Some(pa), Some(pb)) = (v.from.column(table, column), v.to.column(table, column))
        else {
            return nothing();
        };
        let name = v.to.table_name(table);
        let col = v.to.ident(&b.name);
        let mut body = Body::new(Safety::Safe, "");
        if pa.identity.is_some() != pb.identity.is_some() {
            body.raise(Safety::Irreversible,
                "SQL Server cannot add IDENTITY to an existing column or take it away: rebuild the table by hand; the step leaves the column as it is",
            );
            return body;
        }
        let retyped = changes.contains(&ColumnChange::Type) && pa.type_sql != pb.type_sql;
        let nullable_before = effectively_nullable(from_t, a);
        let nullable_after = effectively_nullable(t, b);
        let renull = nullable_before != nullable_after;
        let redefault = changes.contains(&ColumnChange::Default) || retyped;
        let recheck = pa.enum_check != pb.enum_check;
        if redefault && pa.default.is_some() {
            body.push(drop_found(&name, &default_of(v.to, table, &b.name)));
        }
        if recheck && pa.enum_check.is_some() {
            body.push(format!(
                "ALTER TABLE {name} DROP CONSTRAINT IF EXISTS {}",
                v.to.ident(&enum_check_name(from_t, a))
            ));
        }
        if recheck {
            let value = super::sqlite::renamed_values(v, a, b);
            if value != v.from.ident(&a.name) {
                body.push(format!(
                    "UPDATE {name} SET {col} = {} WHERE {col} IS NOT NULL",
                    value.replace(&v.from.ident(&a.name), &col)
                ));
            }
        }
        if retyped {
            if is_widening(&a.data_type.kind, &b.data_type.kind) {
                body.raise(Safety::Safe, "a longer type: catalog only");
            } else {
                body.raise(
                    Safety::Rewrites,
                    "every row is converted under a schema-modification lock",
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
        }
        if renull && !nullable_after {
            body.preflight.push(Preflight {
                what: format!("rows of {} where {} is null", t.name, b.name),
                query: format!("SELECT count(*) FROM {name} WHERE {col} IS NULL"),
            });
            body.raise(
                Safety::Locks,
                "NOT NULL checks every row under a schema-modification lock",
            );
        }
        if retyped || renull {
            body.push(alter_column_sql(v.to, t, b, &pb.type_sql));
        }
        if let Some(default) = &pb.default {
            if redefault {
                body.push(format!(
                    "IF NOT EXISTS ({}) ALTER TABLE {name} ADD DEFAULT {default} FOR {col}",
                    default_of(v.to, table, &b.name)
                ));
            }
        }
        if recheck {
            if let Some(check) = &pb.enum_check {
                body.push(format!(
                    "IF OBJECT_ID({}) IS NULL ALTER TABLE {name} ADD {check}",
                    constraint_object(v.to, t, &enum_check_name(t, b))
                ));
                body.raise(
                    Safety::Locks,
                    "the new list of values is checked on every row under a schema lock",
                );
            }
        }
        if body.why.is_empty() {
            body.why = "catalog only".into();
        }
        body
    }

    fn add_constraint(&self, v: &Versions, table: Id, constraint: Id, fresh: bool) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let Some(clause) = v.to.constraint_clause(table, constraint, None) else {
            return nothing();
        };
        let Some(query) = lookup(v.to, t, constraint) else {
            return nothing();
        };
        let mut body = if fresh {
            Body::new(Safety::Safe, "on a new column")
        } else if t.checks.iter().any(|c| c.id == constraint) {
            Body::new(
                Safety::Locks,
                "checks every row under a schema lock (WITH NOCHECK would leave it untrusted)",
            )
        } else {
            Body::new(Safety::Locks, "builds its index while writes wait")
        };
        body.preflight
            .extend(constraint_preflight(v.to, t, constraint));
        body.push(format!(
            "IF NOT EXISTS ({query}) ALTER TABLE {} ADD {clause}",
            v.to.table_name(table)
        ));
        body
    }

    fn create_index(&self, v: &Versions, table: Id, index: Id, fresh: bool) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let online = v.mode == Mode::Safe && !fresh;
        let Some(sql) = create_index_sql(v.to, t, index, online) else {
            return nothing();
        };
        let mut body = if fresh {
            Body::new(Safety::Safe, "on a new column")
        } else if online {
            Body::new(
                Safety::Safe,
                "built online on Enterprise, Developer and Azure SQL; Standard and Express editions block writes while it builds",
            )
        } else {
            Body::new(Safety::Locks, "writes wait while the index is built")
        };
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
        let (Some(clause), Some(query)) = (
            v.to.constraint_clause(table, key, None),
            lookup(v.to, t, key),
        ) else {
            return nothing();
        };
        let mut body = if fresh {
            Body::new(Safety::Safe, "on a new table or column")
        } else {
            Body::new(
                Safety::Locks,
                "checks every row while writes to both tables wait (WITH NOCHECK would leave it untrusted)",
            )
        };
        body.preflight.extend(constraint_preflight(v.to, t, key));
        body.push(format!(
            "IF NOT EXISTS ({query}) ALTER TABLE {} WITH CHECK ADD {clause}",
            v.to.table_name(table)
        ));
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::{plan, Mode, PlanOptions};
    use crate::workspace::project_from_sql;

    fn planned(old: &str, new: &str, mode: Mode) -> crate::migrate::Plan {
        let (a, _) = project_from_sql("a", old, Dialect::Postgres);
        let mut b = a.clone();
        let report = crate::workspace::apply_source(&mut b, new.to_string());
        assert!(!report.has_errors());
        let mut options = PlanOptions::new(Dialect::Mssql, mode);
        options.source = Dialect::Postgres;
        plan(&a.model, &b.model, &options).expect("planned")
    }

    #[test]
    fn definitions_compare_as_sql_server_stores_them() {
        assert_eq!(bare("([total]>(0))"), bare("total > 0"));
        assert_eq!(bare("([name]<>N'x')"), bare("name <> 'x'"));
    }

    #[test]
    fn a_dropped_column_loses_its_default_first() {
        let p = planned(
            "CREATE TABLE t (id int PRIMARY KEY, flag boolean NOT NULL DEFAULT false);",
            "CREATE TABLE t (id int PRIMARY KEY);",
            Mode::Safe,
        );
        let up = p.up_script();
        let default = up
            .find("sys.default_constraints")
            .expect("the default is found");
        let column = up.find("DROP COLUMN IF EXISTS flag").expect("dropped");
        assert!(default < column, "{up}");
    }

    #[test]
    fn an_unnamed_primary_key_is_found_in_the_catalog() {
        let p = planned(
            "CREATE TABLE t (id int PRIMARY KEY, code int NOT NULL);",
            "CREATE TABLE t (id int NOT NULL, code int PRIMARY KEY);",
            Mode::Simple,
        );
        let up = p.up_script();
        assert!(up.contains("sys.key_constraints"), "{up}");
        assert!(up.contains("type = 'PK'"), "{up}");
        assert!(up.contains("QUOTENAME(@name)"), "{up}");
        assert!(up.contains("EXEC sp_executesql @drop"), "{up}");
    }

    #[test]
    fn an_indexed_column_changes_type_between_its_index_dropped_and_made_again() {
        let p = planned(
            "CREATE TABLE t (id int PRIMARY KEY, code int);\nCREATE INDEX t_code ON t (code);",
            "CREATE TABLE t (id int PRIMARY KEY, code bigint);\nCREATE INDEX t_code ON t (code);",
            Mode::Safe,
        );
        let up = p.up_script();
        let drop = up
            .find("DROP INDEX IF EXISTS t_code ON t")
            .expect("dropped");
        let alter = up.find("ALTER COLUMN code bigint NULL").expect("altered");
        let create = up
            .find("CREATE INDEX t_code ON t (code) WITH (ONLINE = ON)")
            .expect("made again");
        assert!(drop < alter && alter < create, "{up}");
        assert!(up.contains("WITH (ONLINE = ON)"), "{up}");
    }
}
