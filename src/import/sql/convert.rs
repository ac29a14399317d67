//! Turns parsed statements into the model. Statements the model cannot hold yet come back as
//! a reason, which the caller reports: nothing is dropped silently.

use sqlparser::ast::{
    AlterColumnOperation, AlterTable, AlterTableOperation, ColumnDef, ColumnOption, CommentObject,
    CreateIndex, CreateTable, DataType as ColumnDataType, EnumMember, Expr, ForeignKeyConstraint,
    GeneratedAs, Ident, IndexColumn, ObjectName, ObjectNamePart, OrderBySort,
    ReferentialAction as AstAction, Statement, TableConstraint, UserDefinedTypeRepresentation,
};

use std::collections::BTreeMap;

use sqlparser::tokenizer::Word;

use super::token_statements::TokenStatement;
use super::tokens::ColumnSpelling;
use crate::diagnostic::Severity;
use crate::model::{
    ByName, CheckConstraint, Column, ColumnType, Dialect, Domain, EnumType, IdGen, Identity,
    ReferentialAction, Routine, TableName, View,
};

// The importer writes references as the text does, by name; the import resolves them.
type Model = crate::model::Model<ByName>;
type Table = crate::model::Table<ByName>;
type ForeignKey = crate::model::ForeignKey<ByName>;
type Index = crate::model::Index<ByName>;
type IndexPart = crate::model::IndexPart<ByName>;
type IndexTarget = crate::model::IndexTarget<ByName>;
type Partition = crate::model::Partition<ByName>;
type PrimaryKey = crate::model::PrimaryKey<ByName>;
type Sequence = crate::model::Sequence<ByName>;
type UniqueConstraint = crate::model::UniqueConstraint<ByName>;

/// Why a parsed statement left the model unchanged.
pub struct NotModelled {
    pub severity: Severity,
    pub reason: String,
}

fn not_modelled(severity: Severity, reason: impl Into<String>) -> NotModelled {
    NotModelled {
        severity,
        reason: reason.into(),
    }
}

/// A table reference as written: optional schema and name.
type TableRef = (Option<String>, String);

pub struct ModelBuilder {
    dialect: Dialect,
    model: Model,
    ids: IdGen,
    /// Column types and defaults as written in the statement being applied, by column name.
    spellings: BTreeMap<String, ColumnSpelling>,
    /// Parts of the statement being applied that the model could not hold.
    warnings: Vec<String>,
    /// The table the statement being applied wrote to: where the text writes that table.
    touched: Option<crate::model::Id>,
}

impl ModelBuilder {
    pub fn new(dialect: Dialect) -> Self {
        ModelBuilder {
            dialect,
            model: Model::default(),
            ids: IdGen::default(),
            spellings: BTreeMap::new(),
            warnings: Vec::new(),
            touched: None,
        }
    }

    /// The table the statements applied since the last call wrote to, if any.
    pub fn take_touched(&mut self) -> Option<crate::model::Id> {
        self.touched.take()
    }

