//! Constraint and index names: as modelled, or from the seed conventions' templates
//! (`pk_{table}`, `fk_{table}_{column}`, `uq_{table}_{columns}`, `ck_{table}_{name}`,
//! `idx_{table}_{columns}`). Either way every name fits the target's identifier length, and
//! an index gets a name where the target requires one.

use std::collections::BTreeSet;

use super::fidelity::{NoteLevel, Notes};
use super::SqlDialect;
use crate::model::{IndexTarget, Model};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Naming {
    /// The names in the model; unnamed constraints stay unnamed where the target allows.
    #[default]
    Keep,
    /// Every constraint and index named by the seed templates.
    Seed,
}

impl Naming {
    pub fn parse(text: &str) -> Option<Naming> {
        match text.trim().to_ascii_lowercase().as_str() {
            "keep" | "model" => Some(Naming::Keep),
            "seed" | "template" | "convention" => Some(Naming::Seed),
            _ => None,
        }
    }
}

/// Names that are already taken, so a generated one can avoid them.
struct Taken(BTreeSet<String>);

impl Taken {
    /// `base`, shortened to `max` and made unique with a numeric suffix.
    fn claim(&mut self, base: &str, max: usize) -> String {
        let mut candidate = fit(base, max);
        let mut n = 2;
        while self.0.contains(&candidate.to_ascii_lowercase()) {
            candidate = fit(&format!("{base}_{n}"), max);
            n += 1;
        }
        self.0.insert(candidate.to_ascii_lowercase());
        candidate
    }
}

/// A stable 32-bit FNV-1a hash, so a shortened name is the same on every run.
fn hash(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// `name` if it fits in `max` bytes, otherwise a prefix plus a hash of the whole name.
pub(super) fn fit(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let suffix = format!("_{:08x}", hash(name));
    let mut cut = max.saturating_sub(suffix.len());
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{suffix}", &name[..cut])
}

fn joined(columns: &[String]) -> String {
    columns.join("_")
}

/// Applies `naming` for `dialect` to a copy of `model`, noting every name it had to shorten.
pub(super) fn apply(
    model: &Model,
    naming: Naming,
    dialect: &dyn SqlDialect,
    notes: &mut Notes,
) -> Model {
    let max = dialect.max_identifier_length();
    let mut model = model.clone();
    let mut taken = Taken(BTreeSet::new());
    if naming == Naming::Keep {
        for t in &model.tables {
            let names = t
                .primary_key
                .iter()
                .filter_map(|p| p.name.clone())
                .chain(t.uniques.iter().filter_map(|u| u.name.clone()))
                .chain(t.checks.iter().filter_map(|c| c.name.clone()))
                .chain(t.foreign_keys.iter().filter_map(|f| f.name.clone()))
                .chain(t.indexes.iter().filter_map(|i| i.name.clone()));
            taken.0.extend(names.map(|n| n.to_ascii_lowercase()));
        }
    }
    let requires_index_names = dialect.dialect() != crate::model::Dialect::Postgres;
    for table in &mut model.tables {
        let t = table.name.clone();
        // Templates are built only when a name is needed.
        let mut name = |current: &mut Option<String>,
                        template: &dyn Fn() -> String,
                        required: bool| {
            match (naming, current.as_ref()) {
                (Naming::Keep, Some(n)) if n.len() > max => {
                    let short = fit(n, max);
                    notes.add(
                        NoteLevel::Info,
                        format!("constraint {n}"),
                        format!("longer than {max} characters; named {short}"),
                    );
                    *current = Some(short);
                }
                (Naming::Keep, Some(_)) => {}
                (Naming::Keep, None) if !required => {}
                _ => *current = Some(taken.claim(&template(), max)),
            }
        };
        if let Some(pk) = &mut table.primary_key {
            name(&mut pk.name, &|| format!("pk_{t}"), false);
        }
        for fk in &mut table.foreign_keys {
            let columns = joined(&fk.columns);
            name(&mut fk.name, &|| format!("fk_{t}_{columns}"), false);
        }
        for u in &mut table.uniques {
            let columns = joined(&u.columns);
            name(&mut u.name, &|| format!("uq_{t}_{columns}"), false);
        }
        let columns = &table.columns;
        for (i, c) in table.checks.iter_mut().enumerate() {
            // The first column the expression names, else its position.
            let expression = c.expression.clone();
            let subject = || {
                columns
                    .iter()
                    .find(|col| expression.contains(col.name.as_str()))
                    .map_or_else(|| (i + 1).to_string(), |col| col.name.clone())
            };
            name(&mut c.name, &|| format!("ck_{t}_{}", subject()), false);
        }
        for index in &mut table.indexes {
            let parts = || {
                index
                    .parts
                    .iter()
                    .map(|p| match &p.target {
                        IndexTarget::Column(c) => c.as_str(),
                        IndexTarget::Expression(_) => "expr",
                    })
                    .collect::<Vec<_>>()
                    .join("_")
            };
            let prefix = if index.unique { "uq" } else { "idx" };
            name(
                &mut index.name,
                &|| format!("{prefix}_{t}_{}", parts()),
                requires_index_names,
            );
        }
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_long_names_stably_and_within_the_limit() {
        let long = "a".repeat(100);
        let short = fit(&long, 63);
        assert_eq!(short.len(), 63);
        assert_eq!(short, fit(&long, 63));
        assert_ne!(fit(&format!("{long}b"), 63), short);
        assert_eq!(fit("pk_users", 63), "pk_users");
        // Multi-byte characters are never split.
        let unicode = "é".repeat(40);
        assert!(fit(&unicode, 63).len() <= 63);
    }

    #[test]
    fn seed_names_follow_the_templates_and_stay_unique() {
        let mut taken = Taken(BTreeSet::new());
        assert_eq!(taken.claim("fk_a_b", 63), "fk_a_b");
        assert_eq!(taken.claim("fk_a_b", 63), "fk_a_b_2");
        assert_eq!(taken.claim("FK_A_B", 63), "FK_A_B_3");
    }
}
