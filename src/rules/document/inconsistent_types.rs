use super::{changed_field, fields};
use crate::model::document::BsonType;
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags fields whose values in the samples have types of different kinds: a string in
    /// some documents and a number or an array in others. Numbers of different BSON types
    /// (int, long, double, decimal) are one kind, and null goes with any.
    ///
    /// ## Why it matters
    /// Every reader must handle each shape, queries silently miss the documents of the other
    /// type (`{rating: {$gt: 3}}` skips `"4"`), sorts and indexes mix them, and a validator
    /// written for one type rejects the rest.
    ///
    /// ## Example
    /// `rating`: an int in 1,200 documents, a double in 800, a string in 63.
    ///
    /// ## Fix
    /// Settle on one type and convert the others. The offered fix keeps the most common
    /// kind in the model (unsafe: the migration converts the other values where MongoDB can,
    /// and the validator then rejects what it cannot).
    pub struct InconsistentFieldTypes {
        code: "DOC006",
        name: "inconsistent-field-types",
        severity: Warning,
        failing: ["collection restaurants\n{\"_id\": 1, \"rating\": 4}\n{\"_id\": 2, \"rating\": \"4\"}"],
        passing: ["collection restaurants\n{\"_id\": 1, \"rating\": 4}\n{\"_id\": 2, \"rating\": 4.5}\n{\"_id\": 3, \"rating\": null}"],
    }
}
impl_rule!(InconsistentFieldTypes);

/// A type's kind: numbers are one.
fn kind(t: BsonType) -> BsonType {
    if t.is_number() {
        BsonType::Double
    } else {
        t
    }
}

impl InconsistentFieldTypes {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for c in &cx.model.collections {
            for at in fields(c) {
                let Some(observed) = &at.field.observed else {
                    continue;
                };
                // Kinds with their counts, most common first.
                let mut kinds: Vec<(BsonType, u64)> = Vec::new();
                for tc in observed
                    .types
                    .iter()
                    .filter(|t| t.bson_type != BsonType::Null)
                {
                    let k = kind(tc.bson_type);
                    match kinds.iter_mut().find(|(x, _)| *x == k) {
                        Some(e) => e.1 += tc.count,
                        None => kinds.push((k, tc.count)),
                    }
                }
                if kinds.len() < 2 {
                    continue;
                }
                kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
                let keep = kinds[0].0;
                let kept: Vec<BsonType> = at
                    .field
                    .types
                    .iter()
                    .copied()
                    .filter(|t| kind(*t) == keep || *t == BsonType::Null)
                    .collect();
                let seen: Vec<String> = observed
                    .types
                    .iter()
                    .map(|t| format!("{} {}", t.bson_type.name(), t.count))
                    .collect();
                let names: Vec<&str> = kept.iter().map(|t| t.name()).collect();
                let fix = changed_field(cx.model, c, &at.ids, |f| {
                    f.types = kept.clone();
                    // The observed counts describe the samples, not the model now.
                    f.observed = None;
                })
                .map(|edit| Fix {
                    title: format!("make {} {}", at.path, names.join(" or ")),
                    safety: Safety::Unsafe,
                    edits: vec![edit],
                });
                out.push(
                    RuleFinding::new(
                        ModelPath::field(c, at.field.id, &at.path),
                        format!(
                            "{}.{} has values of different types in the samples: {}",
                            c.name,
                            at.path,
                            seen.join(", ")
                        ),
                    )
                    .with_fix(fix),
                );
            }
        }
        out
    }
}
