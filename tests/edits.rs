//! Edits as data, property-tested: for random models and random sequences of edits (the
//! diagram's gestures, the inspector's fields, typing, switching views), every intermediate
//! project passes `validate` and its DDL applies on SQLite and on PGlite; a refused edit
//! changes nothing; undoing every step gives back the original project exactly, redoing them
//! gives back the last one, and the history survives a JSON round trip.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

mod support;
use support::random_edit::{ddl, project_for, random_edit};
use support::random_model::Rng;
use support::{assert_all_apply_on_pglite, fixed_seed};

use schemaforge::edit::compose::{
    delete_column, delete_tables, relationship, rename_table_to, set_type,
};
use schemaforge::edit::text::{editor_options, spans_of_text, text_spans};
use schemaforge::edit::{apply, ColumnChange, Edit, History, Relationship};
use schemaforge::generate::sql::{dialect_for, generate, DdlCache, DdlOptions, Naming};
use schemaforge::model::{Dialect, IndexTarget, Project, SourceFormat, TableGroup, TableName};
use schemaforge::verify::Sqlite;
use schemaforge::workspace::apply_source;

/// Projects compare equal but for the id counter, which only grows: an id once given is never
/// given again, even after an undo, so a migration or a share link never sees it reused.
fn same(a: &Project, b: &Project) -> bool {
    let mut b = b.clone();
    b.ids = a.ids.clone();
    *a == b
}

/// What a batch of sequences did: the DDL of every intermediate project and the labels of the
/// edits applied and refused (so a test can show that the sequences reach every kind).
#[derive(Default)]
struct Run {
    scripts: Vec<String>,
    applied: Vec<String>,
    refused: Vec<String>,
}

/// The kind of an edit, for counting: its variant's name.
fn kind(edit: &Edit) -> String {
    let debug = format!("{edit:?}");
    let name: String = debug.chars().take_while(|c| c.is_alphanumeric()).collect();
    match edit {
        Edit::Batch { label, .. } => format!("Batch({})", label.split(' ').next().unwrap_or("")),
        _ => name,
    }
}

/// Generations kept from one edit to the next, one per target and option set, each of which
/// must give exactly what a full generation gives (script and fidelity notes); and the
/// editor's text, which the project's own cache regenerates, must be the full generation's.
struct KeptGenerations(Vec<(Dialect, DdlOptions, DdlCache)>);

impl KeptGenerations {
    fn new(source: Dialect) -> KeptGenerations {
        let mut kept = Vec::new();
        for target in Dialect::ALL {
            for options in [
                editor_options(source),
                DdlOptions {
                    source,
                    naming: Naming::Seed,
                    if_not_exists: true,
                    transaction: true,
                    ..DdlOptions::default()
                },
            ] {
                kept.push((target, options, DdlCache::default()));
            }
        }
        KeptGenerations(kept)
    }

    fn check(&self, p: &Project, when: &str) {
        if p.source.generated && p.source.format == SourceFormat::Sql {
            assert!(
                p.source.text == ddl(p),
                "{when}: the editor's regenerated text is not the full generation's"
            );
        }
        // Where the text writes each table: as the importer reads it, whoever wrote it (when
        // it reads back whole: DBML cannot hold a key that references its own columns).
        let read = spans_of_text(&p.model, &p.source.text, p.source.dialect, p.source.format);
        let reads_back = !schemaforge::workspace::check_source(p).has_errors();
        assert!(
            !reads_back || text_spans(p).listed() == read.listed(),
            "{when}: the spans kept with the text are not where the text writes its tables: {:?} != {:?}\n{}",
            text_spans(p).listed(),
            read.listed(),
            p.source.text
        );
        for (target, options, cache) in &self.0 {
            let d = dialect_for(*target);
            let kept = cache.generate(&p.model, d.as_ref(), options);
            let full = generate(&p.model, d.as_ref(), options);
            assert_eq!(kept.script, full.script, "{when}: {target} {options:?}");
            assert_eq!(kept.notes, full.notes, "{when}: {target} {options:?}");
            assert_eq!(kept.spans.listed(), full.spans.listed(), "{when}: {target}");
        }
    }
}

/// Runs a random sequence on a random project, checking each step.
fn run_sequence(seed: u64, dialect: Dialect, run: &mut Run) {
    let mut rng = Rng(seed.rotate_left(29) | 1);
    let original = project_for(seed, dialect);
    let mut p = original.clone();
    let mut history = History::default();
    let kept = KeptGenerations::new(dialect);
    kept.check(&p, &format!("seed {seed}: the original"));
    run.scripts.push(ddl(&p));
    let (mut applied, mut refused) = (0, 0);
    for step in 0..2 + rng.next(12) {
        let Some(edit) = random_edit(&mut rng, &mut p, step) else {
            continue;
        };
        let before = p.clone();
        match history.apply(&mut p, edit.clone()) {
            Ok(_) => {
                applied += 1;
                run.applied.push(kind(&edit));
                if let Err(invalid) = p.model.validate() {
                    panic!("seed {seed} step {step}: {edit:?} broke the model: {invalid}");
                }
                kept.check(&p, &format!("seed {seed} step {step}: {edit:?}"));
                run.scripts.push(ddl(&p));
            }
            Err(e) => {
                refused += 1;
                run.refused.push(kind(&edit));
                assert!(e.message.len() > 5, "a refusal says why");
                assert!(
                    same(&p, &before),
                    "seed {seed} step {step}: refused {edit:?} ({e}) but changed the project"
                );
            }
        }
    }
    // The stored history reads back and fits the project.
    let stored =
        History::from_json(&history.to_json(), &p).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    assert_eq!(stored, history);
    let last = p.clone();
    let mut undone = 0;
    while let Some(_label) = history
        .undo(&mut p)
        .unwrap_or_else(|e| panic!("seed {seed}: undo: {e}"))
    {
        undone += 1;
        kept.check(&p, &format!("seed {seed}: undo {undone}"));
        assert!(
            p.model.validate().is_ok(),
            "seed {seed}: undo left {:?}",
            p.model.validate()
        );
    }
    assert_eq!(undone, applied, "every applied step is undone once");
    assert!(same(&p, &original), "seed {seed}: undoing everything gives back the original ({applied} applied, {refused} refused)");
    while history
        .redo(&mut p)
        .unwrap_or_else(|e| panic!("seed {seed}: redo: {e}"))
        .is_some()
    {
        kept.check(&p, &format!("seed {seed}: redo"));
    }
    assert!(
        same(&p, &last),
        "seed {seed}: redoing everything gives back the last project"
    );
}

