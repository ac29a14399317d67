//! Splits an SQL script into statements before anything is parsed, so that one statement the
//! parser rejects cannot take the rest of the file down with it.
//!
//! The scanner knows the lexical forms that may hide a terminator: quoted strings and
//! identifiers of every dialect, nested block comments, PostgreSQL dollar quotes, trigger
//! bodies (`BEGIN ... END`), `COPY ... FROM stdin` data blocks, MySQL `DELIMITER` lines,
//! SQL Server `GO` batch separators and psql backslash commands.
//!
//! # Complexity
//! One pass, O(n) in the length of the text.

use crate::model::Dialect;

/// One statement of a script, as a byte range of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Offset of the statement's first character (comments before it are not included).
    pub start: usize,
    /// Offset just past its last character, terminator excluded.
    pub end: usize,
}

/// Splits `text` into statements.
pub fn split_statements(text: &str, dialect: Dialect) -> Vec<Piece> {
    let mut splitter = Splitter::new(text, dialect);
    splitter.advance(usize::MAX);
    splitter.pieces
}

/// A resumable scan: [`Splitter::advance`] reads up to a given offset and leaves the
/// statements found so far in `pieces`, so a large script can be split a slice at a time.
pub(crate) struct Splitter<'a> {
    text: &'a str,
    b: &'a [u8],
    dialect: Dialect,
    i: usize,
    /// Statements found and not yet taken.
    pub(crate) pieces: Vec<Piece>,
    start: Option<usize>,
    /// The first words of the current statement, upper-cased.
    head: Vec<String>,
    /// Open `BEGIN`/`CASE` blocks inside a trigger body.
    depth: usize,
    /// Open parentheses in the current statement.
    parens: usize,
    delimiter: String,
}

impl<'a> Splitter<'a> {
    pub(crate) fn new(text: &'a str, dialect: Dialect) -> Self {
        Splitter {
            text,
            b: text.as_bytes(),
            dialect,
            i: 0,
            pieces: Vec::new(),
            start: None,
            head: Vec::new(),
            depth: 0,
            parens: 0,
            delimiter: ";".to_string(),
        }
    }

    /// The offset scanned so far; the text's length once the scan is complete.
    pub(crate) fn offset(&self) -> usize {
        self.i
    }

    /// Scans until at least `until` (a statement, string or data block in progress is read to
    /// its end); at the end of the text the last statement is closed.
    pub(crate) fn advance(&mut self, until: usize) {
        if self.i >= self.b.len() {
            return;
        }
        while self.i < self.b.len() && self.i < until {
            if self.at_line_start() && self.line_directive() {
                continue;
            }
            let c = self.b[self.i];
            if self.delimiter != ";" && self.b[self.i..].starts_with(self.delimiter.as_bytes()) {
                let len = self.delimiter.len();
                self.finish(self.i);
                self.i += len;
                continue;
            }
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' => self.i += 1,
                b'-' if self.peek(1) == Some(b'-') => self.skip_line(),
                b'#' if self.dialect == Dialect::Mysql => self.skip_line(),
                b'/' if self.peek(1) == Some(b'*') => self.skip_block_comment(),
                b'\\' if self.start.is_none() => {
                    // A psql meta-command (`\connect db`) runs to the end of its line.
                    let begin = self.i;
                    self.skip_line();
                    self.pieces.push(Piece {
                        start: begin,
                        end: trim_end(self.b, begin, self.i),
                    });
                }
                b'\'' => {
                    self.begin();
                    let backslash = self.dialect == Dialect::Mysql || self.escape_string_prefix();
                    self.skip_quoted(b'\'', backslash);
                }
                b'"' => {
                    self.begin();
                    self.skip_quoted(b'"', self.dialect == Dialect::Mysql);
                }
                b'`' => {
                    self.begin();
                    self.skip_quoted(b'`', false);
                }
                b'[' if self.dialect == Dialect::Mssql => {
                    self.begin();
                    self.skip_quoted(b']', false);
                }
                b'$' if self.dialect == Dialect::Postgres && self.dollar_quote() => {}
                b';' if self.delimiter == ";" => {
                    if self.depth > 0 || self.batch_only() {
                        self.i += 1;
                    } else {
                        let at = self.i;
                        self.i += 1;
                        let copy_from_stdin = self.is_copy_from_stdin(at);
                        self.finish(at);
                        if copy_from_stdin {
                            self.skip_copy_data();
                        }
                    }
                }
                c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => self.word(),
                _ => {
                    self.begin();
                    match c {
                        b'(' => self.parens += 1,
                        b')' => self.parens = self.parens.saturating_sub(1),
                        _ => {}
                    }
                    self.i += 1;
                }
            }
        }
        if self.i >= self.b.len() {
            self.finish(self.b.len());
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.b.get(self.i + ahead).copied()
    }

    fn begin(&mut self) {
        if self.start.is_none() {
            self.start = Some(self.i);
        }
    }

