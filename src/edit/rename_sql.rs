//! Renames reach into the SQL the model keeps as text: check constraints, column defaults,
//! index expressions and predicates, and view definitions. Each text is parsed with the
//! project's dialect and only the identifiers that resolve to the renamed object are
//! rewritten, in place, so everything else stays as written; a text that does not parse, or
//! whose references are ambiguous, is left alone. A bare column a `SELECT` lists gets
//! `AS <old name>`, so a view's columns keep their names (as PostgreSQL's own
//! `RENAME COLUMN` does). The texts replaced are returned, so that the rename's inverse puts
//! them back exactly.

use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};
use sqlparser::ast::{
    Expr, Ident, JoinConstraint, JoinOperator, ObjectName, ObjectNamePart, Query, Select,
    SelectItem, SelectItemQualifiedWildcardKind, TableFactor, TableWithJoins, Visit, Visitor,
};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Span};

use crate::generate::sql::dialect_for;
use crate::import::sql::parser_dialect;
use crate::model::{ColumnType, Dialect, Id, IndexTarget, Model, Table};

/// Where a piece of SQL text lives in the model, by the id of what holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlSite {
    /// A check constraint's expression.
    Check(Id),
    /// A column's default.
    Default(Id),
    /// An expression part of an index.
    IndexPart { index: Id, part: usize },
    /// The `WHERE` of a partial index.
    IndexPredicate(Id),
    /// A view's query.
    View(Id),
    /// A routine's whole text (a trigger's table, an SQL body).
    Routine(Id),
    /// A column's type as written (`sales.mood` names a type in a schema).
    ColumnType(Id),
}

/// The text at one site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SqlText {
    pub site: SqlSite,
    pub text: String,
}

/// What a rename changed, told after the model holds the new name.
pub(super) enum Renamed<'a> {
    /// Table `table` (an index into the model's tables) was called `old_schema.old_name`.
    Table {
        table: usize,
        old_schema: Option<&'a str>,
        old_name: &'a str,
    },
    /// Column `old` of table `table` is now called `new`.
    Column {
        table: usize,
        old: &'a str,
        new: &'a str,
    },
}

/// Rewrites every text that names what was renamed; returns the texts it replaced.
pub(super) fn follow_rename(model: &mut Model, dialect: Dialect, renamed: Renamed) -> Vec<SqlText> {
    let table_index = match renamed {
        Renamed::Table { table, .. } | Renamed::Column { table, .. } => table,
    };
    let mut rewritten = Vec::new();
    {
        let model = &*model;
        let Some(table) = model.tables.get(table_index) else {
            return Vec::new();
        };
        let rewriter = Rewriter {
            model,
            table,
            renamed: &renamed,
            dialect,
        };
        let (_, written) = rewriter.written_table();
        let needle = match renamed {
            Renamed::Column { old, .. } => old,
            Renamed::Table { .. } => written,
        };
        for (site, text) in table_sites(table)
            .into_iter()
            .filter(|(_, t)| mentions(t, needle))
        {
            if let Some(new) = rewriter.expression(text) {
                rewritten.push(SqlText { site, text: new });
            }
        }
        for view in model
            .views
            .iter()
            .filter(|v| mentions(&v.definition, needle))
        {
            if let Some(new) = rewriter.view(&view.definition) {
                rewritten.push(SqlText {
                    site: SqlSite::View(view.id),
                    text: new,
                });
            }
        }
        for routine in model.routines.iter().filter(|r| mentions(&r.text, needle)) {
            if let Some(new) = super::rename_routines::routine_text(&rewriter, dialect, routine) {
                rewritten.push(SqlText {
                    site: SqlSite::Routine(routine.id),
                    text: new,
                });
            }
        }
    }
    put_back(model, rewritten)
}

/// The views a rename of column `old` of table `table` (an index into the model's tables)
/// could not follow, each with why: renaming would leave them reading a column that is
/// gone, so the rename is refused until they change.
pub(super) fn views_a_rename_cannot_follow(
    model: &Model,
    dialect: Dialect,
    table: usize,
    old: &str,
) -> Vec<String> {
    let Some(t) = model.tables.get(table) else {
        return Vec::new();
    };
    let renamed = Renamed::Column {
        table,
        old,
        new: old,
    };
    let rewriter = Rewriter {
        model,
        table: t,
        renamed: &renamed,
        dialect,
    };
    model
        .views
        .iter()
        // A NATURAL JOIN need not write the column's name, only the table's.
        .filter(|v| mentions(&v.definition, old) || mentions(&v.definition, &t.name))
        .filter_map(|v| {
            let why = rewriter.unfollowable(&v.definition, old)?;
            Some(format!("view {} {why}", v.name))
        })
        .collect()
}