proptest! {
    #![proptest_config(fixed_seed(96))]

    /// On SQLite every intermediate project's DDL is applied through rusqlite.
    #[test]
    fn random_edits_undo_exactly_and_every_sqlite_state_applies(seed in any::<u64>()) {
        let mut run = Run::default();
        run_sequence(seed, Dialect::Sqlite, &mut run);
        for script in run.scripts {
            Sqlite::apply(&script).map_err(|e| TestCaseError::fail(format!("{e}\n{script}")))?;
        }
    }
}

#[test]
fn random_edits_on_postgres_projects_apply_on_pglite() {
    let mut rng = Rng(0xed17_5eed);
    let mut run = Run::default();
    for _ in 0..64 {
        run_sequence(rng.next(usize::MAX) as u64, Dialect::Postgres, &mut run);
    }
    fn count(labels: &[String]) -> std::collections::BTreeMap<&str, usize> {
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        labels
            .iter()
            .for_each(|l| *counts.entry(l.as_str()).or_default() += 1);
        counts
    }
    let applied = count(&run.applied);
    println!("applied: {applied:?}\nrefused: {:?}", count(&run.refused));
    // The sequences reach every kind of edit the UI makes, not only the easy ones.
    for kind in [
        "AddTable",
        "RenameTable",
        "AddColumn",
        "RenameColumn",
        "Batch(delete)",
        "SetColumn",
        "Batch(type)",
        "Batch(relationship)",
        "MoveColumn",
        "MoveBoxes",
        "SetTable",
        "PutConstraint",
        "RemoveConstraint",
        "PutGroup",
        "ReplaceText",
        "SetView",
        "Batch(primary)",
    ] {
        assert!(
            applied.get(kind).is_some_and(|n| *n > 0),
            "no {kind} was applied: {applied:?}"
        );
    }
    // Where PGlite cannot run, `available` says so (and fails under CI).
    assert_all_apply_on_pglite(&run.scripts, "intermediate projects");
}

#[test]
fn a_refused_edit_says_why_and_changes_nothing() {
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(
        &mut p,
        "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n\
         CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));"
            .into(),
    );
    let users = p.model.tables[0].clone();
    let orders = p.model.tables[1].clone();
    let before = p.clone();
    let refusals = [
        (
            Edit::rename_table(users.id, None, "orders"),
            "exists already",
        ),
        (
            Edit::rename_column(users.id, users.columns[1].id, "id"),
            "has a column named id already",
        ),
        (
            Edit::RemoveTable { table: users.id },
            "references missing table users",
        ),
        (
            Edit::RemoveColumn {
                table: users.id,
                column: users.columns[0].id,
            },
            "missing column",
        ),
        (
            Edit::SetColumn {
                table: users.id,
                column: users.columns[1].id,
                change: ColumnChange::Type(schemaforge::model::ColumnType::from_spelling(
                    "int); DROP TABLE users; --",
                )),
            },
            "is not a column type",
        ),
        (
            Edit::SetColumn {
                table: users.id,
                column: users.columns[0].id,
                change: ColumnChange::Nullable(true),
            },
            "never null",
        ),
    ];
    for (edit, why) in refusals {
        let error = apply(&mut p, edit.clone()).expect_err(&format!("{edit:?} must be refused"));
        assert!(error.message.contains(why), "{edit:?}: {}", error.message);
        assert_eq!(p, before, "{edit:?} was refused but changed the project");
    }
    // Retyping a column away from the one its foreign key joins is refused with the reason
    // (the primitive edit accepts it: an undo may have to put back an imported mismatch).
    let error = set_type(&p, orders.id, orders.columns[1].id, "text")
        .expect_err("a foreign key joins columns of one type");
    assert!(
        error.message.contains("joins columns of one type"),
        "{}",
        error.message
    );
    // A relationship between columns of different types is refused with the reason.
    let error = relationship(
        &mut p,
        Relationship {
            referenced_table: users.id,
            referenced_column: users.columns[0].id,
            referencing_table: users.id,
            referencing_column: Some(users.columns[1].id),
        },
    )
    .expect_err("text cannot reference bigint");
    assert!(
        error
            .message
            .contains("users.name is text but users.id is bigint"),
        "{}",
        error.message
    );
}

