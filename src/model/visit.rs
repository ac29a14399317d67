//! Every id in a model, visited in one place, so that the largest id, uniqueness checks and
//! id assignment cannot forget a kind of object.

use super::document::Field;
use super::ids::Id;
use super::refs::Refs;
use super::relational::{IndexTarget, Model, Table};

/// What an id belongs to, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdOwner {
    Schema,
    Table,
    Column,
    PrimaryKey,
    Unique,
    Check,
    ForeignKey,
    Index,
    Enum,
    EnumValue,
    Domain,
    Sequence,
    View,
    Routine,
    Group,
    Note,
    Collection,
    Field,
    Reference,
    DocumentIndex,
}

impl IdOwner {
    pub fn noun(self) -> &'static str {
        match self {
            IdOwner::Schema => "schema",
            IdOwner::Table => "table",
            IdOwner::Column => "column",
            IdOwner::PrimaryKey => "primary key",
            IdOwner::Unique => "unique constraint",
            IdOwner::Check => "check constraint",
            IdOwner::ForeignKey => "foreign key",
            IdOwner::Index => "index",
            IdOwner::Enum => "enum",
            IdOwner::EnumValue => "enum value",
            IdOwner::Domain => "domain",
            IdOwner::Sequence => "sequence",
            IdOwner::View => "view",
            IdOwner::Routine => "routine",
            IdOwner::Group => "table group",
            IdOwner::Note => "note",
            IdOwner::Collection => "collection",
            IdOwner::Field => "field",
            IdOwner::Reference => "reference",
            IdOwner::DocumentIndex => "collection index",
        }
    }
}

/// Calls `f` with every id of one table's objects, the table's own first.
pub fn table_ids_mut<R: Refs>(table: &mut Table<R>, f: &mut impl FnMut(IdOwner, &mut Id)) {
    f(IdOwner::Table, &mut table.id);
    for c in &mut table.columns {
        f(IdOwner::Column, &mut c.id);
    }
    if let Some(pk) = &mut table.primary_key {
        f(IdOwner::PrimaryKey, &mut pk.id);
    }
    for u in &mut table.uniques {
        f(IdOwner::Unique, &mut u.id);
    }
    for c in &mut table.checks {
        f(IdOwner::Check, &mut c.id);
    }
    for fk in &mut table.foreign_keys {
        f(IdOwner::ForeignKey, &mut fk.id);
    }
    for i in &mut table.indexes {
        f(IdOwner::Index, &mut i.id);
    }
}

impl Model {
    /// Calls `f` with every reference in the model (a key's, an index's, a foreign key's,
    /// a group's, a partition's, an inheritance's, a sequence owner's), mutably.
    pub fn references_mut(&mut self, mut f: impl FnMut(&mut Id)) {
        for t in &mut self.tables {
            table_references_mut(t, &mut f);
        }
        for s in &mut self.sequences {
            if let Some((t, c)) = &mut s.owned_by {
                f(t);
                f(c);
            }
        }
        for g in &mut self.table_groups {
            g.tables.iter_mut().for_each(&mut f);
        }
        for c in &mut self.collections {
            for r in &mut c.references {
                r.path.iter_mut().for_each(&mut f);
                f(&mut r.to);
            }
        }
    }

    /// Adds `by` to every id and every reference: a model merged into another keeps its
    /// references and takes none of the other's ids.
    pub fn shift_ids(&mut self, by: u64) {
        self.ids_mut(|_, id| id.0 += by);
        self.references_mut(|id| id.0 += by);
    }
}

/// Calls `f` with every reference one table holds (its keys', indexes', foreign keys',
/// parents').
pub fn table_references_mut(table: &mut Table, f: &mut impl FnMut(&mut Id)) {
    if let Some(pk) = &mut table.primary_key {
        pk.columns.iter_mut().for_each(&mut *f);
    }
    for u in &mut table.uniques {
        u.columns.iter_mut().for_each(&mut *f);
    }
    for i in &mut table.indexes {
        for p in &mut i.parts {
            if let IndexTarget::Column(c) = &mut p.target {
                f(c);
            }
        }
        i.include.iter_mut().for_each(&mut *f);
    }
    for fk in &mut table.foreign_keys {
        fk.columns.iter_mut().for_each(&mut *f);
        f(&mut fk.ref_table);
        fk.ref_columns.iter_mut().for_each(&mut *f);
    }
    table.inherits.iter_mut().for_each(&mut *f);
    if let Some(p) = &mut table.partition_of {
        f(&mut p.parent);
    }
}

