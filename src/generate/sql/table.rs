//! `CREATE TABLE`: columns with the target's types, identity, defaults and constraints, each
//! adapted to what the dialect can hold and noted where it could not.

use super::timestamp_literal::utc_without_offset;
use std::collections::BTreeSet;
use std::fmt::Write;

use super::context::Context;
use super::expression::{is_literal, is_sequence_default};
use super::fidelity::{NoteLevel, Notes};
use super::{CommentStyle, IdentityStyle, SqlDialect};
use crate::model::{
    Column, ColumnType, Dialect, ForeignKey, Id, Identity, IndexTarget, ReferentialAction, Table,
    TypeKind,
};

/// A column as the target writes it.
struct ColumnPlan {
    type_sql: String,
    identity: Option<Identity>,
    /// SQLite's `INTEGER PRIMARY KEY AUTOINCREMENT` replaces the table's key line.
    rowid_key: bool,
    /// A CHECK standing in for an enum type.
    enum_check: Option<String>,
}

fn is_integer(kind: &TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::TinyInt | TypeKind::SmallInt | TypeKind::Integer | TypeKind::BigInt
    )
}

/// Columns that a key or index covers, which some dialects cannot hold as long text. A
/// non-unique index where the dialect indexes a prefix (MySQL), and an index the dialect
/// will not build, do not count.
pub(super) fn key_columns(d: &dyn SqlDialect, table: &Table, referenced: &[Id]) -> BTreeSet<Id> {
    let mut keys: BTreeSet<Id> = referenced.iter().copied().collect();
    keys.extend(
        table
            .primary_key
            .iter()
            .flat_map(|p| p.columns.iter().copied()),
    );
    keys.extend(table.uniques.iter().flat_map(|u| u.columns.iter().copied()));
    keys.extend(
        table
            .foreign_keys
            .iter()
            .flat_map(|f| f.columns.iter().copied()),
    );
    let counted = table
        .indexes
        .iter()
        .filter(|i| super::index::is_generated(d, i) && (i.unique || !d.supports_index_prefix()));
    for index in counted {
        for part in &index.parts {
            if let IndexTarget::Column(c) = &part.target {
                keys.insert(*c);
            }
        }
    }
    keys
}

