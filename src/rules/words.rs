//! Words in identifiers: splitting `OrderItems` or `order_items` into words, snake case,
//! singular and plural, the fixes the naming rules propose.

pub use crate::edit::compose::singular;
use crate::rules::config::CaseStyle;

/// The words of an identifier: split at underscores, spaces, hyphens and case changes
/// (`HTTPServerID` gives `HTTP`, `Server`, `ID`). Slices of the name: no allocation per
/// word, since rules ask this of every column.
pub fn words(name: &str) -> Vec<&str> {
    if name.is_ascii() {
        return ascii_words(name);
    }
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (k, &(at, c)) in chars.iter().enumerate() {
        if matches!(c, '_' | ' ' | '-' | '.') {
            if let Some(s) = start.take() {
                out.push(&name[s..at]);
            }
            continue;
        }
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|n| n.1);
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        match start {
            Some(s) if boundary => {
                out.push(&name[s..at]);
                start = Some(at);
            }
            None => start = Some(at),
            Some(_) => {}
        }
    }
    if let Some(s) = start {
        out.push(&name[s..]);
    }
    out
}

/// [`words`] for the common case, a name in ASCII: bytes instead of characters.
fn ascii_words(name: &str) -> Vec<&str> {
    let b = name.as_bytes();
    let mut out = Vec::with_capacity(4);
    let mut start: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        if matches!(c, b'_' | b' ' | b'-' | b'.') {
            if let Some(s) = start.take() {
                out.push(&name[s..i]);
            }
            continue;
        }
        let boundary = c.is_ascii_uppercase()
            && i > 0
            && (b[i - 1].is_ascii_lowercase()
                || b[i - 1].is_ascii_digit()
                || (b[i - 1].is_ascii_uppercase()
                    && b.get(i + 1).is_some_and(u8::is_ascii_lowercase)));
        match start {
            Some(s) if boundary => {
                out.push(&name[s..i]);
                start = Some(i);
            }
            None => start = Some(i),
            Some(_) => {}
        }
    }
    if let Some(s) = start {
        out.push(&name[s..]);
    }
    out
}

/// `name` cut to at most `max` bytes, never inside a character: a proposed name must fit the
/// dialect's identifier length.
pub fn fit(mut name: String, max: usize) -> String {
    if name.len() > max {
        let mut cut = max;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    name
}

/// `OrderItems`, `orderItems`, `Order Items` -> `order_items`.
pub fn snake_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `name` in `style`: `order_items`, `orderItems` or `OrderItems`.
pub fn in_case(name: &str, style: CaseStyle) -> String {
    match style {
        CaseStyle::Snake => snake_case(name),
        CaseStyle::Camel | CaseStyle::Pascal => {
            let mut out = String::with_capacity(name.len());
            for (k, w) in words(name).iter().enumerate() {
                let lower = w.to_lowercase();
                if k == 0 && style == CaseStyle::Camel {
                    out.push_str(&lower);
                    continue;
                }
                let mut chars = lower.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            }
            out
        }
    }
}

/// Whether `name` is written in `style` (see [`in_case`]); a name must start with a letter.
pub fn is_in_case(name: &str, style: CaseStyle) -> bool {
    match style {
        CaseStyle::Snake => is_snake_case(name),
        _ => name.starts_with(char::is_alphabetic) && in_case(name, style) == name,
    }
}

/// Lower case letters, digits and single inner underscores, starting with a letter.
pub fn is_snake_case(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
        && !name.ends_with('_')
        && !name.contains("__")
}

/// Words that are the same in singular and plural, or have no plural: no table name is
/// wrong for being one of them.
const UNCOUNTED: &[&str] = &[
    "audit",
    "data",
    "equipment",
    "feedback",
    "history",
    "info",
    "information",
    "inventory",
    "media",
    "metadata",
    "money",
    "news",
    "series",
    "sheep",
    "software",
    "species",
    "staff",
    "status",
    "traffic",
];

/// The last word of a table name, lower case: what says whether the name is plural.
fn last_word(name: &str) -> String {
    words(name)
        .last()
        .map(|w| w.to_lowercase())
        .unwrap_or_default()
}

/// Whether the name is singular, plural, or either (`staff`, `audit_log_data`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Number {
    Singular,
    Plural,
    Either,
}

