//! What every mongosh script needs: a collection named safely (`db.users`, or
//! `db.getCollection("order items")` when the name is not a plain identifier or is one of the
//! shell's own `db` methods) and values written as JavaScript literals.

use serde_json::Value;

/// Names `db.<name>` would resolve to a method of the shell's database object instead of
/// the collection.
const DB_METHODS: [&str; 58] = [
    "adminCommand",
    "aggregate",
    "auth",
    "changeUserPassword",
    "checkMetadataConsistency",
    "commandHelp",
    "createCollection",
    "createEncryptedCollection",
    "createRole",
    "createUser",
    "createView",
    "currentOp",
    "dropAllRoles",
    "dropAllUsers",
    "dropDatabase",
    "dropRole",
    "dropUser",
    "fsyncLock",
    "fsyncUnlock",
    "getCollection",
    "getCollectionInfos",
    "getCollectionNames",
    "getLogComponents",
    "getMongo",
    "getName",
    "getProfilingStatus",
    "getReplicationInfo",
    "getRole",
    "getRoles",
    "getSiblingDB",
    "getUser",
    "getUsers",
    "grantPrivilegesToRole",
    "grantRolesToRole",
    "grantRolesToUser",
    "hello",
    "help",
    "hostInfo",
    "isMaster",
    "killOp",
    "listCommands",
    "logout",
    "printCollectionStats",
    "printReplicationInfo",
    "printSecondaryReplicationInfo",
    "printShardingStatus",
    "revokePrivilegesFromRole",
    "revokeRolesFromRole",
    "revokeRolesFromUser",
    "rotateCertificates",
    "runCommand",
    "serverBuildInfo",
    "serverStatus",
    "setLogLevel",
    "setProfilingLevel",
    "shutdownServer",
    "stats",
    "version",
];

fn plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The collection as a mongosh expression.
pub fn collection(name: &str) -> String {
    if plain_identifier(name) && !DB_METHODS.contains(&name) && !name.starts_with('_') {
        format!("db.{name}")
    } else {
        format!("db.getCollection({})", string(name))
    }
}

/// A string literal (JSON's escaping is JavaScript's, and `\u2028` is escaped by serde).
pub fn string(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// A value as an indented JavaScript literal, continuing at `indent` spaces. Extended JSON
/// wrappers become the shell's constructors (`{"$oid": …}` is `ObjectId("…")`), so a
/// default or an `enum` value keeps its BSON type when the script runs.
pub fn literal(value: &Value, indent: usize) -> String {
    let mut out = String::new();
    write(value, indent, &mut out);
    out
}

/// `text` followed by the value, which breaks over lines when the line `text` ends would
/// grow too long.
pub fn append(text: &mut String, value: &Value) {
    let indent = text
        .rsplit('\n')
        .next()
        .map_or(0, |line| line.len() - line.trim_start().len());
    write(value, indent, text);
}

/// The shell constructor an Extended JSON wrapper stands for.
fn constructor(map: &serde_json::Map<String, Value>) -> Option<String> {
    let (key, v) = map.iter().next().filter(|_| map.len() == 1)?;
    let text = v.as_str();
    Some(match (key.as_str(), text) {
        ("$oid", Some(t)) => format!("ObjectId({})", string(t)),
        ("$date", Some(t)) => format!("ISODate({})", string(t)),
        ("$date", None) => {
            let millis = v.get("$numberLong")?.as_str()?;
            millis.parse::<i64>().ok()?;
            format!("new Date({millis})")
        }
        ("$numberLong", Some(t)) => format!("NumberLong({})", string(t)),
        ("$numberInt", Some(t)) => format!("NumberInt({})", string(t)),
        ("$numberDecimal", Some(t)) => format!("NumberDecimal({})", string(t)),
        ("$numberDouble", Some(t)) => match t {
            "Infinity" | "-Infinity" | "NaN" => t.to_string(),
            _ => t.parse::<f64>().ok()?.to_string(),
        },
        _ => return None,
    })
}

/// The value on one line (`{ "$exists": true }`), as the script writes what fits.
fn flat(value: &Value) -> String {
    match value {
        Value::Array(items) if !items.is_empty() => {
            let parts: Vec<String> = items.iter().map(flat).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) if !map.is_empty() => {
            if let Some(c) = constructor(map) {
                return c;
            }
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", string(k), flat(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// Where a line grows longer than this, its value is broken over lines.
const WIDTH: usize = 96;

fn write(value: &Value, indent: usize, out: &mut String) {
    let pad = |n: usize| " ".repeat(n);
    let one_line = flat(value);
    let column = out.rsplit('\n').next().map_or(0, str::len);
    if column + one_line.len() <= WIDTH {
        out.push_str(&one_line);
        return;
    }
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (k, item) in items.iter().enumerate() {
                out.push_str(&pad(indent + 2));
                write(item, indent + 2, out);
                out.push_str(if k + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            if let Some(c) = constructor(map) {
                out.push_str(&c);
                return;
            }
            out.push_str("{\n");
            for (k, (key, v)) in map.iter().enumerate() {
                out.push_str(&pad(indent + 2));
                out.push_str(&string(key));
                out.push_str(": ");
                write(v, indent + 2, out);
                out.push_str(if k + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extended_json_becomes_shell_constructors() {
        let v = serde_json::json!({"at": {"$date": "2025-01-01T00:00:00Z"}, "n": {"$numberLong": "7"},
            "id": {"$oid": "5a9427648b0beebeb69579e7"}, "plain": {"$oid": 1}, "e": []});
        assert_eq!(
            literal(&v, 0),
            "{\n  \"at\": ISODate(\"2025-01-01T00:00:00Z\"),\n  \"n\": NumberLong(\"7\"),\n  \"id\": ObjectId(\"5a9427648b0beebeb69579e7\"),\n  \"plain\": { \"$oid\": 1 },\n  \"e\": []\n}"
        );
        assert_eq!(
            literal(&serde_json::json!({"a": {"$exists": true}}), 0),
            "{ \"a\": { \"$exists\": true } }"
        );
    }

    #[test]
    fn collections_named_safely() {
        assert_eq!(collection("users"), "db.users");
        assert_eq!(collection("stats"), "db.getCollection(\"stats\")");
        assert_eq!(
            collection("order items"),
            "db.getCollection(\"order items\")"
        );
        assert_eq!(
            collection("a\");db.dropDatabase(\""),
            "db.getCollection(\"a\\\");db.dropDatabase(\\\"\")"
        );
    }
}
