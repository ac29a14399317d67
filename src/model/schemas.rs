//! The named schemas of a model. Every object that is in a schema names it, and the model
//! lists each such name once, with an id: imports declare what their objects use, and
//! [`Model::validate`] refuses an object in a schema the list lacks.

use std::collections::BTreeSet;

use super::objects::Schema;
use super::refs::Refs;
use super::relational::Model;

impl<R: Refs> Model<R> {
    /// Every schema name an object is in (tables, types, sequences, views, routines,
    /// extensions), once each, in name order.
    pub fn schema_names_used(&self) -> BTreeSet<&str> {
        self.schema_names_of(true, true)
    }

    /// Every schema name the tables, types, sequences and views are in, and the routines' and
    /// the extensions' when asked for, once each, in name order: a generator that writes no
    /// routines or extensions needs no schema for them.
    pub fn schema_names_of(&self, routines: bool, extensions: bool) -> BTreeSet<&str> {
        let routines = routines
            .then_some(&self.routines)
            .into_iter()
            .flatten()
            .filter_map(|r| r.schema.as_deref());
        let extensions = extensions
            .then_some(&self.extensions)
            .into_iter()
            .flatten()
            .filter_map(|e| e.schema.as_deref());
        self.tables
            .iter()
            .filter_map(|t| t.schema.as_deref())
            .chain(self.enums.iter().filter_map(|e| e.schema.as_deref()))
            .chain(self.domains.iter().filter_map(|d| d.schema.as_deref()))
            .chain(self.sequences.iter().filter_map(|s| s.schema.as_deref()))
            .chain(self.views.iter().filter_map(|v| v.schema.as_deref()))
            .chain(routines)
            .chain(extensions)
            .collect()
    }

    /// True when the list has a schema called `name`.
    pub fn declares_schema(&self, name: &str) -> bool {
        self.schemas.iter().any(|s| s.name == name)
    }

    /// Adds each schema an object is in but the list lacks, in name order, with an unset id
    /// (a project's reconcile gives it one).
    pub fn declare_schemas(&mut self) {
        let missing: Vec<String> = self
            .schema_names_used()
            .into_iter()
            .filter(|name| !self.declares_schema(name))
            .map(str::to_string)
            .collect();
        self.schemas.extend(missing.into_iter().map(|name| Schema {
            id: Default::default(),
            name,
        }));
    }
}

#[cfg(test)]
mod tests {
    use crate::import::sql::import_sql;
    use crate::model::Dialect;
    use crate::workspace::project_from_sql;

    #[test]
    fn an_import_declares_each_schema_its_objects_use_once() {
        let script = "CREATE TYPE sales.mood AS ENUM ('a');\n\
             CREATE TABLE sales.orders (id int PRIMARY KEY);\n\
             CREATE TABLE audit.log (id int PRIMARY KEY);\n\
             CREATE TABLE plain (id int PRIMARY KEY);";
        let import = import_sql(script, Dialect::Postgres);
        let names: Vec<&str> = import
            .model
            .schemas
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["audit", "sales"]);
        // In a project they get ids, and a model that lacks one is refused.
        let (project, _) = project_from_sql("t", script, Dialect::Postgres);
        assert!(project.model.schemas.iter().all(|s| s.id.0 > 0));
        assert!(project.model.validate().is_ok());
        let mut lacking = project.model.clone();
        lacking.schemas.retain(|s| s.name != "sales");
        let problems = lacking.validate().expect_err("undeclared schema").problems;
        assert!(
            problems
                .iter()
                .any(|p| p.contains("table sales.orders is in schema sales")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("type mood")),
            "{problems:?}"
        );
    }
}
