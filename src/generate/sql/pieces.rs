//! One object's SQL at a time, printed by the same code as the whole script: a migration
//! planner writes `ALTER TABLE` steps from these pieces, so a table it creates, a column it
//! adds or a key it restores is exactly what the DDL of that version would have written.

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::context::Context;
use super::fidelity::{FidelityNote, Notes};
use super::index::index_sql;
use super::table::{
    assemble_create_table, column_sql, constraint_prefix, create_table_body, foreign_key_sql,
    key_columns,
};
use super::{DdlOptions, SqlDialect};
use crate::model::{Id, Identity, Model, Table, TableLookup};

/// A column's definition and the parts `ALTER COLUMN` statements need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnPieces {
    /// As `CREATE TABLE` writes it: name, type, identity, default, NOT NULL.
    pub definition: String,
    pub type_sql: String,
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// A CHECK clause that stands in for an enum type the target lacks.
    pub enum_check: Option<String>,
}

/// A prepared version of a model and the printers of its objects.
pub struct Pieces {
    model: Model,
    dialect: Box<dyn SqlDialect>,
    options: DdlOptions,
    lookup: TableLookup,
    /// Per table, the columns foreign keys elsewhere reference (they must be indexable).
    referenced: FxHashMap<Id, Vec<Id>>,
    notes: RefCell<Notes>,
    /// The foreign keys the script adds after all tables (closing a cycle) and those that
    /// wait for a unique index: found once, for the whole model, when first asked.
    late_keys: OnceCell<(BTreeSet<Id>, BTreeSet<Id>)>,
}

impl Pieces {
    /// `model` prepared for `dialect` as [`super::generate`] prepares it.
    pub fn new(model: &Model, dialect: Box<dyn SqlDialect>, options: &DdlOptions) -> Pieces {
        let mut notes = Notes::default();
        let (mut model, _audit) =
            super::prepare::prepare(model, dialect.as_ref(), options, &mut notes);
        // A unique constraint on exactly the primary key's columns is not written (it says
        // nothing more), so to a migration it is not there either.
        for t in &mut model.tables {
            let redundant = |t: &Table| {
                let pk = t.primary_key.as_ref().map(|p| &p.columns);
                t.uniques.iter().any(|u| Some(&u.columns) == pk)
            };
            if redundant(t) {
                let t = &mut **t;
                let pk = t.primary_key.as_ref().map(|p| p.columns.clone());
                t.uniques.retain(|u| Some(&u.columns) != pk.as_ref());
            }
        }
        let lookup = TableLookup::new(&model);
        let mut referenced: FxHashMap<Id, Vec<Id>> = FxHashMap::default();
        for t in &model.tables {
            for fk in &t.foreign_keys {
                if let Some(i) = lookup.target(fk) {
                    let target = &model.tables[i];
                    referenced
                        .entry(target.id)
                        .or_default()
                        .extend(fk.referenced_columns(target));
                }
            }
        }
        for columns in referenced.values_mut() {
            columns.sort_unstable();
            columns.dedup();
        }
        Pieces {
            model,
            dialect,
            options: options.clone(),
            lookup,
            referenced,
            notes: RefCell::new(notes),
            late_keys: OnceCell::new(),
        }
    }

    /// The model as prepared for the target (names made, patterns expanded).
    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn dialect(&self) -> &dyn SqlDialect {
        self.dialect.as_ref()
    }

    pub fn options(&self) -> &DdlOptions {
        &self.options
    }

    /// What the target could not hold of this version, as the DDL's notes say it.
    pub fn notes(&self) -> Vec<FidelityNote> {
        self.notes.borrow().0.clone()
    }

