//! The rule engine. A rule is a unit type declared with [`declare_rule!`] in a file of its
//! own (its code, kebab-case name, default severity and documentation), with a check that
//! returns findings and, where it can, fixes made of edits. Adding a rule is that file plus
//! one line in [`REGISTRY`].

pub mod config;
pub mod document;
pub mod finding;
pub mod fix_preview;
mod integrity;
mod locate;
pub mod migration;
mod naming;
pub mod normal_form;
mod words;

use crate::diagnostic::Severity;
use crate::generate::sql::{dialect_for, SqlDialect};
use crate::model::{Column, Dialect, ForeignKey, Model, Project, SourceFormat, Table, TextSpans};

pub use config::{
    CaseStyle, LintSettings, PrimaryKeyName, Profile, RuleLevel, Suppression, TableNames,
};
pub use finding::{Finding, Fix, ModelPath, Safety};

/// What a check reads: the model, its dialect and the team's profile; and where fixes that
/// add objects take their ids from.
pub struct LintContext<'a> {
    pub model: &'a Model,
    pub dialect: Dialect,
    pub sql: Box<dyn SqlDialect>,
    pub profile: Profile,
    last_id: std::cell::Cell<u64>,
    taken: std::cell::OnceCell<TakenNames>,
    lookup: std::cell::OnceCell<crate::model::TableLookup>,
}

/// A set hashed with fixed keys: a lint does the same work on every run and machine (the
/// fuzz gate, which lints what it imports, needs that).
pub type FixedSet<T> = std::collections::HashSet<
    T,
    std::hash::BuildHasherDefault<std::collections::hash_map::DefaultHasher>,
>;

/// Names in use, lower case, for fixes that must not propose one: built once per lint.
#[derive(Default)]
pub struct TakenNames {
    /// (schema, name) of tables and views.
    pub relations: FixedSet<(Option<String>, String)>,
    pub indexes: FixedSet<String>,
}

impl<'a> LintContext<'a> {
    /// `last_id`: the project's last id handed out (see [`crate::model::IdGen::last`]).
    pub fn new(model: &'a Model, dialect: Dialect, profile: Profile, last_id: u64) -> Self {
        LintContext {
            model,
            dialect,
            sql: dialect_for(dialect),
            profile,
            last_id: std::cell::Cell::new(last_id.max(model.max_id())),
            taken: std::cell::OnceCell::new(),
            lookup: std::cell::OnceCell::new(),
        }
    }

    /// Foreign-key targets, resolved once per lint for every rule.
    pub fn lookup(&self) -> &crate::model::TableLookup {
        self.lookup
            .get_or_init(|| crate::model::TableLookup::new(self.model))
    }

    /// The table, view and index names in use.
    pub fn taken(&self) -> &TakenNames {
        self.taken.get_or_init(|| {
            let mut taken = TakenNames::default();
            for t in &self.model.tables {
                taken
                    .relations
                    .insert((t.schema.clone(), t.name.to_lowercase()));
                for i in &t.indexes {
                    taken
                        .indexes
                        .extend(i.name.as_deref().map(str::to_lowercase));
                }
            }
            for v in &self.model.views {
                taken
                    .relations
                    .insert((v.schema.clone(), v.name.to_lowercase()));
            }
            taken
        })
    }

    /// An id no object of the project has: fixes are computed without changing the project,
    /// and [`Fix::edit`] makes the project's generator step past the ones a fix uses.
    pub fn fresh_id(&self) -> crate::model::Id {
        self.last_id.set(self.last_id.get() + 1);
        crate::model::Id(self.last_id.get())
    }