    /// What the last statements left out, to report at their position.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    pub fn finish(self) -> Model {
        self.model
    }

    /// The model so far.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The last id given to an object so far.
    pub fn last_id(&self) -> u64 {
        self.ids.last()
    }

    /// Applies a statement; `spellings` holds its column types as written.
    pub fn apply_with_spellings(
        &mut self,
        statement: &Statement,
        spellings: BTreeMap<String, ColumnSpelling>,
    ) -> Result<(), NotModelled> {
        self.spellings = spellings;
        let result = self.apply(statement);
        self.spellings.clear();
        result
    }

    pub fn apply(&mut self, statement: &Statement) -> Result<(), NotModelled> {
        match statement {
            Statement::CreateTable(create) => self.create_table(create),
            Statement::CreateIndex(create) => self.create_index(create),
            Statement::AlterTable(alter) => self.alter_table(alter),
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
            } => {
                let (schema, name) = self.object_name(name);
                let id = self.ids.fresh();
                self.model.enums.push(EnumType {
                    value_ids: Vec::new(),
                    id,
                    schema,
                    name,
                    values: labels.iter().map(|l| l.value.clone()).collect(),
                });
                Ok(())
            }
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => self.comment(object_type, object_name, comment.clone()),
            Statement::CreateDomain(domain) => {
                let (schema, name) = self.object_name(&domain.name);
                let id = self.ids.fresh();
                let checks = domain
                    .constraints
                    .iter()
                    .filter_map(|c| match c {
                        TableConstraint::Check(check) => Some(CheckConstraint {
                            id: Default::default(),
                            name: check.name.as_ref().map(|n| self.ident(n)),
                            expression: check.expr.to_string(),
                        }),
                        _ => None,
                    })
                    .collect();
                self.model.domains.push(Domain {
                    id,
                    schema,
                    name,
                    data_type: ColumnType::from_spelling(&domain.data_type.to_string()),
                    default: domain.default.as_ref().map(|d| d.to_string()),
                    checks,
                });
                Ok(())
            }
            Statement::CreateSchema { .. } => Err(not_modelled(
                Severity::Info,
                "schemas are kept as the namespace of each table",
            )),
            Statement::CreateExtension(_) => Err(not_modelled(
                Severity::Info,
                "extensions are not part of the model",
            )),
            // The caller names the statement; printing it here would link sqlparser's whole
            // statement printer into the browser build.
            _ => Err(not_modelled(Severity::Warning, "")),
        }
    }

    /// PostgreSQL folds unquoted identifiers to lower case; other dialects keep the spelling.
    fn ident(&self, ident: &Ident) -> String {
        if self.dialect == Dialect::Postgres && ident.quote_style.is_none() {
            ident.value.to_lowercase()
        } else {
            ident.value.clone()
        }
    }

    /// A tokenizer word as an identifier, folded like [`Self::ident`].
    pub fn word_ident(&self, word: &Word) -> String {
        if self.dialect == Dialect::Postgres && word.quote_style.is_none() {
            word.value.to_lowercase()
        } else {
            word.value.clone()
        }
    }

    /// Applies a statement recognised from its tokens.
    pub fn apply_token_statement(&mut self, statement: TokenStatement) -> Result<(), NotModelled> {
        match statement {
            TokenStatement::View {
                name: (schema, name),
                materialized,
                definition,
            } => {
                let id = self.ids.fresh();
                self.model.views.push(View {
                    id,
                    schema,
                    name,
                    materialized,
                    definition,
                    indexes: Vec::new(),
                });
            }
            TokenStatement::Routine {
                kind,
                name: (schema, name),
                table,
                text,
            } => {
                let id = self.ids.fresh();
                self.model.routines.push(Routine {
                    id,
                    kind,
                    schema,
                    name,
                    table,
                    text,
                });
            }
            TokenStatement::Sequence {
                name: (schema, name),
                data_type,
                start,
                increment,
            } => {
                let id = self.ids.fresh();
                self.model.sequences.push(Sequence {
                    id,
                    schema,
                    name,
                    data_type,
                    start,
                    increment,
                    owned_by: None,
                });
            }
            TokenStatement::SequenceOwnedBy {
                sequence,
                table,
                column,
            } => {
                let found = self
                    .model
                    .sequences
                    .iter_mut()
                    .find(|s| {
                        s.name == sequence.1 && (sequence.0.is_none() || s.schema == sequence.0)
                    })
                    .ok_or_else(|| {
                        not_modelled(
                            Severity::Warning,
                            format!("OWNED BY for unknown sequence {}", sequence.1),
                        )
                    })?;
                found.owned_by = Some((TableName::new(table.0, table.1), column));
            }
            TokenStatement::AttachPartition {
                parent,
                child,
                bound,
            } => {
                let child = self.table_mut(&child).ok_or_else(|| {
                    not_modelled(
                        Severity::Warning,
                        format!("ATTACH PARTITION of unknown table {}", child.1),
                    )
                })?;
                child.partition_of = Some(Partition {
                    parent: TableName::new(parent.0, parent.1),
                    bound,
                });
            }
            TokenStatement::ColumnDefault {
                table,
                column,
                default,
            } => {
                self.column_mut(&table, &column, "default")?.default = Some(default);
            }
            TokenStatement::ColumnIdentity {
                table,
                column,
                always,
            } => {
                let found = self.column_mut(&table, &column, "identity")?;
                found.identity = Some(if always {
                    Identity::Always
                } else {
                    Identity::ByDefault
                });
                found.nullable = false;
            }
            TokenStatement::Extension { name, schema } => {
                if !self.model.extensions.iter().any(|e| e.name == name) {
                    self.model
                        .extensions
                        .push(crate::model::Extension { name, schema });
                }
            }
            TokenStatement::Housekeeping(reason) => {
                return Err(not_modelled(Severity::Info, reason))
            }
        }
        Ok(())
    }

    /// A column that a statement changes, or why the statement cannot apply.
    fn column_mut(
        &mut self,
        table: &TableRef,
        column: &str,
        what: &str,
    ) -> Result<&mut Column, NotModelled> {
        self.table_mut(table)
            .and_then(|t| t.column_mut(column))
            .ok_or_else(|| {
                not_modelled(
                    Severity::Warning,
                    format!("{what} for unknown column {}.{column}", table.1),
                )
            })
    }

    fn object_name(&self, name: &ObjectName) -> TableRef {
        let parts: Vec<String> = name
            .0
            .iter()
            .map(|p| match p {
                ObjectNamePart::Identifier(i) => self.ident(i),
                other => other.to_string(),
            })
            .collect();
        match parts.as_slice() {
            [] => (None, String::new()),
            [name] => (None, name.clone()),
            [.., schema, name] => (Some(schema.clone()), name.clone()),
        }
    }

    fn table_index(&self, (schema, name): &TableRef) -> Option<usize> {
        let tables = &self.model.tables;
        tables
            .iter()
            .position(|t| &t.name == name && t.schema == *schema)
            .or_else(|| {
                // `public.x` and a bare `x` name the same table in a single-schema script.
                tables
                    .iter()
                    .position(|t| &t.name == name && (schema.is_none() || t.schema.is_none()))
            })
    }

    fn table_mut(&mut self, table_ref: &TableRef) -> Option<&mut Table> {
        let index = self.table_index(table_ref)?;
        let table = self.model.tables.get_mut(index)?;
        self.touched = Some(table.id);
        Some(table)
    }

    fn create_table(&mut self, create: &CreateTable) -> Result<(), NotModelled> {
        let parents: Vec<TableRef> = create
            .inherits
            .iter()
            .flatten()
            .chain(create.partition_of.iter())
            .map(|p| self.object_name(p))
            .collect();
        if create.columns.is_empty() && parents.is_empty() {
            return Err(not_modelled(
                Severity::Warning,
                "CREATE TABLE without a column list (AS query, LIKE) is not modelled yet",
            ));
        }
        let (schema, name) = self.object_name(&create.name);
        let exists = self
            .model
            .tables
            .iter()
            .any(|t| t.name == name && t.schema == schema);
        if exists {
            return Err(not_modelled(
                Severity::Warning,
                format!("table {name} is already defined; this definition is ignored"),
            ));
        }
        let id = self.ids.fresh();
        let mut table = Table {
            id,
            schema,
            name,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            comment: create
                .comment
                .as_ref()
                .map(|c| comment_text(&c.to_string()))
                .or_else(|| table_option_comment(&create.table_options)),
            inherits: create
                .inherits
                .iter()
                .flatten()
                .map(|p| {
                    let (schema, name) = self.object_name(p);
                    TableName::new(schema, name)
                })
                .collect(),
            partition_of: create.partition_of.as_ref().map(|p| Partition {
                parent: {
                    let (schema, name) = self.object_name(p);
                    TableName::new(schema, name)
                },
                bound: create
                    .for_values
                    .as_ref()
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            }),
            ..Table::default()
        };
        // Inherited columns come first, as in PostgreSQL; keys are not inherited.
        for parent in &parents {
            let Some(index) = self.table_index(parent) else {
                return Err(not_modelled(
                    Severity::Warning,
                    format!(
                        "table {} inherits from unknown table {}",
                        table.name, parent.1
                    ),
                ));
            };
            let inherited: Vec<Column> = self.model.tables[index].columns.clone();
            for mut column in inherited {
                if table.column(&column.name).is_none() {
                    column.id = self.ids.fresh();
                    table.columns.push(column);
                }
            }
        }
        for column in &create.columns {
            self.add_column(&mut table, column);
        }
        for constraint in &create.constraints {
            self.add_constraint(&mut table, constraint);
        }
        self.touched = Some(table.id);
        self.model.tables.push(table.into());
        Ok(())
    }

    /// A type written as a (quoted, qualified) name of an enum or domain defined earlier:
    /// the model's name for it, so quoting does not make two spellings of one type.
    fn defined_type_name(&self, spelling: &str) -> Option<String> {
        let parts: Vec<String> = spelling
            .split('.')
            .map(|p| {
                let p = p.trim();
                match p.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
                    Some(quoted) => quoted.replace("\"\"", "\""),
                    None if self.dialect == Dialect::Postgres => p.to_lowercase(),
                    None => p.to_string(),
                }
            })
            .collect();
        let (schema, name) = match parts.as_slice() {
            [name] => (None, name.as_str()),
            [schema, name] => (Some(schema.as_str()), name.as_str()),
            _ => return None,
        };
        let defined = self
            .model
            .enums
            .iter()
            .map(|e| (e.schema.as_deref(), e.name.as_str()))
            .chain(
                self.model
                    .domains
                    .iter()
                    .map(|d| (d.schema.as_deref(), d.name.as_str())),
            )
            .find(|(s, n)| *n == name && (schema.is_none() || *s == schema))?;
        Some(match defined {
            (Some(s), n) if schema.is_some() => format!("{s}.{n}"),
            (_, n) => n.to_string(),
        })
    }

    fn add_column(&mut self, table: &mut Table, def: &ColumnDef) {
        let name = self.ident(&def.name);
        let written = self.spellings.get(&def.name.value).cloned();
        let spelling = written
            .as_ref()
            .map_or_else(|| def.data_type.to_string(), |w| w.data_type.clone());
        let spelling = self
            .defined_type_name(&spelling)
            .or_else(|| quoted_builtin_type(&spelling))
            .unwrap_or(spelling);
        let mut data_type = ColumnType::from_spelling_in(&spelling, self.dialect);
        // MySQL's inline `ENUM('a', 'b')` becomes a named enum type, as other dialects and
        // DBML need one; a MySQL generator writes it inline again.
        if let ColumnDataType::Enum(members, _) = &def.data_type {
            let enum_name = format!("{}_{}_enum", table.name, name);
            let values = members
                .iter()
                .map(|m| match m {
                    EnumMember::Name(n) | EnumMember::NamedValue(n, _) => n.clone(),
                })
                .collect();
            let id = self.ids.fresh();
            self.model.enums.push(EnumType {
                value_ids: Vec::new(),
                id,
                schema: table.schema.clone(),
                name: enum_name.clone(),
                values,
            });
            let spelling = match &table.schema {
                Some(schema) => format!("{schema}.{enum_name}"),
                None => enum_name,
            };
            data_type = ColumnType {
                kind: crate::model::TypeKind::Other {
                    name: spelling.clone(),
                },
                spelling,
            };
        }
        let serial = matches!(
            data_type.spelling.to_ascii_lowercase().as_str(),
            "serial" | "bigserial" | "smallserial" | "serial2" | "serial4" | "serial8"
        );
        let mut column = Column {
            id: self.ids.fresh(),
            name: name.clone(),
            data_type,
            nullable: !serial,
            default: None,
            identity: serial.then_some(Identity::ByDefault),
            comment: None,
        };
        for option in &def.options {
            let constraint_name = option.name.as_ref().map(|n| self.ident(n));
            match &option.option {
                ColumnOption::Null => column.nullable = true,
                ColumnOption::NotNull => column.nullable = false,
                // `DEFAULT NULL` is what a column without a default has.
                ColumnOption::Default(e) if is_null(e) => column.default = None,
                ColumnOption::Default(expr) => {
                    column.default = Some(
                        written
                            .as_ref()
                            .and_then(|w| w.default.clone())
                            .unwrap_or_else(|| expr.to_string()),
                    )
                }
                ColumnOption::PrimaryKey(_) => {
                    column.nullable = false;
                    table.primary_key = Some(PrimaryKey {
 id: Default::default(),
                        name: constraint_name,
                        columns: vec![name.clone()],
                    });
                }
                ColumnOption::Unique(_) => table.uniques.push(UniqueConstraint {
 id: Default::default(),
                    name: constraint_name,
                    columns: vec![name.clone()],
                }),
                ColumnOption::ForeignKey(fk) => {
                    let mut foreign_key = self.foreign_key(fk);
                    foreign_key.name = constraint_name.or(foreign_key.name);
                    foreign_key.columns = vec![name.clone()];
                    table.foreign_keys.push(foreign_key);
                }
                ColumnOption::Check(check) => table.checks.push(CheckConstraint {
 id: Default::default(),
                    name: constraint_name.or_else(|| check.name.as_ref().map(|n| self.ident(n))),
                    expression: check.expr.to_string(),
                }),
                ColumnOption::Comment(text) => column.comment = Some(text.clone()),
                ColumnOption::Identity(_) => column.identity = Some(Identity::ByDefault),
                ColumnOption::Generated {
                    generated_as,
                    generation_expr: None,
                    ..
                } => {
                    column.identity = Some(match generated_as {
                        GeneratedAs::Always => Identity::Always,
                        _ => Identity::ByDefault,
                    });
                    column.nullable = false;
                }
                ColumnOption::DialectSpecific(tokens)
                    if tokens.iter().any(|t| {
                        let t = t.to_string().to_ascii_uppercase();
                        t == "AUTO_INCREMENT" || t == "AUTOINCREMENT"
                    }) =>
                {
                    column.identity = Some(Identity::ByDefault)
                }
                ColumnOption::Generated {
                    generation_expr: Some(_),
                    ..
                } => self.warnings.push(format!(
                    "the computed column {}.{name} is kept as a plain column; its expression is not modelled yet",
                    table.name
                )),
                ColumnOption::OnUpdate(_) => self.warnings.push(format!(
                    "ON UPDATE of column {}.{name} is not modelled yet",
                    table.name
                )),
                _ => {}
            }
        }
        table.columns.push(column);
    }

    fn add_constraint(&mut self, table: &mut Table, constraint: &TableConstraint) {
        match constraint {
            TableConstraint::PrimaryKey(pk) => {
                let columns = self.index_column_names(&pk.columns);
                for c in &columns {
                    if let Some(col) = table.column_mut(c) {
                        col.nullable = false;
                    }
                }
                table.primary_key = Some(PrimaryKey {
                    id: Default::default(),
                    name: pk.name.as_ref().map(|n| self.ident(n)),
                    columns,
                });
            }
            TableConstraint::Unique(u) => table.uniques.push(UniqueConstraint {
                id: Default::default(),
                name: u.name.as_ref().map(|n| self.ident(n)),
                columns: self.index_column_names(&u.columns),
            }),
            TableConstraint::ForeignKey(fk) => {
                let foreign_key = self.foreign_key(fk);
                table.foreign_keys.push(foreign_key);
            }
            TableConstraint::Check(check) => table.checks.push(CheckConstraint {
                id: Default::default(),
                name: check.name.as_ref().map(|n| self.ident(n)),
                expression: check.expr.to_string(),
            }),
            TableConstraint::Index(index) => {
                let id = self.ids.fresh();
                table.indexes.push(Index {
                    id,
                    name: index.name.as_ref().map(|n| self.ident(n)),
                    unique: false,
                    method: index
                        .index_type
                        .as_ref()
                        .map(|t| t.to_string().to_lowercase()),
                    parts: self.index_parts(&index.columns),
                    include: Vec::new(),
                    predicate: None,
                });
            }
            TableConstraint::FulltextOrSpatial(index) => {
                let id = self.ids.fresh();
                table.indexes.push(Index {
                    id,
                    name: index.opt_index_name.as_ref().map(|n| self.ident(n)),
                    unique: false,
                    method: Some(
                        if index.fulltext {
                            "fulltext"
                        } else {
                            "spatial"
                        }
                        .into(),
                    ),
                    parts: self.index_parts(&index.columns),
                    include: Vec::new(),
                    predicate: None,
                });
            }
            TableConstraint::PrimaryKeyUsingIndex(_) | TableConstraint::UniqueUsingIndex(_) => {
                self.warnings.push(format!(
                    "a constraint USING INDEX on table {} is not modelled yet",
                    table.name
                ))
            }
            TableConstraint::Exclude(_) => self.warnings.push(format!(
                "the EXCLUDE constraint on table {} is not modelled yet",
                table.name
            )),
        }
    }

    fn foreign_key(&mut self, fk: &ForeignKeyConstraint) -> ForeignKey {
        let (ref_schema, ref_table) = self.object_name(&fk.foreign_table);
        ForeignKey {
            id: self.ids.fresh(),
            name: fk.name.as_ref().map(|n| self.ident(n)),
            columns: fk.columns.iter().map(|c| self.ident(c)).collect(),
            ref_table: TableName::new(ref_schema, ref_table),
            ref_columns: fk.referred_columns.iter().map(|c| self.ident(c)).collect(),
            on_delete: fk.on_delete.map(action),
            on_update: fk.on_update.map(action),
            deferrable: fk
                .characteristics
                .as_ref()
                .and_then(|c| c.deferrable)
                .unwrap_or(false),
        }
    }

    fn index_column_names(&self, columns: &[IndexColumn]) -> Vec<String> {
        self.index_parts(columns)
            .into_iter()
            .map(|p| match p.target {
                IndexTarget::Column(c) | IndexTarget::Expression(c) => c,
            })
            .collect()
    }

    fn index_parts(&self, columns: &[IndexColumn]) -> Vec<IndexPart> {
        columns
            .iter()
            .map(|c| IndexPart {
                target: match &c.column.expr {
                    Expr::Identifier(i) => IndexTarget::Column(self.ident(i)),
                    // MySQL's `col(255)` indexes a prefix of the column (a functional key
                    // part needs its own parentheses there).
                    Expr::Function(f) if self.dialect == Dialect::Mysql => {
                        match (f.name.0.as_slice(), &f.args) {
                            ([part], sqlparser::ast::FunctionArguments::List(list))
                                if list.args.len() == 1 =>
                            {
                                match part.as_ident() {
                                    Some(i) => IndexTarget::Column(self.ident(i)),
                                    None => IndexTarget::Expression(f.to_string()),
                                }
                            }
                            _ => IndexTarget::Expression(f.to_string()),
                        }
                    }
                    // `((lower(email)))` is `lower(email)`: the parentheses an expression
                    // part needs are the generator's to write, so they do not pile up on
                    // each trip through the text.
                    other => IndexTarget::Expression(unnested(other).to_string()),
                },
                descending: matches!(c.column.options.sort, Some(OrderBySort::Desc)),
                opclass: c.operator_class.as_ref().map(|o| o.to_string()),
            })
            .collect()
    }

    fn create_index(&mut self, create: &CreateIndex) -> Result<(), NotModelled> {
        let table_ref = self.object_name(&create.table_name);
        let index = Index {
            id: self.ids.fresh(),
            name: create.name.as_ref().map(|n| self.object_name(n).1),
            unique: create.unique,
            // MySQL may write `USING BTREE` after the columns, among the index options.
            method: create
                .using
                .as_ref()
                .or_else(|| {
                    create.index_options.iter().find_map(|o| match o {
                        sqlparser::ast::IndexOption::Using(u) => Some(u),
                        _ => None,
                    })
                })
                .map(|u| u.to_string().to_lowercase()),
            parts: self.index_parts(&create.columns),
            include: create.include.iter().map(|i| self.ident(i)).collect(),
            predicate: create.predicate.as_ref().map(|p| p.to_string()),
        };
        if let Some(table) = self.table_mut(&table_ref) {
            table.indexes.push(index);
            return Ok(());
        }
        let view = self
            .model
            .views
            .iter_mut()
            .find(|v| v.name == table_ref.1 && (table_ref.0.is_none() || v.schema == table_ref.0))
            .ok_or_else(|| {
                not_modelled(
                    Severity::Warning,
                    format!("index on unknown table {}", table_ref.1),
                )
            })?;
        view.indexes.push(index);
        Ok(())
    }

    fn alter_table(&mut self, alter: &AlterTable) -> Result<(), NotModelled> {
        let table_ref = self.object_name(&alter.name);
        let Some(index) = self.table_index(&table_ref) else {
            return Err(not_modelled(
                Severity::Warning,
                format!("ALTER TABLE on unknown table {}", table_ref.1),
            ));
        };
        // Taken out while it changes, so the helpers can borrow the builder.
        let mut table = std::mem::take(&mut self.model.tables[index]);
        self.touched = Some(table.id);
        let mut changed = false;
        let mut ignored = 0;
        for operation in &alter.operations {
            if self.alter_operation(&mut table, operation) {
                changed = true;
            } else {
                ignored += 1;
            }
        }
        self.model.tables[index] = table;
        match (changed, ignored == 0) {
            (true, _) | (false, true) => Ok(()),
            (false, false) => Err(not_modelled(
                Severity::Info,
                "this ALTER TABLE operation is not modelled yet",
            )),
        }
    }

    fn alter_operation(&mut self, table: &mut Table, operation: &AlterTableOperation) -> bool {
        match operation {
            AlterTableOperation::AddConstraint { constraint, .. } => {
                self.add_constraint(table, constraint);
                true
            }
            AlterTableOperation::AddColumn { column_def, .. } => {
                self.add_column(table, column_def);
                true
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                let name = self.ident(column_name);
                let Some(column) = table.column_mut(&name) else {
                    return false;
                };
                match op {
                    AlterColumnOperation::SetNotNull => column.nullable = false,
                    AlterColumnOperation::DropNotNull => column.nullable = true,
                    AlterColumnOperation::SetDefault { value } => {
                        column.default = Some(value.to_string())
                    }
                    AlterColumnOperation::DropDefault => column.default = None,
                    AlterColumnOperation::SetDataType { data_type, .. } => {
                        column.data_type = ColumnType::from_spelling(&data_type.to_string())
                    }
                    _ => return false,
                }
                true
            }
            _ => false,
        }
    }

    fn comment(
        &mut self,
        object_type: &CommentObject,
        object_name: &ObjectName,
        comment: Option<String>,
    ) -> Result<(), NotModelled> {
        let parts: Vec<&Ident> = object_name
            .0
            .iter()
            .filter_map(|p| match p {
                ObjectNamePart::Identifier(i) => Some(i),
                _ => None,
            })
            .collect();
        let idents: Vec<String> = parts.iter().map(|i| self.ident(i)).collect();
        let missing = || not_modelled(Severity::Warning, "comment on an unknown object");
        match object_type {
            CommentObject::Table => {
                let table_ref = split_ref(&idents);
                let table = self.table_mut(&table_ref).ok_or_else(missing)?;
                table.comment = comment;
                Ok(())
            }
            CommentObject::Column => {
                let (column, table_path) = idents.split_last().ok_or_else(missing)?;
                let table_ref = split_ref(table_path);
                let table = self.table_mut(&table_ref).ok_or_else(missing)?;
                let column = table.column_mut(column).ok_or_else(missing)?;
                column.comment = comment;
                Ok(())
            }
            _ => Err(not_modelled(
                Severity::Info,
                "comments on this kind of object are not modelled yet",
            )),
        }
    }
}

