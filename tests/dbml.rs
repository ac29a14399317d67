//! DBML against the DBML project's own fixtures in ../shared/corpus/dbml.

use std::path::{Path, PathBuf};

use schemaforge::generate::dbml::print_dbml;
use schemaforge::import::dbml::import_dbml;
use schemaforge::import::sql::import_sql;
use schemaforge::model::compare::without_ids;
use schemaforge::model::{Dialect, Model, NamedModel, NamedTable, TableName, TypeKind};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dbml")
}

fn files(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            files(&path, suffix, out);
        } else if path.to_string_lossy().ends_with(suffix) {
            out.push(path);
        }
    }
    out.sort();
}

#[test]
fn a_key_column_is_not_null_whatever_the_setting_order() {
    let model = import_dbml("Table t {\n  id int [pk, null]\n  other int [null, pk]\n}").model;
    assert!(model.tables[0].columns.iter().all(|c| !c.nullable));
    let again = import_dbml(&print_dbml(&model)).model;
    assert_eq!(without_ids(&again), without_ids(&model));
}

#[test]
fn every_corpus_dbml_file_round_trips() {
    let mut paths = Vec::new();
    files(&corpus(), ".dbml", &mut paths);
    assert!(paths.len() >= 60, "found {}", paths.len());
    let mut with_errors = Vec::new();
    let mut invalid_models = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("readable");
        let first = import_dbml(&text);
        if first.report.has_errors() {
            with_errors.push(format!(
                "{}: {:?}",
                path.display(),
                first.report.errors().next()
            ));
        }
        assert_prints_back(&path.display().to_string(), &first.model);
        let mut ids = schemaforge::model::IdGen::default();
        let model = schemaforge::model::reconcile::reconcile(
            &schemaforge::model::Model::default(),
            first.model,
            &mut ids,
        );
        if let Err(invalid) = model.validate() {
            invalid_models.push(format!("{}: {invalid}", path.display()));
        }
    }
    // Every file that parsed makes a model that holds the invariants (ids, names, references).
    assert!(invalid_models.is_empty(), "{invalid_models:#?}");
    println!(
        "{} DBML files round-trip; {} had parse errors",
        paths.len(),
        with_errors.len()
    );
    // The peer's own output for mysql_importer/ddl_create is not valid DBML: line 99 reads
    // `[default: 'utf8mb3'xxx']`, a quote inside a string without its backslash. The parser
    // reports it there and keeps the rest of the file, which round-trips above.
    assert_eq!(with_errors.len(), 1, "{with_errors:#?}");
    assert!(
        with_errors[0].contains("ddl_create.out.dbml") && with_errors[0].contains("line: 99,"),
        "{with_errors:#?}"
    );
}

/// A type's meaning, as far as the peer's DBML output keeps it: it drops time zones and
/// the quotes around user-defined type names.
fn type_class(kind: &TypeKind, spelling: &str) -> String {
    match kind {
        TypeKind::Other { .. } => spelling.replace(['"', ' '], "").to_ascii_lowercase(),
        TypeKind::Timestamp { .. } => "timestamp".into(),
        TypeKind::Time { .. } => "time".into(),
        other => format!("{:?}", std::mem::discriminant(other)),
    }
}

/// A default's value: integer literals in any base as decimal, parentheses, quotes and
/// case dropped. A `nextval(...)` default is the peer's "no default" (it shows the sequence
/// as the column's increment).
fn normalise_default(d: &str) -> Option<String> {
    let t = d
        .trim_matches(|c| c == '(' || c == ')' || c == '`' || c == '\'')
        .to_ascii_lowercase()
        .replace(' ', "");
    if t.starts_with("nextval") {
        return None;
    }
    let integer =
        |digits: &str, radix: u32| i128::from_str_radix(&digits.replace('_', ""), radix).ok();
    let value = if let Some(b) = t.strip_prefix("0b") {
        integer(b, 2)
    } else if let Some(o) = t.strip_prefix("0o") {
        integer(o, 8)
    } else if let Some(x) = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("x'").map(|x| x.trim_end_matches('\'')))
    {
        integer(x, 16)
    } else if t.len() > 1 && t.starts_with('0') && t.chars().all(|c| c.is_ascii_digit()) {
        integer(&t, 10)
    } else {
        None
    };
    Some(value.map_or(t, |v| v.to_string()))
}

