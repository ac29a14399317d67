use crate::model::document::{BsonType, Collection, Facets, Field};
use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags collections whose documents can pass MongoDB's 16 MB limit: the largest size
    /// the validator's bounds allow (`maxItems` times the elements, `maxLength` strings at
    /// four bytes a character, arrays without a bound at the longest the samples show) is
    /// over 16 MB, or the largest sampled document is already over half of it.
    ///
    /// ## Why it matters
    /// A write that would make a document larger than 16 MB fails, and it fails in
    /// production, on the biggest customer, long after the design was reviewed. Documents
    /// near the limit are also slow to read and to replicate.
    ///
    /// ## Example
    /// A `comments` array with `maxItems: 100000` of documents whose `text` has
    /// `maxLength: 1000`: up to 400 MB.
    ///
    /// ## Fix
    /// Move the growing part to a collection of its own (one document per comment that
    /// references the post), or bound it far lower. No automatic fix.
    pub struct DocumentSizeRisk {
        code: "DOC003",
        name: "document-size-risk",
        severity: Warning,
        failing: ["collection posts\nvalidator {\"$jsonSchema\": {\"bsonType\": \"object\", \"properties\": {\"comments\": {\"bsonType\": \"array\", \"maxItems\": 100000, \"items\": {\"bsonType\": \"object\", \"properties\": {\"text\": {\"bsonType\": \"string\", \"maxLength\": 1000}}}}}}}"],
        passing: ["collection posts\nvalidator {\"$jsonSchema\": {\"bsonType\": \"object\", \"properties\": {\"comments\": {\"bsonType\": \"array\", \"maxItems\": 100, \"items\": {\"bsonType\": \"object\", \"properties\": {\"text\": {\"bsonType\": \"string\", \"maxLength\": 1000}}}}}}}"],
    }
}
impl_rule!(DocumentSizeRisk);

/// MongoDB's limit on a document's BSON size.
const LIMIT: u64 = 16 * 1024 * 1024;

fn scalar(t: BsonType, facets: &Facets) -> u64 {
    match t {
        BsonType::String => 5 + facets.max_length.unwrap_or(0).saturating_mul(4),
        BsonType::Int => 4,
        BsonType::Long | BsonType::Double | BsonType::Date | BsonType::Timestamp => 8,
        BsonType::Decimal => 16,
        BsonType::Bool => 1,
        BsonType::ObjectId => 12,
        BsonType::BinData | BsonType::Javascript => 5,
        BsonType::Regex => 2,
        BsonType::Object | BsonType::Array => 5,
        BsonType::Null | BsonType::MinKey | BsonType::MaxKey => 0,
    }
}

fn document(fields: &[Field]) -> u64 {
    5u64.saturating_add(
        fields
            .iter()
            .map(|f| (2 + f.name.len() as u64).saturating_add(largest(f)))
            .fold(0u64, u64::saturating_add),
    )
}

/// The largest value the field's bounds allow (unbounded strings at their smallest).
fn largest(f: &Field) -> u64 {
    f.types
        .iter()
        .map(|t| match t {
            BsonType::Object => document(&f.fields),
            BsonType::Array => {
                let n = f
                    .facets
                    .max_items
                    .or_else(|| f.observed.as_ref().and_then(|o| o.longest_array))
                    .unwrap_or(0);
                let element = f
                    .item_types
                    .iter()
                    .map(|t| match t {
                        BsonType::Object => document(&f.fields),
                        other => scalar(*other, &f.item_facets),
                    })
                    .max()
                    .unwrap_or(0);
                let key = 2 + n.max(1).to_string().len() as u64;
                5u64.saturating_add(n.saturating_mul(key.saturating_add(element)))
            }
            other => scalar(*other, &f.facets),
        })
        .max()
        .unwrap_or(0)
}

fn megabytes(n: u64) -> String {
    format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
}

impl DocumentSizeRisk {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for c in &cx.model.collections {
            if let Some(message) = risk(c) {
                out.push(RuleFinding::new(ModelPath::collection(c), message));
            }
        }
        out
    }
}

fn risk(c: &Collection) -> Option<String> {
    let bound = document(&c.fields);
    if bound > LIMIT {
        return Some(format!(
            "documents of {} can reach {} under the validator's bounds, past MongoDB's 16 MB limit",
            c.name,
            megabytes(bound)
        ));
    }
    let seen = c.largest_document.filter(|n| *n > LIMIT / 2)?;
    Some(format!(
        "the largest sampled document of {} is {}, over half of MongoDB's 16 MB limit",
        c.name,
        megabytes(seen)
    ))
}
