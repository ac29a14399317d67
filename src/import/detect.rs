//! Guesses what a pasted or opened text is: a project file, DBML, or SQL in one of the
//! dialects, from the marks each leaves. The user can always override the guess.

use crate::import::dialect_guess::guess_dialect;
use crate::model::Dialect;

/// What kind of text an input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Project,
    Dbml,
    Sql(Dialect),
}

/// Marks of each SQL dialect, with weights. Counted on the first 256 kB, outside strings.
const MARKS: &[(Dialect, &str, u32)] = &[
    (Dialect::Postgres, "::", 2),
    (Dialect::Postgres, "pg_catalog", 5),
    (Dialect::Postgres, "owner to", 3),
    (Dialect::Postgres, "serial", 2),
    (Dialect::Postgres, "jsonb", 3),
    (Dialect::Postgres, "timestamptz", 3),
    (Dialect::Postgres, "$$", 3),
    (Dialect::Postgres, "nextval(", 3),
    (Dialect::Postgres, "create extension", 5),
    (Dialect::Postgres, "language plpgsql", 5),
    (Dialect::Postgres, "search_path", 5),
    (Dialect::Postgres, "\\connect", 5),
    (Dialect::Mysql, "`", 3),
    (Dialect::Mysql, "engine=", 5),
    (Dialect::Mysql, "auto_increment", 4),
    (Dialect::Mysql, "unsigned", 2),
    (Dialect::Mysql, "delimiter ", 5),
    (Dialect::Mysql, "charset", 3),
    (Dialect::Mysql, "@@", 3),
    (Dialect::Sqlite, "autoincrement", 5),
    (Dialect::Sqlite, "without rowid", 8),
    (Dialect::Sqlite, "pragma ", 5),
    (Dialect::Sqlite, "sqlite_", 5),
    // Literals are blanked before counting: `datetime('now')` is seen as `datetime('')`.
    (Dialect::Sqlite, "datetime('')", 4),
    (Dialect::Sqlite, "rowid", 4),
    (Dialect::Mssql, "\ngo\n", 6),
    (Dialect::Mssql, "\ngo\r\n", 6),
    (Dialect::Mssql, "identity(", 3),
    (Dialect::Mssql, "dbo.", 4),
    (Dialect::Mssql, "[dbo]", 5),
    (Dialect::Mssql, "getdate()", 4),
    (Dialect::Mssql, "nonclustered", 5),
];

/// Marks SQL Server shares with SQLite (which accepts `[name]` and any type name): they
/// count for SQL Server only when the text also has a mark of T-SQL itself.
const SHARED_MARKS: &[(&str, u32)] = &[("nvarchar", 2), ("[", 1)];

/// What kind of text an input is, without telling SQL dialects apart (cheap).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    Project,
    Dbml,
    Sql,
}

/// Project file, DBML or SQL, from the first 256 kB.
pub fn detect_kind(text: &str) -> TextKind {
    let head = head_of(text);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return TextKind::Project;
    }
    if looks_like_dbml(&without_string_literals(&head.to_ascii_lowercase())) {
        TextKind::Dbml
    } else {
        TextKind::Sql
    }
}

/// The most likely format of `text`; for SQL, the dialect that reads it best
/// ([`guess_dialect`]).
pub fn detect_format(text: &str) -> Format {
    match detect_kind(text) {
        TextKind::Project => Format::Project,
        TextKind::Dbml => Format::Dbml,
        TextKind::Sql => Format::Sql(guess_dialect(text).chosen()),
    }
}

fn head_of(text: &str) -> &str {
    let mut end = text.len().min(256 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The weight of each dialect's marks in the first 256 kB, outside strings and comments, in
/// the order of `Dialect::ALL`.
pub fn marker_scores(text: &str) -> [u32; 4] {
    let lower = without_string_literals(&head_of(text).to_ascii_lowercase());
    let mut scores = [0u32; 4];
    for &(dialect, mark, weight) in MARKS {
        let hits = lower.matches(mark).count().min(200) as u32;
        let slot = Dialect::ALL.iter().position(|d| *d == dialect).unwrap_or(0);
        scores[slot] += hits * weight;
    }
    let shared: u32 = SHARED_MARKS
        .iter()
        .map(|(mark, weight)| lower.matches(mark).count().min(200) as u32 * weight)
        .sum::<u32>()
        // `[]` is a PostgreSQL array type, not a bracketed name.
        .saturating_sub(lower.matches("[]").count().min(200) as u32 * 2);
    if scores[3] > 0 {
        scores[3] += shared;
    } else {
        scores[2] += shared;
    }
    scores
}

/// The text without comments and with the contents of '...' literals removed, so neither
/// data nor prose votes (and an apostrophe in a comment cannot flip what counts as a string).
fn without_string_literals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                out.push_str("''");
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                }
            }
            // `--` is SQL's line comment, `//` DBML's.
            '-' | '/' if chars.peek() == Some(&c) => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut previous = ' ';
                for d in chars.by_ref() {
                    if previous == '*' && d == '/' {
                        break;
                    }
                    previous = d;
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// DBML declares `Table name {` and `Ref:` where SQL has `CREATE TABLE name (`.
fn looks_like_dbml(lower: &str) -> bool {
    if lower.contains("create table") {
        return false;
    }
    lower.lines().any(|l| {
        let l = l.trim_start();
        (l.starts_with("table ") || l.starts_with("enum ") || l.starts_with("project "))
            && l.trim_end().ends_with('{')
            || l.starts_with("ref:")
            || l.starts_with("ref ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_formats_and_dialects_apart() {
        let cases = [
            ("{\"format\": 1}", Format::Project),
            (
                "Table users {\n  id int [pk]\n}\nRef: a.b > c.d",
                Format::Dbml,
            ),
            (
                "CREATE TABLE `a` (id INT UNSIGNED AUTO_INCREMENT) ENGINE=InnoDB;",
                Format::Sql(Dialect::Mysql),
            ),
            (
                "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT) WITHOUT ROWID;",
                Format::Sql(Dialect::Sqlite),
            ),
            (
                "CREATE TABLE [dbo].[a] ([id] INT IDENTITY(1,1))\nGO\n",
                Format::Sql(Dialect::Mssql),
            ),
            (
                "CREATE TABLE a (id serial, tags text[], at timestamptz);",
                Format::Sql(Dialect::Postgres),
            ),
            ("CREATE TABLE a (id int);", Format::Sql(Dialect::Postgres)),
        ];
        for (text, expected) in cases {
            assert_eq!(detect_format(text), expected, "{text}");
        }
    }
}