impl<R: Refs> Model<R> {
    /// Calls `f` with every id in the model, mutably (for assigning ids).
    pub fn ids_mut(&mut self, mut f: impl FnMut(IdOwner, &mut Id)) {
        for s in &mut self.schemas {
            f(IdOwner::Schema, &mut s.id);
        }
        for t in &mut self.tables {
            table_ids_mut(t, &mut f);
        }
        for e in &mut self.enums {
            f(IdOwner::Enum, &mut e.id);
            for v in &mut e.value_ids {
                f(IdOwner::EnumValue, v);
            }
        }
        for d in &mut self.domains {
            f(IdOwner::Domain, &mut d.id);
            for c in &mut d.checks {
                f(IdOwner::Check, &mut c.id);
            }
        }
        for s in &mut self.sequences {
            f(IdOwner::Sequence, &mut s.id);
        }
        for v in &mut self.views {
            f(IdOwner::View, &mut v.id);
            for i in &mut v.indexes {
                f(IdOwner::Index, &mut i.id);
            }
        }
        for r in &mut self.routines {
            f(IdOwner::Routine, &mut r.id);
        }
        for g in &mut self.table_groups {
            f(IdOwner::Group, &mut g.id);
        }
        for n in &mut self.notes {
            f(IdOwner::Note, &mut n.id);
        }
        for c in &mut self.collections {
            f(IdOwner::Collection, &mut c.id);
            fields_mut(&mut c.fields, &mut f);
            for r in &mut c.references {
                f(IdOwner::Reference, &mut r.id);
            }
            for i in &mut c.indexes {
                f(IdOwner::DocumentIndex, &mut i.id);
            }
        }
    }

    /// Calls `f` with every id in the model.
    pub fn ids(&self, mut f: impl FnMut(IdOwner, Id)) {
        // One traversal serves both: visiting a clone's ids costs a clone, so walk by hand.
        self.schemas.iter().for_each(|s| f(IdOwner::Schema, s.id));
        for t in &self.tables {
            f(IdOwner::Table, t.id);
            t.columns.iter().for_each(|c| f(IdOwner::Column, c.id));
            if let Some(pk) = &t.primary_key {
                f(IdOwner::PrimaryKey, pk.id);
            }
            t.uniques.iter().for_each(|u| f(IdOwner::Unique, u.id));
            t.checks.iter().for_each(|c| f(IdOwner::Check, c.id));
            t.foreign_keys
                .iter()
                .for_each(|k| f(IdOwner::ForeignKey, k.id));
            t.indexes.iter().for_each(|i| f(IdOwner::Index, i.id));
        }
        for e in &self.enums {
            f(IdOwner::Enum, e.id);
            e.value_ids.iter().for_each(|v| f(IdOwner::EnumValue, *v));
        }
        for d in &self.domains {
            f(IdOwner::Domain, d.id);
            d.checks.iter().for_each(|c| f(IdOwner::Check, c.id));
        }
        self.sequences
            .iter()
            .for_each(|s| f(IdOwner::Sequence, s.id));
        for v in &self.views {
            f(IdOwner::View, v.id);
            v.indexes.iter().for_each(|i| f(IdOwner::Index, i.id));
        }
        self.routines.iter().for_each(|r| f(IdOwner::Routine, r.id));
        self.table_groups
            .iter()
            .for_each(|g| f(IdOwner::Group, g.id));
        self.notes.iter().for_each(|n| f(IdOwner::Note, n.id));
        for c in &self.collections {
            f(IdOwner::Collection, c.id);
            fields(&c.fields, &mut f);
            c.references
                .iter()
                .for_each(|r| f(IdOwner::Reference, r.id));
            c.indexes
                .iter()
                .for_each(|i| f(IdOwner::DocumentIndex, i.id));
        }
    }
}

/// Every field's id, through embedded documents.
fn fields(list: &[Field], f: &mut impl FnMut(IdOwner, Id)) {
    for field in list {
        f(IdOwner::Field, field.id);
        fields(&field.fields, f);
    }
}

fn fields_mut(list: &mut [Field], f: &mut impl FnMut(IdOwner, &mut Id)) {
    for field in list {
        f(IdOwner::Field, &mut field.id);
        fields_mut(&mut field.fields, f);
    }
}
