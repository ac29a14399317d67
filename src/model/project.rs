//! The project file: a versioned JSON document holding the model, the editor's text and the
//! diagram positions. Older formats are migrated on load; newer ones are refused clearly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::dialect::Dialect;
use super::ids::{Id, IdGen};
use super::relational::Model;
use crate::diagnostic::{Diagnostic, Position};
use crate::generate::sql::DdlCache;
use crate::rules::LintSettings;

/// The format version this build writes. Format 2 gave keys, constraints and enum values ids;
/// format 3 lists the named schemas with ids; format 4 refers by id (keys, foreign keys,
/// index parts, groups, partitions, inheritance and sequence owners name the ids of their
/// columns and tables). An older file gets what it lacks on load.
pub const FORMAT_VERSION: u32 = 4;

/// A project. `M` is its model; a file of an older format is first read with the model as
/// plain JSON (see `format_3`), so what is wrong elsewhere in it has a position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project<M = Model> {
    pub format: u32,
    pub name: String,
    pub source: Source,
    pub model: M,
    #[serde(default)]
    pub layout: Layout,
    #[serde(default)]
    pub ids: IdGen,
    /// The rules' settings: levels, the naming profile, suppressions (the rules page edits
    /// them; `schemaforge lint` uses them unless a config file is given).
    #[serde(default, skip_serializing_if = "LintSettings::is_default")]
    pub lint: LintSettings,
    /// Named snapshots of the model, oldest first: what migrations are planned between.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<SavedVersion>,
    /// Named parts of the diagram (see [`super::view`]), in the order the user made them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<super::view::DiagramView>,
    /// The editor's and the export panel's statements as last generated, so an edit prints
    /// again only what it changed; derived, never saved, and ignored by `==`.
    #[serde(skip)]
    pub ddl_cache: DdlCache,
    /// The diagram's boxes and edges as last built, so an edit builds again only what it
    /// changed; derived, never saved, and ignored by `==`.
    #[serde(skip)]
    pub scene_cache: crate::layout::scene_cache::SceneCache,
}

/// The text the model was imported from, kept so a reload shows exactly what was typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub dialect: Dialect,
    pub text: String,
    /// The language of `text`: the editor's current view of the model.
    #[serde(default)]
    pub format: SourceFormat,
    /// True when `text` is exactly what the generator prints for the model (after a visual
    /// edit or a switch of view), so undoing an edit can regenerate it instead of storing it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub generated: bool,
    /// Where `text` writes each table, from the importer that read it or the printer that
    /// wrote it; derived, never saved (a restored project finds them again, see
    /// `edit::text::text_spans`), and ignored by `==`.
    #[serde(skip)]
    pub spans: super::TextSpans,
}

/// A named snapshot of the model (its tables shared with the model until either changes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedVersion {
    pub name: String,
    pub model: Model,
}

