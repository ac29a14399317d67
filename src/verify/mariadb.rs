//! A MariaDB or MySQL server, driven through the `mariadb` client, in a scratch database.

use super::engine::{scratch_name, EngineError, Verdict};
use super::postgres::run;
use crate::model::Dialect;

pub const DEFAULT_MARIADB_URL: &str = "mysql://root@127.0.0.1:3306/";

/// Connection settings read from a `mysql://user[:password]@host[:port]/` URL.
pub struct MariaDb {
    args: Vec<String>,
}

impl MariaDb {
    pub fn new(url: Option<&str>) -> Result<MariaDb, EngineError> {
        let url = url.unwrap_or(DEFAULT_MARIADB_URL);
        let rest = url
            .split_once("://")
            .map_or(url, |(_, r)| r)
            .trim_end_matches('/');
        let (credentials, host) = rest.rsplit_once('@').unwrap_or(("root", rest));
        let host = host.split('/').next().unwrap_or(host);
        let (user, password) = credentials.split_once(':').unwrap_or((credentials, ""));
        let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
        let mut args = vec![
            format!("--host={host}"),
            format!("--port={port}"),
            format!("--user={user}"),
            "--protocol=TCP".to_string(),
        ];
        if !password.is_empty() {
            args.push(format!("--password={password}"));
        }
        let m = MariaDb { args };
        m.sql(None, "SELECT 1")?;
        Ok(m)
    }

    fn client(
        &self,
        database: Option<&str>,
        extra: &[&str],
        input: &str,
    ) -> Result<(bool, String, String), EngineError> {
        let mut args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let db_arg = database.map(|d| format!("--database={d}"));
        if let Some(d) = &db_arg {
            args.push(d);
        }
        args.extend_from_slice(extra);
        run("mariadb", &args, input)
    }

    /// Runs `sql` (in `database`, if given) and returns the rows tab-separated.
    fn rows(&self, database: Option<&str>, sql: &str) -> Result<String, EngineError> {
        let (ok, out, err) = self.client(database, &["-N", "-B"], sql)?;
        if ok {
            Ok(out)
        } else {
            Err(EngineError::at_line(
                sql,
                Dialect::Mysql,
                1,
                err.trim().to_string(),
            ))
        }
    }

    /// Maintenance SQL (scratch databases): a failure means the server is not usable.
    fn sql(&self, database: Option<&str>, sql: &str) -> Result<String, EngineError> {
        self.rows(database, sql).map_err(EngineError::unavailable)
    }

    /// Applies `script` in a fresh database and hands its name to `inspect` before dropping
    /// it.
    pub fn apply_scratch<T>(
        &self,
        script: &str,
        inspect: impl FnOnce(&str) -> Result<T, EngineError>,
    ) -> Result<T, EngineError> {
        self.apply_in_new_database(&scratch_name(), script, inspect)
    }

    /// Like [`MariaDb::apply_scratch`] in a database of the given name, for scripts whose
    /// views name their database (`sakila.actor`). The database must not exist yet.
    pub fn apply_in_new_database<T>(
        &self,
        name: &str,
        script: &str,
        inspect: impl FnOnce(&str) -> Result<T, EngineError>,
    ) -> Result<T, EngineError> {
        if !self
            .sql(None, &format!("SHOW DATABASES LIKE '{name}'"))?
            .trim()
            .is_empty()
        {
            return Err(EngineError::Unavailable(format!(
                "database {name} already exists"
            )));
        }
        self.sql(
            None,
            &format!("CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"),
        )?;
        // Databases the script creates for its schemas are dropped with the scratch one.
        let existing = self.sql(None, "SHOW DATABASES")?;
        let existing: Vec<&str> = existing.lines().map(str::trim).collect();
        let created: Vec<String> = created_schemas(script)
            .into_iter()
            .filter(|s| !existing.contains(&s.as_str()))
            .collect();
        let result = self.apply(name, script).and_then(|()| inspect(name));
        for schema in created.iter().map(String::as_str).chain([name]) {
            let _ = self.sql(
                None,
                &format!(
                    "SET FOREIGN_KEY_CHECKS = 0; DROP DATABASE IF EXISTS `{}`",
                    schema.replace('`', "``")
                ),
            );
        }
        result
    }