/// The column's type in the target, or the closest form, with a note when it differs.
pub(super) fn type_sql(
    cx: &Context,
    notes: &mut Notes,
    object: &str,
    data_type: &ColumnType,
    in_key: bool,
) -> String {
    let d = cx.dialect;
    if let TypeKind::Other { name } = &data_type.kind {
        if let Some(e) = cx.find_enum(name) {
            if d.supports_enum_types() {
                return cx.qualified(e.schema.as_deref(), &e.name);
            }
            if d.supports_inline_enums() {
                let values: Vec<String> = e.values.iter().map(|v| d.string_literal(v)).collect();
                return format!("enum({})", values.join(", "));
            }
            let longest = e
                .values
                .iter()
                .map(|v| v.chars().count())
                .max()
                .unwrap_or(1);
            // One note per enum, not per column that uses it.
            notes.add(
                NoteLevel::Info,
                format!("enum {}", e.name),
                format!(
                    "enum {} is a {} column with a CHECK on its values in {}",
                    e.name,
                    d.kind_sql(&TypeKind::Varchar {
                        length: Some(longest as u32)
                    })
                    .unwrap_or_default(),
                    d.dialect()
                ),
            );
            return type_sql(
                cx,
                notes,
                object,
                &ColumnType::from_spelling(&format!("varchar({})", longest.max(1))),
                in_key,
            );
        }
        if let Some(domain) = cx.find_domain(name) {
            if d.supports_domains() {
                return cx.qualified(domain.schema.as_deref(), &domain.name);
            }
            notes.add(
                if domain.checks.is_empty() {
                    NoteLevel::Info
                } else {
                    NoteLevel::Warning
                },
                object,
                format!(
                    "domain {} is written as its base type {}{}",
                    domain.name,
                    domain.data_type.spelling,
                    if domain.checks.is_empty() {
                        ""
                    } else {
                        "; its CHECK is not enforced"
                    }
                ),
            );
            return type_sql(cx, notes, object, &domain.data_type, in_key);
        }
        if cx.options.source == d.dialect() {
            // The dialect it was written in: as written when it is plainly type syntax, else
            // one quoted name, so no type text can end the statement or start another.
            return written_type(d, &data_type.spelling);
        }
    }
    if in_key {
        if let Some(sql) = d.key_kind_sql(&data_type.kind) {
            notes.add(
                NoteLevel::Warning,
                object,
                format!(
                    "{} cannot be a key or index column in {}; generated as {sql}",
                    d.kind_sql(&data_type.kind)
                        .unwrap_or_else(|| data_type.spelling.clone()),
                    d.dialect()
                ),
            );
            return sql;
        }
    }
    match d.kind_sql(&data_type.kind) {
        Some(sql) => {
            let lossy = match &data_type.kind {
                TypeKind::Jsonb | TypeKind::Array { .. } => d.dialect() != Dialect::Postgres,
                TypeKind::Timestamp {
                    with_time_zone: true,
                }
                | TypeKind::Time {
                    with_time_zone: true,
                } => !matches!(d.dialect(), Dialect::Postgres | Dialect::Mssql),
                TypeKind::Uuid => matches!(d.dialect(), Dialect::Mysql),
                _ => false,
            };
            if lossy {
                // One note per type, not per column of that type.
                notes.add(
                    NoteLevel::Info,
                    format!("type {}", data_type.spelling),
                    format!("written as {sql} in {}", d.dialect()),
                );
            }
            sql
        }
        None => {
            let fallback = d
                .key_kind_sql(&TypeKind::Text)
                .filter(|_| in_key)
                .or_else(|| d.kind_sql(&TypeKind::Text))
                .unwrap_or_else(|| "text".into());
            notes.add(
                NoteLevel::Warning,
                object,
                format!(
                    "type {} has no {} form; generated as {fallback}",
                    data_type.spelling,
                    d.dialect()
                ),
            );
            fallback
        }
    }
}

/// A type name the model does not interpret, in the dialect it was written in: a dotted name
/// gets a reserved part quoted (`user.e` is `"user".e`); PostgreSQL reads an
/// unquoted phrase (`Var Char`) as separate words, so it becomes one quoted name; other type
/// syntax is kept as written, and anything else is one quoted name, so no type text can end
/// the statement or start another.
fn written_type(d: &dyn SqlDialect, spelling: &str) -> String {
    let parts: Vec<&str> = spelling.split('.').collect();
    let plain_word = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_');
    if parts.iter().all(|p| plain_word(p)) {
        // As written (the engine folds case as it would have), quoted only where reserved.
        let part = |p: &&str| {
            if super::is_reserved(d.reserved_words(), p) {
                d.quote(p)
            } else {
                p.to_string()
            }
        };
        return parts.iter().map(part).collect::<Vec<_>>().join(".");
    }
    let phrase = spelling.contains(' ')
        && spelling
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ' ');
    if phrase && d.dialect() == Dialect::Postgres {
        return d.quote(spelling);
    }
    if is_type_syntax(spelling) {
        spelling.to_string()
    } else {
        d.quote(spelling)
    }
}

/// Words, dots, balanced double-quoted names and string literals (`ENUM('a')`), `(n, m)` and
/// `[]`: nothing that can close a statement or open a comment.
fn is_type_syntax(spelling: &str) -> bool {
    let mut in_quotes = false;
    let mut in_string = false;
    let mut depth = 0i32;
    for c in spelling.chars() {
        match c {
            '"' if !in_string => in_quotes = !in_quotes,
            '\'' if !in_quotes => in_string = !in_string,
            _ if in_quotes || in_string => {}
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c.is_alphanumeric() || " _.,[]".contains(c) => {}
            _ => return false,
        }
        if depth < 0 {
            return false;
        }
    }
    !in_quotes && !in_string && depth == 0 && !spelling.trim().is_empty()
}

