use super::fields;
use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags fields nested more than four embedded documents (or arrays of them) deep, once
    /// per branch, at the first field past the limit.
    ///
    /// ## Why it matters
    /// Deep paths are hard to query, index and update (`a.b.c.d.e.f`, positional operators
    /// per array level), and usually mean an entity that wants a collection or a flatter
    /// shape of its own. MongoDB itself stops at 100 levels.
    ///
    /// ## Example
    /// `{"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}`
    ///
    /// ## Fix
    /// Flatten the inner documents into their parent, or move them to a collection. No
    /// automatic fix: which shape is right depends on how the data is read.
    pub struct DeepNesting {
        code: "DOC002",
        name: "deep-nesting",
        severity: Warning,
        failing: ["collection devices\n{\"_id\": 1, \"a\": {\"b\": {\"c\": {\"d\": {\"e\": {\"f\": 1}}}}}}"],
        passing: ["collection devices\n{\"_id\": 1, \"a\": {\"b\": {\"c\": {\"d\": 1}}}}"],
    }
}
impl_rule!(DeepNesting);

/// Enclosing fields a field may have.
const DEEPEST: usize = 4;

impl DeepNesting {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for c in &cx.model.collections {
            for at in fields(c).into_iter().filter(|at| at.depth == DEEPEST + 1) {
                out.push(RuleFinding::new(
                    ModelPath::field(c, at.field.id, &at.path),
                    format!(
                        "{}.{} is nested {} levels deep (more than {DEEPEST})",
                        c.name, at.path, at.depth
                    ),
                ));
            }
        }
        out
    }
}