/// Tables the peer keeps: it does not model partitions.
fn tables(m: &NamedModel) -> Vec<&NamedTable> {
    m.tables
        .iter()
        .filter(|t| t.partition_of.is_none())
        .map(|t| &**t)
        .collect()
}

/// `public` and `dbo` are the default schemas: naming them or not is the same table.
fn schema_of(t: &NamedTable) -> String {
    match t.schema.as_deref() {
        None | Some("public") | Some("dbo") => String::new(),
        Some(s) => s.to_string(),
    }
}

/// What must agree between our model and the fixture's: tables, columns (name, type class,
/// nullability, key membership, default), foreign keys, enums. Differences as text.
fn differences(ours: &Model, theirs: &Model) -> Vec<String> {
    // What the names say: the two models' ids have nothing in common.
    let (ours, theirs) = (&ours.named(), &theirs.named());
    let mut diffs = Vec::new();
    let ours_tables = tables(ours);
    for theirs_t in tables(theirs) {
        let found = ours_tables
            .iter()
            .find(|t| t.name == theirs_t.name && schema_of(t) == schema_of(theirs_t))
            .or_else(|| {
                ours_tables.iter().find(|t| {
                    t.name.eq_ignore_ascii_case(&theirs_t.name)
                        && schema_of(t) == schema_of(theirs_t)
                })
            });
        let Some(ours_t) = found else {
            diffs.push(format!("missing table {}", theirs_t.qualified_name()));
            continue;
        };
        let names = |t: &NamedTable| {
            t.columns
                .iter()
                .map(|c| c.name.to_ascii_lowercase())
                .collect::<Vec<_>>()
        };
        if names(ours_t) != names(theirs_t) {
            diffs.push(format!(
                "{}: columns {:?} vs {:?}",
                theirs_t.name,
                names(ours_t),
                names(theirs_t)
            ));
            continue;
        }
        for (a, b) in ours_t.columns.iter().zip(&theirs_t.columns) {
            let where_ = format!("{}.{}", theirs_t.name, b.name);
            if type_class(&a.data_type.kind, &a.data_type.spelling)
                != type_class(&b.data_type.kind, &b.data_type.spelling)
            {
                diffs.push(format!(
                    "{where_}: type {} vs {}",
                    a.data_type.spelling, b.data_type.spelling
                ));
            }
            if a.nullable != b.nullable {
                diffs.push(format!(
                    "{where_}: nullable {} vs {}",
                    a.nullable, b.nullable
                ));
            }
            if ours_t.is_primary_key_column(&a.name) != theirs_t.is_primary_key_column(&b.name) {
                diffs.push(format!("{where_}: primary key membership differs"));
            }
            if a.default.as_deref().and_then(normalise_default)
                != b.default.as_deref().and_then(normalise_default)
            {
                diffs.push(format!(
                    "{where_}: default {:?} vs {:?}",
                    a.default, b.default
                ));
            }
        }
    }
    if ours_tables.len() != tables(theirs).len() {
        diffs.push(format!(
            "{} tables vs {}",
            ours_tables.len(),
            tables(theirs).len()
        ));
    }
    let fks = |m: &NamedModel| {
        let mut v: Vec<String> = tables(m)
            .into_iter()
            .flat_map(|t| {
                t.foreign_keys.iter().map(move |f| {
                    format!(
                        "{}.{}({})->{}({})",
                        schema_of(t),
                        t.name,
                        f.columns.join(","),
                        f.ref_table.name,
                        f.ref_columns.join(",")
                    )
                    .to_ascii_lowercase()
                })
            })
            .collect();
        v.sort();
        v
    };
    if fks(ours) != fks(theirs) {
        diffs.push(format!("foreign keys {:?} vs {:?}", fks(ours), fks(theirs)));
    }
    let enums = |m: &NamedModel| {
        let mut v: Vec<(String, Vec<String>)> = m
            .enums
            .iter()
            .map(|e| (e.name.to_ascii_lowercase(), e.values.clone()))
            .collect();
        v.sort();
        v
    };
    if enums(ours) != enums(theirs) {
        diffs.push(format!("enums {:?} vs {:?}", enums(ours), enums(theirs)));
    }
    diffs
}