#[test]
fn renames_carry_to_ids_positions_foreign_keys_indexes_groups_and_ddl() {
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(
        &mut p,
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n\
         CREATE INDEX users_email ON users (email);\n\
         CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));"
            .into(),
    );
    let mut history = History::default();
    let users = p.model.tables[0].clone();
    let group = TableGroup {
        id: p.ids.fresh(),
        name: "people".into(),
        tables: vec![users.id],
        color: None,
        note: None,
    };
    history
        .apply(&mut p, Edit::PutGroup { group, at: 0 })
        .expect("group");
    let original_ddl = ddl(&p);
    let position = p.layout.positions[&users.id];
    let fk = p.model.tables[1].foreign_keys[0].id;
    let index = users.indexes[0].id;
    for edit in [
        Edit::rename_table(users.id, None, "members"),
        Edit::rename_column(users.id, users.columns[0].id, "member_id"),
        Edit::rename_column(users.id, users.columns[1].id, "mail"),
    ] {
        history.apply(&mut p, edit).expect("renames apply");
    }
    let members = p.model.table_by_id(users.id).expect("same id");
    assert_eq!(members.name, "members");
    assert_eq!(members.columns[0].id, users.columns[0].id);
    assert_eq!(p.layout.positions[&users.id], position);
    // Every reference still means the same objects, by id...
    assert_eq!(
        members.primary_key.as_ref().map(|k| k.columns.clone()),
        Some(vec![users.columns[0].id])
    );
    assert_eq!(members.indexes[0].id, index);
    assert_eq!(
        members.indexes[0].parts[0].target,
        IndexTarget::Column(users.columns[1].id)
    );
    let orders = &p.model.tables[1];
    assert_eq!(orders.foreign_keys[0].id, fk);
    assert_eq!(orders.foreign_keys[0].ref_table, users.id);
    assert_eq!(orders.foreign_keys[0].ref_columns, [users.columns[0].id]);
    assert_eq!(p.model.table_groups[0].tables, [users.id]);
    // ...and names them by their new names.
    let named = p.model.named();
    assert_eq!(
        named.tables[0]
            .primary_key
            .as_ref()
            .map(|k| k.columns.clone()),
        Some(vec!["member_id".to_string()])
    );
    assert_eq!(
        named.tables[1].foreign_keys[0].ref_table,
        TableName::bare("members")
    );
    assert_eq!(named.tables[1].foreign_keys[0].ref_columns, ["member_id"]);
    assert_eq!(named.table_groups[0].tables, [TableName::bare("members")]);
    // The editor's text follows the model.
    let script = ddl(&p);
    assert_eq!(p.source.text, script);
    assert!(
        script.contains("REFERENCES members (member_id)"),
        "{script}"
    );
    assert!(script.contains("ON members (mail)"), "{script}");
    Sqlite::apply(&ddl(&{
        let mut q = p.clone();
        q.source.dialect = Dialect::Sqlite;
        q
    }))
    .expect("the renamed schema applies");
    for _ in 0..3 {
        history.undo(&mut p).expect("undo");
    }
    assert_eq!(ddl(&p), original_ddl);
    assert_eq!(p.model.tables[0].name, "users");
}

/// Checks, index expressions, partial-index predicates and views keep SQL as text; a rename
/// rewrites the names in them, so the renamed schema still runs, and the views' columns keep
/// their names for whatever reads them. Undo and redo are exact.
#[test]
fn renames_reach_checks_index_expressions_and_views() {
    let mut p = Project::new("x", Dialect::Sqlite);
    apply_source(
        &mut p,
        "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL CHECK (length(email) > 3));\n\
         CREATE INDEX users_lower_email ON users (lower(email)) WHERE email IS NOT NULL;\n\
         CREATE TABLE orders (id integer PRIMARY KEY, user_id integer REFERENCES users (id), \
         total numeric CHECK (total >= 0));\n\
         CREATE VIEW user_orders AS SELECT u.email, o.total FROM users u JOIN orders o ON o.user_id = u.id;\n\
         CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE orders.total > 100;\n\
         CREATE VIEW emails AS SELECT users.email FROM users;"
            .into(),
    );
    assert_eq!(p.model.views.len(), 3, "{:?}", p.model.views);
    let original = p.clone();
    let (users, orders) = (p.model.tables[0].clone(), p.model.tables[1].clone());
    let mut history = History::default();
    for edit in [
        Edit::rename_table(users.id, None, "members"),
        Edit::rename_column(users.id, users.columns[1].id, "mail"),
        Edit::rename_column(orders.id, orders.columns[2].id, "amount"),
    ] {
        history.apply(&mut p, edit).expect("renames apply");
    }
    let script = ddl(&p);
    for written in [
        "CHECK (length(mail) > 3)",
        "ON members ((lower(mail))) WHERE mail IS NOT NULL",
        "CHECK (amount >= 0)",
        "SELECT u.mail AS email, o.amount AS total FROM members u",
        "SELECT id, amount AS total FROM orders WHERE orders.amount > 100",
        "SELECT members.mail AS email FROM members",
    ] {
        assert!(script.contains(written), "{written} is not in\n{script}");
    }
    let db = Sqlite::apply(&script).expect("the renamed schema applies");
    // The views compile against the renamed columns and keep their own columns' names.
    for query in [
        "SELECT email, total FROM user_orders",
        "SELECT id, total FROM big_orders",
        "SELECT email FROM emails",
    ] {
        db.prepare(query)
            .unwrap_or_else(|e| panic!("{query}: {e}\n{script}"));
    }
    db.execute("INSERT INTO members (id, mail) VALUES (1, 'a@b.c')", [])
        .expect("insert");
    assert!(
        db.execute("INSERT INTO members (id, mail) VALUES (2, 'ab')", [])
            .is_err(),
        "the renamed check still holds"
    );
    let renamed = p.clone();
    for _ in 0..3 {
        history.undo(&mut p).expect("undo");
    }
    assert!(same(&p, &original), "undo gives back the project");
    for _ in 0..3 {
        history.redo(&mut p).expect("redo");
    }
    assert!(same(&p, &renamed), "redo gives back the renamed project");
}

