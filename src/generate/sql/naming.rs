//! Constraint and index names: as modelled, or from the seed conventions' templates
//! (`pk_{table}`, `fk_{table}_{column}`, `uq_{table}_{columns}`, `ck_{table}_{name}`,
//! `idx_{table}_{columns}`). Either way every name fits the target's identifier length, and
//! an index gets a name where the target requires one.

use std::collections::BTreeSet;

use super::fidelity::{NoteLevel, Notes};
use super::SqlDialect;
use crate::model::{Column, Id, IndexTarget, Model, Table};

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

/// `base`, shortened to `max` and made unique among `taken` with a numeric suffix.
fn claim(taken: &mut BTreeSet<String>, base: &str, max: usize) -> String {
    let mut candidate = fit(base, max);
    let mut n = 2;
    while taken.contains(&candidate.to_ascii_lowercase()) {
        candidate = fit(&format!("{base}_{n}"), max);
        n += 1;
    }
    taken.insert(candidate.to_ascii_lowercase());
    candidate
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

/// The names of `ids` among `columns`, joined by `_`.
fn joined(columns: &[Column], ids: &[Id]) -> String {
    ids.iter()
        .map(|id| {
            columns
                .iter()
                .find(|c| c.id == *id)
                .map_or("", |c| c.name.as_str())
        })
        .collect::<Vec<_>>()
        .join("_")
}

/// Applies `naming` for `dialect` to `model`, noting every name it had to shorten.
pub(super) fn apply(
    model: &mut Model,
    naming: Naming,
    dialect: &dyn SqlDialect,
    notes: &mut Notes,
) {
    let max = dialect.max_identifier_length();
    // The names a generated one must avoid: in Keep mode every modelled name as modelled,
    // collected only when a name will be needed (most scripts need none), before any is
    // shortened.
    let modelled = |model: &Model| -> BTreeSet<String> {
        model
            .tables
            .iter()
            .flat_map(|t| constraint_names(t))
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let requires_index_names = dialect.dialect() != crate::model::Dialect::Postgres;
    // In Keep mode a name is made only for an unnamed index where the dialect requires one.
    let claims = naming == Naming::Seed
        || requires_index_names
            && model
                .tables
                .iter()
                .any(|t| t.indexes.iter().any(|i| i.name.is_none()));
    if !claims
        && !model
            .tables
            .iter()
            .flat_map(|t| constraint_names(t))
            .any(|n| n.len() > max)
    {
        return;
    }
    let mut taken: Option<BTreeSet<String>> = match naming {
        Naming::Seed => Some(BTreeSet::new()),
        Naming::Keep => claims.then(|| modelled(model)),
    };
    for table in &mut model.tables {
        // Keeping names, a table whose names all fit and that needs none is left as it is
        // (and shared with the model).
        let needs_a_name = requires_index_names && table.indexes.iter().any(|i| i.name.is_none());
        if naming == Naming::Keep
            && !needs_a_name
            && !constraint_names(table).any(|n| n.len() > max)
        {
            continue;
        }
        let t = table.name.clone();
        let Table {
            columns,
            primary_key,
            uniques,
            checks,
            foreign_keys,
            indexes,
            ..
        } = &mut **table;
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
                _ => {
                    let names = taken.get_or_insert_with(BTreeSet::new);
                    *current = Some(claim(names, &template(), max));
                }
            }
        };
        let columns: &[Column] = columns;
        if let Some(pk) = primary_key {
            name(&mut pk.name, &|| format!("pk_{t}"), false);
        }
        for fk in foreign_keys {
            let ids = &fk.columns;
            name(
                &mut fk.name,
                &|| format!("fk_{t}_{}", joined(columns, ids)),
                false,
            );
        }
        for u in uniques {
            let ids = &u.columns;
            name(
                &mut u.name,
                &|| format!("uq_{t}_{}", joined(columns, ids)),
                false,
            );
        }
        for (i, c) in checks.iter_mut().enumerate() {
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
        for index in indexes {
            let parts = || {
                index
                    .parts
                    .iter()
                    .map(|p| match &p.target {
                        IndexTarget::Column(c) => columns
                            .iter()
                            .find(|col| col.id == *c)
                            .map_or("", |col| col.name.as_str()),
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
}

/// The names `table`'s constraints and indexes are given in the model.
fn constraint_names(table: &crate::model::Table) -> impl Iterator<Item = &str> {
    table
        .primary_key
        .iter()
        .filter_map(|p| p.name.as_deref())
        .chain(table.uniques.iter().filter_map(|u| u.name.as_deref()))
        .chain(table.checks.iter().filter_map(|c| c.name.as_deref()))
        .chain(table.foreign_keys.iter().filter_map(|f| f.name.as_deref()))
        .chain(table.indexes.iter().filter_map(|i| i.name.as_deref()))
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
        let mut taken = BTreeSet::new();
        assert_eq!(claim(&mut taken, "fk_a_b", 63), "fk_a_b");
        assert_eq!(claim(&mut taken, "fk_a_b", 63), "fk_a_b_2");
        assert_eq!(claim(&mut taken, "FK_A_B", 63), "FK_A_B_3");
    }
}
