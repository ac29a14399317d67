//! Property tests: for random models, export then import gives the model back:
//! `import(export(m, d), d) == m` for every SQL dialect and for DBML; and the DDL applies on
//! real engines (SQLite for every case, PGlite for a batch of cases, the PostgreSQL server
//! for a few) whose catalogs read back equal. Names include reserved words, quotes, spaces,
//! an injection attempt and unicode.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

mod support;
use support::catalog::assert_catalog_matches_script;
use support::{assert_all_apply_on_pglite, available, fixed_seed};

use schemaforge::generate::dbml::print_dbml;
use schemaforge::generate::sql::{dialect_for, generate, DdlOptions};
use schemaforge::import::dbml::import_dbml;
use schemaforge::import::sql::import_sql;
use schemaforge::model::compare::without_ids;
use schemaforge::model::{Dialect, Model};
use schemaforge::verify::{postgres_catalog, sqlite_catalog, Pglite, Postgres, Sqlite};
use support::random_model::{profile, random_model, with_schemas, Rng};

/// The model without ids, with tables in name order (a generator may reorder them), and
/// without type spellings where `meaning_only` (another dialect spells `integer` as `int`).
fn normalised(model: &Model, meaning_only: bool) -> serde_json::Value {
    let mut sorted = model.clone();
    sorted
        .tables
        .sort_by(|a, b| (&a.name, &a.schema).cmp(&(&b.name, &b.schema)));
    if meaning_only {
        for c in sorted.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
            c.data_type.spelling.clear();
        }
    }
    without_ids(&sorted)
}

/// The DDL of `model` for `dialect`, the model being written in that dialect.
fn ddl(model: &Model, dialect: Dialect) -> String {
    let options = DdlOptions {
        source: dialect,
        ..DdlOptions::default()
    };
    let generated = generate(model, dialect_for(dialect).as_ref(), &options);
    assert!(
        generated.notes.is_empty(),
        "the profile keeps to what {dialect} expresses exactly: {:?}",
        generated.notes
    );
    generated.script
}

/// Seeds for the tests that run a batch on an engine.
fn seeds(count: usize) -> Vec<u64> {
    let mut rng = Rng(0x5eed_cafe);
    (0..count).map(|_| rng.next(usize::MAX) as u64).collect()
}

proptest! {
    #![proptest_config(fixed_seed(256))]

    #[test]
    fn sql_ddl_imports_back_to_the_model(seed in any::<u64>(), which in 0..4usize) {
        let dialect = Dialect::ALL[which];
        let model = random_model(seed, &profile(Some(dialect)));
        // SQLite has one namespace per database, and a MySQL schema is a database of its
        // own (its placement is tested on the server): no schemas to put tables in.
        let model = if matches!(dialect, Dialect::Sqlite | Dialect::Mysql) {
            model
        } else {
            with_schemas(model, seed)
        };
        let ddl = ddl(&model, dialect);
        let back = import_sql(&ddl, dialect);
        prop_assert!(!back.report.has_errors(), "{:?}\n{ddl}", back.report.errors().next());
        let meaning_only = dialect != Dialect::Postgres;
        prop_assert_eq!(normalised(&back.model, meaning_only), normalised(&model, meaning_only), "{}", ddl);
    }

    #[test]
    fn dbml_imports_back_to_the_model(seed in any::<u64>()) {
        let model = with_schemas(random_model(seed, &profile(None)), seed);
        let dbml = print_dbml(&model);
        let back = import_dbml(&dbml);
        prop_assert!(!back.report.has_errors(), "{:?}\n{dbml}", back.report.errors().next());
        prop_assert_eq!(normalised(&back.model, false), normalised(&model, false), "{}", dbml);
    }
}