/// True when `text` may name `name`: it holds every piece of the name between quote
/// characters (which a quoted identifier writes doubled), ignoring ASCII case. A cheap test
/// that spares parsing the texts a rename cannot touch.
pub(super) fn mentions(text: &str, name: &str) -> bool {
    let text = text.to_ascii_lowercase();
    name.split(['"', '`', ']'])
        .filter(|piece| !piece.is_empty())
        .all(|piece| text.contains(&piece.to_ascii_lowercase()))
}

/// Sets each text at its site; returns the texts it replaced (sites that no longer exist are
/// skipped).
pub(super) fn put_back(model: &mut Model, texts: Vec<SqlText>) -> Vec<SqlText> {
    let mut replaced = Vec::new();
    for SqlText { site, text } in texts {
        if let SqlSite::ColumnType(id) = site {
            let column = model
                .table_mut_where(|t| t.columns.iter().any(|c| c.id == id))
                .and_then(|t| t.columns.iter_mut().find(|c| c.id == id));
            if let Some(c) = column {
                let old = std::mem::replace(&mut c.data_type, ColumnType::from_spelling(&text));
                replaced.push(SqlText {
                    site,
                    text: old.spelling,
                });
            }
        } else if let Some(slot) = slot_mut(model, &site) {
            let old = std::mem::replace(slot, text);
            replaced.push(SqlText { site, text: old });
        }
    }
    // Undone in the opposite order: a site set twice gets its first text back.
    replaced.reverse();
    replaced
}

/// The SQL texts a table holds, with their sites.
fn table_sites(table: &Table) -> Vec<(SqlSite, &str)> {
    let mut sites = Vec::new();
    for check in &table.checks {
        sites.push((SqlSite::Check(check.id), check.expression.as_str()));
    }
    for column in &table.columns {
        if let Some(default) = &column.default {
            sites.push((SqlSite::Default(column.id), default.as_str()));
        }
    }
    for index in &table.indexes {
        for (part, p) in index.parts.iter().enumerate() {
            if let IndexTarget::Expression(e) = &p.target {
                sites.push((
                    SqlSite::IndexPart {
                        index: index.id,
                        part,
                    },
                    e.as_str(),
                ));
            }
        }
        if let Some(predicate) = &index.predicate {
            sites.push((SqlSite::IndexPredicate(index.id), predicate.as_str()));
        }
    }
    sites
}

/// An index's expression part (`Some(part)`) or its predicate, in a table or a view.
fn index_text_mut(model: &mut Model, id: Id, part: Option<usize>) -> Option<&mut String> {
    fn text<R: crate::model::Refs>(
        index: &mut crate::model::Index<R>,
        part: Option<usize>,
    ) -> Option<&mut String> {
        match part {
            Some(part) => match &mut index.parts.get_mut(part)?.target {
                IndexTarget::Expression(e) => Some(e),
                IndexTarget::Column(_) => None,
            },
            None => index.predicate.as_mut(),
        }
    }
    let on_table = model
        .tables
        .iter()
        .any(|t| t.indexes.iter().any(|i| i.id == id));
    if on_table {
        let index = model
            .table_mut_where(|t| t.indexes.iter().any(|i| i.id == id))?
            .indexes
            .iter_mut()
            .find(|i| i.id == id)?;
        text(index, part)
    } else {
        let index = model
            .views
            .iter_mut()
            .flat_map(|v| v.indexes.iter_mut())
            .find(|i| i.id == id)?;
        text(index, part)
    }
}

