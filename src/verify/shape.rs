//! What a catalog says about each table, in a form two catalogs can be compared in: up to
//! what engines are free to change (type spellings within the dialect's mapping, default
//! texts, constraint names, column order where a column was added later). A migration is
//! verified by comparing the catalog it leaves with the one the target version's DDL gives.

use std::collections::{BTreeMap, BTreeSet};

use crate::generate::sql::dialect_for;
use crate::model::{ByName, Dialect, Model, NamedModel, NamedTable, ReferentialAction, TypeKind};

type IndexTarget = crate::model::IndexTarget<ByName>;

/// A foreign key: columns, referenced table and columns, ON DELETE and ON UPDATE.
type ForeignKeyShape = (Vec<String>, String, Vec<String>, String, String);

/// One table as the comparison sees it.
#[derive(Debug, PartialEq, Eq)]
pub struct TableShape {
    pub columns: Vec<(String, String, bool, &'static str)>,
    pub primary_key: Vec<String>,
    pub foreign_keys: BTreeSet<ForeignKeyShape>,
    pub unique_sets: BTreeSet<Vec<String>>,
    pub indexes: BTreeSet<(Vec<String>, bool)>,
    pub checks: usize,
}

fn action(a: Option<ReferentialAction>) -> String {
    match a {
        None | Some(ReferentialAction::NoAction) | Some(ReferentialAction::Restrict) => {
            "no action".into()
        }
        Some(other) => other.sql().to_ascii_lowercase(),
    }
}

/// A type as the target dialect spells it, so spellings of one meaning compare equal.
pub fn type_class(target: Dialect, kind: &TypeKind) -> String {
    let generator = dialect_for(target);
    let spelled = match kind {
        TypeKind::Other { name } => {
            let bare: String = name
                .to_ascii_lowercase()
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '"')
                .collect();
            bare.trim_start_matches("public.").to_string()
        }
        k => generator.kind_sql(k).unwrap_or_default(),
    };
    // MariaDB keeps JSON as LONGTEXT with a json_valid CHECK.
    match (target, spelled.as_str()) {
        (Dialect::Mysql, "json") => "longtext".into(),
        _ => spelled,
    }
}

/// `schema.name`, with each engine's default schema left out.
pub fn qualified(schema: Option<&str>, name: &str) -> String {
    match schema.filter(|s| !["public", "dbo", "main"].contains(s)) {
        Some(s) => format!("{s}.{name}"),
        None => name.to_string(),
    }
}

/// `none`, `auto` (an identity or a sequence's next value: serial and identity number rows
/// alike) or `value`.
fn default_kind(c: &crate::model::Column) -> &'static str {
    match c.default.as_deref() {
        _ if c.identity.is_some() => "auto",
        None => "none",
        Some(d) if d.to_ascii_lowercase().starts_with("nextval(") => "auto",
        Some(_) => "value",
    }
}

/// The shape of a catalog an engine printed (read back with the importer), columns in name
/// order: an engine appends an added column at the end, so two catalogs of one schema
/// reached by different routes differ only in column order.
pub fn catalog_shape(catalog: &str, target: Dialect) -> BTreeMap<String, TableShape> {
    let model = crate::import::sql::import_sql(catalog, target).model;
    let mut shapes = shape(&model, target);
    for s in shapes.values_mut() {
        s.columns.sort();
    }
    shapes
}

/// Each table's shape, by name: the comparison is of what the names say.
pub fn shape(model: &Model, target: Dialect) -> BTreeMap<String, TableShape> {
    named_shape(&model.named(), target)
}

fn named_shape(model: &NamedModel, target: Dialect) -> BTreeMap<String, TableShape> {
    let pk_of = |name: &str| -> Vec<String> {
        model
            .tables
            .iter()
            .find(|t| t.name == name)
            .and_then(|t| t.primary_key.as_ref())
            .map(|p| p.columns.clone())
            .unwrap_or_default()
    };
    model
        .tables
        .iter()
        .map(|t| {
            let t: &NamedTable = t;
            let mut unique_sets: BTreeSet<Vec<String>> =
                t.uniques.iter().map(|u| u.columns.clone()).collect();
            let mut indexes = BTreeSet::new();
            for i in &t.indexes {
                let parts: Vec<String> = i
                    .parts
                    .iter()
                    .map(|p| match &p.target {
                        IndexTarget::Column(c) => c.clone(),
                        IndexTarget::Expression(_) => "(expression)".into(),
                    })
                    .collect();
                if i.unique && i.predicate.is_none() && !parts.contains(&"(expression)".into()) {
                    unique_sets.insert(parts);
                } else {
                    indexes.insert((parts, i.unique));
                }
            }
            let shape = TableShape {
                columns: t
                    .columns
                    .iter()
                    .map(|c| {
                        (
                            c.name.clone(),
                            type_class(target, &c.data_type.kind),
                            c.nullable,
                            default_kind(c),
                        )
                    })
                    .collect(),
                primary_key: t
                    .primary_key
                    .as_ref()
                    .map(|p| p.columns.clone())
                    .unwrap_or_default(),
                foreign_keys: t
                    .foreign_keys
                    .iter()
                    .map(|f| {
                        let refs = if f.ref_columns.is_empty() {
                            pk_of(&f.ref_table.name)
                        } else {
                            f.ref_columns.clone()
                        };
                        (
                            f.columns.clone(),
                            qualified(f.ref_table.schema.as_deref(), &f.ref_table.name),
                            refs,
                            action(f.on_delete),
                            action(f.on_update),
                        )
                    })
                    .collect(),
                unique_sets,
                indexes,
                checks: t
                    .checks
                    .iter()
                    .filter(|c| !c.expression.contains("json_valid"))
                    .count(),
            };
            (qualified(t.schema.as_deref(), &t.name), shape)
        })
        .collect()
}

/// The tables whose shapes differ between two catalogs, each with both shapes (`None` where
/// a catalog lacks the table); empty when they agree.
pub fn differences(
    got: &BTreeMap<String, TableShape>,
    want: &BTreeMap<String, TableShape>,
) -> Vec<String> {
    let names: BTreeSet<&String> = got.keys().chain(want.keys()).collect();
    names
        .into_iter()
        .filter(|n| got.get(*n) != want.get(*n))
        .map(|n| format!("{n}: {:?}\n  expected {:?}", got.get(n), want.get(n)))
        .collect()
}

/// The views a catalog holds, by qualified name (default schemas left out).
pub fn view_names(catalog: &str, target: Dialect) -> BTreeSet<String> {
    crate::import::sql::import_sql(catalog, target)
        .model
        .views
        .iter()
        .map(|v| qualified(v.schema.as_deref(), &v.name))
        .collect()
}
