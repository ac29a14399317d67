//! Share links and the wiki exports over real schemas: every corpus schema comes back from its
//! link equal, with the link's length printed; damaged, cut, oversized and decompression-bomb
//! payloads give a message; and a project whose names and comments are hostile stays inert
//! text in the review page, the SVG, the Markdown and the Mermaid output. (The browser half,
//! with the app, the embed and Mermaid's own renderer, is tests/e2e/sharing.test.mjs.)

use std::io::Write;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use schemaforge::generate::markdown::project_markdown;
use schemaforge::generate::mermaid::{mermaid_diagrams, mermaid_er, MERMAID_LIMIT};
use schemaforge::generate::review_page::{review_page, REVIEW_CSP};
use schemaforge::generate::svg::scene_svg;
use schemaforge::layout::auto_layout::layered_layout;
use schemaforge::model::{Project, SavedVersion};
use schemaforge::share::link::{MAX_INFLATED, MAX_PAYLOAD, TAG};
use schemaforge::share::{decode_project, encode_project, LinkSize};
use schemaforge::workspace::{open_text, Input};

mod support;
use support::{corpus_files, dialect_of};

fn project_of(name: &str, text: &str, dialect: Option<schemaforge::model::Dialect>) -> Project {
    try_project_of(name, text, dialect).unwrap_or_else(|| panic!("{name} does not open"))
}

/// The project a file opens as; `None` for the DBML fixtures that are meant to fail.
fn try_project_of(
    name: &str,
    text: &str,
    dialect: Option<schemaforge::model::Dialect>,
) -> Option<Project> {
    match open_text(name, text, dialect) {
        Ok(Input::Sql { project, .. }) | Ok(Input::Project(project)) => Some(*project),
        Err(_) => None,
    }
}

/// The DBML project's fixtures, every `.dbml` under ../shared/corpus/dbml.
fn dbml_files() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "dbml") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&support::corpus_dir().join("../dbml"), &mut files);
    files.sort();
    files
}

#[test]
fn every_corpus_schema_comes_back_from_its_link() {
    let files = corpus_files();
    assert!(files.len() >= 14, "the whole corpus, found {}", files.len());
    let dbml = dbml_files();
    assert!(dbml.len() >= 60, "the DBML fixtures, found {}", dbml.len());
    let mut lengths = Vec::new();
    for file in files.iter().chain(&dbml) {
        let text = std::fs::read_to_string(file).expect("corpus file reads");
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let dialect = (file.extension().is_some_and(|e| e == "sql")).then(|| dialect_of(file));
        let Some(project) = try_project_of(&name, &text, dialect) else {
            continue;
        };
        let payload = encode_project(&project);
        let back = decode_project(&payload).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, project, "{name}: the shared project differs");
        lengths.push((payload.len(), text.len(), name));
    }
    lengths.sort();
    let count = |size: LinkSize| {
        lengths
            .iter()
            .filter(|(n, _, _)| LinkSize::of(*n) == size)
            .count()
    };
    let (longest, source, name) = lengths.last().unwrap();
    println!(
        "share links of {} corpus schemas: median {} characters, longest {longest} ({name}, \
         {source} bytes of SQL); {} short, {} long, {} better sent as a file",
        lengths.len(),
        lengths[lengths.len() / 2].0,
        count(LinkSize::Short),
        count(LinkSize::Long),
        count(LinkSize::TooLong),
    );
}

#[test]
fn a_laid_out_project_with_versions_comes_back() {
    let mut project = schemaforge::example::example_project();
    project.layout = layered_layout(&project.model);
    project.versions.push(SavedVersion {
        name: "v1".into(),
        model: project.model.clone(),
    });
    let back = decode_project(&encode_project(&project)).unwrap();
    assert_eq!(back, project);
    assert_eq!(back.layout.positions.len(), project.model.tables.len());
}

