use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;

use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags tables that reference each other in a cycle (`a` -> `b` -> `a`) where no foreign
    /// key of the cycle is deferrable and every one is NOT NULL. A table referencing itself
    /// (a tree) passes.
    ///
    /// ## Why it matters
    /// The first row of such a cycle can never be inserted: each side needs the other to
    /// exist first. A deferrable key (checked at commit) or a nullable column breaks the
    /// deadlock.
    ///
    /// ## Example
    /// `CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL REFERENCES b);` and
    /// `CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a);`
    ///
    /// ## Fix
    /// Make one key `DEFERRABLE INITIALLY DEFERRED` (PostgreSQL, SQLite) or one column
    /// nullable. No automatic fix: which one is a design choice.
    pub struct CircularForeignKeys {
        code: "INT007",
        name: "circular-foreign-keys",
        severity: Warning,
        failing: ["CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL); CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;"],
        passing: ["CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b; CREATE TABLE nodes (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES nodes);", "CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL); CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b DEFERRABLE INITIALLY DEFERRED;"],
    }
}
impl_rule!(CircularForeignKeys);

impl CircularForeignKeys {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let model = cx.model;
        let lookup = cx.lookup();
        let mut graph = DiGraph::<usize, ()>::new();
        let nodes: Vec<_> = (0..model.tables.len()).map(|i| graph.add_node(i)).collect();
        for (i, t) in model.tables.iter().enumerate() {
            for fk in &t.foreign_keys {
                // Only keys that block an insert count: required, checked at once.
                let required = fk
                    .columns
                    .iter()
                    .all(|c| t.column_by_id(*c).is_some_and(|c| !c.nullable));
                if fk.deferrable || !required {
                    continue;
                }
                if let Some(j) = lookup.target(fk).filter(|&j| j != i) {
                    graph.add_edge(nodes[i], nodes[j], ());
                }
            }
        }
        let mut out = Vec::new();
        for component in tarjan_scc(&graph) {
            if component.len() < 2 {
                continue;
            }
            let mut tables: Vec<usize> = component.iter().map(|n| graph[*n]).collect();
            tables.sort();
            let names: Vec<&str> = tables
                .iter()
                .map(|&i| model.tables[i].name.as_str())
                .collect();
            let first = &model.tables[tables[0]];
            out.push(RuleFinding::new(
                ModelPath::table(first),
                format!(
                    "{} reference each other through NOT NULL keys that are not deferrable: no first row can be inserted",
                    names.join(", ")
                ),
            ));
        }
        out
    }
}
