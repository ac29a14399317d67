//! Moves a default or CHECK expression from the dialect it was written in to a target
//! dialect. The model keeps expressions as written; when the target differs, the expression
//! is parsed, the forms with a known equivalent are rewritten (casts, the current time, UUID
//! generators, booleans, `= ANY (ARRAY[…])`, identifier quotes) and anything else that is not
//! portable is refused with a reason, so the generator can report it instead of writing SQL
//! the engine would reject.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Expr, FunctionArguments, Ident, ObjectName, Value,
    ValueWithSpan,
};
use sqlparser::parser::Parser;

use super::SqlDialect;
use crate::import::sql::parser_dialect;
use crate::model::{ColumnType, Dialect, TypeKind};

/// Functions that mean the same in every target dialect.
const PORTABLE_FUNCTIONS: &[&str] = &[
    "lower", "upper", "coalesce", "abs", "round", "nullif", "trim", "replace", "floor",
];

/// An expression that is a sequence's next value, e.g. `nextval('s'::regclass)`.
pub(super) fn is_sequence_default(expression: &str) -> bool {
    let lower = expression.trim().to_ascii_lowercase();
    lower.starts_with("nextval(") || lower.starts_with("next value for ")
}

/// True for a literal that needs no parentheses as a default in any dialect.
pub(super) fn is_literal(expression: &str) -> bool {
    let t = expression.trim();
    let number = t
        .strip_prefix('-')
        .unwrap_or(t)
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().any(|c| c.is_ascii_digit());
    let string = t.len() >= 2
        && t.starts_with('\'')
        && t.ends_with('\'')
        && !t[1..t.len() - 1].replace("''", "").contains('\'');
    number || string || ["null", "true", "false"].contains(&t.to_ascii_lowercase().as_str())
}

/// `expression`, written in `source`, as `target` writes it; `Err` says why it has no form
/// there.
pub(super) fn translate(
    expression: &str,
    source: Dialect,
    target: &dyn SqlDialect,
) -> Result<String, String> {
    if source == target.dialect() {
        return Ok(expression.to_string());
    }
    let parser_dialect = parser_dialect(source);
    let mut parsed = Parser::new(parser_dialect.as_ref())
        .try_with_sql(expression)
        .and_then(|mut p| p.parse_expr())
        .map_err(|e| format!("cannot read `{expression}`: {e}"))?;
    let mut refusal: Option<String> = None;
    let _ = sqlparser::ast::visit_expressions_mut(&mut parsed, |e| {
        if let Err(reason) = rewrite(e, target) {
            refusal.get_or_insert(reason);
        }
        ControlFlow::<()>::Continue(())
    });
    // Arrays are refused only now: `= ANY (ARRAY[…])` above them has become an IN list.
    let _ = sqlparser::ast::visit_expressions(&parsed, |e| {
        if matches!(e, Expr::Array(_)) {
            refusal.get_or_insert("an array literal".into());
        }
        ControlFlow::<()>::Continue(())
    });
    match refusal {
        Some(reason) => Err(reason),
        None => Ok(parsed.to_string()),
    }
}

fn keyword(name: &str) -> Expr {
    Expr::Identifier(Ident::new(name))
}

fn unnest(mut e: &Expr) -> &Expr {
    while let Expr::Nested(inner) = e {
        e = inner;
    }
    e
}

fn literal(e: &Expr) -> Option<&Value> {
    match e {
        Expr::Value(ValueWithSpan { value, .. }) => Some(value),
        _ => None,
    }
}

