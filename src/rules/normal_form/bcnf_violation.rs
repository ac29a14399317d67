use crate::normalize::normal_form::NormalForm;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags a table in third normal form whose declared dependencies make part of a
    /// candidate key depend on columns that are not a key: it is not in Boyce-Codd normal
    /// form.
    ///
    /// ## Why it matters
    /// The determinant's fact is repeated on every row that holds it, like any redundancy;
    /// but splitting the table may lose a dependency that then can only be checked with a
    /// join, so the finding says whether a BCNF decomposition keeps every dependency.
    ///
    /// ## Example
    /// `teaching (student, course, teacher)` keyed by `(student, course)` with
    /// `fd: teacher -> course`.
    ///
    /// ## Fix
    /// Decompose into `(teacher, course)` and `(student, teacher)` when losing the check of
    /// `student, course -> teacher` is acceptable; otherwise keep 3NF and document why.
    pub struct NonKeyDeterminant {
        code: "NF008",
        name: "non-key-determinant",
        severity: Info,
        failing: ["CREATE TABLE teaching (student text, course text, teacher text, PRIMARY KEY (student, course)); COMMENT ON TABLE teaching IS 'fd: teacher -> course';"],
        passing: ["CREATE TABLE courses (id int PRIMARY KEY, code text NOT NULL UNIQUE, title text); COMMENT ON TABLE courses IS 'fd: code -> title';"],
    }
}
impl_rule!(NonKeyDeterminant);

impl NonKeyDeterminant {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        super::violations(cx, NormalForm::Third, "BCNF")
    }
}
