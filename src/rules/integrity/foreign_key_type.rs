use crate::edit::ColumnChange;
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags foreign-key columns whose type differs from the column they reference:
    /// `integer` referencing `bigint`, `varchar(50)` referencing `varchar(100)`.
    ///
    /// ## Why it matters
    /// A narrower column overflows once the parent's ids grow past it; a different type
    /// makes every join cast, which can stop the engine from using an index. MySQL refuses
    /// some mismatches outright.
    ///
    /// ## Example
    /// `CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY,
    /// user_id int REFERENCES users(id))`
    ///
    /// ## Fix
    /// Give the column the referenced type (`bigint`). Unsafe: on a filled table this
    /// rewrites it, and narrowing can fail on existing values.
    pub struct ForeignKeyTypeMismatch {
        code: "INT003",
        name: "foreign-key-type-mismatch",
        severity: Warning,
        failing: ["CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users(id));"],
        passing: ["CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY, user_id bigint REFERENCES users(id)); CREATE TABLE tags (id serial PRIMARY KEY); CREATE TABLE post_tags (tag_id integer REFERENCES tags(id) PRIMARY KEY);"],
    }
}
impl_rule!(ForeignKeyTypeMismatch);

/// The type a referencing column takes: a serial's integer, otherwise the same spelling.
fn plain_type(spelling: &str) -> String {
    match spelling.to_ascii_lowercase().as_str() {
        "serial" | "serial4" => "integer".into(),
        "bigserial" | "serial8" => "bigint".into(),
        "smallserial" | "serial2" => "smallint".into(),
        _ => spelling.to_string(),
    }
}

impl ForeignKeyTypeMismatch {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for (t, fk, target) in cx.references() {
            for (own, theirs) in fk.columns.iter().zip(fk.referenced_columns(target)) {
                let (Some(a), Some(b)) = (t.column_by_id(*own), target.column_by_id(theirs)) else {
                    continue;
                };
                if a.data_type.kind == b.data_type.kind {
                    continue;
                }
                let referenced = plain_type(&b.data_type.spelling);
                out.push(
                    RuleFinding::new(
                        ModelPath::column(t, a),
                        format!(
                            "{}.{} is {} but references {}.{}, which is {}",
                            t.name,
                            a.name,
                            a.data_type.spelling,
                            target.name,
                            b.name,
                            b.data_type.spelling
                        ),
                    )
                    .with_fix(Some(Fix::column(
                        t,
                        a,
                        ColumnChange::Type(crate::model::ColumnType::from_spelling(&referenced)),
                        format!("make {}.{} {referenced}", t.name, a.name),
                        Safety::Unsafe,
                    ))),
                );
            }
        }
        out
    }
}