fn plan_column(
    cx: &Context,
    notes: &mut Notes,
    table: &Table,
    column: &Column,
    keys: &BTreeSet<Id>,
    identity_taken: &mut bool,
) -> ColumnPlan {
    let d = cx.dialect;
    let object = format!("column {}.{}", table.name, column.name);
    let in_key = keys.contains(&column.id);
    let mut type_sql = type_sql(cx, notes, &object, &column.data_type, in_key);
    let mut identity = column.identity;
    let sequence = column.default.as_deref().is_some_and(is_sequence_default);
    // A sequence numbering a column becomes the target's identity where the sequence is
    // not generated (no sequences, or a serial's sequence moving to another dialect).
    let moved = cx.options.source != d.dialect();
    if identity.is_none() && sequence && (!d.supports_sequences() || moved) {
        identity = Some(Identity::ByDefault);
        notes.add(
            NoteLevel::Info,
            &object,
            format!(
                "a sequence default becomes {} in {}",
                identity_words(cx),
                d.dialect()
            ),
        );
    }
    let mut rowid_key = false;
    if identity.is_some() {
        let sole_key = table
            .primary_key
            .as_ref()
            .is_some_and(|p| p.columns == [column.id]);
        let leads_a_key = table
            .primary_key
            .iter()
            .map(|p| &p.columns)
            .chain(table.uniques.iter().map(|u| &u.columns))
            .any(|cols| cols.first() == Some(&column.id));
        // PostgreSQL allows several identity columns; the others one per table.
        let one_per_table = d.identity_style() != IdentityStyle::Generated;
        // An auto-numbered column of a type nobody defines can only have meant an integer.
        let undefined = matches!(&column.data_type.kind, TypeKind::Other { name }
            if cx.find_enum(name).is_none() && cx.find_domain(name).is_none());
        if undefined {
            let integer = d
                .kind_sql(&TypeKind::Integer)
                .unwrap_or_else(|| "integer".into());
            notes.add(
                NoteLevel::Warning,
                &object,
                format!(
                    "type {} is not an integer type and cannot be auto-numbered; generated as {integer}",
                    column.data_type.spelling
                ),
            );
            type_sql = integer;
        }
        let allowed = (undefined || is_integer(&column.data_type.kind))
            && !(one_per_table && *identity_taken)
            && match d.identity_style() {
                IdentityStyle::Generated | IdentityStyle::IdentityProperty => true,
                IdentityStyle::AutoIncrement => leads_a_key,
                IdentityStyle::RowidAlias => sole_key,
            };
        if allowed {
            *identity_taken = true;
            if d.identity_style() == IdentityStyle::RowidAlias {
                rowid_key = true;
                type_sql = "integer".into();
            }
        } else {
            notes.add(
                NoteLevel::Warning,
                &object,
                format!(
                    "{} needs {}; the column is generated without it",
                    identity_words(cx),
                    match d.identity_style() {
                        IdentityStyle::AutoIncrement => "an integer column that leads a key",
                        IdentityStyle::RowidAlias => "the table's only primary key column",
                        _ => "an integer column, one per table",
                    }
                ),
            );
            identity = None;
        }
    }
    let enum_check = match &column.data_type.kind {
        TypeKind::Other { name } if !d.supports_enum_types() && !d.supports_inline_enums() => {
            cx.find_enum(name).map(|e| {
                let values: Vec<String> = e.values.iter().map(|v| d.string_literal(v)).collect();
                format!("{} IN ({})", d.ident(&column.name), values.join(", "))
            })
        }
        _ => None,
    };
    ColumnPlan {
        type_sql,
        identity,
        rowid_key,
        enum_check,
    }
}

fn identity_words(cx: &Context) -> &'static str {
    match cx.dialect.identity_style() {
        IdentityStyle::Generated => "an identity column",
        IdentityStyle::AutoIncrement => "AUTO_INCREMENT",
        IdentityStyle::RowidAlias => "AUTOINCREMENT",
        IdentityStyle::IdentityProperty => "IDENTITY",
    }
}