    fn context(&self) -> Context<'_> {
        Context::with_lookup(
            self.dialect.as_ref(),
            &self.model,
            &self.options,
            &self.lookup,
        )
    }

    pub fn table(&self, id: Id) -> Option<&Table> {
        self.lookup.index(id).map(|i| &*self.model.tables[i])
    }

    /// The table's name as statements write it, schema-qualified where the target has them.
    pub fn table_name(&self, id: Id) -> String {
        self.table(id)
            .map(|t| self.context().table_name(t))
            .unwrap_or_default()
    }

    /// `schema.name` as statements write it.
    pub fn qualified(&self, schema: Option<&str>, name: &str) -> String {
        self.context().qualified(schema, name)
    }

    pub fn ident(&self, name: &str) -> String {
        self.dialect.ident(name)
    }

    /// The columns `ids` of table `table`, quoted, comma-separated.
    pub fn column_list(&self, table: Id, ids: &[Id]) -> String {
        self.table(table)
            .map(|t| self.context().column_list(t, ids))
            .unwrap_or_default()
    }

    fn referenced(&self, table: Id) -> &[Id] {
        self.referenced.get(&table).map_or(&[], |v| v.as_slice())
    }

    /// `CREATE TABLE` with its columns, keys and checks; with its foreign keys inline when
    /// `foreign_keys` is set (SQLite cannot add them later).
    pub fn create_table(&self, id: Id, foreign_keys: bool) -> Option<String> {
        self.create_table_as(id, foreign_keys, None)
    }

    /// [`Pieces::create_table`] under another name (`name`, as written: a table rebuilt
    /// beside the one it replaces).
    pub fn create_table_as(
        &self,
        id: Id,
        foreign_keys: bool,
        name: Option<&str>,
    ) -> Option<String> {
        let all: Vec<Id> = match (foreign_keys, self.table(id)) {
            (true, Some(t)) => t.foreign_keys.iter().map(|f| f.id).collect(),
            _ => Vec::new(),
        };
        self.create_table_with_keys(id, &all, name)
    }

    /// `CREATE TABLE` with the foreign keys `keys` inline, under `name` when given.
    pub fn create_table_with_keys(
        &self,
        id: Id,
        keys: &[Id],
        name: Option<&str>,
    ) -> Option<String> {
        let table = self.table(id)?;
        let cx = self.context();
        let mut notes = self.notes.borrow_mut();
        let mut body = create_table_body(&cx, &mut notes, table, self.referenced(id));
        if let (Some(name), Some(head)) = (name, body.first_mut()) {
            *head = format!("CREATE TABLE {name} (");
        }
        let keys: Vec<String> = table
            .foreign_keys
            .iter()
            .filter(|fk| keys.contains(&fk.id) && self.lookup.target(fk).is_some())
            .map(|fk| foreign_key_sql(&cx, &mut notes, table, fk))
            .collect();
        Some(assemble_create_table(&body, &keys))
    }

    /// Every column of a table as `CREATE TABLE` writes it, in one pass (asking
    /// [`Pieces::column`] for each writes the columns before it again every time).
    pub fn columns(&self, table: Id) -> Vec<(Id, ColumnPieces)> {
        let Some(t) = self.table(table) else {
            return Vec::new();
        };
        let cx = self.context();
        let keys = key_columns(cx.dialect, t, self.referenced(table));
        let mut notes = self.notes.borrow_mut();
        let mut identity_taken = false;
        t.columns
            .iter()
            .map(|c| {
                let sql = column_sql(&cx, &mut notes, t, c, &keys, &mut identity_taken);
                (
                    c.id,
                    ColumnPieces {
                        definition: sql.line,
                        type_sql: sql.type_sql,
                        default: sql.default,
                        identity: sql.identity,
                        enum_check: sql.enum_check,
                    },
                )
            })
            .collect()
    }

    /// A column of a table as `CREATE TABLE` and `ADD COLUMN` write it.
    pub fn column(&self, table: Id, column: Id) -> Option<ColumnPieces> {
        let t = self.table(table)?;
        let cx = self.context();
        let keys = key_columns(cx.dialect, t, self.referenced(table));
        let mut notes = self.notes.borrow_mut();
        // Identity is one per table where the target allows one: the columns before it
        // count, as they do in CREATE TABLE.
        let mut identity_taken = false;
        for c in &t.columns {
            let sql = column_sql(&cx, &mut notes, t, c, &keys, &mut identity_taken);
            if c.id == column {
                return Some(ColumnPieces {
                    definition: sql.line,
                    type_sql: sql.type_sql,
                    default: sql.default,
                    identity: sql.identity,
                    enum_check: sql.enum_check,
                });
            }
        }
        None
    }

    /// The clause that declares a key, constraint or foreign key in `ALTER TABLE … ADD`
    /// (`CONSTRAINT n PRIMARY KEY (…)`); `None` for an index, or for what this version does
    /// not write (a unique constraint on exactly the primary key's columns).
    pub fn constraint_clause(
        &self,
        table: Id,
        constraint: Id,
        name: Option<&str>,
    ) -> Option<String> {
        let t = self.table(table)?;
        let cx = self.context();
        let prefix = |own: &Option<String>| {
            constraint_prefix(&cx, &name.map(str::to_string).or_else(|| own.clone()))
        };
        if let Some(pk) = t.primary_key.as_ref().filter(|p| p.id == constraint) {
            return Some(format!(
                "{}PRIMARY KEY ({})",
                prefix(&pk.name),
                cx.column_list(t, &pk.columns)
            ));
        }
        if let Some(u) = t.uniques.iter().find(|u| u.id == constraint) {
            if t.primary_key.as_ref().map(|p| &p.columns) == Some(&u.columns) {
                return None;
            }
            return Some(format!(
                "{}UNIQUE ({})",
                prefix(&u.name),
                cx.column_list(t, &u.columns)
            ));
        }
        if let Some(c) = t.checks.iter().find(|c| c.id == constraint) {
            let sql = cx.translate(&c.expression).ok()?;
            return Some(format!("{}CHECK ({sql})", prefix(&c.name)));
        }
        let fk = t.foreign_keys.iter().find(|f| f.id == constraint)?;
        self.lookup.target(fk)?;
        let mut notes = self.notes.borrow_mut();
        let mut fk = fk.clone();
        if let Some(name) = name {
            fk.name = Some(name.to_string());
        }
        Some(foreign_key_sql(&cx, &mut notes, t, &fk))
    }

    /// `CREATE [UNIQUE] INDEX [CONCURRENTLY] …` for an index of the table (named `name`
    /// when given), or `None` when the target does not build it.
    pub fn create_index(
        &self,
        table: Id,
        index: Id,
        concurrently: bool,
        name: Option<&str>,
    ) -> Option<String> {
        let t = self.table(table)?;
        let i = t.indexes.iter().find(|i| i.id == index)?;
        let cx = self.context();
        let on = cx.table_name(t);
        let mut notes = self.notes.borrow_mut();
        let mut named = i.named(t);
        if let Some(name) = name {
            named.name = Some(name.to_string());
        }
        index_sql(&cx, &mut notes, &on, Some(t), &named, concurrently)
    }

    /// `CREATE [MATERIALIZED] VIEW` and its indexes, as the DDL writes them; nothing where
    /// the view is written in another dialect than the target (it is not generated there).
    pub fn create_view(&self, id: Id) -> Vec<String> {
        let Some(v) = self.model.views.iter().find(|v| v.id == id) else {
            return Vec::new();
        };
        if self.options.source != self.dialect.dialect() {
            return Vec::new();
        }
        let cx = self.context();
        let body = super::view_names::drop_foreign_databases(
            v.definition.trim(),
            self.dialect.dialect(),
            &self.model,
        );
        let name = cx.qualified(v.schema.as_deref(), &v.name);
        let mut out = vec![format!(
            "CREATE {}VIEW {name} AS {}",
            if v.materialized { "MATERIALIZED " } else { "" },
            body.definition.trim_end_matches(';')
        )];
        let mut notes = self.notes.borrow_mut();
        for index in &v.indexes {
            out.extend(index_sql(&cx, &mut notes, &name, None, index, false));
        }
        out
    }

    /// `DROP [MATERIALIZED] VIEW IF EXISTS` for a view this version generates.
    pub fn drop_view(&self, id: Id) -> Option<String> {
        let v = self.model.views.iter().find(|v| v.id == id)?;
        if self.options.source != self.dialect.dialect() {
            return None;
        }
        Some(format!(
            "DROP {}VIEW IF EXISTS {}",
            if v.materialized { "MATERIALIZED " } else { "" },
            self.qualified(v.schema.as_deref(), &v.name)
        ))
    }

    /// The table's foreign keys in the order the DDL adds them: those written inside
    /// `CREATE TABLE` first, then those added once every table exists (closing a cycle),
    /// then those that wait for a unique index. Engines number unnamed keys in this order
    /// (MySQL's `{table}_ibfk_{n}`).
    pub fn foreign_keys_in_creation_order(&self, table: Id) -> Vec<Id> {
        let Some(t) = self.table(table) else {
            return Vec::new();
        };
        let (deferred, after_indexes) = self.late_keys.get_or_init(|| {
            (
                super::order::creation_order(&self.model, &self.lookup).1,
                super::ddl::keys_on_unique_indexes(&self.model, &self.lookup),
            )
        });
        let inline = t
            .foreign_keys
            .iter()
            .filter(|f| !deferred.contains(&f.id) && !after_indexes.contains(&f.id));
        let closing = t.foreign_keys.iter().filter(|f| deferred.contains(&f.id));
        let waiting = t
            .foreign_keys
            .iter()
            .filter(|f| after_indexes.contains(&f.id) && !deferred.contains(&f.id));
        inline.chain(closing).chain(waiting).map(|f| f.id).collect()
    }

    /// The ids of the tables a table's foreign keys reference.
    pub fn referenced_tables(&self, table: Id) -> BTreeSet<Id> {
        self.table(table)
            .map(|t| t.foreign_keys.iter().map(|f| f.ref_table).collect())
            .unwrap_or_default()
    }
}