impl<M> Project<M> {
    /// The saved version called `name`.
    pub fn version(&self, name: &str) -> Option<&SavedVersion> {
        self.versions.iter().find(|v| v.name == name)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    #[default]
    Sql,
    Dbml,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// Top-left corner of each table's box, by table id.
    #[serde(default)]
    pub positions: BTreeMap<Id, Point>,
    /// The routes the automatic layout drew, by foreign-key id; a route is used while both
    /// its ends still sit on their rows, otherwise the edge is routed afresh.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub routes: BTreeMap<Id, Vec<Point>>,
    /// Fields of collections whose embedded documents the diagram shows folded.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub collapsed: std::collections::BTreeSet<Id>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Project {
    /// What the diagram draws, built again only where an edit changed it (see
    /// [`crate::layout::scene_cache`]).
    pub fn scene(&self) -> crate::layout::Scene {
        self.scene_cache.build(&self.model, &self.layout)
    }

    pub fn new(name: impl Into<String>, dialect: Dialect) -> Self {
        Project {
            format: FORMAT_VERSION,
            name: name.into(),
            source: Source {
                dialect,
                text: String::new(),
                format: SourceFormat::Sql,
                generated: false,
                spans: super::TextSpans::default(),
            },
            model: Model::default(),
            layout: Layout::default(),
            ids: IdGen::default(),
            lint: LintSettings::default(),
            versions: Vec::new(),
            views: Vec::new(),
            ddl_cache: DdlCache::default(),
            scene_cache: Default::default(),
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a project file, with a positioned message for anything wrong in it.
    pub fn from_json(text: &str) -> Result<Project, Diagnostic> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(json_error)?;
        let format = value
            .get("format")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| {
                Diagnostic::error(
                    "not a Schemaforge project: the \"format\" version number is missing",
                    None,
                )
            })?;
        if format > u64::from(FORMAT_VERSION) {
            return Err(Diagnostic::error(
                format!(
                    "this project was saved in format {format} by a newer Schemaforge; \
                     this version reads up to format {FORMAT_VERSION}"
                ),
                None,
            ));
        }
        if format == 0 {
            return Err(Diagnostic::error("project format 0 does not exist", None));
        }
        let mut project: Project = if format < 4 {
            // Everything but the model as written, with positions; then the model.
            let file: Project<serde_json::Value> =
                serde_json::from_str(text).map_err(json_error)?;
            super::format_3::read(file)?
        } else {
            // Parse the text again (not the Value) so field errors keep their line and column.
            serde_json::from_str(text).map_err(json_error)?
        };
        // Ids handed out later must not collide with ids in the file, whatever it says.
        project.ids.observe(Id(project.model.max_id()));
        if format < 4 {
            project.format = FORMAT_VERSION;
        }
        if format < 3 {
            if format < 2 {
                for e in &mut project.model.enums {
                    e.value_ids = e.values.iter().map(|_| Id::default()).collect();
                }
            }
            project.model.declare_schemas();
            let ids = &mut project.ids;
            project.model.ids_mut(|_, id| {
                if *id == Id::default() {
                    *id = ids.fresh();
                }
            });
            project.format = FORMAT_VERSION;
        }
        project.model.validate().map_err(|invalid| {
            Diagnostic::error(
                format!("the project's model is inconsistent: {invalid}"),
                None,
            )
        })?;
        Ok(project)
    }
}

fn json_error(e: serde_json::Error) -> Diagnostic {
    let position = (e.line() > 0).then(|| Position {
        line: e.line() as u32,
        column: e.column().max(1) as u32,
    });
    Diagnostic::error(format!("invalid project file: {e}"), position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json() {
        let mut p = Project::new("demo", Dialect::Postgres);
        p.source.text = "CREATE TABLE a (id int);".into();
        p.layout.positions.insert(Id(3), Point { x: 1.5, y: -2.0 });
        let back = Project::from_json(&p.to_json()).expect("reads what it writes");
        assert_eq!(back, p);
    }

    #[test]
    fn a_format_1_file_gets_ids_for_its_keys_and_a_broken_model_is_refused() {
        let mut p = Project::new("demo", Dialect::Postgres);
        crate::workspace::apply_source(
            &mut p,
            "CREATE TABLE a (id int PRIMARY KEY, b int UNIQUE CHECK (b > 0));".into(),
        );
        let mut old: serde_json::Value = serde_json::from_str(&p.to_json()).expect("json");
        old["format"] = 1.into();
        // Before format 4 references named their targets.
        old["model"] = serde_json::to_value(p.model.named()).expect("json");
        let table = &mut old["model"]["tables"][0];
        table["primary_key"]
            .as_object_mut()
            .expect("a key")
            .remove("id");
        for list in ["uniques", "checks"] {
            table[list][0]
                .as_object_mut()
                .expect("a constraint")
                .remove("id");
        }
        let back = Project::from_json(&old.to_string()).expect("format 1 reads");
        assert_eq!(back.format, FORMAT_VERSION);
        assert!(back.model.validate().is_ok());
        let pk = back.model.tables[0].primary_key.as_ref().expect("pk").id;
        assert!(
            pk.0 > back.model.tables[0].columns[1].id.0,
            "fresh ids come after old ones"
        );

        let mut broken = p.clone();
        broken.model.tables[0].columns[1].id = broken.model.tables[0].id;
        let refused = Project::from_json(&broken.to_json()).unwrap_err();
        assert!(refused.message.contains("id "), "{}", refused.message);
        let mut dangling = p;
        dangling.model.tables[0]
            .primary_key
            .as_mut()
            .expect("pk")
            .columns = vec![Id(999_999)];
        let refused = Project::from_json(&dangling.to_json()).unwrap_err();
        assert!(
            refused.message.contains("missing column (id 999999)"),
            "{}",
            refused.message
        );
    }

    /// A format 3 file as that version wrote it: every reference by name.
    const FORMAT_3: &str = r#"{
      "format": 3, "name": "old",
      "source": {"dialect": "postgres", "text": ""},
      "model": {
        "schemas": [{"id": 1, "name": "sales"}],
        "tables": [
          {"id": 2, "schema": "sales", "name": "customers",
           "columns": [{"id": 3, "name": "id", "data_type": {"kind": {"kind": "integer"}, "spelling": "int"}, "nullable": false}],
           "primary_key": {"id": 4, "columns": ["id"]}},
          {"id": 5, "name": "orders",
           "columns": [{"id": 6, "name": "id", "data_type": {"kind": {"kind": "integer"}, "spelling": "int"}, "nullable": false},
                       {"id": 7, "name": "customer_id", "data_type": {"kind": {"kind": "integer"}, "spelling": "int"}, "nullable": true}],
           "primary_key": {"id": 8, "columns": ["id"]},
           "foreign_keys": [{"id": 9, "columns": ["customer_id"], "ref_schema": "sales", "ref_table": "customers", "ref_columns": ["id"]}],
           "indexes": [{"id": 10, "unique": false, "parts": [{"target": {"column": "customer_id"}}], "include": ["id"]}]},
          {"id": 11, "name": "orders_2024", "columns": [], "inherits": ["orders"],
           "partition_of": {"parent": "orders", "bound": "FOR VALUES IN (2024)"}}
        ],
        "sequences": [{"id": 12, "name": "orders_id_seq", "owned_by": ["orders", "id"]}],
        "table_groups": [{"id": 13, "name": "all", "tables": ["sales.customers", "orders"]}]
      },
      "ids": {"next": 13}
    }"#;

    #[test]
    fn a_format_3_file_gets_its_references_by_id() {
        let p = Project::from_json(FORMAT_3).expect("format 3 reads");
        assert_eq!(p.format, FORMAT_VERSION);
        let m = &p.model;
        let orders = &m.tables[1];
        let fk = &orders.foreign_keys[0];
        assert_eq!(
            (
                fk.columns.as_slice(),
                fk.ref_table,
                fk.ref_columns.as_slice()
            ),
            ([Id(7)].as_slice(), Id(2), [Id(3)].as_slice())
        );
        assert_eq!(
            orders.primary_key.as_ref().map(|k| k.columns.clone()),
            Some(vec![Id(6)])
        );
        assert_eq!(
            orders.indexes[0].parts[0].target,
            crate::model::IndexTarget::Column(Id(7))
        );
        assert_eq!(orders.indexes[0].include, [Id(6)]);
        assert_eq!(m.tables[2].inherits, [Id(5)]);
        assert_eq!(
            m.tables[2].partition_of.as_ref().map(|p| p.parent),
            Some(Id(5))
        );
        assert_eq!(m.sequences[0].owned_by, Some((Id(5), Id(6))));
        assert_eq!(m.table_groups[0].tables, [Id(2), Id(5)]);
        assert!(m.validate().is_ok(), "{:?}", m.validate());
        // Written back, it is format 4 and reads as it is.
        let again = Project::from_json(&p.to_json()).expect("reads what it writes");
        assert_eq!(again, p);
        // A reference to nothing is refused, not guessed at.
        let broken = FORMAT_3.replace(r#""ref_table": "customers""#, r#""ref_table": "clients""#);
        let refused = Project::from_json(&broken).unwrap_err();
        assert!(
            refused.message.contains("references table sales.clients"),
            "{}",
            refused.message
        );
    }

    /// What the version that wrote a file found stays found: a foreign key without a schema
    /// means the first table of that name; an owner that names nothing (nothing checked
    /// owners before format 4) is let go rather than refusing the file.
    #[test]
    fn a_format_3_file_means_what_its_version_found() {
        let old = r#"{
          "format": 3, "name": "old",
          "source": {"dialect": "postgres", "text": ""},
          "model": {
            "schemas": [{"id": 1, "name": "analytics"}],
            "tables": [
              {"id": 2, "schema": "analytics", "name": "events",
               "columns": [{"id": 3, "name": "code", "data_type": {"kind": {"kind": "integer"}, "spelling": "int"}, "nullable": false}],
               "uniques": [{"id": 4, "columns": ["code"]}]},
              {"id": 5, "name": "events",
               "columns": [{"id": 6, "name": "id", "data_type": {"kind": {"kind": "integer"}, "spelling": "int"}, "nullable": false}]},
              {"id": 7, "name": "hits",
               "columns": [{"id": 8, "name": "event_code", "data_type": {"kind": {"kind": "integer"}, "spelling": "int"}, "nullable": true}],
               "foreign_keys": [{"id": 9, "columns": ["event_code"], "ref_table": "events", "ref_columns": ["code"]}]}
            ],
            "sequences": [{"id": 10, "name": "gone_seq", "owned_by": ["dropped", "id"]}]
          },
          "ids": {"next": 10}
        }"#;
        let p = Project::from_json(old).expect("the file opens");
        assert_eq!(p.model.tables[2].foreign_keys[0].ref_table, Id(2));
        assert_eq!(p.model.sequences[0].owned_by, None);
        assert!(p.model.validate().is_ok(), "{:?}", p.model.validate());
    }

    #[test]
    fn refuses_newer_formats_and_garbage_with_positions() {
        let newer = Project::from_json(r#"{"format": 99}"#).unwrap_err();
        assert!(newer.message.contains("newer"), "{}", newer.message);
        let broken = Project::from_json("{\n  \"format\": 1,\n  oops }").unwrap_err();
        assert_eq!(broken.position.map(|p| p.line), Some(3));
        // An older file is read in two steps; what is wrong outside its model still says
        // where.
        let misfit = Project::from_json("{\"format\": 1,\n \"name\": 42 }").unwrap_err();
        assert_eq!(
            misfit.position.map(|p| p.line),
            Some(2),
            "{}",
            misfit.message
        );
        let missing = Project::from_json(r#"{"name": "x"}"#).unwrap_err();
        assert!(missing.message.contains("format"));
    }
}
