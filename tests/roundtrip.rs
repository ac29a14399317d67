//! Property tests: for random models, export then import gives the model back:
//! `import(export(m, d), d) == m` for PostgreSQL and for DBML. Names include reserved
//! words, quotes, spaces, an injection attempt and unicode.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

use schemaforge::generate::dbml::print_dbml;
use schemaforge::generate::sql::{dialect_for, generate_ddl, DdlOptions};
use schemaforge::import::dbml::import_dbml;
use schemaforge::import::sql::import_sql;
use schemaforge::model::compare::without_ids;
use schemaforge::model::{
    Column, ColumnType, Dialect, EnumType, ForeignKey, Id, Identity, Index, IndexPart, IndexTarget,
    Model, PrimaryKey, ReferentialAction, Table, UniqueConstraint,
};

/// A small deterministic generator; proptest picks the seeds.
struct Rng(u64);

impl Rng {
    fn next(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.next(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }
}

const NAMES: &[&str] = &[
    "users",
    "order",
    "select",
    "Mixed Case",
    "a\"; DROP TABLE x; --",
    "größe",
    "日本",
    "with space",
    "it's",
    "_private",
    "x1",
    "table",
    "user",
    "\"quoted\"",
];
const TYPES: &[&str] = &[
    "integer",
    "bigint",
    "text",
    "varchar(40)",
    "boolean",
    "timestamptz",
    "numeric(10,2)",
    "jsonb",
    "uuid",
    "date",
];
const DEFAULTS: &[&str] = &["0", "'it''s'", "now()", "true", "42"];

/// A name from the pool, made unique among `taken` with a suffix.
fn unique(rng: &mut Rng, taken: &mut Vec<String>) -> String {
    let base = rng.pick(NAMES).to_string();
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// A random model within what both PostgreSQL DDL and DBML express exactly.
fn random_model(seed: u64, always_identity: bool) -> Model {
    let mut rng = Rng(seed | 1);
    let mut model = Model::default();
    let mut ids = 0u64;
    let mut id = || {
        ids += 1;
        Id(ids)
    };
    let mut type_names: Vec<String> = TYPES.iter().map(|t| t.to_string()).collect();
    let mut taken_types = Vec::new();
    for _ in 0..rng.next(3) {
        let name = format!(
            "mood_{}",
            unique(&mut rng, &mut taken_types).replace(['"', '\''], "q")
        );
        model.enums.push(EnumType {
            id: id(),
            schema: None,
            name: name.clone(),
            values: vec!["happy".into(), "it's ok".into(), "sad".into()],
        });
        type_names.push(name);
    }
    let mut table_names = Vec::new();
    for t in 0..1 + rng.next(5) {
        let name = unique(&mut rng, &mut table_names);
        let mut columns = Vec::new();
        let mut column_names = Vec::new();
        for _ in 0..1 + rng.next(5) {
            let column = unique(&mut rng, &mut column_names);
            let spelling = type_names[rng.next(type_names.len())].clone();
            let integer = spelling == "integer" || spelling == "bigint";
            let identity = (integer && rng.chance(30)).then(|| {
                if always_identity && rng.chance(50) {
                    Identity::Always
                } else {
                    Identity::ByDefault
                }
            });
            columns.push(Column {
                id: id(),
                name: column,
                data_type: ColumnType::from_spelling(&spelling),
                nullable: identity.is_none() && rng.chance(50),
                default: (identity.is_none() && rng.chance(30))
                    .then(|| rng.pick(DEFAULTS).to_string()),
                identity,
                comment: rng
                    .chance(20)
                    .then(|| "a \"note\" isn't\nplain".to_string()),
            });
        }
        let mut table = Table {
            id: id(),
            name,
            columns,
            comment: rng
                .chance(30)
                .then(|| "it's the \"main\" table".to_string()),
            ..Table::default()
        };
        if rng.chance(85) {
            let count = if table.columns.len() > 1 && rng.chance(30) {
                2
            } else {
                1
            };
            let key: Vec<String> = table.columns[..count]
                .iter()
                .map(|c| c.name.clone())
                .collect();
            for c in &mut table.columns[..count] {
                c.nullable = false;
            }
            table.primary_key = Some(PrimaryKey {
                name: rng.chance(30).then(|| format!("pk {t}")),
                columns: key,
            });
        }
        if table.columns.len() > 1 && rng.chance(40) {
            let column = table.columns[table.columns.len() - 1].name.clone();
            table.uniques.push(UniqueConstraint {
                name: None,
                columns: vec![column],
            });
        }
        if rng.chance(40) {
            let column = table.columns[rng.next(table.columns.len())].name.clone();
            table.indexes.push(Index {
                id: id(),
                name: Some(format!("ix {t} it's")),
                unique: rng.chance(30),
                method: rng.chance(50).then(|| "btree".to_string()),
                parts: vec![IndexPart {
                    target: IndexTarget::Column(column),
                    descending: false,
                }],
                include: Vec::new(),
                predicate: None,
            });
        }
        // A foreign key to an earlier table's key, through new columns.
        if t > 0 && rng.chance(70) {
            let target = &model.tables[rng.next(t)];
            if let Some(pk) = target.primary_key.clone() {
                let mut fk_columns = Vec::new();
                for key_column in &pk.columns {
                    let name = unique(&mut rng, &mut column_names);
                    let spelling = target
                        .column(key_column)
                        .map_or("integer".to_string(), |c| c.data_type.spelling.clone());
                    table.columns.push(Column {
                        id: id(),
                        name: name.clone(),
                        data_type: ColumnType::from_spelling(&spelling),
                        nullable: true,
                        default: None,
                        identity: None,
                        comment: None,
                    });
                    fk_columns.push(name);
                }
                table.foreign_keys.push(ForeignKey {
                    id: id(),
                    name: rng.chance(50).then(|| format!("fk {t} \"x\"")),
                    columns: fk_columns,
                    ref_schema: None,
                    ref_table: target.name.clone(),
                    ref_columns: pk.columns.clone(),
                    on_delete: [
                        None,
                        Some(ReferentialAction::Cascade),
                        Some(ReferentialAction::SetNull),
                    ][rng.next(3)],
                    on_update: [None, Some(ReferentialAction::Restrict)][rng.next(2)],
                    deferrable: false,
                });
            }
        }
        model.tables.push(table);
    }
    model
}

/// The model without ids, with tables in name order (a generator may reorder them).
fn normalised(model: &Model) -> serde_json::Value {
    let mut sorted = model.clone();
    sorted.tables.sort_by(|a, b| a.name.cmp(&b.name));
    without_ids(&sorted)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn postgres_ddl_imports_back_to_the_model(seed in any::<u64>()) {
        let model = random_model(seed, true);
        let postgres = dialect_for(Dialect::Postgres);
        let ddl = generate_ddl(&model, postgres.as_ref(), &DdlOptions::default());
        let back = import_sql(&ddl, Dialect::Postgres);
        prop_assert!(!back.report.has_errors(), "{:?}\n{ddl}", back.report.errors().next());
        prop_assert_eq!(normalised(&back.model), normalised(&model), "{}", ddl);
    }

    #[test]
    fn dbml_imports_back_to_the_model(seed in any::<u64>()) {
        let model = random_model(seed, false);
        let dbml = print_dbml(&model);
        let back = import_dbml(&dbml);
        prop_assert!(!back.report.has_errors(), "{:?}\n{dbml}", back.report.errors().next());
        prop_assert_eq!(normalised(&back.model), normalised(&model), "{}", dbml);
    }
}
