//! Normalization rules. Without dependencies: repeating groups, list-valued columns,
//! attributes copied from a referenced table, one column set in several tables. With the
//! dependencies a designer declares (`fd: a, b -> c` lines in a table's comment, see
//! [`crate::normalize::dependency`]) plus the table's own keys: the highest normal form,
//! the dependency that breaks the next one, and a decomposition.

pub mod bcnf_violation;
pub mod copied_attribute;
pub mod dependency_declaration;
pub mod discovered;
pub mod list_valued_column;
pub mod partial_dependency;
pub mod repeated_column_set;
pub mod repeating_group;
pub mod transitive_dependency;

use crate::edit::{Constraint, Edit, TableChange};
use crate::model::{Column, ForeignKey, PrimaryKey, Table};
use crate::normalize::decompose::{decompose_bcnf, preserves_dependencies, synthesize_3nf};
use crate::normalize::dependency::{declarations, list, without_declarations};
use crate::normalize::normal_form::{analyze, Analysis, ViolationKind};
use crate::normalize::{AttrSet, Fd, MAX_ATTRIBUTES};
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};

/// A table's declared dependencies, by column position, with its keys' dependencies.
pub struct Declared<'a> {
    pub table: &'a Table,
    pub names: Vec<String>,
    pub universe: AttrSet,
    pub fds: Vec<Fd>,
    /// What could not be read, with the column it names (for the declaration rule).
    pub problems: Vec<String>,
}

/// The `fd:` lines of a table's comment read against its columns; `None` when it has none.
pub(super) fn declared(table: &Table) -> Option<Declared<'_>> {
    let lines = declarations(table.comment.as_deref()?);
    if lines.is_empty() {
        return None;
    }
    Some(read(table, lines))
}

/// What a table's keys and `fd:` lines say, also when it declares nothing.
pub fn dependencies_of(table: &Table) -> Declared<'_> {
    read(table, declarations(table.comment.as_deref().unwrap_or("")))
}

fn read(
    table: &Table,
    lines: Vec<
        Result<
            crate::normalize::dependency::Declared,
            crate::normalize::dependency::DeclarationError,
        >,
    >,
) -> Declared<'_> {
    let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    let mut problems = Vec::new();
    if names.len() > MAX_ATTRIBUTES {
        problems.push(format!(
            "{} has {} columns; dependencies are analysed for at most {MAX_ATTRIBUTES}",
            table.name,
            names.len()
        ));
        return Declared {
            table,
            names,
            universe: AttrSet::EMPTY,
            fds: Vec::new(),
            problems,
        };
    }
    let position = |n: &str| names.iter().position(|c| c.eq_ignore_ascii_case(n));
    let mut fds = Vec::new();
    for line in lines {
        match line {
            Err(e) => problems.push(e.message),
            Ok(d) => {
                let missing: Vec<&String> = d
                    .lhs
                    .iter()
                    .chain(&d.rhs)
                    .filter(|n| position(n).is_none())
                    .collect();
                if !missing.is_empty() {
                    let missing: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
                    problems.push(format!(
                        "`fd: {} -> {}` names {}, which {} has no column of",
                        d.lhs.join(", "),
                        d.rhs.join(", "),
                        missing.join(", "),
                        table.name
                    ));
                    continue;
                }
                let set = |side: &[String]| AttrSet::of(side.iter().filter_map(|n| position(n)));
                fds.push(Fd::new(set(&d.lhs), set(&d.rhs)));
            }
        }
    }
    let universe = AttrSet::first(names.len());
    // The table's own keys are dependencies too.
    let key_sets = table.primary_key.iter().map(|k| &k.columns).chain(
        table.uniques.iter().map(|u| &u.columns).filter(|cols| {
            cols.iter()
                .all(|c| table.column_by_id(*c).is_some_and(|c| !c.nullable))
        }),
    );
    let at = |id: &crate::model::Id| table.columns.iter().position(|c| c.id == *id);
    for cols in key_sets {
        let lhs: Option<Vec<usize>> = cols.iter().map(at).collect();
        if let Some(lhs) = lhs {
            fds.push(Fd::new(AttrSet::of(lhs), universe));
        }
    }
    Declared {
        table,
        names,
        universe,
        fds,
        problems,
    }
}

