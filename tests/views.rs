//! Views of a part of a big schema: a focus takes in exactly a table's neighbours, a view's
//! scene draws only its members with a stub for every foreign key that leaves it, views are
//! saved in the project (undoable, in the file and in share links), and stub labels stay
//! inert text in the SVG. The browser half is tests/e2e/views.test.mjs.

use std::collections::BTreeSet;

use schemaforge::edit::{apply, Edit};
use schemaforge::generate::svg::scene_svg;
use schemaforge::layout::view::{
    group_members, matching, neighbourhood, new_view, view_scene, with_member, with_member_beside,
};
use schemaforge::model::{Dialect, Id, Model, Project};
use schemaforge::share::{decode_project, encode_project};
use schemaforge::synthetic::hub_schema_script;
use schemaforge::workspace::apply_source;

fn project(sql: &str) -> Project {
    let mut p = Project::new("views", Dialect::Postgres);
    apply_source(&mut p, sql.to_string());
    assert!(!p.model.tables.is_empty(), "the schema imports");
    p
}

fn hub() -> Project {
    project(&hub_schema_script(375, 760))
}

/// The tables joined to `t` by a foreign key, found from the keys' side: `t`'s own keys and
/// every other table's keys that name `t`.
fn joined(model: &Model, t: Id) -> BTreeSet<Id> {
    let mut out = BTreeSet::new();
    for table in &model.tables {
        for fk in &table.foreign_keys {
            if table.id == t && fk.ref_table != t {
                out.insert(fk.ref_table);
            }
            if fk.ref_table == t && table.id != t {
                out.insert(table.id);
            }
        }
    }
    out
}

#[test]
fn focus_takes_in_exactly_the_neighbours() {
    let p = hub();
    let m = &p.model;
    for t in m.tables.iter().step_by(37) {
        let one = neighbourhood(m, t.id, 1);
        let mut expected = joined(m, t.id);
        expected.insert(t.id);
        assert_eq!(one, expected, "one step from {}", t.name);
        // Two steps: the neighbours' neighbours too, and nothing else.
        let two = neighbourhood(m, t.id, 2);
        let mut expected_two = expected.clone();
        for n in &expected {
            expected_two.extend(joined(m, *n));
        }
        assert_eq!(two, expected_two, "two steps from {}", t.name);
        assert_eq!(neighbourhood(m, t.id, 0), BTreeSet::from([t.id]));
    }
}

#[test]
fn a_view_draws_its_members_and_stubs_for_every_key_that_leaves() {
    let p = hub();
    let m = &p.model;
    // The hub with the most references and a plain table.
    let busiest = m
        .tables
        .iter()
        .max_by_key(|t| joined(m, t.id).len())
        .expect("tables");
    for start in [busiest.id, m.tables[200].id] {
        let members = neighbourhood(m, start, 1);
        let view = new_view(m, "focus", members.clone());
        let scene = view_scene(m, &view);
        let drawn: BTreeSet<Id> = scene.tables.iter().map(|b| b.id).collect();
        assert_eq!(drawn, members, "every member and nothing else is drawn");
        for e in &scene.edges {
            assert!(members.contains(&e.table) && members.contains(&e.target));
        }
        // Every foreign key across the border has its stub, once per pair and direction.
        let mut crossing = BTreeSet::new();
        for t in &m.tables {
            for fk in &t.foreign_keys {
                match (members.contains(&t.id), members.contains(&fk.ref_table)) {
                    (true, false) => crossing.insert((t.id, fk.ref_table, true)),
                    (false, true) => crossing.insert((fk.ref_table, t.id, false)),
                    _ => false,
                };
            }
        }
        let stubs: BTreeSet<_> = scene
            .stubs
            .iter()
            .map(|s| (s.table, s.target, s.outgoing))
            .collect();
        assert_eq!(stubs.len(), scene.stubs.len(), "one stub per pair");
        assert_eq!(stubs, crossing);
        for s in &scene.stubs {
            let b = scene
                .tables
                .iter()
                .find(|b| b.id == s.table)
                .expect("its box");
            let edge = if s.outgoing { b.x + b.width } else { b.x };
            assert_eq!(s.x, edge, "a stub leaves from its box's side");
            assert!(s.y > b.y && s.y < b.y + b.height + 15.0 * 40.0);
            let name = m
                .tables
                .iter()
                .find(|t| t.id == s.target)
                .expect("target")
                .qualified_name();
            assert!(s.label.contains(name.as_str()), "{} names {name}", s.label);
            assert!(s.x >= scene.bounds.min_x && s.x <= scene.bounds.max_x);
        }
        // No two boxes overlap in the view's own layout.
        for (i, a) in scene.tables.iter().enumerate() {
            for b in &scene.tables[i + 1..] {
                let apart = a.x + a.width <= b.x
                    || b.x + b.width <= a.x
                    || a.y + a.height <= b.y
                    || b.y + b.height <= a.y;
                assert!(apart, "{} overlaps {}", a.name, b.name);
            }
        }
        // The view is far smaller than the whole diagram.
        let whole = p.scene();
        let area =
            |b: schemaforge::layout::scene::Bounds| (b.max_x - b.min_x) * (b.max_y - b.min_y);
        assert!(area(scene.bounds) < area(whole.bounds) / 4.0);
    }
}

