//! DBML (dbdiagram.io's language) to the model. Recursive descent over the tokens; an error
//! inside a block is reported with its position and the parser resumes at the next block,
//! so one mistake never costs the rest of the file.

use std::collections::BTreeMap;

use super::lexer::{Tok, Token};
use crate::diagnostic::{Diagnostic, Position, Severity};
use crate::import::sql::{ImportReport, SkippedStatement};
use crate::model::{
    CheckConstraint, Column, ColumnType, EnumType, ForeignKey, IdGen, Identity, Index, IndexPart,
    IndexTarget, Model, PrimaryKey, ProjectInfo, ReferentialAction, StickyNote, Table, TableGroup,
    UniqueConstraint,
};

/// A value after `key:` in settings.
#[derive(Clone, Debug)]
enum Value {
    Str(String),
    Expr(String),
    Number(String),
    Words(String),
    Color(String),
    Ref(RefSpec),
}

#[derive(Clone, Debug)]
struct Setting {
    key: String,
    value: Option<Value>,
}

/// `schema.table.(a, b)` as written.
#[derive(Clone, Debug)]
struct Endpoint {
    schema: Option<String>,
    table: String,
    columns: Vec<String>,
}

#[derive(Clone, Debug)]
struct RefSpec {
    relation: Relation,
    target: Endpoint,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Relation {
    /// `<`: the left side is referenced by the right.
    OneToMany,
    /// `>`: the left side references the right.
    ManyToOne,
    /// `-`
    OneToOne,
    /// `<>`
    ManyToMany,
}

struct PendingRef {
    name: Option<String>,
    from: Endpoint,
    relation: Relation,
    to: Endpoint,
    settings: Vec<Setting>,
    at: Position,
}

type Parse<T> = Result<T, Diagnostic>;

pub struct Parser<'a> {
    toks: &'a [Token],
    i: usize,
    model: Model,
    ids: IdGen,
    report: ImportReport,
    refs: Vec<PendingRef>,
}

impl<'a> Parser<'a> {
    pub fn new(toks: &'a [Token]) -> Self {
        Parser {
            toks,
            i: 0,
            model: Model::default(),
            ids: IdGen::default(),
            report: ImportReport::default(),
            refs: Vec::new(),
        }
    }

    pub fn run(mut self) -> (Model, ImportReport) {
        while self.i < self.toks.len() {
            let start = self.i;
            let at = self.toks[start].at;
            let keyword = self.word_at(start).unwrap_or_default().to_ascii_lowercase();
            self.report.statements += 1;
            let result = match keyword.as_str() {
                "project" => self.project(),
                "table" => self.table(),
                "enum" => self.enumeration(),
                "ref" => self.reference(),
                "tablegroup" => self.table_group(),
                "note" => self.sticky_note(),
                "records" | "tablepartial" => {
                    self.i += 1;
                    self.skip_block();
                    let reason = if keyword == "records" {
                        "data records are not part of the schema"
                    } else {
                        "TablePartial is not supported yet"
                    };
                    self.skip(at, &keyword, reason, Severity::Info);
                    continue;
                }
                _ => Err(Diagnostic::error(
                    format!(
                        "expected Table, Ref, Enum, TableGroup, Note or Project, found {}",
                        self.describe(start)
                    ),
                    Some(at),
                )),
            };
            match result {
                Ok(()) => self.report.imported += 1,
                Err(e) => {
                    let position = e.position.unwrap_or(at);
                    self.skip(position, &keyword, &e.message, Severity::Error);
                    self.recover(start);
                }
            }
        }
        self.resolve_refs();
        self.report.skipped.sort_by_key(|s| s.position);
        (self.model, self.report)
    }

    fn skip(&mut self, position: Position, kind: &str, reason: &str, severity: Severity) {
        self.report.skipped.push(SkippedStatement {
            position,
            kind: kind.to_string(),
            reason: reason.to_string(),
            severity,
        });
    }

    /// After an error, continue at the first top-level keyword after the failed block.
    fn recover(&mut self, start: usize) {
        self.i = start + 1;
        let mut depth = 0i32;
        while self.i < self.toks.len() {
            match &self.toks[self.i].tok {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => {
                    depth -= 1;
                    if depth <= 0 {
                        self.i += 1;
                        return;
                    }
                }
                Tok::Word(w) if depth == 0 && is_top_level(w) && self.line_start(self.i) => return,
                _ => {}
            }
            self.i += 1;
        }
    }

