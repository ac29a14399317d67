//! SQL syntax highlighting for the export panel: a small scanner that tells keywords,
//! strings, quoted names, numbers and comments apart, in one pass.

/// What a piece of the script is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Plain,
    Keyword,
    String,
    Name,
    Number,
    Comment,
}

impl Class {
    pub fn css(self) -> &'static str {
        match self {
            Class::Plain => "",
            Class::Keyword => "sql-kw",
            Class::String => "sql-str",
            Class::Name => "sql-name",
            Class::Number => "sql-num",
            Class::Comment => "sql-com",
        }
    }
}

const KEYWORDS: &[&str] = &[
    "ADD",
    "ALTER",
    "ALWAYS",
    "AS",
    "AUTOINCREMENT",
    "AUTO_INCREMENT",
    "BEGIN",
    "BY",
    "CASCADE",
    "CHECK",
    "COLUMN",
    "COMMENT",
    "COMMIT",
    "CONCURRENTLY",
    "CONSTRAINT",
    "CREATE",
    "DEFAULT",
    "DEFERRABLE",
    "DELETE",
    "DOMAIN",
    "ENUM",
    "EXISTS",
    "EXTENSION",
    "FOREIGN",
    "GENERATED",
    "GO",
    "IDENTITY",
    "IF",
    "IN",
    "INCLUDE",
    "INDEX",
    "IS",
    "KEY",
    "NOT",
    "NULL",
    "ON",
    "PRIMARY",
    "REFERENCES",
    "SCHEMA",
    "SEQUENCE",
    "SET",
    "START",
    "TABLE",
    "TRANSACTION",
    "TYPE",
    "UNIQUE",
    "UPDATE",
    "USING",
    "VIEW",
    "WHERE",
    "WITH",
];

/// The script cut into classed pieces that, joined, give the script back.
pub fn highlight(sql: &str) -> Vec<(Class, &str)> {
    let bytes = sql.as_bytes();
    let mut out: Vec<(Class, &str)> = Vec::new();
    let mut i = 0;
    let mut plain_start = 0;
    while i < bytes.len() {
        let start = i;
        let class = match bytes[i] {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                Class::Comment
            }
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == q {
                        if bytes.get(i + 1) == Some(&q) {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                if q == b'\'' {
                    Class::String
                } else {
                    Class::Name
                }
            }
            b'[' => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b']' {
                        if bytes.get(i + 1) == Some(&b']') {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                Class::Name
            }
            c if c.is_ascii_digit() => {
                while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                    i += 1;
                }
                Class::Number
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &sql[start..i];
                if KEYWORDS.contains(&word.to_ascii_uppercase().as_str()) {
                    Class::Keyword
                } else {
                    continue;
                }
            }
            _ => {
                // Step over one whole character.
                i += sql[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
        };
        if plain_start < start {
            out.push((Class::Plain, &sql[plain_start..start]));
        }
        out.push((class, &sql[start..i]));
        plain_start = i;
    }
    if plain_start < sql.len() {
        out.push((Class::Plain, &sql[plain_start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_join_back_to_the_script_and_are_classed() {
        let sql =
            "CREATE TABLE \"it's\" (a int DEFAULT 'x''y' -- note\n, [b]] c] int, größe text);";
        let pieces = highlight(sql);
        assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), sql);
        assert!(pieces.contains(&(Class::Keyword, "CREATE")));
        assert!(pieces.contains(&(Class::Name, "\"it's\"")));
        assert!(pieces.contains(&(Class::String, "'x''y'")));
        assert!(pieces.contains(&(Class::Comment, "-- note")));
        assert!(pieces.contains(&(Class::Name, "[b]] c]")));
        assert!(!pieces
            .iter()
            .any(|p| p.1 == "größe" && p.0 == Class::Keyword));
    }
}