fn payload_of_deflated(bytes: &[u8]) -> String {
    format!("{TAG}{}", URL_SAFE_NO_PAD.encode(bytes))
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn bad_links_give_a_message() {
    let good = encode_project(&schemaforge::example::example_project());
    let cases: Vec<(&str, String, &str)> = vec![
        ("garbage", "1.%%%not base64%%%".into(), "not base64url"),
        ("no tag", "just some words".into(), "no project"),
        ("cut", good[..good.len() - 7].to_string(), "cut short"),
        ("half", good[..good.len() / 2].to_string(), "cut short"),
        (
            "oversized",
            format!("{TAG}{}", "A".repeat(MAX_PAYLOAD + 1)),
            "too long",
        ),
        (
            "bomb",
            payload_of_deflated(&deflate(&vec![b'['; MAX_INFLATED * 2])),
            "refused",
        ),
        (
            "not json",
            payload_of_deflated(&deflate(b"hello")),
            "cannot be read",
        ),
        (
            "not a project",
            payload_of_deflated(&deflate(br#"{"format": 4, "name": 1}"#)),
            "cannot be read",
        ),
        (
            "deep",
            payload_of_deflated(&deflate("[".repeat(100_000).as_bytes())),
            "cannot be read",
        ),
        (
            "not utf-8",
            payload_of_deflated(&deflate(&[0xff, 0xfe, 0x00])),
            "UTF-8",
        ),
    ];
    for (what, payload, says) in cases {
        match decode_project(&payload) {
            Ok(_) => panic!("{what}: a bad link opened"),
            Err(message) => assert!(message.contains(says), "{what}: {message}"),
        }
    }
}

#[test]
fn an_inconsistent_model_is_refused() {
    // A foreign key to a table that is not there: the JSON reads, the model does not hold.
    let mut project = schemaforge::example::example_project();
    let json = project.to_json();
    let orders = project
        .model
        .tables
        .iter()
        .position(|t| !t.foreign_keys.is_empty())
        .expect("the example has a foreign key");
    let target = project.model.tables[orders].foreign_keys[0].ref_table;
    project.model.tables.retain(|t| t.id != target);
    let broken = project.to_json();
    assert_ne!(json, broken);
    let message = decode_project(&schemaforge::share::link::encode_json(broken.as_bytes()))
        .expect_err("a model with a dangling reference is refused");
    assert!(message.contains("inconsistent"), "{message}");
}

/// Names and comments an attacker would try (shared with the browser's security test).
fn hostile_sql() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile.sql");
    std::fs::read_to_string(path).expect("tests/fixtures/hostile.sql reads")
}

fn hostile_project() -> Project {
    let mut project = project_of("hostile", &hostile_sql(), None);
    project.name = "<script>alert('name')</script>".into();
    project.layout = layered_layout(&project.model);
    let mut older = project.model.clone();
    older.tables.truncate(1);
    project.versions.push(SavedVersion {
        name: "\"><script>alert('v')</script>".into(),
        model: older,
    });
    project
}

/// Every tag in `html` is one our own templates write, with no event handler or link among
/// its attributes: the hostile text is all in escaped content.
fn only_our_tags(html: &str, ours: &[&str]) {
    for (at, _) in html.match_indices('<') {
        let rest = &html[at + 1..];
        let tag_text = &rest[..rest.find('>').unwrap_or(rest.len())];
        let tag: String = tag_text
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '!')
            .collect();
        assert!(
            ours.contains(&tag.as_str()),
            "a tag we never write: <{}",
            &tag_text[..tag_text.len().min(80)]
        );
        let lower = tag_text.to_ascii_lowercase();
        for attribute in [" onerror", " onload", " onclick", "href=", "javascript:"] {
            assert!(!lower.contains(attribute), "{attribute} in <{tag_text}>");
        }
    }
}

#[test]
fn hostile_names_stay_text_in_every_output() {
    let project = hostile_project();
    assert_eq!(project.model.tables.len(), 2);
    let svg_tags = [
        "svg", "style", "defs", "marker", "path", "circle", "rect", "line", "g", "text", "tspan",
        "title",
    ];
    let svg = scene_svg(&project.scene());
    only_our_tags(&svg, &svg_tags);
    assert_eq!(svg.matches("</style>").count(), 1);

    let page = review_page(&project, None, None).expect("the review page is made");
    let mut page_tags = svg_tags.to_vec();
    page_tags.extend([
        "!DOCTYPE", "html", "head", "meta", "title", "body", "h1", "h2", "h3", "p", "div", "table",
        "thead", "tbody", "tr", "th", "td", "pre",
    ]);
    only_our_tags(&page, &page_tags);
    assert_eq!(
        page.matches("</style>").count(),
        2,
        "the page's and the SVG's"
    );
    assert!(page.contains(&format!("content=\"{REVIEW_CSP}\"")));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        page.contains("data-testid=\"review-up\""),
        "the migration is there"
    );

    let markdown = project_markdown(&project);
    let outside_code: String = markdown
        .split("```mermaid\n")
        .enumerate()
        .map(|(k, part)| {
            if k == 0 {
                part
            } else {
                part.split_once("```\n").map_or("", |(_, after)| after)
            }
        })
        .collect();
    assert!(!outside_code.contains('<'), "raw < in the Markdown");
    assert!(!outside_code.contains("]("), "a link in the Markdown");
    assert!(!outside_code.contains("javascript:"));
    assert!(
        outside_code.contains(&"n".repeat(10_000)),
        "the long name is kept whole"
    );

    let mermaid = mermaid_er(&project.model);
    assert!(!mermaid.contains("%%"), "no Mermaid directive or comment");
    assert!(!mermaid.contains('<'));
    assert!(!mermaid.to_lowercase().contains("direction tb"));
    for line in mermaid.lines().skip(1) {
        // Quotes come in pairs on every line: nothing ends a name or comment early.
        assert_eq!(line.matches('"').count() % 2, 0, "{line}");
    }
    assert!(
        mermaid.len() < MERMAID_LIMIT,
        "long names are cut: {}",
        mermaid.len()
    );
    assert_eq!(
        mermaid_diagrams(&project.model, MERMAID_LIMIT),
        vec![mermaid]
    );
}