impl Declared<'_> {
    pub fn analysis(&self) -> Analysis {
        analyze(self.universe, &self.fds)
    }

    pub fn show(&self, set: AttrSet) -> String {
        list(set, &self.names)
    }

    /// The proposed decomposition in words: 3NF synthesis, and BCNF when it keeps every
    /// dependency.
    pub fn proposal(&self) -> String {
        let parts = |ps: &[AttrSet]| {
            ps.iter()
                .map(|p| format!("({})", self.show(*p)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let third = synthesize_3nf(self.universe, &self.fds);
        match decompose_bcnf(self.universe, &self.fds, 16) {
            Some(bcnf) if bcnf != third && preserves_dependencies(&bcnf, &self.fds) => {
                format!(
                    "decompose into {} (BCNF, keeps every dependency)",
                    parts(&bcnf)
                )
            }
            Some(bcnf) if bcnf != third => format!(
                "decompose into {} (3NF, lossless, keeps every dependency; BCNF {} would lose one)",
                parts(&third),
                parts(&bcnf)
            ),
            _ => format!(
                "decompose into {} (lossless, keeps every dependency)",
                parts(&third)
            ),
        }
    }

    /// The finding for a violation of `kind`, with the fix that moves the dependency's
    /// right side into a table of its own.
    pub fn finding(
        &self,
        cx: &LintContext,
        analysis: &Analysis,
        what: &str,
    ) -> Option<RuleFinding> {
        let v = analysis.violation?;
        let moved = v.fd.rhs;
        let why = match v.kind {
            ViolationKind::Partial { key } => format!(
                "{} depends on {}, part of the key ({})",
                self.show(moved),
                self.show(v.fd.lhs),
                self.show(key)
            ),
            ViolationKind::Transitive => format!(
                "{} depends on {}, which is not a key",
                self.show(moved),
                self.show(v.fd.lhs)
            ),
            ViolationKind::NonKeyDeterminant => format!(
                "key column {} depends on {}, which is not a key",
                self.show(moved),
                self.show(v.fd.lhs)
            ),
        };
        let keys: Vec<String> = analysis
            .keys
            .keys
            .iter()
            .map(|k| format!("({})", self.show(*k)))
            .collect();
        let message = format!(
            "{} is in {}, not {what}: {why}; candidate keys {}; {}",
            self.table.name,
            analysis.form.label(),
            keys.join(" "),
            self.proposal()
        );
        Some(
            RuleFinding::new(ModelPath::table(self.table), message)
                .with_fix(self.split(cx, analysis, v.fd)),
        )
    }

    /// Moves what `fd.lhs` determines (outside any key) into a new table keyed by
    /// `fd.lhs`, referenced from this one; the declarations that no longer fit move with
    /// the columns. Only when no key, index or foreign key uses the moved columns.
    fn split(&self, cx: &LintContext, analysis: &Analysis, fd: Fd) -> Option<Fix> {
        let t = self.table;
        let closure = crate::normalize::closure::closure(fd.lhs, &analysis.cover);
        let moved = closure.minus(fd.lhs).minus(analysis.prime);
        if moved.is_empty() || fd.lhs.is_empty() {
            return None;
        }
        let moved_names: Vec<&str> = moved.iter().map(|i| self.names[i].as_str()).collect();
        let lhs_names: Vec<String> = fd.lhs.iter().map(|i| self.names[i].clone()).collect();
        let used = |c: crate::model::Id| {
            in_a_key_or_index(t, c)
                || cx
                    .references()
                    .any(|(_, f, target)| target.id == t.id && f.ref_columns.contains(&c))
        };
        if moved.iter().any(|i| used(t.columns[i].id)) {
            return None;
        }
        let name = self.new_table_name(cx, &lhs_names)?;
        let column = |i: usize, key: bool| -> Column {
            let c = &t.columns[i];
            Column {
                id: cx.fresh_id(),
                nullable: if key { false } else { c.nullable },
                identity: None,
                ..c.clone()
            }
        };
        let mut columns: Vec<Column> = fd.lhs.iter().map(|i| column(i, true)).collect();
        let key: Vec<crate::model::Id> = columns.iter().map(|c| c.id).collect();
        columns.extend(moved.iter().map(|i| column(i, false)));
        let new_id = cx.fresh_id();
        let new = Table {
            id: new_id,
            schema: t.schema.clone(),
            name: name.clone(),
            columns,
            primary_key: Some(PrimaryKey {
                id: cx.fresh_id(),
                name: None,
                columns: key.clone(),
            }),
            uniques: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            inherits: Vec::new(),
            partition_of: None,
            color: None,
            alias: None,
            patterns: Default::default(),
        };
        let mut edits = vec![Edit::AddTable {
            table: Box::new(new),
            at: cx.model.tables.len(),
            position: None,
        }];
        edits.extend(moved.iter().map(|i| Edit::RemoveColumn {
            table: t.id,
            column: t.columns[i].id,
        }));
        edits.push(Edit::PutConstraint {
            table: t.id,
            constraint: Constraint::ForeignKey(ForeignKey {
                id: cx.fresh_id(),
                name: None,
                columns: fd.lhs.iter().map(|i| t.columns[i].id).collect(),
                ref_table: new_id,
                ref_columns: key,
                on_delete: None,
                on_update: None,
                deferrable: false,
            }),
            at: t.foreign_keys.len(),
        });
        edits.push(Edit::SetTable {
            table: t.id,
            change: TableChange::Comment(self.comment_without(&moved_names)),
        });
        Some(Fix {
            title: format!(
                "move {} to a new table {name} keyed by {}",
                moved_names.join(", "),
                lhs_names.join(", ")
            ),
            safety: Safety::Unsafe,
            edits,
        })
    }

    /// A table name for the determinant: `customer_id` gives `customers`; otherwise the
    /// table's name and the columns'. `None` when that name is taken.
    fn new_table_name(&self, cx: &LintContext, lhs: &[String]) -> Option<String> {
        let max = cx.sql.max_identifier_length();
        let stem = match lhs {
            [one] => one
                .strip_suffix("_id")
                .filter(|s| !s.is_empty())
                .map(crate::rules::words::plural),
            _ => None,
        };
        let candidates = [stem, Some(format!("{}_{}", self.table.name, lhs.join("_")))];
        candidates
            .into_iter()
            .flatten()
            .map(|n| crate::rules::words::fit(n.to_lowercase(), max))
            .find(|n| {
                !cx.taken()
                    .relations
                    .contains(&(self.table.schema.clone(), n.to_lowercase()))
            })
    }

    /// The comment without the declarations that name a moved column.
    fn comment_without(&self, moved: &[&str]) -> Option<String> {
        let comment = self.table.comment.as_deref()?;
        without_declarations(comment, |d| {
            d.lhs
                .iter()
                .chain(&d.rhs)
                .any(|c| moved.iter().any(|m| m.eq_ignore_ascii_case(c)))
        })
    }
}

/// The tables whose declared dependencies put them in `form` exactly, each with the
/// violation that keeps it from `next`.
pub(super) fn violations(
    cx: &LintContext,
    form: crate::normalize::normal_form::NormalForm,
    next: &str,
) -> Vec<RuleFinding> {
    cx.model
        .tables
        .iter()
        .filter_map(|t| declared(t))
        .filter(|d| !d.universe.is_empty())
        .filter_map(|d| {
            let analysis = d.analysis();
            (analysis.form == form)
                .then(|| d.finding(cx, &analysis, next))
                .flatten()
        })
        .collect()
}

/// Whether a key, unique constraint, foreign key or index of `t` uses column `c`: such a
/// column cannot simply be dropped by a fix.
pub(super) fn in_a_key_or_index(t: &Table, c: crate::model::Id) -> bool {
    t.is_primary_key_column(&c)
        || t.uniques.iter().any(|u| u.columns.contains(&c))
        || t.foreign_keys.iter().any(|f| f.columns.contains(&c))
        || t.indexes.iter().any(|i| {
            i.parts
                .iter()
                .any(|p| matches!(&p.target, crate::model::IndexTarget::Column(x) if *x == c))
        })
}
