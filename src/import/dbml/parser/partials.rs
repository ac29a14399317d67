//! Table bodies and `TablePartial`s. A body is read as a list of entries (columns and
//! `~partial` injections) and then assembled into a table by the DBML reference's rules: an
//! injection stands for the partial's whole content at its place; a column, setting or note
//! written in the table itself overrides any partial's; between partials the one injected
//! last wins. Partials are global (no schema) and may be defined after the tables that use
//! them, so they are all read before the tables.

use std::collections::BTreeMap;

use super::{Endpoint, Parse, Parser, PendingRef, Relation, Setting, Value};
use super::{Index, IndexTarget, PrimaryKey, Table, UniqueConstraint};
use crate::diagnostic::{Diagnostic, Position, Severity};
use crate::import::dbml::lexer::Tok;
use crate::model::{CheckConstraint, Column};

/// The name a partial's columns refer to themselves by in their inline refs, until they
/// are injected into a table (no DBML name can contain a NUL).
const THIS_TABLE: &str = "\0partial";

/// One column as written, with everything its settings add to the table.
#[derive(Clone, Debug)]
pub(super) struct ColumnPiece {
    pub column: Column,
    pub primary: bool,
    pub uniques: Vec<UniqueConstraint>,
    pub checks: Vec<CheckConstraint>,
    pub refs: Vec<PendingRef>,
    pub at: Position,
}

/// An index as written, checked against the columns once the table is assembled.
#[derive(Clone, Debug)]
pub(super) struct ParsedIndex {
    pub index: Index,
    pub primary: bool,
    pub at: Position,
}

#[derive(Clone, Debug)]
enum Entry {
    Column(ColumnPiece),
    Inject(String, Position),
}

/// A table's or a partial's body, before assembly.
#[derive(Clone, Debug, Default)]
pub(super) struct Body {
    entries: Vec<Entry>,
    indexes: Vec<ParsedIndex>,
    checks: Vec<CheckConstraint>,
    note: Option<String>,
}

/// A `TablePartial`: its body and its table settings.
#[derive(Clone, Debug)]
pub(super) struct Partial {
    body: Body,
    color: Option<String>,
    note: Option<String>,
}

