//! The diff of two versions of a project matches objects by id (issue 15, point 2): edits
//! made through the model give renames, not drops and adds, and each change names the ids.

use schemaforge::edit::compose::{delete_column, delete_tables, new_column, new_table, set_type};
use schemaforge::edit::{Edit, History};
use schemaforge::migrate::{diff, Change, ColumnChange};
use schemaforge::model::{Dialect, Project};
use schemaforge::workspace::apply_source;

#[test]
fn edits_show_up_as_changes_by_id_and_renames_stay_renames() {
    let mut p = Project::new("x", Dialect::Postgres);
    let report = apply_source(
        &mut p,
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nick text);\n\
         CREATE INDEX users_email ON users (email);\n\
         CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), note text);\n\
         CREATE TABLE audit (id bigint PRIMARY KEY);"
            .into(),
    );
    assert!(!report.has_errors());
    let old = p.model.clone();
    let (users, orders, audit) = (
        old.tables[0].clone(),
        old.tables[1].clone(),
        old.tables[2].clone(),
    );
    let (email, nick) = (users.columns[1].id, users.columns[2].id);
    let mut history = History::default();
    let mut run = |p: &mut Project, edit: Edit| history.apply(p, edit).expect("applies");
    run(&mut p, Edit::rename_table(users.id, None, "members"));
    run(&mut p, Edit::rename_column(users.id, email, "mail"));
    let edit = set_type(&p, orders.id, orders.columns[2].id, "varchar(200)").expect("type");
    run(&mut p, edit);
    let edit = delete_column(&p, users.id, nick).expect("delete").0;
    run(&mut p, edit);
    let edit = new_column(&mut p, orders.id, "placed_at", "timestamptz").expect("column");
    run(&mut p, edit);
    let edit = delete_tables(&p, &[audit.id]).expect("delete").0;
    run(&mut p, edit);
    let edit = new_table(&mut p, Some("products"), None);
    run(&mut p, edit);

    let changes = diff(&old, &p.model);
    let products = p.model.tables.last().expect("added").id;
    let placed_at = p.model.tables[1].columns.last().expect("added").id;
    let expected = [
        Change::DropTable { table: audit.id },
        Change::RenameTable {
            table: users.id,
            from: (None, "users".into()),
            to: (None, "members".into()),
        },
        Change::DropColumn {
            table: users.id,
            column: nick,
        },
        Change::RenameColumn {
            table: users.id,
            column: email,
            from: "email".into(),
            to: "mail".into(),
        },
        Change::AlterColumn {
            table: orders.id,
            column: orders.columns[2].id,
            changes: vec![ColumnChange::Type],
        },
        Change::AddColumn {
            table: orders.id,
            column: placed_at,
        },
        Change::AddTable { table: products },
    ];
    assert_eq!(changes, expected);
    // The index on the renamed column and the foreign key to the renamed table refer by id:
    // neither changed.
    assert!(!changes.iter().any(|c| matches!(
        c,
        Change::AlterConstraint { .. } | Change::DropConstraint { .. }
    )));
    // Nothing changed, nothing to do; and the way back is the mirror image.
    assert!(diff(&p.model, &p.model).is_empty());
    let back = diff(&p.model, &old);
    assert!(back.contains(&Change::AddTable { table: audit.id }));
    assert!(back.contains(&Change::DropTable { table: products }));
    assert!(back.contains(&Change::AddColumn {
        table: users.id,
        column: nick
    }));
}

#[test]
fn a_changed_key_or_index_is_altered_and_a_new_one_added() {
    let mut p = Project::new("x", Dialect::Postgres);
    apply_source(
        &mut p,
        "CREATE TABLE t (a int PRIMARY KEY, b int NOT NULL);\nCREATE INDEX t_b ON t (b);".into(),
    );
    let old = p.model.clone();
    let mut new = old.clone();
    let b = new.tables[0].columns[1].id;
    let index = new.tables[0].indexes[0].id;
    new.tables[0].indexes[0].unique = true;
    new.tables[0].columns[1].nullable = true;
    new.tables[0].columns[1].default = Some("0".into());
    let changes = diff(&old, &new);
    let table = old.tables[0].id;
    assert_eq!(
        changes,
        vec![
            Change::AlterColumn {
                table,
                column: b,
                changes: vec![ColumnChange::Nullability, ColumnChange::Default],
            },
            Change::AlterConstraint {
                table,
                constraint: index,
            },
        ]
    );
    let mut dropped = old.clone();
    dropped.tables[0].indexes.clear();
    assert_eq!(
        diff(&old, &dropped),
        vec![Change::DropConstraint {
            table,
            constraint: index
        }]
    );
    assert_eq!(
        diff(&dropped, &old),
        vec![Change::AddConstraint {
            table,
            constraint: index
        }]
    );
}

#[test]
fn what_no_planner_writes_is_said_not_left_out() {
    use schemaforge::migrate::{plan, Mode, PlanOptions};
    let old = schemaforge::workspace::project_from_sql(
        "a",
        "CREATE DOMAIN positive AS integer CHECK (VALUE > 0);\nCREATE TABLE t (id integer PRIMARY KEY);",
        Dialect::Postgres,
    )
    .0;
    let mut new = old.clone();
    let report = apply_source(
        &mut new,
        "CREATE DOMAIN positive AS integer CHECK (VALUE >= 0);\nCREATE SEQUENCE counter;\nCREATE TABLE t (id integer PRIMARY KEY);".into(),
    );
    assert!(!report.has_errors());
    let planned = plan(
        &old.model,
        &new.model,
        &PlanOptions::new(Dialect::Postgres, Mode::Safe),
    )
    .expect("a plan");
    let said: Vec<&str> = planned.notes.iter().map(|n| n.object.as_str()).collect();
    assert!(said.contains(&"domain positive"), "{said:?}");
    assert!(said.contains(&"sequence counter"), "{said:?}");
    assert!(planned
        .notes
        .iter()
        .all(|n| n.message.contains("write this change by hand")));
}