/// A deleted column takes along the checks and expression indexes that read it and the views
/// over it, each listed for the confirmation; a deleted table takes its views. The rest stays,
/// the schema still applies, and undo brings everything back.
#[test]
fn deletes_take_along_the_checks_indexes_and_views_that_read_them() {
    let mut p = Project::new("x", Dialect::Sqlite);
    apply_source(
        &mut p,
        "CREATE TABLE users (id integer PRIMARY KEY, email text CHECK (email <> ''), name text, \
         CHECK (name <> 'email'));\n\
         CREATE INDEX users_lower_email ON users (lower(email));\n\
         CREATE INDEX users_name ON users (name) WHERE email IS NOT NULL;\n\
         CREATE VIEW emails AS SELECT id, email FROM users;\n\
         CREATE VIEW names AS SELECT id, name FROM users;"
            .into(),
    );
    let original = p.clone();
    let users = p.model.tables[0].clone();
    let (edit, dependents) = delete_column(&p, users.id, users.columns[1].id).expect("delete");
    let mut listed = dependents.items.clone();
    listed.sort();
    assert_eq!(
        listed,
        [
            "check email <> ''",
            "index users_lower_email",
            "index users_name",
            "view emails"
        ],
        "{:?}",
        dependents.items
    );
    let mut history = History::default();
    history.apply(&mut p, edit).expect("the delete applies");
    let t = &p.model.tables[0];
    assert_eq!(
        t.checks.len(),
        1,
        "the check that only spells the name stays"
    );
    assert!(t.indexes.is_empty());
    let views: Vec<&str> = p.model.views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(views, ["names"]);
    let db = Sqlite::apply(&ddl(&p)).expect("what is left applies");
    db.prepare("SELECT id, name FROM names")
        .expect("the other view reads");
    let (edit, dependents) = delete_tables(&p, &[users.id]).expect("delete");
    assert!(
        dependents.items.contains(&"view names".to_string()),
        "{:?}",
        dependents.items
    );
    history.apply(&mut p, edit).expect("the table goes");
    assert!(p.model.views.is_empty() && p.model.tables.is_empty());
    history.undo(&mut p).expect("undo");
    history.undo(&mut p).expect("undo");
    assert!(
        same(&p, &original),
        "undo brings the column, index, check and views back"
    );
}

/// A schema has an id and is renamed as one object: its tables, types and views move along,
/// foreign keys, groups, column types and view definitions follow, the DDL applies, and undo
/// and redo are exact. A table moved into a new schema brings the schema with it; a schema
/// still in use is not removed.
#[test]
fn a_schema_is_renamed_with_everything_in_it_and_everything_that_names_it() {
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(
        &mut p,
        "CREATE SCHEMA sales;\nCREATE SCHEMA other;\n\
         CREATE TYPE sales.mood AS ENUM ('ok', 'bad');\n\
         CREATE TABLE sales.orders (id bigint PRIMARY KEY, m sales.mood);\n\
         CREATE TABLE other.lines (id bigint PRIMARY KEY, order_id bigint REFERENCES sales.orders (id));\n\
         CREATE VIEW other.moods AS SELECT o.id, o.m FROM sales.orders o;"
            .into(),
    );
    let names =
        |p: &Project| -> Vec<String> { p.model.schemas.iter().map(|s| s.name.clone()).collect() };
    assert_eq!(names(&p), ["other", "sales"]);
    let sales = p.model.schemas[1].clone();
    let orders = p.model.tables[0].id;
    let group = TableGroup {
        id: p.ids.fresh(),
        name: "orders".into(),
        tables: vec![orders],
        color: None,
        note: None,
    };
    let mut history = History::default();
    history
        .apply(&mut p, Edit::PutGroup { group, at: 0 })
        .expect("group");
    let original = p.clone();
    history
        .apply(
            &mut p,
            Edit::RenameSchema {
                schema: sales.id,
                name: "shop".into(),
                restore: None,
            },
        )
        .expect("the rename applies");
    assert_eq!(p.model.schemas[1].id, sales.id);
    assert_eq!(p.model.schemas[1].name, "shop");
    let t = p.model.table_by_id(orders).expect("same table");
    assert_eq!(t.schema.as_deref(), Some("shop"));
    assert_eq!(t.columns[1].data_type.spelling, "shop.mood");
    assert_eq!(p.model.enums[0].schema.as_deref(), Some("shop"));
    let named = p.model.named();
    assert_eq!(
        named.tables[1].foreign_keys[0].ref_table,
        TableName::new(Some("shop".into()), "orders")
    );
    assert_eq!(p.model.table_groups[0].tables, [orders]);
    assert!(
        p.model.views[0].definition.contains("FROM shop.orders o"),
        "{}",
        p.model.views[0].definition
    );
    let script = ddl(&p);
    assert!(!script.contains("sales"), "{script}");
    assert_all_apply_on_pglite(std::slice::from_ref(&script), "renamed schema");
    let renamed = p.clone();
    history.undo(&mut p).expect("undo");
    assert!(same(&p, &original), "undo gives back the project");
    history.redo(&mut p).expect("redo");
    assert!(same(&p, &renamed), "redo gives back the renamed one");

    // Refused: a name taken, removing a schema in use, a table in a schema not listed.
    let other = p.model.schemas[0].id;
    for (edit, reason) in [
        (
            Edit::RenameSchema {
                schema: other,
                name: "shop".into(),
                restore: None,
            },
            "exists already",
        ),
        (Edit::RemoveSchema { schema: other }, "still holds objects"),
        (
            Edit::rename_table(orders, Some("nowhere".to_string()), "orders"),
            "does not list",
        ),
    ] {
        let before = p.clone();
        let error = apply(&mut p, edit).expect_err(reason);
        assert!(error.message.contains(reason), "{}", error.message);
        assert!(same(&p, &before));
    }
    // Moving a table into a new schema adds the schema with it; undo takes both back.
    let before = p.clone();
    let edit = rename_table_to(&mut p, orders, Some("archive".into()), "orders".into());
    history.apply(&mut p, edit).expect("the move applies");
    assert!(p.model.declares_schema("archive"));
    assert!(
        ddl(&p).contains("CREATE TABLE archive.orders"),
        "{}",
        ddl(&p)
    );
    history.undo(&mut p).expect("undo");
    assert!(same(&p, &before));
}