    /// Every foreign key whose target the model has: (its table, the key, the target).
    pub fn references(&self) -> impl Iterator<Item = (&'a Table, &'a ForeignKey, &'a Table)> + '_ {
        let model = self.model;
        model.tables.iter().flat_map(move |t| {
            t.foreign_keys.iter().filter_map(move |fk| {
                let target = self.lookup().target(fk)?;
                Some((&**t, fk, &*model.tables[target]))
            })
        })
    }

    /// A name a fix proposes, written in the profile's case style (rules build them in
    /// snake case).
    pub fn styled(&self, name: &str) -> String {
        words::in_case(name, self.profile.case)
    }

    /// Every column with its table.
    pub fn columns(&self) -> impl Iterator<Item = (&'a Table, &'a Column)> {
        self.model
            .tables
            .iter()
            .flat_map(|t| t.columns.iter().map(move |c| (&**t, c)))
    }
}

/// What every rule is.
pub trait Rule: Sync {
    /// `NAM001`, `NF001`: two or three letters for the family, three digits.
    fn code(&self) -> &'static str;
    /// Kebab case, naming the flagged pattern.
    fn name(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    /// The doc comment: What it does / Why it matters / Example / Fix.
    fn docs(&self) -> &'static str;
    /// PostgreSQL scripts the rule flags and scripts it passes (default profile), or for a
    /// document rule sample collections (see [`document::examples`]): the rule's tests,
    /// run for every rule by the registry's tests.
    fn examples(&self) -> (&'static [&'static str], &'static [&'static str]);
    /// Findings with this rule's code, name and default severity (see [`RuleFinding`]).
    fn check(&self, cx: &LintContext) -> Vec<RuleFinding>;
}

/// A finding as a rule reports it; [`lint`] adds the rule's code, name, severity and the
/// text position.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleFinding {
    pub message: String,
    pub path: ModelPath,
    pub fixes: Vec<Fix>,
}

impl RuleFinding {
    pub fn new(path: ModelPath, message: impl Into<String>) -> Self {
        RuleFinding {
            message: message.into(),
            path,
            fixes: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fixes.extend(fix);
        self
    }
}

/// Declares a rule: its doc comment (kept for the app's rules page), code, name, severity,
/// and at least one script it flags and one it passes.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $rule:ident {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            failing: [$($failing:literal),+ $(,)?],
            passing: [$($passing:literal),+ $(,)?] $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $rule;

        impl $rule {
            pub const CODE: &'static str = $code;
            pub const NAME: &'static str = $name;
            pub const SEVERITY: $crate::diagnostic::Severity = $crate::diagnostic::Severity::$severity;
            pub const DOCS: &'static str = concat!($($doc, "\n"),*);
            pub const FAILING: &'static [&'static str] = &[$($failing),+];
            pub const PASSING: &'static [&'static str] = &[$($passing),+];
        }
    };
}

/// Implements [`Rule`] for a rule declared with [`declare_rule!`] whose `check` is an
/// inherent function.
#[macro_export]
macro_rules! impl_rule {
    ($rule:ident) => {
        impl $crate::rules::Rule for $rule {
            fn code(&self) -> &'static str {
                Self::CODE
            }
            fn name(&self) -> &'static str {
                Self::NAME
            }
            fn default_severity(&self) -> $crate::diagnostic::Severity {
                Self::SEVERITY
            }
            fn docs(&self) -> &'static str {
                Self::DOCS
            }
            fn examples(&self) -> (&'static [&'static str], &'static [&'static str]) {
                (Self::FAILING, Self::PASSING)
            }
            fn check(&self, cx: &$crate::rules::LintContext) -> Vec<$crate::rules::RuleFinding> {
                $rule::check(cx)
            }
        }
    };
}