/// Rewrites one node whose children are already rewritten.
fn rewrite(e: &mut Expr, target: &dyn SqlDialect) -> Result<(), String> {
    let dialect = target.dialect();
    match e {
        Expr::Identifier(ident) => requote(ident, target),
        Expr::CompoundIdentifier(parts) => parts.iter_mut().for_each(|i| requote(i, target)),
        Expr::Value(ValueWithSpan { value, .. }) => match value {
            Value::Boolean(b) if dialect == Dialect::Mssql => {
                *e = Expr::value(Value::Number(if *b { "1" } else { "0" }.into(), false));
            }
            Value::DollarQuotedString(s) => {
                *value = Value::SingleQuotedString(s.value.clone());
            }
            Value::Placeholder(p) => return Err(format!("placeholder {p} in an expression")),
            _ => {}
        },
        Expr::Cast {
            kind,
            expr,
            data_type,
            ..
        } => {
            let spelling = data_type.to_string();
            let kind_of = ColumnType::from_spelling(&spelling.to_ascii_lowercase()).kind;
            let inner = unnest(expr);
            let current = match kind_of {
                TypeKind::Date => Some("CURRENT_DATE"),
                TypeKind::Time { .. } => Some("CURRENT_TIME"),
                TypeKind::Timestamp { .. } => Some("CURRENT_TIMESTAMP"),
                _ => None,
            };
            // PostgreSQL's `'now'::date` is the current date, not a string.
            let is_now = matches!(literal(inner), Some(Value::SingleQuotedString(s)) if s.eq_ignore_ascii_case("now"))
                || matches!(inner, Expr::Identifier(i) if i.value.starts_with("CURRENT_"));
            if let (true, Some(k)) = (is_now, current) {
                *e = keyword(k);
                return Ok(());
            }
            if literal(inner).is_some() || is_now {
                // A literal's cast only restates the column's type.
                *e = inner.clone();
                return Ok(());
            }
            let mapped = target
                .kind_sql(&kind_of)
                .ok_or_else(|| format!("a cast to {spelling}"))?;
            *kind = CastKind::Cast;
            *data_type = DataType::Custom(ObjectName::from(vec![Ident::new(mapped)]), vec![]);
        }
        Expr::Function(f) => {
            let name = f.name.to_string().to_ascii_lowercase();
            let name = name.rsplit('.').next().unwrap_or(&name).to_string();
            let no_arguments = match &f.args {
                FunctionArguments::None => true,
                FunctionArguments::List(l) => l.args.is_empty(),
                FunctionArguments::Subquery(_) => false,
            };
            match name.as_str() {
                "now"
                | "getdate"
                | "sysdatetime"
                | "current_timestamp"
                | "localtimestamp"
                | "transaction_timestamp"
                | "statement_timestamp"
                    if no_arguments =>
                {
                    *e = keyword("CURRENT_TIMESTAMP")
                }
                "current_date" | "curdate" if no_arguments => *e = keyword("CURRENT_DATE"),
                "current_time" | "curtime" if no_arguments => *e = keyword("CURRENT_TIME"),
                "gen_random_uuid" | "uuid_generate_v4" | "uuid" | "newid" if no_arguments => {
                    *e = match dialect {
                        Dialect::Postgres => keyword("gen_random_uuid()"),
                        Dialect::Mysql => keyword("uuid()"),
                        Dialect::Mssql => keyword("newid()"),
                        Dialect::Sqlite => return Err("a generated UUID".into()),
                    }
                }
                n if PORTABLE_FUNCTIONS.contains(&n) => {}
                n if is_sequence_default(&format!("{n}(")) => {
                    return Err("a sequence's next value".into())
                }
                n => return Err(format!("the function {n}()")),
            }
        }
        Expr::AnyOp {
            left,
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } => {
            // `x = ANY (ARRAY['a', 'b'])` is `x IN ('a', 'b')`.
            let items = match &**right {
                Expr::Array(a) => a.elem.clone(),
                Expr::Nested(inner) => match &**inner {
                    Expr::Array(a) => a.elem.clone(),
                    _ => return Err("= ANY over a non-array".into()),
                },
                _ => return Err("= ANY over a non-array".into()),
            };
            *e = Expr::InList {
                expr: left.clone(),
                list: items,
                negated: false,
            };
        }
        Expr::BinaryOp { op, .. } => match op {
            BinaryOperator::StringConcat if dialect != Dialect::Sqlite => {
                return Err("the || operator".into())
            }
            BinaryOperator::PGRegexMatch
            | BinaryOperator::PGRegexIMatch
            | BinaryOperator::PGRegexNotMatch
            | BinaryOperator::PGRegexNotIMatch
            | BinaryOperator::PGLikeMatch
            | BinaryOperator::PGILikeMatch
            | BinaryOperator::PGNotLikeMatch
            | BinaryOperator::PGNotILikeMatch
            | BinaryOperator::Arrow
            | BinaryOperator::LongArrow
            | BinaryOperator::HashArrow
            | BinaryOperator::HashLongArrow
            | BinaryOperator::AtArrow
            | BinaryOperator::ArrowAt => return Err(format!("the {op} operator")),
            _ => {}
        },
        Expr::ILike { .. } => return Err("ILIKE".into()),
        Expr::Subquery(_) | Expr::Exists { .. } | Expr::InSubquery { .. } => {
            return Err("a subquery".into())
        }
        _ => {}
    }
    Ok(())
}

/// Gives a quoted identifier the target's quotes; a bare one stays bare unless the target
/// reserves it.
fn requote(ident: &mut Ident, target: &dyn SqlDialect) {
    if ident.quote_style.is_some() || target.needs_quoting(&ident.value) {
        ident.quote_style = Some(target.quote("").chars().next().unwrap_or('"'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::sql::dialect_for;

    fn to(target: Dialect, expression: &str) -> Result<String, String> {
        translate(expression, Dialect::Postgres, dialect_for(target).as_ref())
    }

    #[test]
    fn maps_current_time_casts_and_booleans() {
        assert_eq!(
            to(Dialect::Mysql, "now()").as_deref(),
            Ok("CURRENT_TIMESTAMP")
        );
        assert_eq!(
            to(Dialect::Sqlite, "('now'::text)::date").as_deref(),
            Ok("CURRENT_DATE")
        );
        assert_eq!(to(Dialect::Mssql, "true").as_deref(), Ok("1"));
        assert_eq!(to(Dialect::Mysql, "'G'::mpaa_rating").as_deref(), Ok("'G'"));
        assert_eq!(
            to(
                Dialect::Sqlite,
                "(rating = ANY (ARRAY['G'::text, 'PG'::text]))"
            )
            .as_deref(),
            Ok("(rating IN ('G', 'PG'))")
        );
        assert_eq!(
            to(Dialect::Mssql, "\"Order\" > 0").as_deref(),
            Ok("[Order] > 0")
        );
    }

    #[test]
    fn refuses_what_has_no_equivalent() {
        assert!(to(Dialect::Mysql, "nextval('s'::regclass)").is_err());
        assert!(to(Dialect::Mysql, "name ~ '^[a-z]+$'").is_err());
        assert!(to(Dialect::Sqlite, "gen_random_uuid()").is_err());
        assert!(to(Dialect::Mssql, "to_tsvector(title)").is_err());
        assert_eq!(
            to(Dialect::Postgres, "anything at all").as_deref(),
            Ok("anything at all"),
            "the source dialect keeps the text as written"
        );
    }
}