/// Outside PostgreSQL, names that differ only in case are one name: such a rename is refused
/// there (the generator would drop the second table), and allowed in PostgreSQL.
#[test]
fn names_alike_but_for_case_clash_outside_postgres() {
    for (dialect, refused) in [
        (Dialect::Sqlite, true),
        (Dialect::Mysql, true),
        (Dialect::Mssql, true),
        (Dialect::Postgres, false),
    ] {
        let mut p = Project::new("x", dialect);
        apply_source(
            &mut p,
            "CREATE TABLE users (id integer PRIMARY KEY, name text);\nCREATE TABLE orders (id integer PRIMARY KEY);"
                .into(),
        );
        let (users, orders) = (p.model.tables[0].clone(), p.model.tables[1].id);
        let rename_table = apply(&mut p, Edit::rename_table(orders, None, "Users"));
        let rename_column = apply(
            &mut p,
            Edit::rename_column(users.id, users.columns[1].id, "ID"),
        );
        assert_eq!(
            rename_table.is_err(),
            refused,
            "{dialect:?}: {rename_table:?}"
        );
        assert_eq!(
            rename_column.is_err(),
            refused,
            "{dialect:?}: {rename_column:?}"
        );
    }
}

/// Rule settings are part of the project: set as one edit, undone and redone, saved with it
/// (and left out of the file while they are the defaults).
#[test]
fn rule_settings_are_an_undoable_part_of_the_project() {
    use schemaforge::rules::{RuleLevel, Suppression};
    let mut p = project_for(3, Dialect::Postgres);
    let before = p.clone();
    assert!(!p.to_json().contains("\"lint\""));
    let table = p.model.tables[0].clone();
    let mut settings = p.lint.clone();
    settings.rules.insert("NAM001".into(), RuleLevel::Error);
    settings.suppress.push(Suppression::of(
        "NAM002",
        &schemaforge::rules::ModelPath::table(&table),
    ));
    let mut history = History::default();
    history
        .apply(
            &mut p,
            Edit::SetLintSettings {
                settings: Box::new(settings.clone()),
            },
        )
        .expect("applies");
    assert_eq!(p.lint, settings);
    assert_eq!(p.model, before.model, "settings leave the model alone");
    let back = Project::from_json(&p.to_json()).expect("reads what it writes");
    assert_eq!(back.lint, settings);
    history.undo(&mut p).expect("undo");
    assert!(same(&p, &before));
    history.redo(&mut p).expect("redo");
    assert_eq!(p.lint, settings);
}

/// Putting another project in place (Open, Import) is a step like any other: its undo brings
/// back the project before it, name included, and its redo the new one.
#[test]
fn opening_another_project_undoes_to_the_previous_one_name_and_all() {
    let mut p = project_for(7, Dialect::Postgres);
    let before = p.clone();
    let mut other = project_for(8, Dialect::Postgres);
    other
        .lint
        .rules
        .insert("NAM001".into(), schemaforge::rules::RuleLevel::Off);
    let mut history = History::default();
    let edit = Edit::Restore {
        state: Box::new(schemaforge::edit::Snapshot {
            name: Some("other".into()),
            source: other.source.clone(),
            model: Some(other.model.clone()),
            layout: Some(other.layout.clone()),
            lint: Some(other.lint.clone()),
        }),
    };
    assert!(edit.replaces_project());
    history.apply(&mut p, edit).expect("opens");
    assert_eq!((p.name.as_str(), &p.model), ("other", &other.model));
    assert_eq!(
        p.lint, other.lint,
        "the opened project's rule settings come along"
    );
    history.undo(&mut p).expect("undo");
    assert!(same(&p, &before));
    assert!(history.redo[0].edit.replaces_project());
    history.redo(&mut p).expect("redo");
    assert_eq!((p.name.as_str(), &p.model), ("other", &other.model));
}