/// The default as the target writes it, or `None` (with a note) when it has no form there.
fn default_sql(
    cx: &Context,
    notes: &mut Notes,
    object: &str,
    column: &Column,
    plan: &ColumnPlan,
) -> Option<String> {
    let default = column.default.as_deref()?;
    // A null default is what a column without one has.
    let lower = default.trim().to_ascii_lowercase();
    if plan.identity.is_some() || lower == "null" || lower.starts_with("null::") {
        return None;
    }
    let d = cx.dialect;
    if is_sequence_default(default) && (!d.supports_sequences() || cx.options.source != d.dialect())
    {
        return None;
    }
    match cx.translate(default) {
        Ok(sql) => {
            // SQL Server and MySQL write booleans as 1 and 0.
            let bare = sql.trim_matches(|c| c == '(' || c == ')');
            let moved = cx.options.source != d.dialect();
            let sql = match (&column.data_type.kind, bare, d.dialect()) {
                (TypeKind::Boolean, "1" | "0", Dialect::Postgres) if moved => {
                    if bare == "1" { "true" } else { "false" }.to_string()
                }
                _ => sql,
            };
            // A timestamp with an offset, where the target's timestamps have no zone.
            let sql = match (&column.data_type.kind, d.zoned_timestamps()) {
                (TypeKind::Timestamp { .. }, false) => match utc_without_offset(&sql) {
                    Some(utc) => {
                        notes.add(
                            NoteLevel::Info,
                            object,
                            format!(
                                "default {sql} written as {utc}, the same instant in UTC: {} timestamps have no time zone",
                                d.dialect()
                            ),
                        );
                        utc
                    }
                    None => sql,
                },
                _ => sql,
            };
            let keyword = ["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"]
                .contains(&sql.to_ascii_uppercase().as_str());
            let long_type = ["longtext", "longblob", "json"].contains(&plan.type_sql.as_str());
            let wrap = d.parenthesize_expression_defaults()
                && ((!is_literal(&sql) && !keyword) || long_type);
            Some(if wrap { format!("({sql})") } else { sql })
        }
        Err(reason) => {
            notes.add(
                NoteLevel::Warning,
                object,
                format!(
                    "default {default}: {reason} has no {} form; generated without a default",
                    d.dialect()
                ),
            );
            None
        }
    }
}

/// One column as `CREATE TABLE` writes it, with the parts `ALTER TABLE` needs apart.
pub(super) struct ColumnSql {
    /// The whole definition: name, type, identity, default, NOT NULL, comment.
    pub line: String,
    pub type_sql: String,
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// SQLite's `INTEGER PRIMARY KEY AUTOINCREMENT`, which holds the table's key.
    pub rowid_key: bool,
    /// The CHECK clause standing in for an enum type.
    pub enum_check: Option<String>,
}

