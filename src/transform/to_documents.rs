//! A document model proposed from a relational one, the way MongoDB's data modelling
//! guidance goes: a table that only exists under one parent (its key starts with the
//! parent's key, or its foreign key cascades deletes) and that nothing references is
//! embedded as an array of subdocuments in the parent ("one-to-few"); a junction table of
//! two foreign keys becomes an array of references on the side referenced more often
//! ("many-to-many", kept short); every other
//! foreign key stays a reference ("one-to-many"). A single-column primary key becomes `_id`.

use crate::model::document::{
    BsonType, Cardinality, Collection, DocumentIndex, Field, IndexKey, KeyKind, Reference,
};
use crate::model::{ForeignKey, Id, IdGen, Model, ReferentialAction, Table, TableLookup, TypeKind};

/// The collections, and a line per decision.
#[derive(Debug, Default)]
pub struct Proposal {
    pub collections: Vec<Collection>,
    pub notes: Vec<String>,
}

/// What a table becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Collection,
    /// Embedded in the table at this index, through its foreign key at this index.
    Embedded {
        parent: usize,
        key: usize,
    },
    /// A junction between the targets of its two foreign keys.
    Junction,
}

/// A column type as a BSON type (and the element type of an array).
pub fn bson_type(kind: &TypeKind) -> (BsonType, Option<BsonType>) {
    match kind {
        TypeKind::Boolean => (BsonType::Bool, None),
        TypeKind::TinyInt | TypeKind::SmallInt | TypeKind::Integer => (BsonType::Int, None),
        TypeKind::BigInt => (BsonType::Long, None),
        TypeKind::Decimal { .. } => (BsonType::Decimal, None),
        TypeKind::Real | TypeKind::Double => (BsonType::Double, None),
        TypeKind::Binary => (BsonType::BinData, None),
        TypeKind::Date | TypeKind::Timestamp { .. } => (BsonType::Date, None),
        TypeKind::Json | TypeKind::Jsonb => (BsonType::Object, None),
        TypeKind::Array { element } => (BsonType::Array, Some(bson_type(element).0)),
        _ => (BsonType::String, None),
    }
}

fn roles(model: &Model) -> Vec<Role> {
    let lookup = TableLookup::new(model);
    let referenced: Vec<bool> = (0..model.tables.len())
        .map(|i| {
            model
                .tables
                .iter()
                .flat_map(|t| &t.foreign_keys)
                .any(|fk| lookup.target(fk) == Some(i))
        })
        .collect();
    model
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let pk: Vec<Id> = t
                .primary_key
                .as_ref()
                .map_or(Vec::new(), |p| p.columns.clone());
            let resolved: Vec<(usize, &ForeignKey)> = t
                .foreign_keys
                .iter()
                .filter_map(|fk| Some((lookup.target(fk)?, fk)))
                .collect();
            if let [(a, fa), (b, fb)] = resolved.as_slice() {
                let keyed: Vec<Id> = fa.columns.iter().chain(&fb.columns).copied().collect();
                if a != b
                    && *a != i
                    && *b != i
                    && !referenced[i]
                    && pk.len() == keyed.len()
                    && keyed.iter().all(|c| pk.contains(c))
                {
                    return Role::Junction;
                }
            }
            if let [(parent, fk)] = resolved.as_slice() {
                let owned = fk.columns.iter().all(|c| pk.contains(c))
                    || fk.on_delete == Some(ReferentialAction::Cascade);
                if *parent != i && owned && !referenced[i] {
                    let key = t
                        .foreign_keys
                        .iter()
                        .position(|k| k.id == fk.id)
                        .unwrap_or(0);
                    return Role::Embedded {
                        parent: *parent,
                        key,
                    };
                }
            }
            Role::Collection
        })
        .collect()
}

/// The name a single-column primary key takes (`_id`), or its own.
fn field_name(t: &Table, column: Id) -> String {
    match &t.primary_key {
        Some(pk) if pk.columns == [column] => "_id".to_string(),
        _ => t.column_name(column).to_string(),
    }
}

fn column_fields(t: &Table, skip: &[Id], as_id: bool, ids: &mut IdGen) -> Vec<Field> {
    t.columns
        .iter()
        .filter(|c| !skip.contains(&c.id))
        .map(|c| {
            let (bson, item) = bson_type(&c.data_type.kind);
            let in_key = t
                .primary_key
                .as_ref()
                .is_some_and(|p| p.columns.contains(&c.id));
            Field {
                id: ids.fresh(),
                name: if as_id {
                    field_name(t, c.id)
                } else {
                    c.name.clone()
                },
                types: if c.nullable && !in_key {
                    vec![bson, BsonType::Null]
                } else {
                    vec![bson]
                },
                required: !c.nullable || in_key,
                item_types: item.into_iter().collect(),
                description: c.comment.clone(),
                ..Field::default()
            }
        })
        .collect()
}