    fn finish(&mut self, end: usize) {
        if let Some(start) = self.start.take() {
            let end = trim_end(self.b, start, end);
            if end > start {
                self.pieces.push(Piece { start, end });
            }
        }
        self.head.clear();
        self.depth = 0;
        self.parens = 0;
    }

    fn at_line_start(&self) -> bool {
        self.i == 0 || self.b[self.i - 1] == b'\n'
    }

    fn current_line(&self) -> &'a str {
        let end = self.b[self.i..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |p| self.i + p);
        self.text.get(self.i..end).unwrap_or("")
    }

    /// Handles `GO` (SQL Server) and `DELIMITER x` (MySQL client) lines; true if consumed.
    fn line_directive(&mut self) -> bool {
        if !matches!(self.dialect, Dialect::Mssql | Dialect::Mysql) {
            return false;
        }
        let line = self.current_line().trim();
        // Directives are short; skip the upper-casing for every other line.
        let delimiter_line = line
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("DELIMITER"));
        if line.len() > 32 && !delimiter_line {
            return false;
        }
        let upper = line.to_ascii_uppercase();
        let is_go = self.dialect == Dialect::Mssql
            && (upper == "GO"
                || upper
                    .strip_prefix("GO ")
                    .is_some_and(|n| n.trim().chars().all(|c| c.is_ascii_digit())));
        if is_go {
            self.finish(self.i);
            self.skip_line();
            return true;
        }
        if self.dialect == Dialect::Mysql && upper.starts_with("DELIMITER ") {
            self.finish(self.i);
            let new = line["DELIMITER ".len()..].trim();
            if !new.is_empty() {
                self.delimiter = new.to_string();
            }
            self.skip_line();
            return true;
        }
        false
    }

    fn skip_line(&mut self) {
        while self.i < self.b.len() && self.b[self.i] != b'\n' {
            self.i += 1;
        }
    }

    fn skip_block_comment(&mut self) {
        let nested = self.dialect == Dialect::Postgres;
        let mut level = 0usize;
        while self.i < self.b.len() {
            if self.b[self.i..].starts_with(b"/*") {
                level += 1;
                self.i += 2;
            } else if self.b[self.i..].starts_with(b"*/") {
                self.i += 2;
                level = level.saturating_sub(1);
                if level == 0 || !nested {
                    return;
                }
            } else {
                self.i += 1;
            }
        }
    }

    /// True when the `'` at `i` opens a PostgreSQL `E'...'` string with backslash escapes.
    fn escape_string_prefix(&self) -> bool {
        self.i > 0
            && matches!(self.b[self.i - 1], b'e' | b'E')
            && (self.i < 2 || !is_word_byte(self.b[self.i - 2]))
    }

    /// Skips a quoted run opened at `i`; a doubled closing quote is an escaped quote.
    fn skip_quoted(&mut self, close: u8, backslash: bool) {
        self.i += 1;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if backslash && c == b'\\' {
                self.i += 2;
            } else if c == close {
                if self.peek(1) == Some(close) {
                    self.i += 2;
                } else {
                    self.i += 1;
                    return;
                }
            } else {
                self.i += 1;
            }
        }
        self.i = self.i.min(self.b.len());
    }

    /// Skips a `$tag$ ... $tag$` body if one starts at `i`.
    fn dollar_quote(&mut self) -> bool {
        if self.i > 0 && is_word_byte(self.b[self.i - 1]) {
            return false;
        }
        let tag_end = match self.b[self.i + 1..]
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
        {
            Some(p) if self.b[self.i + 1 + p] == b'$' => self.i + 1 + p,
            _ => return false,
        };
        if self.b.get(self.i + 1).is_some_and(u8::is_ascii_digit) {
            return false; // `$1` is a parameter, not a quote.
        }
        let tag = &self.b[self.i..=tag_end];
        self.begin();
        let body = tag_end + 1;
        self.i = find(self.b, tag, body).map_or(self.b.len(), |p| p + tag.len());
        true
    }

    fn word(&mut self) {
        let from = self.i;
        while self.i < self.b.len() && is_word_byte(self.b[self.i]) {
            self.i += 1;
        }
        let word = self.text.get(from..self.i).unwrap_or("");
        if self.starts_unterminated_statement(from, word) {
            self.finish(from);
        }
        if self.start.is_none() {
            self.start = Some(from);
        }
        if self.in_trigger_body() {
            if word.eq_ignore_ascii_case("BEGIN") || word.eq_ignore_ascii_case("CASE") {
                self.depth += 1;
            } else if word.eq_ignore_ascii_case("END") {
                self.depth = self.depth.saturating_sub(1);
            }
        }
        // Only the first words are kept: they say what the statement is.
        if self.head.len() < 6 {
            self.head.push(word.to_ascii_uppercase());
        }
    }

    /// T-SQL needs no terminator: `CREATE` or `ALTER` leading a line, outside parentheses,
    /// starts the next statement.
    fn starts_unterminated_statement(&self, from: usize, word: &str) -> bool {
        self.dialect == Dialect::Mssql
            && (word.eq_ignore_ascii_case("CREATE") || word.eq_ignore_ascii_case("ALTER"))
            && self.start.is_some_and(|s| s < from)
            && self.parens == 0
            && !self.batch_only()
            && self.b[..from]
                .iter()
                .rev()
                .take_while(|&&c| c != b'\n')
                .all(|c| c.is_ascii_whitespace())
    }

    /// SQLite and MySQL triggers contain `;` inside `BEGIN ... END`.
    fn in_trigger_body(&self) -> bool {
        self.delimiter == ";"
            && matches!(self.dialect, Dialect::Sqlite | Dialect::Mysql)
            && self.head.first().is_some_and(|w| w == "CREATE")
            && self.head.iter().any(|w| w == "TRIGGER")
    }

    /// SQL Server routine bodies hold many statements and end only at `GO`.
    fn batch_only(&self) -> bool {
        self.dialect == Dialect::Mssql
            && self
                .head
                .first()
                .is_some_and(|w| w == "CREATE" || w == "ALTER")
            && self
                .head
                .iter()
                .take(4)
                .any(|w| matches!(w.as_str(), "PROCEDURE" | "PROC" | "FUNCTION" | "TRIGGER"))
    }

    fn is_copy_from_stdin(&self, end: usize) -> bool {
        let Some(start) = self.start else {
            return false;
        };
        if self.head.first().map(String::as_str) != Some("COPY") {
            return false;
        }
        let upper = self.text.get(start..end).unwrap_or("").to_ascii_uppercase();
        upper.contains("FROM STDIN")
    }

    /// Skips the data rows after `COPY ... FROM stdin;`, up to the line `\.`.
    fn skip_copy_data(&mut self) {
        self.skip_line();
        while self.i < self.b.len() {
            self.i += 1; // past the newline
            let line = self.current_line();
            self.skip_line();
            if line.trim_end() == "\\." {
                return;
            }
        }
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn trim_end(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str, dialect: Dialect) -> Vec<&str> {
        split_statements(sql, dialect)
            .into_iter()
            .map(|p| &sql[p.start..p.end])
            .collect()
    }

    #[test]
    fn splits_on_semicolons_outside_quotes_and_comments() {
        let sql =
            "-- lead ; comment\nCREATE TABLE a (x text DEFAULT 'a;b');\n/* ; */ SELECT \"q;\" ;";
        assert_eq!(
            texts(sql, Dialect::Postgres),
            ["CREATE TABLE a (x text DEFAULT 'a;b')", "SELECT \"q;\""]
        );
    }

    #[test]
    fn keeps_dollar_quoted_bodies_whole() {
        let sql = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN; RETURN 1; END $body$ LANGUAGE plpgsql;\nSELECT $1;";
        let t = texts(sql, Dialect::Postgres);
        assert_eq!(t.len(), 2);
        assert!(t[0].ends_with("LANGUAGE plpgsql"));
    }

    #[test]
    fn skips_copy_data_blocks() {
        let sql = "COPY a (x) FROM stdin;\n1\t'; not sql\n\\.\nCREATE TABLE b (y int);";
        assert_eq!(
            texts(sql, Dialect::Postgres),
            ["COPY a (x) FROM stdin", "CREATE TABLE b (y int)"]
        );
    }

    #[test]
    fn handles_sqlite_trigger_bodies() {
        let sql = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = CASE WHEN 1 THEN 2 END; END;\nCREATE TABLE c (z int);";
        let t = texts(sql, Dialect::Sqlite);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].ends_with("END; END"));
    }

    #[test]
    fn honours_mysql_delimiter_and_mssql_go() {
        let my = "DELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; END;;\nDELIMITER ;\nCREATE TABLE b (`a;` int);";
        let t = texts(my, Dialect::Mysql);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(t[1], "CREATE TABLE b (`a;` int)");
        let ms = "CREATE TABLE [a;b] (x int)\nGO\nCREATE PROCEDURE p AS SELECT 1; SELECT 2;\nGO\n";
        let t = texts(ms, Dialect::Mssql);
        assert_eq!(
            t,
            [
                "CREATE TABLE [a;b] (x int)",
                "CREATE PROCEDURE p AS SELECT 1; SELECT 2;"
            ]
        );
    }

    #[test]
    fn multibyte_text_at_line_starts_does_not_panic() {
        // Long lines whose ninth byte falls inside a character, in every dialect.
        let sql = "ééééé long enough to pass thirty-two bytes;\nDELIMITER ;;\nSELECT 1;;\n¿¿¿¿¿ x;";
        for d in Dialect::ALL {
            let pieces = split_statements(sql, d);
            assert!(!pieces.is_empty());
        }
        assert_eq!(texts(sql, Dialect::Mysql)[1], "SELECT 1");
    }

    #[test]
    fn survives_unterminated_input() {
        for sql in [
            "'abc",
            "\"abc",
            "/* abc",
            "$x$ abc",
            "COPY a FROM stdin;\n1",
            "[abc",
            "é'",
        ] {
            for d in Dialect::ALL {
                let pieces = split_statements(sql, d);
                assert!(pieces.iter().all(|p| p.end <= sql.len() && p.start < p.end));
            }
        }
    }
}