const ROUTINES: &str = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, touched_at timestamptz, created timestamptz);\n\
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched_at := now(); RETURN NEW; END $$;\n\
CREATE TRIGGER users_touch BEFORE UPDATE OF email ON users FOR EACH ROW EXECUTE FUNCTION touch();\n\
CREATE FUNCTION mailed() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM users WHERE email LIKE '%@%' $$;\n\
CREATE FUNCTION first_mail() RETURNS text LANGUAGE sql AS 'SELECT min(email) FROM users WHERE email <> ''''';\n\
CREATE RULE users_kept AS ON DELETE TO users DO INSTEAD NOTHING;";

/// Renames reach routines: a trigger's table and its `UPDATE OF` columns, and the body of a
/// function written in SQL, so the renamed schema applies on PostgreSQL and its trigger and
/// function work there; undo puts every text back.
#[test]
fn renames_reach_triggers_and_sql_function_bodies() {
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(&mut p, ROUTINES.into());
    assert_eq!(p.model.routines.len(), 5, "{:?}", p.model.routines);
    let original = p.clone();
    let users = p.model.tables[0].clone();
    let mut history = History::default();
    for edit in [
        Edit::rename_table(users.id, None, "members"),
        Edit::rename_column(users.id, users.columns[1].id, "mail"),
    ] {
        history.apply(&mut p, edit).expect("renames apply");
    }
    let script = ddl(&p);
    for written in [
        "BEFORE UPDATE OF mail ON members FOR EACH ROW EXECUTE FUNCTION touch()",
        "SELECT count(*) FROM members WHERE mail LIKE '%@%'",
        "AS 'SELECT min(mail) FROM members WHERE mail <> '''''",
        "CREATE RULE users_kept AS ON DELETE TO members DO INSTEAD NOTHING",
        // A body in PL/pgSQL that names neither is kept as written.
        "BEGIN NEW.touched_at := now(); RETURN NEW; END",
    ] {
        assert!(script.contains(written), "{written} is not in\n{script}");
    }
    if let Some(pg) = support::available(
        "PostgreSQL 15 on 127.0.0.1:5432",
        schemaforge::verify::Postgres::new(None),
    ) {
        let out = pg
            .apply_scratch(&script, |url| {
                schemaforge::verify::psql(
                    url,
                    "INSERT INTO members (id, mail) VALUES (1, 'a@b.c');\n\
                     UPDATE members SET mail = 'd@e.f' WHERE id = 1;\n\
                     DELETE FROM members;\n\
                     SELECT mailed(), first_mail(), touched_at IS NOT NULL FROM members;",
                )
            })
            .unwrap_or_else(|e| panic!("{e}\n{script}"));
        assert_eq!(
            out.trim(),
            "1|d@e.f|t",
            "the functions read the renamed table and the trigger fired"
        );
    }
    let renamed = p.clone();
    for _ in 0..2 {
        history.undo(&mut p).expect("undo");
    }
    assert!(same(&p, &original), "undo gives back every routine's text");
    for _ in 0..2 {
        history.redo(&mut p).expect("redo");
    }
    assert!(same(&p, &renamed), "redo gives back the renamed project");
}

/// A body that cannot be rewritten (PL/pgSQL) and names what a rename would change refuses
/// the rename, saying which routine and why, and changes nothing: a table it names, a column
/// a trigger function reads from the row. A column no body names still renames.
#[test]
fn a_rename_a_routine_body_cannot_follow_is_refused() {
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(
        &mut p,
        format!(
            "{ROUTINES}\nCREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM users WHERE email = '' OR created < now() - interval '1 year'; END $$;"
        ),
    );
    assert_eq!(p.model.routines.len(), 6, "{:?}", p.model.routines);
    let users = p.model.tables[0].clone();
    let before = p.clone();
    let refused = apply(&mut p, Edit::rename_table(users.id, None, "members"))
        .expect_err("purge() names the table");
    assert!(
        refused.message.contains("function purge names the table"),
        "{refused}"
    );
    // Moving the table to another schema under its name is a rename as much.
    let moved = rename_table_to(&mut p, users.id, Some("archive".into()), "users".into());
    let refused = History::default()
        .apply(&mut p, moved)
        .expect_err("purge() names the table where it is");
    assert!(
        refused.message.contains("function purge names the table"),
        "{refused}"
    );
    assert_eq!(p.model, before.model, "the refused move changed nothing");
    let refused = apply(
        &mut p,
        Edit::rename_column(users.id, users.columns[2].id, "changed_at"),
    )
    .expect_err("touch() reads NEW.touched_at");
    assert!(
        refused
            .message
            .contains("function touch runs for its triggers"),
        "{refused}"
    );
    let refused = apply(
        &mut p,
        Edit::rename_column(users.id, users.columns[1].id, "mail"),
    )
    .expect_err("purge() names users and email");
    assert!(refused.message.contains("function purge"), "{refused}");
    assert!(same(&p, &before), "a refused rename changes nothing");
    // The linter offers no fix it knows would be refused, and says why.
    let findings = schemaforge::rules::lint_project(&p, &p.lint);
    let created = findings
        .iter()
        .find(|f| f.code == "NAM008" && f.path.label == "users.created")
        .expect("a timestamp without _at");
    assert!(created.fixes.is_empty(), "{created:?}");
    assert!(
        created
            .message
            .contains("no fix offered: users.created cannot be renamed while function purge"),
        "{}",
        created.message
    );
    apply(
        &mut p,
        Edit::rename_column(users.id, users.columns[0].id, "user_id"),
    )
    .expect("no body names id");
}

