//! Random projects and the random edits a user makes to them through the UI, shared by the
//! edit and migration property tests.

use super::random_model::{profile, random_model, Rng, NAMES};
use schemaforge::edit::compose::{
    delete_column, delete_tables, edit_note, new_column, new_note, new_table, relationship,
    set_type, toggle_primary_key,
};
use schemaforge::edit::text::editor_options;
use schemaforge::edit::{ColumnChange, Constraint, Edit, Relationship, TableChange};
use schemaforge::generate::sql::{dialect_for, generate_ddl};
use schemaforge::model::{
    Dialect, Index, IndexPart, IndexTarget, Point, Project, ReferentialAction, SourceFormat,
    TableGroup,
};
use schemaforge::workspace::apply_source;

/// A project as a user who pasted a script has it: the text typed, the model imported.
pub fn project_for(seed: u64, dialect: Dialect) -> Project {
    let model = with_checks_and_views(random_model(seed, &profile(Some(dialect))), dialect);
    let mut project = Project::new("random", dialect);
    let report = apply_source(&mut project, ddl(&project_with(model, dialect)));
    assert!(!report.has_errors(), "{:?}", report.errors().next());
    project
}

/// The model with SQL kept as text that names its tables and columns: a check on some
/// tables' first column and a view over some tables (bare and through an alias), so that
/// renames and deletes have to carry into them for the DDL to keep applying.
pub fn with_checks_and_views(
    mut model: schemaforge::model::Model,
    dialect: Dialect,
) -> schemaforge::model::Model {
    let d = dialect_for(dialect);
    let mut views = Vec::new();
    for (k, t) in model.tables.iter_mut().enumerate() {
        let column = d.quote(&t.columns[0].name);
        // MariaDB refuses a check on an AUTO_INCREMENT column, and on a column a foreign
        // key's cascading action writes: there it names another.
        let cascaded: Vec<schemaforge::model::Id> = t
            .foreign_keys
            .iter()
            .filter(|f| {
                [f.on_delete, f.on_update].iter().any(|a| {
                    !matches!(
                        a,
                        None | Some(ReferentialAction::NoAction | ReferentialAction::Restrict)
                    )
                })
            })
            .flat_map(|f| f.columns.iter().copied())
            .collect();
        let checked = match dialect {
            Dialect::Mysql => t
                .columns
                .iter()
                .find(|c| c.identity.is_none() && !cascaded.contains(&c.id)),
            _ => t.columns.first(),
        };
        let checked = checked.map(|c| d.quote(&c.name));
        if let (0, Some(column)) = (k % 2, checked) {
            t.checks.push(schemaforge::model::CheckConstraint {
                id: Default::default(),
                name: None,
                expression: format!("({column} IS NULL) OR ({column} IS NOT NULL)"),
            });
        }
        let definition = match k % 3 {
            0 => format!("SELECT {column} FROM {}", d.quote(&t.name)),
            1 => format!("SELECT a.{column} FROM {} a", d.quote(&t.name)),
            _ => continue,
        };
        views.push(schemaforge::model::View {
            id: Default::default(),
            schema: None,
            name: format!("view {k}"),
            materialized: false,
            definition,
            indexes: Vec::new(),
        });
    }
    model.views = views;
    model
}

pub fn project_with(model: schemaforge::model::Model, dialect: Dialect) -> Project {
    let mut p = Project::new("m", dialect);
    p.model = model;
    p
}

/// The project's SQL as the editor writes it, whichever view the editor shows.
pub fn ddl(project: &Project) -> String {
    let dialect = project.source.dialect;
    generate_ddl(
        &project.model,
        dialect_for(dialect).as_ref(),
        &editor_options(dialect),
    )
}

pub const TYPES: &[&str] = &[
    "integer",
    "bigint",
    "text",
    "varchar(40)",
    "boolean",
    "date",
];

