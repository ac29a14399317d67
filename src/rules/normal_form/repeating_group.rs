use std::collections::BTreeMap;

use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags columns that number copies of one attribute: `phone1, phone2, phone3`,
    /// `address_line_1, address_line_2`, or `address` next to `address2`.
    ///
    /// ## Why it matters
    /// A repeating group breaks first normal form: the table caps how many values there
    /// can be, queries must look in every copy (`WHERE phone1 = $1 OR phone2 = $1 ...`),
    /// and most rows leave most copies empty.
    ///
    /// ## Example
    /// `CREATE TABLE contacts (id int PRIMARY KEY, phone1 text, phone2 text, phone3 text)`
    ///
    /// ## Fix
    /// Move the values to a child table, one row each: `contact_phones (contact_id,
    /// position, phone)`. A fixed pair that means two different things (a billing and a
    /// shipping address) deserves two names instead.
    pub struct RepeatingColumnGroup {
        code: "NF001",
        name: "repeating-column-group",
        severity: Warning,
        failing: [
            "CREATE TABLE contacts (id int PRIMARY KEY, phone1 text, phone2 text, phone3 text);",
            "CREATE TABLE addresses (id int PRIMARY KEY, address_line_1 text, address_line_2 text);",
        ],
        passing: ["CREATE TABLE contacts (id int PRIMARY KEY, phone text, sha256 text, x1 int, y1 int, ipv4 text, ipv6 text);"],
    }
}
impl_rule!(RepeatingColumnGroup);

/// A column name split into what it names and its number: `address_line_2` is
/// (`address_line`, 2); `phone` is (`phone`, none).
fn numbered(name: &str) -> (&str, Option<u32>) {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() == name.len() {
        return (name, None);
    }
    let number = name[stem.len()..].parse().ok();
    (stem.trim_end_matches('_'), number)
}

/// Stems whose numbers are part of a name, not a copy: versions of a thing (`ipv4`,
/// `sha256`, `md5`), and one-letter coordinates.
fn is_name_with_number(stem: &str) -> bool {
    stem.chars().count() <= 2
        || [
            "ipv", "sha", "md", "utf", "base", "int", "float", "iso", "s", "http", "l", "oauth",
        ]
        .contains(&stem.to_ascii_lowercase().as_str())
}

impl RepeatingColumnGroup {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for t in &cx.model.tables {
            let mut groups: BTreeMap<String, Vec<(Option<u32>, &str)>> = BTreeMap::new();
            for c in &t.columns {
                let (stem, number) = numbered(&c.name);
                if !stem.is_empty() {
                    groups
                        .entry(stem.to_ascii_lowercase())
                        .or_default()
                        .push((number, c.name.as_str()));
                }
            }
            for (stem, mut members) in groups {
                let numbered: Vec<u32> = members.iter().filter_map(|(n, _)| *n).collect();
                // Copies are numbered from 1 or 2 (the first may have no number) and
                // come two or more.
                let starts = numbered.iter().min().is_some_and(|&m| m <= 2);
                if numbered.is_empty() || members.len() < 2 || !starts || is_name_with_number(&stem)
                {
                    continue;
                }
                members.sort();
                let names: Vec<&str> = members.iter().map(|(_, n)| *n).collect();
                let Some(first) = t.column(names[0]) else {
                    continue;
                };
                out.push(RuleFinding::new(
                    ModelPath::column(t, first),
                    format!(
                        "{} holds a repeating group: {} are copies of one attribute; give them a child table with a row each",
                        t.name,
                        names.join(", ")
                    ),
                ));
            }
        }
        out
    }
}
