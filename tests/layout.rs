//! The layout engine on real schemas and random graphs: the `verify` invariants hold (no
//! overlaps, every edge on its rows, orthogonal, never through a box), the picture is
//! deterministic, the aspect ratio is sane, and odd inputs give a picture, not a hang.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use proptest::prelude::*;
use schemaforge::import::dbml::import_dbml;
use schemaforge::import::sql::import_sql;
use schemaforge::layout::arrange::overlaps;
use schemaforge::layout::bands::FOLD_WIDER_THAN;
use schemaforge::layout::force::FORCE_MAX_TABLES;
use schemaforge::layout::graph::layout_graph_of;
use schemaforge::layout::metrics::measure;
use schemaforge::layout::metrics::overlaps as overlapping_pairs;
use schemaforge::layout::verify::verify;
use schemaforge::layout::{
    arrange, auto_layout, build_scene, layered_layout, layout_graph, table_size, Algorithm,
    EdgeSpec, LayoutGraph, NodeSpec, Rect,
};
use schemaforge::model::Model;
use schemaforge::synthetic::hub_schema_script;
use support::{corpus_dir, corpus_files, dialect_of, fixed_seed};

fn check(name: &str, model: &Model) {
    let (graph, _) = layout_graph_of(model);
    let drawing = layout_graph(&graph);
    let problems = verify(&graph, &drawing);
    assert!(problems.is_empty(), "{name}: {problems:#?}");
    let metrics = measure(&graph.boxes(&drawing), &drawing.routes);
    println!(
        "{name}: {} tables, {} edges, crossings {}, bends {}, {:.0} x {:.0}, aspect {:.2}",
        graph.nodes.len(),
        graph.edges.len(),
        metrics.crossings,
        metrics.bends,
        metrics.width,
        metrics.height,
        metrics.aspect_ratio
    );
    assert_eq!(metrics.overlaps, 0);
    assert_eq!(layout_graph(&graph), drawing, "{name}: not deterministic");
    // A drawing narrower than a fold is read whole whatever its shape; a wider one is kept
    // near the target shape.
    assert!(
        metrics.width <= FOLD_WIDER_THAN || (0.5..=2.5).contains(&metrics.aspect_ratio),
        "{name}: {:.0} wide, aspect ratio {:.2}",
        metrics.width,
        metrics.aspect_ratio
    );
}

#[test]
fn every_corpus_schema_lays_out_soundly() {
    for file in corpus_files() {
        let text = std::fs::read_to_string(&file).expect("corpus file");
        let model = import_sql(&text, dialect_of(&file)).model;
        check(&file.display().to_string(), &model);
    }
    let mut dbml = 0;
    for dir in ["dbml/importer", "dbml/exporter", "dbml/model_exporter"] {
        for entry in walk(&corpus_dir().join("..").join(dir)) {
            if entry.extension().is_some_and(|e| e == "dbml") {
                let text = std::fs::read_to_string(&entry).expect("corpus file");
                check(&entry.display().to_string(), &import_dbml(&text).model);
                dbml += 1;
            }
        }
    }
    assert!(dbml > 20, "DBML corpus files found: {dbml}");
}

#[test]
fn every_table_group_area_contains_its_tables() {
    let mut groups = 0;
    for dir in ["dbml/importer", "dbml/exporter", "dbml/model_exporter"] {
        for entry in walk(&corpus_dir().join("..").join(dir)) {
            if entry.extension().is_none_or(|e| e != "dbml") {
                continue;
            }
            let text = std::fs::read_to_string(&entry).expect("corpus file");
            let model = import_dbml(&text).model;
            let scene = build_scene(&model, &layered_layout(&model));
            for group in &model.table_groups {
                let members: Vec<_> = scene
                    .tables
                    .iter()
                    .filter(|t| group.tables.contains(&t.id))
                    .collect();
                let area = scene.groups.iter().find(|a| a.name == group.name);
                let Some(area) = area else {
                    assert!(
                        members.is_empty(),
                        "{}: group {} not drawn",
                        entry.display(),
                        group.name
                    );
                    continue;
                };
                for table in members {
                    assert!(
                        area.x <= table.x
                            && area.y <= table.y
                            && table.x + table.width <= area.x + area.width
                            && table.y + table.height <= area.y + area.height,
                        "{}: group {} does not contain {}",
                        entry.display(),
                        group.name,
                        table.name
                    );
                }
                groups += 1;
            }
        }
    }
    assert!(groups > 0, "no table group in the DBML corpus");
}