fn split_ref(idents: &[String]) -> TableRef {
    match idents {
        [] => (None, String::new()),
        [name] => (None, name.clone()),
        [.., schema, name] => (Some(schema.clone()), name.clone()),
    }
}

fn action(a: AstAction) -> ReferentialAction {
    match a {
        AstAction::Restrict => ReferentialAction::Restrict,
        AstAction::Cascade => ReferentialAction::Cascade,
        AstAction::SetNull => ReferentialAction::SetNull,
        AstAction::NoAction => ReferentialAction::NoAction,
        AstAction::SetDefault => ReferentialAction::SetDefault,
    }
}

/// `NULL`, or a cast of it (`NULL::character varying`, as pg_dump prints a null default).
fn is_null(e: &Expr) -> bool {
    match e {
        Expr::Value(v) => v.to_string().eq_ignore_ascii_case("NULL"),
        Expr::Cast { expr, .. } | Expr::Nested(expr) => is_null(expr),
        _ => false,
    }
}

/// MySQL's `COMMENT='text'` table option, which sqlparser keeps among the table options.
fn table_option_comment(options: &sqlparser::ast::CreateTableOptions) -> Option<String> {
    use sqlparser::ast::{CommentDef, CreateTableOptions, SqlOption};
    let list = match options {
        CreateTableOptions::Plain(l)
        | CreateTableOptions::With(l)
        | CreateTableOptions::Options(l)
        | CreateTableOptions::TableProperties(l) => l,
        CreateTableOptions::None => return None,
    };
    list.iter().find_map(|o| match o {
        SqlOption::Comment(CommentDef::WithEq(c) | CommentDef::WithoutEq(c)) => Some(c.clone()),
        _ => None,
    })
}

