//! Re-import reconciliation: a model freshly imported from edited text gets the ids of the
//! objects that still match by name in the previous model, so positions, table patterns and
//! (later) notes and migrations stay attached; everything new gets a fresh id.

use std::collections::BTreeMap;

use super::ids::IdGen;
use super::relational::{Model, Table};

/// Rewrites every id in `fresh` to its match in `previous`, or to a new id from `ids`.
pub fn reconcile(previous: &Model, mut fresh: Model, ids: &mut IdGen) -> Model {
    let by_name: BTreeMap<(Option<&str>, &str), &Table> = previous
        .tables
        .iter()
        .map(|t| ((t.schema.as_deref(), t.name.as_str()), t))
        .collect();
    for table in &mut fresh.tables {
        let old = by_name
            .get(&(table.schema.as_deref(), table.name.as_str()))
            .copied();
        table.id = old.map_or_else(|| ids.fresh(), |o| o.id);
        // Patterns live in the project, not in the text: they stay with the table.
        if let Some(o) = old {
            if table.patterns.is_empty() {
                table.patterns = o.patterns;
            }
        }
        for column in &mut table.columns {
            column.id = old
                .and_then(|o| o.column(&column.name))
                .map_or_else(|| ids.fresh(), |c| c.id);
        }
        for fk in &mut table.foreign_keys {
            let matched = old.and_then(|o| {
                o.foreign_keys.iter().find(|f| {
                    f.columns == fk.columns
                        && f.ref_table == fk.ref_table
                        && f.ref_schema == fk.ref_schema
                })
            });
            fk.id = matched.map_or_else(|| ids.fresh(), |f| f.id);
        }
        for index in &mut table.indexes {
            let matched = old.and_then(|o| {
                o.indexes.iter().find(|i| match (&i.name, &index.name) {
                    (Some(a), Some(b)) => a == b,
                    _ => i.parts == index.parts,
                })
            });
            index.id = matched.map_or_else(|| ids.fresh(), |i| i.id);
        }
    }
    // Other objects match by schema and name (and kind, for routines).
    macro_rules! carry_ids {
        ($field:ident $(, $extra:ident)?) => {
            for new in &mut fresh.$field {
                new.id = previous
                    .$field
                    .iter()
                    .find(|o| o.name == new.name && o.schema == new.schema $(&& o.$extra == new.$extra)?)
                    .map_or_else(|| ids.fresh(), |o| o.id);
            }
        };
    }
    carry_ids!(enums);
    carry_ids!(domains);
    carry_ids!(sequences);
    carry_ids!(views);
    carry_ids!(routines, kind);
    for new in &mut fresh.table_groups {
        new.id = previous
            .table_groups
            .iter()
            .find(|o| o.name == new.name)
            .map_or_else(|| ids.fresh(), |o| o.id);
    }
    for new in &mut fresh.notes {
        new.id = previous
            .notes
            .iter()
            .find(|o| o.name == new.name)
            .map_or_else(|| ids.fresh(), |o| o.id);
    }
    fresh
}