    /// A migration's four stages, each followed by the catalog it leaves: the old version's
    /// DDL, the up and the down migration in one scratch database, the new version's DDL in
    /// another; both are dropped afterwards. A stage the engine rejects is its `Err` (the
    /// stages after it in the same database are not run).
    pub fn stages(
        &self,
        [old, up, down, new]: [&str; 4],
    ) -> Result<Vec<Result<String, EngineError>>, EngineError> {
        let mut out = Vec::new();
        let first = self.apply_scratch(old, |db| {
            let mut catalogs = vec![self.catalog(db)];
            for script in [up, down] {
                let next = match catalogs.last() {
                    Some(Ok(_)) => self.apply(db, script).and_then(|()| self.catalog(db)),
                    _ => Err(EngineError::Unavailable("an earlier stage failed".into())),
                };
                catalogs.push(next);
            }
            Ok(catalogs)
        });
        match first {
            Ok(catalogs) => out.extend(catalogs),
            Err(e @ EngineError::Rejected { .. }) => {
                out.push(Err(e));
                for _ in 0..2 {
                    out.push(Err(EngineError::Unavailable(
                        "the old version did not apply".into(),
                    )));
                }
            }
            Err(e) => return Err(e),
        }
        match self.apply_scratch(new, |db| Ok(self.catalog(db))) {
            Ok(catalog) => out.push(catalog),
            Err(e @ EngineError::Rejected { .. }) => out.push(Err(e)),
            Err(e) => return Err(e),
        }
        Ok(out)
    }

    fn apply(&self, database: &str, script: &str) -> Verdict {
        let (ok, _, err) = self.client(Some(database), &[], script)?;
        if ok {
            return Ok(());
        }
        // ERROR 1064 (42000) at line 12: message
        let error_line = err
            .lines()
            .find(|l| l.starts_with("ERROR"))
            .unwrap_or(err.trim());
        let line = error_line
            .split_once(" at line ")
            .and_then(|(_, rest)| rest.split(':').next())
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(1);
        let message = error_line
            .split_once(": ")
            .map_or(error_line, |(_, m)| m)
            .trim()
            .to_string();
        Err(EngineError::at_line(script, Dialect::Mysql, line, message))
    }

    /// Runs `sql` in `database` and returns the rows tab-separated; an SQL error is
    /// `Rejected`.
    pub fn query(&self, database: &str, sql: &str) -> Result<String, EngineError> {
        self.rows(Some(database), sql)
    }

    /// The schema of `database` as `mariadb-dump --no-data` prints it (SHOW CREATE TABLE).
    pub fn catalog(&self, database: &str) -> Result<String, EngineError> {
        mariadb_catalog(&self.args, database)
    }
}

/// The schemas a script creates (`CREATE SCHEMA [IF NOT EXISTS] name`).
pub fn created_schemas(script: &str) -> Vec<String> {
    crate::verify::statements(script, Dialect::Mysql)
        .iter()
        .filter_map(|s| {
            let words: Vec<&str> = s.text.split_whitespace().collect();
            let upper: Vec<String> = words
                .iter()
                .take(5)
                .map(|w| w.to_ascii_uppercase())
                .collect();
            let at = match upper
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["CREATE", "SCHEMA" | "DATABASE", "IF", "NOT", "EXISTS", ..] => 5,
                ["CREATE", "SCHEMA" | "DATABASE", ..] => 2,
                _ => return None,
            };
            let name = words.get(at)?.trim_matches('`').replace("``", "`");
            Some(name)
        })
        .collect()
}

pub fn mariadb_catalog(connection: &[String], database: &str) -> Result<String, EngineError> {
    let mut args: Vec<&str> = connection.iter().map(String::as_str).collect();
    args.extend_from_slice(&[
        "--no-data",
        "--skip-comments",
        "--skip-add-drop-table",
        database,
    ]);
    let (ok, out, err) = run("mariadb-dump", &args, "")?;
    if ok {
        Ok(out)
    } else {
        Err(EngineError::Unavailable(format!(
            "mariadb-dump: {}",
            err.trim()
        )))
    }
}
