//! Random models for property tests: names that include reserved words, quotes, spaces, an
//! injection attempt and unicode; types, keys, indexes and foreign keys within what a
//! target dialect (or DBML) expresses exactly.
#![allow(dead_code)]

use schemaforge::model::{
    Column, ColumnType, Dialect, EnumType, ForeignKey, Id, Identity, Index, IndexPart, IndexTarget,
    Model, PrimaryKey, ReferentialAction, Table, UniqueConstraint,
};

/// A small deterministic generator; proptest picks the seeds.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.next(100) < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }
}

pub const NAMES: &[&str] = &[
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
/// What a random model may hold so that a target expresses it exactly.
pub struct Profile {
    pub dialect: Option<Dialect>,
    pub types: &'static [&'static str],
    pub enums: bool,
    pub comments: bool,
    /// Identity columns anywhere (with GENERATED ALWAYS), or only as a sole integer key.
    pub identity_anywhere: bool,
    pub always_identity: bool,
    pub methods: bool,
    pub restrict: bool,
}

/// `None` is DBML.
pub fn profile(dialect: Option<Dialect>) -> Profile {
    const ALL: &[&str] = &[
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
    let base = Profile {
        dialect,
        types: ALL,
        enums: true,
        comments: true,
        identity_anywhere: true,
        always_identity: false,
        methods: true,
        restrict: true,
    };
    match dialect {
        None => base,
        Some(Dialect::Postgres) => Profile {
            always_identity: true,
            ..base
        },
        Some(Dialect::Mysql) => Profile {
            types: &[
                "integer",
                "bigint",
                "varchar(40)",
                "boolean",
                "numeric(10,2)",
                "date",
            ],
            enums: false,
            identity_anywhere: false,
            ..base
        },
        Some(Dialect::Sqlite) => Profile {
            types: &[
                "integer",
                "bigint",
                "text",
                "varchar(40)",
                "boolean",
                "numeric(10,2)",
                "date",
                "uuid",
            ],
            enums: false,
            comments: false,
            identity_anywhere: false,
            methods: false,
            ..base
        },
        Some(Dialect::Mssql) => Profile {
            types: &[
                "integer",
                "bigint",
                "varchar(40)",
                "boolean",
                "numeric(10,2)",
                "date",
                "timestamptz",
                "uuid",
            ],
            enums: false,
            comments: false,
            identity_anywhere: false,
            methods: false,
            restrict: false,
            ..base
        },
    }
}

/// Defaults that are valid for a type in the dialect the model is written in.
pub fn defaults_for(spelling: &str, dialect: Option<Dialect>) -> &'static [&'static str] {
    let d = dialect.unwrap_or(Dialect::Postgres);
    match spelling {
        "integer" | "bigint" => &["0", "42"],
        "text" | "varchar(40)" => &["'it''s'"],
        "boolean" if d == Dialect::Mssql => &["1", "0"],
        "boolean" => &["true", "false"],
        "numeric(10,2)" => &["0", "4.99"],
        "date" if d == Dialect::Mssql => &[],
        "date" => &["CURRENT_DATE"],
        "timestamptz" => match d {
            Dialect::Postgres => &["now()"],
            Dialect::Mssql => &["getdate()"],
            _ => &["CURRENT_TIMESTAMP"],
        },
        "uuid" => match d {
            Dialect::Postgres => &["gen_random_uuid()"],
            Dialect::Mssql => &["newid()"],
            _ => &[],
        },
        "jsonb" => &["'{}'"],
        enum_type if enum_type.starts_with("mood_") => &["'happy'"],
        _ => &[],
    }
}

