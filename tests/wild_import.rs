//! Scripts as real tools and people write them, outside the corpus: SQL Server Management
//! Studio's scripting, SQLite application schemas with MySQL habits, MySQL dumps with `#`
//! comments and `USE`, PostgreSQL `DO` blocks. Every example here was written for this test.

use schemaforge::diagnostic::Severity;
use schemaforge::import::detect::{detect_format, Format};
use schemaforge::import::dialect_guess::guess_dialect;
use schemaforge::import::sql::import_sql;
use schemaforge::model::{Dialect, TypeKind};

/// A lending library as "Script Table as CREATE" writes it: brackets, `SET` lines, `GO`
/// (with a count once), storage clauses after keys and tables, `WITH NOCHECK`, checking
/// switched on again, `IF EXISTS ... DROP`, `EXEC sp_...`, quoted type names, statements
/// without terminators.
const SSMS_SCRIPT: &str = r#"USE [Library]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
IF EXISTS (SELECT * FROM sys.objects WHERE object_id = OBJECT_ID(N'[dbo].[Loans]') AND type in (N'U'))
DROP TABLE [dbo].[Loans]
GO
CREATE TABLE [dbo].[Members](
	[MemberID] [int] IDENTITY(1,1) NOT NULL,
	[FullName] [nvarchar](80) NOT NULL,
	[JoinedOn] [datetime] NOT NULL,
	[Notes] [ntext] NULL,
 CONSTRAINT [PK_Members] PRIMARY KEY CLUSTERED
(
	[MemberID] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
CREATE TABLE "Shelves" (
	"ShelfID" "int" IDENTITY (1, 1) NOT NULL ,
	"Label" "nvarchar" (20) NOT NULL ,
	"BuiltOn" "datetime" NULL ,
	CONSTRAINT "PK_Shelves" PRIMARY KEY  CLUSTERED
	(
		"ShelfID"
	) WITH  FILLFACTOR = 90  ON [PRIMARY] ,
	CONSTRAINT "CK_BuiltOn" CHECK (BuiltOn < getdate())
) ON [PRIMARY]
GO
CREATE TABLE [dbo].[Books](
	[BookID] [int] NOT NULL,
	[ShelfID] [int] NULL,
	[Title] [varchar](200) NOT NULL,
	[Price] [money] NULL,
 CONSTRAINT [PK_Books] PRIMARY KEY NONCLUSTERED ([BookID] ASC) ON [PRIMARY]
) ON [PRIMARY]
CREATE TABLE [dbo].[Loans](
	[LoanID] [bigint] IDENTITY(1,1) NOT NULL,
	[BookID] [int] NOT NULL,
	[MemberID] [int] NOT NULL,
	[LentAt] [datetime2](0) NOT NULL CONSTRAINT [DF_Loans_LentAt] DEFAULT (sysdatetime()),
 CONSTRAINT [PK_Loans] PRIMARY KEY CLUSTERED ([LoanID] ASC)
	WITH (PAD_INDEX = OFF, FILLFACTOR = 80) ON [PRIMARY]
) ON [PRIMARY]
GO 2
CREATE NONCLUSTERED INDEX [IX_Loans_Member] ON [dbo].[Loans]
(
	[MemberID] ASC
)WITH (PAD_INDEX = OFF, SORT_IN_TEMPDB = OFF, DROP_EXISTING = OFF, ONLINE = OFF) ON [PRIMARY]
GO
ALTER TABLE [dbo].[Loans]  WITH NOCHECK ADD  CONSTRAINT [FK_Loans_Books] FOREIGN KEY([BookID])
REFERENCES [dbo].[Books] ([BookID])
ON DELETE CASCADE
GO
ALTER TABLE [dbo].[Loans] CHECK CONSTRAINT [FK_Loans_Books]
GO
ALTER TABLE [dbo].[Loans]  WITH CHECK ADD  CONSTRAINT [FK_Loans_Members] FOREIGN KEY([MemberID])
REFERENCES [dbo].[Members] ([MemberID])
GO
ALTER TABLE [dbo].[Loans] NOCHECK CONSTRAINT [FK_Loans_Members]
GO
ALTER TABLE "dbo"."Books" ADD CONSTRAINT "FK_Books_Shelves" FOREIGN KEY ("ShelfID") REFERENCES "dbo"."Shelves" ("ShelfID")
ALTER TABLE [dbo].[Loans] WITH CHECK CHECK CONSTRAINT ALL
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Who borrowed what' , @level0type=N'SCHEMA',@level0name=N'dbo', @level1type=N'TABLE',@level1name=N'Loans'
GO
"#;

#[test]
fn sql_server_management_studio_scripts_import_whole() {
    let import = import_sql(SSMS_SCRIPT, Dialect::Mssql);
    let errors: Vec<_> = import.report.errors().collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // What the references name: compared by name.
    let model = &import.model.named();
    let names: Vec<&str> = model.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Members", "Shelves", "Books", "Loans"]);
    let table = |name: &str| {
        model
            .tables
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("table {name}"))
    };
    for (name, key) in [
        ("Members", "MemberID"),
        ("Shelves", "ShelfID"),
        ("Books", "BookID"),
        ("Loans", "LoanID"),
    ] {
        let pk = table(name).primary_key.as_ref().expect("a primary key");
        assert_eq!(pk.columns, [key], "{name}");
    }
    let fks: Vec<(&str, &str, &str)> = model
        .tables
        .iter()
        .flat_map(|t| {
            t.foreign_keys.iter().map(move |f| {
                (
                    t.name.as_str(),
                    f.columns[0].as_str(),
                    f.ref_table.name.as_str(),
                )
            })
        })
        .collect();
    assert_eq!(
        fks,
        [
            ("Books", "ShelfID", "Shelves"),
            ("Loans", "BookID", "Books"),
            ("Loans", "MemberID", "Members"),
        ]
    );
    let loans = table("Loans");
    assert_eq!(loans.indexes.len(), 1);
    assert_eq!(
        loans.foreign_keys[0].on_delete,
        Some(schemaforge::model::ReferentialAction::Cascade)
    );
    assert_eq!(
        loans.columns[3].default.as_deref(),
        Some("(sysdatetime())"),
        "{:?}",
        loans.columns[3]
    );
    assert_eq!(table("Shelves").checks.len(), 1);
    // Quoted and bracketed type names are the built-in types they name.
    let shelves = table("Shelves");
    assert_eq!(shelves.columns[0].data_type.kind, TypeKind::Integer);
    assert_eq!(shelves.columns[0].data_type.spelling, "int");
    assert_eq!(shelves.columns[1].data_type.spelling, "nvarchar(20)");
    assert!(matches!(
        shelves.columns[2].data_type.kind,
        TypeKind::Timestamp { .. }
    ));
    assert_eq!(
        table("Members").columns[1].data_type.spelling,
        "nvarchar(80)"
    );
    // What does not describe the schema is reported, each with its reason.
    let reasons: Vec<&str> = import
        .report
        .skipped
        .iter()
        .map(|s| s.reason.as_str())
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("checking")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("control flow")));
    assert!(import
        .report
        .skipped
        .iter()
        .all(|s| s.severity != Severity::Error));
}

