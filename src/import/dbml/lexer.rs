//! DBML tokens, each with its position. Unterminated strings and unknown characters become
//! errors with positions; the lexer never panics.

use crate::diagnostic::{Diagnostic, Position};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A bare word: keywords, names, type names, numbers with letters.
    Word(String),
    /// `"..."`: a quoted name.
    Quoted(String),
    /// `'...'` or `'''...'''`: a string.
    Str(String),
    /// `` `...` ``: an SQL expression.
    Expr(String),
    Number(String),
    /// `#rgb` or `#rrggbb`.
    Color(String),
    Punct(char),
    /// `<>`: many-to-many.
    ManyToMany,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub at: Position,
    /// Its bytes in the text, quotes included.
    pub span: std::ops::Range<usize>,
}

/// The tokens of `text`, and the problems found. After a problem the lexer resumes on the
/// next line, so the parser still sees every block it can.
pub fn lex(text: &str) -> (Vec<Token>, Vec<Diagnostic>) {
    let mut tokens = Vec::new();
    let mut problems = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let (mut i, mut line, mut column) = (0usize, 1u32, 1u32);
    // The byte offset of `chars[i]`.
    let mut byte = 0usize;
    // Advances over `n` characters, keeping line and column.
    macro_rules! bump {
        ($n:expr) => {
            for _ in 0..$n {
                if i < chars.len() {
                    byte += chars[i].len_utf8();
                    if chars[i] == '\n' {
                        line += 1;
                        column = 1;
                    } else {
                        column += 1;
                    }
                    i += 1;
                }
            }
        };
    }
    // Records a problem and resumes on the next line.
    macro_rules! fail {
        ($resume:lifetime, $diagnostic:expr) => {{
            problems.push($diagnostic);
            while i < chars.len() && chars[i] != '\n' {
                bump!(1);
            }
            continue $resume;
        }};
    }
    'tokens: while i < chars.len() {
        let c = chars[i];
        let at = Position { line, column };
        let (from, pushed) = (byte, tokens.len());
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => bump!(1),
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    bump!(1);
                }
            }
            '/' if next == Some('*') => {
                bump!(2);
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    bump!(1);
                }
                if i >= chars.len() {
                    fail!('tokens, Diagnostic::error("unterminated comment", Some(at)));
                }
                bump!(2);
            }
            '\'' if next == Some('\'') && chars.get(i + 2) == Some(&'\'') => {
                bump!(3);
                let start = i;
                while i < chars.len() && !chars[i..].starts_with(&['\'', '\'', '\'']) {
                    if chars[i] == '\\' {
                        bump!(1);
                    }
                    bump!(1);
                }
                if i >= chars.len() {
                    fail!('tokens, Diagnostic::error("unterminated ''' string", Some(at)));
                }
                let raw: String = chars[start..i].iter().collect();
                tokens.push(Token {
                    tok: Tok::Str(unescape(&dedent(&raw))),
                    at,
                    span: from..from,
                });
                bump!(3);
            }
            '\'' | '"' | '`' => {
                bump!(1);
                let start = i;
                while i < chars.len() && chars[i] != c {
                    if chars[i] == '\\' {
                        bump!(1);
                    }
                    // Only ''' strings and `expressions` span lines.
                    if c != '`' && chars.get(i) == Some(&'\n') {
                        fail!('tokens, Diagnostic::error(
                            format!("unterminated {c} string: it must end on the line it starts (''' strings may span lines)"),
                            Some(at),
                        ));
                    }
                    bump!(1);
                }
                if i >= chars.len() {
                    fail!('tokens, Diagnostic::error(
                        format!("unterminated {c} string"),
                        Some(at),
                    ));
                }
                let raw: String = chars[start..i].iter().collect();
                bump!(1);
                let tok = match c {
                    '\'' => Tok::Str(unescape(&raw)),
                    '"' => Tok::Quoted(unescape(&raw)),
                    _ => Tok::Expr(raw),
                };
                tokens.push(Token {
                    tok,
                    at,
                    span: from..from,
                });
            }
            '#' => {
                bump!(1);
                let start = i;
                while i < chars.len() && chars[i].is_ascii_hexdigit() {
                    bump!(1);
                }
                let hex: String = chars[start..i].iter().collect();
                tokens.push(Token {
                    tok: Tok::Color(format!("#{hex}")),
                    at,
                    span: from..from,
                });
            }
            '<' if next == Some('>') => {
                bump!(2);
                tokens.push(Token {
                    tok: Tok::ManyToMany,
                    at,
                    span: from..from,
                });
            }
            '-' if next.is_some_and(|d| d.is_ascii_digit())
                && !matches!(
                    tokens.last().map(|t| &t.tok),
                    Some(Tok::Word(_) | Tok::Quoted(_) | Tok::Punct(')'))
                ) =>
            {
                bump!(1);
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    bump!(1);
                }
                let digits: String = chars[start..i].iter().collect();
                tokens.push(Token {
                    tok: Tok::Number(format!("-{digits}")),
                    at,
                    span: from..from,
                });
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_')
                {
                    bump!(1);
                }
                let text: String = chars[start..i].iter().collect();
                let tok = if text.chars().all(|d| d.is_ascii_digit() || d == '.') {
                    Tok::Number(text)
                } else {
                    Tok::Word(text)
                };
                tokens.push(Token {
                    tok,
                    at,
                    span: from..from,
                });
            }
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    bump!(1);
                }
                tokens.push(Token {
                    tok: Tok::Word(chars[start..i].iter().collect()),
                    at,
                    span: from..from,
                });
            }
            '{' | '}' | '[' | ']' | '(' | ')' | ':' | ',' | '.' | '<' | '>' | '-' | '+' | '~'
            | '*' => {
                bump!(1);
                tokens.push(Token {
                    tok: Tok::Punct(c),
                    at,
                    span: from..from,
                });
            }
            other => {
                fail!('tokens, Diagnostic::error(
                    format!("unexpected character {other:?}"),
                    Some(at),
                ))
            }
        }
        if tokens.len() > pushed {
            if let Some(t) = tokens.last_mut() {
                t.span.end = byte;
            }
        }
    }
    (tokens, problems)
}

/// Backslash escapes of DBML strings: `\'`, `\"`, `\\`, `\n`, `\t`.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// `'''` strings drop the indentation their lines share, and the first and last blank line.
fn dedent(raw: &str) -> String {
    let lines: Vec<&str> = raw.split('\n').collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut kept: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start()))
        .collect();
    if kept.first().is_some_and(|l| l.trim().is_empty()) {
        kept.remove(0);
    }
    if kept.last().is_some_and(|l| l.trim().is_empty()) {
        kept.pop();
    }
    kept.join("\n")
}
