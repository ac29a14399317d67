//! Document rules: what a reviewer of a MongoDB model flags (arrays that grow without bound,
//! deep nesting, documents near the 16 MB limit, references without an index, field names
//! operators cannot address, types that change from document to document).

pub mod deep_nesting;
pub mod document_size;
pub mod examples;
pub mod field_name;
pub mod inconsistent_types;
pub mod unbounded_array;
pub mod unindexed_reference;

use crate::edit::Edit;
use crate::model::document::{BsonType, Collection, Field};
use crate::model::{Id, Model};

/// A field with where it is: its dotted path, the ids to it, and how many fields enclose it.
pub struct FieldAt<'a> {
    pub path: String,
    pub ids: Vec<Id>,
    pub field: &'a Field,
    pub depth: usize,
}

/// Every field of the collection, parents first.
pub fn fields(c: &Collection) -> Vec<FieldAt<'_>> {
    fn walk<'a>(list: &'a [Field], prefix: &str, ids: &mut Vec<Id>, out: &mut Vec<FieldAt<'a>>) {
        for f in list {
            let path = if prefix.is_empty() {
                f.name.clone()
            } else {
                format!("{prefix}.{}", f.name)
            };
            ids.push(f.id);
            out.push(FieldAt {
                path: path.clone(),
                ids: ids.clone(),
                field: f,
                depth: ids.len() - 1,
            });
            walk(&f.fields, &path, ids, out);
            ids.pop();
        }
    }
    let mut out = Vec::new();
    walk(&c.fields, "", &mut Vec::new(), &mut out);
    out
}

/// The collection with `change` made to the field at `ids`, as the edit that puts it.
pub fn changed_field(
    model: &Model,
    c: &Collection,
    ids: &[Id],
    change: impl FnOnce(&mut Field),
) -> Option<Edit> {
    let mut copy = c.clone();
    let (first, rest) = ids.split_first()?;
    let mut f = copy.fields.iter_mut().find(|f| f.id == *first)?;
    for id in rest {
        f = f.fields.iter_mut().find(|x| x.id == *id)?;
    }
    change(f);
    Some(put(model, copy))
}

/// The edit that replaces the collection with `c`.
pub fn put(model: &Model, c: Collection) -> Edit {
    let at = model
        .collections
        .iter()
        .position(|x| x.id == c.id)
        .unwrap_or(model.collections.len());
    Edit::PutCollection {
        collection: Box::new(c),
        at,
    }
}

/// Whether the field can hold an array.
pub fn is_array(f: &Field) -> bool {
    f.types.contains(&BsonType::Array)
}
