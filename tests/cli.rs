//! The `schemaforge` command line, run as a user would run it.
#![cfg(feature = "cli")]

use std::path::PathBuf;
use std::process::{Command, Output};

fn schemaforge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemaforge"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp_file(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("schemaforge-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write temp file");
    path
}

const SQL: &str = "CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO authors VALUES (1, 'Ann');
CREATE TABLE books (
  id int PRIMARY KEY,
  author_id int REFERENCES authors (id),
  title text
);
CREATE INDEX books_author ON books (author_id);
CREATE TABLE broken (id int,, x);
";

#[test]
fn import_prints_counts_and_skipped_statements_with_lines() {
    let file = temp_file("books.sql", SQL);
    let out = schemaforge(&["import", file.to_str().expect("utf-8 path")]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("tables:       2"), "{stdout}");
    assert!(stdout.contains("columns:      5"), "{stdout}");
    assert!(stdout.contains("foreign keys: 1"), "{stdout}");
    assert!(stdout.contains("indexes:      1"), "{stdout}");
    assert!(
        stdout.contains("2:1: skipped: INSERT: data statement"),
        "{stdout}"
    );
    assert!(stdout.contains("9:29: error: CREATE TABLE"), "{stdout}");
}

#[test]
fn import_writes_a_project_that_export_reads() {
    let file = temp_file("books2.sql", SQL);
    let project = file.with_extension("json");
    let out = schemaforge(&[
        "import",
        file.to_str().expect("utf-8"),
        "--dialect",
        "postgres",
        "-o",
        project.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = std::fs::read_to_string(&project).expect("project written");
    let format = format!("\"format\": {}", schemaforge::model::FORMAT_VERSION);
    assert!(json.contains(&format), "{json}");
    let out = schemaforge(&[
        "export",
        project.to_str().expect("utf-8"),
        "--to",
        "postgres",
    ]);
    assert!(out.status.success());
    let ddl = String::from_utf8_lossy(&out.stdout);
    let authors = ddl.find("CREATE TABLE authors").expect("authors in DDL");
    let books = ddl.find("CREATE TABLE books").expect("books in DDL");
    assert!(authors < books, "{ddl}");
    assert!(
        ddl.contains("FOREIGN KEY (author_id) REFERENCES authors (id)"),
        "{ddl}"
    );
    assert!(
        ddl.contains("CREATE INDEX books_author ON books (author_id);"),
        "{ddl}"
    );
}

#[test]
fn import_detects_the_dialect_and_reports_json() {
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/sql/sakila/mysql.sql"
    );
    let out = schemaforge(&["import", corpus, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(report["dialect"], "mysql");
    assert_eq!(report["tables"], 16);
    assert_eq!(report["foreign_keys"], 22);
    assert_eq!(report["views"], 7);
    assert!(report["columns"].as_u64().is_some_and(|c| c > 80));
    assert!(report["indexes"].as_u64().is_some());
    assert_eq!(
        report["enums"], 1,
        "film.rating ENUM(...) becomes film_rating_enum"
    );
    let skipped = report["skipped"].as_array().expect("skipped list");
    assert!(!skipped.is_empty());
    assert!(skipped
        .iter()
        .all(|s| s["line"].as_u64().is_some_and(|l| l > 0) && s["reason"].is_string()));
}

#[test]
fn dbml_goes_in_and_out() {
    let dbml = temp_file(
        "shop.dbml",
        "Table users {\n  id int [pk]\n  email varchar(255) [unique, not null]\n}\nTable orders {\n  id int [pk]\n  user_id int [ref: > users.id]\n}\n",
    );
    let out = schemaforge(&["import", dbml.to_str().expect("utf-8"), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["format"], "dbml");
    assert_eq!(
        (report["tables"].as_u64(), report["foreign_keys"].as_u64()),
        (Some(2), Some(1))
    );
    let sql = temp_file("shop.sql", SQL);
    let out = schemaforge(&["export", sql.to_str().expect("utf-8"), "--to", "dbml"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Table books {"), "{text}");
    assert!(text.contains("Ref: books.author_id > authors.id"), "{text}");
    let ddl = schemaforge(&["export", dbml.to_str().expect("utf-8"), "--to", "postgres"]);
    assert!(String::from_utf8_lossy(&ddl.stdout)
        .contains("FOREIGN KEY (user_id) REFERENCES users (id)"));
}

#[test]
fn bad_invocations_fail_with_a_message() {
    let out = schemaforge(&["import"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("<FILE>"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = schemaforge(&["import", "/nonexistent/schema.sql"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let bad = temp_file("bad.json", "{\"format\": 1, \"name\": ");
    let out = schemaforge(&["export", bad.to_str().expect("utf-8"), "--to", "postgres"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"));
}

#[test]
fn export_writes_each_dialect_with_its_fidelity_report_on_stderr() {
    let file = temp_file(
        "export.sql",
        "CREATE TABLE t (id int PRIMARY KEY, tags text[], body jsonb);
         CREATE INDEX t_body ON t USING gin (body);
         CREATE INDEX t_id_desc ON t (id DESC);",
    );
    let path = file.to_str().expect("utf-8 path");
    let out = schemaforge(&["export", path, "--to", "mysql", "--naming", "seed"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("CREATE TABLE t ("), "{stdout}");
    assert!(
        stdout.contains("CONSTRAINT pk_t PRIMARY KEY (id)"),
        "{stdout}"
    );
    assert!(!stdout.contains("gin"), "{stdout}");
    assert!(
        stderr.contains("warning: index idx_t_body: mysql has no gin indexes"),
        "{stderr}"
    );
    let only = schemaforge(&[
        "export",
        path,
        "--to",
        "postgres",
        "--indexes-only",
        "--concurrently",
    ]);
    let stdout = String::from_utf8_lossy(&only.stdout);
    assert!(!stdout.contains("CREATE TABLE"), "{stdout}");
    assert!(
        stdout.contains("CREATE INDEX CONCURRENTLY t_id_desc ON t (id DESC);"),
        "{stdout}"
    );
}

#[test]
fn verify_reports_the_engines_error_with_a_failing_status() {
    let good = temp_file(
        "good.sql",
        "CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT 1);",
    );
    let out = schemaforge(&[
        "verify",
        good.to_str().expect("utf-8 path"),
        "--engine",
        "sqlite",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("OK: SQLite applied"));
    // A CHECK that SQLite cannot evaluate: the engine, not the generator, rejects it.
    let bad = temp_file(
        "bad.sql",
        "CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (no_such_function(n) > 0));",
    );
    let out = schemaforge(&[
        "verify",
        bad.to_str().expect("utf-8 path"),
        "--engine",
        "sqlite",
        "--dialect",
        "sqlite",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("SQLite rejected the DDL at line 1"),
        "{stderr}"
    );
    assert!(stderr.contains("no_such_function"), "{stderr}");
}

#[test]
fn import_says_which_dialect_it_chose_and_why() {
    let file = temp_file(
        "hash-comments.sql",
        "# a MySQL habit\nCREATE DATABASE shop;\nUSE shop;\nCREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY); # key\n",
    );
    let path = file.to_str().expect("utf-8");
    let out = schemaforge(&["import", path]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dialect: mysql (0 parse errors, 1 tables")
            && stderr.contains("tried postgres, mysql, sqlite, mssql"),
        "{stderr}"
    );
    let json = schemaforge(&["import", path, "--json"]);
    let value: serde_json::Value =
        serde_json::from_slice(&json.stdout).expect("the summary is JSON");
    assert_eq!(value["dialect"], "mysql");
    let trials = value["dialect_detection"]["trials"]
        .as_array()
        .expect("a trial per dialect");
    assert_eq!(trials.len(), 4);
    assert_eq!(trials[0]["dialect"], "mysql");
    assert!(
        trials[1..].iter().all(|t| t["errors"].as_u64() > Some(0)),
        "{trials:?}"
    );
    // Named on the command line, the dialect is not guessed.
    let named = schemaforge(&["import", path, "--dialect", "mysql"]);
    assert!(!String::from_utf8_lossy(&named.stderr).contains("tried"));
}

#[test]
fn every_subcommand_has_help_and_the_tool_a_version() {
    for command in [
        "import",
        "export",
        "verify",
        "layout",
        "lint",
        "rules",
        "synthetic",
    ] {
        let out = schemaforge(&[command, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{command} --help");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: schemaforge"));
    }
    let out = schemaforge(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("schemaforge "));
    for bad in [
        vec!["frobnicate"],
        vec!["lint", "x.sql", "--format", "xml"],
        vec!["export", "x.sql"],
        vec!["import", "x.sql", "--dialect", "oracle"],
    ] {
        let out = schemaforge(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
}

const LINTED: &str = "CREATE TABLE \"Users\" (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (
  id int PRIMARY KEY,
  user_id int REFERENCES \"Users\" (id),
  total double precision
);
CREATE TABLE t (id int PRIMARY KEY, the_date_on_which_the_customer_first_agreed_to_the_terms_of_service date);
";

#[test]
fn lint_prints_findings_with_positions_in_text_json_and_sarif() {
    let file = temp_file("lint.sql", LINTED);
    let path = file.to_str().expect("utf-8");
    let out = schemaforge(&["lint", path, "--dialect", "postgres"]);
    let text = String::from_utf8_lossy(&out.stdout);
    // NAM015 is an error: the exit status says so.
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(":1:14: warning[NAM001 wrong-case-name] Users:"),
        "{text}"
    );
    assert!(
        text.contains(":4:3: warning[INT003 foreign-key-type-mismatch]"),
        "{text}"
    );
    assert!(
        text.contains("fix (unsafe): make orders.user_id bigint"),
        "{text}"
    );
    // A foreign key is found at what makes it, not at its table.
    assert!(
        text.contains(":4:15: warning[INT002 unindexed-foreign-key]"),
        "{text}"
    );
    assert!(text.contains("error[NAM015 identifier-too-long]"), "{text}");

    let out = schemaforge(&["lint", path, "--format", "json", "--dialect", "postgres"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let list = json.as_array().expect("a list");
    let money = list
        .iter()
        .find(|f| f["code"] == "INT009")
        .expect("money as float");
    assert_eq!(money["name"], "money-as-float");
    assert_eq!(money["severity"], "warning");
    assert_eq!(money["path"], "orders.total");
    assert_eq!(money["line"], 5);
    assert_eq!(money["column"], 3);
    assert_eq!(
        (money["end_line"].as_u64(), money["end_column"].as_u64()),
        (Some(5), Some(8))
    );
    assert!(money["message"]
        .as_str()
        .is_some_and(|m| m.contains("floating point")));

    let out = schemaforge(&["lint", path, "--format", "sarif", "--dialect", "postgres"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), list.len());
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap_or("")));
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
        if r["ruleId"] == "NAM001" {
            // `"Users"`, quotes included.
            assert_eq!(region["startColumn"], 14);
            assert_eq!(region["endColumn"], 21);
        }
    }
}

/// Microsoft's SARIF Multitool (tools/sarif, installed by `make setup`), run with the SARIF
/// schema's rules and GitHub code scanning's ingestion rules (`--rule-kind Gh;Sarif`): the
/// results it reports on `sarif`, as (rule id, level).
fn sarif_multitool(sarif: &str, name: &str) -> Vec<(String, String)> {
    let tool = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    assert!(
        tool.exists(),
        "{} is missing: run `make setup-sarif`",
        tool.display()
    );
    let input = temp_file(name, sarif);
    let output = input.with_extension("validation.sarif");
    let _ = std::fs::remove_file(&output);
    let run = Command::new(&tool)
        .args([
            "validate",
            "--rule-kind",
            "Gh;Sarif",
            "--level",
            "Error;Warning;Note",
        ])
        .arg("--output")
        .arg(&output)
        .arg(&input)
        .output()
        .expect("the SARIF Multitool runs");
    let log = std::fs::read_to_string(&output).unwrap_or_else(|e| {
        panic!(
            "no validation log ({e}): {}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let log: serde_json::Value = serde_json::from_str(&log).expect("the log is JSON");
    log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap_or("").to_string(),
                r["level"].as_str().unwrap_or("warning").to_string(),
            )
        })
        .collect()
}

/// The SARIF is what GitHub code scanning takes: the SARIF Multitool finds no schema error
/// and nothing against GitHub's rules in it, for a file named by a relative path and by an
/// absolute one, with import errors among the findings. The same check flags a log that
/// breaks GitHub's rules, so it can fail.
#[test]
fn lint_sarif_passes_the_sarif_multitool_with_githubs_rules() {
    let file = temp_file(
        "sarif-checked.sql",
        &format!("{LINTED}CREATE TABLE broken (id int,, x);\n"),
    );
    let dir = file.parent().expect("a folder");
    for named in [
        file.to_str().expect("utf-8").to_string(),
        "sarif-checked.sql".to_string(),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_schemaforge"))
            .current_dir(dir)
            .args(["lint", &named, "--format", "sarif", "--dialect", "postgres"])
            .output()
            .expect("schemaforge runs");
        let sarif = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            sarif.contains("IMP001") && sarif.contains("NAM001"),
            "{sarif}"
        );
        let results = sarif_multitool(&sarif, "checked.sarif");
        let refused: Vec<_> = results
            .iter()
            .filter(|(rule, level)| rule.starts_with("GH") || level == "error")
            .collect();
        assert!(refused.is_empty(), "{named}: {refused:?}");
        // What is left are the schema's advice (a help URI per rule, snippets), not faults.
        assert!(
            results.iter().all(|(rule, _)| rule.starts_with("SARIF2")),
            "{results:?}"
        );
    }
    // A result without a location breaks GitHub's rules; a uri with a leading slash, the
    // schema's: the checker says so.
    let broken = r#"{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "A1"}]}}, "results": [{"ruleId": "A1", "message": {"text": "m"}}, {"ruleId": "A1", "message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "/abs.sql"}, "region": {"startLine": 1}}}]}]}]}"#;
    let results = sarif_multitool(broken, "broken.sarif");
    assert!(
        results.iter().any(|(rule, _)| rule.starts_with("GH")),
        "{results:?}"
    );
    assert!(
        results
            .iter()
            .any(|(rule, level)| rule == "SARIF1004" && level == "error"),
        "{results:?}"
    );
}

/// A project file carries its own rule settings (what the app's rules page saved): the CLI
/// lints with them unless a config file is given; contradictory settings are refused.
#[test]
fn lint_uses_a_project_files_settings_and_refuses_contradictions() {
    let (mut project, _) = schemaforge::workspace::project_from_sql(
        "linted",
        LINTED,
        schemaforge::model::Dialect::Postgres,
    );
    project
        .lint
        .rules
        .insert("NAM015".into(), schemaforge::rules::RuleLevel::Off);
    project.lint.profile.case = schemaforge::rules::CaseStyle::Pascal;
    let file = temp_file("linted.schemaforge.json", &project.to_json());
    let path = file.to_str().expect("utf-8");
    let out = schemaforge(&["lint", path]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("NAM015"), "{text}");
    assert!(
        !text.contains("Users: table name"),
        "Users is Pascal case: {text}"
    );
    assert!(text.contains("use Orders"), "{text}");
    assert_eq!(out.status.code(), Some(0), "{text}");
    let config = temp_file("defaults.toml", "");
    let out = schemaforge(&["lint", path, "--config", config.to_str().expect("utf-8")]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("NAM015"));
    let contradictory = temp_file(
        "contradictory.toml",
        "[rules]\nNAM001 = \"off\"\nwrong-case-name = \"error\"\n",
    );
    let out = schemaforge(&[
        "lint",
        path,
        "--config",
        contradictory.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("NAM001 is set to off"), "{err}");
}

#[test]
fn lint_reads_its_settings_and_refuses_unknown_rules() {
    let file = temp_file("lint-config.sql", LINTED);
    let path = file.to_str().expect("utf-8");
    let config = temp_file(
        "schemaforge.toml",
        "[rules]\nidentifier-too-long = \"off\"\nINT009 = \"error\"\n\n[[suppress]]\nrule = \"NAM001\"\nobject = \"Users\"\n",
    );
    let out = schemaforge(&["lint", path, "--config", config.to_str().expect("utf-8")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("NAM015"), "{text}");
    assert!(!text.contains("NAM001"), "{text}");
    assert!(text.contains("error[INT009 money-as-float]"), "{text}");
    assert_eq!(out.status.code(), Some(1));
    let bad = temp_file("bad.toml", "[rules]\nNAM999 = \"off\"\n");
    let out = schemaforge(&["lint", path, "--config", bad.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rule is called NAM999"));
    let clean = temp_file(
        "clean.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
    );
    let out = schemaforge(&["lint", clean.to_str().expect("utf-8")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

const V1: &str = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nick text);\n\
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), note text);\n";
const V2: &str = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, nick varchar(40));\n\
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), note text, total numeric(10,2) NOT NULL);\n\
CREATE INDEX orders_user ON orders (user_id);\n";

#[test]
fn diff_writes_a_tools_layout_only_when_data_loss_is_accepted() {
    let (v1, v2) = (temp_file("v1.sql", V1), temp_file("v2.sql", V2));
    let dir = std::env::temp_dir().join(format!("schemaforge-cli-goose-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let args = |extra: &[&str]| {
        let mut a = vec![
            "diff",
            v1.to_str().expect("path"),
            v2.to_str().expect("path"),
            "--dialect",
            "postgres",
            "--format",
            "goose",
            "-o",
            dir.to_str().expect("path"),
            "--migration-version",
            "20261206120000",
            "--name",
            "Add totals",
        ];
        a.extend_from_slice(extra);
        schemaforge(&a)
    };
    // The down migration drops the added column: nothing is written without consent.
    let refused = args(&[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("down: add column orders.total"));
    assert!(!dir.exists());
    let out = args(&["--accept-data-loss"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(dir.join("20261206120000_add_totals.sql")).expect("file");
    assert!(
        written.starts_with("-- +goose NO TRANSACTION\n-- +goose Up\n"),
        "{written}"
    );
    assert!(written
        .contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user ON orders (user_id);"));
    assert!(written.contains("-- +goose Down"));
}

#[test]
fn verify_migration_proves_both_directions_on_sqlite() {
    let (v1, v2) = (temp_file("m1.sql", V1), temp_file("m2.sql", V2));
    let out = schemaforge(&[
        "verify-migration",
        v1.to_str().expect("path"),
        v2.to_str().expect("path"),
        "--engine",
        "sqlite",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("OK: on SQLite"), "{stdout}");
}

#[test]
fn verify_migration_proves_both_directions_on_mariadb() {
    if let Err(e) = schemaforge::verify::MariaDb::new(None) {
        assert!(
            std::env::var_os("CI").is_none(),
            "MariaDB must run on CI: {e}"
        );
        println!("MariaDB on 127.0.0.1:3306 is not available here ({e}); not run");
        return;
    }
    let (v1, v2) = (temp_file("my1.sql", V1), temp_file("my2.sql", V2));
    for simple in [false, true] {
        let mut args = vec![
            "verify-migration",
            v1.to_str().expect("path"),
            v2.to_str().expect("path"),
            "--engine",
            "mariadb",
        ];
        if simple {
            args.push("--simple");
        }
        let out = schemaforge(&args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.starts_with("OK: on MariaDB"), "{stdout}");
    }
}

#[test]
fn check_migration_flags_locking_statements_at_their_lines() {
    let file = temp_file(
        "risky.sql",
        "-- a risky migration\nALTER TABLE users ADD COLUMN score integer NOT NULL;\nCREATE INDEX users_score ON users (score);\n",
    );
    let out = schemaforge(&["check-migration", file.to_str().expect("path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(":2:1: warning[MIG002 adding-required-field]"),
        "{stdout}"
    );
    assert!(
        stdout.contains(":3:1: warning[MIG001 require-concurrent-index-creation]"),
        "{stdout}"
    );
    assert!(
        stdout.contains(":2:1: warning[MIG013 require-lock-timeout]"),
        "{stdout}"
    );
}

#[test]
fn versions_saved_in_a_project_are_diffed_by_id() {
    let sql = temp_file("versions.sql", V1);
    let project = std::env::temp_dir().join(format!(
        "schemaforge-cli-versions-{}.json",
        std::process::id()
    ));
    let path = project.to_str().expect("path");
    let out = schemaforge(&["import", sql.to_str().expect("path"), "-o", path]);
    assert!(out.status.success());
    assert!(schemaforge(&["versions", path, "--save", "v1"])
        .status
        .success());
    // The project changes as an edit would make it: a column renamed by id.
    let text = std::fs::read_to_string(&project).expect("project");
    let mut p = schemaforge::model::Project::from_json(&text).expect("reads");
    let users = p.model.tables[0].id;
    let nick = p.model.tables[0].columns[2].id;
    schemaforge::edit::History::default()
        .apply(
            &mut p,
            schemaforge::edit::Edit::rename_column(users, nick, "nickname"),
        )
        .expect("rename");
    std::fs::write(&project, p.to_json()).expect("write");
    let listed = schemaforge(&["versions", path]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("v1\t2 tables") && listed.contains("current\t2 tables"),
        "{listed}"
    );
    let out = schemaforge(&[
        "diff",
        path,
        path,
        "--from-version",
        "v1",
        "--dialect",
        "postgres",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("ALTER TABLE users RENAME COLUMN nick TO nickname;"),
        "{stdout}"
    );
    assert!(!stdout.contains("DROP COLUMN"), "{stdout}");
    let missing = schemaforge(&["diff", path, path, "--from-version", "v9"]);
    assert!(String::from_utf8_lossy(&missing.stderr)
        .contains("has no version v9; it has v1 and `current`"));
}

/// Two files share no ids: renames are proposed, and taken one by one with `--rename`
/// (a column of a renamed table in the second round), or all with `--accept-renames`.
#[test]
fn proposed_renames_are_taken_one_by_one() {
    let old = temp_file(
        "renames-old.sql",
        "CREATE TABLE customer_accounts (id bigint PRIMARY KEY, fullname text, email text);\n",
    );
    let new = temp_file(
        "renames-new.sql",
        "CREATE TABLE customer_account (id bigint PRIMARY KEY, full_name text, email text);\n",
    );
    let diff = |extra: &[&str]| {
        let mut a = vec![
            "diff",
            old.to_str().expect("path"),
            new.to_str().expect("path"),
            "--dialect",
            "postgres",
            "--simple",
        ];
        a.extend_from_slice(extra);
        let out = schemaforge(&a);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let table = "customer_accounts=customer_account";
    let column = "customer_account.fullname=customer_account.full_name";
    let (ok, up, said) = diff(&[]);
    assert!(ok, "{said}");
    assert!(
        said.contains(&format!("--rename {table} plans it")),
        "{said}"
    );
    assert!(
        up.contains("DROP TABLE IF EXISTS customer_accounts"),
        "{up}"
    );

    // The table taken: its column is proposed in the second round, and left alone.
    let (ok, up, said) = diff(&["--rename", table]);
    assert!(ok, "{said}");
    assert!(up.contains("RENAME TO customer_account"), "{up}");
    assert!(!up.contains("DROP TABLE"), "{up}");
    assert!(
        said.contains(&format!("--rename {column} plans it")),
        "{said}"
    );
    assert!(up.contains("DROP COLUMN IF EXISTS fullname"), "{up}");

    // Both taken, one by one or all at once: the column is renamed too.
    for flags in [
        &["--rename", table, "--rename", column][..],
        &["--accept-renames"],
    ] {
        let (ok, up, said) = diff(flags);
        assert!(ok, "{said}");
        assert!(
            up.contains("RENAME COLUMN fullname TO full_name"),
            "{flags:?}: {up}"
        );
        assert!(!up.contains("DROP COLUMN"), "{flags:?}: {up}");
    }

    let (ok, _, said) = diff(&["--rename", "customer_accounts=nobody"]);
    assert!(!ok);
    assert!(
        said.contains("--rename customer_accounts=nobody: no such rename was proposed"),
        "{said}"
    );
}

#[test]
fn infer_prints_a_validator_and_writes_the_collection_into_a_project() {
    let samples = temp_file(
        "people.ndjson",
        "{\"_id\": {\"$oid\": \"5a9427648b0beebeb69579e7\"}, \"name\": \"a\", \"age\": 3}\n{\"_id\": {\"$oid\": \"5a9427648b0beebeb69579e8\"}, \"name\": \"b\"}\n",
    );
    let project = temp_file("people.project.json", "");
    let out = schemaforge(&[
        "infer",
        samples.to_str().expect("path"),
        "--collection",
        "people",
        "-o",
        project.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON validator");
    let schema = &v["$jsonSchema"];
    assert_eq!(schema["required"], serde_json::json!(["_id", "name"]));
    assert_eq!(schema["properties"]["_id"]["bsonType"], "objectId");
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(summary.contains("age: int (1 of 2)"), "{summary}");
    let saved = std::fs::read_to_string(&project).expect("the project was written");
    let p = schemaforge::model::Project::from_json(&saved).expect("a project");
    assert_eq!(p.model.collections.len(), 1);
    assert_eq!(p.model.collections[0].fields.len(), 3);

    let bad = temp_file("bad.ndjson", "{\"a\": 1}\n{\"a\": }\n");
    let out = schemaforge(&["infer", bad.to_str().expect("path"), "--collection", "c"]);
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("line 2, column 7"), "{message}");
}

#[test]
fn validate_lists_each_failing_document_and_exits_1() {
    let validator = temp_file(
        "people.validator.json",
        r#"{"$jsonSchema": {"bsonType": "object", "required": ["name"],
            "properties": {"age": {"bsonType": "int", "minimum": 0}}}}"#,
    );
    let documents = temp_file(
        "people.check.ndjson",
        "{\"_id\": 1, \"name\": \"a\", \"age\": 3}\n{\"_id\": 2, \"age\": -1}\n",
    );
    let out = schemaforge(&[
        "validate",
        validator.to_str().expect("path"),
        documents.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("document 2 (_id 2):"), "{report}");
    assert!(report.contains("name: is missing (required)"), "{report}");
    assert!(
        report.contains("age: -1 is not at least 0 (minimum)"),
        "{report}"
    );
    assert!(report.contains("2 documents, 1 failed"), "{report}");
    assert!(!report.contains("document 1"), "{report}");

    let good = temp_file("people.good.ndjson", "{\"name\": \"a\"}\n");
    let out = schemaforge(&[
        "validate",
        validator.to_str().expect("path"),
        good.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let refused = temp_file(
        "refused.validator.json",
        r#"{"bsonType": "object", "properties": {"n": {"type": "integer"}}}"#,
    );
    let out = schemaforge(&[
        "validate",
        refused.to_str().expect("path"),
        good.to_str().expect("path"),
    ]);
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("properties.n.type: unknown type \"integer\""),
        "{message}"
    );
}

#[test]
fn export_writes_a_projects_collections_for_mongodb() {
    let samples = temp_file(
        "orders.ndjson",
        "{\"_id\": 1, \"customer\": \"a\", \"total\": 3.5}\n{\"_id\": 2, \"customer\": \"b\", \"total\": 4.0}\n",
    );
    let project = temp_file("orders.project.json", "");
    let p = project.to_str().expect("path");
    let out = schemaforge(&[
        "infer",
        samples.to_str().expect("path"),
        "--collection",
        "orders",
        "-o",
        p,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = schemaforge(&["export", p, "--to", "mongo-validator"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a validator");
    assert_eq!(
        v["$jsonSchema"]["properties"]["total"]["bsonType"],
        "double"
    );

    let out = schemaforge(&["export", p, "--to", "json-schema"]);
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON Schema");
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(s["properties"]["_id"]["type"], "integer");

    let out = schemaforge(&["export", p, "--to", "mongo-create"]);
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(
        script.starts_with("db.createCollection(\"orders\", {"),
        "{script}"
    );

    // A saved version, then the customer field renamed in the current model.
    let out = schemaforge(&["versions", p, "--save", "v1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&project).expect("read")).expect("json");
    let fields = saved["model"]["collections"][0]["fields"]
        .as_array_mut()
        .expect("fields");
    let customer = fields
        .iter_mut()
        .find(|f| f["name"] == "customer")
        .expect("customer");
    customer["name"] = serde_json::json!("customerName");
    std::fs::write(&project, saved.to_string()).expect("written");
    let out = schemaforge(&[
        "export",
        p,
        "--to",
        "mongo-migration",
        "--from-version",
        "v1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(
        script.contains("\"$rename\": { \"customer\": \"customerName\" }"),
        "{script}"
    );
    assert!(
        script.contains("\"$rename\": { \"customerName\": \"customer\" }"),
        "the down script renames it back: {script}"
    );
    let out = schemaforge(&["export", p, "--to", "mongo-migration"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from-version"));
}

#[test]
fn infer_takes_several_collections_and_proposes_references() {
    let corpus = |name: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../shared/corpus/mongo/{name}.json"))
            .to_string_lossy()
            .to_string()
    };
    let out = schemaforge(&["infer", &corpus("grades"), &corpus("students")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("reference proposed: grades.student_id -> students (one)"),
        "{summary}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("validators");
    assert_eq!(
        v["students"]["$jsonSchema"]["properties"]["_id"]["bsonType"],
        "int"
    );
    assert!(v["grades"]["$jsonSchema"]["properties"]["scores"].is_object());
    let out = schemaforge(&[
        "infer",
        &corpus("grades"),
        &corpus("students"),
        "--collection",
        "x",
    ]);
    assert!(!out.status.success());
}

#[test]
fn convert_proposes_collections_for_tables_and_tables_for_collections() {
    let sakila = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/sql/sakila/postgres.sql")
        .to_string_lossy()
        .to_string();
    let project = temp_file("sakila.documents.json", "");
    let p = project.to_str().expect("path");
    let out = schemaforge(&["convert", &sakila, "--to", "documents", "-o", p]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let notes = String::from_utf8_lossy(&out.stderr);
    assert!(
        notes.contains("film_actor: the junction became film.actor_ids"),
        "{notes}"
    );
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(
        script.contains("db.createCollection(\"film\", {"),
        "{script}"
    );
    let saved =
        schemaforge::model::Project::from_json(&std::fs::read_to_string(&project).expect("read"))
            .expect("a project");
    assert!(saved.model.collections.len() >= 10);
    assert!(saved
        .model
        .collections
        .iter()
        .all(|c| saved.layout.positions.contains_key(&c.id)));

    // And back: the collections of a project flattened into tables.
    let samples = temp_file(
        "pets.ndjson",
        "{\"_id\": 1, \"name\": \"a\", \"toys\": [{\"kind\": \"ball\"}]}\n",
    );
    let pets = temp_file("pets.project.json", "");
    let q = pets.to_str().expect("path");
    let out = schemaforge(&[
        "infer",
        samples.to_str().expect("path"),
        "--collection",
        "pets",
        "-o",
        q,
    ]);
    assert!(out.status.success());
    let out = schemaforge(&["convert", q, "--to", "tables"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ddl = String::from_utf8_lossy(&out.stdout);
    assert!(ddl.contains("CREATE TABLE pets_toys"), "{ddl}");
    assert!(ddl.contains("REFERENCES pets"), "{ddl}");
}

#[test]
fn exports_and_layout_take_a_view_by_name() {
    use schemaforge::layout::view::new_view;
    let mut project =
        schemaforge::model::Project::new("shop", schemaforge::model::Dialect::Postgres);
    schemaforge::workspace::apply_source(
        &mut project,
        "CREATE TABLE users (id int PRIMARY KEY);\n\
         CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));\n\
         CREATE TABLE audit (what text);\n"
            .into(),
    );
    let orders = project
        .model
        .tables
        .iter()
        .find(|t| t.name == "orders")
        .expect("orders")
        .id;
    project
        .views
        .push(new_view(&project.model, "Orders", [orders].into()));
    let file = temp_file("views.schemaforge.json", &project.to_json());
    let path = file.to_str().expect("utf-8 path");

    let out = schemaforge(&["export", path, "--to", "review", "--view", "Orders"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains("The view shows 1 of 3"), "{page}");
    assert!(
        page.contains("→ users") && !page.contains("audit"),
        "{page}"
    );

    let out = schemaforge(&["export", path, "--to", "mermaid", "--view", "Orders"]);
    let mermaid = String::from_utf8_lossy(&out.stdout);
    assert!(
        mermaid.contains("orders") && !mermaid.contains("users"),
        "{mermaid}"
    );

    let out = schemaforge(&["layout", path, "--format", "svg", "--view", "Orders"]);
    let svg = String::from_utf8_lossy(&out.stdout);
    assert!(
        svg.contains("stub") && svg.contains("→ users") && !svg.contains("audit"),
        "{svg}"
    );

    let out = schemaforge(&["export", path, "--to", "review", "--view", "Nope"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no view named \"Nope\"; the project has Orders"),
        "{err}"
    );
    let out = schemaforge(&["export", path, "--to", "postgres", "--view", "Orders"]);
    assert!(!out.status.success(), "a DDL export does not take a view");
}