pub fn number(name: &str) -> Number {
    let last = last_word(name);
    if last.is_empty() || UNCOUNTED.contains(&last.as_str()) {
        Number::Either
    } else if singular(&last) != last {
        Number::Plural
    } else {
        Number::Singular
    }
}

/// The plural of a name's last word: `category` -> `categories`, `order_item` ->
/// `order_items`.
pub fn plural(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let ends = |s: &str| lower.ends_with(s);
    if ends("person") {
        return format!("{}ople", &name[..name.len() - 4]);
    }
    let before_y = lower
        .len()
        .checked_sub(2)
        .and_then(|i| lower.as_bytes().get(i));
    if ends("y") && before_y.is_some_and(|c| !b"aeiou".contains(c)) {
        format!("{}ies", &name[..name.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| ends(e)) {
        format!("{name}es")
    } else {
        format!("{name}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_each_case_style() {
        for (name, snake, camel, pascal) in [
            ("OrderItems", "order_items", "orderItems", "OrderItems"),
            ("customer_ID", "customer_id", "customerId", "CustomerId"),
            ("ünit_price", "ünit_price", "ünitPrice", "ÜnitPrice"),
        ] {
            assert_eq!(in_case(name, CaseStyle::Snake), snake);
            assert_eq!(in_case(name, CaseStyle::Camel), camel);
            assert_eq!(in_case(name, CaseStyle::Pascal), pascal);
            assert!(is_in_case(camel, CaseStyle::Camel), "{camel}");
            assert!(is_in_case(pascal, CaseStyle::Pascal), "{pascal}");
        }
        assert!(!is_in_case("orderItems", CaseStyle::Pascal));
        assert!(!is_in_case("order_items", CaseStyle::Camel));
        assert!(!is_in_case("1order", CaseStyle::Camel));
    }

    #[test]
    fn splits_and_joins_identifiers() {
        assert_eq!(snake_case("OrderItems"), "order_items");
        assert_eq!(snake_case("HTTPServerID"), "http_server_id");
        assert_eq!(snake_case("customerEmail"), "customer_email");
        assert_eq!(snake_case("Order Items"), "order_items");
        assert_eq!(snake_case("already_snake"), "already_snake");
        assert_eq!(snake_case("address2"), "address2");
        // The same words, whether the name is ASCII or not.
        assert_eq!(words("ÉtatCivil_x"), ["État", "Civil", "x"]);
        assert_eq!(words("EtatCivil_x"), ["Etat", "Civil", "x"]);
        assert!(is_snake_case("order_items"));
        assert!(is_snake_case("address_line_2"));
        assert!(!is_snake_case("Orders"));
        assert!(!is_snake_case("order__items"));
        assert!(!is_snake_case("_orders"));
    }

    #[test]
    fn fitting_a_name_never_splits_a_character() {
        let long = format!("idx_{}", "é".repeat(40));
        let cut = fit(long.clone(), 63);
        assert!(cut.len() <= 63 && long.starts_with(&cut));
        assert_eq!(fit("idx_a".into(), 63), "idx_a");
    }

    #[test]
    fn plural_and_singular_round_trip_on_common_names() {
        for (one, many) in [
            ("user", "users"),
            ("category", "categories"),
            ("address", "addresses"),
            ("box", "boxes"),
            ("order_item", "order_items"),
            ("person", "people"),
            ("day", "days"),
        ] {
            assert_eq!(plural(one), many);
            assert_eq!(singular(many), one);
            assert_eq!(number(many), Number::Plural, "{many}");
            assert_eq!(number(one), Number::Singular, "{one}");
        }
        assert_eq!(number("staff"), Number::Either);
        assert_eq!(number("film_data"), Number::Either);
    }
}
