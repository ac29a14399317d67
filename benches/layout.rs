//! Side by side: Schemaforge's layout (native, and wasm in node) against npm's elkjs
//! (layered, orthogonal routing; once free to attach edges anywhere on a box, once held to
//! the column rows as Schemaforge is) and @dagrejs/dagre, on every corpus schema with a
//! foreign key (SQL and DBML; four of them under short names), a hub-dominated
//! graph of 375 tables and 760 foreign keys, and a 2,000-table graph. Every drawing is
//! measured by the same code (`layout::metrics`). Run with `make bench-layout`.
//!
//! The graphs are written to target/layout-bench/*.graph.json; benches/layout/peers.mjs lays
//! them out with elkjs and dagre, benches/layout/wasm.mjs with this engine built to wasm.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use schemaforge::import::dbml::import_dbml;
use schemaforge::import::detect::{detect_format, Format};
use schemaforge::import::sql::import_sql;
use schemaforge::layout::graph::layout_graph_of;
use schemaforge::layout::metrics::{measure, Metrics};
use schemaforge::layout::{layout_graph, LayoutGraph, Rect};
use schemaforge::model::{Dialect, Point};
use schemaforge::synthetic::hub_schema_script;
use serde_json::{json, Value};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target/layout-bench");
    std::fs::create_dir_all(&out).expect("target/layout-bench");
    let corpus = root.join("../shared/corpus");
    let mut graphs: Vec<(String, LayoutGraph)> = Vec::new();
    let named = [
        ("chinook", "sql/chinook/chinook.pg_dump.sql"),
        ("sakila", "sql/sakila/mysql.sql"),
        ("sakila-pg", "sql/sakila/postgres.sql"),
        ("pagila", "sql/pagila/pagila.pg_dump.sql"),
    ];
    for (name, file) in named {
        graphs.push((name.into(), corpus_graph(&corpus.join(file))));
    }
    // Every other corpus schema with a foreign key, named by its path.
    let mut others = Vec::new();
    collect_schemas(&corpus, &mut others);
    others.sort();
    for path in others {
        let relative = path
            .strip_prefix(&corpus)
            .unwrap_or(&path)
            .to_string_lossy();
        if named.iter().any(|(_, f)| *f == relative) {
            continue;
        }
        let graph = corpus_graph(&path);
        if graph.nodes.len() > 1 && !graph.edges.is_empty() {
            graphs.push((relative.replace('/', "_"), graph));
        }
    }
    let corpus_graphs = graphs.len();
    for (name, tables, fks) in [("hub-375", 375, 760), ("synthetic-2000", 2000, 4000)] {
        let model = import_sql(&hub_schema_script(tables, fks), Dialect::Postgres).model;
        graphs.push((name.into(), layout_graph_of(&model).0));
    }

    // A graph file is written only when it changed, so the peers' drawings of an unchanged
    // graph (elkjs and dagre are deterministic) are reused rather than made again.
    let mut files = Vec::new();
    let mut stale = Vec::new();
    for (name, graph) in &graphs {
        let path = out.join(format!("{name}.graph.json"));
        let text = graph_json(name, graph).to_string();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).expect("write graph");
        }
        if !PEERS
            .iter()
            .all(|engine| is_newer(&out.join(format!("{name}.{engine}.json")), &path))
        {
            stale.push(path.clone());
        }
        files.push(path);
    }
    let mut rows: Vec<Row> = Vec::new();
    for (name, graph) in &graphs {
        let runs = if graph.nodes.len() > 1000 { 5 } else { 21 };
        let mut times = Vec::new();
        let mut drawing = None;
        for _ in 0..runs {
            let start = Instant::now();
            let d = layout_graph(std::hint::black_box(graph));
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            drawing = Some(d);
        }
        times.sort_by(f64::total_cmp);
        let drawing = drawing.expect("ran");
        let metrics = measure(&graph.boxes(&drawing), &drawing.routes);
        rows.push((
            name.clone(),
            "schemaforge".into(),
            Some(times[times.len() / 2]),
            Ok(metrics),
        ));
    }
    run_node(root, "benches/layout/wasm.mjs", &out, &files);
    println!(
        "peers: {} graphs to lay out, {} reused from earlier runs",
        stale.len(),
        files.len() - stale.len()
    );
    if !stale.is_empty() {
        run_node(root, "benches/layout/peers.mjs", &out, &stale);
    }
    for (name, _) in &graphs {
        for engine in ["schemaforge-wasm", "elkjs", "elkjs-rows", "dagre"] {
            let path = out.join(format!("{name}.{engine}.json"));
            rows.push((name.clone(), engine.into(), None, read_result(&path)));
        }
    }
    // Millis of the engines run in node come from their files.
    let mut table = render(&rows, &out);
    table.push_str(&against_elkjs(&rows, &graphs[..corpus_graphs]));
    println!("{table}");
    std::fs::write(out.join("results.md"), &table).expect("write results");
}

/// The layout graph of a corpus file, read as the app reads an opened file: DBML or SQL in
/// the dialect its text shows (`detect_format`).
fn corpus_graph(path: &Path) -> LayoutGraph {
    let text = std::fs::read_to_string(path).expect("corpus file");
    let model = match detect_format(&text) {
        Format::Dbml => import_dbml(&text).model,
        Format::Sql(dialect) => import_sql(&text, dialect).model,
        Format::Project => Default::default(),
    };
    layout_graph_of(&model).0
}

/// The SQL and DBML files under `dir`, recursively.
fn collect_schemas(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_schemas(&path, into);
        } else if path.extension().is_some_and(|e| e == "sql" || e == "dbml") {
            into.push(path);
        }
    }
}