/// A random edit the way the UI would build it from the current project.
pub fn random_edit(rng: &mut Rng, p: &mut Project, step: usize) -> Option<Edit> {
    if p.model.tables.is_empty() {
        return Some(new_table(p, Some(rng.pick(NAMES)), None));
    }
    let t = rng.next(p.model.tables.len());
    let table = p.model.tables[t].clone();
    let c = rng.next(table.columns.len());
    let column = table.columns[c].clone();
    let other = p.model.tables[rng.next(p.model.tables.len())].clone();
    let fresh_name = |rng: &mut Rng| format!("{} {step}", rng.pick(NAMES));
    Some(match rng.next(20) {
        0 => new_table(
            p,
            Some(rng.pick(NAMES)),
            rng.chance(50).then(|| Point {
                x: rng.next(3000) as f64,
                y: rng.next(3000) as f64,
            }),
        ),
        // From the pool, clashes included: a clash must be refused.
        1 => Edit::rename_table(
            table.id,
            table.schema.clone(),
            if rng.chance(50) {
                rng.pick(NAMES).to_string()
            } else {
                fresh_name(rng)
            },
        ),
        2 => new_column(p, table.id, rng.pick(NAMES), rng.pick(TYPES)).ok()?,
        3 => Edit::rename_column(
            table.id,
            column.id,
            if rng.chance(50) {
                rng.pick(NAMES).to_string()
            } else {
                fresh_name(rng)
            },
        ),
        4 => delete_column(p, table.id, column.id).ok()?.0,
        5 => delete_tables(p, &[table.id]).ok()?.0,
        6 => Edit::SetColumn {
            table: table.id,
            column: column.id,
            change: ColumnChange::Nullable(!column.nullable),
        },
        7 => set_type(p, table.id, column.id, rng.pick(TYPES)).ok()?,
        8 => {
            let key = table
                .primary_key
                .as_ref()
                .filter(|k| k.columns.len() == 1)?;
            let key_column = table.column_by_id(key.columns[0])?;
            let existing = other
                .columns
                .iter()
                .find(|x| x.data_type.kind == key_column.data_type.kind)
                .filter(|_| rng.chance(30))
                .map(|x| x.id);
            relationship(
                p,
                Relationship {
                    referenced_table: table.id,
                    referenced_column: key_column.id,
                    referencing_table: other.id,
                    referencing_column: existing,
                },
            )
            .ok()?
        }
        9 => Edit::MoveColumn {
            table: table.id,
            column: column.id,
            to: rng.next(table.columns.len()),
        },
        10 => Edit::MoveBoxes {
            moves: vec![(
                table.id,
                Point {
                    x: rng.next(4000) as f64,
                    y: rng.next(4000) as f64,
                },
            )],
        },
        11 => Edit::SetTable {
            table: table.id,
            change: if rng.chance(50) {
                TableChange::Comment(Some("it's \"the\" table".into()))
            } else {
                TableChange::Color(Some("#3366cc".into()))
            },
        },
        12 => Edit::PutConstraint {
            table: table.id,
            constraint: Constraint::Index(Index {
                id: p.ids.fresh(),
                name: Some(format!("ix {step} {}", rng.next(1000))),
                unique: false,
                method: None,
                parts: vec![IndexPart {
                    target: IndexTarget::Column(column.id),
                    descending: rng.chance(50),
                    opclass: None,
                }],
                include: Vec::new(),
                predicate: None,
            }),
            at: 0,
        },
        13 => {
            let id = table
                .indexes
                .iter()
                .map(|i| i.id)
                .chain(table.uniques.iter().map(|u| u.id))
                .chain(table.foreign_keys.iter().map(|f| f.id))
                .next()?;
            Edit::RemoveConstraint {
                table: table.id,
                constraint: id,
            }
        }
        14 => match p.model.table_groups.first() {
            Some(g) if rng.chance(50) => Edit::RemoveGroup { group: g.id },
            _ => Edit::PutGroup {
                group: TableGroup {
                    id: p.ids.fresh(),
                    name: format!("group {step}"),
                    tables: vec![table.id],
                    color: None,
                    note: None,
                },
                at: 0,
            },
        },
        15 => {
            let typed = match p.source.format {
                SourceFormat::Sql => {
                    format!("\nCREATE TABLE typed_{step} (id integer PRIMARY KEY);\n")
                }
                SourceFormat::Dbml => format!("\nTable typed_{step} {{\n  id integer [pk]\n}}\n"),
            };
            Edit::ReplaceText {
                text: format!("{}{typed}", p.source.text),
            }
        }
        16 => Edit::SetView {
            format: match p.source.format {
                SourceFormat::Sql => SourceFormat::Dbml,
                SourceFormat::Dbml => SourceFormat::Sql,
            },
        },
        17 => toggle_primary_key(p, table.id, column.id).ok()?,
        18 => match p.model.notes.first().map(|n| n.id) {
            Some(note) if rng.chance(40) => Edit::RemoveNote { note },
            Some(note) if rng.chance(50) => {
                edit_note(p, note, &format!("edited {step}: it's \"x\"")).ok()?
            }
            _ => new_note(
                p,
                "a note's text",
                Some(Point {
                    x: rng.next(2000) as f64,
                    y: rng.next(2000) as f64,
                }),
            ),
        },
        _ => Edit::SetColumn {
            table: table.id,
            column: column.id,
            change: ColumnChange::Comment(Some(format!("note {step}"))),
        },
    })
}
