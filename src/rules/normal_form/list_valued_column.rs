use crate::model::TypeKind;
use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags columns that hold a list in one value: array types in a relational table, and
    /// text columns whose names say they hold several ids or a delimited list
    /// (`tag_ids`, `role_list`, `emails_csv`).
    ///
    /// ## Why it matters
    /// A list in a column is not atomic (first normal form): its elements cannot be keys
    /// or foreign keys, the engine cannot check them, and finding the rows that hold one
    /// element needs a scan or a special index.
    ///
    /// ## Example
    /// `CREATE TABLE posts (id int PRIMARY KEY, tag_ids text)`
    ///
    /// ## Fix
    /// A junction table (`post_tags (post_id, tag_id)`) with foreign keys to both sides. A
    /// PostgreSQL array of plain values that are never looked up one by one can stay:
    /// suppress the finding for that column.
    pub struct ListValuedColumn {
        code: "NF002",
        name: "list-valued-column",
        severity: Info,
        failing: [
            "CREATE TABLE posts (id int PRIMARY KEY, tag_ids text);",
            "CREATE TABLE posts (id int PRIMARY KEY, tags text[]);",
        ],
        passing: ["CREATE TABLE posts (id int PRIMARY KEY, tag_id int, title text, comments_count int);"],
    }
}
impl_rule!(ListValuedColumn);

fn is_text(kind: &TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::Text | TypeKind::Varchar { .. } | TypeKind::Char { .. }
    )
}

impl ListValuedColumn {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for (t, c) in cx.columns() {
            let name = c.name.to_ascii_lowercase();
            let why = match &c.data_type.kind {
                TypeKind::Array { .. } => "is an array",
                kind if is_text(kind)
                    && ["_ids", "_list", "_csv"].iter().any(|s| name.ends_with(s)) =>
                {
                    "is text named as a list"
                }
                _ => continue,
            };
            out.push(RuleFinding::new(
                ModelPath::column(t, c),
                format!(
                    "{}.{} {why}: a list in one column is not atomic (1NF); a child or junction table holds one element per row",
                    t.name, c.name
                ),
            ));
        }
        out
    }
}
