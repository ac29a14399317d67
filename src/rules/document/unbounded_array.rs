use super::{changed_field, fields, is_array};
use crate::model::document::BsonType;
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags array fields without `maxItems` that hold embedded documents or references
    /// (ObjectIds), or that the samples show with 100 elements or more.
    ///
    /// ## Why it matters
    /// An array that grows with use (comments on a post, events of a device) makes every
    /// read of the document carry all of it, every update rewrite it, and indexes on it
    /// grow an entry per element, until the document nears the 16 MB limit. MongoDB's
    /// schema design guidance calls it the unbounded-array anti-pattern.
    ///
    /// ## Example
    /// `{"_id": 1, "comments": [{"by": "ann", "text": "..."}, ...]}`
    ///
    /// ## Fix
    /// Move the elements to a collection of their own that references the parent, or keep
    /// a bounded subset (the subset pattern). The offered fix bounds the array with
    /// `maxItems` (twice the longest seen, at least 100); unsafe, since writes that go past
    /// it are then refused.
    pub struct UnboundedArray {
        code: "DOC001",
        name: "unbounded-array",
        severity: Warning,
        failing: ["collection posts\n{\"_id\": 1, \"comments\": [{\"by\": \"ann\", \"text\": \"hi\"}]}"],
        passing: ["collection posts\n{\"_id\": 1, \"tags\": [\"a\", \"b\"]}"],
    }
}
impl_rule!(UnboundedArray);

/// Arrays at least this long in the samples are flagged whatever they hold.
const LONG: u64 = 100;

impl UnboundedArray {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for c in &cx.model.collections {
            for at in fields(c) {
                let f = at.field;
                if !is_array(f) || f.facets.max_items.is_some() {
                    continue;
                }
                let longest = f.observed.as_ref().and_then(|o| o.longest_array);
                let grows = f
                    .item_types
                    .iter()
                    .any(|t| matches!(t, BsonType::Object | BsonType::ObjectId | BsonType::Array));
                if !grows && longest.unwrap_or(0) < LONG {
                    continue;
                }
                let bound = longest.unwrap_or(0).saturating_mul(2).max(LONG);
                let seen =
                    longest.map_or(String::new(), |n| format!(" (the samples have up to {n})"));
                let fix = changed_field(cx.model, c, &at.ids, |f| f.facets.max_items = Some(bound))
                    .map(|edit| Fix {
                        title: format!("limit {} to {bound} items", at.path),
                        safety: Safety::Unsafe,
                        edits: vec![edit],
                    });
                out.push(
                    RuleFinding::new(
                        ModelPath::field(c, f.id, &at.path),
                        format!(
                            "array {}.{} has no maxItems and can grow without bound{seen}",
                            c.name, at.path
                        ),
                    )
                    .with_fix(fix),
                );
            }
        }
        out
    }
}