/// Most total edge length a corpus drawing may have, as a multiple of elkjs's (free ports).
const EDGE_LENGTH_GOAL: f64 = 1.25;

/// The goal on the corpus, per schema: edge length at most [`EDGE_LENGTH_GOAL`] times
/// elkjs's, with crossings at or below elkjs's; then how many schemas meet it.
fn against_elkjs(rows: &[Row], graphs: &[(String, LayoutGraph)]) -> String {
    let metrics = |graph: &str, engine: &str| {
        rows.iter()
            .find(|r| r.0 == graph && r.1 == engine)
            .and_then(|r| r.3.as_ref().ok())
            .copied()
    };
    let mut table = String::from(
        "\n| schema | edge length / elkjs's | crossings (elkjs) | meets |\n|---|---:|---:|---|\n",
    );
    let mut meeting = 0;
    let mut missing = Vec::new();
    for (name, _) in graphs {
        let (Some(ours), Some(elk)) = (metrics(name, "schemaforge"), metrics(name, "elkjs")) else {
            missing.push(name.as_str());
            continue;
        };
        let ratio = if elk.edge_length > 0.0 {
            ours.edge_length / elk.edge_length
        } else if ours.edge_length > 0.0 {
            f64::INFINITY
        } else {
            1.0
        };
        let meets = ratio <= EDGE_LENGTH_GOAL && ours.crossings <= elk.crossings;
        if meets {
            meeting += 1;
        }
        table.push_str(&format!(
            "| {name} | {ratio:.2} | {} ({}) | {} |\n",
            ours.crossings,
            elk.crossings,
            if meets { "yes" } else { "no" }
        ));
    }
    table.push_str(&format!(
        "\nCorpus schemas with foreign keys: {}; edge length within {EDGE_LENGTH_GOAL}x elkjs's and crossings at or below on {meeting}{}\n",
        graphs.len(),
        if missing.is_empty() {
            String::new()
        } else {
            format!("; no elkjs drawing for {}", missing.join(", "))
        }
    ));
    table
}

/// The engines benches/layout/peers.mjs runs.
const PEERS: [&str; 3] = ["elkjs", "elkjs-rows", "dagre"];

/// True when `path` exists and was written after `than`.
fn is_newer(path: &Path, than: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(path), modified(than)), (Some(a), Some(b)) if a >= b)
}

/// One line of the table: graph, engine, milliseconds measured here, the drawing's metrics.
type Row = (String, String, Option<f64>, Result<Metrics, String>);

fn graph_json(name: &str, graph: &LayoutGraph) -> Value {
    json!({
        "name": name,
        "nodes": graph.nodes.iter().enumerate().map(|(i, n)| json!({
            "id": format!("n{i}"), "width": n.width, "height": n.height,
        })).collect::<Vec<_>>(),
        "edges": graph.edges.iter().enumerate().map(|(i, e)| json!({
            "id": format!("e{i}"), "source": format!("n{}", e.source), "target": format!("n{}", e.target),
            "source_row": e.source_row, "target_row": e.target_row,
        })).collect::<Vec<_>>(),
    })
}

fn run_node(root: &Path, script: &str, out: &Path, files: &[PathBuf]) {
    let status = Command::new("node")
        .arg(root.join(script))
        .arg(out)
        .args(files)
        .status();
    match status {
        Ok(s) if s.success() => {}
        other => println!("{script} did not finish: {other:?}"),
    }
}

/// An engine's drawing from its JSON file, measured here; the file's `millis` is kept.
fn read_result(path: &Path) -> Result<Metrics, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("missing: {e}"))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if let Some(error) = v.get("error") {
        return Err(error.as_str().unwrap_or("error").to_string());
    }
    let num = |v: &Value, k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(0.0);
    let boxes: Vec<Rect> = v["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| Rect {
            x: num(n, "x"),
            y: num(n, "y"),
            width: num(n, "width"),
            height: num(n, "height"),
        })
        .collect();
    let routes: Vec<Vec<Point>> = v["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            e["points"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    Some(Point {
                        x: p.get(0)?.as_f64()?,
                        y: p.get(1)?.as_f64()?,
                    })
                })
                .collect()
        })
        .collect();
    Ok(measure(&boxes, &routes))
}

fn millis_of(out: &Path, graph: &str, engine: &str) -> Option<f64> {
    let text = std::fs::read_to_string(out.join(format!("{graph}.{engine}.json"))).ok()?;
    serde_json::from_str::<Value>(&text)
        .ok()?
        .get("millis")?
        .as_f64()
}

fn render(rows: &[Row], out: &Path) -> String {
    let mut table = String::from(
        "| graph | engine | ms | crossings | overlaps | edge length | bends | area (Mpx²) | aspect |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut sorted: Vec<&Row> = rows.iter().collect();
    sorted.sort_by_key(|r| r.0.clone());
    for (graph, engine, ms, result) in sorted {
        let ms = ms.or_else(|| millis_of(out, graph, engine));
        let ms = ms.map_or("-".into(), |m| format!("{m:.1}"));
        match result {
            Ok(m) => table.push_str(&format!(
                "| {graph} | {engine} | {ms} | {} | {} | {:.0} | {} | {:.2} | {:.2} |\n",
                m.crossings,
                m.overlaps,
                m.edge_length,
                m.bends,
                m.width * m.height / 1e6,
                m.aspect_ratio
            )),
            Err(e) => table.push_str(&format!("| {graph} | {engine} | {ms} | {e} | | | | | |\n")),
        }
    }
    table
}
