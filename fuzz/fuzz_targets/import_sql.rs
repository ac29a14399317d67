//! Any text, in any dialect, must import without a panic, and the rules must lint what it
//! yields (positions found in that text) without one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemaforge::import::sql::import_sql;
use schemaforge::model::Dialect;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let dialect = Dialect::ALL[usize::from(selector) % Dialect::ALL.len()];
    let text = String::from_utf8_lossy(rest);
    let result = import_sql(&text, dialect);
    assert!(result.report.imported <= result.report.statements);
    let findings = schemaforge::rules::lint(
        &result.model,
        dialect,
        &schemaforge::rules::LintSettings::default(),
        Some((&text, schemaforge::model::SourceFormat::Sql, &result.spans)),
        0,
    );
    assert!(findings.iter().all(|f| !f.code.is_empty()));
    // Every position is inside the text, and an end never comes before its start.
    let lines = text.lines().count() as u32 + 1;
    assert!(findings.iter().all(|f| f.position.is_none_or(|p| p.line <= lines)
        && f.end.is_none_or(|e| f.position.is_some_and(|p| p <= e))));
});