/// `column` of `table` as the target writes it.
pub(super) fn column_sql(
    cx: &Context,
    notes: &mut Notes,
    table: &Table,
    column: &Column,
    keys: &BTreeSet<Id>,
    identity_taken: &mut bool,
) -> ColumnSql {
    let d = cx.dialect;
    let object = format!("column {}.{}", table.name, column.name);
    let plan = plan_column(cx, notes, table, column, keys, identity_taken);
    let mut line = format!("{} {}", d.ident(&column.name), plan.type_sql);
    if plan.rowid_key {
        let name = table.primary_key.as_ref().and_then(|p| p.name.clone());
        let _ = write!(
            line,
            " {}PRIMARY KEY AUTOINCREMENT",
            constraint_prefix(cx, &name)
        );
    }
    match (plan.identity, d.identity_style()) {
        (None, _) | (_, IdentityStyle::RowidAlias) => {}
        (Some(Identity::Always), IdentityStyle::Generated) => {
            line.push_str(" GENERATED ALWAYS AS IDENTITY")
        }
        (Some(_), IdentityStyle::Generated) => line.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
        (Some(_), IdentityStyle::AutoIncrement) => line.push_str(" AUTO_INCREMENT"),
        (Some(_), IdentityStyle::IdentityProperty) => line.push_str(" IDENTITY(1,1)"),
    }
    let default = default_sql(cx, notes, &object, column, &plan);
    if let Some(default) = &default {
        let _ = write!(line, " DEFAULT {default}");
    }
    let implied = plan.identity.is_some() && d.identity_style() == IdentityStyle::Generated;
    if !column.nullable && !implied {
        line.push_str(" NOT NULL");
    }
    if table.patterns.updated_at
        && column.name == super::patterns::UPDATED_AT
        && d.dialect() == Dialect::Mysql
    {
        line.push_str(" ON UPDATE CURRENT_TIMESTAMP");
    }
    if let (Some(c), CommentStyle::Inline) = (&column.comment, d.comment_style()) {
        let _ = write!(line, " COMMENT {}", d.string_literal(c));
    }
    let enum_check = plan.enum_check.map(|check| {
        format!(
            "{}CHECK ({check})",
            constraint_prefix(cx, &Some(format!("ck_{}_{}", table.name, column.name)))
        )
    });
    ColumnSql {
        line,
        type_sql: plan.type_sql,
        default,
        identity: plan.identity,
        rowid_key: plan.rowid_key,
        enum_check,
    }
}

/// `CREATE TABLE` without its foreign keys, kept apart from them since a table prints the
/// names of what its keys reference: its opening, its closing, then its lines (columns,
/// keys, checks), as [`assemble_create_table`] reads them.
pub(super) fn create_table_body(
    cx: &Context,
    notes: &mut Notes,
    table: &Table,
    referenced: &[Id],
) -> Vec<String> {
    let d = cx.dialect;
    let keys = key_columns(d, table, referenced);
    let mut identity_taken = false;
    let mut rowid_key = false;
    let mut lines = Vec::new();
    let mut checks = Vec::new();
    for column in &table.columns {
        let sql = column_sql(cx, notes, table, column, &keys, &mut identity_taken);
        rowid_key |= sql.rowid_key;
        lines.push(sql.line);
        if let Some(check) = sql.enum_check {
            checks.push(check);
        }
    }
    if let (Some(pk), false) = (&table.primary_key, rowid_key) {
        lines.push(format!(
            "{}PRIMARY KEY ({})",
            constraint_prefix(cx, &pk.name),
            cx.column_list(table, &pk.columns)
        ));
    }
    // A UNIQUE on exactly the primary key says nothing more; engines would build a second
    // index for it.
    let pk_columns = table.primary_key.as_ref().map(|p| &p.columns);
    for unique in table
        .uniques
        .iter()
        .filter(|u| Some(&u.columns) != pk_columns)
    {
        lines.push(format!(
            "{}UNIQUE ({})",
            constraint_prefix(cx, &unique.name),
            cx.column_list(table, &unique.columns)
        ));
    }
    for check in &table.checks {
        match cx.translate(&check.expression) {
            Ok(sql) => lines.push(format!(
                "{}CHECK ({sql})",
                constraint_prefix(cx, &check.name)
            )),
            Err(reason) => notes.add(
                NoteLevel::Warning,
                format!(
                    "check {}",
                    check.name.as_deref().unwrap_or(table.name.as_str())
                ),
                format!(
                    "{reason} has no {} form; the CHECK is not generated",
                    d.dialect()
                ),
            ),
        }
    }
    lines.extend(checks);
    let if_not_exists = cx.options.if_not_exists && d.supports_table_if_not_exists();
    let head = format!(
        "CREATE TABLE {}{} (",
        if if_not_exists { "IF NOT EXISTS " } else { "" },
        cx.table_name(table),
    );
    let mut tail = String::from("\n)");
    if let (Some(c), CommentStyle::Inline) = (&table.comment, d.comment_style()) {
        let _ = write!(tail, " COMMENT={}", d.string_literal(c));
    }
    let mut body = vec![head, tail];
    body.append(&mut lines);
    body
}