proptest! {
    #![proptest_config(fixed_seed(128))]

    /// SQLite keeps each statement's text in sqlite_master: read back, it is the model.
    #[test]
    fn sqlite_ddl_applies_and_its_catalog_round_trips(seed in any::<u64>()) {
        let model = random_model(seed, &profile(Some(Dialect::Sqlite)));
        let ddl = ddl(&model, Dialect::Sqlite);
        let db = Sqlite::apply(&ddl).map_err(|e| TestCaseError::fail(format!("{e}\n{ddl}")))?;
        let catalog = sqlite_catalog(&db).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = import_sql(&catalog, Dialect::Sqlite);
        prop_assert!(!back.report.has_errors(), "{:?}\n{catalog}", back.report.errors().next());
        prop_assert_eq!(normalised(&back.model, true), normalised(&model, true), "{}", catalog);
    }
}

/// Expression index parts keep their text through generate and import: the parentheses the
/// syntax needs are not added again on each trip (they used to pile up, one pair a trip).
#[test]
fn expression_index_parts_are_stable_through_the_text() {
    for (dialect, script) in [
        (
            Dialect::Postgres,
            "CREATE TABLE t (id int PRIMARY KEY, e text);\n\
             CREATE INDEX i ON t ((lower(e)));\nCREATE INDEX j ON t (lower(e), ((e)));",
        ),
        (
            Dialect::Sqlite,
            "CREATE TABLE t (id integer PRIMARY KEY, e text);\nCREATE INDEX i ON t ((lower(e)));",
        ),
    ] {
        let first = import_sql(script, dialect);
        assert!(!first.report.has_errors(), "{:?}", first.report);
        let expressions = |m: &Model| -> Vec<String> {
            m.tables[0]
                .indexes
                .iter()
                .flat_map(|i| &i.parts)
                .map(|p| format!("{:?}", p.target))
                .collect()
        };
        let text = ddl(&first.model, dialect);
        let second = import_sql(&text, dialect).model;
        assert_eq!(expressions(&second), expressions(&first.model), "{text}");
        assert_eq!(ddl(&second, dialect), text, "{dialect:?}");
        assert!(
            !text.contains("(((") && text.contains("lower(e)"),
            "{dialect:?}: {text}"
        );
    }
}

#[test]
fn postgres_ddl_applies_on_pglite_and_its_catalog_round_trips() {
    let scripts: Vec<String> = seeds(200)
        .into_iter()
        .map(|seed| {
            ddl(
                &random_model(seed, &profile(Some(Dialect::Postgres))),
                Dialect::Postgres,
            )
        })
        .collect();
    if !assert_all_apply_on_pglite(&scripts, "random schemas") {
        return;
    }
    // PGlite's own catalog (its pg_dump compiled to wasm) of a share of them reads back equal.
    let sample = &scripts[..8];
    let catalogs = Pglite::catalogs(sample).unwrap_or_else(|e| panic!("PGlite: {e}"));
    for ((seed, script), catalog) in seeds(200).iter().zip(sample).zip(catalogs) {
        let catalog = catalog.unwrap_or_else(|e| panic!("{e}\n{script}"));
        let model = random_model(*seed, &profile(Some(Dialect::Postgres)));
        let back = import_sql(&catalog, Dialect::Postgres);
        assert!(
            !back.report.has_errors(),
            "{:?}\n{catalog}",
            back.report.errors().next()
        );
        assert_catalog_matches_script(
            &format!("seed {seed}"),
            &model,
            &back.model,
            Dialect::Postgres,
        );
    }
}

#[test]
fn postgres_catalog_of_random_schemas_round_trips_on_the_server() {
    let Some(pg) = available("PostgreSQL", Postgres::new(None)) else {
        return;
    };
    for seed in seeds(24) {
        let model = random_model(seed, &profile(Some(Dialect::Postgres)));
        let ddl = ddl(&model, Dialect::Postgres);
        let catalog = pg
            .apply_scratch(&ddl, postgres_catalog)
            .unwrap_or_else(|e| panic!("{e}\n{ddl}"));
        let back = import_sql(&catalog, Dialect::Postgres);
        assert!(
            !back.report.has_errors(),
            "{:?}\n{catalog}",
            back.report.errors().next()
        );
        assert_catalog_matches_script(
            &format!("seed {seed}"),
            &model,
            &back.model,
            Dialect::Postgres,
        );
    }
}
