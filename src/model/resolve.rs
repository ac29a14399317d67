//! Between references by name and references by id (see [`super::refs`]). An import ends
//! in [`resolve`]: every name becomes the id of what it names, and what names nothing (a
//! foreign key to a table the script never creates, a key on a missing column) is left out
//! and said, so every imported model passes `Model::validate`. [`Model::named`] goes the
//! other way, for comparing what two imports mean.

use rustc_hash::FxHashMap;

use super::ids::Id;
use super::objects::{Sequence, TableGroup};
use super::refs::{ByName, TableName};
use super::relational::{
    ForeignKey, Index, IndexPart, IndexTarget, Model, NamedModel, NamedTable, Partition,
    PrimaryKey, Table, UniqueConstraint,
};
use super::shared::Shared;

/// Tables by name, for resolving [`TableName`]s: `schema.name` means that table, or the
/// table of that name outside any schema (`public.x` and a bare `x` in a single-schema
/// script); a bare name means, as an engine's search path finds it, the table of that name
/// outside any schema, else the one in a default schema (`public`, `dbo`, `main`), else the
/// first of that name in any schema.
pub struct NameLookup<'a> {
    qualified: FxHashMap<(Option<&'a str>, &'a str), usize>,
    in_default: FxHashMap<&'a str, usize>,
    bare: FxHashMap<&'a str, usize>,
}

/// The schemas an engine looks in for a name written without one.
const DEFAULT_SCHEMAS: [&str; 3] = ["public", "dbo", "main"];

impl<'a> NameLookup<'a> {
    pub fn new<R: super::refs::Refs>(tables: &'a [super::shared::Shared<Table<R>>]) -> Self {
        let mut qualified = FxHashMap::default();
        let mut in_default = FxHashMap::default();
        let mut bare = FxHashMap::default();
        for (i, t) in tables.iter().enumerate() {
            qualified
                .entry((t.schema.as_deref(), t.name.as_str()))
                .or_insert(i);
            if t.schema
                .as_deref()
                .is_some_and(|s| DEFAULT_SCHEMAS.contains(&s))
            {
                in_default.entry(t.name.as_str()).or_insert(i);
            }
            bare.entry(t.name.as_str()).or_insert(i);
        }
        NameLookup {
            qualified,
            in_default,
            bare,
        }
    }

    /// The position of the table `name` means.
    pub fn find(&self, name: &TableName) -> Option<usize> {
        match &name.schema {
            Some(s) => self
                .qualified
                .get(&(Some(s.as_str()), name.name.as_str()))
                .or_else(|| self.qualified.get(&(None, name.name.as_str())))
                .copied(),
            None => {
                let name = name.name.as_str();
                self.qualified
                    .get(&(None, name))
                    .or_else(|| self.in_default.get(name))
                    .or_else(|| self.bare.get(name))
                    .copied()
            }
        }
    }
}

