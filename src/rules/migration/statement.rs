//! A migration's statements as the rules read them: words in upper case, quoted names as
//! written, comments left out, each statement with the line its code starts on; and what
//! the script itself creates (a table created in the migration has no readers to block).

use std::collections::BTreeSet;

use crate::model::Dialect;

/// One token of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// A bare word, upper case.
    Word(String),
    /// A quoted name, as written inside its quotes.
    Quoted(String),
    /// A string literal's text.
    Literal(String),
    Punct(char),
}

impl Token {
    pub fn is(&self, word: &str) -> bool {
        matches!(self, Token::Word(w) if w == word)
    }

    /// The name a word or quoted name gives (a word folded to lower case).
    pub fn name(&self) -> Option<String> {
        match self {
            Token::Word(w) => Some(w.to_ascii_lowercase()),
            Token::Quoted(q) => Some(q.clone()),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct MigrationStatement {
    /// 1-based line of its first token.
    pub line: usize,
    pub tokens: Vec<Token>,
    /// The table it names was created earlier in the transaction still open: nobody else
    /// sees it yet, so nothing waits on its locks.
    pub on_new_table: bool,
}

impl MigrationStatement {
    /// Whether the statement starts with these words.
    pub fn starts(&self, words: &[&str]) -> bool {
        words.len() <= self.tokens.len() && words.iter().zip(&self.tokens).all(|(w, t)| t.is(w))
    }

    /// The position of the first occurrence of these consecutive words.
    pub fn find(&self, words: &[&str]) -> Option<usize> {
        (0..self.tokens.len()).find(|&i| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| self.tokens.get(i + k).is_some_and(|t| t.is(w)))
        })
    }

    pub fn has(&self, words: &[&str]) -> bool {
        self.find(words).is_some()
    }

    /// The table an `ALTER TABLE`, `CREATE [UNIQUE] INDEX … ON`, `DROP TABLE` or
    /// `CREATE TABLE` statement names (its last name part).
    pub fn table(&self) -> Option<String> {
        let after = if self.starts(&["ALTER", "TABLE"])
            || self.starts(&["DROP", "TABLE"])
            || self.starts(&["CREATE", "TABLE"])
        {
            2
        } else if self.starts(&["CREATE"]) && self.has(&["INDEX"]) {
            self.tokens.iter().position(|t| t.is("ON"))? + 1
        } else {
            return None;
        };
        let mut i = after;
        while self
            .tokens
            .get(i)
            .is_some_and(|t| t.is("IF") || t.is("NOT") || t.is("EXISTS") || t.is("ONLY"))
        {
            i += 1;
        }
        // schema.name: the last part.
        let mut name = self.tokens.get(i)?.name()?;
        while self.tokens.get(i + 1) == Some(&Token::Punct('.')) {
            i += 2;
            name = self.tokens.get(i)?.name()?;
        }
        Some(name)
    }

    /// Whether this is `ALTER TABLE` on a table others can see (see `on_new_table`).
    pub fn alters_existing(&self, _cx: &MigrationContext) -> bool {
        self.starts(&["ALTER", "TABLE"]) && !self.on_new_table
    }
}

/// The statements of a migration.
pub struct MigrationContext {
    pub statements: Vec<MigrationStatement>,
}

impl MigrationContext {
    pub fn new(sql: &str, dialect: Dialect) -> MigrationContext {
        let mut statements: Vec<MigrationStatement> = crate::verify::statements(sql, dialect)
            .into_iter()
            .filter_map(|s| {
                let (tokens, skipped_lines) = tokens(&s.text);
                (!tokens.is_empty()).then_some(MigrationStatement {
                    line: s.line + skipped_lines,
                    tokens,
                    on_new_table: false,
                })
            })
            .collect();
        // Tables created in the transaction still open (outside one, a created table is
        // committed at once and others may use it).
        let mut open = false;
        let mut created: BTreeSet<String> = BTreeSet::new();
        for s in &mut statements {
            if s.starts(&["BEGIN"]) || s.starts(&["START", "TRANSACTION"]) {
                open = true;
            } else if s.starts(&["COMMIT"]) || s.starts(&["END"]) || s.starts(&["ROLLBACK"]) {
                open = false;
                created.clear();
            }
            let table = s.table();
            s.on_new_table = table.as_ref().is_some_and(|t| created.contains(t));
            if open && s.starts(&["CREATE", "TABLE"]) {
                created.extend(table);
            }
        }
        MigrationContext { statements }
    }
}

/// The tokens of a statement and how many lines of comments and blanks come before its first
/// token.
fn tokens(text: &str) -> (Vec<Token>, usize) {
    let mut out = Vec::new();
    let mut lines_before = 0;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' && out.is_empty() {
            lines_before += 1;
        }
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                if chars[i] == '\n' && out.is_empty() {
                    lines_before += 1;
                }
                i += 1;
            }
            i += 2;
        } else if c == '\'' || c == '"' {
            let mut text = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == c {
                    if chars.get(i + 1) == Some(&c) {
                        text.push(c);
                        i += 2;
                        continue;
                    }
                    break;
                }
                text.push(chars[i]);
                i += 1;
            }
            i += 1;
            out.push(if c == '"' {
                Token::Quoted(text)
            } else {
                Token::Literal(text)
            });
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(Token::Word(word.to_uppercase()));
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
    (out, lines_before)
}
