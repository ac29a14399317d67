use crate::edit::ColumnChange;
use crate::model::{ColumnType, Dialect, TypeKind};
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags PostgreSQL `timestamp` (without time zone) columns.
    ///
    /// ## Why it matters
    /// `timestamp` stores a wall-clock reading with no zone: the same instant written from
    /// two servers in different zones gives two values, and daylight-saving changes make
    /// an hour ambiguous. `timestamptz` stores the instant (as UTC) and converts on display,
    /// and costs the same 8 bytes. (The PostgreSQL wiki's "Don't Do This" lists it.)
    ///
    /// ## Example
    /// `CREATE TABLE posts (id int PRIMARY KEY, created_at timestamp)`
    ///
    /// ## Fix
    /// Change the type to `timestamptz`. Unsafe: existing values are read as the session's
    /// zone when converted.
    pub struct TimestampWithoutTimeZone {
        code: "INT010",
        name: "timestamp-without-time-zone",
        severity: Info,
        failing: ["CREATE TABLE posts (id int PRIMARY KEY, created_at timestamp);"],
        passing: ["CREATE TABLE posts (id int PRIMARY KEY, created_at timestamptz, published_on date);"],
    }
}
impl_rule!(TimestampWithoutTimeZone);

impl TimestampWithoutTimeZone {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        if cx.dialect != Dialect::Postgres {
            return Vec::new();
        }
        cx.columns()
            .filter(|(_, c)| {
                matches!(
                    c.data_type.kind,
                    TypeKind::Timestamp {
                        with_time_zone: false
                    }
                )
            })
            .map(|(t, c)| {
                RuleFinding::new(
                    ModelPath::column(t, c),
                    format!("{}.{} is a timestamp without time zone", t.name, c.name),
                )
                .with_fix(Some(Fix::column(
                    t,
                    c,
                    ColumnChange::Type(ColumnType::from_spelling("timestamptz")),
                    format!("make {}.{} timestamptz", t.name, c.name),
                    Safety::Unsafe,
                )))
            })
            .collect()
    }
}