fn slot_mut<'m>(model: &'m mut Model, site: &SqlSite) -> Option<&'m mut String> {
    match *site {
        SqlSite::Check(id) => model
            .table_mut_where(|t| t.checks.iter().any(|c| c.id == id))?
            .checks
            .iter_mut()
            .find(|c| c.id == id)
            .map(|c| &mut c.expression),
        SqlSite::Default(id) => model
            .table_mut_where(|t| t.columns.iter().any(|c| c.id == id))?
            .columns
            .iter_mut()
            .find(|c| c.id == id)
            .and_then(|c| c.default.as_mut()),
        SqlSite::IndexPart { index, part } => index_text_mut(model, index, Some(part)),
        SqlSite::IndexPredicate(id) => index_text_mut(model, id, None),
        SqlSite::View(id) => model
            .views
            .iter_mut()
            .find(|v| v.id == id)
            .map(|v| &mut v.definition),
        SqlSite::Routine(id) => model
            .routines
            .iter_mut()
            .find(|r| r.id == id)
            .map(|r| &mut r.text),
        SqlSite::ColumnType(_) => None,
    }
}

/// What a parsed text names: its relations, column references and bare `SELECT` columns.
#[derive(Default)]
struct Names {
    /// `FROM` and `JOIN` tables: the name's parts and the alias.
    relations: Vec<(Vec<Ident>, Option<Ident>)>,
    /// Derived tables, table functions, `WITH`, or more than one query: unqualified names
    /// may then mean something other than a column of the tables listed.
    nested: bool,
    queries: usize,
    references: Vec<Vec<Ident>>,
    bare_selected: Vec<Vec<Ident>>,
    wildcard_qualifiers: Vec<Vec<Ident>>,
    /// The columns joins match by name: `JOIN ... USING (a, b)`.
    using: Vec<Ident>,
    /// A `NATURAL JOIN`, which matches every column two relations share by name.
    natural: bool,
}

impl Names {
    fn note_joins(&mut self, from: &TableWithJoins) {
        for join in &from.joins {
            match join_constraint(&join.join_operator) {
                Some(JoinConstraint::Using(columns)) => self.using.extend(
                    columns
                        .iter()
                        .filter_map(|c| parts(c).and_then(|mut p| p.pop())),
                ),
                Some(JoinConstraint::Natural) => self.natural = true,
                _ => {}
            }
        }
    }
}

/// What a join matches its rows on, for the joins that say.
fn join_constraint(operator: &JoinOperator) -> Option<&JoinConstraint> {
    use JoinOperator as J;
    match operator {
        J::Join(c)
        | J::Inner(c)
        | J::Left(c)
        | J::LeftOuter(c)
        | J::Right(c)
        | J::RightOuter(c)
        | J::FullOuter(c)
        | J::CrossJoin(c)
        | J::Semi(c)
        | J::LeftSemi(c)
        | J::RightSemi(c)
        | J::Anti(c)
        | J::LeftAnti(c)
        | J::RightAnti(c)
        | J::StraightJoin(c)
        | J::AsOf { constraint: c, .. } => Some(c),
        _ => None,
    }
}

fn parts(name: &ObjectName) -> Option<Vec<Ident>> {
    name.0
        .iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(i) => Some(i.clone()),
            ObjectNamePart::Function(_) => None,
        })
        .collect()
}

