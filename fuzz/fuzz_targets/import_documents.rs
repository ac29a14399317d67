//! Whatever is pasted into the Documents dialog (sample documents, a validator, a mongosh
//! script) gives collections or a message with a position, never a panic; and the
//! validator inferred from documents accepts every one of them, by our own engine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemaforge::generate::mongo::json_schema::json_schema;
use schemaforge::generate::mongo::validator::validator;
use schemaforge::import::extended_json::documents;
use schemaforge::import::json_schema::import_collections;
use schemaforge::import::samples::Inference;
use schemaforge::model::IdGen;
use schemaforge::transform::to_tables::to_tables;
use schemaforge::validate::Validator;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut inference = Inference::default();
    let mut read = Vec::new();
    for d in documents(&text) {
        match d {
            Ok(d) => {
                inference.add(&d);
                read.push(d);
            }
            Err(_) => break,
        }
    }
    let mut ids = IdGen::default();
    let c = inference.collection("fuzz", &mut ids);
    let v = Validator::from_value(&validator(&c)).expect("an inferred validator reads");
    for d in &read {
        assert!(v.validate(d).is_empty(), "the inferred validator accepts its samples");
    }
    let _ = json_schema(&c);
    let flat = to_tables(std::slice::from_ref(&c), &mut ids);
    flat.model.validate().expect("flattened tables are a valid model");
    if let Ok(imported) = import_collections("fuzz", &text, &mut ids) {
        for c in &imported.collections {
            Validator::from_value(&validator(c)).expect("an imported validator writes back readable");
        }
    }
    let _ = Validator::from_text(&text);
});