/// Every corpus schema (SQL and DBML) as a model, with its file name.
fn corpus_models() -> Vec<(String, Model)> {
    let mut out = Vec::new();
    for file in corpus_files() {
        let text = std::fs::read_to_string(&file).expect("corpus file");
        out.push((
            file.display().to_string(),
            import_sql(&text, dialect_of(&file)).model,
        ));
    }
    for dir in ["dbml/importer", "dbml/exporter", "dbml/model_exporter"] {
        for entry in walk(&corpus_dir().join("..").join(dir)) {
            if entry.extension().is_some_and(|e| e == "dbml") {
                let text = std::fs::read_to_string(&entry).expect("corpus file");
                out.push((entry.display().to_string(), import_dbml(&text).model));
            }
        }
    }
    out
}

/// The alternatives to the layered layout: every table placed, no two boxes (nor group
/// areas) overlapping, the same picture every time; force-directed keeps joined tables
/// closer than tables in general, and refuses large schemas with a reason.
#[test]
fn force_directed_and_grid_by_group_give_sound_pictures() {
    let mut groups_seen = 0;
    let mut force_checked = 0;
    for (name, model) in corpus_models() {
        for algorithm in [Algorithm::Force, Algorithm::Groups] {
            if algorithm == Algorithm::Force && model.tables.len() > FORCE_MAX_TABLES {
                continue;
            }
            let layout = auto_layout(&model, algorithm).expect("a layout");
            assert_eq!(
                auto_layout(&model, algorithm),
                Ok(layout.clone()),
                "{name}: not deterministic"
            );
            let scene = build_scene(&model, &layout);
            assert_eq!(
                scene.tables.len(),
                model.tables.len(),
                "{name} {algorithm:?}"
            );
            let boxes: Vec<Rect> = scene.tables.iter().map(|t| t.rect()).collect();
            assert_eq!(
                overlapping_pairs(&boxes),
                0,
                "{name} {algorithm:?}: boxes overlap"
            );
            if algorithm == Algorithm::Groups {
                let areas: Vec<Rect> = scene.groups.iter().map(|g| g.rect()).collect();
                assert_eq!(overlapping_pairs(&areas), 0, "{name}: group areas overlap");
                groups_seen += areas.len();
            }
            if algorithm == Algorithm::Force && scene.edges.len() >= 3 {
                let centre = |t: &schemaforge::layout::scene::TableBox| {
                    (t.x + t.width / 2.0, t.y + t.height / 2.0)
                };
                let at = |id| centre(scene.tables.iter().find(|t| t.id == id).expect("box"));
                let distance = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).hypot(a.1 - b.1);
                let joined = scene
                    .edges
                    .iter()
                    .filter(|e| e.table != e.target)
                    .map(|e| distance(at(e.table), at(e.target)))
                    .sum::<f64>()
                    / scene.edges.len() as f64;
                let mut all = 0.0;
                let mut pairs = 0.0;
                for (i, a) in scene.tables.iter().enumerate() {
                    for b in &scene.tables[i + 1..] {
                        all += distance(centre(a), centre(b));
                        pairs += 1.0;
                    }
                }
                assert!(
                    joined < all / pairs,
                    "{name}: joined {joined:.0} px apart, all pairs {:.0}",
                    all / pairs
                );
                force_checked += 1;
            }
        }
    }
    assert!(
        groups_seen > 0 && force_checked > 10,
        "groups {groups_seen}, force {force_checked}"
    );
    let big = import_sql(
        &hub_schema_script(FORCE_MAX_TABLES + 1, 10),
        Default::default(),
    )
    .model;
    let refused = auto_layout(&big, Algorithm::Force);
    assert!(refused.is_err_and(|e| e.contains("up to 300 tables")));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn a_hub_dominated_schema_stays_wide_and_sound() {
    let model = import_sql(&hub_schema_script(375, 760), Default::default()).model;
    check("hub 375/760", &model);
    // The hub's 108 referencing tables wrap into several columns instead of one tall one.
    let (graph, _) = layout_graph_of(&model);
    let drawing = layout_graph(&graph);
    let ratio = measure(&graph.boxes(&drawing), &drawing.routes).aspect_ratio;
    assert!((0.5..=2.5).contains(&ratio), "aspect ratio {ratio}");
}

