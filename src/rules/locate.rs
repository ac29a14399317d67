//! Where the editor's text wrote what a finding is about. The importer that read the text, or
//! the printer that wrote it, recorded the statements (or DBML blocks) of each table
//! ([`TextSpans`]); here the name of the table, column, key or index is found among the
//! tokens of those statements only, so a name in a comment, a string or another table's
//! statement is never taken for it.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use super::finding::ModelPath;
use crate::diagnostic::{LineIndex, Position};
use crate::model::{Id, Model, SourceFormat, Table, TextSpans};

/// A token of a statement, as far as finding names needs: words (bare or quoted), strings
/// and punctuation. Comments and whitespace are left out.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Word { quoted: bool },
    Str,
    Punct(u8),
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    /// The bytes in the text, quotes included.
    range: Range<usize>,
    /// The bytes of the name or string inside its quotes.
    inner: Range<usize>,
    /// Whether a line break comes between this token and the one before.
    line_start: bool,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// The tokens of `text[range]`, with offsets into `text`. Never panics: an unterminated
/// quote runs to the end of the range.
fn tokens(text: &str, range: Range<usize>, format: SourceFormat) -> Vec<Token> {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let mut i = range.start.min(end);
    let mut out = Vec::with_capacity((end - i) / 4);
    let mut line_start = true;
    // The end of a quoted run that starts at `from` with `open` and ends with `close`
    // (a doubled `close` inside is an escaped one).
    let quoted_end = |from: usize, close: u8, backslash: bool| {
        let mut k = from + 1;
        while k < end {
            if backslash && bytes[k] == b'\\' {
                k += 2;
                continue;
            }
            if bytes[k] == close {
                if k + 1 < end && bytes[k + 1] == close && !backslash {
                    k += 2;
                    continue;
                }
                return (k, k + 1);
            }
            k += 1;
        }
        (end, end)
    };
    while i < end {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        if b.is_ascii_whitespace() {
            line_start |= b == b'\n';
            i += 1;
            continue;
        }
        let line_comment = match format {
            SourceFormat::Sql => b == b'-' && next == Some(b'-'),
            SourceFormat::Dbml => b == b'/' && next == Some(b'/'),
        };
        if line_comment {
            while i < end && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if b == b'/' && next == Some(b'*') {
            let close = text
                .get(i + 2..end)
                .and_then(|rest| rest.find("*/"))
                .map_or(end, |at| i + 2 + at + 2);
            line_start |= text.get(i..close).is_some_and(|c| c.contains('\n'));
            i = close;
            continue;
        }
        let start = i;
        let (kind, inner, stop) = match (b, format) {
            (b'\'', SourceFormat::Dbml)
                if text.get(i..end).is_some_and(|r| r.starts_with("'''")) =>
            {
                let close = text
                    .get(i + 3..end)
                    .and_then(|rest| rest.find("'''"))
                    .map_or(end, |at| i + 3 + at);
                (Kind::Str, i + 3..close, (close + 3).min(end))
            }
            (b'\'', _) => {
                let (close, stop) = quoted_end(i, b'\'', format == SourceFormat::Dbml);
                (Kind::Str, i + 1..close, stop)
            }
            (b'"', _) => {
                let (close, stop) = quoted_end(i, b'"', format == SourceFormat::Dbml);
                (Kind::Word { quoted: true }, i + 1..close, stop)
            }
            (b'`', SourceFormat::Sql) => {
                let (close, stop) = quoted_end(i, b'`', false);
                (Kind::Word { quoted: true }, i + 1..close, stop)
            }
            // A DBML expression: not a name.
            (b'`', SourceFormat::Dbml) => {
                let (close, stop) = quoted_end(i, b'`', false);
                (Kind::Str, i + 1..close, stop)
            }
            (b'[', SourceFormat::Sql) if next.is_some_and(|n| n != b']') => {
                let (close, stop) = quoted_end(i, b']', false);
                (Kind::Word { quoted: true }, i + 1..close, stop)
            }
            // `$tag$ ... $tag$`: a PostgreSQL string.
            (b'$', SourceFormat::Sql) if dollar_tag(bytes, i, end).is_some() => {
                let tag_end = dollar_tag(bytes, i, end).unwrap_or(i + 1);
                let tag = text.get(i..tag_end).unwrap_or("$$");
                let close = text
                    .get(tag_end..end)
                    .and_then(|rest| rest.find(tag))
                    .map_or(end, |at| tag_end + at);
                (Kind::Str, tag_end..close, (close + tag.len()).min(end))
            }
            _ if is_word_byte(b) => {
                let mut k = i;
                while k < end && is_word_byte(bytes[k]) {
                    k += 1;
                }
                (Kind::Word { quoted: false }, i..k, k)
            }
            _ => (Kind::Punct(b), i..i + 1, i + 1),
        };
        // Every range ends on a character boundary: quotes and punctuation are ASCII.
        let stop = stop.max(start + 1).min(end);
        out.push(Token {
            kind,
            range: start..stop,
            inner: inner.start.min(stop)..inner.end.clamp(inner.start.min(stop), stop),
            line_start,
        });
        line_start = text.get(start..stop).is_some_and(|t| t.contains('\n'));
        i = stop;
        while !text.is_char_boundary(i) && i < end {
            i += 1;
        }
    }
    out
}

/// The end of a `$tag$` opening at `at`, when one does.
fn dollar_tag(bytes: &[u8], at: usize, end: usize) -> Option<usize> {
    let mut k = at + 1;
    while k < end && (bytes[k].is_ascii_alphanumeric() || bytes[k] == b'_') {
        k += 1;
    }
    let starts_digit = bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
    (k < end && bytes[k] == b'$' && !starts_digit).then_some(k + 1)
}

/// A statement's tokens, and the indexes of those where a definition's name goes (an
/// element of a `CREATE TABLE` list, `ADD [COLUMN] name`, a line of a DBML table block).
struct Statement {
    tokens: Vec<Token>,
    definitions: Vec<usize>,
}

pub struct Locator<'a> {
    text: &'a str,
    lines: LineIndex<'a>,
    format: SourceFormat,
    spans: &'a TextSpans,
    /// Each statement, by where it starts, tokenized on first use.
    tokenized: RefCell<FxHashMap<usize, Rc<Statement>>>,
    /// Table id -> index in the model, built on first use.
    tables: std::cell::OnceCell<FxHashMap<Id, usize>>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, format: SourceFormat, spans: &'a TextSpans) -> Self {
        Locator {
            text,
            lines: LineIndex::new(text),
            format,
            spans,
            tokenized: RefCell::new(FxHashMap::default()),
            tables: std::cell::OnceCell::new(),
        }
    }

    /// Where the text writes what `path` names, as a start and an end position.
    pub fn position(&self, model: &Model, path: &ModelPath) -> Option<(Position, Position)> {
        let span = self.span(model, path)?;
        Some((
            self.lines.position(span.start),
            self.lines.position(span.end),
        ))
    }

    /// The bytes of the name of what `path` names: its key, constraint or index, else its
    /// column, else its table; the start of the table's first statement when the name is
    /// not found there.
    pub fn span(&self, model: &Model, path: &ModelPath) -> Option<Range<usize>> {
        let tables = self.tables.get_or_init(|| {
            model
                .tables
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id, i))
                .collect()
        });
        let table = model.tables.get(*tables.get(&path.table?)?)?;
        let statements = self.spans.statements(table.id);
        let first = statements.first()?.clone();
        let found = path
            .object
            .and_then(|id| self.object(table, id))
            .or_else(|| {
                path.column
                    .and_then(|id| table.columns.iter().find(|c| c.id == id))
                    .and_then(|c| self.column(table, &c.name))
            })
            .or_else(|| self.table_name(table));
        Some(found.unwrap_or(first.start..first.start))
    }

    fn statement(&self, range: &Range<usize>) -> Rc<Statement> {
        if let Some(t) = self.tokenized.borrow().get(&range.start) {
            return t.clone();
        }
        let tokens = tokens(self.text, range.clone(), self.format);
        let mut definitions = Vec::new();
        let mut depth = 0i32;
        for (i, t) in tokens.iter().enumerate() {
            if matches!(t.kind, Kind::Word { .. }) && self.starts_element(&tokens, i, depth) {
                definitions.push(i);
            }
            depth += self.nesting(&t.kind);
        }
        let t = Rc::new(Statement {
            tokens,
            definitions,
        });
        self.tokenized.borrow_mut().insert(range.start, t.clone());
        t
    }

    /// How token `kind` changes the depth of brackets that hold definitions.
    fn nesting(&self, kind: &Kind) -> i32 {
        match (self.format, kind) {
            (SourceFormat::Sql, Kind::Punct(b'(')) | (SourceFormat::Dbml, Kind::Punct(b'{')) => 1,
            (SourceFormat::Sql, Kind::Punct(b')')) | (SourceFormat::Dbml, Kind::Punct(b'}')) => -1,
            _ => 0,
        }
    }

    /// Whether token `i`, at bracket depth `depth`, is where a definition's name goes.
    fn starts_element(&self, tokens: &[Token], i: usize, depth: i32) -> bool {
        let previous = i.checked_sub(1).map(|p| &tokens[p]);
        match self.format {
            SourceFormat::Sql => {
                depth == 1 && previous.is_some_and(|p| matches!(p.kind, Kind::Punct(b'(' | b',')))
                    || previous.is_some_and(|p| self.is_word(p, "column") || self.is_word(p, "add"))
            }
            SourceFormat::Dbml => depth == 1 && tokens[i].line_start,
        }
    }

    fn names(&self, token: &Token, name: &str) -> bool {
        let Some(inner) = self.text.get(token.inner.clone()) else {
            return false;
        };
        match token.kind {
            Kind::Word { quoted: true } => inner == name,
            Kind::Word { quoted: false } => inner.eq_ignore_ascii_case(name),
            _ => false,
        }
    }

    fn is_word(&self, token: &Token, word: &str) -> bool {
        token.kind == (Kind::Word { quoted: false })
            && self
                .text
                .get(token.range.clone())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
    }

    /// The table's name in its first statement.
    fn table_name(&self, table: &Table) -> Option<Range<usize>> {
        let first = self.spans.statements(table.id).first()?;
        let statement = self.statement(first);
        let at = statement
            .tokens
            .iter()
            .position(|t| self.names(t, &table.name))?;
        Some(statement.tokens[at].range.clone())
    }

    /// A column's name where a statement of its table defines it: an element of the
    /// `CREATE TABLE` list, `ADD [COLUMN] name`, or a line of a DBML table block; else its
    /// first mention after the table's name.
    fn column(&self, table: &Table, name: &str) -> Option<Range<usize>> {
        for range in self.spans.statements(table.id) {
            let statement = self.statement(range);
            if let Some(at) = self.definition(&statement, name) {
                return Some(statement.tokens[at].range.clone());
            }
        }
        let first = self.spans.statements(table.id).first()?;
        let statement = self.statement(first);
        let tokens = &statement.tokens;
        let after = tokens
            .iter()
            .position(|t| self.names(t, &table.name))
            .map_or(0, |i| i + 1);
        tokens
            .iter()
            .skip(after)
            .find(|t| self.names(t, name))
            .map(|t| t.range.clone())
    }

    /// The index of the token that defines column `name` in a statement.
    fn definition(&self, statement: &Statement, name: &str) -> Option<usize> {
        statement
            .definitions
            .iter()
            .copied()
            .find(|&i| self.names(&statement.tokens[i], name))
    }

    /// A key, constraint or index of `table`: its name where the text writes one, else the
    /// keyword that makes it (`PRIMARY`, `UNIQUE`, `FOREIGN`, `REFERENCES` after its
    /// column), else its first column.
    fn object(&self, table: &Table, id: Id) -> Option<Range<usize>> {
        let names = |ids: &[Id]| table.column_names(ids);
        let (name, keywords, columns): (Option<&str>, &[&str], Vec<String>) =
            if let Some(pk) = table.primary_key.as_ref().filter(|k| k.id == id) {
                (pk.name.as_deref(), &["primary", "pk"], names(&pk.columns))
            } else if let Some(u) = table.uniques.iter().find(|u| u.id == id) {
                (u.name.as_deref(), &["unique"], names(&u.columns))
            } else if let Some(c) = table.checks.iter().find(|c| c.id == id) {
                (c.name.as_deref(), &["check"], Vec::new())
            } else if let Some(fk) = table.foreign_keys.iter().find(|f| f.id == id) {
                (
                    fk.name.as_deref(),
                    &["foreign", "references", "ref"],
                    names(&fk.columns),
                )
            } else if let Some(i) = table.indexes.iter().find(|i| i.id == id) {
                (i.name.as_deref(), &[], names(&i.columns()))
            } else {
                return None;
            };
        let statements = self.spans.statements(table.id);
        if let Some(name) = name {
            // Where a name follows what names a key or an index (`CONSTRAINT n`, MySQL's
            // `KEY n`, `CREATE INDEX n`, DBML's `name: 'n'`), before any other mention: a
            // key may be named like its column.
            let naming = ["constraint", "key", "index", "exists", "concurrently"];
            for named_after_keyword in [true, false] {
                for range in statements {
                    let statement = self.statement(range);
                    let tokens = &statement.tokens;
                    let named = tokens.iter().enumerate().find(|(i, t)| {
                        let string =
                            t.kind == Kind::Str && self.text.get(t.inner.clone()) == Some(name);
                        let after_keyword = || {
                            i.checked_sub(1)
                                .is_some_and(|p| naming.iter().any(|k| self.is_word(&tokens[p], k)))
                        };
                        string || self.names(t, name) && (!named_after_keyword || after_keyword())
                    });
                    if let Some((_, t)) = named {
                        return Some(t.range.clone());
                    }
                }
            }
        }
        // The keyword nearest after the definition of its first column, else the first one.
        let column = columns.first();
        for range in statements {
            let statement = self.statement(range);
            let tokens = &statement.tokens;
            let from = column
                .and_then(|c| self.definition(&statement, c))
                .unwrap_or(0);
            let keyword = |t: &Token| keywords.iter().any(|k| self.is_word(t, k));
            let near = tokens[from..]
                .iter()
                .take_while(|t| from == 0 || !matches!(t.kind, Kind::Punct(b',')))
                .find(|t| keyword(t));
            if let Some(t) = near.or_else(|| tokens.iter().find(|t| keyword(t))) {
                return Some(t.range.clone());
            }
        }
        column.and_then(|c| self.column(table, c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dialect;
    use crate::workspace::{open_text, Input};

    fn project(text: &str) -> crate::model::Project {
        match open_text("t", text, Some(Dialect::Postgres)) {
            Ok(Input::Sql { project, .. }) => *project,
            _ => panic!("not imported"),
        }
    }

    /// The text at the span of `path`.
    fn at<'p>(p: &'p crate::model::Project, path: &ModelPath) -> &'p str {
        let locator = Locator::new(&p.source.text, p.source.format, &p.source.spans);
        let span = locator.span(&p.model, path).expect("located");
        &p.source.text[span]
    }

    #[test]
    fn never_panics_on_text_cut_anywhere() {
        let sql = "CREATE TABLE IF NOT EXISTS \"é\".\"ü\" (\"ö\" int, b text DEFAULT $x$é'$x$, c text -- é\n); create temp table x (y int /* é"
            .to_string();
        for end in 0..=sql.len() {
            let Some(cut) = sql.get(..end) else { continue };
            for format in [SourceFormat::Sql, SourceFormat::Dbml] {
                for start in [0, end / 2] {
                    if cut.is_char_boundary(start) {
                        for t in tokens(cut, start..cut.len() + 3, format) {
                            assert!(cut.get(t.range.clone()).is_some(), "{t:?} in {cut:?}");
                            assert!(cut.get(t.inner.clone()).is_some(), "{t:?} in {cut:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn finds_tables_columns_and_keys_in_their_own_statements() {
        let p = project(
            "-- orders (id, total) are below\n\
             CREATE TABLE note (body text DEFAULT 'total id', \"Orders\" int);\n\
             CREATE TABLE IF NOT EXISTS public.\"Orders\" (\n  id int PRIMARY KEY,\n  \"Total\" int,\n  note_id int REFERENCES note (\"Orders\")\n);\n\
             ALTER TABLE public.\"Orders\" ADD CONSTRAINT orders_total_uq UNIQUE (\"Total\");\n\
             CREATE INDEX orders_by_total ON \"Orders\" (\"Total\");",
        );
        let orders = p
            .model
            .tables
            .iter()
            .find(|t| t.name == "Orders")
            .expect("Orders");
        let note = p
            .model
            .tables
            .iter()
            .find(|t| t.name == "note")
            .expect("note");
        let locator = Locator::new(&p.source.text, p.source.format, &p.source.spans);
        let line_of = |path: &ModelPath| locator.position(&p.model, path).map(|(s, _)| s.line);
        assert_eq!(at(&p, &ModelPath::table(orders)), "\"Orders\"");
        assert_eq!(line_of(&ModelPath::table(orders)), Some(3));
        assert_eq!(
            at(&p, &ModelPath::column(orders, &orders.columns[1])),
            "\"Total\""
        );
        assert_eq!(
            line_of(&ModelPath::column(orders, &orders.columns[1])),
            Some(5)
        );
        // The column `"Orders"` of note, not the table of that name.
        assert_eq!(line_of(&ModelPath::column(note, &note.columns[1])), Some(2));
        let pk = orders.primary_key.as_ref().expect("pk");
        assert_eq!(at(&p, &ModelPath::object(orders, pk.id, "pk")), "PRIMARY");
        let fk = &orders.foreign_keys[0];
        assert_eq!(
            at(&p, &ModelPath::object(orders, fk.id, "fk")),
            "REFERENCES"
        );
        assert_eq!(line_of(&ModelPath::object(orders, fk.id, "fk")), Some(6));
        let unique = &orders.uniques[0];
        assert_eq!(
            at(&p, &ModelPath::object(orders, unique.id, "uq")),
            "orders_total_uq"
        );
        assert_eq!(
            line_of(&ModelPath::object(orders, unique.id, "uq")),
            Some(8)
        );
        let index = &orders.indexes[0];
        assert_eq!(
            at(&p, &ModelPath::object(orders, index.id, "i")),
            "orders_by_total"
        );
        let (start, end) = locator
            .position(&p.model, &ModelPath::table(orders))
            .expect("located");
        assert_eq!((start.line, start.column, end.column), (3, 35, 43));
    }

    #[test]
    fn finds_names_in_dbml_blocks_and_refs() {
        let text = "// users.email\nTable users {\n  id int [pk]\n  email text [note: 'id']\n  indexes {\n    email [name: 'users_email_idx']\n  }\n}\nTable posts {\n  id int [pk]\n  author int\n}\nRef posts_author: posts.author > users.id";
        let p = match open_text("t", text, None) {
            Ok(Input::Sql { project, .. }) => *project,
            _ => panic!("not imported"),
        };
        let users = &p.model.tables[0];
        let posts = &p.model.tables[1];
        assert_eq!(
            at(&p, &ModelPath::column(users, &users.columns[1])),
            "email"
        );
        let locator = Locator::new(&p.source.text, p.source.format, &p.source.spans);
        let line_of = |path: &ModelPath| locator.position(&p.model, path).map(|(s, _)| s.line);
        assert_eq!(
            line_of(&ModelPath::column(users, &users.columns[1])),
            Some(4)
        );
        assert_eq!(line_of(&ModelPath::table(posts)), Some(9));
        let index = &users.indexes[0];
        assert_eq!(
            at(&p, &ModelPath::object(users, index.id, "i")),
            "'users_email_idx'"
        );
        let fk = &posts.foreign_keys[0];
        assert_eq!(
            at(&p, &ModelPath::object(posts, fk.id, "fk")),
            "posts_author"
        );
        assert_eq!(line_of(&ModelPath::object(posts, fk.id, "fk")), Some(13));
    }

    #[test]
    fn a_generated_text_is_located_from_the_printer_spans() {
        let mut p = project(
            "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));",
        );
        for format in [SourceFormat::Dbml, SourceFormat::Sql] {
            crate::workspace::switch_view(&mut p, format);
            assert!(p.source.generated && !p.source.spans.is_empty());
            let b = &p.model.tables[1];
            assert_eq!(at(&p, &ModelPath::column(b, &b.columns[1])), "a_id");
            assert_eq!(at(&p, &ModelPath::table(b)), "b");
            // Found again the same way once the spans are gone (a restored project).
            let mut restored = p.clone();
            restored.source.spans = TextSpans::default();
            let found = crate::edit::text::text_spans(&restored).into_owned();
            assert_eq!(found.listed(), p.source.spans.listed(), "{format:?}");
            // The importer reads the printed text as written where the printer said.
            let read = crate::edit::text::spans_of_text(
                &p.model,
                &p.source.text,
                p.source.dialect,
                format,
            );
            assert_eq!(read.listed(), p.source.spans.listed(), "{format:?}");
        }
    }
}
