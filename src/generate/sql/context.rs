//! What every part of the generator reads: the target dialect, the prepared model and the
//! options, with the name-printing helpers they share.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::{DdlOptions, SqlDialect};
use crate::model::{Domain, EnumType, Id, Model, Table, TableLookup};

pub(super) struct Context<'a> {
    pub dialect: &'a dyn SqlDialect,
    pub model: &'a Model,
    pub options: &'a DdlOptions,
    /// The model's tables by id, for the tables foreign keys reference.
    lookup: Lookup<'a>,
    /// Expressions already moved to the target: models repeat the same defaults.
    translated: RefCell<BTreeMap<String, Result<String, String>>>,
}

/// A lookup the context built, or one it was given.
enum Lookup<'a> {
    Owned(TableLookup),
    Borrowed(&'a TableLookup),
}

impl<'a> Context<'a> {
    pub fn new(dialect: &'a dyn SqlDialect, model: &'a Model, options: &'a DdlOptions) -> Self {
        Context {
            dialect,
            model,
            options,
            lookup: Lookup::Owned(TableLookup::new(model)),
            translated: RefCell::new(BTreeMap::new()),
        }
    }

    /// A context over `model` with its lookup already built (a caller that prints one
    /// object at a time builds it once).
    pub fn with_lookup(
        dialect: &'a dyn SqlDialect,
        model: &'a Model,
        options: &'a DdlOptions,
        lookup: &'a TableLookup,
    ) -> Self {
        Context {
            dialect,
            model,
            options,
            lookup: Lookup::Borrowed(lookup),
            translated: RefCell::new(BTreeMap::new()),
        }
    }

    /// `expression` (written in the source dialect) as the target writes it; see
    /// [`super::expression::translate`].
    pub fn translate(&self, expression: &str) -> Result<String, String> {
        if self.options.source == self.dialect.dialect() {
            return Ok(expression.to_string());
        }
        if let Some(done) = self.translated.borrow().get(expression) {
            return done.clone();
        }
        let done = super::expression::translate(expression, self.options.source, self.dialect);
        self.translated
            .borrow_mut()
            .insert(expression.to_string(), done.clone());
        done
    }

    /// `schema.name`, or just `name` where the target has no schemas.
    pub fn qualified(&self, schema: Option<&str>, name: &str) -> String {
        match schema.filter(|_| self.dialect.supports_schemas()) {
            Some(s) => format!("{}.{}", self.dialect.ident(s), self.dialect.ident(name)),
            None => self.dialect.ident(name),
        }
    }

    pub fn table_name(&self, table: &Table) -> String {
        self.qualified(table.schema.as_deref(), &table.name)
    }

    /// The columns `ids` of `table`, quoted as needed, comma-separated.
    pub fn column_list(&self, table: &Table, ids: &[Id]) -> String {
        ids.iter()
            .map(|c| self.dialect.ident(table.column_name(*c)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Columns named as written, quoted as needed, comma-separated.
    pub fn name_list(&self, names: &[String]) -> String {
        names
            .iter()
            .map(|c| self.dialect.ident(c))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The model's tables by id.
    pub fn lookup(&self) -> &TableLookup {
        match &self.lookup {
            Lookup::Owned(l) => l,
            Lookup::Borrowed(l) => l,
        }
    }

    /// Table `id` of the model.
    pub fn table(&self, id: Id) -> Option<&'a Table> {
        self.lookup().index(id).map(|i| &*self.model.tables[i])
    }

    /// The enum a column type names, bare or schema-qualified.
    pub fn find_enum(&self, type_name: &str) -> Option<&EnumType> {
        self.model
            .enums
            .iter()
            .find(|e| names(e.schema.as_deref(), &e.name, type_name))
    }

    pub fn find_domain(&self, type_name: &str) -> Option<&Domain> {
        self.model
            .domains
            .iter()
            .find(|d| names(d.schema.as_deref(), &d.name, type_name))
    }
}

/// Whether `type_name` (bare, qualified, quoted or not) names the type `schema.name`; a
/// default schema (`public.t`) names a type defined without one.
fn names(schema: Option<&str>, name: &str, type_name: &str) -> bool {
    let unquoted = type_name.replace(['"', '`'], "");
    let schema = schema.unwrap_or("public");
    unquoted == name
        || unquoted == format!("{schema}.{name}")
        || (schema == "public"
            && ["dbo.", "main."]
                .iter()
                .any(|p| unquoted.strip_prefix(p) == Some(name)))
}