    fn line_start(&self, i: usize) -> bool {
        i == 0 || self.toks[i - 1].at.line < self.toks[i].at.line
    }

    // ---- token helpers -------------------------------------------------------------------

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }

    fn here(&self) -> Position {
        self.toks
            .get(self.i)
            .or_else(|| self.toks.last())
            .map_or(Position { line: 1, column: 1 }, |t| t.at)
    }

    fn word_at(&self, i: usize) -> Option<String> {
        match self.toks.get(i).map(|t| &t.tok) {
            Some(Tok::Word(w)) => Some(w.clone()),
            _ => None,
        }
    }

    fn describe(&self, i: usize) -> String {
        match self.toks.get(i).map(|t| &t.tok) {
            None => "the end of the text".into(),
            Some(Tok::Word(w)) => format!("'{w}'"),
            Some(Tok::Quoted(q)) => format!("\"{q}\""),
            Some(Tok::Str(_)) => "a string".into(),
            Some(Tok::Expr(_)) => "an expression".into(),
            Some(Tok::Number(n)) => format!("number {n}"),
            Some(Tok::Color(c)) => format!("colour {c}"),
            Some(Tok::Punct(c)) => format!("'{c}'"),
            Some(Tok::ManyToMany) => "'<>'".into(),
        }
    }

    fn error<T>(&self, expected: &str) -> Parse<T> {
        Err(Diagnostic::error(
            format!("expected {expected}, found {}", self.describe(self.i)),
            Some(self.here()),
        ))
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek() == Some(&Tok::Punct(c))
    }

    fn eat_punct(&mut self, c: char) -> bool {
        let found = self.is_punct(c);
        if found {
            self.i += 1;
        }
        found
    }

    fn expect_punct(&mut self, c: char) -> Parse<()> {
        if self.eat_punct(c) {
            Ok(())
        } else {
            self.error(&format!("'{c}'"))
        }
    }

    fn is_word(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(keyword))
    }

    fn eat_word(&mut self, keyword: &str) -> bool {
        let found = self.is_word(keyword);
        if found {
            self.i += 1;
        }
        found
    }

    /// A name: a bare word, a quoted name or a number.
    fn name(&mut self) -> Parse<String> {
        match self.peek().cloned() {
            Some(Tok::Word(w)) | Some(Tok::Quoted(w)) | Some(Tok::Number(w)) => {
                self.i += 1;
                Ok(w)
            }
            _ => self.error("a name"),
        }
    }

    /// `a.b.c` as its parts.
    fn dotted(&mut self) -> Parse<Vec<String>> {
        let mut parts = vec![self.name()?];
        while self.is_punct('.')
            && !matches!(
                self.toks.get(self.i + 1).map(|t| &t.tok),
                Some(Tok::Punct('('))
            )
        {
            self.i += 1;
            parts.push(self.name()?);
        }
        Ok(parts)
    }

    fn string(&mut self) -> Parse<String> {
        match self.peek().cloned() {
            Some(Tok::Str(s)) | Some(Tok::Quoted(s)) => {
                self.i += 1;
                Ok(s)
            }
            _ => self.error("a string"),
        }
    }

    /// Skips a `{ ... }` block (or nothing if none follows), also past a header up to it.
    fn skip_block(&mut self) {
        while self.i < self.toks.len() && !self.is_punct('{') {
            self.i += 1;
        }
        let mut depth = 0;
        while self.i < self.toks.len() {
            match &self.toks[self.i].tok {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    // ---- settings ------------------------------------------------------------------------

    /// `[key, key: value, ...]`, or nothing.
    fn settings(&mut self) -> Parse<Vec<Setting>> {
        let mut out = Vec::new();
        if !self.eat_punct('[') {
            return Ok(out);
        }
        loop {
            if self.eat_punct(']') {
                return Ok(out);
            }
            let mut words = Vec::new();
            while let Some(Tok::Word(w)) = self.peek().cloned() {
                words.push(w.to_ascii_lowercase());
                self.i += 1;
            }
            if words.is_empty() {
                return self.error("a setting");
            }
            let key = words.join(" ");
            let value = if self.eat_punct(':') {
                Some(self.setting_value(&key)?)
            } else {
                None
            };
            out.push(Setting { key, value });
            if !self.eat_punct(',') && !self.is_punct(']') {
                return self.error("',' or ']'");
            }
        }
    }

    fn setting_value(&mut self, key: &str) -> Parse<Value> {
        if key == "ref" {
            let relation = self.relation()?;
            let target = self.endpoint()?;
            return Ok(Value::Ref(RefSpec { relation, target }));
        }
        match self.peek().cloned() {
            Some(Tok::Str(s)) => {
                self.i += 1;
                Ok(Value::Str(s))
            }
            Some(Tok::Quoted(s)) => {
                self.i += 1;
                Ok(Value::Words(s))
            }
            Some(Tok::Expr(e)) => {
                self.i += 1;
                Ok(Value::Expr(e))
            }
            Some(Tok::Number(n)) => {
                self.i += 1;
                Ok(Value::Number(n))
            }
            Some(Tok::Color(c)) => {
                self.i += 1;
                Ok(Value::Color(c))
            }
            Some(Tok::Word(_)) => {
                let mut words = Vec::new();
                while let Some(Tok::Word(w)) = self.peek().cloned() {
                    words.push(w);
                    self.i += 1;
                }
                Ok(Value::Words(words.join(" ")))
            }
            _ => self.error("a value"),
        }
    }

    fn relation(&mut self) -> Parse<Relation> {
        let relation = match self.peek() {
            Some(Tok::Punct('<')) => Relation::OneToMany,
            Some(Tok::Punct('>')) => Relation::ManyToOne,
            Some(Tok::Punct('-')) => Relation::OneToOne,
            Some(Tok::ManyToMany) => Relation::ManyToMany,
            _ => return self.error("a relation ('<', '>', '-' or '<>')"),
        };
        self.i += 1;
        Ok(relation)
    }

    /// `table.column`, `schema.table.column`, `table.(a, b)`.
    fn endpoint(&mut self) -> Parse<Endpoint> {
        let mut parts = self.dotted()?;
        let columns = if self.is_punct('.') {
            self.i += 1;
            self.expect_punct('(')?;
            let mut columns = vec![self.name()?];
            while self.eat_punct(',') {
                columns.push(self.name()?);
            }
            self.expect_punct(')')?;
            columns
        } else {
            if parts.len() < 2 {
                return self.error("'table.column'");
            }
            vec![parts.pop().unwrap_or_default()]
        };
        let table = parts.pop().unwrap_or_default();
        Ok(Endpoint {
            schema: parts.pop(),
            table,
            columns,
        })
    }

    // ---- blocks --------------------------------------------------------------------------

    fn project(&mut self) -> Parse<()> {
        self.i += 1;
        let name = if self.is_punct('{') {
            String::new()
        } else {
            self.name()?
        };
        self.expect_punct('{')?;
        let mut info = ProjectInfo {
            name,
            ..ProjectInfo::default()
        };
        while !self.eat_punct('}') {
            let key = self.name()?.to_ascii_lowercase();
            if key == "note" {
                info.note = Some(self.note_body()?);
                continue;
            }
            self.expect_punct(':')?;
            let value = self.string()?;
            if key == "database_type" {
                info.database_type = Some(value);
            }
        }
        self.model.project = Some(info);
        Ok(())
    }

    /// After `Note`: `: 'text'` or `{ 'text' }`.
    fn note_body(&mut self) -> Parse<String> {
        if self.eat_punct(':') {
            return self.string();
        }
        self.expect_punct('{')?;
        let text = self.string()?;
        self.expect_punct('}')?;
        Ok(text)
    }

    fn table(&mut self) -> Parse<()> {
        let at = self.here();
        self.i += 1;
        let mut parts = self.dotted()?;
        let name = parts.pop().unwrap_or_default();
        let schema = parts.pop();
        let alias = if self.eat_word("as") {
            Some(self.name()?)
        } else {
            None
        };
        let mut table = Table {
            id: self.ids.fresh(),
            schema,
            name,
            alias,
            ..Table::default()
        };
        for s in self.settings()? {
            match (s.key.as_str(), s.value) {
                ("headercolor", Some(Value::Color(c))) => table.color = Some(c),
                ("note", Some(Value::Str(n))) => table.comment = Some(n),
                _ => {}
            }
        }
        self.expect_punct('{')?;
        let mut pk_columns = Vec::new();
        while !self.eat_punct('}') {
            if self.i >= self.toks.len() {
                return self.error("'}'");
            }
            let next_is = |p: &Self, c: char| matches!(p.toks.get(p.i + 1).map(|t| &t.tok), Some(Tok::Punct(x)) if *x == c);
            if self.is_word("note") && (next_is(self, ':') || next_is(self, '{')) {
                self.i += 1;
                table.comment = Some(self.note_body()?);
            } else if self.is_word("indexes") && next_is(self, '{') {
                self.i += 2;
                self.indexes(&mut table)?;
            } else if self.is_word("checks") && next_is(self, '{') {
                self.i += 2;
                while !self.eat_punct('}') {
                    let Some(Tok::Expr(expression)) = self.peek().cloned() else {
                        return self.error("a `check expression`");
                    };
                    self.i += 1;
                    let name = self.settings()?.into_iter().find_map(|s| {
                        match (s.key.as_str(), s.value) {
                            ("name", Some(Value::Str(n) | Value::Words(n))) => Some(n),
                            _ => None,
                        }
                    });
                    table.checks.push(CheckConstraint { name, expression });
                }
            } else {
                self.column(&mut table, &mut pk_columns)?;
            }
        }
        let defined = self
            .model
            .tables
            .iter()
            .any(|t| t.name == table.name && t.schema == table.schema);
        if defined {
            return Err(Diagnostic::error(
                format!(
                    "table {} is already defined; this definition is ignored",
                    table.qualified_name()
                ),
                Some(at),
            ));
        }
        if !pk_columns.is_empty() && table.primary_key.is_none() {
            table.primary_key = Some(PrimaryKey {
                name: None,
                columns: pk_columns,
            });
        }
        self.model.tables.push(table);
        Ok(())
    }

    fn column(&mut self, table: &mut Table, pk_columns: &mut Vec<String>) -> Parse<()> {
        let at = self.here();
        let name = self.name()?;
        let spelling = self.type_spelling()?;
        if table.column(&name).is_some() {
            // Read the settings too, then keep the first definition.
            self.settings()?;
            self.skip(
                at,
                "column",
                &format!(
                    "column {name} is already defined in table {}; this definition is ignored",
                    table.name
                ),
                Severity::Error,
            );
            return Ok(());
        }
        let mut column = Column {
            id: self.ids.fresh(),
            name: name.clone(),
            data_type: ColumnType::from_spelling(&spelling),
            nullable: true,
            default: None,
            identity: None,
            comment: None,
        };
        let at_settings = self.here();
        for s in self.settings()? {
            match (s.key.as_str(), s.value) {
                ("pk" | "primary key", _) => {
                    pk_columns.push(name.clone());
                    column.nullable = false;
                }
                ("increment", _) => column.identity = Some(Identity::ByDefault),
                ("not null", _) => column.nullable = false,
                ("null", _) => column.nullable = true,
                ("unique", _) => table.uniques.push(UniqueConstraint {
                    name: None,
                    columns: vec![name.clone()],
                }),
                ("default", Some(v)) => column.default = Some(default_sql(v)),
                ("note", Some(Value::Str(n))) => column.comment = Some(n),
                ("check", Some(Value::Expr(e))) => table.checks.push(CheckConstraint {
                    name: None,
                    expression: e,
                }),
                ("ref", Some(Value::Ref(spec))) => self.refs.push({
                    let this = Endpoint {
                        schema: table.schema.clone(),
                        table: table.name.clone(),
                        columns: vec![name.clone()],
                    };
                    // An inline `<>` names its junction after the other table first, as
                    // dbdiagram does (`ref: <> d.id` in table c gives `d_c`).
                    let (from, to) = if spec.relation == Relation::ManyToMany {
                        (spec.target, this)
                    } else {
                        (this, spec.target)
                    };
                    PendingRef {
                        name: None,
                        from,
                        relation: spec.relation,
                        to,
                        settings: Vec::new(),
                        at: at_settings,
                    }
                }),
                _ => {}
            }
        }
        // A key column is never null, whatever order `pk` and `null` came in.
        if pk_columns.contains(&name) {
            column.nullable = false;
        }
        table.columns.push(column);
        Ok(())
    }

    /// `int`, `varchar(255)`, `decimal(10, 2)`, `int[]`, `schema.type`, `"any spelling"`.
    fn type_spelling(&mut self) -> Parse<String> {
        let mut spelling = match self.peek().cloned() {
            Some(Tok::Word(w)) | Some(Tok::Quoted(w)) => {
                self.i += 1;
                w
            }
            _ => return self.error("a column type"),
        };
        while self.is_punct('.') {
            self.i += 1;
            spelling.push('.');
            spelling.push_str(&self.name()?);
        }
        if self.eat_punct('(') {
            let mut args = Vec::new();
            while !self.eat_punct(')') {
                match self.peek().cloned() {
                    Some(Tok::Number(n)) | Some(Tok::Word(n)) => args.push(n),
                    Some(Tok::Str(s)) => args.push(format!("'{}'", s.replace('\'', "''"))),
                    Some(Tok::Punct(',')) => {}
                    _ => return self.error("a type argument or ')'"),
                }
                self.i += 1;
            }
            spelling = format!("{spelling}({})", args.join(","));
        }
        // `[]` and `[n]` after a type are array dimensions, not settings.
        loop {
            let next = self.toks.get(self.i + 1).map(|t| &t.tok);
            let after = self.toks.get(self.i + 2).map(|t| &t.tok);
            match (self.peek(), next, after) {
                (Some(Tok::Punct('[')), Some(Tok::Punct(']')), _) => {
                    self.i += 2;
                    spelling.push_str("[]");
                }
                (Some(Tok::Punct('[')), Some(Tok::Number(n)), Some(Tok::Punct(']'))) => {
                    spelling.push_str(&format!("[{n}]"));
                    self.i += 3;
                }
                _ => break,
            }
        }
        Ok(spelling)
    }

    fn indexes(&mut self, table: &mut Table) -> Parse<()> {
        while !self.eat_punct('}') {
            let at = self.here();
            let parts = if self.eat_punct('(') {
                let mut parts = vec![self.index_part()?];
                while self.eat_punct(',') {
                    parts.push(self.index_part()?);
                }
                self.expect_punct(')')?;
                parts
            } else {
                vec![self.index_part()?]
            };
            let mut index = Index {
                id: self.ids.fresh(),
                name: None,
                unique: false,
                method: None,
                parts,
                include: Vec::new(),
                predicate: None,
            };
            let mut primary = false;
            let settings = self.settings()?;
            let unknown = index.parts.iter().find_map(|p| match &p.target {
                IndexTarget::Column(c) if table.column(c).is_none() => Some(c.clone()),
                _ => None,
            });
            if let Some(column) = unknown {
                self.skip(
                    at,
                    "index",
                    &format!("index on unknown column {column} of table {}", table.name),
                    Severity::Error,
                );
                continue;
            }
            for s in settings {
                match (s.key.as_str(), s.value) {
                    ("pk" | "primary key", _) => primary = true,
                    ("unique", _) => index.unique = true,
                    ("name", Some(Value::Str(n) | Value::Words(n))) => index.name = Some(n),
                    ("type", Some(Value::Words(t) | Value::Str(t))) => {
                        index.method = Some(t.to_ascii_lowercase())
                    }
                    _ => {}
                }
            }
            if primary {
                let columns: Vec<String> = index
                    .parts
                    .iter()
                    .map(|p| match &p.target {
                        IndexTarget::Column(c) | IndexTarget::Expression(c) => c.clone(),
                    })
                    .collect();
                for c in &columns {
                    if let Some(col) = table.column_mut(c) {
                        col.nullable = false;
                    }
                }
                table.primary_key = Some(PrimaryKey {
                    name: index.name,
                    columns,
                });
            } else {
                table.indexes.push(index);
            }
        }
        Ok(())
    }

    fn index_part(&mut self) -> Parse<IndexPart> {
        let target = match self.peek().cloned() {
            Some(Tok::Expr(e)) => {
                self.i += 1;
                IndexTarget::Expression(e)
            }
            _ => IndexTarget::Column(self.name()?),
        };
        Ok(IndexPart {
            target,
            descending: false,
        })
    }

    fn enumeration(&mut self) -> Parse<()> {
        self.i += 1;
        let mut parts = self.dotted()?;
        let name = parts.pop().unwrap_or_default();
        let schema = parts.pop();
        self.expect_punct('{')?;
        let mut values = Vec::new();
        while !self.eat_punct('}') {
            values.push(match self.peek().cloned() {
                Some(Tok::Str(s)) => {
                    self.i += 1;
                    s
                }
                _ => self.name()?,
            });
            self.settings()?;
        }
        let id = self.ids.fresh();
        self.model.enums.push(EnumType {
            id,
            schema,
            name,
            values,
        });
        Ok(())
    }

    fn reference(&mut self) -> Parse<()> {
        self.i += 1;
        let name = if self.is_punct(':') || self.is_punct('{') {
            None
        } else {
            Some(self.name()?)
        };
        if self.eat_punct(':') {
            return self.reference_body(name);
        }
        self.expect_punct('{')?;
        while !self.eat_punct('}') {
            self.reference_body(name.clone())?;
        }
        Ok(())
    }

    fn reference_body(&mut self, name: Option<String>) -> Parse<()> {
        let at = self.here();
        let from = self.endpoint()?;
        let relation = self.relation()?;
        let to = self.endpoint()?;
        let settings = self.settings()?;
        self.refs.push(PendingRef {
            name,
            from,
            relation,
            to,
            settings,
            at,
        });
        Ok(())
    }

    fn table_group(&mut self) -> Parse<()> {
        self.i += 1;
        let name = self.name()?;
        let mut group = TableGroup {
            id: self.ids.fresh(),
            name,
            tables: Vec::new(),
            color: None,
            note: None,
        };
        for s in self.settings()? {
            match (s.key.as_str(), s.value) {
                ("color", Some(Value::Color(c))) => group.color = Some(c),
                ("note", Some(Value::Str(n))) => group.note = Some(n),
                _ => {}
            }
        }
        self.expect_punct('{')?;
        while !self.eat_punct('}') {
            if self.is_word("note")
                && matches!(
                    self.toks.get(self.i + 1).map(|t| &t.tok),
                    Some(Tok::Punct(':' | '{'))
                )
            {
                self.i += 1;
                group.note = Some(self.note_body()?);
                continue;
            }
            group.tables.push(self.dotted()?.join("."));
        }
        self.model.table_groups.push(group);
        Ok(())
    }

    fn sticky_note(&mut self) -> Parse<()> {
        self.i += 1;
        let name = self.name()?;
        self.expect_punct('{')?;
        let text = self.string()?;
        self.expect_punct('}')?;
        let id = self.ids.fresh();
        self.model.notes.push(StickyNote { id, name, text });
        Ok(())
    }

    // ---- references ----------------------------------------------------------------------

    /// A many-to-many `Ref` (`<>`) becomes what a relational schema holds: a junction table
    /// `{a}_{b}` in the first table's schema, with a column per referenced column, the
    /// primary key over all of them, and a foreign key to each side (as dbdiagram exports it).
    fn junction_table(&mut self, r: PendingRef, aliases: &BTreeMap<String, String>) {
        let find = |model: &Model, e: &Endpoint| -> Option<Table> {
            let name = aliases.get(&e.table).unwrap_or(&e.table);
            model
                .tables
                .iter()
                .find(|t| &t.name == name && (e.schema.is_none() || t.schema == e.schema))
                .cloned()
        };
        let (Some(a), Some(b)) = (find(&self.model, &r.from), find(&self.model, &r.to)) else {
            self.skip(
                r.at,
                "Ref",
                "a many-to-many reference (<>) to an unknown table",
                Severity::Error,
            );
            return;
        };
        let mut columns = Vec::new();
        let mut foreign_keys = Vec::new();
        for (side, ends) in [(&a, &r.from.columns), (&b, &r.to.columns)] {
            let mut own = Vec::new();
            for c in ends {
                let Some(column) = side.column(c) else {
                    self.skip(
                        r.at,
                        "Ref",
                        &format!("column {c} is not in table {}", side.name),
                        Severity::Error,
                    );
                    return;
                };
                let mut name = format!("{}_{c}", side.name);
                // A table related to itself repeats its column names: keep them apart.
                while columns.iter().any(|x: &Column| x.name == name) {
                    name.push_str("_2");
                }
                own.push(name.clone());
                columns.push(Column {
                    id: self.ids.fresh(),
                    name,
                    data_type: column.data_type.clone(),
                    nullable: false,
                    default: None,
                    identity: None,
                    comment: None,
                });
            }
            foreign_keys.push(ForeignKey {
                id: self.ids.fresh(),
                name: None,
                columns: own,
                ref_schema: side.schema.clone(),
                ref_table: side.name.clone(),
                ref_columns: ends.clone(),
                on_delete: None,
                on_update: None,
                deferrable: false,
            });
        }
        let base = format!("{}_{}", a.name, b.name);
        let taken = |name: &str| {
            self.model
                .tables
                .iter()
                .any(|t| t.name == name && t.schema == a.schema)
        };
        let mut name = base.clone();
        let mut n = 1;
        while taken(&name) {
            name = format!("{base}({n})");
            n += 1;
        }
        let key: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        self.model.tables.push(Table {
            id: self.ids.fresh(),
            schema: a.schema.clone(),
            name,
            columns,
            primary_key: Some(PrimaryKey {
                name: None,
                columns: key,
            }),
            foreign_keys,
            ..Table::default()
        });
    }

    /// Turns every `Ref` into a foreign key on the referencing table, once all tables exist.
    fn resolve_refs(&mut self) {
        let aliases: BTreeMap<String, String> = self
            .model
            .tables
            .iter()
            .filter_map(|t| t.alias.clone().map(|a| (a, t.name.clone())))
            .collect();
        for r in std::mem::take(&mut self.refs) {
            let (child, parent) = match r.relation {
                Relation::ManyToOne | Relation::OneToOne => (r.from, r.to),
                Relation::OneToMany => (r.to, r.from),
                Relation::ManyToMany => {
                    self.junction_table(r, &aliases);
                    continue;
                }
            };
            let resolve = |name: &str| {
                aliases
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| name.to_string())
            };
            let child_name = resolve(&child.table);
            let parent_name = resolve(&parent.table);
            let mut fk = ForeignKey {
                id: self.ids.fresh(),
                name: r.name,
                columns: child.columns,
                ref_schema: parent.schema,
                ref_table: parent_name,
                ref_columns: parent.columns,
                on_delete: None,
                on_update: None,
                deferrable: false,
            };
            for s in &r.settings {
                if let Some(Value::Words(w)) = &s.value {
                    match s.key.as_str() {
                        "delete" => fk.on_delete = action(w),
                        "update" => fk.on_update = action(w),
                        _ => {}
                    }
                }
            }
            let table = self.model.tables.iter_mut().find(|t| {
                t.name == child_name && (child.schema.is_none() || t.schema == child.schema)
            });
            match table {
                Some(t) => t.foreign_keys.push(fk),
                None => self.skip(
                    r.at,
                    "Ref",
                    &format!("reference from unknown table {}", child.table),
                    Severity::Warning,
                ),
            }
        }
    }
}

fn is_top_level(word: &str) -> bool {
    [
        "table",
        "ref",
        "enum",
        "tablegroup",
        "note",
        "project",
        "records",
        "tablepartial",
    ]
    .iter()
    .any(|k| word.eq_ignore_ascii_case(k))
}

fn action(words: &str) -> Option<ReferentialAction> {
    match words.to_ascii_lowercase().as_str() {
        "cascade" => Some(ReferentialAction::Cascade),
        "restrict" => Some(ReferentialAction::Restrict),
        "set null" => Some(ReferentialAction::SetNull),
        "set default" => Some(ReferentialAction::SetDefault),
        "no action" => Some(ReferentialAction::NoAction),
        _ => None,
    }
}

/// A DBML default as the SQL expression the model stores.
fn default_sql(value: Value) -> String {
    match value {
        Value::Str(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Expr(e) => e,
        Value::Number(n) => n,
        Value::Words(w) | Value::Color(w) => w,
        Value::Ref(_) => String::new(),
    }
}