#[test]
fn bringing_a_stub_in_adds_its_table_and_its_edges() {
    let p = hub();
    let m = &p.model;
    let start = m.tables[10].id;
    let view = new_view(m, "focus", neighbourhood(m, start, 1));
    let scene = view_scene(m, &view);
    let stub = scene.stubs.first().expect("a hub schema's focus has stubs");
    let grown = with_member_beside(m, &view, stub.target, Some((stub.table, stub.outgoing)));
    assert!(grown.members.contains(&stub.target));
    for (id, at) in &view.layout.positions {
        assert_eq!(
            grown.layout.positions.get(id),
            Some(at),
            "members keep their places"
        );
    }
    let after = view_scene(m, &grown);
    let box_of = |id: Id| after.tables.iter().find(|b| b.id == id).expect("drawn");
    let (new, anchor) = (box_of(stub.target), box_of(stub.table));
    if stub.outgoing {
        assert!(
            new.x >= anchor.x + anchor.width,
            "right of the table that refers to it"
        );
    } else {
        assert!(
            new.x + new.width <= anchor.x,
            "left of the table it refers to"
        );
    }
    for other in after.tables.iter().filter(|b| b.id != stub.target) {
        let apart = new.x + new.width <= other.x
            || other.x + other.width <= new.x
            || new.y + new.height <= other.y
            || other.y + other.height <= new.y;
        assert!(apart, "the newcomer overlaps no box");
    }
    // Brought in with no stub named: beside a member it is joined to, or right of the view.
    let again = with_member(m, &view, stub.target);
    assert!(again.layout.positions.contains_key(&stub.target));
    assert!(
        after.tables.iter().any(|b| b.id == stub.target),
        "drawn now"
    );
    assert!(
        !after
            .stubs
            .iter()
            .any(|s| s.table == stub.table && s.target == stub.target),
        "its stub became an edge"
    );
    assert!(after
        .edges
        .iter()
        .any(|e| (e.table == stub.table && e.target == stub.target)
            || (e.table == stub.target && e.target == stub.table)));
}

#[test]
fn views_are_saved_undone_and_shared() {
    let mut p = hub();
    let start = p.model.tables[3].id;
    let view = new_view(
        &p.model,
        "orders and friends",
        neighbourhood(&p.model, start, 1),
    );
    let applied = apply(
        &mut p,
        Edit::PutDiagramView {
            view: Box::new(view.clone()),
            at: 0,
        },
    )
    .expect("saved");
    assert_eq!(p.views, vec![view.clone()]);
    // Moving a box in the view replaces the view; undo gives the old places back.
    let mut moved = view.clone();
    let first = *moved.members.first().expect("members");
    moved
        .layout
        .positions
        .insert(first, schemaforge::model::Point { x: 5000.0, y: 5.0 });
    let undo_move = apply(
        &mut p,
        Edit::PutDiagramView {
            view: Box::new(moved.clone()),
            at: 0,
        },
    )
    .expect("moved");
    assert_eq!(p.views[0], moved);
    apply(&mut p, undo_move.inverse).expect("undo the move");
    assert_eq!(p.views[0], view);
    // In the project file and in a share link.
    let back = Project::from_json(&p.to_json()).expect("reads");
    assert_eq!(back.views, p.views);
    let link = encode_project(&p);
    let shared = decode_project(&link).expect("decodes");
    assert_eq!(shared.views, p.views);
    // Undo the save; a view needs a name.
    apply(&mut p, applied.inverse).expect("undo the save");
    assert!(p.views.is_empty());
    let unnamed = new_view(&p.model, " ", BTreeSet::from([start]));
    assert!(apply(
        &mut p,
        Edit::PutDiagramView {
            view: Box::new(unnamed),
            at: 0
        }
    )
    .is_err());
}

