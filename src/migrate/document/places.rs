//! Where each field of a collection sits, by id: its chain of enclosing fields. A migration
//! step addresses a field by the path it has at the moment the step runs, which depends on
//! the steps before it (a field under a renamed parent is reached through the new name).

use rustc_hash::FxHashMap;

use crate::model::document::{BsonType, Collection, Field};
use crate::model::Id;

/// A field with the fields that enclose it, outermost first.
#[derive(Clone, Debug)]
pub struct Place<'a> {
    pub field: &'a Field,
    pub ancestors: Vec<&'a Field>,
}

impl Place<'_> {
    /// Field names from the top of the document down to this one.
    pub fn names(&self) -> Vec<String> {
        self.ancestors
            .iter()
            .chain(std::iter::once(&self.field))
            .map(|f| f.name.clone())
            .collect()
    }

    pub fn parent(&self) -> Option<Id> {
        self.ancestors.last().map(|f| f.id)
    }

    pub fn depth(&self) -> usize {
        self.ancestors.len()
    }
}

/// Whether update operators can address the path with dots: no name holds a dot or starts
/// with `$`, and no enclosing field can hold an array (whose elements dotted paths would
/// not reach one by one).
pub fn dotted(names: &[String], through_array: bool) -> bool {
    !through_array && names.iter().all(|n| plain_name(n))
}

/// A name that dotted paths and `$name` expressions can carry.
pub fn plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('.') && !name.starts_with('$')
}

/// Every field of the collection by id.
pub fn places(c: &Collection) -> FxHashMap<Id, Place<'_>> {
    fn walk<'a>(
        fields: &'a [Field],
        ancestors: &mut Vec<&'a Field>,
        out: &mut FxHashMap<Id, Place<'a>>,
    ) {
        for f in fields {
            out.insert(
                f.id,
                Place {
                    field: f,
                    ancestors: ancestors.clone(),
                },
            );
            ancestors.push(f);
            walk(&f.fields, ancestors, out);
            ancestors.pop();
        }
    }
    let mut out = FxHashMap::default();
    walk(&c.fields, &mut Vec::new(), &mut out);
    out
}

/// Whether any of the fields can hold an array.
pub fn any_array(fields: &[&Field]) -> bool {
    fields.iter().any(|f| f.types.contains(&BsonType::Array))
}

/// Where each field is while the steps run, updated as each rename, move or addition is
/// planned, so every step addresses fields by the path they have at that moment.
pub struct Paths<'a> {
    /// Each field's chain of (id, name), outermost first, itself last.
    chains: FxHashMap<Id, Vec<(Id, String)>>,
    /// The fields of both versions by id (the new one where both have it), for their types.
    fields: FxHashMap<Id, &'a Field>,
}

impl<'a> Paths<'a> {
    /// The fields where the old version has them.
    pub fn new(old: &FxHashMap<Id, Place<'a>>, new: &FxHashMap<Id, Place<'a>>) -> Paths<'a> {
        let chains = old
            .iter()
            .map(|(id, p)| {
                let chain = p
                    .ancestors
                    .iter()
                    .chain(std::iter::once(&p.field))
                    .map(|f| (f.id, f.name.clone()))
                    .collect();
                (*id, chain)
            })
            .collect();
        let mut fields: FxHashMap<Id, &Field> = old.iter().map(|(id, p)| (*id, p.field)).collect();
        fields.extend(new.iter().map(|(id, p)| (*id, p.field)));
        Paths { chains, fields }
    }

    /// The field's names now, and whether an enclosing field can hold an array.
    pub fn at(&self, id: Id) -> (Vec<String>, bool) {
        let chain = self.chains.get(&id).map_or(&[][..], Vec::as_slice);
        let names = chain.iter().map(|(_, n)| n.clone()).collect();
        let enclosing: Vec<&Field> = chain[..chain.len().saturating_sub(1)]
            .iter()
            .filter_map(|(i, _)| self.fields.get(i).copied())
            .collect();
        (names, any_array(&enclosing))
    }

    /// Records that field `id` (and all below it) now sits under `parent` as `name`.
    pub fn place(&mut self, id: Id, parent: Option<Id>, name: &str) {
        let mut head: Vec<(Id, String)> = parent
            .and_then(|p| self.chains.get(&p).cloned())
            .unwrap_or_default();
        head.push((id, name.to_string()));
        for chain in self.chains.values_mut() {
            if let Some(k) = chain.iter().position(|(i, _)| *i == id) {
                let mut moved = head.clone();
                moved.extend(chain[k + 1..].iter().cloned());
                *chain = moved;
            }
        }
        self.chains.entry(id).or_insert(head);
    }
}
