//! DBML (dbdiagram.io's language) to the model. Recursive descent over the tokens; an error
//! inside a block is reported with its position and the parser resumes at the next block,
//! so one mistake never costs the rest of the file.

use std::collections::BTreeMap;

mod partials;
mod references;

use super::lexer::{Tok, Token};
use crate::diagnostic::{Diagnostic, Position, Severity};
use crate::import::sql::{ImportReport, SkippedStatement};
use crate::model::{
    ByName, CheckConstraint, Column, ColumnType, EnumType, IdGen, Identity, ProjectInfo,
    StickyNote, TableName,
};

// The parser writes references as the text does, by name; the import resolves them.
type Model = crate::model::Model<ByName>;
type Table = crate::model::Table<ByName>;
type TableGroup = crate::model::TableGroup<ByName>;
type Index = crate::model::Index<ByName>;
type IndexPart = crate::model::IndexPart<ByName>;
type IndexTarget = crate::model::IndexTarget<ByName>;
type UniqueConstraint = crate::model::UniqueConstraint<ByName>;
type PrimaryKey = crate::model::PrimaryKey<ByName>;
type ForeignKey = crate::model::ForeignKey<ByName>;

/// A value after `key:` in settings.
#[derive(Clone, Debug)]
enum Value {
    Str(String),
    Expr(String),
    Number(String),
    Words(String),
    Color(String),
    Ref(RefSpec),
    /// `enum.value` or `schema.enum.value`.
    EnumMember(Vec<String>),
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

impl Endpoint {
    fn display_table(&self) -> String {
        match &self.schema {
            Some(s) => format!("{s}.{}", self.table),
            None => self.table.clone(),
        }
    }
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

#[derive(Clone, Debug)]
struct PendingRef {
    name: Option<String>,
    from: Endpoint,
    relation: Relation,
    to: Endpoint,
    settings: Vec<Setting>,
    at: Position,
    /// The bytes of a `Ref` statement (an inline ref is inside its table's block).
    span: Option<std::ops::Range<usize>>,
}

type Parse<T> = Result<T, Diagnostic>;

pub struct Parser<'a> {
    toks: &'a [Token],
    i: usize,
    model: Model,
    ids: IdGen,
    report: ImportReport,
    refs: Vec<PendingRef>,
    /// Where each group member was written (group index, member index), for messages.
    member_positions: Vec<(usize, usize, Position)>,
    partials: BTreeMap<String, partials::Partial>,
    /// Where each `TablePartial` read before the main pass ends, by where it starts.
    partial_ends: BTreeMap<usize, usize>,
    /// The blocks and `Ref`s that write each table.
    spans: crate::model::TextSpans,
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
            member_positions: Vec::new(),
            partials: BTreeMap::new(),
            partial_ends: BTreeMap::new(),
            spans: crate::model::TextSpans::default(),
        }
    }

    /// The bytes of tokens `from..self.i`.
    fn span_from(&self, from: usize) -> std::ops::Range<usize> {
        let start = self.toks.get(from).map_or(0, |t| t.span.start);
        let end = self
            .i
            .checked_sub(1)
            .and_then(|last| self.toks.get(last))
            .map_or(start, |t| t.span.end);
        start..end.max(start)
    }

    pub fn run(mut self) -> (Model, ImportReport, crate::model::TextSpans) {
        self.read_partials();
        while self.i < self.toks.len() {
            let start = self.i;
            let at = self.toks[start].at;
            let keyword = self.word_at(start).unwrap_or_default().to_ascii_lowercase();
            self.report.statements += 1;
            let result = match keyword.as_str() {
                "project" => self.project(),
                "table" => self.table().map(|()| {
                    if let Some(id) = self.model.tables.last().map(|t| t.id) {
                        let span = self.span_from(start);
                        self.spans.add(id, span);
                    }
                }),
                "enum" => self.enumeration(),
                "ref" => self.reference(),
                "tablegroup" => self.table_group(),
                "note" => self.sticky_note(),
                "tablepartial" => {
                    // Read before the main pass.
                    self.i = self
                        .partial_ends
                        .get(&start)
                        .copied()
                        .unwrap_or(start + 1)
                        .max(start + 1);
                    self.report.imported += 1;
                    continue;
                }
                "records" => {
                    self.i += 1;
                    self.skip_block();
                    let reason = "data records are not part of the schema";
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
        self.resolve_group_members();
        self.report.skipped.sort_by_key(|s| s.position);
        (self.model, self.report, self.spans)
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
        if let Some(n) = self.signed_number() {
            return Ok(Value::Number(n));
        }
        match self.peek().cloned() {
            Some(Tok::Str(s)) => {
                self.i += 1;
                Ok(Value::Str(s))
            }
            Some(Tok::Word(w) | Tok::Quoted(w))
                if matches!(
                    self.toks.get(self.i + 1).map(|t| &t.tok),
                    Some(Tok::Punct('.'))
                ) =>
            {
                // `schema.enum.value` (or `enum.value`): an enum value.
                self.i += 1;
                let mut parts = vec![w];
                while self.eat_punct('.') {
                    parts.push(self.name()?);
                }
                Ok(Value::EnumMember(parts))
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

    /// A number after any run of signs (`-5`, `- -5`, `+3`), the signs folded into one.
    fn signed_number(&mut self) -> Option<String> {
        let start = self.i;
        let mut negative = false;
        loop {
            match self.peek() {
                Some(Tok::Punct('-')) => negative = !negative,
                Some(Tok::Punct('+')) => {}
                _ => break,
            }
            self.i += 1;
        }
        let Some(Tok::Number(n)) = self.peek().cloned() else {
            self.i = start;
            return None;
        };
        self.i += 1;
        let (written_negative, digits) = match n.strip_prefix('-') {
            Some(d) => (true, d.to_string()),
            None => (false, n),
        };
        Some(if negative != written_negative {
            format!("-{digits}")
        } else {
            digits
        })
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
        let (color, comment) = self.table_settings()?;
        let mut table = Table {
            id: self.ids.fresh(),
            schema,
            name,
            alias,
            color,
            comment,
            ..Table::default()
        };
        self.expect_punct('{')?;
        let body = self.table_body(&table.schema, &table.name, true)?;
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
        self.assemble(&mut table, body);
        self.model.tables.push(table.into());
        Ok(())
    }

    fn column(&mut self, table: &mut Table, pk_columns: &mut Vec<String>) -> Parse<()> {
        let name = self.name()?;
        let spelling = self.type_spelling()?;
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
        let first_ref = self.refs.len();
        let mut actions = Vec::new();
        for s in self.settings()? {
            match (s.key.as_str(), s.value) {
                ("pk" | "primary key", _) => {
                    pk_columns.push(name.clone());
                    column.nullable = false;
                }
                ("increment", _) => column.identity = Some(Identity::ByDefault),
                ("not null", _) => column.nullable = false,
                ("null", _) => column.nullable = true,
                // `[unique, unique]` is one unique key.
                ("unique", _) if !table.uniques.iter().any(|u| u.columns == [name.as_str()]) => {
                    table.uniques.push(UniqueConstraint {
                        id: Default::default(),
                        name: None,
                        columns: vec![name.clone()],
                    })
                }
                ("default", Some(v)) => column.default = Some(default_sql(v)),
                ("note", Some(Value::Str(n) | Value::Words(n))) => column.comment = Some(n),
                ("check", Some(Value::Expr(e))) => table.checks.push(CheckConstraint {
                    id: Default::default(),
                    name: None,
                    expression: e,
                }),
                ("ref", Some(Value::Ref(spec))) => self.refs.push(partials::inline_ref(
                    table,
                    &name,
                    spec.relation,
                    spec.target,
                    at_settings,
                )),
                // Actions of the column's inline ref: `[ref: > a.id, delete: cascade]`.
                ("delete" | "update", Some(value)) => actions.push(Setting {
                    key: s.key.clone(),
                    value: Some(value),
                }),
                _ => {}
            }
        }
        for r in &mut self.refs[first_ref..] {
            r.settings.extend(actions.iter().cloned());
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
                if let Some(n) = self.signed_number() {
                    args.push(n);
                    continue;
                }
                match self.peek().cloned() {
                    Some(Tok::Number(n)) | Some(Tok::Word(n)) => args.push(n),
                    // `varchar("MAX")`, `varbinary('MAX')`: a word or number in quotes.
                    Some(Tok::Quoted(q)) => args.push(q),
                    Some(Tok::Str(s)) if is_bare_argument(&s) => args.push(s),
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

    /// The indexes of an `indexes { ... }` block; they are checked against the table's
    /// columns once it is assembled.
    fn indexes(&mut self) -> Parse<Vec<partials::ParsedIndex>> {
        let mut out = Vec::new();
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
                id: Default::default(),
                name: None,
                unique: false,
                method: None,
                parts,
                include: Vec::new(),
                predicate: None,
            };
            let mut primary = false;
            for s in self.settings()? {
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
            out.push(partials::ParsedIndex { index, primary, at });
        }
        Ok(out)
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
            opclass: None,
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
            value_ids: Vec::new(),
            id,
            schema,
            name,
            values,
        });
        Ok(())
    }

    fn reference(&mut self) -> Parse<()> {
        let keyword = self.i;
        self.i += 1;
        let name = if self.is_punct(':') || self.is_punct('{') {
            None
        } else {
            Some(self.name()?)
        };
        if self.eat_punct(':') {
            return self.reference_body(name, keyword);
        }
        self.expect_punct('{')?;
        while !self.eat_punct('}') {
            let first = self.i;
            self.reference_body(name.clone(), first)?;
        }
        Ok(())
    }

    /// A reference's endpoints and settings; `first` is the token its text starts at.
    fn reference_body(&mut self, name: Option<String>, first: usize) -> Parse<()> {
        let at = self.here();
        let from = self.endpoint()?;
        let relation = self.relation()?;
        let to = self.endpoint()?;
        let settings = self.settings()?;
        let span = Some(self.span_from(first));
        self.refs.push(PendingRef {
            name,
            from,
            relation,
            to,
            settings,
            at,
            span,
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
                ("note", Some(Value::Str(n) | Value::Words(n))) => group.note = Some(n),
                _ => {}
            }
        }
        self.expect_punct('{')?;
        // Where each member was written; kept only once the whole group has parsed.
        let mut positions = Vec::new();
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
            // Which table a member is, and whether another group has it already, is
            // settled once every table is known (`resolve_group_members`).
            let at = self.here();
            let mut parts = self.dotted()?;
            let name = parts.pop().unwrap_or_default();
            let schema = (!parts.is_empty()).then(|| parts.join("."));
            positions.push((group.tables.len(), at));
            group.tables.push(TableName::new(schema, name));
        }
        let g = self.model.table_groups.len();
        self.member_positions
            .extend(positions.into_iter().map(|(m, at)| (g, m, at)));
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

/// A DBML default as the SQL expression the model stores.
fn default_sql(value: Value) -> String {
    match value {
        Value::Str(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Expr(e) => e,
        Value::Number(n) => n,
        Value::Words(w) | Value::Color(w) => w,
        Value::Ref(_) => String::new(),
        Value::EnumMember(parts) => format!(
            "'{}'",
            parts
                .last()
                .map_or(String::new(), |v| v.replace('\'', "''"))
        ),
    }
}

/// A quoted type argument that means the word or number it holds (`'MAX'`, `"10"`).
fn is_bare_argument(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric())
}
