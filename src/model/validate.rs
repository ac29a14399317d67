//! The model's invariants, checked in one place: every id is set and unique, names are unique
//! where the databases require it, and every reference resolves. Projects that are opened,
//! restored or decoded pass through here, so a broken one is reported, never half-loaded; the
//! edit tests check it after every edit.

use std::collections::{BTreeMap, BTreeSet};

use super::ids::Id;
use super::lookup::TableLookup;
use super::relational::{ForeignKey, Model, Table};
use super::visit::IdOwner;

/// Everything wrong with a model, one sentence each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub problems: Vec<String>,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SHOWN: usize = 5;
        let shown: Vec<&str> = self
            .problems
            .iter()
            .take(SHOWN)
            .map(String::as_str)
            .collect();
        write!(f, "{}", shown.join("; "))?;
        if self.problems.len() > SHOWN {
            write!(f, "; and {} more", self.problems.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

impl Model {
    /// Checks every invariant; `Err` lists each broken one.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut problems = Vec::new();
        unique_ids(self, &mut problems);
        unique_names(self, &mut problems);
        let lookup = TableLookup::new(self);
        for table in &self.tables {
            table_references(self, &lookup, table, &mut problems);
        }
        other_references(self, &mut problems);
        collections(self, &mut problems);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Invalid { problems })
        }
    }
}

/// The document model's invariants: collections and the fields of each embedded document
/// have distinct, non-empty names; references lead through fields that exist to a
/// collection that exists; an index has keys.
fn collections(model: &Model, problems: &mut Vec<String>) {
    fn fields(c: &str, at: &str, list: &[super::document::Field], problems: &mut Vec<String>) {
        let mut names = BTreeSet::new();
        for f in list {
            if f.name.is_empty() || !names.insert(f.name.as_str()) {
                problems.push(format!(
                    "collection {c} has two fields named {at}{} (or one without a name)",
                    f.name
                ));
            }
            fields(c, &format!("{at}{}.", f.name), &f.fields, problems);
        }
    }
    let mut names = BTreeSet::new();
    for c in &model.collections {
        if c.name.is_empty() || !names.insert(c.name.as_str()) {
            problems.push(format!(
                "two collections are named {} (or one has no name)",
                c.name
            ));
        }
        fields(&c.name, "", &c.fields, problems);
        for r in &c.references {
            if c.field_at(&r.path).is_none() {
                problems.push(format!(
                    "a reference of collection {} starts from a field it does not have",
                    c.name
                ));
            }
            if !model.collections.iter().any(|o| o.id == r.to) {
                problems.push(format!(
                    "a reference of collection {} points to a collection that does not exist",
                    c.name
                ));
            }
        }
        if c.indexes.iter().any(|i| i.keys.is_empty()) {
            problems.push(format!("an index of collection {} has no keys", c.name));
        }
    }
}

impl Model {
    /// The invariants an edit of the tables `touched` can break, in a model that held them
    /// all before it: their names, ids and references, the foreign keys into them, groups,
    /// partitions and inheritance. Much cheaper than [`Model::validate`] on a big model.
    pub fn validate_tables(&self, touched: &[Id]) -> Result<(), Invalid> {
        let mut problems = Vec::new();
        let lookup = TableLookup::new(self);
        let mut indexes = Vec::new();
        for id in touched {
            let Some(i) = self.tables.iter().position(|t| t.id == *id) else {
                continue;
            };
            indexes.push(i);
            let table = &self.tables[i];
            let clash = self
                .tables
                .iter()
                .enumerate()
                .any(|(k, t)| k != i && t.schema == table.schema && t.name == table.name)
                || self
                    .views
                    .iter()
                    .any(|v| v.schema == table.schema && v.name == table.name);
            if clash || table.name.is_empty() {
                problems.push(format!(
                    "two tables or views are named {}",
                    table.qualified_name()
                ));
            }
            let mut one = Model::default();
            one.tables.push(table.clone());
            unique_ids(&one, &mut problems);
            let mut names = BTreeSet::new();
            for c in &table.columns {
                if c.name.is_empty() || !names.insert(c.name.as_str()) {
                    problems.push(format!(
                        "table {} has two columns named {} (or one without a name)",
                        table.qualified_name(),
                        c.name
                    ));
                }
            }
            table_references(self, &lookup, table, &mut problems);
        }
        // Foreign keys from elsewhere into the touched tables.
        for table in &self.tables {
            for fk in &table.foreign_keys {
                if lookup.target(fk).is_some_and(|t| indexes.contains(&t)) {
                    foreign_key_references(self, &lookup, table, fk, &mut problems);
                }
            }
        }
        for table in self
            .tables
            .iter()
            .filter(|t| t.partition_of.is_some() || !t.inherits.is_empty())
        {
            parents(&lookup, table, &mut problems);
        }
        other_references(self, &mut problems);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Invalid { problems })
        }
    }
}

