//! Any text, in any dialect, must import without a panic.
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
});