/// Every rule, in code order. One line per rule.
pub static REGISTRY: &[&dyn Rule] = &[
    &naming::case_style::WrongCaseName,
    &naming::table_plurality::InconsistentTablePlurality,
    &naming::table_prefix::PrefixedTableName,
    &naming::junction_table::JunctionTableName,
    &naming::foreign_key_column::ForeignKeyColumnName,
    &naming::boolean_prefix::BooleanWithoutPrefix,
    &naming::negated_boolean::NegatedBoolean,
    &naming::timestamp_suffix::TimestampWithoutAt,
    &naming::date_suffix::DateWithoutSuffix,
    &naming::quantity_unit::QuantityWithoutUnit,
    &naming::abbreviation::UnclearAbbreviation,
    &naming::constraint_prefix::ConstraintNamePrefix,
    &naming::index_prefix::IndexNamePrefix,
    &naming::reserved_word::ReservedWordName,
    &naming::identifier_length::IdentifierTooLong,
    &naming::primary_key_name::PrimaryKeyColumnName,
    &integrity::missing_primary_key::MissingPrimaryKey,
    &integrity::unindexed_foreign_key::UnindexedForeignKey,
    &integrity::foreign_key_type::ForeignKeyTypeMismatch,
    &integrity::nullable_key::NullableKeyColumn,
    &integrity::non_unique_target::ForeignKeyToNonUnique,
    &integrity::redundant_index::RedundantIndex,
    &integrity::circular_foreign_keys::CircularForeignKeys,
    &integrity::cascade_chain::DeepCascadeChain,
    &integrity::float_money::MoneyAsFloat,
    &integrity::timestamp_without_zone::TimestampWithoutTimeZone,
    &normal_form::repeating_group::RepeatingColumnGroup,
    &normal_form::list_valued_column::ListValuedColumn,
    &normal_form::copied_attribute::CopiedReferencedColumn,
    &normal_form::repeated_column_set::RepeatedColumnSet,
    &normal_form::dependency_declaration::InvalidDependencyDeclaration,
    &normal_form::partial_dependency::PartialKeyDependency,
    &normal_form::transitive_dependency::TransitiveDependency,
    &normal_form::bcnf_violation::NonKeyDeterminant,
    &document::unbounded_array::UnboundedArray,
    &document::deep_nesting::DeepNesting,
    &document::document_size::DocumentSizeRisk,
    &document::unindexed_reference::UnindexedReference,
    &document::field_name::UnaddressableFieldName,
    &document::inconsistent_types::InconsistentFieldTypes,
];

/// The rule with this code or name.
pub fn rule(code_or_name: &str) -> Option<&'static dyn Rule> {
    REGISTRY
        .iter()
        .copied()
        .find(|r| r.code() == code_or_name || r.name() == code_or_name)
}

/// Every rule's code, name, default severity and documentation, as Markdown: the rules page.
pub fn rules_page() -> String {
    let mut page = String::from("# Rules\n");
    let model_rules = REGISTRY
        .iter()
        .map(|r| (r.code(), r.name(), r.default_severity(), r.docs()));
    let migration_rules = migration::MIGRATION_REGISTRY
        .iter()
        .map(|r| (r.code(), r.name(), r.default_severity(), r.docs()));
    for (code, name, severity, docs) in model_rules.chain(migration_rules) {
        let severity = severity.word();
        // The doc comment's headings are one level below the rule's.
        let docs: Vec<String> = docs
            .lines()
            .map(str::trim_start)
            .map(|l| match l.strip_prefix("## ") {
                Some(heading) => format!("### {heading}"),
                None => l.to_string(),
            })
            .collect();
        page.push_str(&format!(
            "\n## {code} {name} ({severity})\n\n{}\n",
            docs.join("\n")
        ));
    }
    page
}

