//! How MongoDB compares values inside `$jsonSchema`: numbers of any type by value (`1`,
//! `1.0` and `NumberLong(1)` are equal), documents by their fields in any order, and
//! `multipleOf` in decimal arithmetic (MongoDB converts a double to a decimal128 of 15
//! significant digits first, so `0.0075` is a multiple of `0.0001`).

use crate::import::extended_json::Bson;
use crate::model::document::BsonType;

/// The value of a number of any BSON number type.
pub fn number(value: &Bson) -> Option<f64> {
    match value {
        Bson::Int(i) => Some(f64::from(*i)),
        Bson::Long(i) => Some(*i as f64),
        Bson::Double(x) => Some(*x),
        Bson::Decimal(s) => s.parse().ok(),
        _ => None,
    }
}

/// Whether two values are equal as `enum` and `uniqueItems` compare them.
pub fn equal(a: &Bson, b: &Bson) -> bool {
    match (a, b) {
        (Bson::Int(x), Bson::Int(y)) => x == y,
        (Bson::Long(x), Bson::Long(y)) => x == y,
        (Bson::Int(x), Bson::Long(y)) | (Bson::Long(y), Bson::Int(x)) => i64::from(*x) == *y,
        (Bson::String(x), Bson::String(y)) => x == y,
        (Bson::ObjectId(x), Bson::ObjectId(y)) => x.eq_ignore_ascii_case(y),
        (Bson::Bool(x), Bson::Bool(y)) => x == y,
        (Bson::Null, Bson::Null) => true,
        (Bson::Array(x), Bson::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Bson::Object(x), Bson::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .find(|(name, _)| name == k)
                        .is_some_and(|(_, w)| equal(v, w))
                })
        }
        // Values the samples keep only the type of: the singletons are equal, the rest
        // cannot be told apart and count as different.
        (Bson::Other(x), Bson::Other(y)) => {
            x == y && matches!(x, BsonType::MinKey | BsonType::MaxKey)
        }
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

/// A decimal number as digits times a power of ten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Decimal {
    digits: i128,
    exponent: i32,
}

impl Decimal {
    /// Reads `-12.5e3`-style text exactly (decimal128 holds 34 digits; more are refused).
    fn parse(text: &str) -> Option<Decimal> {
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(k) => (&text[..k], text[k + 1..].parse::<i32>().ok()?),
            None => (text, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let negative = whole.starts_with('-');
        let whole = whole.trim_start_matches(['-', '+']);
        let all: String = format!("{whole}{fraction}");
        if all.is_empty() || all.len() > 34 || !all.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits: i128 = all.parse().ok()?;
        Some(Decimal {
            digits: if negative { -digits } else { digits },
            exponent: exponent.checked_sub(i32::try_from(fraction.len()).ok()?)?,
        })
    }

    /// A double as MongoDB turns it into a decimal128: rounded to 15 significant digits.
    fn from_double(x: f64) -> Option<Decimal> {
        if !x.is_finite() {
            return None;
        }
        Decimal::parse(&format!("{x:.14e}"))
    }

    fn of(value: &Bson) -> Option<Decimal> {
        match value {
            Bson::Int(i) => Some(Decimal {
                digits: i128::from(*i),
                exponent: 0,
            }),
            Bson::Long(i) => Some(Decimal {
                digits: i128::from(*i),
                exponent: 0,
            }),
            Bson::Double(x) => Decimal::from_double(*x),
            Bson::Decimal(s) => Decimal::parse(s),
            _ => None,
        }
    }
}

/// Whether `value` is a multiple of `divisor` (a positive number from the schema).
pub fn multiple_of(value: &Bson, divisor: &serde_json::Value) -> bool {
    let exact = || {
        let x = Decimal::of(value)?;
        let d = match divisor.as_i64() {
            Some(i) => Decimal {
                digits: i128::from(i),
                exponent: 0,
            },
            None => Decimal::from_double(divisor.as_f64()?)?,
        };
        if d.digits == 0 {
            return None;
        }
        // Both to the smaller exponent, when that fits in 128 bits.
        let e = x.exponent.min(d.exponent);
        let scale = |n: Decimal| -> Option<i128> {
            let shift = u32::try_from(n.exponent - e).ok()?;
            n.digits.checked_mul(10i128.checked_pow(shift)?)
        };
        Some(scale(x)? % scale(d)? == 0)
    };
    exact().unwrap_or_else(|| {
        // Out of decimal range (a huge value over a tiny divisor): the quotient is too big
        // to be told from a whole number, as in MongoDB's own arithmetic, unless infinite.
        match (number(value), divisor.as_f64()) {
            (Some(x), Some(d)) => {
                let q = x / d;
                q.is_finite() && q.fract() == 0.0
            }
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value_and_documents_by_fields() {
        assert!(equal(&Bson::Int(1), &Bson::Double(1.0)));
        assert!(equal(&Bson::Long(1), &Bson::Decimal("1.00".into())));
        assert!(!equal(&Bson::Bool(false), &Bson::Int(0)));
        let a = Bson::Object(vec![("a".into(), Bson::Int(1)), ("b".into(), Bson::Null)]);
        let b = Bson::Object(vec![
            ("b".into(), Bson::Null),
            ("a".into(), Bson::Double(1.0)),
        ]);
        assert!(equal(&a, &b));
        assert!(!equal(&a, &Bson::Object(vec![("a".into(), Bson::Int(1))])));
    }

    #[test]
    fn multiples_in_decimal() {
        let d = |x: f64| serde_json::json!(x);
        assert!(multiple_of(&Bson::Double(0.0075), &d(0.0001)));
        assert!(!multiple_of(&Bson::Double(0.00751), &d(0.0001)));
        assert!(multiple_of(&Bson::Int(10), &serde_json::json!(2)));
        assert!(!multiple_of(&Bson::Int(7), &serde_json::json!(2)));
        assert!(multiple_of(&Bson::Double(4.5), &d(1.5)));
        assert!(!multiple_of(&Bson::Double(f64::INFINITY), &d(1.5)));
    }
}
