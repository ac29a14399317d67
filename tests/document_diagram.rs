//! Collections on the diagram: laid out by the same layered engine as tables, side by side
//! with them, boxes that do not overlap, each reference an edge from its field's row to the
//! target's `_id` row, embedded documents indented and foldable, and the SVG export drawing
//! them.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use schemaforge::edit::{apply, Edit};
use schemaforge::layout::auto_layout::layered_layout;
use schemaforge::layout::collection_box::{field_row_center, id_row_center, INDENT};
use schemaforge::model::Dialect;
use schemaforge::workspace::project_from_sql;

#[test]
fn collections_and_tables_share_one_layout() {
    let (mut project, _) = project_from_sql(
        "mixed",
        "CREATE TABLE teachers (id int PRIMARY KEY, name text);\nCREATE TABLE classes (id int PRIMARY KEY, teacher_id int REFERENCES teachers (id));",
        Dialect::Postgres,
    );
    let collections = support::oracle::corpus_collections(
        &["grades", "students", "countries-small"],
        &mut project.ids,
    );
    // One step: the references lead between the collections added together.
    apply(
        &mut project,
        Edit::add_collections("import collections", collections, 0),
    )
    .expect("added");
    // Added collections are placed clear of the tables before any layout.
    let scene = project.scene();
    assert_eq!(scene.tables.len(), 5);
    project.layout = layered_layout(&project.model);
    let scene = project.scene();
    assert_eq!(scene.tables.len(), 5, "two tables and three collections");
    for (i, a) in scene.tables.iter().enumerate() {
        for b in &scene.tables[i + 1..] {
            let (a, b) = (a.rect(), b.rect());
            let apart = a.x + a.width <= b.x
                || b.x + b.width <= a.x
                || a.y + a.height <= b.y
                || b.y + b.height <= a.y;
            assert!(apart, "boxes overlap: {a:?} {b:?}");
        }
    }
    let grades = &project.model.collections[0];
    let students = &project.model.collections[1];
    let reference = grades
        .references
        .first()
        .expect("grades.student_id -> students");
    let edge = scene
        .edges
        .iter()
        .find(|e| e.foreign_key == reference.id)
        .expect("the reference is drawn");
    let from = scene
        .tables
        .iter()
        .find(|t| t.id == grades.id)
        .expect("grades");
    let to = scene
        .tables
        .iter()
        .find(|t| t.id == students.id)
        .expect("students");
    let field = *reference.path.last().expect("a field");
    let open = Default::default();
    assert_eq!(
        edge.points[0].y,
        from.y + field_row_center(grades, &open, field)
    );
    assert_eq!(
        edge.points.last().map(|p| p.y),
        Some(to.y + id_row_center(students, &open))
    );
    // The nested country document is indented; folding it shortens the box.
    let countries = project.model.collections[2].clone();
    let boxed = scene
        .tables
        .iter()
        .find(|t| t.id == countries.id)
        .expect("countries");
    assert!(
        boxed.rows.iter().any(|r| r.name.starts_with(INDENT)),
        "nested rows are indented"
    );
    let nested: Vec<_> = countries
        .fields
        .iter()
        .filter(|f| !f.fields.is_empty())
        .map(|f| f.id)
        .collect();
    let mut folded = project.layout.clone();
    folded.collapsed.extend(nested);
    apply(
        &mut project,
        Edit::SetLayout {
            layout: Box::new(folded),
        },
    )
    .expect("folded");
    let scene = project.scene();
    let after = scene
        .tables
        .iter()
        .find(|t| t.id == countries.id)
        .expect("countries");
    assert!(after.height < boxed.height);
    assert!(!after.rows.iter().any(|r| r.name.starts_with(INDENT)));
    // The SVG export draws collections too.
    let svg = schemaforge::generate::svg::scene_svg(&scene);
    assert!(
        svg.contains(">countries-small<"),
        "the collection's name is in the SVG"
    );
}