impl Visitor for Names {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        self.queries += 1;
        if query.with.is_some() {
            self.nested = true;
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        match factor {
            TableFactor::Table { name, alias, .. } => match parts(name) {
                Some(p) => self
                    .relations
                    .push((p, alias.as_ref().map(|a| a.name.clone()))),
                None => self.nested = true,
            },
            TableFactor::NestedJoin {
                table_with_joins, ..
            } => self.note_joins(table_with_joins),
            _ => self.nested = true,
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &Select) -> ControlFlow<()> {
        for from in &select.from {
            self.note_joins(from);
        }
        for item in &select.projection {
            match item {
                SelectItem::UnnamedExpr(Expr::Identifier(i)) => {
                    self.bare_selected.push(vec![i.clone()])
                }
                SelectItem::UnnamedExpr(Expr::CompoundIdentifier(v)) => {
                    self.bare_selected.push(v.clone())
                }
                SelectItem::QualifiedWildcard(
                    SelectItemQualifiedWildcardKind::ObjectName(n),
                    _,
                ) => {
                    if let Some(p) = parts(n) {
                        self.wildcard_qualifiers.push(p);
                    }
                }
                _ => {}
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        match expr {
            Expr::Identifier(i) => self.references.push(vec![i.clone()]),
            Expr::CompoundIdentifier(v) => self.references.push(v.clone()),
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

/// True when `ident`, as written, names `name`: exactly when quoted, ignoring ASCII case
/// when bare.
/// Whether `ident` names `name`, as the dialects compare names.
pub(super) fn names(ident: &Ident, name: &str) -> bool {
    if ident.quote_style.is_some() {
        ident.value == name
    } else {
        ident.value.eq_ignore_ascii_case(name)
    }
}

/// True when `name` (a relation's parts) is table `schema.table`.
fn names_table(name: &[Ident], schema: Option<&str>, table: &str) -> bool {
    match name {
        [t] => names(t, table),
        [.., s, t] => names(t, table) && schema.is_none_or(|schema| names(s, schema)),
        [] => false,
    }
}

/// The sites whose SQL reads table `table` (an index into the model's tables), or its column
/// `column`: what deleting them takes along. Generous where a text is ambiguous (a view that
/// reads the table and writes the column's name anywhere counts), since a text left reading
/// what is gone would fail on the engine.
pub(super) fn sites_reading(
    model: &Model,
    dialect: Dialect,
    table: usize,
    column: Option<&str>,
) -> Vec<SqlSite> {
    let Some(t) = model.tables.get(table) else {
        return Vec::new();
    };
    let parser = parser_dialect(dialect);
    let reads = |found: &Names, scoped: bool| match column {
        None => true,
        Some(column) => found.references.iter().any(|r| {
            r.split_last().is_some_and(|(c, q)| {
                names(c, column)
                    && (!scoped || q.is_empty() || names_table(q, t.schema.as_deref(), &t.name))
            })
        }),
    };
    let mut sites = Vec::new();
    if column.is_some() {
        for (site, text) in table_sites(t) {
            let parsed = Parser::new(parser.as_ref())
                .try_with_sql(text)
                .and_then(|mut p| p.parse_expr());
            if let Ok(expr) = parsed {
                let mut found = Names::default();
                let _ = expr.visit(&mut found);
                if reads(&found, true) {
                    sites.push(site);
                }
            }
        }
    }
    for view in &model.views {
        let Ok(statements) = Parser::parse_sql(parser.as_ref(), &view.definition) else {
            continue;
        };
        let mut found = Names::default();
        let _ = statements.visit(&mut found);
        let over_table = found
            .relations
            .iter()
            .any(|(name, _)| names_table(name, t.schema.as_deref(), &t.name));
        let joins_on = column.is_some_and(|c| found.using.iter().any(|u| names(u, c)));
        if over_table && (reads(&found, false) || joins_on) {
            sites.push(SqlSite::View(view.id));
        }
    }
    sites
}

pub(super) struct Rewriter<'a> {
    pub(super) model: &'a Model,
    /// The renamed table, with its new names.
    pub(super) table: &'a Table,
    pub(super) renamed: &'a Renamed<'a>,
    pub(super) dialect: Dialect,
}

impl Rewriter<'_> {
    /// The name the texts still write the table with.
    fn written_table(&self) -> (Option<&str>, &str) {
        match *self.renamed {
            Renamed::Table {
                old_schema,
                old_name,
                ..
            } => (old_schema, old_name),
            Renamed::Column { .. } => (self.table.schema.as_deref(), &self.table.name),
        }
    }

    /// True when `name` (a relation's parts) is the renamed table as the texts write it.
    pub(super) fn is_table(&self, name: &[Ident]) -> bool {
        let (schema, table) = self.written_table();
        names_table(name, schema, table)
    }

    /// A new name spelled the way `like` was: in its quotes, or bare where it can be.
    pub(super) fn spell(&self, new: &str, like: &Ident) -> String {
        match like.quote_style {
            Some(open) => {
                let close = if open == '[' { ']' } else { open };
                let escaped = new.replace(close, &format!("{close}{close}"));
                format!("{open}{escaped}{close}")
            }
            None => {
                let d = dialect_for(self.dialect);
                if d.needs_quoting(new) {
                    d.quote(new)
                } else {
                    new.to_string()
                }
            }
        }
    }

    /// A table-scoped expression (check, default, index part or predicate).
    fn expression(&self, text: &str) -> Option<String> {
        let dialect = parser_dialect(self.dialect);
        let expr = Parser::new(dialect.as_ref())
            .try_with_sql(text)
            .and_then(|mut p| p.parse_expr())
            .ok()?;
        let mut found = Names::default();
        let _ = expr.visit(&mut found);
        let mut edits = Vec::new();
        match *self.renamed {
            Renamed::Column { old, new, .. } => {
                for r in &found.references {
                    let Some((column, qualifier)) = r.split_last() else {
                        continue;
                    };
                    if names(column, old) && (qualifier.is_empty() || self.is_table(qualifier)) {
                        edits.push((column.span, self.spell(new, column)));
                    }
                }
            }
            Renamed::Table { .. } => self.qualifiers(&found, &mut edits),
        }
        replace_spans(text, edits)
    }

    /// Column references qualified with the table's old name, for a table rename.
    fn qualifiers(&self, found: &Names, edits: &mut Vec<(Span, String)>) {
        let (_, old) = self.written_table();
        // An alias spelled like the old name hides it.
        if found
            .relations
            .iter()
            .any(|(_, a)| a.as_ref().is_some_and(|a| names(a, old)))
        {
            return;
        }
        let qualified = found
            .references
            .iter()
            .filter_map(|r| r.split_last().map(|(_, q)| q))
            .chain(found.wildcard_qualifiers.iter().map(Vec::as_slice));
        for qualifier in qualified {
            if let Some(t) = qualifier.last() {
                if self.is_table(qualifier) {
                    edits.push((t.span, self.spell(&self.table.name, t)));
                }
            }
        }
    }

    /// The edit that names the renamed table where `name` (its parts as written) named it:
    /// the last part, or the whole name when the table moved to another schema.
    pub(super) fn relation_rename(&self, name: &[Ident]) -> Option<(Span, String)> {
        let (old_schema, _) = self.written_table();
        let moved = old_schema != self.table.schema.as_deref();
        let (first, t) = (name.first()?, name.last()?);
        let table = self.spell(&self.table.name, t);
        if moved {
            // A table moved to another schema is named with its new one.
            let whole = Span::new(first.span.start, t.span.end);
            let qualified = match &self.table.schema {
                Some(schema) => format!("{}.{table}", self.spell(schema, first)),
                None => table,
            };
            Some((whole, qualified))
        } else {
            Some((t.span, table))
        }
    }

    /// A view's query (or a body written in SQL).
    pub(super) fn view(&self, text: &str) -> Option<String> {
        let dialect = parser_dialect(self.dialect);
        let statements = Parser::parse_sql(dialect.as_ref(), text).ok()?;
        let mut found = Names::default();
        let _ = statements.visit(&mut found);
        let ours: Vec<&(Vec<Ident>, Option<Ident>)> = found
            .relations
            .iter()
            .filter(|(name, _)| self.is_table(name))
            .collect();
        if ours.is_empty() {
            return None;
        }
        let mut edits = Vec::new();
        match *self.renamed {
            Renamed::Table { .. } => {
                for (name, _) in &ours {
                    edits.extend(self.relation_rename(name));
                }
                if ours.iter().any(|(_, alias)| alias.is_none()) {
                    self.qualifiers(&found, &mut edits);
                }
            }
            Renamed::Column { old, new, .. } => {
                // The names a column of this table is qualified with in the view.
                let qualifiers: Vec<&Ident> = ours
                    .iter()
                    .filter_map(|(name, alias)| alias.as_ref().or(name.last()))
                    .collect();
                let bare_allowed = self.bare_names_resolve(&found, old);
                let renames = |r: &[Ident]| -> bool {
                    let Some((column, qualifier)) = r.split_last() else {
                        return false;
                    };
                    names(column, old)
                        && match qualifier {
                            [] => bare_allowed,
                            [q] => qualifiers.iter().any(|a| names(q, &a.value)),
                            longer => self.is_table(longer),
                        }
                };
                for r in found.references.iter().filter(|r| renames(r)) {
                    if let Some(column) = r.last() {
                        edits.push((column.span, self.spell(new, column)));
                    }
                }
                // What the view's columns are called stays as it was.
                for r in found.bare_selected.iter().filter(|r| renames(r)) {
                    if let Some(column) = r.last() {
                        let end = Span::new(column.span.end, column.span.end);
                        edits.push((end, format!(" AS {}", self.spell(old, column))));
                    }
                }
            }
        }
        replace_spans(text, edits)
    }

    /// True when a bare `column` in a view can only be the renamed table's: one plain query
    /// (no `WITH`, derived table or subquery) whose other relations are tables of the model
    /// without such a column.
    fn bare_names_resolve(&self, found: &Names, column: &str) -> bool {
        !found.nested
            && found.queries <= 1
            && found.relations.iter().all(|(name, _)| {
                self.is_table(name)
                    || self.lookup(name).is_some_and(|t| {
                        !t.columns
                            .iter()
                            .any(|c| c.name.eq_ignore_ascii_case(column))
                    })
            })
    }

    /// Why view text `text` would still read column `old` by that name after renaming it,
    /// when it would: the view joins on it by name, or names it bare where the table it
    /// belongs to cannot be told.
    pub(super) fn unfollowable(&self, text: &str, old: &str) -> Option<&'static str> {
        let dialect = parser_dialect(self.dialect);
        let statements = Parser::parse_sql(dialect.as_ref(), text).ok()?;
        let mut found = Names::default();
        let _ = statements.visit(&mut found);
        if !found.relations.iter().any(|(name, _)| self.is_table(name)) {
            return None;
        }
        if found.using.iter().any(|u| names(u, old)) {
            return Some("joins on it with USING");
        }
        if found.natural {
            return Some("joins with NATURAL JOIN, which matches columns by their names");
        }
        let bare = found
            .references
            .iter()
            .chain(&found.bare_selected)
            .any(|r| matches!(r.as_slice(), [c] if names(c, old)));
        (bare && !self.bare_names_resolve(&found, old)).then_some(
            "names it without its table where the table cannot be told (a WITH, a subquery, \
             a derived table, or a relation the model does not have)",
        )
    }

    /// The model's table a relation names, when exactly one does.
    fn lookup(&self, name: &[Ident]) -> Option<&Table> {
        let (schema, table) = match name {
            [t] => (None, t),
            [.., s, t] => (Some(s), t),
            [] => return None,
        };
        let mut matching = self.model.tables.iter().filter(|t| {
            names(table, &t.name)
                && schema.is_none_or(|s| t.schema.as_deref().is_none_or(|ts| names(s, ts)))
        });
        let first = matching.next()?;
        matching.next().is_none().then_some(first)
    }
}

/// The byte offset of a tokenizer location (1-based line and character column).
fn offset(text: &str, at: Location) -> Option<usize> {
    let (line, column) = (
        usize::try_from(at.line).ok()?,
        usize::try_from(at.column).ok()?,
    );
    if line == 0 || column == 0 {
        return None;
    }
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    rest.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(rest.len()))
        .nth(column - 1)
        .map(|i| start + i)
}

/// `text` with each span replaced; `None` when there is nothing to replace or a span does not
/// fall where the parser said (then the text is left alone rather than mangled).
pub(super) fn replace_spans(text: &str, mut edits: Vec<(Span, String)>) -> Option<String> {
    if edits.is_empty() {
        return None;
    }
    let mut ranges = Vec::with_capacity(edits.len());
    for (span, new) in edits.drain(..) {
        let (start, end) = (offset(text, span.start)?, offset(text, span.end)?);
        if end < start {
            return None;
        }
        ranges.push((start, end, new));
    }
    ranges.sort_by_key(|&(start, end, _)| (start, end));
    ranges.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for (start, end, new) in ranges {
        if start < at {
            return None;
        }
        out.push_str(text.get(at..start)?);
        out.push_str(&new);
        at = end;
    }
    out.push_str(text.get(at..)?);
    (out != text).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::project_from_sql;

    /// A model with ids, as a project holds it.
    fn model(sql: &str) -> Model {
        let (project, report) = project_from_sql("t", sql, Dialect::Postgres);
        assert!(!report.has_errors(), "{report:?}");
        project.model
    }

    fn rename_column(model: &mut Model, table: &str, old: &str, new: &str) -> Vec<SqlText> {
        let i = model.tables.iter().position(|t| t.name == table).unwrap();
        let c = model.tables[i]
            .columns
            .iter()
            .position(|c| c.name == old)
            .unwrap();
        model.tables[i].columns[c].name = new.to_string();
        follow_rename(
            model,
            Dialect::Postgres,
            Renamed::Column { table: i, old, new },
        )
    }

    #[test]
    fn checks_indexes_and_defaults_follow_a_column_rename() {
        let mut m = model(
            "CREATE TABLE orders (id int PRIMARY KEY, price numeric CHECK (price > 0), \
             discount numeric DEFAULT 0, CONSTRAINT ck_cap CHECK (orders.discount <= \"price\"), \
             note text CHECK (note <> 'price'));\n\
             CREATE INDEX idx_price ON orders ((price * 2)) WHERE price IS NOT NULL;",
        );
        let before = m.clone();
        let old = rename_column(&mut m, "orders", "price", "Unit Price");
        let t = &m.tables[0];
        let checks: Vec<&str> = t.checks.iter().map(|c| c.expression.as_str()).collect();
        assert!(
            checks.iter().any(|c| c.contains("\"Unit Price\" > 0")),
            "{checks:?}"
        );
        assert!(
            checks
                .iter()
                .any(|c| c.contains("orders.discount <= \"Unit Price\"")),
            "{checks:?}"
        );
        // A string that spells the name is not a reference.
        assert!(checks.iter().any(|c| c.contains("'price'")), "{checks:?}");
        let index = &t.indexes[0];
        assert!(
            matches!(&index.parts[0].target, IndexTarget::Expression(e) if e.contains("\"Unit Price\" * 2")),
            "{:?}",
            index.parts
        );
        assert_eq!(
            index
                .predicate
                .as_deref()
                .map(|p| p.contains("\"Unit Price\" IS NOT NULL")),
            Some(true),
            "{:?}",
            index.predicate
        );
        // Putting the old texts back is exact.
        put_back(&mut m, old);
        m.tables[0].columns[1].name = "price".into();
        assert_eq!(m, before);
    }

    #[test]
    fn views_follow_and_keep_their_column_names() {
        let mut m = model(
            "CREATE TABLE customers (id int PRIMARY KEY, email text);\n\
             CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, total numeric);\n\
             CREATE VIEW big AS SELECT id, total FROM orders WHERE total > 100;\n\
             CREATE VIEW joined AS SELECT o.total, c.email FROM orders o JOIN customers c ON c.id = o.customer_id;\n\
             CREATE VIEW other AS SELECT email FROM customers;",
        );
        rename_column(&mut m, "orders", "total", "amount");
        let def = |m: &Model, name: &str| {
            m.views
                .iter()
                .find(|v| v.name == name)
                .unwrap()
                .definition
                .clone()
        };
        assert!(
            def(&m, "big").contains("amount AS total"),
            "{}",
            def(&m, "big")
        );
        assert!(
            def(&m, "big").contains("WHERE amount > 100"),
            "{}",
            def(&m, "big")
        );
        assert!(
            def(&m, "joined").contains("o.amount AS total"),
            "{}",
            def(&m, "joined")
        );
        assert!(!def(&m, "other").contains("amount"), "{}", def(&m, "other"));
        // `id` is a column of both tables: a bare `id` in a join is left alone.
        rename_column(&mut m, "customers", "email", "mail");
        assert!(
            def(&m, "joined").contains("c.mail AS email"),
            "{}",
            def(&m, "joined")
        );
        assert!(
            def(&m, "other").contains("mail AS email"),
            "{}",
            def(&m, "other")
        );
    }

    #[test]
    fn views_follow_a_table_rename_but_not_an_alias_or_a_column() {
        let mut m = model(
            "CREATE TABLE orders (id int PRIMARY KEY, orders int);\n\
             CREATE VIEW a AS SELECT orders.id, orders.orders FROM public.orders;\n\
             CREATE VIEW b AS SELECT x.id FROM orders AS x;",
        );
        let i = 0;
        m.tables[i].name = "purchases".into();
        follow_rename(
            &mut m,
            Dialect::Postgres,
            Renamed::Table {
                table: i,
                old_schema: None,
                old_name: "orders",
            },
        );
        let a = &m.views[0].definition;
        assert!(
            a.contains("SELECT purchases.id, purchases.orders FROM public.purchases"),
            "{a}"
        );
        assert!(
            m.views[1].definition.contains("FROM purchases AS x"),
            "{}",
            m.views[1].definition
        );
    }

    #[test]
    fn a_table_moved_to_another_schema_is_named_with_it() {
        let mut m = model(
            "CREATE TABLE orders (id int PRIMARY KEY);\n\
             CREATE VIEW a AS SELECT id FROM orders;",
        );
        m.tables[0].schema = Some("Sales".into());
        follow_rename(
            &mut m,
            Dialect::Postgres,
            Renamed::Table {
                table: 0,
                old_schema: None,
                old_name: "orders",
            },
        );
        assert_eq!(m.views[0].definition, "SELECT id FROM \"Sales\".orders");
    }

    #[test]
    fn unparsable_text_is_left_alone() {
        assert_eq!(replace_spans("abc", Vec::new()), None);
        let mut m = model("CREATE TABLE t (a int, CHECK (a > 0));");
        m.tables[0].checks[0].expression = "a > (".into();
        assert!(rename_column(&mut m, "t", "a", "b").is_empty());
        assert_eq!(m.tables[0].checks[0].expression, "a > (");
    }

    /// A project holding `sql`, and the ids of table `table` and its column `column`.
    fn project_with(sql: &str, table: &str, column: &str) -> (crate::model::Project, Id, Id) {
        let (project, report) = project_from_sql("t", sql, Dialect::Postgres);
        assert!(!report.has_errors(), "{report:?}");
        let t = project
            .model
            .tables
            .iter()
            .find(|t| t.name == table)
            .unwrap();
        let c = t.columns.iter().find(|c| c.name == column).unwrap();
        let ids = (t.id, c.id);
        (project, ids.0, ids.1)
    }

    #[test]
    fn a_rename_that_a_view_could_not_follow_is_refused_with_the_view_named() {
        use crate::edit::{apply, Edit};
        let tables = "CREATE TABLE a (id int PRIMARY KEY, code text);\n\
                      CREATE TABLE b (id int PRIMARY KEY, code text);\n";
        for (view, why) in [
            ("SELECT a.id FROM a JOIN b USING (code)", "USING"),
            ("SELECT a.id FROM a NATURAL JOIN b", "NATURAL JOIN"),
            (
                "WITH x AS (SELECT code FROM a) SELECT code FROM x",
                "without its table",
            ),
            (
                "SELECT id FROM a WHERE id IN (SELECT id FROM b WHERE code = 'x') AND code <> ''",
                "without its table",
            ),
        ] {
            let sql = format!("{tables}CREATE VIEW v AS {view};");
            let (mut project, table, column) = project_with(&sql, "a", "code");
            let before = project.clone();
            let refused = apply(&mut project, Edit::rename_column(table, column, "sku"))
                .expect_err(view)
                .to_string();
            assert!(
                refused.contains("view v") && refused.contains(why),
                "{view}: {refused}"
            );
            assert_eq!(project, before, "{view}: a refused rename changes nothing");
        }
        // A view whose every reference can be followed does not stand in the way, and a view
        // that reads another table's column of that name does not either.
        let sql = format!(
            "{tables}CREATE VIEW v AS SELECT a.code FROM a JOIN b ON b.id = a.id;\n\
             CREATE VIEW w AS SELECT code FROM b;"
        );
        let (mut project, table, column) = project_with(&sql, "a", "code");
        apply(&mut project, Edit::rename_column(table, column, "sku")).expect("followed");
        let v = &project.model.views[0].definition;
        assert!(v.contains("a.sku AS code"), "{v}");
    }

    #[test]
    fn deleting_a_column_a_view_joins_on_takes_the_view_along() {
        let sql = "CREATE TABLE a (id int PRIMARY KEY, code text);\n\
                   CREATE TABLE b (id int PRIMARY KEY, code text);\n\
                   CREATE VIEW v AS SELECT a.id FROM a JOIN b USING (code);";
        let (project, table, column) = project_with(sql, "a", "code");
        let (_, dependents) =
            crate::edit::compose::delete_column(&project, table, column).expect("deletable");
        assert!(
            dependents.items.iter().any(|d| d.contains("view v")),
            "{:?}",
            dependents.items
        );
    }
}
