//! A document model flattened into tables: each collection a table keyed by its `_id`;
//! an embedded document's fields as columns prefixed with its name (`address_city`); an
//! array of documents, or of values, as a child table with a foreign key to its parent and
//! the element's position; a reference as a foreign key. A field of several types becomes
//! the widest number, or `jsonb` when its types are of different kinds.

use crate::model::document::{BsonType, Collection, Field};
use crate::model::{
    Column, ColumnType, ForeignKey, Id, IdGen, Model, PrimaryKey, ReferentialAction, Shared, Table,
};

/// The tables, and a line per decision.
#[derive(Debug, Default)]
pub struct Flattened {
    pub model: Model,
    pub notes: Vec<String>,
}

/// The SQL type of a field's values.
fn sql_type(types: &[BsonType]) -> (&'static str, bool) {
    let kinds: Vec<BsonType> = types
        .iter()
        .copied()
        .filter(|t| *t != BsonType::Null)
        .collect();
    let spelling = match kinds.as_slice() {
        [] => "text",
        [one] => match one {
            BsonType::String | BsonType::Regex | BsonType::Javascript => "text",
            BsonType::Int => "integer",
            BsonType::Long => "bigint",
            BsonType::Double => "double precision",
            BsonType::Decimal => "numeric",
            BsonType::Bool => "boolean",
            BsonType::Date | BsonType::Timestamp => "timestamp with time zone",
            BsonType::ObjectId => "char(24)",
            BsonType::BinData => "bytea",
            _ => "jsonb",
        },
        many if many.iter().all(|t| t.is_number()) => {
            if many.contains(&BsonType::Decimal) {
                "numeric"
            } else if many.contains(&BsonType::Double) {
                "double precision"
            } else {
                "bigint"
            }
        }
        _ => "jsonb",
    };
    (spelling, kinds.len() > 1 && spelling == "jsonb")
}

fn singular(name: &str) -> String {
    if let Some(s) = name.strip_suffix("ies") {
        format!("{s}y")
    } else if let Some(s) = name.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        s.to_string()
    } else {
        name.to_string()
    }
}

struct Builder<'a> {
    ids: &'a mut IdGen,
    tables: Vec<Table>,
    notes: Vec<String>,
    /// Each referencing field's column: (field id, table index, column id).
    columns_of_fields: Vec<(Id, usize, Id)>,
}

impl Builder<'_> {
    /// `name`, or `name_2`, `name_3`... when table `t` has a column of that name.
    fn free_column(&self, t: usize, name: String) -> String {
        let name = if name.is_empty() {
            "unnamed".to_string()
        } else {
            name
        };
        let taken = |n: &str| self.tables[t].columns.iter().any(|c| c.name == n);
        let mut candidate = name.clone();
        let mut k = 2;
        while taken(&candidate) {
            candidate = format!("{name}_{k}");
            k += 1;
        }
        candidate
    }

    /// `name`, or `name_2`, ... when a table has that name.
    fn free_table(&self, name: String) -> String {
        let taken = |n: &str| self.tables.iter().any(|t| t.name == n);
        let mut candidate = name.clone();
        let mut k = 2;
        while taken(&candidate) {
            candidate = format!("{name}_{k}");
            k += 1;
        }
        candidate
    }

    fn column(&mut self, name: String, spelling: &str, nullable: bool) -> Column {
        Column {
            id: self.ids.fresh(),
            name,
            data_type: ColumnType::from_spelling(spelling),
            nullable,
            default: None,
            identity: None,
            comment: None,
        }
    }

    /// Adds the fields to table `t` as columns (`prefix` before each name); arrays become
    /// child tables of `t`.
    fn fields(&mut self, t: usize, prefix: &str, fields: &[Field], optional: bool) {
        for f in fields {
            let name = format!("{prefix}{}", f.name);
            let nullable = optional || !f.required || f.types.contains(&BsonType::Null);
            let only = |k: BsonType| f.types.iter().all(|x| *x == k || *x == BsonType::Null);
            if only(BsonType::Object) && !f.fields.is_empty() {
                self.fields(t, &format!("{name}_"), &f.fields, nullable);
                continue;
            }
            if only(BsonType::Array) {
                self.child(t, &name, f);
                continue;
            }
            let (spelling, mixed) = sql_type(&f.types);
            if mixed {
                self.notes.push(format!(
                    "{}.{name}: its values have several types, so it is jsonb",
                    self.tables[t].name
                ));
            }
            let name = self.free_column(t, name);
            let column = self.column(name, spelling, nullable);
            self.columns_of_fields.push((f.id, t, column.id));
            self.tables[t].columns.push(column);
        }
    }

    /// A child table for an array field of table `t`: keyed by its parent's key and the
    /// element's position.
    fn child(&mut self, t: usize, name: &str, f: &Field) {
        let parent = &self.tables[t];
        let parent_id = parent.id;
        let parent_name = parent.name.clone();
        let parent_pk: Vec<Id> = parent
            .primary_key
            .as_ref()
            .map(|p| p.columns.clone())
            .unwrap_or_default();
        // One column per column of the parent's key, of its type.
        let keys: Vec<(String, ColumnType)> = parent_pk
            .iter()
            .filter_map(|c| parent.column_by_id(*c))
            .map(|c| {
                // Prefixed, so they stay apart from each other and from `position`.
                let name = if parent_pk.len() == 1 {
                    format!("{}_id", singular(&parent_name))
                } else {
                    format!("parent_{}", c.name)
                };
                (name, c.data_type.clone())
            })
            .collect();
        let table_name = self.free_table(format!("{parent_name}_{name}"));
        let mut columns = Vec::new();
        for (name, data_type) in keys {
            let mut column = self.column(name, "text", false);
            column.data_type = data_type;
            columns.push(column);
        }
        let key_ids: Vec<Id> = columns.iter().map(|c| c.id).collect();
        let position = self.column("position".into(), "integer", false);
        let mut primary = key_ids.clone();
        primary.push(position.id);
        columns.push(position);
        let table = Table {
            id: self.ids.fresh(),
            name: table_name.clone(),
            columns,
            primary_key: Some(PrimaryKey {
                id: self.ids.fresh(),
                name: None,
                columns: primary,
            }),
            foreign_keys: vec![ForeignKey {
                id: self.ids.fresh(),
                name: None,
                columns: key_ids,
                ref_table: parent_id,
                ref_columns: parent_pk,
                on_delete: Some(ReferentialAction::Cascade),
                on_update: None,
                deferrable: false,
            }],
            ..Table::default()
        };
        self.tables.push(table);
        let c = self.tables.len() - 1;
        if f.item_types.contains(&BsonType::Object) && !f.fields.is_empty() {
            self.fields(c, "", &f.fields, false);
            self.notes.push(format!(
                "{parent_name}.{name}: its documents became rows of {table_name}, keyed by their parent and position"
            ));
        } else {
            let (spelling, _) = sql_type(&f.item_types);
            let value = self.column(
                "value".into(),
                spelling,
                f.item_types.contains(&BsonType::Null),
            );
            self.columns_of_fields.push((f.id, c, value.id));
            self.tables[c].columns.push(value);
            self.notes.push(format!(
                "{parent_name}.{name}: its values became rows of {table_name}"
            ));
        }
    }
}