#[test]
fn peer_importer_fixtures_agree_with_our_sql_import() {
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut total = 0;
    for (folder, dialect) in [
        ("postgres_importer", Dialect::Postgres),
        ("mysql_importer", Dialect::Mysql),
        ("mssql_importer", Dialect::Mssql),
    ] {
        let mut inputs = Vec::new();
        files(
            &corpus().join("importer").join(folder).join("input"),
            ".in.sql",
            &mut inputs,
        );
        for input in inputs {
            total += 1;
            let stem = input
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .trim_end_matches(".in.sql")
                .to_string();
            let expected_path = corpus()
                .join("importer")
                .join(folder)
                .join("output")
                .join(format!("{stem}.out.dbml"));
            let sql = std::fs::read_to_string(&input).expect("readable");
            let expected = std::fs::read_to_string(&expected_path).expect("expected output");
            let ours = import_dbml(&print_dbml(&import_sql(&sql, dialect).model)).model;
            let theirs = import_dbml(&expected).model;
            let diffs = differences(&ours, &theirs);
            if diffs.is_empty() {
                passed += 1;
            } else {
                failures.push(format!(
                    "{folder}/{stem}: {}",
                    diffs.iter().take(4).cloned().collect::<Vec<_>>().join("; ")
                ));
            }
        }
    }
    let rate = 100.0 * passed as f64 / total as f64;
    println!("peer importer fixtures: {passed}/{total} equivalent ({rate:.1} %)");
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert!(total >= 37, "found {total} fixtures");
    assert!(rate >= 90.0, "pass rate {rate:.1} % is under 90 %");
}

/// Every input the fuzzer ever found against the DBML importer (`fuzz/regressions`), the
/// shared finding among them, imports and prints back to the same model.
#[test]
fn fuzz_regressions_round_trip_through_the_printer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/import_dbml");
    let mut paths = Vec::new();
    files(&dir, "", &mut paths);
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("dbml-roundtrip-mismatch.dbml")),
        "the shared finding is kept as a regression"
    );
    for path in paths {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = String::from_utf8_lossy(&bytes);
        assert_prints_back(&path.display().to_string(), &import_dbml(&text).model);
    }
}

/// A table named two ways (its qualified name and its alias) still belongs to one group: the
/// second membership is reported and left out, so the model prints back (a fuzz finding).
#[test]
fn a_table_written_two_ways_is_in_one_group() {
    let import = import_dbml(
        "Table ecommerce.merchants as M {\n  id int\n}\n\
         TableGroup one {\n  ecommerce.merchants\n}\n\
         TableGroup two {\n  M\n}\n",
    );
    let named = import.model.named();
    let groups: Vec<(&str, &[TableName])> = named
        .table_groups
        .iter()
        .map(|g| (g.name.as_str(), g.tables.as_slice()))
        .collect();
    assert_eq!(
        groups,
        [
            (
                "one",
                &[TableName::new(Some("ecommerce".into()), "merchants")][..]
            ),
            ("two", &[][..])
        ]
    );
    let error = import.report.errors().next().expect("reported");
    assert!(
        error.reason.contains("already in table group one") && error.position.line == 8,
        "{error:?}"
    );
    assert_prints_back("two spellings", &import.model);
}

/// `model` printed as DBML parses without errors and imports back to itself.
fn assert_prints_back(label: &str, model: &Model) {
    let printed = print_dbml(model);
    let second = import_dbml(&printed);
    assert!(
        !second.report.has_errors(),
        "{label}: printed DBML does not parse: {:?}\n{printed}",
        second.report.errors().collect::<Vec<_>>()
    );
    assert_eq!(
        without_ids(&second.model),
        without_ids(model),
        "{label}\n{printed}"
    );
}

fn table<'m>(model: &'m Model, name: &str) -> &'m schemaforge::model::Table {
    model
        .tables
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("table {name} in {:?}", model.tables))
}

/// Imports `text` without errors and checks that it prints back to the same model.
fn import_clean(text: &str) -> Model {
    let import = import_dbml(text);
    let errors: Vec<_> = import.report.errors().collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_prints_back("the example", &import.model);
    import.model
}

