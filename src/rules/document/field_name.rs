use super::{changed_field, fields};
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags field names that contain a dot or start with `$`.
    ///
    /// ## Why it matters
    /// MongoDB stores them (since 5.0) but its query language cannot address them: a dot
    /// reads as a path into an embedded document and a leading `$` as an operator, so
    /// `find`, `$set`, indexes and validators cannot name the field; only `$getField` and
    /// `$setField` reach it. Drivers and tools disagree on how to handle them.
    ///
    /// ## Example
    /// `{"price.usd": 5, "$meta": 1}`
    ///
    /// ## Fix
    /// Rename the field: `price_usd`, or an embedded `price: {usd: 5}`. The offered fix
    /// renames it with dots as underscores and no leading `$` (unsafe: stored documents need
    /// the migration that renames them, and code that reads the field changes).
    pub struct UnaddressableFieldName {
        code: "DOC005",
        name: "unaddressable-field-name",
        severity: Warning,
        failing: ["collection prices\n{\"_id\": 1, \"price.usd\": 5}"],
        passing: ["collection prices\n{\"_id\": 1, \"price_usd\": 5}"],
    }
}
impl_rule!(UnaddressableFieldName);

/// The name with dots as underscores and no leading `$`, not taken by a sibling.
fn addressable(name: &str, siblings: &[&str]) -> String {
    let base = name.trim_start_matches('$').replace('.', "_");
    let base = if base.is_empty() {
        "field".to_string()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while siblings.contains(&candidate.as_str()) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

impl UnaddressableFieldName {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for c in &cx.model.collections {
            let all = fields(c);
            for at in &all {
                let name = &at.field.name;
                if !name.contains('.') && !name.starts_with('$') {
                    continue;
                }
                let parent = &at.ids[..at.ids.len() - 1];
                let siblings: Vec<&str> = all
                    .iter()
                    .filter(|o| o.ids.len() == at.ids.len() && &o.ids[..o.ids.len() - 1] == parent)
                    .map(|o| o.field.name.as_str())
                    .collect();
                let new = addressable(name, &siblings);
                let fix =
                    changed_field(cx.model, c, &at.ids, |f| f.name = new.clone()).map(|edit| Fix {
                        title: format!("rename {name} to {new}"),
                        safety: Safety::Unsafe,
                        edits: vec![edit],
                    });
                let why = if name.starts_with('$') {
                    "starts with $"
                } else {
                    "contains a dot"
                };
                out.push(
                    RuleFinding::new(
                        ModelPath::field(c, at.field.id, &at.path),
                        format!(
                            "field name {name:?} in {} {why}: queries and updates cannot address it",
                            c.name
                        ),
                    )
                    .with_fix(fix),
                );
            }
        }
        out
    }
}
