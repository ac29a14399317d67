//! Compares a model read back from an engine's catalog with the model that was sent (the
//! shapes are the library's, [`schemaforge::verify::shape`]); engines may add an index for
//! a foreign key.

use std::collections::BTreeSet;

use schemaforge::model::{Dialect, Model};
#[allow(unused_imports)]
pub use schemaforge::verify::shape::{catalog_shape, shape, TableShape};

/// Compares the catalog with the script sent; engines may add an index for a foreign key
/// (MariaDB does) and nothing else.
pub fn assert_catalog_matches_script(label: &str, sent: &Model, catalog: &Model, target: Dialect) {
    let want = shape(sent, target);
    let mut got = shape(catalog, target);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{label}: tables"
    );
    for (name, w) in &want {
        let g = got.get_mut(name).expect("same tables");
        let fk_columns: BTreeSet<Vec<String>> =
            g.foreign_keys.iter().map(|f| f.0.clone()).collect();
        let added_for_foreign_key = |i: &(Vec<String>, bool)| !i.1 && fk_columns.contains(&i.0);
        g.indexes
            .retain(|i| w.indexes.contains(i) || !added_for_foreign_key(i));
        assert_eq!(g, w, "{label}: table {name}");
    }
}