/// The model by id that `named` means, and what was left out of it: (the id of the object
/// whose text said it, why).
pub fn resolve(named: NamedModel) -> (Model, Vec<(Id, String)>) {
    let mut left_out = Vec::new();
    let NamedModel {
        schemas,
        extensions,
        tables,
        enums,
        domains,
        sequences,
        views,
        routines,
        table_groups,
        notes,
        project,
        collections,
    } = named;
    let ids: Vec<Id> = tables.iter().map(|t| t.id).collect();
    let column_ids = |i: usize, names: &[String]| -> Result<Vec<Id>, String> {
        names
            .iter()
            .map(|n| tables[i].column(n).map(|c| c.id).ok_or_else(|| n.clone()))
            .collect()
    };
    let lookup = NameLookup::new(&tables);
    // Every primary key first: a foreign key that references one implicitly must see whether
    // it is kept.
    let primary_keys: Vec<Option<Result<PrimaryKey, String>>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let pk = t.primary_key.as_ref()?;
            Some(column_ids(i, &pk.columns).map(|columns| PrimaryKey {
                id: pk.id,
                name: pk.name.clone(),
                columns,
            }))
        })
        .collect();
    let mut resolved: Vec<Shared<Table>> = Vec::with_capacity(tables.len());
    for (i, t) in tables.iter().enumerate() {
        let name = t.qualified_name();
        let primary_key = match &primary_keys[i] {
            None => None,
            Some(Ok(pk)) => Some(pk.clone()),
            Some(Err(c)) => {
                left_out.push((
                    t.id,
                    format!("the primary key of table {name} names missing column {c}: left out"),
                ));
                None
            }
        };
        let uniques = t
            .uniques
            .iter()
            .filter_map(|u| match column_ids(i, &u.columns) {
                Ok(columns) => Some(UniqueConstraint {
                    id: u.id,
                    name: u.name.clone(),
                    columns,
                }),
                Err(c) => {
                    left_out.push((
                        t.id,
                        format!(
                            "a unique constraint of table {name} names missing column {c}: left out"
                        ),
                    ));
                    None
                }
            })
            .collect();
        let indexes = t
            .indexes
            .iter()
            .filter_map(|index| match resolve_index(index, &tables[i]) {
                Ok(index) => Some(index),
                Err(c) => {
                    left_out.push((
                        index.id,
                        format!(
                            "index {} of table {name} names missing column {c}: left out",
                            index.name.as_deref().unwrap_or("(unnamed)")
                        ),
                    ));
                    None
                }
            })
            .collect();
        let foreign_keys = t
            .foreign_keys
            .iter()
            .filter_map(|fk| {
                let problem = match (column_ids(i, &fk.columns), lookup.find(&fk.ref_table)) {
                    (Err(c), _) => {
                        left_out.push((
                            fk.id,
                            format!(
                                "a foreign key of table {name} names missing column {c}: left out"
                            ),
                        ));
                        return None;
                    }
                    (Ok(_), None) => format!(
                        "references table {}, which the script does not create",
                        fk.ref_table
                    ),
                    (Ok(columns), Some(target)) => {
                        // Without columns it references the target's key, if that is kept.
                        let referenced = if fk.ref_columns.is_empty() {
                            match &primary_keys[target] {
                                Some(Ok(pk)) => pk.columns.len(),
                                _ => 0,
                            }
                        } else {
                            fk.ref_columns.len()
                        };
                        match column_ids(target, &fk.ref_columns) {
                            Err(c) => {
                                format!("references missing column {}.{c}", tables[target].name)
                            }
                            Ok(_) if referenced != fk.columns.len() => format!(
                                "has {} columns but references {referenced}",
                                fk.columns.len(),
                            ),
                            Ok(ref_columns) => {
                                return Some(ForeignKey {
                                    id: fk.id,
                                    name: fk.name.clone(),
                                    columns,
                                    ref_table: ids[target],
                                    ref_columns,
                                    on_delete: fk.on_delete,
                                    on_update: fk.on_update,
                                    deferrable: fk.deferrable,
                                })
                            }
                        }
                    }
                };
                left_out.push((
                    fk.id,
                    format!(
                        "the foreign key ({}) of table {name} {problem}: left out of the model",
                        fk.columns.join(", ")
                    ),
                ));
                None
            })
            .collect();
        let partition_of = t.partition_of.as_ref().and_then(|p| {
            match lookup.find(&p.parent) {
                Some(parent) => Some(Partition {
                    parent: ids[parent],
                    bound: p.bound.clone(),
                }),
                None => {
                    left_out.push((
                        t.id,
                        format!(
                            "table {name} is a partition of a table the script does not create: it is kept as a plain table"
                        ),
                    ));
                    None
                }
            }
        });
        let inherits = t
            .inherits
            .iter()
            .filter_map(|p| match lookup.find(p) {
                Some(parent) => Some(ids[parent]),
                None => {
                    left_out.push((
                        t.id,
                        format!("table {name} inherits from unknown table {p}: left out"),
                    ));
                    None
                }
            })
            .collect();
        resolved.push(Shared::new(Table {
            id: t.id,
            schema: t.schema.clone(),
            name: t.name.clone(),
            columns: t.columns.clone(),
            primary_key,
            uniques,
            checks: t.checks.clone(),
            foreign_keys,
            indexes,
            comment: t.comment.clone(),
            inherits,
            partition_of,
            color: t.color.clone(),
            alias: t.alias.clone(),
            patterns: t.patterns,
        }));
    }
    let sequences = sequences
        .into_iter()
        .map(|s| {
            let owned_by = s.owned_by.as_ref().and_then(|(table, column)| {
                let found = lookup
                    .find(table)
                    .and_then(|i| Some((ids[i], tables[i].column(column)?.id)));
                if found.is_none() {
                    left_out.push((
                        s.id,
                        format!(
                            "sequence {} is owned by {table}.{column}, which the script does not create: the ownership is left out",
                            s.name
                        ),
                    ));
                }
                found
            });
            Sequence {
                id: s.id,
                schema: s.schema,
                name: s.name,
                data_type: s.data_type,
                start: s.start,
                increment: s.increment,
                owned_by,
            }
        })
        .collect();
    let table_groups = table_groups
        .into_iter()
        .map(|g| {
            let mut members = Vec::with_capacity(g.tables.len());
            for member in &g.tables {
                match lookup.find(member) {
                    Some(i) => members.push(ids[i]),
                    None => left_out.push((
                        g.id,
                        format!(
                            "table group {} lists unknown table {member}: left out",
                            g.name
                        ),
                    )),
                }
            }
            TableGroup {
                id: g.id,
                name: g.name,
                tables: members,
                color: g.color,
                note: g.note,
            }
        })
        .collect();
    let model = Model {
        schemas,
        extensions,
        tables: resolved,
        enums,
        domains,
        sequences,
        views,
        routines,
        table_groups,
        notes,
        project,
        collections,
    };
    (model, left_out)
}