impl Parser<'_> {
    /// Reads every top-level `TablePartial` first; the main pass then skips them.
    pub(super) fn read_partials(&mut self) {
        let mut depth = 0usize;
        let mut k = 0;
        while k < self.toks.len() {
            match &self.toks[k].tok {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => depth = depth.saturating_sub(1),
                Tok::Word(w)
                    if depth == 0
                        && w.eq_ignore_ascii_case("tablepartial")
                        && self.line_start(k) =>
                {
                    self.i = k;
                    if let Err(e) = self.table_partial() {
                        let at = e.position.unwrap_or(self.toks[k].at);
                        self.skip(at, "TablePartial", &e.message, Severity::Error);
                        self.recover(k);
                    }
                    self.partial_ends.insert(k, self.i);
                    k = self.i.max(k + 1);
                    continue;
                }
                _ => {}
            }
            k += 1;
        }
        self.i = 0;
    }

    fn table_partial(&mut self) -> Parse<()> {
        let at = self.here();
        self.i += 1;
        let name = self.name()?;
        let (color, note) = self.table_settings()?;
        self.expect_punct('{')?;
        let body = self.table_body(&None, THIS_TABLE, false)?;
        if self.partials.contains_key(&name) {
            return Err(Diagnostic::error(
                format!("TablePartial {name} is already defined"),
                Some(at),
            ));
        }
        self.partials.insert(name, Partial { body, color, note });
        Ok(())
    }

    /// `[headercolor: #hex, note: '...']` after a table's or partial's name.
    pub(super) fn table_settings(&mut self) -> Parse<(Option<String>, Option<String>)> {
        let (mut color, mut note) = (None, None);
        for s in self.settings()? {
            match (s.key.as_str(), s.value) {
                ("headercolor", Some(Value::Color(c))) => color = Some(c),
                ("headercolor", Some(Value::Str(c) | Value::Words(c))) if c.starts_with('#') => {
                    color = Some(c)
                }
                ("note", Some(Value::Str(n) | Value::Words(n))) => note = Some(n),
                _ => {}
            }
        }
        Ok((color, note))
    }

    /// The entries of a body after its `{`, through its `}`.
    pub(super) fn table_body(
        &mut self,
        schema: &Option<String>,
        table: &str,
        injections: bool,
    ) -> Parse<Body> {
        let mut body = Body::default();
        while !self.eat_punct('}') {
            if self.i >= self.toks.len() {
                return self.error("'}'");
            }
            let next_is = |p: &Self, c: char| matches!(p.toks.get(p.i + 1).map(|t| &t.tok), Some(Tok::Punct(x)) if *x == c);
            if self.is_punct('~') {
                let at = self.here();
                if !injections {
                    return Err(Diagnostic::error(
                        "a TablePartial cannot inject another partial",
                        Some(at),
                    ));
                }
                self.i += 1;
                body.entries.push(Entry::Inject(self.name()?, at));
            } else if self.is_word("note") && (next_is(self, ':') || next_is(self, '{')) {
                self.i += 1;
                body.note = Some(self.note_body()?);
            } else if self.is_word("indexes") && next_is(self, '{') {
                self.i += 2;
                body.indexes.extend(self.indexes()?);
            } else if self.is_word("checks") && next_is(self, '{') {
                self.i += 2;
                while !self.eat_punct('}') {
                    let Some(Tok::Expr(expression)) = self.peek().cloned() else {
                        return self.error("a `check expression`");
                    };
                    self.i += 1;
                    let name = self.settings()?.into_iter().find_map(|s: Setting| {
                        match (s.key.as_str(), s.value) {
                            ("name", Some(Value::Str(n) | Value::Words(n))) => Some(n),
                            _ => None,
                        }
                    });
                    body.checks.push(CheckConstraint {
                        id: Default::default(),
                        name,
                        expression,
                    });
                }
            } else {
                body.entries
                    .push(Entry::Column(self.column_piece(schema, table)?));
            }
        }
        Ok(body)
    }

    /// One column line, read against a scratch table so that what its settings add (a
    /// unique key, a check, an inline ref) stays with the column until assembly.
    fn column_piece(&mut self, schema: &Option<String>, table: &str) -> Parse<ColumnPiece> {
        let at = self.here();
        let mut scratch = Table {
            schema: schema.clone(),
            name: table.to_string(),
            ..Table::default()
        };
        let mut primary = Vec::new();
        let outer = std::mem::take(&mut self.refs);
        let read = self.column(&mut scratch, &mut primary);
        let refs = std::mem::replace(&mut self.refs, outer);
        read?;
        let Some(column) = scratch.columns.pop() else {
            return self.error("a column");
        };
        Ok(ColumnPiece {
            column,
            primary: !primary.is_empty(),
            uniques: scratch.uniques,
            checks: scratch.checks,
            refs,
            at,
        })
    }

    /// Builds `table` from its body and the partials it injects.
    pub(super) fn assemble(&mut self, table: &mut Table, body: Body) {
        let mut order: Vec<String> = Vec::new();
        // Per column name: whether the table itself wrote it, and the winning piece.
        let mut chosen: BTreeMap<String, (bool, ColumnPiece)> = BTreeMap::new();
        let mut indexes = Vec::new();
        let mut checks = Vec::new();
        let (mut color, mut note) = (None, None);
        for entry in body.entries {
            let (local, pieces) = match entry {
                Entry::Column(piece) => (true, vec![piece]),
                Entry::Inject(name, at) => {
                    let Some(partial) = self.partials.get(&name).cloned() else {
                        self.skip(
                            at,
                            "TablePartial",
                            &format!("unknown TablePartial {name}"),
                            Severity::Error,
                        );
                        continue;
                    };
                    indexes.extend(partial.body.indexes);
                    checks.extend(partial.body.checks);
                    color = partial.color.or(color);
                    note = partial.body.note.or(partial.note).or(note);
                    let pieces = partial
                        .body
                        .entries
                        .into_iter()
                        .filter_map(|e| match e {
                            Entry::Column(piece) => Some(piece),
                            Entry::Inject(..) => None,
                        })
                        .collect();
                    (false, pieces)
                }
            };
            for piece in pieces {
                let name = piece.column.name.clone();
                match chosen.get(&name) {
                    Some((true, _)) if local => {
                        self.skip(
                            piece.at,
                            "column",
                            &format!(
                                "column {name} is already defined in table {}; this definition is ignored",
                                table.name
                            ),
                            Severity::Error,
                        );
                        continue;
                    }
                    Some((true, _)) => continue,
                    Some(_) => {}
                    None => order.push(name.clone()),
                }
                chosen.insert(name, (local, piece));
            }
        }
        table.color = table.color.take().or(color);
        table.comment = body.note.or(table.comment.take()).or(note);
        let mut primary = Vec::new();
        for name in order {
            let Some((local, mut piece)) = chosen.remove(&name) else {
                continue;
            };
            if !local {
                piece.column.id = self.ids.fresh();
                for r in &mut piece.refs {
                    for end in [&mut r.from, &mut r.to] {
                        if end.table == THIS_TABLE {
                            end.table = table.name.clone();
                            end.schema = table.schema.clone();
                        }
                    }
                }
            }
            if piece.primary {
                primary.push(name);
            }
            table.columns.push(piece.column);
            table.uniques.extend(piece.uniques);
            table.checks.extend(piece.checks);
            self.refs.extend(piece.refs);
        }
        table.checks.extend(checks);
        table.checks.extend(body.checks);
        if !primary.is_empty() {
            table.primary_key = Some(PrimaryKey {
                id: Default::default(),
                name: None,
                columns: primary,
            });
        }
        for parsed in indexes.into_iter().chain(body.indexes) {
            self.add_index(table, parsed);
        }
    }

    /// An index of the assembled table: refused when it names a column the table lacks;
    /// `[pk]` makes it the primary key.
    fn add_index(&mut self, table: &mut Table, parsed: ParsedIndex) {
        let ParsedIndex {
            mut index,
            primary,
            at,
        } = parsed;
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
            return;
        }
        if !primary {
            index.id = self.ids.fresh();
            table.indexes.push(index);
            return;
        }
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
            id: Default::default(),
            name: index.name,
            columns,
        });
    }
}

/// The inline ref of a column line: the column's end is `this` table.
pub(super) fn inline_ref(
    table: &Table,
    column: &str,
    relation: Relation,
    target: Endpoint,
    at: Position,
) -> PendingRef {
    let this = Endpoint {
        schema: table.schema.clone(),
        table: table.name.clone(),
        columns: vec![column.to_string()],
    };
    // An inline `<>` names its junction after the other table first, as dbdiagram does
    // (`ref: <> d.id` in table c gives `d_c`).
    let (from, to) = if relation == Relation::ManyToMany {
        (target, this)
    } else {
        (this, target)
    };
    PendingRef {
        name: None,
        from,
        relation,
        to,
        settings: Vec::new(),
        at,
        span: None,
    }
}
