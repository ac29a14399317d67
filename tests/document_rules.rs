//! The document rules on the corpus's real collections: each finds what the corpus's README
//! says is there (a rating that is an int, a double or a string; a type that is a string or
//! an array; profiler keys with `$`; arrays of subdocuments), and the references proposed
//! between grades and students are flagged until indexed.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use schemaforge::model::{Dialect, Project};
use schemaforge::rules::{lint_project, LintSettings};

fn corpus_project(names: &[&str]) -> Project {
    let mut project = Project::new("corpus", Dialect::Postgres);
    project.model.collections = support::oracle::corpus_collections(names, &mut project.ids);
    project
}

#[test]
fn document_rules_find_what_the_corpus_holds() {
    let project = corpus_project(&support::oracle::MONGO_COLLECTIONS);
    let found = lint_project(&project, &LintSettings::default());
    let doc: Vec<String> = found
        .iter()
        .filter(|f| f.code.starts_with("DOC"))
        .map(|f| format!("{} {} {}", f.code, f.path.label, f.message))
        .collect();
    for line in &doc {
        println!("{line}");
    }
    let has = |code: &str, label: &str| {
        doc.iter()
            .any(|l| l.starts_with(&format!("{code} {label} ")))
    };
    assert!(has("DOC006", "restaurant.rating"), "{doc:#?}");
    assert!(has("DOC006", "products.type"), "{doc:#?}");
    assert!(has("DOC001", "grades.scores"), "{doc:#?}");
    assert!(has("DOC001", "students.scores"), "{doc:#?}");
    assert!(has("DOC004", "grades.student_id"), "{doc:#?}");
    assert!(
        doc.iter().any(|l| l.starts_with("DOC005 profiles.")),
        "profiler output has keys with $ or dots: {doc:#?}"
    );
    assert!(!has("DOC006", "books.title"), "{doc:#?}");
    // Every fix offered applies to the real project.
    for f in found.iter().filter(|f| f.code.starts_with("DOC")) {
        for fix in &f.fixes {
            let mut p = project.clone();
            fix.apply(&mut p)
                .unwrap_or_else(|e| panic!("{}: {}: {e}", f.code, fix.title));
        }
    }
}