#[test]
fn the_scene_uses_the_layout_routes_until_a_table_moves() {
    let model = import_sql(&hub_schema_script(40, 80), Default::default()).model;
    let mut layout = layered_layout(&model);
    let scene = build_scene(&model, &layout);
    for edge in &scene.edges {
        assert_eq!(Some(&edge.points), layout.routes.get(&edge.foreign_key));
    }
    // Move one table: only its own edges change.
    let moved = model.tables[3].id;
    if let Some(p) = layout.positions.get_mut(&moved) {
        p.x += 37.0;
    }
    let after = build_scene(&model, &layout);
    for (a, b) in scene.edges.iter().zip(&after.edges) {
        let touches = a.table == moved || a.target == moved;
        assert_eq!(
            a.points == b.points,
            !touches || a.points.is_empty(),
            "{:?}",
            a.foreign_key
        );
    }
}

/// After an edit, the tables that were there keep their place, and new tables go next to
/// the tables they are joined to, without touching any box.
#[test]
fn new_tables_go_near_their_neighbours_and_nothing_else_moves() {
    let before = import_sql(&hub_schema_script(120, 240), Default::default()).model;
    let layout = layered_layout(&before);
    let victim = &before.tables[60];
    let mut script = hub_schema_script(120, 240);
    script.push_str(&format!(
        "CREATE TABLE late_child (id int PRIMARY KEY, parent_id int REFERENCES {} (id));
         CREATE TABLE late_grandchild (id int PRIMARY KEY, late_child_id int REFERENCES late_child (id));
         CREATE TABLE late_loner (id int PRIMARY KEY);",
        victim.name
    ));
    let after = import_sql(&script, Default::default()).model;
    // Re-import keeps the ids of the tables that still match by name.
    let mut after = after;
    for t in &mut after.tables {
        if let Some(old) = before.tables.iter().find(|o| o.name == t.name) {
            t.id = old.id;
        }
    }
    let arranged = arrange(&after, &layout);
    for t in &before.tables {
        assert_eq!(
            arranged.positions.get(&t.id),
            layout.positions.get(&t.id),
            "{} moved",
            t.name
        );
    }
    let boxes: Vec<_> = after
        .tables
        .iter()
        .map(|t| (t, arranged.positions[&t.id], table_size(t)))
        .collect();
    for (i, (a, pa, sa)) in boxes.iter().enumerate() {
        for (b, pb, sb) in &boxes[i + 1..] {
            let new = |t: &&schemaforge::model::Shared<schemaforge::model::Table>| {
                t.name.starts_with("late_")
            };
            if new(a) || new(b) {
                assert!(
                    !overlaps(*pa, *sa, *pb, *sb),
                    "{} overlaps {}",
                    a.name,
                    b.name
                );
            }
        }
    }
    let centre = |name: &str| {
        let (_, p, s) = boxes.iter().find(|(t, _, _)| t.name == name).expect(name);
        (p.x + s.width / 2.0, p.y + s.height / 2.0)
    };
    let distance =
        |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let parent = centre(&victim.name);
    let child = centre("late_child");
    let grandchild = centre("late_grandchild");
    // "Near": closer to its neighbour than to nearly every other table of the diagram.
    let farther = |from: (f64, f64), d: f64| {
        boxes
            .iter()
            .filter(|(t, _, _)| distance(centre(&t.name), from) > d)
            .count() as f64
            / boxes.len() as f64
    };
    let d = distance(parent, child);
    assert!(
        farther(child, d) > 0.9,
        "late_child is {d:.0} px from its parent"
    );
    let d = distance(child, grandchild);
    assert!(
        farther(grandchild, d) > 0.9,
        "late_grandchild is {d:.0} px from late_child"
    );
    assert!(arranged
        .positions
        .contains_key(&after.tables.last().expect("tables").id));
}