/// A delete takes along the triggers that could not be created without what it deletes: a
/// deleted table its triggers, a deleted column the triggers that fire on its update; each
/// is listed for the confirmation, the rest applies on PostgreSQL, and undo brings them back.
/// A trigger on a table a script never creates is left out of the import with a warning.
#[test]
fn deletes_take_along_the_triggers_on_what_they_delete() {
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(
        &mut p,
        format!(
            "{ROUTINES}\nCREATE TABLE notes (id bigint PRIMARY KEY, body text);\n\
             CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();"
        ),
    );
    assert_eq!(p.model.routines.len(), 6, "{:?}", p.model.routines);
    let original = p.clone();
    let (users, notes) = (p.model.tables[0].clone(), p.model.tables[1].clone());
    let mut history = History::default();
    let (edit, dependents) = delete_column(&p, users.id, users.columns[1].id).expect("delete");
    assert!(
        dependents
            .items
            .contains(&"trigger users_touch".to_string()),
        "{dependents:?}"
    );
    history
        .apply(&mut p, edit)
        .expect("the column goes with its trigger");
    assert!(!p.model.routines.iter().any(|r| r.name == "users_touch"));
    let (edit, dependents) = delete_tables(&p, &[notes.id]).expect("delete");
    assert!(
        dependents
            .items
            .contains(&"trigger notes_touch".to_string()),
        "{dependents:?}"
    );
    history
        .apply(&mut p, edit)
        .expect("the table goes with its trigger");
    assert!(!p.model.routines.iter().any(|r| r.name == "notes_touch"));
    let script = ddl(&p);
    if let Some(pg) = support::available(
        "PostgreSQL 15 on 127.0.0.1:5432",
        schemaforge::verify::Postgres::new(None),
    ) {
        pg.apply_scratch(&script, |_| Ok(()))
            .unwrap_or_else(|e| panic!("{e}\n{script}"));
    }
    while history.undo(&mut p).expect("undo").is_some() {}
    assert!(same(&p, &original), "undo brings the triggers back");

    let import = schemaforge::import::sql::import_sql(
        "CREATE TABLE a (id int);\nCREATE TRIGGER t BEFORE UPDATE ON missing FOR EACH ROW EXECUTE FUNCTION f();",
        Dialect::Postgres,
    );
    assert!(
        import.model.routines.is_empty(),
        "{:?}",
        import.model.routines
    );
    assert!(
        import
            .report
            .skipped
            .iter()
            .any(|s| s.reason.contains("trigger t is on table missing")),
        "{:?}",
        import.report.skipped
    );
    // A model that holds one anyway (a project saved before deletes took triggers along)
    // still opens; its DDL leaves the trigger out and says so.
    let mut orphan = p.clone();
    orphan.model.routines[1].table = Some("missing".into());
    assert_eq!(orphan.model.routines[1].name, "users_touch");
    orphan.model.validate().expect("it still opens");
    let d = schemaforge::generate::sql::dialect_for(Dialect::Postgres);
    let ddl = schemaforge::generate::sql::generate(
        &orphan.model,
        d.as_ref(),
        &editor_options(Dialect::Postgres),
    );
    assert!(!ddl.script.contains("users_touch"), "{}", ddl.script);
    assert!(
        ddl.notes.iter().any(|n| n
            .message
            .contains("is on missing, which the script does not create")),
        "{:?}",
        ddl.notes
    );
}

/// What a rename cannot follow in routines is found where it hides: an SQL body that changes
/// data (its INSERT target and SET columns are names, not expressions), a trigger's WHEN
/// clause; a delete takes such a trigger along, and the INSTEAD OF trigger of a view it
/// removes. Event triggers are on no table and are kept.
#[test]
fn renames_and_deletes_see_dml_bodies_trigger_conditions_and_event_triggers() {
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(
        &mut p,
        "CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);\n\
         CREATE VIEW names AS SELECT id, name FROM users;\n\
         CREATE FUNCTION add_user(text) RETURNS void LANGUAGE sql AS $$ INSERT INTO users (email) VALUES ($1) $$;\n\
         CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n\
         CREATE TRIGGER users_mail AFTER UPDATE ON users FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION note();\n\
         CREATE TRIGGER names_insert INSTEAD OF INSERT ON names FOR EACH ROW EXECUTE FUNCTION note();\n\
         CREATE FUNCTION ddl_seen() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;\n\
         CREATE EVENT TRIGGER ddl_watch ON ddl_command_end EXECUTE FUNCTION ddl_seen();"
            .into(),
    );
    let names: Vec<(&str, Option<&str>)> = p
        .model
        .routines
        .iter()
        .map(|r| (r.name.as_str(), r.table.as_deref()))
        .collect();
    assert!(names.contains(&("ddl_watch", None)), "{names:?}");
    let users = p.model.tables[0].clone();
    let refused = apply(&mut p, Edit::rename_table(users.id, None, "members"))
        .expect_err("add_user() inserts into users");
    assert!(refused.message.contains("function add_user"), "{refused}");
    let refused = apply(
        &mut p,
        Edit::rename_column(users.id, users.columns[1].id, "mail"),
    )
    .expect_err("users_mail reads email in its WHEN");
    assert!(
        refused
            .message
            .contains("trigger users_mail is on the table and names the column"),
        "{refused}"
    );
    let original = p.clone();
    let mut history = History::default();
    let (edit, dependents) = delete_column(&p, users.id, users.columns[1].id).expect("delete");
    assert!(
        dependents.items.contains(&"trigger users_mail".to_string()),
        "{dependents:?}"
    );
    history
        .apply(&mut p, edit)
        .expect("email goes with the trigger that reads it");
    let (edit, dependents) = delete_column(&p, users.id, users.columns[2].id).expect("delete");
    assert!(
        dependents.items.contains(&"view names".to_string())
            && dependents
                .items
                .contains(&"trigger names_insert".to_string()),
        "{dependents:?}"
    );
    history
        .apply(&mut p, edit)
        .expect("name goes with its view and the view's trigger");
    let script = ddl(&p);
    assert!(
        !script.contains("names_insert") && !script.contains("users_mail"),
        "{script}"
    );
    if let Some(pg) = support::available(
        "PostgreSQL 15 on 127.0.0.1:5432",
        schemaforge::verify::Postgres::new(None),
    ) {
        // The event trigger needs a superuser, as the local server's postgres is.
        pg.apply_scratch(&script, |_| Ok(()))
            .unwrap_or_else(|e| panic!("{e}\n{script}"));
    }
    while history.undo(&mut p).expect("undo").is_some() {}
    assert!(
        same(&p, &original),
        "undo brings the view and the triggers back"
    );
}

