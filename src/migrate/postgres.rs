//! PostgreSQL's planner: the trait's defaults are its statements; what is its own is the
//! names it gives unnamed constraints and indexes, the timeouts a safe migration sets first,
//! and the renames that keep those names what PostgreSQL would give them now.

use std::collections::BTreeSet;

use super::planner::Planner;
use super::step::Mode;
use crate::model::{Dialect, Id, IndexTarget, Table};

pub struct Postgres;

impl Planner for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn frame(&self, mode: Mode, _ops: &[super::plan::Op]) -> (Vec<String>, Vec<String>) {
        match mode {
            // A statement waits at most 5 s for its lock instead of queueing every query
            // behind it; none runs longer than 15 minutes (raise it for big backfills).
            Mode::Safe => (
                vec![
                    "SET lock_timeout = '5s'".into(),
                    "SET statement_timeout = '15min'".into(),
                ],
                Vec::new(),
            ),
            Mode::Simple => (Vec::new(), Vec::new()),
        }
    }

    fn engine_name(&self, table: &Table, id: Id) -> Option<String> {
        default_names(table)
            .into_iter()
            .find(|(k, _)| *k == id)
            .map(|(_, n)| n)
    }

    fn renames_default_names(&self) -> bool {
        true
    }

    fn expands_type_changes(&self, mode: Mode) -> bool {
        mode == Mode::Safe
    }
}

/// The name of every key, constraint and index of `table` as PostgreSQL knows it: the
/// model's, or the one PostgreSQL chooses for an unnamed one (`{table}_pkey`,
/// `{table}_{columns}_key`, `_fkey`, `_check`, `_idx`, shortened to 63 bytes as it shortens
/// them, numbered on a clash), in the order `CREATE TABLE` and the indexes create them.
pub fn default_names(table: &Table) -> Vec<(Id, String)> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut names = Vec::new();
    let columns = |ids: &[Id]| -> String {
        let joined = ids
            .iter()
            .map(|c| table.column_name(*c))
            .collect::<Vec<_>>()
            .join("_");
        clip(&joined, 63).to_string()
    };
    let mut choose = |own: &Option<String>, middle: Option<String>, label: &str| -> String {
        if let Some(n) = own {
            taken.insert(n.clone());
            return n.clone();
        }
        let mut pass = 0;
        loop {
            let label = if pass == 0 {
                label.to_string()
            } else {
                format!("{label}{pass}")
            };
            let name = object_name(&table.name, middle.as_deref(), &label);
            if taken.insert(name.clone()) {
                return name;
            }
            pass += 1;
        }
    };
    if let Some(pk) = &table.primary_key {
        names.push((pk.id, choose(&pk.name, None, "pkey")));
    }
    for u in &table.uniques {
        names.push((u.id, choose(&u.name, Some(columns(&u.columns)), "key")));
    }
    for c in &table.checks {
        let used = columns_in(table, &c.expression);
        let middle = (used.len() == 1).then(|| used[0].clone());
        names.push((c.id, choose(&c.name, middle, "check")));
    }
    for f in &table.foreign_keys {
        names.push((f.id, choose(&f.name, Some(columns(&f.columns)), "fkey")));
    }
    for i in &table.indexes {
        let parts: Vec<String> = i
            .parts
            .iter()
            .map(|p| match &p.target {
                IndexTarget::Column(c) => table.column_name(*c).to_string(),
                IndexTarget::Expression(e) => expression_name(e),
            })
            .collect();
        let middle = clip(&parts.join("_"), 63).to_string();
        names.push((i.id, choose(&i.name, Some(middle), "idx")));
    }
    names
}

/// PostgreSQL's `makeObjectName`: `name1_name2_label` in 63 bytes, shortening the longer of
/// the two names a character at a time.
fn object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let available = 63usize.saturating_sub(overhead);
    let (mut n1, mut n2) = (name1.len(), name2.map_or(0, str::len));
    while n1 + n2 > available {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut name = clip(name1, n1).to_string();
    if let Some(n) = name2 {
        name.push('_');
        name.push_str(clip(n, n2));
    }
    name.push('_');
    name.push_str(label);
    name
}

/// The longest prefix of `text` of at most `bytes` bytes that ends on a character.
fn clip(text: &str, bytes: usize) -> &str {
    let mut cut = bytes.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// The column name PostgreSQL gives an index expression: a function's name, else `expr`.
fn expression_name(expression: &str) -> String {
    let e = expression.trim().trim_start_matches('(');
    let name: String = e
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let rest = e[name.len()..].trim_start();
    if !name.is_empty() && rest.starts_with('(') {
        name.to_ascii_lowercase()
    } else {
        "expr".into()
    }
}

/// The table's columns an expression names, in the table's order.
fn columns_in(table: &Table, expression: &str) -> Vec<String> {
    let words = super::identifiers::identifiers(expression);
    table
        .columns
        .iter()
        .filter(|c| words.contains(&c.name))
        .map(|c| c.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shortened_as_postgres_shortens_them() {
        assert_eq!(object_name("orders", None, "pkey"), "orders_pkey");
        assert_eq!(
            object_name("orders", Some("user_id"), "fkey"),
            "orders_user_id_fkey"
        );
        let long = "a".repeat(60);
        let name = object_name(&long, Some("bbbbbbbbbb"), "key");
        assert_eq!(name.len(), 63);
        assert!(name.ends_with("_bbbbbbbbbb_key"), "{name}");
        assert_eq!(expression_name("lower(email)"), "lower");
        assert_eq!(expression_name("(a + b)"), "expr");
    }
}