fn unique_ids(model: &Model, problems: &mut Vec<String>) {
    let mut seen: BTreeMap<Id, IdOwner> = BTreeMap::new();
    model.ids(|owner, id| {
        if id == Id::default() {
            problems.push(format!("a {} has no id", owner.noun()));
        } else if let Some(first) = seen.insert(id, owner) {
            problems.push(format!(
                "id {id} is given to a {} and to a {}",
                first.noun(),
                owner.noun()
            ));
        }
    });
}

fn unique_names(model: &Model, problems: &mut Vec<String>) {
    let mut schemas = BTreeSet::new();
    for s in &model.schemas {
        if s.name.is_empty() || !schemas.insert(s.name.as_str()) {
            problems.push(format!(
                "two schemas are named {} (or one has no name)",
                s.name
            ));
        }
    }
    let mut relations = BTreeSet::new();
    for (kind, schema, name) in model
        .tables
        .iter()
        .map(|t| ("table", &t.schema, &t.name))
        .chain(model.views.iter().map(|v| ("view", &v.schema, &v.name)))
    {
        if !relations.insert((schema, name)) {
            problems.push(format!(
                "two tables or views are named {}",
                qualified(schema, name)
            ));
        }
        if name.is_empty() {
            problems.push(format!("a {kind} has an empty name"));
        }
    }
    let mut types = BTreeSet::new();
    for (schema, name) in model
        .enums
        .iter()
        .map(|e| (&e.schema, &e.name))
        .chain(model.domains.iter().map(|d| (&d.schema, &d.name)))
    {
        if !types.insert((schema, name)) {
            problems.push(format!("two types are named {}", qualified(schema, name)));
        }
    }
    for e in &model.enums {
        let distinct: BTreeSet<&String> = e.values.iter().collect();
        if distinct.len() != e.values.len() {
            problems.push(format!("enum {} repeats a value", e.name));
        }
        if e.value_ids.len() != e.values.len() {
            problems.push(format!(
                "enum {} has {} values but {} value ids",
                e.name,
                e.values.len(),
                e.value_ids.len()
            ));
        }
    }
    let mut groups = BTreeSet::new();
    for g in &model.table_groups {
        if !groups.insert(&g.name) {
            problems.push(format!("two table groups are named {}", g.name));
        }
    }
    for table in &model.tables {
        let mut columns = BTreeSet::new();
        for c in &table.columns {
            if c.name.is_empty() {
                problems.push(format!("table {} has a column without a name", table.name));
            } else if !columns.insert(c.name.as_str()) {
                problems.push(format!(
                    "table {} has two columns named {}",
                    table.qualified_name(),
                    c.name
                ));
            }
        }
    }
}

fn table_references(
    model: &Model,
    lookup: &TableLookup,
    table: &Table,
    problems: &mut Vec<String>,
) {
    let name = table.qualified_name();
    if let Some(schema) = table
        .schema
        .as_deref()
        .filter(|s| !model.declares_schema(s))
    {
        problems.push(format!(
            "table {name} is in schema {schema}, which the model does not list"
        ));
    }
    let need = |problems: &mut Vec<String>, what: String, columns: &[Id]| {
        if let Some(missing) = columns.iter().find(|c| table.column_by_id(**c).is_none()) {
            problems.push(format!(
                "{what} of table {name} names missing column (id {missing})"
            ));
        }
    };
    if let Some(pk) = &table.primary_key {
        need(problems, "the primary key".into(), &pk.columns);
    }
    for u in &table.uniques {
        need(problems, "a unique constraint".into(), &u.columns);
    }
    for i in &table.indexes {
        need(
            problems,
            format!("index {}", i.name.as_deref().unwrap_or("(unnamed)")),
            &i.columns(),
        );
    }
    for fk in &table.foreign_keys {
        foreign_key_references(model, lookup, table, fk, problems);
    }
    parents(lookup, table, problems);
}