/// The tables for `collections`.
pub fn to_tables(collections: &[Collection], ids: &mut IdGen) -> Flattened {
    let mut b = Builder {
        ids,
        tables: Vec::new(),
        notes: Vec::new(),
        columns_of_fields: Vec::new(),
    };
    let mut table_of: Vec<(Id, usize)> = Vec::new();
    for c in collections {
        let id_field = c.fields.iter().find(|f| f.name == "_id");
        let (spelling, _) = id_field.map_or(("char(24)", false), |f| sql_type(&f.types));
        let key_name = if c.fields.iter().any(|f| f.name == "id") {
            "_id"
        } else {
            "id"
        };
        let key = b.column(key_name.into(), spelling, false);
        if let Some(f) = id_field {
            b.columns_of_fields.push((f.id, b.tables.len(), key.id));
        }
        let key_id = key.id;
        let table = Table {
            id: b.ids.fresh(),
            name: b.free_table(c.name.clone()),
            columns: vec![key],
            primary_key: Some(PrimaryKey {
                id: b.ids.fresh(),
                name: None,
                columns: vec![key_id],
            }),
            comment: c.description.clone(),
            ..Table::default()
        };
        b.tables.push(table);
        let t = b.tables.len() - 1;
        table_of.push((c.id, t));
        let rest: Vec<Field> = c
            .fields
            .iter()
            .filter(|f| f.name != "_id")
            .cloned()
            .collect();
        b.fields(t, "", &rest, false);
    }
    // References as foreign keys, where the field became a column.
    for c in collections {
        for r in &c.references {
            let (Some(field), Some((_, to))) = (
                r.path.last(),
                table_of.iter().find(|(id, _)| *id == r.to).copied(),
            ) else {
                continue;
            };
            let Some((_, t, column)) = b
                .columns_of_fields
                .iter()
                .find(|(f, _, _)| f == field)
                .copied()
            else {
                continue;
            };
            let target = b.tables[to].id;
            let fk = ForeignKey {
                id: b.ids.fresh(),
                name: None,
                columns: vec![column],
                ref_table: target,
                ref_columns: Vec::new(),
                on_delete: None,
                on_update: None,
                deferrable: false,
            };
            b.tables[t].foreign_keys.push(fk);
        }
    }
    let model = Model {
        tables: b.tables.into_iter().map(Shared::new).collect(),
        ..Model::default()
    };
    Flattened {
        model,
        notes: b.notes,
    }
}