/// The document model proposed for `model`'s tables.
pub fn to_documents(model: &Model, ids: &mut IdGen) -> Proposal {
    let lookup = TableLookup::new(model);
    let roles = roles(model);
    let mut out = Proposal::default();
    // The collection each collection table becomes, by table index.
    let mut made: Vec<Option<usize>> = vec![None; model.tables.len()];
    for (i, t) in model.tables.iter().enumerate() {
        if roles[i] != Role::Collection {
            continue;
        }
        let single_key = t.primary_key.as_ref().is_some_and(|p| p.columns.len() == 1);
        let mut fields = column_fields(t, &[], true, ids);
        let mut indexes = Vec::new();
        if !single_key {
            fields.insert(
                0,
                Field {
                    id: ids.fresh(),
                    name: "_id".into(),
                    types: vec![BsonType::ObjectId],
                    required: true,
                    ..Field::default()
                },
            );
            if let Some(pk) = &t.primary_key {
                indexes.push(DocumentIndex {
                    id: ids.fresh(),
                    keys: pk
                        .columns
                        .iter()
                        .map(|c| IndexKey {
                            path: t.column_name(*c).to_string(),
                            kind: KeyKind::Ascending,
                        })
                        .collect(),
                    unique: true,
                    ..DocumentIndex::default()
                });
                out.notes.push(format!(
                    "{}: its composite key became a unique index; documents get an ObjectId _id",
                    t.name
                ));
            }
        }
        for u in &t.uniques {
            indexes.push(DocumentIndex {
                id: ids.fresh(),
                name: u.name.clone(),
                keys: u
                    .columns
                    .iter()
                    .map(|c| IndexKey {
                        path: field_name(t, *c),
                        kind: KeyKind::Ascending,
                    })
                    .collect(),
                unique: true,
                ..DocumentIndex::default()
            });
        }
        made[i] = Some(out.collections.len());
        out.collections.push(Collection {
            id: ids.fresh(),
            name: t.name.clone(),
            fields,
            indexes,
            description: t.comment.clone(),
            ..Collection::default()
        });
    }
    // Embedded children, deepest last: a child of an embedded child is noted, not nested.
    for (i, t) in model.tables.iter().enumerate() {
        let Role::Embedded { parent, key } = roles[i] else {
            continue;
        };
        let Some(p) = made[parent] else {
            out.notes.push(format!(
                "{}: its parent {} is embedded itself, so it stays a collection of its own",
                t.name, model.tables[parent].name
            ));
            made[i] = Some(out.collections.len());
            let fields = column_fields(t, &[], true, ids);
            out.collections.push(Collection {
                id: ids.fresh(),
                name: t.name.clone(),
                fields,
                ..Collection::default()
            });
            continue;
        };
        let fk = &t.foreign_keys[key];
        let fields = column_fields(t, &fk.columns, false, ids);
        out.collections[p].fields.push(Field {
            id: ids.fresh(),
            name: t.name.clone(),
            types: vec![BsonType::Array],
            required: true,
            item_types: vec![BsonType::Object],
            fields,
            description: t.comment.clone(),
            ..Field::default()
        });
        out.notes.push(format!(
            "{}: embedded in {} as an array of subdocuments (it belongs to one {} and nothing else references it)",
            t.name, model.tables[parent].name, model.tables[parent].name
        ));
    }
    // References: foreign keys between collections, and junctions as arrays of them.
    for (i, t) in model.tables.iter().enumerate() {
        match roles[i] {
            Role::Collection => {
                let Some(c) = made[i] else { continue };
                for fk in &t.foreign_keys {
                    let (Some(target), Some(first)) = (lookup.target(fk), fk.columns.first())
                    else {
                        continue;
                    };
                    let Some(to) = made[target] else { continue };
                    let name = field_name(t, *first);
                    let Some(field) = out.collections[c].fields.iter().find(|f| f.name == name)
                    else {
                        continue;
                    };
                    let reference = Reference {
                        id: ids.fresh(),
                        path: vec![field.id],
                        to: out.collections[to].id,
                        cardinality: Cardinality::One,
                        proposed: false,
                    };
                    out.collections[c].references.push(reference);
                }
            }
            Role::Junction => {
                let resolved: Vec<(usize, &ForeignKey)> = t
                    .foreign_keys
                    .iter()
                    .filter_map(|fk| Some((lookup.target(fk)?, fk)))
                    .collect();
                let [first, second] = resolved.as_slice() else {
                    continue;
                };
                // The array goes on the side referenced more often (the more numerous
                // entity: a film has a few categories, a category many films), so it stays
                // short.
                let incoming = |i: usize| {
                    model
                        .tables
                        .iter()
                        .flat_map(|t| &t.foreign_keys)
                        .filter(|fk| lookup.target(fk) == Some(i))
                        .count()
                };
                let ((a, _), (b, fb)) = if incoming(second.0) > incoming(first.0) {
                    (second, first)
                } else {
                    (first, second)
                };
                let (Some(ca), Some(cb)) = (made[*a], made[*b]) else {
                    continue;
                };
                let target = &model.tables[*b];
                let item = target
                    .primary_key
                    .as_ref()
                    .and_then(|p| p.columns.first())
                    .and_then(|c| target.column_by_id(*c))
                    .map_or(BsonType::ObjectId, |c| bson_type(&c.data_type.kind).0);
                let name = format!(
                    "{}s",
                    fb.columns
                        .first()
                        .map_or(target.name.as_str(), |c| t.column_name(*c))
                );
                let field = Field {
                    id: ids.fresh(),
                    name,
                    types: vec![BsonType::Array],
                    item_types: vec![item],
                    ..Field::default()
                };
                let reference = Reference {
                    id: ids.fresh(),
                    path: vec![field.id],
                    to: out.collections[cb].id,
                    cardinality: Cardinality::Many,
                    proposed: false,
                };
                let extra = t.columns.len()
                    - t.foreign_keys
                        .iter()
                        .map(|k| k.columns.len())
                        .sum::<usize>();
                out.notes.push(format!(
                    "{}: the junction became {}.{}, an array of references to {}{}",
                    t.name,
                    model.tables[*a].name,
                    field.name,
                    target.name,
                    if extra > 0 {
                        format!(" ({extra} other column(s) of it are not kept)")
                    } else {
                        String::new()
                    }
                ));
                let c = &mut out.collections[ca];
                c.fields.push(field);
                c.references.push(reference);
            }
            Role::Embedded { .. } => {}
        }
    }
    out
}