/// Sticky notes get a place beside the tables, never on one, and keep a place the user gave.
#[test]
fn sticky_notes_sit_beside_the_tables_and_keep_their_place() {
    let dbml = "Table users { id int [pk] }\n\
                Table posts { id int [pk]\n user_id int [ref: > users.id] }\n\
                Note release { 'Posts are archived after a year. Ask the data team before changing the key.' }\n\
                Note empty { '' }";
    let model = import_dbml(dbml).model;
    assert_eq!(model.notes.len(), 2);
    let layout = layered_layout(&model);
    let scene = build_scene(&model, &layout);
    assert_eq!(scene.notes.len(), 2);
    for n in &scene.notes {
        assert!(n.height > 0.0 && n.width > 0.0);
        for t in &scene.tables {
            let apart = n.x >= t.x + t.width
                || t.x >= n.x + n.width
                || n.y >= t.y + t.height
                || t.y >= n.y + n.height;
            assert!(apart, "note {} covers table {}", n.name, t.name);
        }
    }
    let release = &scene.notes[0];
    assert!(release.lines.len() > 1, "wrapped: {:?}", release.lines);
    // Bounds hold the notes, so fit and export show them.
    assert!(scene.bounds.max_x >= release.x + release.width);
    // A note the user moved keeps its place when the model changes.
    let mut moved = layout.clone();
    let note_id = model.notes[0].id;
    moved.positions.insert(
        note_id,
        schemaforge::model::Point {
            x: -500.0,
            y: -300.0,
        },
    );
    let again = arrange(&model, &moved);
    assert_eq!(
        again.positions[&note_id],
        schemaforge::model::Point {
            x: -500.0,
            y: -300.0
        }
    );
    assert_eq!(
        again.positions[&model.notes[1].id],
        layout.positions[&model.notes[1].id]
    );
}

#[test]
fn odd_graphs_give_a_picture() {
    // No edges at all.
    let boxes = LayoutGraph {
        nodes: vec![
            NodeSpec {
                width: 160.0,
                height: 96.0
            };
            300
        ],
        edges: vec![],
    };
    let drawing = layout_graph(&boxes);
    assert!(verify(&boxes, &drawing).is_empty());
    let m = measure(&boxes.boxes(&drawing), &drawing.routes);
    assert!((0.5..=2.5).contains(&m.aspect_ratio), "{}", m.aspect_ratio);
    // One table of 500 columns referencing itself, next to a small one.
    let tall = LayoutGraph {
        nodes: vec![
            NodeSpec {
                width: 200.0,
                height: 30.0 + 22.0 * 500.0,
            },
            NodeSpec {
                width: 160.0,
                height: 74.0,
            },
        ],
        edges: vec![
            EdgeSpec {
                source: 0,
                target: 0,
                source_row: 9000.0,
                target_row: 41.0,
            },
            EdgeSpec {
                source: 1,
                target: 0,
                source_row: 63.0,
                target_row: 41.0,
            },
        ],
    };
    assert!(verify(&tall, &layout_graph(&tall)).is_empty());
    // A cycle of foreign keys through ten tables.
    let cycle = LayoutGraph {
        nodes: vec![
            NodeSpec {
                width: 180.0,
                height: 100.0
            };
            10
        ],
        edges: (0..10)
            .map(|i| EdgeSpec {
                source: i,
                target: (i + 1) % 10,
                source_row: 63.0,
                target_row: 41.0,
            })
            .collect(),
    };
    assert!(verify(&cycle, &layout_graph(&cycle)).is_empty());
}

