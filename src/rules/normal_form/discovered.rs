//! Dependencies found in sample rows, declared on the table they describe: each one that
//! the table's keys and `fd:` lines do not already imply becomes an `fd:` line of its
//! comment, where the normal-form rules read it. Not a rule: the app and the command line
//! call it after a discovery.

use super::dependencies_of;
use crate::model::Table;
use crate::normalize::closure::implies;
use crate::normalize::dependency::list;
use crate::normalize::{AttrSet, Fd};

/// What declaring a discovery would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The comment with the new `fd:` lines; `None` when nothing is new.
    pub comment: Option<String>,
    /// The new lines, as written.
    pub added: Vec<String>,
    /// Dependencies the table already implied.
    pub implied: usize,
    /// Sample columns the table does not have (dependencies naming them are left out).
    pub unknown: Vec<String>,
    /// The table's comment before.
    base: Option<String>,
}

impl Declaration {
    /// The comment with only the new lines `chosen` keeps (by index into `added`); `None`
    /// when it keeps none.
    pub fn comment_with(&self, chosen: impl Fn(usize) -> bool) -> Option<String> {
        let lines: Vec<&str> = self
            .added
            .iter()
            .enumerate()
            .filter(|(i, _)| chosen(*i))
            .map(|(_, l)| l.as_str())
            .collect();
        if lines.is_empty() {
            return None;
        }
        let mut text = self.base.clone().unwrap_or_default();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&lines.join("\n"));
        Some(text)
    }
}

/// Declares on `table` the dependencies `found` over the sample columns `names`.
pub fn declare_discovered(table: &Table, names: &[String], found: &[Fd]) -> Declaration {
    let current = dependencies_of(table);
    let position: Vec<Option<usize>> = names
        .iter()
        .map(|n| current.names.iter().position(|c| c.eq_ignore_ascii_case(n)))
        .collect();
    let unknown: Vec<String> = names
        .iter()
        .zip(&position)
        .filter(|(_, p)| p.is_none())
        .map(|(n, _)| n.clone())
        .collect();
    let map = |set: AttrSet| -> Option<AttrSet> {
        set.iter()
            .map(|i| position.get(i).copied().flatten())
            .collect::<Option<Vec<usize>>>()
            .map(AttrSet::of)
    };
    let mut known = current.fds.clone();
    let mut new: Vec<Fd> = Vec::new();
    let mut implied = 0;
    for fd in found {
        // A column constant in the sample (`∅ -> c`) says more about the sample than the
        // table, and has no `fd:` form.
        let (Some(lhs), Some(rhs)) = (map(fd.lhs), map(fd.rhs)) else {
            continue;
        };
        if lhs.is_empty() {
            continue;
        }
        let fd = Fd::new(lhs, rhs);
        if implies(&known, &fd) {
            implied += 1;
            continue;
        }
        known.push(fd);
        new.push(fd);
    }
    // One line per left side: `fd: a, b -> c, d`.
    let mut sides: Vec<(AttrSet, AttrSet)> = Vec::new();
    for fd in &new {
        match sides.iter_mut().find(|(l, _)| *l == fd.lhs) {
            Some((_, r)) => *r = *r | fd.rhs,
            None => sides.push((fd.lhs, fd.rhs)),
        }
    }
    let added: Vec<String> = sides
        .iter()
        .map(|(l, r)| {
            format!(
                "fd: {} -> {}",
                list(*l, &current.names),
                list(*r, &current.names)
            )
        })
        .collect();
    let mut declaration = Declaration {
        comment: None,
        added,
        implied,
        unknown,
        base: table.comment.clone(),
    };
    declaration.comment = declaration.comment_with(|_| true);
    declaration
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;
    use crate::model::Dialect;
    use crate::normalize::discover::{discover, Bounds};
    use crate::normalize::sample::read_csv;

    #[test]
    fn new_dependencies_become_fd_lines_and_implied_ones_do_not() {
        let sql = "CREATE TABLE addresses (id int PRIMARY KEY, zip text, city text, street text);";
        let model = import_sql(sql, Dialect::Postgres).model;
        let table = &model.tables[0];
        let sample = read_csv(
            "id,zip,city,street,extra\n1,10,A,x,p\n2,10,A,y,p\n3,20,B,x,q\n4,30,B,y,q\n5,30,B,x,q\n",
        )
        .expect("reads");
        let found = discover(&sample, Bounds::default(), |_| true).expect("runs");
        let d = declare_discovered(table, &sample.names, &found.dependencies);
        assert_eq!(d.unknown, vec!["extra".to_string()]);
        // id -> everything is the primary key's; zip -> city is new.
        assert!(d.implied >= 3, "{d:?}");
        assert!(d.added.contains(&"fd: zip -> city".to_string()), "{d:?}");
        assert!(d.added.iter().all(|l| !l.starts_with("fd: id ->")), "{d:?}");
        let comment = d.comment.clone().expect("a new comment");
        assert!(comment.starts_with("fd: "), "{comment}");
        // Declared, the same discovery adds nothing more.
        let mut declared = table.clone();
        declared.comment = Some(comment);
        let again = declare_discovered(&declared, &sample.names, &found.dependencies);
        assert_eq!(again.comment, None);
        assert!(again.added.is_empty());
        // Only the chosen lines are written.
        let zip = d
            .added
            .iter()
            .position(|l| l == "fd: zip -> city")
            .expect("the zip line");
        let only = d.comment_with(|i| i == zip).expect("one line");
        assert_eq!(only, "fd: zip -> city");
        assert_eq!(d.comment_with(|_| false), None);
    }
}
