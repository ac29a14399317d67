use super::{fields, put};
use crate::model::document::{DocumentIndex, IndexKey, KeyKind};
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags references (confirmed or proposed) whose field is not the first key of an
    /// index of its collection.
    ///
    /// ## Why it matters
    /// Following a reference backwards (the books of an author, `$lookup` from authors)
    /// queries the referencing field: without an index every such query scans the whole
    /// collection. MongoDB creates no index on a reference by itself.
    ///
    /// ## Example
    /// `books: {"_id": 1, "author_id": ObjectId("…")}` referencing `authors`, and no index
    /// on `books.author_id`.
    ///
    /// ## Fix
    /// `db.books.createIndex({author_id: 1})`. The offered fix adds that index to the model;
    /// safe (the migration builds it).
    pub struct UnindexedReference {
        code: "DOC004",
        name: "unindexed-reference",
        severity: Warning,
        failing: ["collection authors\n{\"_id\": {\"$oid\": \"5a9427648b0beebeb69579e7\"}}\ncollection books\n{\"_id\": 1, \"author_id\": {\"$oid\": \"5a9427648b0beebeb69579e7\"}}"],
        passing: ["collection authors\n{\"_id\": {\"$oid\": \"5a9427648b0beebeb69579e7\"}}\ncollection books\n{\"_id\": 1, \"author_id\": {\"$oid\": \"5a9427648b0beebeb69579e7\"}}\nindex books author_id"],
    }
}
impl_rule!(UnindexedReference);

impl UnindexedReference {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for c in &cx.model.collections {
            let all = fields(c);
            for r in &c.references {
                let Some(at) = all.iter().find(|a| a.ids == r.path) else {
                    continue;
                };
                let indexed = c
                    .indexes
                    .iter()
                    .any(|i| i.keys.first().is_some_and(|k| k.path == at.path));
                if indexed {
                    continue;
                }
                let to = cx
                    .model
                    .collections
                    .iter()
                    .find(|t| t.id == r.to)
                    .map_or("", |t| t.name.as_str());
                let mut copy = c.clone();
                copy.indexes.push(DocumentIndex {
                    id: cx.fresh_id(),
                    keys: vec![IndexKey {
                        path: at.path.clone(),
                        kind: KeyKind::Ascending,
                    }],
                    ..DocumentIndex::default()
                });
                let fix = Fix {
                    title: format!("index {}.{}", c.name, at.path),
                    safety: Safety::Safe,
                    edits: vec![put(cx.model, copy)],
                };
                out.push(
                    RuleFinding::new(
                        ModelPath::field(c, at.field.id, &at.path),
                        format!(
                            "{}reference {}.{} to {to} has no index",
                            if r.proposed { "proposed " } else { "" },
                            c.name,
                            at.path
                        ),
                    )
                    .with_fix(Some(fix)),
                );
            }
        }
        out
    }
}
