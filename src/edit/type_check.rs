//! Whether a type spelling is a column type the project's dialect reads: generators print a
//! type as written, so a spelling must be one type and nothing else (never `int); DROP ...`).

use crate::import::sql::import_sql;
use crate::model::{Dialect, Model};

/// `Ok` when `spelling` parses as exactly one column type in `dialect`, or names one of the
/// model's enums or domains (which generators quote as identifiers).
pub fn check_type(spelling: &str, dialect: Dialect, model: &Model) -> Result<(), String> {
    let s = spelling.trim();
    if s.is_empty() {
        return Err("a column needs a type".into());
    }
    let element = s.trim_end_matches("[]");
    let user_type = |schema: &Option<String>, name: &str| {
        element == name
            || schema
                .as_ref()
                .is_some_and(|sc| element == format!("{sc}.{name}"))
    };
    if model.enums.iter().any(|e| user_type(&e.schema, &e.name))
        || model.domains.iter().any(|d| user_type(&d.schema, &d.name))
    {
        return Ok(());
    }
    let refuse = |why: &str| {
        Err(format!(
            "{s} is not a column type in {}: {why}",
            dialect.name()
        ))
    };
    let import = import_sql(&format!("CREATE TABLE t (c {s});"), dialect);
    if import.report.statements != 1 || !import.report.skipped.is_empty() {
        let reason = import
            .report
            .skipped
            .first()
            .map_or("it ends the column", |r| r.reason.as_str());
        return refuse(reason);
    }
    let [table] = import.model.tables.as_slice() else {
        return refuse("it does not read as one type");
    };
    let [column] = table.columns.as_slice() else {
        return refuse("it reads as more than one column");
    };
    let only_a_type = column.nullable
        && column.default.is_none()
        && column.identity.is_none()
        && column.comment.is_none()
        && table.primary_key.is_none()
        && table.uniques.is_empty()
        && table.checks.is_empty()
        && table.foreign_keys.is_empty();
    if !only_a_type {
        return refuse("it carries more than a type (a key, default, identity or constraint); set those on their own");
    }
    Ok(())
}

/// `Ok` when `expression` reads as one default for a column of type `spelling`.
pub fn check_default(expression: &str, spelling: &str, dialect: Dialect) -> Result<(), String> {
    let e = expression.trim();
    let import = import_sql(
        &format!("CREATE TABLE t (c {spelling} DEFAULT {e});"),
        dialect,
    );
    let one = import.report.statements == 1
        && import.report.skipped.is_empty()
        && import.model.tables.len() == 1
        && import.model.tables[0].columns.len() == 1
        && import.model.tables[0].columns[0].default.is_some()
        && import.model.tables[0].checks.is_empty()
        && import.model.tables[0].primary_key.is_none();
    if one {
        Ok(())
    } else {
        Err(format!(
            "{e} is not one default expression in {}",
            dialect.name()
        ))
    }
}

/// `Ok` when `expression` reads as one check condition (nothing after it).
pub fn check_condition(expression: &str, dialect: Dialect) -> Result<(), String> {
    let e = expression.trim();
    let import = import_sql(&format!("CREATE TABLE t (c int, CHECK ({e}));"), dialect);
    let one = !e.is_empty()
        && import.report.statements == 1
        && import.report.skipped.is_empty()
        && import.model.tables.len() == 1
        && import.model.tables[0].columns.len() == 1
        && import.model.tables[0].checks.len() == 1;
    if one {
        Ok(())
    } else {
        Err(format!(
            "{e} is not one check condition in {}",
            dialect.name()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_pass_and_anything_more_is_refused() {
        for (spelling, dialect) in [
            ("bigint", Dialect::Postgres),
            ("varchar(40)", Dialect::Mysql),
            ("INT UNSIGNED", Dialect::Mysql),
            ("numeric(10, 2)", Dialect::Postgres),
            ("text[]", Dialect::Postgres),
            ("anything_at_all", Dialect::Sqlite),
            ("nvarchar(max)", Dialect::Mssql),
        ] {
            assert_eq!(
                check_type(spelling, dialect, &Model::default()),
                Ok(()),
                "{spelling}"
            );
        }
        for (spelling, dialect) in [
            ("", Dialect::Postgres),
            ("int); DROP TABLE users; --", Dialect::Postgres),
            ("int PRIMARY KEY", Dialect::Postgres),
            ("int DEFAULT 3", Dialect::Mysql),
            ("int, d int", Dialect::Sqlite),
            ("serial", Dialect::Postgres),
        ] {
            assert!(
                check_type(spelling, dialect, &Model::default()).is_err(),
                "{spelling:?} must be refused"
            );
        }
    }
}
