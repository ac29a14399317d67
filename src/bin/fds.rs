//! `schemaforge fds CSV`: dependency discovery on the command line.

use schemaforge::normalize::dependency::list;
use schemaforge::normalize::discover::{discover, Bounds, Discovery};
use schemaforge::normalize::sample::{read_csv, Sample};

pub fn run(path: &str, json: bool, max_lhs: Option<usize>) -> Result<(), String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let text = String::from_utf8(text).map_err(|e| {
        format!(
            "{path}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let sample = read_csv(&text).map_err(|e| format!("{path}: {e}"))?;
    // Progress goes to standard error, a level at a time, when it is a terminal's to see.
    let discovery = discover(&sample, Bounds { max_lhs }, |p| {
        if !json {
            eprintln!(
                "level {} of {}: {} column sets, {} dependencies so far",
                p.level, p.levels, p.sets, p.found
            );
        }
        true
    })
    .map_err(|_| "the search was cancelled".to_string())?;
    if json {
        println!("{}", as_json(&sample, &discovery));
    } else {
        print!("{}", as_text(&sample, &discovery));
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