/// `COMMENT 'text'` / `COMMENT = 'text'` as printed by sqlparser, back to the text.
fn comment_text(printed: &str) -> String {
    let s = printed.trim();
    let s = s.strip_prefix("COMMENT").unwrap_or(s).trim_start();
    let s = s.strip_prefix('=').unwrap_or(s).trim();
    s.strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(s)
        .replace("''", "'")
}

/// A built-in type written as a quoted or bracketed identifier, as SQL Server's tools write
/// them (`"datetime"`, `[nvarchar](20)`, `"nvarchar" (40)`): the type without its quotes.
/// A quoted name that is no built-in type (a user-defined type) stays as written.
fn quoted_builtin_type(spelling: &str) -> Option<String> {
    let spelling = spelling.trim();
    let close = match spelling.chars().next()? {
        '"' => '"',
        '[' => ']',
        '`' => '`',
        _ => return None,
    };
    let end = spelling[1..].find(close)? + 1;
    let name = &spelling[1..end];
    let rest = spelling[end + 1..].trim();
    if !(rest.is_empty() || rest.starts_with('(') && rest.ends_with(')')) {
        return None;
    }
    let unquoted = format!("{name}{rest}");
    match ColumnType::from_spelling(&unquoted).kind {
        crate::model::TypeKind::Other { .. } => None,
        _ => Some(unquoted),
    }
}

/// An expression without the parentheses around it.
fn unnested(mut expr: &Expr) -> &Expr {
    while let Expr::Nested(inner) = expr {
        expr = inner;
    }
    expr
}