/// A schema rename carries to the triggers on its tables and to SQL query bodies that read
/// them, and the result applies on PostgreSQL; it is refused while a routine's text writes a
/// name in the schema that cannot be rewritten (its own name, `CREATE FUNCTION sales.f`).
#[test]
fn a_schema_rename_reaches_routines_or_is_refused() {
    let script = "CREATE SCHEMA sales;\n\
        CREATE TABLE sales.orders (id bigint PRIMARY KEY, total numeric);\n\
        CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n\
        CREATE TRIGGER orders_stamp BEFORE INSERT ON sales.orders FOR EACH ROW EXECUTE FUNCTION stamp();\n\
        CREATE FUNCTION revenue() RETURNS numeric LANGUAGE sql AS $$ SELECT sum(total) FROM sales.orders $$;";
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(&mut p, script.into());
    let sales = p
        .model
        .schemas
        .iter()
        .find(|s| s.name == "sales")
        .expect("sales")
        .clone();
    let rename = Edit::RenameSchema {
        schema: sales.id,
        name: "shop".into(),
        restore: None,
    };
    let mut refusing = Project::new("x", Dialect::Postgres);
    apply_source(
        &mut refusing,
        format!("{script}\nCREATE FUNCTION sales.open_orders() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RETURN 0; END $$;"),
    );
    let refused =
        apply(&mut refusing, rename.clone()).expect_err("sales.open_orders is named in sales");
    assert!(
        refused
            .message
            .contains("function open_orders names schema sales"),
        "{refused}"
    );
    apply(&mut p, rename).expect("the rename applies");
    let script = ddl(&p);
    for written in [
        "BEFORE INSERT ON shop.orders FOR EACH ROW",
        "SELECT sum(total) FROM shop.orders",
    ] {
        assert!(script.contains(written), "{written} is not in\n{script}");
    }
    if let Some(pg) = support::available(
        "PostgreSQL 15 on 127.0.0.1:5432",
        schemaforge::verify::Postgres::new(None),
    ) {
        let out = pg
            .apply_scratch(&script, |url| {
                schemaforge::verify::psql(
                    url,
                    "INSERT INTO shop.orders VALUES (1, 2.5), (2, 4);\nSELECT revenue();",
                )
            })
            .unwrap_or_else(|e| panic!("{e}\n{script}"));
        assert_eq!(out.trim(), "6.5");
    }
}

/// A table or column that owns a sequence can be deleted: the sequence stays (a script
/// that numbers rows still creates it) and stops being owned; undo gives the owner back.
#[test]
fn deleting_the_owner_of_a_sequence_lets_the_sequence_go() {
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(
        &mut p,
        "CREATE TABLE users (id integer NOT NULL, name text);\n\
         CREATE SEQUENCE users_id_seq;\n\
         ALTER SEQUENCE users_id_seq OWNED BY users.id;\n\
         CREATE TABLE notes (id integer NOT NULL);\n\
         CREATE SEQUENCE notes_id_seq;\n\
         ALTER SEQUENCE notes_id_seq OWNED BY notes.id;"
            .into(),
    );
    let (users, notes) = (p.model.tables[0].clone(), p.model.tables[1].clone());
    assert_eq!(
        p.model.sequences[0].owned_by,
        Some((users.id, users.columns[0].id))
    );
    let before = p.clone();
    let mut history = History::default();
    let (edit, dependents) = delete_column(&p, users.id, users.columns[0].id).expect("builds");
    assert!(
        dependents.items.iter().any(|d| d.contains("users_id_seq")),
        "{dependents:?}"
    );
    history.apply(&mut p, edit).expect("the column goes");
    assert_eq!(p.model.sequences[0].owned_by, None);
    let (edit, _) = delete_tables(&p, &[notes.id]).expect("builds");
    history.apply(&mut p, edit).expect("the table goes");
    assert_eq!(p.model.sequences.len(), 2, "the sequences stay");
    assert_eq!(p.model.sequences[1].owned_by, None);
    assert!(p.model.validate().is_ok(), "{:?}", p.model.validate());
    history.undo(&mut p).expect("undo");
    history.undo(&mut p).expect("undo");
    assert_eq!(p.model, before.model, "undo gives the owners back");
}

/// An edit copies the tables it changes and no other: the rest stay shared with a copy of
/// the model taken before (the caches behind the editor and the diagram tell them by
/// pointer), a rename that rewrites another table's check included.
#[test]
fn an_edit_copies_only_the_tables_it_changes() {
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(
        &mut p,
        "CREATE TABLE a (id int PRIMARY KEY, price int CHECK (price > 0), note text);\n\
         CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\n\
         CREATE TABLE c (id int PRIMARY KEY, amount int CHECK (amount > 0) DEFAULT 1);"
            .into(),
    );
    let kept = p.model.clone();
    let a = p.model.tables[0].clone();
    apply(&mut p, Edit::rename_column(a.id, a.columns[1].id, "cost")).expect("renames");
    let shared = |i: usize| schemaforge::model::Shared::same(&kept.tables[i], &p.model.tables[i]);
    assert!(!shared(0), "a changed");
    assert!(shared(1) && shared(2), "b and c are the tables they were");
    let c = p.model.tables[2].clone();
    let kept = p.model.clone();
    apply(&mut p, Edit::rename_column(c.id, c.columns[1].id, "total")).expect("renames");
    let shared = |i: usize| schemaforge::model::Shared::same(&kept.tables[i], &p.model.tables[i]);
    assert!(shared(0) && shared(1) && !shared(2));
}
