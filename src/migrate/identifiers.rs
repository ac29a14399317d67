//! The identifiers an SQL expression names, found by a scan that skips string literals: what
//! a check constrains (for the name an engine gives it), and the renames a migration makes
//! carried into the expressions of the old version.

use rustc_hash::FxHashMap;

use crate::generate::sql::SqlDialect;

/// Each identifier of `expression`, bare or quoted (`"a b"`, `` `a` ``, `[a]`), with the
/// byte range it is written in.
fn scan(expression: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut chars = expression.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => {
                // A string literal ('' stays inside it).
                while let Some((_, d)) = chars.next() {
                    if d == '\'' {
                        if chars.peek().is_some_and(|(_, e)| *e == '\'') {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
            }
            '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                let mut word = String::new();
                let mut end = expression.len();
                while let Some((j, d)) = chars.next() {
                    if d == close {
                        // A doubled quote is one quote inside the name.
                        if close != ']' && chars.peek().is_some_and(|(_, e)| *e == close) {
                            chars.next();
                            word.push(d);
                            continue;
                        }
                        end = j + d.len_utf8();
                        break;
                    }
                    word.push(d);
                }
                out.push((i..end, word));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut end = i + c.len_utf8();
                while let Some((j, d)) = chars.peek() {
                    if d.is_alphanumeric() || *d == '_' || *d == '$' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push((i..end, expression[i..end].to_string()));
            }
            _ => {}
        }
    }
    out
}

/// The identifiers `expression` names, in order.
pub fn identifiers(expression: &str) -> Vec<String> {
    scan(expression).into_iter().map(|(_, w)| w).collect()
}

/// `expression` with every identifier that `renames` maps written as its new name.
pub fn substitute(
    expression: &str,
    renames: &FxHashMap<String, String>,
    dialect: &dyn SqlDialect,
) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut at = 0;
    for (range, word) in scan(expression) {
        if let Some(new) = renames.get(&word) {
            out.push_str(&expression[at..range.start]);
            out.push_str(&dialect.ident(new));
            at = range.end;
        }
    }
    out.push_str(&expression[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::sql::dialect_for;
    use crate::model::Dialect;

    #[test]
    fn renames_reach_identifiers_but_not_strings() {
        let renames: FxHashMap<String, String> = [
            ("it's".to_string(), "user 0".to_string()),
            ("a".to_string(), "b".to_string()),
        ]
        .into_iter()
        .collect();
        let d = dialect_for(Dialect::Postgres);
        assert_eq!(
            substitute(
                "(\"it's\" IS NULL) OR a > 'a' OR aa = 1",
                &renames,
                d.as_ref()
            ),
            "(\"user 0\" IS NULL) OR b > 'a' OR aa = 1"
        );
        assert_eq!(
            identifiers("x = 'y' AND \"q\"\"r\" > z"),
            ["x", "AND", "q\"r", "z"]
        );
    }
}