#[test]
fn the_ssms_script_is_detected_as_sql_server() {
    assert_eq!(detect_format(SSMS_SCRIPT), Format::Sql(Dialect::Mssql));
}

/// An application's SQLite schema: `INTEGER PRIMARY KEY AUTOINCREMENT`, `CURRENT_TIMESTAMP`
/// defaults, backticks here and there and a trigger whose body holds `;`.
const SQLITE_APP: &str = "
CREATE TABLE IF NOT EXISTS `accounts` (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS `sessions` (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  token TEXT NOT NULL,
  expires_at DATETIME
);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER REFERENCES accounts(id),
  action TEXT NOT NULL,
  at DATETIME DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS sessions_account ON sessions(account_id);
CREATE TRIGGER IF NOT EXISTS accounts_audit AFTER UPDATE ON accounts
BEGIN
  INSERT INTO audit (account_id, action) VALUES (NEW.id, 'update');
  UPDATE accounts SET email = lower(NEW.email) WHERE id = NEW.id;
END;
";

/// A SQLite schema with MySQL habits (`INTEGER UNSIGNED`, `/*_*/` table prefixes as some
/// installers write them, `KEY`-less indexes), which must still read as SQLite.
const SQLITE_WITH_MYSQL_MARKS: &str = "
CREATE TABLE /*_*/page (
  page_id INTEGER UNSIGNED NOT NULL PRIMARY KEY AUTOINCREMENT,
  page_title BLOB NOT NULL,
  page_touched BLOB NOT NULL
);
CREATE UNIQUE INDEX /*i*/name_title ON /*_*/page (page_title);
CREATE TABLE /*_*/revision (
  rev_id INTEGER UNSIGNED NOT NULL PRIMARY KEY AUTOINCREMENT,
  rev_page INTEGER UNSIGNED NOT NULL REFERENCES page (page_id),
  rev_timestamp BLOB NOT NULL DEFAULT ''
);
CREATE TABLE /*_*/watch (
  wl_id INTEGER UNSIGNED NOT NULL PRIMARY KEY AUTOINCREMENT,
  wl_page INTEGER UNSIGNED NOT NULL REFERENCES page (page_id),
  wl_rev INTEGER UNSIGNED REFERENCES revision (rev_id)
);
";

/// A MySQL script as people write them by hand: `#` comments, a database dropped, created
/// and used, then the tables.
const MYSQL_HAND_WRITTEN: &str = "
# Shop schema
DROP DATABASE IF EXISTS shop;
CREATE DATABASE shop;
USE shop;

# customers first
CREATE TABLE customers (
  id INT NOT NULL AUTO_INCREMENT, # the key
  name VARCHAR(100) NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE orders (
  id INT NOT NULL AUTO_INCREMENT,
  customer_id INT NOT NULL,
  placed DATETIME NOT NULL, # when
  PRIMARY KEY (id),
  FOREIGN KEY (customer_id) REFERENCES customers (id)
);
CREATE TABLE order_lines (
  order_id INT NOT NULL,
  line INT NOT NULL,
  sku VARCHAR(20),
  PRIMARY KEY (order_id, line),
  FOREIGN KEY (order_id) REFERENCES orders (id)
);
";

/// Mostly plain SQL that every dialect reads, with a single PostgreSQL mark.
const POSTGRES_PLAIN: &str = "
CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE posts (
  id serial PRIMARY KEY,
  author_id integer NOT NULL REFERENCES authors (id),
  body text
);
DO $$ BEGIN RAISE NOTICE 'created'; END $$;
";

#[test]
fn detection_picks_the_dialect_that_reads_each_file_whole() {
    let cases = [
        (SQLITE_APP, Dialect::Sqlite, 3, 2),
        (SQLITE_WITH_MYSQL_MARKS, Dialect::Sqlite, 3, 3),
        (MYSQL_HAND_WRITTEN, Dialect::Mysql, 3, 2),
        (POSTGRES_PLAIN, Dialect::Postgres, 2, 1),
        (SSMS_SCRIPT, Dialect::Mssql, 4, 3),
    ];
    for (text, dialect, tables, fks) in cases {
        let guess = guess_dialect(text);
        assert_eq!(guess.chosen(), dialect, "{}", guess.reason());
        let best = &guess.trials[0];
        assert_eq!(
            (best.errors, best.tables, best.foreign_keys),
            (0, tables, fks),
            "{dialect}: {guess:?}"
        );
        assert!(guess.reason().starts_with(dialect.name()));
        assert_eq!(detect_format(text), Format::Sql(dialect));
        // The chosen dialect imports the whole file.
        let import = import_sql(text, dialect);
        assert_eq!(import.model.tables.len(), tables);
    }
}

#[test]
fn a_file_no_dialect_reads_well_gets_the_best_attempt_and_says_what_was_tried() {
    let text = "CREATE TABLE ok (id int);\nthis is not sql at all;\nCREATE TABLE (broken;";
    let guess = guess_dialect(text);
    assert_eq!(guess.trials.len(), 4);
    assert!(guess.trials.iter().all(|t| t.errors >= 2), "{guess:?}");
    let reason = guess.reason();
    assert!(
        reason.contains("tried postgres, mysql, sqlite, mssql"),
        "{reason}"
    );
    let import = import_sql(text, guess.chosen());
    assert_eq!(import.model.tables.len(), 1);
    assert_eq!(import.report.errors().count(), 2);
    assert!(import.report.errors().all(|e| e.position.line >= 2));
}

#[test]
fn do_blocks_are_skipped_with_their_reason_not_reported_as_errors() {
    let import = import_sql(POSTGRES_PLAIN, Dialect::Postgres);
    assert!(!import.report.has_errors(), "{:?}", import.report);
    let skipped = import
        .report
        .skipped
        .iter()
        .find(|s| s.kind == "DO")
        .expect("the DO block is reported");
    assert!(skipped.reason.contains("anonymous code block"));
    assert_eq!(skipped.severity, Severity::Info);
    assert_eq!(skipped.position.line, 8);
}