#[test]
fn a_deep_chain_of_references_folds_into_bands_without_crossings() {
    // Twelve tables, each referencing the next: twelve ranks side by side, unfolded.
    let chain = LayoutGraph {
        nodes: vec![
            NodeSpec {
                width: 220.0,
                height: 118.0
            };
            12
        ],
        edges: (0..11)
            .map(|i| EdgeSpec {
                source: i,
                target: i + 1,
                source_row: 63.0,
                target_row: 41.0,
            })
            .collect(),
    };
    let drawing = layout_graph(&chain);
    assert!(verify(&chain, &drawing).is_empty());
    let m = measure(&chain.boxes(&drawing), &drawing.routes);
    assert!((0.5..=2.5).contains(&m.aspect_ratio), "{}", m.aspect_ratio);
    assert_eq!(m.crossings, 0);
    // Folded: fewer columns than tables, and the bands one below the other.
    let columns = {
        let mut lefts: Vec<i64> = drawing.nodes.iter().map(|p| p.x as i64).collect();
        lefts.sort_unstable();
        lefts.dedup();
        lefts.len()
    };
    assert!(columns < 12, "every table in a column of its own");
}

#[test]
fn a_narrow_box_sits_against_the_side_its_edges_leave_from() {
    // `wide` and `narrow` are both referenced by `child`: they share the left column, and
    // the narrow one's edge leaves from its right side without crossing the empty column.
    let node = |width: f64| NodeSpec {
        width,
        height: 118.0,
    };
    let edge = |source, target| EdgeSpec {
        source,
        target,
        source_row: 63.0,
        target_row: 41.0,
    };
    let graph = LayoutGraph {
        nodes: vec![node(420.0), node(160.0), node(200.0)],
        edges: vec![edge(2, 0), edge(2, 1)],
    };
    let drawing = layout_graph(&graph);
    assert!(verify(&graph, &drawing).is_empty());
    let boxes = graph.boxes(&drawing);
    let (wide, narrow, child) = (boxes[0], boxes[1], boxes[2]);
    assert!(
        wide.right() < child.x && narrow.right() < child.x,
        "one column left of child"
    );
    assert_eq!(narrow.right(), wide.right(), "right-aligned in its column");
    let route = &drawing.routes[1];
    let length: f64 = route
        .windows(2)
        .map(|w| (w[1].x - w[0].x).abs() + (w[1].y - w[0].y).abs())
        .sum();
    assert!(length <= child.x - narrow.right() + 120.0, "{route:?}");
}

#[test]
fn a_short_chain_is_not_folded_and_its_edges_run_straight_across() {
    // Three tables, each referencing the next: far wider than tall, but it fits a screen.
    let chain = boxes_and_edges(3, &[(0, 1, 0, 0), (1, 2, 0, 0)]);
    let drawing = layout_graph(&chain);
    assert!(verify(&chain, &drawing).is_empty());
    let tops: Vec<f64> = drawing.nodes.iter().map(|p| p.y).collect();
    assert!(tops.iter().all(|&y| y == tops[0]), "one row: {tops:?}");
    let m = measure(&chain.boxes(&drawing), &drawing.routes);
    assert_eq!(m.bends, 0, "straight edges");
    // Each edge spans only the gap between two boxes.
    assert!(m.edge_length < 2.0 * 200.0, "{}", m.edge_length);
}

