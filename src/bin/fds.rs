//! `schemaforge fds CSV` and `schemaforge fds DUMP --table NAME`: dependency discovery on
//! the command line.

use schemaforge::model::Project;
use schemaforge::normalize::dependency::list;
use schemaforge::normalize::discover::{discover, Bounds, Discovery};
use schemaforge::normalize::dump_rows::rows_from_dump;
use schemaforge::normalize::sample::{read_csv, Sample};

fn read_text(path: &str) -> Result<String, String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    String::from_utf8(text).map_err(|e| {
        format!(
            "{path}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

pub fn csv_sample(path: &str) -> Result<Sample, String> {
    read_csv(&read_text(path)?).map_err(|e| format!("{path}: {e}"))
}

/// The rows the dump at `path` (imported as `project`) writes to the table `name`
/// (`schema.name` picks one of several); what could not be read goes to standard error.
pub fn dump_sample(
    path: &str,
    project: &Project,
    name: &str,
    limit: usize,
) -> Result<Sample, String> {
    let (schema, bare) = match name.rsplit_once('.') {
        Some((s, n)) => (Some(s), n),
        None => (None, name),
    };
    let table = project
        .model
        .tables
        .iter()
        .find(|t| {
            t.name.eq_ignore_ascii_case(bare)
                && schema.is_none_or(|s| {
                    t.schema
                        .as_deref()
                        .is_some_and(|ts| ts.eq_ignore_ascii_case(s))
                })
        })
        .ok_or_else(|| format!("{path}: no table {name}"))?;
    let text = read_text(path)?;
    let found = rows_from_dump(&text, project.source.dialect, table, limit)
        .map_err(|e| format!("{path}: {e}"))?;
    for why in &found.unreadable {
        eprintln!("{path}: skipped rows of {name}: {why}");
    }
    if found.truncated {
        eprintln!("{path}: read the first {limit} rows of {name} (--rows)");
    }
    if found.sample.rows == 0 {
        return Err(format!(
            "{path}: no rows of {name} ({} INSERT or COPY statements for it)",
            found.statements
        ));
    }
    Ok(found.sample)
}

pub fn run(sample: &Sample, json: bool, max_lhs: Option<usize>) -> Result<(), String> {
    // Progress goes to standard error, a level at a time, when it is a terminal's to see.
    let discovery = discover(
        sample,
        Bounds {
            max_lhs,
            ..Bounds::default()
        },
        |p| {
            if !json {
                eprintln!(
                    "level {} of {}: {} column sets, {} dependencies so far",
                    p.level, p.levels, p.sets, p.found
                );
            }
            true
        },
    )
    .map_err(|_| "the search was cancelled".to_string())?;
    if json {
        println!("{}", as_json(sample, &discovery));
    } else {
        print!("{}", as_text(sample, &discovery));
    }
    Ok(())
}

fn names(sample: &Sample, set: schemaforge::normalize::AttrSet) -> Vec<&str> {
    set.iter().map(|i| sample.names[i].as_str()).collect()
}

fn as_json(sample: &Sample, d: &Discovery) -> String {
    let dependencies: Vec<serde_json::Value> = d
        .dependencies
        .iter()
        .map(|fd| {
            serde_json::json!({
                "lhs": names(sample, fd.lhs),
                "rhs": names(sample, fd.rhs).first().copied().unwrap_or_default(),
            })
        })
        .collect();
    let keys: Vec<Vec<&str>> = d.candidate_keys.iter().map(|k| names(sample, *k)).collect();
    serde_json::json!({ "dependencies": dependencies, "candidate_keys": keys }).to_string()
}

fn as_text(sample: &Sample, d: &Discovery) -> String {
    let mut out = format!(
        "{} rows, {} columns: {} minimal dependencies{}\n",
        sample.rows,
        sample.names.len(),
        d.dependencies.len(),
        if d.complete {
            ""
        } else {
            " (left sides bounded by --max-lhs)"
        }
    );
    for fd in &d.dependencies {
        out.push_str(&format!("  {}\n", fd.display(&sample.names)));
    }
    if d.duplicate_rows {
        out.push_str("candidate keys: none (two rows are equal on every column)\n");
    } else {
        out.push_str(&format!("candidate keys: {}\n", d.candidate_keys.len()));
        for key in &d.candidate_keys {
            out.push_str(&format!("  {}\n", list(*key, &sample.names)));
        }
    }
    out
}
