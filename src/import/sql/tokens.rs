//! A statement as sqlparser tokens, and the dialect quirks real dumps contain that the parser
//! does not accept, rewritten at the token level. Tokens keep their original locations, so
//! positions in messages still point into the user's text.

use std::collections::BTreeMap;

use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Word};

use crate::diagnostic::Position;
use crate::model::Dialect;

/// Words that end a column's type: the start of a column constraint or attribute.
const STOP: &[&str] = &[
    "CONSTRAINT",
    "BINARY",
    "FOREIGN",
    "PRIMARY",
    "NOT",
    "NULL",
    "UNIQUE",
    "CHECK",
    "DEFAULT",
    "COLLATE",
    "REFERENCES",
    "GENERATED",
    "AS",
    "AUTO_INCREMENT",
    "AUTOINCREMENT",
    "IDENTITY",
    "ON",
    "COMMENT",
    "CHARACTER",
    "CHARSET",
    "ROWGUIDCOL",
    "SPARSE",
    "FILESTREAM",
    "KEY",
    "INVISIBLE",
    "VISIBLE",
    "STORAGE",
    "COLUMN_FORMAT",
    "ENCODE",
];

/// A column's type and default as the statement spells them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnSpelling {
    pub data_type: String,
    pub default: Option<String>,
}

/// The tokens of one statement, with the indices of the significant ones (no whitespace or
/// comments) for pattern matching.
pub struct StatementTokens {
    pub tokens: Vec<TokenWithSpan>,
    significant: Vec<usize>,
    /// Byte offset of the start of each line of the statement text.
    line_starts: Vec<usize>,
}

impl StatementTokens {
    pub fn tokenize(sql: &str, dialect: &dyn ParserDialect) -> Result<Self, (String, Position)> {
        let tokens = Tokenizer::new(dialect, sql)
            .tokenize_with_location()
            .map_err(|e| {
                (
                    e.message,
                    Position {
                        line: e.location.line as u32,
                        column: e.location.column as u32,
                    },
                )
            })?;
        let mut line_starts = vec![0];
        line_starts.extend(sql.match_indices('\n').map(|(i, _)| i + 1));
        Ok(Self::from_tokens(tokens, line_starts))
    }