#[test]
fn table_partials_are_injected_with_the_reference_precedence() {
    let model = import_clean(
        "Table users {
  ~base
  name varchar [not null]
  ~audit
  created_at timestamptz [note: 'local wins']
  Note: 'people'
}

TablePartial base [headercolor: #ff0000, note: 'from base'] {
  id int [pk, increment]
  created_at timestamp [default: `now()`]
  tenant_id int [ref: > tenants.id, delete: cascade]
  indexes {
    tenant_id [name: 'ix_tenant']
  }
}

TablePartial audit [headerColor: #00ff00] {
  updated_at timestamp
  created_at date
  checks {
    `updated_at >= created_at` [name: 'ck_order']
  }
}

Table tenants {
  ~base
}

Table tenants_archive {
  ~audit
  ~base
}
",
    );
    let users = table(&model, "users");
    let columns: Vec<(&str, &str)> = users
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.data_type.spelling.as_str()))
        .collect();
    assert_eq!(
        columns,
        [
            ("id", "int"),
            ("created_at", "timestamptz"),
            ("tenant_id", "int"),
            ("name", "varchar"),
            ("updated_at", "timestamp"),
        ]
    );
    assert_eq!(users.columns[1].comment.as_deref(), Some("local wins"));
    assert_eq!(
        users.columns[1].default, None,
        "the local column replaces the partial's"
    );
    assert!(users.columns[0].identity.is_some());
    assert_eq!(
        users
            .primary_key
            .as_ref()
            .map(|k| users.column_names(&k.columns)),
        Some(vec!["id".to_string()])
    );
    assert_eq!(
        users.color.as_deref(),
        Some("#00ff00"),
        "the last partial's colour"
    );
    assert_eq!(
        users.comment.as_deref(),
        Some("people"),
        "the table's own note"
    );
    assert_eq!(users.indexes.len(), 1);
    assert_eq!(users.checks.len(), 1);
    let fk = &users.foreign_keys[0];
    assert_eq!(
        (
            model.table_by_id(fk.ref_table).map(|t| t.name.as_str()),
            users.column_name(fk.columns[0])
        ),
        (Some("tenants"), "tenant_id")
    );
    assert_eq!(
        fk.on_delete,
        Some(schemaforge::model::ReferentialAction::Cascade)
    );
    // Every injection is a table of its own: fresh ids, refs from that table.
    let archive = table(&model, "tenants_archive");
    let names: Vec<&str> = archive.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["updated_at", "created_at", "id", "tenant_id"]);
    assert_eq!(
        archive.columns[1].data_type.spelling, "timestamp",
        "base came last"
    );
    assert_eq!(archive.color.as_deref(), Some("#ff0000"));
    assert_eq!(archive.comment.as_deref(), Some("from base"));
    assert_eq!(archive.foreign_keys.len(), 1);
    let ids: std::collections::BTreeSet<_> = model
        .tables
        .iter()
        .flat_map(|t| t.columns.iter().map(|c| c.id))
        .collect();
    let count: usize = model.tables.iter().map(|t| t.columns.len()).sum();
    assert_eq!(ids.len(), count, "no two columns share an id");
}

/// The errors the DBML reference makes of a text, each at its line.
fn errors(text: &str) -> Vec<(u32, String)> {
    import_dbml(text)
        .report
        .errors()
        .map(|e| (e.position.line, e.reason.clone()))
        .collect()
}

#[test]
fn what_the_reference_forbids_is_an_error_at_its_line() {
    let cases: &[(&str, u32, &str)] = &[
        ("Table a {\n  id int\n}\nTable a {\n  id int\n}", 4, "already defined"),
        (
            "Table a {\n  id int\n}\nTableGroup g1 {\n  a\n}\nTableGroup g2 {\n  a\n}",
            8,
            "already in table group g1",
        ),
        (
            "Table a {\n  id int\n}\nTable b {\n  a_id int\n}\nRef: b.a_id > a.id\nRef: a.id < b.a_id",
            8,
            "same endpoints",
        ),
        (
            "Table a {\n  id int\n}\nTable b {\n  a_id int\n}\nRef: b.a_id > a.id\nRef: a.id > b.a_id",
            8,
            "same endpoints",
        ),
        ("Table a {\n  id int\n  up int [ref: > a.up]\n}", 3, "to themselves"),
        ("Table a {\n  id int\n}\nTable b {\n  x int\n}\nRef: b.nope > a.id", 7, "unknown column nope"),
        ("Table b {\n  x int\n}\nRef: b.x > missing.id", 4, "unknown table missing"),
        ("Table a {\n  id int\n  indexes {\n    ghost\n  }\n}", 4, "unknown column ghost"),
        ("Table a {\n  ~nowhere\n  id int\n}", 2, "unknown TablePartial nowhere"),
        (
            "TablePartial p {\n  x int\n}\nTablePartial q {\n  ~p\n}\nTable a {\n  ~q\n}",
            5,
            "cannot inject",
        ),
        (
            "TablePartial p {\n  x int\n}\nTablePartial p {\n  y int\n}",
            4,
            "already defined",
        ),
        ("Table a {\n  id int\n  id text\n}", 3, "already defined"),
    ];
    for (text, line, message) in cases {
        let found = errors(text);
        assert!(
            found.iter().any(|(l, m)| l == line && m.contains(message)),
            "expected {message:?} at line {line} in\n{text}\nfound {found:?}"
        );
    }
}