/// A graph of equal boxes with edges `(source, target, source row, target row)`, rows
/// counted from 0 below the header.
fn boxes_and_edges(boxes: usize, edges: &[(usize, usize, usize, usize)]) -> LayoutGraph {
    let row = |r: usize| 30.0 + 22.0 * (r as f64 + 0.5);
    LayoutGraph {
        nodes: vec![
            NodeSpec {
                width: 220.0,
                height: 30.0 + 22.0 * 4.0
            };
            boxes
        ],
        edges: edges
            .iter()
            .map(|&(source, target, s, t)| EdgeSpec {
                source,
                target,
                source_row: row(s),
                target_row: row(t),
            })
            .collect(),
    }
}

#[test]
fn two_link_tables_on_one_target_draw_without_crossings() {
    // Chinook's shape: invoice_line (3) and playlist_track (4) each reference their own
    // table (invoice 0, playlist 1) from their first row and track (2) from their second.
    // With every referenced table on the left, one crossing is forced: each link table
    // needs its own table above track, and then the upper one's edge to track crosses the
    // lower one's edge to its own table. Turning one link table's edges removes it.
    let graph = boxes_and_edges(5, &[(3, 0, 0, 0), (3, 2, 1, 0), (4, 1, 0, 0), (4, 2, 1, 0)]);
    let drawing = layout_graph(&graph);
    assert!(verify(&graph, &drawing).is_empty());
    assert_eq!(
        measure(&graph.boxes(&drawing), &drawing.routes).crossings,
        0
    );
}

#[test]
fn tables_with_the_same_references_spread_to_both_sides() {
    // Six partitions (3..9), each referencing tables 0, 1 and 2 from rows 0, 1 and 2: all
    // on one side, every pair of partitions crosses three times (45 crossings). Three on
    // each side give 2 x 3 x 3 = 18.
    let edges: Vec<(usize, usize, usize, usize)> = (3..9)
        .flat_map(|p| (0..3).map(move |t| (p, t, t, 0)))
        .collect();
    let graph = boxes_and_edges(9, &edges);
    let drawing = layout_graph(&graph);
    assert!(verify(&graph, &drawing).is_empty());
    let crossings = measure(&graph.boxes(&drawing), &drawing.routes).crossings;
    assert!(crossings <= 18, "{crossings} crossings");
}

#[test]
fn ten_thousand_tables_lay_out() {
    let model = import_sql(&hub_schema_script(10_000, 12_000), Default::default()).model;
    let (graph, _) = layout_graph_of(&model);
    let drawing = layout_graph(&graph);
    assert_eq!(drawing.nodes.len(), 10_000);
    assert_eq!(
        schemaforge::layout::metrics::overlaps(&graph.boxes(&drawing)),
        0
    );
}

fn random_graph() -> impl Strategy<Value = LayoutGraph> {
    (1usize..40).prop_flat_map(|n| {
        let node = (120.0f64..320.0, 1usize..12).prop_map(|(w, rows)| NodeSpec {
            width: w.round(),
            height: 30.0 + 22.0 * rows as f64,
        });
        let edge = (0..n, 0..n, 0usize..12, 0usize..12);
        (
            prop::collection::vec(node, n),
            prop::collection::vec(edge, 0..n * 3),
        )
            .prop_map(|(nodes, edges)| {
                let edges = edges
                    .into_iter()
                    .map(|(s, t, rs, rt)| {
                        let row = |v: usize, r: usize| {
                            let rows = ((nodes[v].height - 30.0) / 22.0) as usize;
                            30.0 + 22.0 * ((r % rows.max(1)) as f64 + 0.5)
                        };
                        EdgeSpec {
                            source: s,
                            target: t,
                            source_row: row(s, rs),
                            target_row: row(t, rt),
                        }
                    })
                    .collect();
                LayoutGraph { nodes, edges }
            })
    })
}

proptest! {
    #![proptest_config(fixed_seed(200))]

    #[test]
    fn random_graphs_lay_out_soundly(graph in random_graph()) {
        let drawing = layout_graph(&graph);
        let problems = verify(&graph, &drawing);
        prop_assert!(problems.is_empty(), "{:#?}", problems);
        prop_assert_eq!(layout_graph(&graph), drawing);
    }
}