    fn from_tokens(tokens: Vec<TokenWithSpan>, line_starts: Vec<usize>) -> Self {
        let significant = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| !matches!(t.token, Token::Whitespace(_) | Token::EOF))
            .map(|(i, _)| i)
            .collect();
        StatementTokens {
            tokens,
            significant,
            line_starts,
        }
    }

    pub fn len(&self) -> usize {
        self.significant.len()
    }

    /// The `i`-th significant token.
    pub fn get(&self, i: usize) -> Option<&Token> {
        self.significant.get(i).map(|&t| &self.tokens[t].token)
    }

    /// The `i`-th significant token as an upper-case keyword, if it is an unquoted word.
    pub fn word(&self, i: usize) -> Option<String> {
        match self.get(i) {
            Some(Token::Word(w)) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
            _ => None,
        }
    }

    pub fn is_word(&self, i: usize, keyword: &str) -> bool {
        self.word(i).as_deref() == Some(keyword)
    }

    /// The index of the first significant token at or after `from` that is `keyword`, at
    /// parenthesis depth zero relative to `from`.
    pub fn find_word(&self, from: usize, keyword: &str) -> Option<usize> {
        let mut depth = 0i32;
        for i in from..self.len() {
            match self.get(i) {
                Some(Token::LParen) => depth += 1,
                Some(Token::RParen) => depth -= 1,
                _ if depth == 0 && self.is_word(i, keyword) => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// Byte offset in the statement text where significant token `i` starts (or ends).
    pub fn offset(&self, sql: &str, i: usize, end: bool) -> usize {
        let Some(&t) = self.significant.get(i) else {
            return sql.len();
        };
        let span = self.tokens[t].span;
        let location = if end { span.end } else { span.start };
        let line = (location.line as usize).saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(sql.len());
        let column = (location.column as usize).saturating_sub(1);
        let rest = sql.get(start..).unwrap_or("");
        start
            + rest
                .char_indices()
                .nth(column)
                .map_or(rest.len(), |(b, _)| b)
    }

    /// A dotted name (`a`, `s.a`, `"s"."a"`) starting at `i`: its parts (identifiers as
    /// written, quotes removed) and the index after it.
    pub fn object_name(&self, mut i: usize) -> (Vec<Word>, usize) {
        let mut parts = Vec::new();
        while let Some(Token::Word(w)) = self.get(i) {
            parts.push(w.clone());
            i += 1;
            if matches!(self.get(i), Some(Token::Period)) {
                i += 1;
            } else {
                break;
            }
        }
        (parts, i)
    }

    /// For a `CREATE TABLE`, each column's type and default exactly as written (`int[]`,
    /// `'{}'::jsonb`), by the column name as written. The parser's own printing normalises
    /// spellings; the model keeps the user's.
    pub fn column_spellings(&self, sql: &str) -> BTreeMap<String, ColumnSpelling> {
        const TABLE_ELEMENT: &[&str] = &[
            "CONSTRAINT",
            "PRIMARY",
            "UNIQUE",
            "CHECK",
            "FOREIGN",
            "KEY",
            "INDEX",
            "FULLTEXT",
            "SPATIAL",
            "EXCLUDE",
            "LIKE",
            "PERIOD",
        ];
        let mut out = BTreeMap::new();
        let Some(open) = (0..self.len()).find(|&k| matches!(self.get(k), Some(Token::LParen)))
        else {
            return out;
        };
        let mut k = open + 1;
        while k < self.len() {
            // k starts an element of the table's list.
            let is_column = matches!(self.get(k), Some(Token::Word(_)))
                && !self
                    .word(k)
                    .is_some_and(|w| TABLE_ELEMENT.contains(&w.as_str()));
            let name = match self.get(k) {
                Some(Token::Word(w)) => w.value.clone(),
                _ => String::new(),
            };
            // The element runs to the next comma or closing parenthesis at its level; its type
            // stops at the first constraint keyword.
            let first = k + 1;
            let (mut end, mut depth, mut type_end) = (first, 0i32, None);
            while end < self.len() {
                match self.get(end) {
                    Some(Token::LParen) => depth += 1,
                    Some(Token::RParen) if depth == 0 => break,
                    Some(Token::RParen) => depth -= 1,
                    Some(Token::Comma) if depth == 0 => break,
                    _ if depth == 0
                        && type_end.is_none()
                        && end > first
                        && self.word(end).is_some_and(|w| STOP.contains(&w.as_str())) =>
                    {
                        type_end = Some(end)
                    }
                    _ => {}
                }
                end += 1;
            }
            let type_end = type_end.unwrap_or(end);
            if is_column && first < type_end {
                let text = |from: usize, to: usize| {
                    let (a, b) = (
                        self.offset(sql, from, false),
                        self.offset(sql, to - 1, true),
                    );
                    sql.get(a..b)
                        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                };
                let default = self.default_range(type_end, end, STOP).and_then(|(a, b)| {
                    let (from, to) = (self.offset(sql, a, false), self.offset(sql, b - 1, true));
                    sql.get(from..to).map(|t| t.trim().to_string())
                });
                if let Some(data_type) = text(first, type_end) {
                    out.insert(name, ColumnSpelling { data_type, default });
                }
            }
            if !matches!(self.get(end), Some(Token::Comma)) {
                break;
            }
            k = end + 1;
        }
        out
    }

    /// The tokens of the expression after `DEFAULT` in `[from, to)`: up to the next
    /// constraint keyword outside parentheses (its first token always belongs to it, so
    /// `DEFAULT NULL` is `NULL`).
    fn default_range(&self, from: usize, to: usize, stop: &[&str]) -> Option<(usize, usize)> {
        let mut depth = 0i32;
        let mut start = None;
        for i in from..to {
            match self.get(i) {
                Some(Token::LParen) => depth += 1,
                Some(Token::RParen) => depth -= 1,
                _ if depth != 0 => {}
                _ => match start {
                    None if self.is_word(i, "DEFAULT") => start = Some(i + 1),
                    // A word after `::` names the cast's type (`::character varying`).
                    Some(s)
                        if i > s
                            && !matches!(self.get(i - 1), Some(Token::DoubleColon))
                            && self.word(i).is_some_and(|w| stop.contains(&w.as_str())) =>
                    {
                        return Some((s, i));
                    }
                    _ => {}
                },
            }
        }
        start.filter(|&s| s < to).map(|s| (s, to))
    }

    /// Rewrites what real dumps contain and the parser rejects (see each rule).
    pub fn fix_dialect_quirks(self, dialect: Dialect) -> Self {
        let creates_table = self.is_word(0, "CREATE")
            && (self.is_word(1, "TABLE") || self.is_word(2, "TABLE") || self.is_word(3, "TABLE"));
        let alters_table = self.is_word(0, "ALTER") && self.is_word(1, "TABLE");
        let mut drop = vec![false; self.tokens.len()];
        let mut merged: Vec<(usize, Token)> = Vec::new();
        for (k, &t) in self.significant.iter().enumerate() {
            let word = self.word(k);
            let previous = k.checked_sub(1).and_then(|p| self.get(p));
            // SQL Server: CLUSTERED / NONCLUSTERED only choose the storage layout.
            if dialect == Dialect::Mssql
                && matches!(word.as_deref(), Some("CLUSTERED" | "NONCLUSTERED"))
            {
                drop[t] = true;
            }
            // MySQL: `VARCHAR(40) BINARY` is a binary collation, not part of the type.
            if dialect == Dialect::Mysql
                && (creates_table || alters_table)
                && word.as_deref() == Some("BINARY")
                && matches!(previous, Some(Token::RParen))
            {
                drop[t] = true;
            }
            // PostgreSQL 16 integer literals `0b101`, `0o17`, `0x2A`: the tokenizer splits them
            // into `0` and a word; they become one number again.
            if let (Some(Token::Number(n, _)), Some(Token::Word(w))) =
                (self.get(k), self.get(k + 1))
            {
                let adjacent = self.significant.get(k + 1) == Some(&(t + 1));
                let prefixed = w.quote_style.is_none()
                    && w.value.len() > 1
                    && matches!(
                        w.value.as_bytes()[0],
                        b'b' | b'B' | b'o' | b'O' | b'x' | b'X'
                    )
                    && w.value[1..]
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || c == '_');
                if n == "0" && adjacent && prefixed {
                    merged.push((t, Token::Number(format!("0{}", w.value), false)));
                    drop[t + 1] = true;
                }
            }
            // MySQL: `COMMENT "text"` is a string in double quotes.
            if dialect == Dialect::Mysql {
                let after_comment = self.is_word(k.saturating_sub(1), "COMMENT")
                    || (matches!(previous, Some(Token::Eq))
                        && self.is_word(k.saturating_sub(2), "COMMENT"));
                let text = match self.get(k) {
                    Some(Token::DoubleQuotedString(v)) => Some(v.clone()),
                    Some(Token::Word(w)) if w.quote_style == Some('"') => Some(w.value.clone()),
                    _ => None,
                };
                if let (true, Some(text), true) = (after_comment, text, k > 0) {
                    merged.push((t, Token::SingleQuotedString(text)));
                }
            }
            // SQL Server: a column may say `FOREIGN KEY REFERENCES t (c)`; the parser wants
            // `REFERENCES t (c)` there.
            if dialect == Dialect::Mssql
                && word.as_deref() == Some("FOREIGN")
                && self.is_word(k + 1, "KEY")
                && self.is_word(k + 2, "REFERENCES")
            {
                drop[t] = true;
                drop[self.significant[k + 1]] = true;
            }
            // SQL Server: an inline `INDEX name UNIQUE (cols)` in a table is a unique
            // constraint to the parser.
            if dialect == Dialect::Mssql
                && creates_table
                && word.as_deref() == Some("INDEX")
                && matches!(previous, Some(Token::Comma))
                && self.is_word(k + 2, "UNIQUE")
            {
                merged.push((t, Token::make_keyword("CONSTRAINT")));
            }
            // A trailing comma before the closing parenthesis of a table definition.
            if creates_table
                && matches!(self.get(k), Some(Token::Comma))
                && matches!(self.get(k + 1), Some(Token::RParen))
            {
                drop[t] = true;
            }
        }
        if creates_table && dialect == Dialect::Sqlite {
            merged.extend(self.sqlite_type_names(&mut drop));
        }
        let creates_index = self.is_word(0, "CREATE") && self.find_word(1, "INDEX").is_some();
        if dialect == Dialect::Mssql && (creates_table || alters_table || creates_index) {
            self.mssql_storage_clauses(&mut drop);
        }
        let mut tokens = Vec::with_capacity(self.tokens.len());
        for (i, mut token) in self.tokens.into_iter().enumerate() {
            if drop[i] {
                continue;
            }
            if let Some((_, replacement)) = merged.iter().find(|(at, _)| *at == i) {
                token.token = replacement.clone();
            }
            tokens.push(token);
        }
        Self::from_tokens(tokens, self.line_starts)
    }

    /// SQL Server Management Studio writes where and how a table or index is stored: `WITH
    /// (PAD_INDEX = OFF, ...)` and `ON [PRIMARY]` after a key's column list or a table,
    /// `TEXTIMAGE_ON [PRIMARY]`, `WITH FILLFACTOR = 90`, and `WITH NOCHECK` before `ADD`.
    /// None of it is part of the schema; the parser accepts none of it, so it goes.
    fn mssql_storage_clauses(&self, drop: &mut [bool]) {
        let mut remove = |from: usize, to: usize| {
            if let (Some(&a), Some(&b)) = (self.significant.get(from), self.significant.get(to)) {
                drop[a..=b].fill(true);
            }
        };
        // Whether the last token kept closes a parenthesis: clauses follow one another
        // after a key's column list (`(...) WITH (...) ON [PRIMARY]`).
        let mut after_paren = false;
        let mut k = 0;
        while k < self.len() {
            let word = self.word(k);
            let next_is_word = matches!(self.get(k + 1), Some(Token::Word(_)));
            match word.as_deref() {
                Some("WITH") if after_paren && matches!(self.get(k + 1), Some(Token::LParen)) => {
                    let end = self.closing_paren(k + 1);
                    remove(k, end);
                    k = end;
                }
                Some("WITH")
                    if self.is_word(k + 1, "FILLFACTOR")
                        && matches!(self.get(k + 2), Some(Token::Eq)) =>
                {
                    remove(k, k + 3);
                    k += 3;
                }
                Some("WITH")
                    if (self.is_word(k + 1, "NOCHECK") || self.is_word(k + 1, "CHECK"))
                        && self.is_word(k + 2, "ADD") =>
                {
                    remove(k, k + 1);
                    k += 1;
                }
                Some("ON")
                    if after_paren
                        && next_is_word
                        && !self.is_word(k + 1, "DELETE")
                        && !self.is_word(k + 1, "UPDATE") =>
                {
                    // A filegroup, or a partition scheme with its column: `ON ps (c)`.
                    let end = if matches!(self.get(k + 2), Some(Token::LParen)) {
                        self.closing_paren(k + 2)
                    } else {
                        k + 1
                    };
                    remove(k, end);
                    k = end;
                }
                Some("TEXTIMAGE_ON" | "FILESTREAM_ON") if next_is_word => {
                    remove(k, k + 1);
                    k += 1;
                }
                _ => after_paren = matches!(self.get(k), Some(Token::RParen)),
            }
            k += 1;
        }
    }

    /// The index of the `)` that closes the `(` at significant token `open` (the last token
    /// when it is never closed).
    fn closing_paren(&self, open: usize) -> usize {
        let mut depth = 0usize;
        for i in open..self.len() {
            match self.get(i) {
                Some(Token::LParen) => depth += 1,
                Some(Token::RParen) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i;
                    }
                }
                _ => {}
            }
        }
        self.len().saturating_sub(1)
    }

    /// SQLite accepts any run of words as a type name (`BLOB SUB_TYPE TEXT`, `UNSIGNED BIG
    /// INT`); the parser does not. Each such run becomes one word the parser reads as a
    /// custom type, and type affinity gives it its meaning later.
    fn sqlite_type_names(&self, drop: &mut [bool]) -> Vec<(usize, Token)> {
        let mut merged = Vec::new();
        let mut depth = 0;
        let mut k = 0;
        while k < self.len() {
            match self.get(k) {
                Some(Token::LParen) => depth += 1,
                Some(Token::RParen) => depth -= 1,
                _ => {}
            }
            let starts_element =
                depth == 1 && matches!(self.get(k), Some(Token::LParen) | Some(Token::Comma));
            k += 1;
            if !starts_element {
                continue;
            }
            // k is the column name; table constraints start with a keyword.
            let is_constraint = matches!(
                self.word(k).as_deref(),
                Some("CONSTRAINT" | "PRIMARY" | "UNIQUE" | "CHECK" | "FOREIGN")
            );
            if is_constraint || !matches!(self.get(k), Some(Token::Word(_))) {
                continue;
            }
            let first = k + 1;
            let mut end = first;
            while let Some(w) = self.word(end) {
                if STOP.contains(&w.as_str()) {
                    break;
                }
                end += 1;
            }
            if end - first >= 2 {
                let value = (first..end)
                    .filter_map(|i| match self.get(i) {
                        Some(Token::Word(w)) => Some(w.value.clone()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                merged.push((
                    self.significant[first],
                    Token::Word(Word {
                        value,
                        quote_style: None,
                        keyword: Keyword::NoKeyword,
                    }),
                ));
                // The other words, and the whitespace between them, go.
                drop[self.significant[first] + 1..=self.significant[end - 1]].fill(true);
            }
            k = end;
        }
        merged
    }
}