/// The `CREATE TABLE` statement of a body from [`create_table_body`] and the foreign keys
/// written inline.
pub(super) fn assemble_create_table(body: &[String], foreign_keys: &[String]) -> String {
    let (head, tail, lines) = match body {
        [head, tail, lines @ ..] => (head.as_str(), tail.as_str(), lines),
        _ => ("", "", body),
    };
    let mut sql = String::with_capacity(
        head.len()
            + tail.len()
            + lines
                .iter()
                .chain(foreign_keys)
                .map(|l| l.len() + 6)
                .sum::<usize>(),
    );
    sql.push_str(head);
    sql.push_str("\n    ");
    for (k, line) in lines.iter().chain(foreign_keys).enumerate() {
        if k > 0 {
            sql.push_str(",\n    ");
        }
        sql.push_str(line);
    }
    sql.push_str(tail);
    sql
}

pub(super) fn constraint_prefix(cx: &Context, name: &Option<String>) -> String {
    name.as_ref()
        .map(|n| format!("CONSTRAINT {} ", cx.dialect.ident(n)))
        .unwrap_or_default()
}

/// `[CONSTRAINT n] FOREIGN KEY (…) REFERENCES t (…) [ON …]`, with the actions the target has.
pub(super) fn foreign_key_sql(
    cx: &Context,
    notes: &mut Notes,
    table: &Table,
    fk: &ForeignKey,
) -> String {
    let d = cx.dialect;
    // Preparing the model left only foreign keys to tables it generates.
    let target = cx.table(fk.ref_table);
    let target_name = target.map(|t| cx.table_name(t)).unwrap_or_default();
    let mut sql = format!(
        "{}FOREIGN KEY ({}) REFERENCES {target_name}",
        constraint_prefix(cx, &fk.name),
        cx.column_list(table, &fk.columns),
    );
    if let (Some(target), false) = (target, fk.ref_columns.is_empty()) {
        let _ = write!(sql, " ({})", cx.column_list(target, &fk.ref_columns));
    }
    let object = format!(
        "foreign key {}",
        fk.name.clone().unwrap_or_else(|| format!(
            "{} → {}",
            table.column_names(&fk.columns).join(", "),
            target.map_or("", |t| t.name.as_str())
        ))
    );
    let mut action = |a: ReferentialAction| -> ReferentialAction {
        // MySQL refuses SET NULL on a column that cannot be null; PostgreSQL would fail
        // only when a row is deleted.
        let not_null = fk
            .columns
            .iter()
            .any(|c| table.column_by_id(*c).is_some_and(|col| !col.nullable));
        let replaced = match (d.dialect(), a) {
            (Dialect::Mysql, ReferentialAction::SetNull) if not_null => {
                Some(ReferentialAction::NoAction)
            }
            (Dialect::Mssql, ReferentialAction::Restrict) => Some(ReferentialAction::NoAction),
            (Dialect::Mysql, ReferentialAction::SetDefault) => Some(ReferentialAction::NoAction),
            _ => None,
        };
        match replaced {
            Some(r) => {
                notes.add(
                    NoteLevel::Info,
                    &object,
                    format!("{} is written as {} in {}", a.sql(), r.sql(), d.dialect()),
                );
                r
            }
            None => a,
        }
    };
    if let Some(a) = fk.on_delete {
        let _ = write!(sql, " ON DELETE {}", action(a).sql());
    }
    if let Some(a) = fk.on_update {
        let _ = write!(sql, " ON UPDATE {}", action(a).sql());
    }
    if fk.deferrable {
        if d.supports_deferrable() {
            sql.push_str(" DEFERRABLE");
        } else {
            notes.add(
                NoteLevel::Warning,
                &object,
                format!(
                    "{} has no deferrable constraints; checked at once",
                    d.dialect()
                ),
            );
        }
    }
    sql
}