/// Runs every enabled rule on `model` with `settings`; positions come from `text` (the
/// active text view, with where it writes each table) where the object can be found in it.
/// Sorted by position, then code.
pub fn lint(
    model: &Model,
    dialect: Dialect,
    settings: &LintSettings,
    text: Option<(&str, SourceFormat, &TextSpans)>,
    last_id: u64,
) -> Vec<Finding> {
    let cx = LintContext::new(model, dialect, settings.profile, last_id);
    let locator = text.map(|(text, format, spans)| locate::Locator::new(text, format, spans));
    let mut findings = Vec::new();
    for rule in REGISTRY {
        let severity = match settings.level(rule.code(), rule.name()) {
            Some(level) => match level.severity() {
                Some(s) => s,
                None => continue,
            },
            None => rule.default_severity(),
        };
        for mut f in rule.check(&cx) {
            if settings.suppressed(rule.code(), rule.name(), &f.path) {
                continue;
            }
            // A rename a view or a routine could not follow would be refused: not a fix, and
            // the finding says why there is none.
            let mut refused = None;
            f.fixes.retain(|fix| {
                let why = fix
                    .edits
                    .iter()
                    .find_map(|e| crate::edit::rename_refused(model, dialect, e));
                let keep = why.is_none();
                refused = refused.take().or(why);
                keep
            });
            if let (Some(why), true) = (refused, f.fixes.is_empty()) {
                f.message = format!("{} (no fix offered: {why})", f.message);
            }
            let at = locator.as_ref().and_then(|l| l.position(model, &f.path));
            findings.push(Finding {
                code: rule.code().into(),
                name: rule.name().into(),
                severity,
                message: f.message,
                path: f.path,
                position: at.map(|(start, _)| start),
                end: at.map(|(_, end)| end),
                fixes: f.fixes,
            });
        }
    }
    findings.sort_by(|a, b| {
        let key = |f: &Finding| f.position.map(|p| (p.line, p.column));
        key(a)
            .is_none()
            .cmp(&key(b).is_none())
            .then(key(a).cmp(&key(b)))
            .then(a.code.cmp(&b.code))
    });
    findings
}

/// Lints a project as it stands, with positions in its editor's text; what is wrong with
/// the settings comes first, as findings of its own.
pub fn lint_project(project: &Project, settings: &LintSettings) -> Vec<Finding> {
    let mut found: Vec<Finding> = settings
        .problems(&known_rules())
        .into_iter()
        .map(Finding::from_setting_problem)
        .collect();
    let spans = crate::edit::text::text_spans(project);
    found.extend(lint(
        &project.model,
        project.source.dialect,
        settings,
        Some((&project.source.text, project.source.format, &spans)),
        project.ids.last(),
    ));
    found
}

