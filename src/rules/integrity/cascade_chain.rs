use crate::model::ReferentialAction;
use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

/// Cascades this many tables deep are worth a second look.
const DEPTH: usize = 3;

declare_rule! {
    /// ## What it does
    /// Flags a table from which a delete cascades through three or more levels of
    /// `ON DELETE CASCADE` foreign keys (`customers` -> `orders` -> `order_items` ->
    /// `shipments`).
    ///
    /// ## Why it matters
    /// One `DELETE` of a row deep in such a chain silently removes rows in every table below
    /// it, holds locks on all of them, and can run for minutes on big tables. Long chains
    /// are usually an accident of copying `CASCADE` everywhere.
    ///
    /// ## Example
    /// `a` <- `b ON DELETE CASCADE` <- `c ON DELETE CASCADE` <- `d ON DELETE CASCADE`
    ///
    /// ## Fix
    /// Keep `CASCADE` where the child cannot exist without its parent, and use `RESTRICT` or
    /// soft deletes above. No automatic fix.
    pub struct DeepCascadeChain {
        code: "INT008",
        name: "deep-cascade-chain",
        severity: Info,
        failing: ["CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a ON DELETE CASCADE); CREATE TABLE c (id int PRIMARY KEY, b_id int REFERENCES b ON DELETE CASCADE); CREATE TABLE d (id int PRIMARY KEY, c_id int REFERENCES c ON DELETE CASCADE);"],
        passing: ["CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a ON DELETE CASCADE); CREATE TABLE c (id int PRIMARY KEY, b_id int REFERENCES b ON DELETE CASCADE); CREATE TABLE d (id int PRIMARY KEY, c_id int REFERENCES c ON DELETE RESTRICT);"],
    }
}
impl_rule!(DeepCascadeChain);

impl DeepCascadeChain {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let model = cx.model;
        let lookup = cx.lookup();
        let n = model.tables.len();
        // children[p]: tables a delete in p cascades to.
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut has_parent = vec![false; n];
        for (i, t) in model.tables.iter().enumerate() {
            for fk in t
                .foreign_keys
                .iter()
                .filter(|f| f.on_delete == Some(ReferentialAction::Cascade))
            {
                if let Some(p) = lookup.target(fk).filter(|&p| p != i) {
                    children[p].push(i);
                    has_parent[i] = true;
                }
            }
        }
        // Longest chain below each table, cycles cut (a table on the path is not revisited).
        fn depth(
            at: usize,
            children: &[Vec<usize>],
            path: &mut Vec<bool>,
            memo: &mut [Option<usize>],
        ) -> usize {
            if let Some(d) = memo[at] {
                return d;
            }
            path[at] = true;
            let mut d = 0;
            for &c in &children[at] {
                if !path[c] {
                    d = d.max(1 + depth(c, children, path, memo));
                }
            }
            path[at] = false;
            memo[at] = Some(d);
            d
        }
        let mut memo = vec![None; n];
        let mut path = vec![false; n];
        (0..n)
            .filter(|&i| !has_parent[i])
            .filter_map(|i| {
                let d = depth(i, &children, &mut path, &mut memo);
                (d >= DEPTH).then(|| {
                    let t = &model.tables[i];
                    RuleFinding::new(
                        ModelPath::table(t),
                        format!("a delete in {} cascades {d} tables deep", t.name),
                    )
                })
            })
            .collect()
    }
}