/// An index with its columns by id, or the name of a column `table` lacks.
fn resolve_index(index: &Index<ByName>, table: &NamedTable) -> Result<Index, String> {
    let id = |n: &String| table.column(n).map(|c| c.id).ok_or_else(|| n.clone());
    let parts = index
        .parts
        .iter()
        .map(|p| {
            Ok(IndexPart {
                target: match &p.target {
                    IndexTarget::Column(c) => IndexTarget::Column(id(c)?),
                    IndexTarget::Expression(e) => IndexTarget::Expression(e.clone()),
                },
                descending: p.descending,
                opclass: p.opclass.clone(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Index {
        id: index.id,
        name: index.name.clone(),
        unique: index.unique,
        method: index.method.clone(),
        parts,
        include: index.include.iter().map(id).collect::<Result<_, _>>()?,
        predicate: index.predicate.clone(),
    })
}

impl Model {
    /// The same model with its references by name (each table named with its schema, when
    /// it has one): what text would say. An id the model does not have becomes an empty
    /// name (a valid model has none).
    pub fn named(&self) -> NamedModel {
        let lookup = super::lookup::TableLookup::new(self);
        let table_name = |id: &Id| match lookup.index(*id).map(|i| &self.tables[i]) {
            Some(t) => TableName::new(t.schema.clone(), t.name.clone()),
            None => TableName::default(),
        };
        let column_of = |table: &Id, column: &Id| {
            lookup
                .index(*table)
                .map(|i| self.tables[i].column_name(*column).to_string())
                .unwrap_or_default()
        };
        let tables = self
            .tables
            .iter()
            .map(|t| {
                let names = |ids: &[Id]| t.column_names(ids);
                Shared::new(Table {
                    id: t.id,
                    schema: t.schema.clone(),
                    name: t.name.clone(),
                    columns: t.columns.clone(),
                    primary_key: t.primary_key.as_ref().map(|pk| PrimaryKey {
                        id: pk.id,
                        name: pk.name.clone(),
                        columns: names(&pk.columns),
                    }),
                    uniques: t
                        .uniques
                        .iter()
                        .map(|u| UniqueConstraint {
                            id: u.id,
                            name: u.name.clone(),
                            columns: names(&u.columns),
                        })
                        .collect(),
                    checks: t.checks.clone(),
                    foreign_keys: t
                        .foreign_keys
                        .iter()
                        .map(|fk| ForeignKey {
                            id: fk.id,
                            name: fk.name.clone(),
                            columns: names(&fk.columns),
                            ref_table: table_name(&fk.ref_table),
                            ref_columns: fk
                                .ref_columns
                                .iter()
                                .map(|c| column_of(&fk.ref_table, c))
                                .collect(),
                            on_delete: fk.on_delete,
                            on_update: fk.on_update,
                            deferrable: fk.deferrable,
                        })
                        .collect(),
                    indexes: t.indexes.iter().map(|i| i.named(t)).collect(),
                    comment: t.comment.clone(),
                    inherits: t.inherits.iter().map(table_name).collect(),
                    partition_of: t.partition_of.as_ref().map(|p| Partition {
                        parent: table_name(&p.parent),
                        bound: p.bound.clone(),
                    }),
                    color: t.color.clone(),
                    alias: t.alias.clone(),
                    patterns: t.patterns,
                })
            })
            .collect();
        NamedModel {
            schemas: self.schemas.clone(),
            extensions: self.extensions.clone(),
            tables,
            enums: self.enums.clone(),
            domains: self.domains.clone(),
            sequences: self
                .sequences
                .iter()
                .map(|s| Sequence {
                    id: s.id,
                    schema: s.schema.clone(),
                    name: s.name.clone(),
                    data_type: s.data_type.clone(),
                    start: s.start,
                    increment: s.increment,
                    owned_by: s
                        .owned_by
                        .as_ref()
                        .map(|(t, c)| (table_name(t), column_of(t, c))),
                })
                .collect(),
            views: self.views.clone(),
            routines: self.routines.clone(),
            table_groups: self
                .table_groups
                .iter()
                .map(|g| TableGroup {
                    id: g.id,
                    name: g.name.clone(),
                    tables: g.tables.iter().map(table_name).collect(),
                    color: g.color.clone(),
                    note: g.note.clone(),
                })
                .collect(),
            notes: self.notes.clone(),
            project: self.project.clone(),
            collections: self.collections.clone(),
        }
    }
}

impl Index {
    /// The index with its columns named as `table` names them (for printing).
    pub fn named(&self, table: &Table) -> Index<ByName> {
        Index {
            id: self.id,
            name: self.name.clone(),
            unique: self.unique,
            method: self.method.clone(),
            parts: self
                .parts
                .iter()
                .map(|p| IndexPart {
                    target: match &p.target {
                        IndexTarget::Column(c) => {
                            IndexTarget::Column(table.column_name(*c).to_string())
                        }
                        IndexTarget::Expression(e) => IndexTarget::Expression(e.clone()),
                    },
                    descending: p.descending,
                    opclass: p.opclass.clone(),
                })
                .collect(),
            include: table.column_names(&self.include),
            predicate: self.predicate.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::import::sql::import_sql;
    use crate::model::Dialect;

    /// A foreign key that references a table's key implicitly is left out with the key,
    /// when the key names a missing column: the model stays valid.
    #[test]
    fn an_implicit_reference_to_a_key_left_out_is_left_out_too() {
        let import = import_sql(
            "CREATE TABLE a (id int, PRIMARY KEY (nope));\n\
             CREATE TABLE b (a_id int REFERENCES a);",
            Dialect::Postgres,
        );
        let model = &import.model;
        assert!(model.tables[0].primary_key.is_none());
        assert!(model.tables[1].foreign_keys.is_empty());
        assert!(model.validate().is_ok(), "{:?}", model.validate());
        let reasons: Vec<&str> = import
            .report
            .skipped
            .iter()
            .map(|s| s.reason.as_str())
            .collect();
        assert!(
            reasons
                .iter()
                .any(|r| r.contains("names missing column nope"))
                && reasons
                    .iter()
                    .any(|r| r.contains("has 1 columns but references 0")),
            "{reasons:?}"
        );
    }

    /// A name without a schema means what a search path finds: the table outside any
    /// schema, then one in a default schema, then the first of that name.
    #[test]
    fn a_bare_name_finds_the_table_a_search_path_would() {
        let model = import_sql(
            "CREATE TABLE sales.t (id int PRIMARY KEY);\n\
             CREATE TABLE t (id int PRIMARY KEY);\n\
             CREATE TABLE u (t_id int REFERENCES t (id));",
            Dialect::Postgres,
        )
        .model;
        assert_eq!(
            model.tables[2].foreign_keys[0].ref_table,
            model.tables[1].id
        );
        let model = import_sql(
            "CREATE TABLE sales.t (id int PRIMARY KEY);\n\
             CREATE TABLE public.t (id int PRIMARY KEY);\n\
             CREATE TABLE u (t_id int REFERENCES t (id));",
            Dialect::Postgres,
        )
        .model;
        assert_eq!(
            model.tables[2].foreign_keys[0].ref_table,
            model.tables[1].id
        );
    }
}