/// Every rule's (code, name).
pub fn known_rules() -> Vec<(&'static str, &'static str)> {
    REGISTRY.iter().map(|r| (r.code(), r.name())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for r in REGISTRY {
            let code = r.code();
            assert!(
                (5..=6).contains(&code.len())
                    && code[..code.len() - 3]
                        .chars()
                        .all(|c| c.is_ascii_uppercase())
                    && code[code.len() - 3..].chars().all(|c| c.is_ascii_digit()),
                "{code}"
            );
            assert!(
                r.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name()
            );
            assert!(seen.insert(code), "{code} twice");
            assert!(seen.insert(r.name()), "{} twice", r.name());
        }
    }

    #[test]
    fn every_rule_documents_the_four_headings() {
        for r in REGISTRY {
            let docs = r.docs();
            let mut at = 0;
            for heading in [
                "## What it does",
                "## Why it matters",
                "## Example",
                "## Fix",
            ] {
                let found = docs[at..]
                    .find(heading)
                    .unwrap_or_else(|| panic!("{} lacks {heading} (in order)", r.code()));
                at += found + heading.len();
            }
        }
    }

    /// The rules page, as the app and `schemaforge rules` show it: reviewed when it changes.
    /// (insta is a native dev-dependency.)
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn rule_docs_snapshot() {
        insta::assert_snapshot!(rules_page());
    }

    fn only(rule: &dyn Rule) -> LintSettings {
        let mut settings = LintSettings::default();
        for r in REGISTRY {
            if r.code() != rule.code() {
                settings.rules.insert(r.code().into(), RuleLevel::Off);
            }
        }
        settings
    }

    fn project(sql: &str) -> Project {
        if document::examples::is_document_example(sql) {
            return document::examples::project_from_example(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        let (project, report) =
            crate::workspace::project_from_sql("example", sql, Dialect::Postgres);
        assert!(!report.has_errors(), "{sql}: {report:?}");
        project
    }

    /// Every rule flags each of its failing examples and none of its passing ones; every fix
    /// it offers applies, leaves a valid model, and makes that finding go away.
    #[test]
    fn every_rule_flags_its_failing_examples_passes_the_others_and_its_fixes_work() {
        for r in REGISTRY {
            let settings = only(*r);
            let (failing, passing) = r.examples();
            assert!(!failing.is_empty() && !passing.is_empty(), "{}", r.code());
            for sql in passing {
                let found = lint_project(&project(sql), &settings);
                assert!(found.is_empty(), "{} flags {sql}: {found:#?}", r.code());
            }
            for sql in failing {
                let base = project(sql);
                let found = lint_project(&base, &settings);
                assert!(!found.is_empty(), "{} passes {sql}", r.code());
                for finding in &found {
                    for fix in &finding.fixes {
                        let mut fixed = base.clone();
                        let inverse = fix.apply(&mut fixed).unwrap_or_else(|e| {
                            panic!("{}: fix {:?} on {sql}: {e}", r.code(), fix.title)
                        });
                        assert!(fixed.ids.last() >= fixed.model.max_id());
                        fixed.model.validate().expect("a fix leaves a valid model");
                        let after = lint_project(&fixed, &settings);
                        assert!(
                            !after
                                .iter()
                                .any(|f| f.message == finding.message && f.path == finding.path),
                            "{}: fix {:?} leaves {:?}",
                            r.code(),
                            fix.title,
                            finding.message
                        );
                        let mut undone = fixed.clone();
                        crate::edit::apply(&mut undone, inverse).expect("the fix undoes");
                        assert_eq!(
                            undone.model,
                            base.model,
                            "{}: undo of {:?}",
                            r.code(),
                            fix.title
                        );
                    }
                }
            }
        }
    }

    /// Names a fix proposes fit the dialect, and cutting them never splits a character.
    #[test]
    fn long_names_in_any_script_give_fitting_fixes() {
        let long = "é".repeat(30);
        let sql = format!(
            "CREATE TABLE \"{long}\" (id int PRIMARY KEY, \"{long}x\" int REFERENCES \"{long}\", CONSTRAINT \"{long}c\" CHECK (id > 0));\nCREATE INDEX \"{long}i\" ON \"{long}\" (id, \"{long}x\");"
        );
        let project = project(&sql);
        let found = lint_project(&project, &LintSettings::default());
        let mut proposed = 0;
        for f in &found {
            for fix in &f.fixes {
                for edit in &fix.edits {
                    if let crate::edit::Edit::PutConstraint { constraint, .. } = edit {
                        let name = match constraint {
                            crate::edit::Constraint::Index(i) => i.name.clone(),
                            crate::edit::Constraint::Check(c) => c.name.clone(),
                            crate::edit::Constraint::Unique(u) => u.name.clone(),
                            crate::edit::Constraint::ForeignKey(k) => k.name.clone(),
                        };
                        assert!(name.is_some_and(|n| n.len() <= 63), "{fix:?}");
                        proposed += 1;
                    }
                }
            }
        }
        assert!(proposed >= 2, "{found:#?}");
    }

    #[test]
    fn settings_turn_rules_off_change_severity_and_suppress() {
        let model = crate::import::sql::import_sql(
            "CREATE TABLE \"tbl_Users\" (\"ID\" int);",
            Dialect::Postgres,
        )
        .model;
        let all = lint(&model, Dialect::Postgres, &LintSettings::default(), None, 0);
        assert!(all.iter().any(|f| f.code == "NAM001"));
        assert!(all.iter().any(|f| f.code == "NAM003"));
        let mut settings = LintSettings::default();
        settings.rules.insert("NAM001".into(), RuleLevel::Off);
        settings
            .rules
            .insert("prefixed-table-name".into(), RuleLevel::Error);
        settings.suppress.push(Suppression {
            rule: "INT001".into(),
            object: "*".into(),
            at: None,
        });
        let some = lint(&model, Dialect::Postgres, &settings, None, 0);
        assert!(!some.iter().any(|f| f.code == "NAM001"));
        assert!(!some.iter().any(|f| f.code == "INT001"));
        let prefixed = some.iter().find(|f| f.code == "NAM003").expect("NAM003");
        assert_eq!(prefixed.severity, Severity::Error);
    }
}
