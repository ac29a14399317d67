//! The object literals of a mongosh script read as JSON: unquoted and `$`-prefixed keys,
//! single- or double-quoted strings, trailing commas, comments, and the shell's
//! constructors (`ObjectId("…")`, `ISODate("…")`, `NumberLong(…)`, `NumberInt(…)`,
//! `NumberDecimal(…)`, `new Date(…)`) as the Extended JSON they stand for. Enough to read
//! `db.createCollection(name, {validator, …})` as people write it; anything else is an error
//! with its line and column, never a panic.

use serde_json::{json, Map, Value};

use super::extended_json::ReadError;

/// Nesting deeper than this is refused (a hostile script cannot overflow the stack).
const DEEPEST: usize = 200;

/// A reader over the script's characters.
pub struct Reader {
    chars: Vec<char>,
    at: usize,
}

impl Reader {
    pub fn new(text: &str) -> Reader {
        Reader {
            chars: text.chars().collect(),
            at: 0,
        }
    }

    /// The position of character `at` as 1-based line and column.
    fn position(&self, at: usize) -> (usize, usize) {
        let mut line = 1;
        let mut column = 1;
        for c in self.chars.iter().take(at) {
            if *c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        (line, column)
    }

    pub fn error(&self, message: impl Into<String>) -> ReadError {
        let (line, column) = self.position(self.at);
        ReadError {
            line,
            column,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    /// Skips spaces and comments.
    pub fn skip(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => self.at += 1,
                Some('/') if self.chars.get(self.at + 1) == Some(&'/') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.at += 1;
                    }
                }
                Some('/') if self.chars.get(self.at + 1) == Some(&'*') => {
                    self.at += 2;
                    while self.peek().is_some()
                        && !(self.peek() == Some('*') && self.chars.get(self.at + 1) == Some(&'/'))
                    {
                        self.at += 1;
                    }
                    self.at = (self.at + 2).min(self.chars.len());
                }
                _ => return,
            }
        }
    }

    /// Consumes `c` (after spaces) or fails.
    pub fn expect(&mut self, c: char) -> Result<(), ReadError> {
        self.skip();
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(format!(
                "expected `{c}`, found {}",
                self.peek()
                    .map_or("the end".to_string(), |x| format!("`{x}`"))
            )))
        }
    }

    /// Whether the next character (after spaces) is `c`; consumes it if so.
    pub fn eat(&mut self, c: char) -> bool {
        self.skip();
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Finds the next `needle` in the text after the current place and moves past it.
    pub fn find(&mut self, needle: &str) -> bool {
        let rest: String = self.chars[self.at..].iter().collect();
        match rest.find(needle) {
            Some(k) => {
                self.at += rest[..k].chars().count() + needle.chars().count();
                true
            }
            None => {
                self.at = self.chars.len();
                false
            }
        }
    }

    fn identifier(&mut self) -> String {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    fn string(&mut self, quote: char) -> Result<String, ReadError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("a string is not closed"));
            };
            self.at += 1;
            match c {
                c if c == quote => return Ok(out),
                '\n' => return Err(self.error("a string runs past the end of its line")),
                '\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.error("a string is not closed"));
                    };
                    self.at += 1;
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        '0' => out.push('\0'),
                        'u' => {
                            let hex: String = self.chars[self.at..].iter().take(4).collect();
                            let code = u32::from_str_radix(&hex, 16)
                                .ok()
                                .filter(|_| hex.len() == 4)
                                .ok_or_else(|| self.error("a \\u escape needs four hex digits"))?;
                            self.at += 4;
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn number(&mut self) -> Result<Value, ReadError> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        if let Ok(i) = text.parse::<i64>() {
            return Ok(json!(i));
        }
        text.parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| self.error(format!("`{text}` is not a number")))
    }

    /// One value: a literal, or a shell constructor.
    pub fn value(&mut self, depth: usize) -> Result<Value, ReadError> {
        if depth > DEEPEST {
            return Err(self.error("nested too deep"));
        }
        self.skip();
        match self.peek() {
            None => Err(self.error("a value was expected, found the end")),
            Some('{') => self.object(depth),
            Some('[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    if self.eat(']') {
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value(depth + 1)?);
                    if !self.eat(',') {
                        self.expect(']')?;
                        return Ok(Value::Array(items));
                    }
                }
            }
            Some(q @ ('"' | '\'')) => Ok(Value::String(self.string(q)?)),
            Some(c) if c.is_ascii_digit() || c == '-' || c == '.' => self.number(),
            Some(c) if c.is_alphabetic() || c == '_' || c == '$' => {
                let start = self.at;
                let mut name = self.identifier();
                if name == "new" {
                    self.skip();
                    name = self.identifier();
                }
                match name.as_str() {
                    "true" => return Ok(json!(true)),
                    "false" => return Ok(json!(false)),
                    "null" | "undefined" => return Ok(Value::Null),
                    "Infinity" => return Ok(json!({"$numberDouble": "Infinity"})),
                    "NaN" => return Ok(json!({"$numberDouble": "NaN"})),
                    _ => {}
                }
                self.constructor(&name, start, depth)
            }
            Some(c) => Err(self.error(format!("`{c}` cannot start a value"))),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ReadError> {
        self.at += 1;
        let mut map = Map::new();
        loop {
            self.skip();
            if self.eat('}') {
                return Ok(Value::Object(map));
            }
            let key = match self.peek() {
                Some(q @ ('"' | '\'')) => self.string(q)?,
                Some(c) if c.is_alphanumeric() || c == '_' || c == '$' => self.identifier(),
                _ => return Err(self.error("a key was expected")),
            };
            self.expect(':')?;
            let v = self.value(depth + 1)?;
            map.insert(key, v);
            if !self.eat(',') {
                self.expect('}')?;
                return Ok(Value::Object(map));
            }
        }
    }

    /// `Name(args)`: the shell's BSON constructors as Extended JSON.
    fn constructor(&mut self, name: &str, start: usize, depth: usize) -> Result<Value, ReadError> {
        self.expect('(')?;
        let mut args = Vec::new();
        while !self.eat(')') {
            args.push(self.value(depth + 1)?);
            if !self.eat(',') {
                self.expect(')')?;
                break;
            }
        }
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let first = args.first().and_then(text);
        let value = match (name, first) {
            ("ObjectId", Some(hex)) => json!({ "$oid": hex }),
            ("ISODate" | "Date", Some(s)) => match args.first() {
                Some(Value::Number(n)) => json!({"$date": {"$numberLong": n.to_string()}}),
                _ => json!({ "$date": s }),
            },
            ("NumberLong" | "Long", Some(n)) => json!({ "$numberLong": n }),
            ("NumberInt" | "Int32", Some(n)) => json!({ "$numberInt": n }),
            ("NumberDecimal" | "Decimal128", Some(n)) => json!({ "$numberDecimal": n }),
            ("Double", Some(n)) => json!({ "$numberDouble": n }),
            _ => {
                self.at = start;
                return Err(self.error(format!(
                    "`{name}(…)` is not a value Schemaforge can read here"
                )));
            }
        };
        Ok(value)
    }
}

