//! Any text must import as DBML without a panic, and what it yields must print as DBML that
//! imports back to the same model (ids aside, which follow parse order), the importer finding
//! each table where the printer says it wrote it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemaforge::generate::dbml::print_dbml_with_spans;
use schemaforge::import::dbml::import_dbml;
use schemaforge::model::compare::without_ids;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let first = import_dbml(&text);
    let (printed, spans) = print_dbml_with_spans(&first.model);
    let second = import_dbml(&printed);
    assert!(!second.report.has_errors(), "printed DBML must parse:\n{printed}\n{:?}", second.report);
    assert_eq!(without_ids(&second.model), without_ids(&first.model), "\n{printed}");
    let ids = first.model.tables.iter().map(|t| t.id);
    let spans = spans.renumbered(ids.zip(second.model.tables.iter().map(|t| t.id)));
    assert_eq!(spans.listed(), second.spans.listed(), "\n{printed}");
});
