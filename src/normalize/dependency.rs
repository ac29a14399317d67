//! A functional dependency `X -> Y` between sets of a table's columns, and how a designer
//! declares one: a line `fd: a, b -> c, d` in the table's comment (SQL `COMMENT ON TABLE`,
//! DBML `Note`), so the declaration travels with the table through both text views, the
//! project file and undo without a syntax of its own.

use super::attrs::AttrSet;

/// `lhs` determines `rhs`: rows that agree on `lhs` agree on `rhs`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Fd {
    pub lhs: AttrSet,
    pub rhs: AttrSet,
}

impl Fd {
    pub fn new(lhs: AttrSet, rhs: AttrSet) -> Fd {
        Fd { lhs, rhs }
    }

    /// From column positions.
    pub fn of(lhs: &[usize], rhs: &[usize]) -> Fd {
        Fd::new(
            AttrSet::of(lhs.iter().copied()),
            AttrSet::of(rhs.iter().copied()),
        )
    }

    /// Whether `rhs` adds nothing to `lhs`.
    pub fn is_trivial(&self) -> bool {
        self.rhs.is_subset(self.lhs)
    }

    /// `lhs -> rhs` with the columns' names.
    pub fn display(&self, names: &[String]) -> String {
        format!("{} -> {}", list(self.lhs, names), list(self.rhs, names))
    }
}

/// The names of a set's columns, comma-separated (`∅` for none).
pub fn list(set: AttrSet, names: &[String]) -> String {
    if set.is_empty() {
        return "∅".into();
    }
    set.iter()
        .map(|i| names.get(i).map_or("?", String::as_str))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A dependency as written: column names on both sides, and where the line starts in the
/// comment (a byte offset).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Declared {
    pub lhs: Vec<String>,
    pub rhs: Vec<String>,
    pub offset: usize,
}

/// A declaration line that could not be read, with its offset in the comment.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeclarationError {
    pub message: String,
    pub offset: usize,
}

/// The `fd:` declarations of a comment, each read or refused. A declaration starts with
/// `fd:` at the start of a word and runs to the end of its line or to a `;`
/// (`Orders. fd: a -> b; fd: c -> d`).
pub fn declarations(comment: &str) -> Vec<Result<Declared, DeclarationError>> {
    spans(comment)
        .into_iter()
        .map(|(at, body, _)| declaration(comment[body].trim(), at))
        .collect()
}

/// Each declaration's offset, the range of its text after `fd:`, and the range to remove
/// with it (its `;` included).
fn spans(comment: &str) -> Vec<(usize, std::ops::Range<usize>, std::ops::Range<usize>)> {
    let bytes = comment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let word_start = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if word_start && bytes[i..i + 3].eq_ignore_ascii_case(b"fd:") {
            let body_start = i + 3;
            let body_end = comment[body_start..]
                .find(['\n', ';'])
                .map_or(comment.len(), |e| body_start + e);
            let remove_end = if comment[body_end..].starts_with(';') {
                body_end + 1
            } else {
                body_end
            };
            out.push((i, body_start..body_end, i..remove_end));
            i = remove_end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The comment without the declarations `drop` picks, and without the spaces and empty
/// lines that leaves; `None` when nothing is left.
pub fn without_declarations(comment: &str, drop: impl Fn(&Declared) -> bool) -> Option<String> {
    let mut text = String::new();
    let mut from = 0;
    for (at, body, remove) in spans(comment) {
        let dropped = declaration(comment[body].trim(), at).is_ok_and(|d| drop(&d));
        if dropped {
            text.push_str(&comment[from..remove.start]);
            from = remove.end;
        }
    }
    text.push_str(&comment[from..]);
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end().trim_end_matches(';').trim_end())
        .filter(|l| !l.trim().is_empty())
        .collect();
    let text = lines.join("\n");
    (!text.trim().is_empty()).then_some(text)
}

fn declaration(text: &str, offset: usize) -> Result<Declared, DeclarationError> {
    let refuse = |message: String| DeclarationError { message, offset };
    let Some((lhs, rhs)) = text.split_once("->") else {
        return Err(refuse(format!(
            "`fd: {text}` has no `->`: write `fd: a, b -> c`"
        )));
    };
    let lhs = names(lhs);
    let rhs = names(rhs);
    if rhs.is_empty() {
        return Err(refuse(format!("`fd: {text}` names no column after `->`")));
    }
    if rhs.iter().chain(&lhs).any(|n| n.contains("->")) {
        return Err(refuse(format!("`fd: {text}` has more than one `->`")));
    }
    Ok(Declared { lhs, rhs, offset })
}

fn names(side: &str) -> Vec<String> {
    side.split(',')
        .map(|n| {
            n.trim()
                .trim_matches(|c| matches!(c, '"' | '`' | '[' | ']'))
        })
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

/// Writes dependencies back as `fd:` lines, one per dependency.
pub fn declaration_lines(fds: &[Fd], names: &[String]) -> String {
    fds.iter()
        .map(|fd| format!("fd: {}", fd.display(names)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_read_from_a_comment_with_their_offsets() {
        let comment = "Orders placed.\nfd: customer_id -> customer_email, customer_name\n  FD: \"a\",b->c\nfd: nothing here\nfd: x ->";
        let read = declarations(comment);
        assert_eq!(read.len(), 4);
        let first = read[0].as_ref().expect("first reads");
        assert_eq!(first.lhs, vec!["customer_id"]);
        assert_eq!(first.rhs, vec!["customer_email", "customer_name"]);
        assert_eq!(&comment[first.offset..first.offset + 3], "fd:");
        let second = read[1].as_ref().expect("second reads");
        assert_eq!(second.lhs, vec!["a", "b"]);
        assert_eq!(second.rhs, vec!["c"]);
        assert!(read[2]
            .as_ref()
            .is_err_and(|e| e.message.contains("no `->`")));
        assert!(read[3]
            .as_ref()
            .is_err_and(|e| e.message.contains("no column after")));
    }

    #[test]
    fn declarations_may_share_a_line_and_be_dropped_from_it() {
        let comment = "Orders; see docs. fd: a -> b; fd: c -> d\nfd: e -> f";
        let read: Vec<Declared> = declarations(comment).into_iter().flatten().collect();
        assert_eq!(read.len(), 3);
        assert_eq!(read[1].lhs, vec!["c"]);
        let kept = without_declarations(comment, |d| d.rhs.iter().any(|c| c == "d" || c == "f"));
        assert_eq!(kept.as_deref(), Some("Orders; see docs. fd: a -> b"));
        assert_eq!(without_declarations("fd: a -> b", |_| true), None);
    }

    #[test]
    fn an_empty_left_side_is_a_constant_column() {
        let read = declarations("fd: -> status");
        let d = read[0].as_ref().expect("reads");
        assert!(d.lhs.is_empty());
        assert_eq!(d.rhs, vec!["status"]);
    }
}
