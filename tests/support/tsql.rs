//! T-SQL read by an independent grammar (sqlfluff's, from PyPI, in the oracle virtualenv):
//! no SQL Server, nor any engine that speaks T-SQL, runs on these machines, so the SQL
//! Server migrations are checked for their grammar only.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use schemaforge::migrate::Plan;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The batches of a plan's up and down scripts (split at `GO`), without comment lines.
pub fn batches(plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for script in [plan.up_script(), plan.down_script()] {
        for batch in script.split("\nGO\n") {
            let sql: String = batch
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n");
            let sql = sql.trim();
            if !sql.is_empty() {
                out.push(sql.to_string());
            }
        }
    }
    out
}

/// `ALTER SCHEMA s TRANSFER t`, which sqlfluff's T-SQL grammar lacks, read by its shape.
pub fn is_schema_transfer(batch: &str) -> bool {
    let rest = batch
        .strip_prefix("IF OBJECT_ID(N'")
        .and_then(|r| r.split_once("', N'U') IS NOT NULL "))
        .map_or(batch, |(_, r)| r);
    let words: Vec<&str> = rest.trim_end_matches(';').split_whitespace().collect();
    matches!(words[..], ["ALTER", "SCHEMA", _, "TRANSFER", _])
}

/// The batches the grammar cannot read, each with the reader's message (schema transfers
/// are read by their shape instead).
pub fn unreadable(batches: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let read: Vec<(usize, &String)> = batches
        .iter()
        .enumerate()
        .filter(|(_, b)| !is_schema_transfer(b))
        .collect();
    let texts: Vec<&String> = read.iter().map(|(_, b)| *b).collect();
    let mut child = Command::new(super::oracle::python("sqlfluff"))
        .arg(root().join("tests/oracle/tsql_parse.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python runs");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(serde_json::to_string(&texts).expect("json").as_bytes())
            .expect("written");
    }
    let result = child.wait_with_output().expect("sqlfluff finishes");
    assert!(result.status.success(), "the T-SQL reader failed");
    let failures: Vec<serde_json::Value> = serde_json::from_slice(&result.stdout).expect("json");
    for f in failures {
        let k = f["batch"].as_u64().unwrap_or(0) as usize;
        out.push((read[k].0, f["error"].to_string()));
    }
    out
}