#[test]
fn checks_signs_enum_values_quoted_arguments_colours_and_notes() {
    let model = import_clean(
        "Enum shop.status {
  active
  retired [note: 'gone']
}

Table shop.items [HeaderColor: #AbC123, note: \"double quoted\"] {
  id int [pk]
  price decimal(10, -2) [check: `price > 0`]
  a int [default: -5]
  b int [default: - -3]
  c float [default: --1.5]
  s shop.status [default: shop.status.active]
  t status [default: status.retired]
  v varchar(\"MAX\") [note: \"a note\"]
  w varbinary('MAX')
  owner_id int [ref: > \"core\".\"users\".id, delete: cascade, update: set null]
  checks {
    `price < 1000` [name: 'ck_max']
  }
  Note {
    '''
    Items on sale.
    '''
  }
}

Table \"core\".\"users\" [headercolor: '#123456'] {
  id int [pk]
}

TableGroup shop_things [note: 'g'] {
  shop.items
  Note: 'the shop'
}
",
    );
    let items = table(&model, "items");
    assert_eq!(items.schema.as_deref(), Some("shop"));
    assert_eq!(items.color.as_deref(), Some("#AbC123"));
    assert_eq!(items.comment.as_deref(), Some("Items on sale."));
    let column = |name: &str| items.column(name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(column("price").data_type.spelling, "decimal(10,-2)");
    assert_eq!(column("a").default.as_deref(), Some("-5"));
    assert_eq!(column("b").default.as_deref(), Some("3"));
    assert_eq!(column("c").default.as_deref(), Some("1.5"));
    assert_eq!(column("s").default.as_deref(), Some("'active'"));
    assert_eq!(column("t").default.as_deref(), Some("'retired'"));
    assert_eq!(column("v").data_type.spelling, "varchar(MAX)");
    assert_eq!(column("v").comment.as_deref(), Some("a note"));
    assert_eq!(column("w").data_type.spelling, "varbinary(MAX)");
    let checks: Vec<(Option<&str>, &str)> = items
        .checks
        .iter()
        .map(|c| (c.name.as_deref(), c.expression.as_str()))
        .collect();
    assert_eq!(
        checks,
        [(None, "price > 0"), (Some("ck_max"), "price < 1000")]
    );
    let fk = &items.foreign_keys[0];
    let target = model.table_by_id(fk.ref_table).expect("the target");
    assert_eq!(
        (target.schema.as_deref(), target.name.as_str()),
        (Some("core"), "users")
    );
    use schemaforge::model::ReferentialAction::{Cascade, SetNull};
    assert_eq!((fk.on_delete, fk.on_update), (Some(Cascade), Some(SetNull)));
    assert_eq!(table(&model, "users").color.as_deref(), Some("#123456"));
    let group = &model.table_groups[0];
    assert_eq!(group.tables, [items.id]);
    assert_eq!(group.note.as_deref(), Some("the shop"));
}

#[test]
fn dbml_with_header_colours_and_trailing_comments_is_taken_for_dbml() {
    use schemaforge::import::detect::{detect_format, Format};
    let text =
        "Table users [HeaderColor: #3498DB] { // who signs in\n  id int [pk] // the key\n}\n";
    assert_eq!(detect_format(text), Format::Dbml);
}
