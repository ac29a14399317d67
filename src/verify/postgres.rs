//! A PostgreSQL server, driven through `psql`: each verification gets a scratch database,
//! created and dropped around it.

use std::io::Write;
use std::process::{Command, Stdio};

use super::engine::{scratch_name, EngineError, Verdict};
use crate::model::Dialect;

pub const DEFAULT_POSTGRES_URL: &str = "postgresql://postgres@127.0.0.1:5432/postgres";

pub struct Postgres {
    /// A URL of the server's maintenance database, where scratch databases are created.
    url: String,
}

/// Runs `program` with `args`, feeding `input`, and returns (success, stdout, stderr).
pub(super) fn run(
    program: &str,
    args: &[&str],
    input: &str,
) -> Result<(bool, String, String), EngineError> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| EngineError::Unavailable(format!("cannot start {program}: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A client that stops reading early closes the pipe; its output says why.
        let _ = stdin.write_all(input.as_bytes());
    }
    let out = child
        .wait_with_output()
        .map_err(|e| EngineError::Unavailable(format!("{program}: {e}")))?;
    Ok((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// The URL with its database replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    format!("{}/{database}{query}", &base[..host_end])
}

impl Postgres {
    /// Connects to `url` (default: the local server) and checks that it answers.
    pub fn new(url: Option<&str>) -> Result<Postgres, EngineError> {
        let pg = Postgres {
            url: url.unwrap_or(DEFAULT_POSTGRES_URL).to_string(),
        };
        pg.sql(&pg.url, "SELECT 1")?;
        Ok(pg)
    }

    /// Maintenance SQL (scratch databases): a failure means the server is not usable.
    fn sql(&self, url: &str, sql: &str) -> Result<String, EngineError> {
        psql(url, sql).map_err(EngineError::unavailable)
    }

    /// Applies `script` in a fresh database, then hands that database's URL to `inspect`
    /// (to read its catalog) before dropping it.
    pub fn apply_scratch<T>(
        &self,
        script: &str,
        inspect: impl FnOnce(&str) -> Result<T, EngineError>,
    ) -> Result<T, EngineError> {
        let name = scratch_name();
        self.sql(&self.url, &format!("DROP DATABASE IF EXISTS {name}"))?;
        self.sql(&self.url, &format!("CREATE DATABASE {name}"))?;
        let url = with_database(&self.url, &name);
        let result = apply(&url, script).and_then(|()| inspect(&url));
        let _ = self.sql(&self.url, &format!("DROP DATABASE IF EXISTS {name}"));
        result
    }
}

impl Postgres {
    /// Runs `stages` one after another in one scratch database and reads the catalog after
    /// each: a stage is a script and whether the database is emptied before it. A stage
    /// that fails gives its error and the next stages go on.
    pub fn stages(
        &self,
        stages: &[(bool, String)],
    ) -> Result<Vec<Result<String, EngineError>>, EngineError> {
        let name = scratch_name();
        self.sql(&self.url, &format!("DROP DATABASE IF EXISTS {name}"))?;
        self.sql(&self.url, &format!("CREATE DATABASE {name}"))?;
        let url = with_database(&self.url, &name);
        let marker = "@@schemaforge catalog@@";
        let out = stages
            .iter()
            .map(|(reset, script)| {
                let reset = if *reset {
                    format!("{};\n", super::catalog_query::POSTGRES_RESET)
                } else {
                    String::new()
                };
                let all = format!(
                    "{reset}{script}\n\\echo {marker}\n{};\n",
                    super::catalog_query::POSTGRES_CATALOG
                );
                psql(&url, &all).map(|printed| {
                    printed
                        .split_once(marker)
                        .map_or(String::new(), |(_, catalog)| catalog.trim().to_string())
                })
            })
            .collect();
        let _ = self.sql(&self.url, &format!("DROP DATABASE IF EXISTS {name}"));
        Ok(out)
    }
}

/// Runs `sql` on the database at `url` and returns what psql prints, unaligned and without
/// headers (`a|b` per row); an SQL error is `Rejected`.
pub fn psql(url: &str, sql: &str) -> Result<String, EngineError> {
    let (ok, out, err) = run(
        "psql",
        &[
            url,
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            "-f",
            "-",
        ],
        sql,
    )?;
    if ok {
        Ok(out)
    } else {
        Err(EngineError::at_line(
            sql,
            Dialect::Postgres,
            1,
            err.trim().to_string(),
        ))
    }
}

/// Feeds the script to psql, stopping at the first error, which psql reports with its line.
fn apply(url: &str, script: &str) -> Verdict {
    let (ok, _, err) = run(
        "psql",
        &[url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
        script,
    )?;
    if ok {
        return Ok(());
    }
    // psql:<stdin>:LINE: ERROR:  message
    let error_line = err
        .lines()
        .find(|l| l.contains("ERROR:"))
        .unwrap_or(err.trim());
    let line = error_line
        .strip_prefix("psql:<stdin>:")
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1);
    let message = error_line
        .split_once("ERROR:")
        .map_or(error_line, |(_, m)| m)
        .trim()
        .to_string();
    Err(EngineError::at_line(
        script,
        Dialect::Postgres,
        line,
        message,
    ))
}

/// The schema of the database at `url` as `pg_dump --schema-only` prints it: the engine's
/// own account of its catalog, which the importer reads back.
pub fn postgres_catalog(url: &str) -> Result<String, EngineError> {
    let (ok, out, err) = run(
        "pg_dump",
        &["--schema-only", "--no-owner", "--no-privileges", url],
        "",
    )?;
    if ok {
        Ok(out)
    } else {
        Err(EngineError::Unavailable(format!("pg_dump: {}", err.trim())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database_of_a_url() {
        assert_eq!(
            with_database("postgresql://postgres@127.0.0.1:5432/postgres", "x"),
            "postgresql://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