/// The arguments of each `db.createCollection(name, options)` call of a script.
pub fn create_collection_calls(text: &str) -> Result<Vec<(String, Value)>, ReadError> {
    let mut r = Reader::new(text);
    let mut calls = Vec::new();
    while r.find("createCollection") {
        r.expect('(')?;
        let name = match r.value(0)? {
            Value::String(s) => s,
            _ => return Err(r.error("the collection's name must be a string")),
        };
        let options = if r.eat(',') {
            r.value(0)?
        } else {
            Value::Object(Map::new())
        };
        r.eat(',');
        r.expect(')')?;
        calls.push((name, options));
    }
    Ok(calls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_literals_read_as_extended_json() {
        let calls = create_collection_calls(
            "// users\ndb.createCollection('users', {\n  validator: { $jsonSchema: { bsonType: \"object\", required: ['a',], } },\n  validationLevel: \"moderate\", /* note */\n  x: [NumberLong(5), ObjectId(\"5a9427648b0beebeb69579e7\"), new Date(0), -1.5e3],\n})",
        )
        .expect("read");
        assert_eq!(calls.len(), 1);
        let (name, options) = &calls[0];
        assert_eq!(name, "users");
        assert_eq!(
            options["validator"]["$jsonSchema"]["required"],
            json!(["a"])
        );
        assert_eq!(options["validationLevel"], "moderate");
        assert_eq!(
            options["x"],
            json!([{"$numberLong": "5"}, {"$oid": "5a9427648b0beebeb69579e7"}, {"$date": {"$numberLong": "0"}}, -1500.0])
        );
    }

    #[test]
    fn bad_scripts_say_where() {
        let e = create_collection_calls("db.createCollection(\"a\", {\n  validator: {x: }\n})")
            .expect_err("bad");
        assert_eq!((e.line, e.column), (2, 18));
        let deep = format!("db.createCollection(\"a\", {})", "[".repeat(500));
        assert!(create_collection_calls(&deep).is_err());
        assert!(create_collection_calls("db.createCollection(\"a\", {v: 'unclosed})").is_err());
    }
}