/// A name from the pool, made unique among `taken` with a suffix.
pub fn unique(rng: &mut Rng, taken: &mut Vec<String>) -> String {
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

/// A random model within what the profile's target expresses exactly.
pub fn random_model(seed: u64, profile: &Profile) -> Model {
    let mut rng = Rng(seed | 1);
    let mut model = Model::default();
    let mut ids = 0u64;
    let mut id = || {
        ids += 1;
        Id(ids)
    };
    let mut type_names: Vec<String> = profile.types.iter().map(|t| t.to_string()).collect();
    let mut taken_types = Vec::new();
    for _ in 0..if profile.enums { rng.next(3) } else { 0 } {
        let name = format!(
            "mood_{}",
            unique(&mut rng, &mut taken_types).replace(['"', '\''], "q")
        );
        model.enums.push(EnumType {
            value_ids: Vec::new(),
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
        for position in 0..1 + rng.next(5) {
            let column = unique(&mut rng, &mut column_names);
            let spelling = type_names[rng.next(type_names.len())].clone();
            let integer = spelling == "integer" || spelling == "bigint";
            // Elsewhere than PostgreSQL an identity must be the table's sole key: the first
            // column, which the key below always covers.
            // SQLite's rowid alias is spelled INTEGER.
            let may_number = profile.identity_anywhere
                || (position == 0
                    && (spelling == "integer" || profile.dialect != Some(Dialect::Sqlite)));
            let identity = (integer && may_number && rng.chance(30)).then(|| {
                if profile.always_identity && rng.chance(50) {
                    Identity::Always
                } else {
                    Identity::ByDefault
                }
            });
            let defaults = defaults_for(&spelling, profile.dialect);
            columns.push(Column {
                id: id(),
                name: column,
                data_type: ColumnType::from_spelling(&spelling),
                nullable: identity.is_none() && rng.chance(50),
                default: (identity.is_none() && !defaults.is_empty() && rng.chance(30))
                    .then(|| rng.pick(defaults).to_string()),
                identity,
                comment: (profile.comments && rng.chance(20))
                    .then(|| "a \"note\" isn't\nplain".to_string()),
            });
        }
        let mut table = Table {
            id: id(),
            name,
            columns,
            comment: (profile.comments && rng.chance(30))
                .then(|| "it's the \"main\" table".to_string()),
            ..Table::default()
        };
        let numbered = table.columns[0].identity.is_some();
        if numbered || rng.chance(85) {
            let count = if !numbered && table.columns.len() > 1 && rng.chance(30) {
                2
            } else {
                1
            };
            let key: Vec<Id> = table.columns[..count].iter().map(|c| c.id).collect();
            for c in &mut table.columns[..count] {
                c.nullable = false;
            }
            table.primary_key = Some(PrimaryKey {
                id: Default::default(),
                name: rng.chance(30).then(|| format!("pk {t}")),
                columns: key,
            });
        }
        if table.columns.len() > 1 && rng.chance(40) {
            let column = table.columns[table.columns.len() - 1].id;
            table.uniques.push(UniqueConstraint {
                id: Default::default(),
                name: None,
                columns: vec![column],
            });
        }
        if rng.chance(40) {
            let column = table.columns[rng.next(table.columns.len())].id;
            table.indexes.push(Index {
                id: id(),
                name: Some(format!("ix {t} it's")),
                unique: rng.chance(30),
                method: (profile.methods && rng.chance(50)).then(|| "btree".to_string()),
                parts: vec![IndexPart {
                    target: IndexTarget::Column(column),
                    descending: false,
                    opclass: None,
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
                        .column_by_id(*key_column)
                        .map_or("integer".to_string(), |c| c.data_type.spelling.clone());
                    let column = id();
                    table.columns.push(Column {
                        id: column,
                        name: name.clone(),
                        data_type: ColumnType::from_spelling(&spelling),
                        nullable: true,
                        default: None,
                        identity: None,
                        comment: None,
                    });
                    fk_columns.push(column);
                }
                table.foreign_keys.push(ForeignKey {
                    id: id(),
                    name: rng.chance(50).then(|| format!("fk {t} \"x\"")),
                    columns: fk_columns,
                    ref_table: target.id,
                    ref_columns: pk.columns.clone(),
                    on_delete: [
                        None,
                        Some(ReferentialAction::Cascade),
                        Some(ReferentialAction::SetNull),
                    ][rng.next(3)],
                    on_update: if profile.restrict {
                        [None, Some(ReferentialAction::Restrict)][rng.next(2)]
                    } else {
                        [None, Some(ReferentialAction::Cascade)][rng.next(2)]
                    },
                    deferrable: false,
                });
            }
        }
        model.tables.push(table.into());
    }
    model
}

/// The model with some tables moved into named schemas and some copied, name and all, into
/// another schema: the same table name in the default schema and in a named one (what a DBML
/// junction table beside `schema.t1_t2` made, the fuzz finding); foreign keys refer to their
/// targets by id, so the text names each with its schema.
pub fn with_schemas(mut model: Model, seed: u64) -> Model {
    const SCHEMAS: &[&str] = &["sales", "Other Schema"];
    let mut rng = Rng(seed.rotate_left(17) | 1);
    let mut next_id = model
        .tables
        .iter()
        .flat_map(|t| {
            std::iter::once(t.id.0)
                .chain(t.columns.iter().map(|c| c.id.0))
                .chain(t.indexes.iter().map(|i| i.id.0))
                .chain(t.foreign_keys.iter().map(|f| f.id.0))
        })
        .chain(model.enums.iter().map(|e| e.id.0))
        .max()
        .unwrap_or(0);
    let mut fresh = || {
        next_id += 1;
        Id(next_id)
    };
    let mut twins = Vec::new();
    for table in &mut model.tables {
        if rng.chance(30) {
            table.schema = Some(rng.pick(SCHEMAS).to_string());
        }
        if rng.chance(30) {
            let mut twin = table.clone();
            twin.schema = match table.schema {
                None => Some(rng.pick(SCHEMAS).to_string()),
                Some(_) => None,
            };
            twin.id = fresh();
            let mut renumbered = std::collections::BTreeMap::new();
            for c in &mut twin.columns {
                let new = fresh();
                renumbered.insert(c.id, new);
                c.id = new;
            }
            let own = |c: &mut Id| *c = renumbered[c];
            if let Some(pk) = &mut twin.primary_key {
                pk.columns.iter_mut().for_each(own);
            }
            for u in &mut twin.uniques {
                u.columns.iter_mut().for_each(own);
            }
            for i in &mut twin.indexes {
                for p in &mut i.parts {
                    if let IndexTarget::Column(c) = &mut p.target {
                        own(c);
                    }
                }
            }
            for i in &mut twin.indexes {
                i.id = fresh();
                // Index names are unique per schema in PostgreSQL, per table elsewhere.
                i.name = i.name.as_ref().map(|n| format!("{n} twin"));
            }
            twin.foreign_keys.clear();
            if let Some(pk) = &mut twin.primary_key {
                pk.name = None;
            }
            twins.push(twin);
        }
    }
    // Twins first: a reader that takes the first table of a name, whatever its schema,
    // then finds the wrong one.
    twins.append(&mut model.tables);
    model.tables = twins;
    model.declare_schemas();
    model
}
