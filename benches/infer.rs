//! Inference over 100,000 sample documents, about 50 MB of mongoexport NDJSON made of the
//! corpus's seven collections repeated (issue 16's budget: under 3 s natively). Run with
//! `make bench`.

use std::time::Instant;

use schemaforge::import::extended_json::documents;
use schemaforge::import::samples::Inference;
use schemaforge::model::IdGen;

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/mongo");
    let mut lines: Vec<String> = Vec::new();
    for name in [
        "products",
        "books",
        "grades",
        "students",
        "restaurant",
        "countries-small",
        "profiles",
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{name}.json")).expect("corpus");
        lines.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    let mut text = String::new();
    let mut count = 0;
    while count < 100_000 {
        for line in &lines {
            if count == 100_000 {
                break;
            }
            text.push_str(line);
            text.push('\n');
            count += 1;
        }
    }
    let mut times = Vec::new();
    let mut fields = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let mut inference = Inference::default();
        inference.read_all(&text).expect("documents");
        let c = inference.collection("all", &mut IdGen::default());
        fields = c.paths().len();
        assert_eq!(c.sampled, Some(100_000));
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    // Reading into BSON values (what validation does), for comparison: inference reads
    // straight into its statistics instead.
    let mut reading = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let n = documents(&text).filter(Result::is_ok).count();
        assert_eq!(n, 100_000);
        reading.push(start.elapsed().as_secs_f64());
    }
    reading.sort_by(f64::total_cmp);
    println!(
        "reading the same text into BSON values instead: {:.2} s (median of 5)",
        reading[2]
    );
    println!(
        "inference over 100,000 documents ({:.1} MB of NDJSON, {fields} field paths): {:.2} s (median of 5; budget 3 s)",
        text.len() as f64 / 1e6,
        times[2]
    );
}