#[test]
fn views_come_from_a_search_and_a_group() {
    let p = project(
        "CREATE TABLE users (id int PRIMARY KEY);\n\
         CREATE TABLE user_roles (user_id int REFERENCES users (id));\n\
         CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));",
    );
    let m = &p.model;
    let names = |ids: BTreeSet<Id>| -> Vec<String> {
        m.tables
            .iter()
            .filter(|t| ids.contains(&t.id))
            .map(|t| t.name.clone())
            .collect()
    };
    assert_eq!(names(matching(m, "USER")), ["users", "user_roles"]);
    assert!(matching(m, "  ").is_empty());
    let text = "Table a {\n  id int\n}\nTable b {\n  id int\n}\nTable c {\n  id int\n}\nTableGroup ab {\n  a\n  b\n}\n";
    let grouped = match schemaforge::workspace::open_text("g.dbml", text, None) {
        Ok(schemaforge::workspace::Input::Sql { project, .. }) => *project,
        _ => panic!("the DBML opens"),
    };
    let g = grouped.model.table_groups.first().expect("a group");
    let members = group_members(&grouped.model, g.id);
    let got: Vec<_> = grouped
        .model
        .tables
        .iter()
        .filter(|t| members.contains(&t.id))
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(got, ["a", "b"]);
}

#[test]
fn stub_labels_are_inert_in_the_svg() {
    let p = project(
        "CREATE TABLE \"<script>alert(1)</script>\" (id int PRIMARY KEY);\n\
         CREATE TABLE orders (id int PRIMARY KEY, x int REFERENCES \"<script>alert(1)</script>\" (id));",
    );
    let orders = p
        .model
        .tables
        .iter()
        .find(|t| t.name == "orders")
        .expect("orders")
        .id;
    let view = new_view(&p.model, "v", BTreeSet::from([orders]));
    let scene = view_scene(&p.model, &view);
    assert_eq!(scene.stubs.len(), 1);
    let svg = scene_svg(&scene);
    assert!(
        svg.contains("→ &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{svg}"
    );
    assert!(!svg.contains("<script>"));
}

/// A schema with a finding inside the view (orders has no primary key) and one outside it
/// (audit has none either), and the view of users and orders.
fn reviewed() -> (Project, schemaforge::model::DiagramView) {
    let p = project(
        "CREATE TABLE users (id int PRIMARY KEY, name text);\n\
         CREATE TABLE orders (user_id int REFERENCES users (id), total int);\n\
         CREATE TABLE audit (happened_at timestamp, what text);\n\
         CREATE TABLE payments (id int PRIMARY KEY, user_id int REFERENCES users (id));",
    );
    let id = |name: &str| {
        p.model
            .tables
            .iter()
            .find(|t| t.name == name)
            .expect(name)
            .id
    };
    let view = new_view(
        &p.model,
        "Orders <&> users",
        BTreeSet::from([id("users"), id("orders")]),
    );
    (p, view)
}

#[test]
fn the_review_page_and_mermaid_take_a_view() {
    use schemaforge::generate::mermaid::mermaid_er;
    use schemaforge::generate::review_page::review_page;
    use schemaforge::layout::view::{part_of, project_of_view};
    let (p, view) = reviewed();
    let whole = review_page(&p, None, None).expect("whole page");
    assert!(
        whole.contains("audit"),
        "the whole page has every table and finding"
    );
    let page = review_page(&p, None, Some(&view)).expect("view page");
    assert!(
        page.contains("Diagram: Orders &lt;&amp;&gt; users"),
        "named, escaped"
    );
    assert!(
        page.contains("data-testid=\"review-view\">The view shows 2 of 4"),
        "{page}"
    );
    assert!(
        !page.contains("audit"),
        "nothing about a table outside the view"
    );
    assert!(page.contains("orders"), "the view's own findings stay");
    assert!(
        page.contains("← payments"),
        "the key from outside is a stub"
    );
    let findings = |html: &str| html.matches("<tr><td>").count();
    assert!(
        findings(&page) >= 1 && findings(&page) < findings(&whole),
        "findings filtered"
    );

    let mermaid = mermaid_er(&part_of(&p.model, &view.members));
    assert!(
        mermaid.contains("users") && mermaid.contains("orders"),
        "{mermaid}"
    );
    assert!(
        !mermaid.contains("audit") && !mermaid.contains("payments"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("--o{"),
        "the key between them is drawn: {mermaid}"
    );
    let part = project_of_view(&p, &view);
    assert_eq!(part.model.tables.len(), 2);
    assert_eq!(part.layout, view.layout, "placed as the view places them");
    let markdown = schemaforge::generate::markdown::project_markdown(&part);
    assert!(markdown.contains("## orders") && !markdown.contains("## audit"));
}
