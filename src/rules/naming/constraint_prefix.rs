use crate::edit::{Constraint, Edit};
use crate::model::{PrimaryKey, Table};
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags named constraints that follow neither the seed's prefixes (`pk_`, `fk_`, `uq_`,
    /// `ck_`) nor the names PostgreSQL gives them (`users_pkey`, `orders_user_id_fkey`,
    /// `users_email_key`, `users_age_check`). Unnamed constraints pass.
    ///
    /// ## Why it matters
    /// An error message names the constraint that failed: `fk_orders_user_id` tells the
    /// reader what broke, `constraint1` does not.
    ///
    /// ## Example
    /// `CREATE TABLE users (id int, CONSTRAINT users_primary PRIMARY KEY (id))`
    ///
    /// ## Fix
    /// Rename to the template (`pk_users`, `fk_orders_user_id`, `uq_users_email`,
    /// `ck_users_1`). Safe: only migrations name constraints.
    pub struct ConstraintNamePrefix {
        code: "NAM012",
        name: "constraint-name-prefix",
        severity: Info,
        failing: ["CREATE TABLE users (id int, CONSTRAINT users_primary PRIMARY KEY (id));", "CREATE TABLE users (id int PRIMARY KEY, email text, CONSTRAINT email_once UNIQUE (email));"],
        passing: ["CREATE TABLE users (id int, email text, age int, CONSTRAINT pk_users PRIMARY KEY (id), CONSTRAINT users_email_key UNIQUE (email), CONSTRAINT ck_users_age CHECK (age > 0)); CREATE TABLE orders (id int PRIMARY KEY, user_id int, CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id), CHECK (id > 0));"],
    }
}
impl_rule!(ConstraintNamePrefix);

/// Whether `name` has the seed's prefix or ends in PostgreSQL's own suffix.
fn conventional(name: &str, prefix: &str, suffix: &str) -> bool {
    let lower = name.to_lowercase();
    lower.starts_with(prefix) || lower.ends_with(suffix)
}

fn finding(
    table: &Table,
    id: crate::model::Id,
    name: &str,
    what: &str,
    to: String,
    edit: Edit,
) -> RuleFinding {
    RuleFinding::new(
        ModelPath::object(table, id, name),
        format!(
            "{what} {name} on {} is named without a convention; call it {to}",
            table.name
        ),
    )
    .with_fix(Some(Fix {
        title: format!("rename {what} {name} to {to}"),
        safety: Safety::Safe,
        edits: vec![edit],
    }))
}

impl ConstraintNamePrefix {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let max = cx.sql.max_identifier_length();
        let fit = |s: String| crate::rules::words::fit(s, max);
        let mut out = Vec::new();
        for t in &cx.model.tables {
            let lower = t.name.to_lowercase();
            if let Some(pk) = &t.primary_key {
                if let Some(n) = pk
                    .name
                    .as_deref()
                    .filter(|n| !conventional(n, "pk_", "_pkey"))
                {
                    let to = fit(format!("pk_{lower}"));
                    let key = PrimaryKey {
                        name: Some(to.clone()),
                        ..pk.clone()
                    };
                    out.push(finding(
                        t,
                        pk.id,
                        n,
                        "primary key",
                        to,
                        Edit::SetPrimaryKey {
                            table: t.id,
                            key: Some(key),
                        },
                    ));
                }
            }
            for (at, fk) in t.foreign_keys.iter().enumerate() {
                if let Some(n) = fk
                    .name
                    .as_deref()
                    .filter(|n| !conventional(n, "fk_", "_fkey"))
                {
                    let to = fit(format!(
                        "fk_{lower}_{}",
                        t.column_names(&fk.columns).join("_").to_lowercase()
                    ));
                    let mut c = fk.clone();
                    c.name = Some(to.clone());
                    out.push(finding(
                        t,
                        fk.id,
                        n,
                        "foreign key",
                        to,
                        Edit::PutConstraint {
                            table: t.id,
                            constraint: Constraint::ForeignKey(c),
                            at,
                        },
                    ));
                }
            }
            for (at, u) in t.uniques.iter().enumerate() {
                if let Some(n) = u
                    .name
                    .as_deref()
                    .filter(|n| !conventional(n, "uq_", "_key"))
                {
                    let to = fit(format!(
                        "uq_{lower}_{}",
                        t.column_names(&u.columns).join("_").to_lowercase()
                    ));
                    let mut c = u.clone();
                    c.name = Some(to.clone());
                    out.push(finding(
                        t,
                        u.id,
                        n,
                        "unique constraint",
                        to,
                        Edit::PutConstraint {
                            table: t.id,
                            constraint: Constraint::Unique(c),
                            at,
                        },
                    ));
                }
            }
            for (at, k) in t.checks.iter().enumerate() {
                if let Some(n) = k.name.as_deref().filter(|n| {
                    !conventional(n, "ck_", "_check") && !n.to_lowercase().starts_with("chk_")
                }) {
                    let to = fit(format!("ck_{lower}_{}", at + 1));
                    let mut c = k.clone();
                    c.name = Some(to.clone());
                    out.push(finding(
                        t,
                        k.id,
                        n,
                        "check",
                        to,
                        Edit::PutConstraint {
                            table: t.id,
                            constraint: Constraint::Check(c),
                            at,
                        },
                    ));
                }
            }
        }
        out
    }
}