/// A partition's parent and the tables it inherits from exist.
fn parents(lookup: &TableLookup, table: &Table, problems: &mut Vec<String>) {
    let name = table.qualified_name();
    if let Some(p) = &table.partition_of {
        if lookup.index(p.parent).is_none() {
            problems.push(format!(
                "table {name} is a partition of missing table (id {})",
                p.parent
            ));
        }
    }
    for parent in &table.inherits {
        if lookup.index(*parent).is_none() {
            problems.push(format!(
                "table {name} inherits from missing table (id {parent})"
            ));
        }
    }
}

/// A foreign key's own columns exist, its target table and columns exist, and it has as many
/// columns as it references.
fn foreign_key_references(
    model: &Model,
    lookup: &TableLookup,
    table: &Table,
    fk: &ForeignKey,
    problems: &mut Vec<String>,
) {
    let name = table.qualified_name();
    let label = format!(
        "foreign key {}",
        fk.name
            .clone()
            .unwrap_or_else(|| table.column_names(&fk.columns).join(", "))
    );
    if let Some(missing) = fk
        .columns
        .iter()
        .find(|c| table.column_by_id(**c).is_none())
    {
        problems.push(format!(
            "{label} of table {name} names missing column (id {missing})"
        ));
    }
    let Some(target) = lookup.target(fk).map(|i| &model.tables[i]) else {
        problems.push(format!(
            "{label} of table {name} references missing table (id {})",
            fk.ref_table
        ));
        return;
    };
    let referenced = fk.referenced_columns(target);
    if let Some(missing) = referenced
        .iter()
        .find(|c| target.column_by_id(**c).is_none())
    {
        problems.push(format!(
            "{label} of table {name} references missing column (id {missing})"
        ));
    } else if referenced.len() != fk.columns.len() {
        problems.push(format!(
            "{label} of table {name} has {} columns but references {}",
            fk.columns.len(),
            referenced.len()
        ));
    }
}

fn other_references(model: &Model, problems: &mut Vec<String>) {
    let in_schema = model
        .enums
        .iter()
        .map(|e| ("type", &e.schema, &e.name))
        .chain(model.domains.iter().map(|d| ("domain", &d.schema, &d.name)))
        .chain(
            model
                .sequences
                .iter()
                .map(|s| ("sequence", &s.schema, &s.name)),
        )
        .chain(model.views.iter().map(|v| ("view", &v.schema, &v.name)))
        .chain(
            model
                .routines
                .iter()
                .map(|r| ("routine", &r.schema, &r.name)),
        )
        .chain(
            model
                .extensions
                .iter()
                .map(|e| ("extension", &e.schema, &e.name)),
        );
    for (kind, schema, name) in in_schema {
        if let Some(schema) = schema.as_deref().filter(|s| !model.declares_schema(s)) {
            problems.push(format!(
                "{kind} {name} is in schema {schema}, which the model does not list"
            ));
        }
    }
    let lookup = TableLookup::new(model);
    for g in &model.table_groups {
        for member in &g.tables {
            if lookup.index(*member).is_none() {
                problems.push(format!(
                    "table group {} lists missing table (id {member})",
                    g.name
                ));
            }
        }
    }
    for s in &model.sequences {
        if let Some((table, column)) = &s.owned_by {
            let owner = lookup.index(*table).map(|i| &model.tables[i]);
            if owner.and_then(|t| t.column_by_id(*column)).is_none() {
                problems.push(format!(
                    "sequence {} is owned by missing column (id {column}) of table (id {table})",
                    s.name
                ));
            }
        }
    }
}

/// Whether a table or a view is named `written` (`schema.name` or `name`): what a trigger
/// or a rule is on.
pub fn relation_exists<R: crate::model::Refs>(model: &Model<R>, written: &str) -> bool {
    find_by_name(model, written).is_some()
        || model.views.iter().any(|v| {
            v.name == written
                || v.schema
                    .as_deref()
                    .is_some_and(|s| format!("{s}.{}", v.name) == written)
        })
}

/// A table named as `schema.name` or `name` (how groups, partitions and inheritance name
/// their tables).
pub fn find_by_name<'a, R: crate::model::Refs>(
    model: &'a Model<R>,
    written: &str,
) -> Option<&'a Table<R>> {
    model
        .tables
        .iter()
        .find(|t| t.qualified_name() == written)
        .or_else(|| model.tables.iter().find(|t| t.name == written))
        .map(|t| &**t)
}

fn qualified(schema: &Option<String>, name: &str) -> String {
    match schema {
        Some(s) => format!("{s}.{name}"),
        None => name.to_string(),
    }
}
