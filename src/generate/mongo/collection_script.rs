//! mongosh scripts that put a collection's validator in place: `db.createCollection` for a
//! new collection and `db.runCommand({collMod})` for one that exists, each with its
//! validationLevel and validationAction.

use serde_json::{json, Value};

use super::shell::{append, string};
use super::validator::validator;
use crate::model::document::{Collection, ValidationAction, ValidationLevel};

fn level(l: ValidationLevel) -> &'static str {
    match l {
        ValidationLevel::Strict => "strict",
        ValidationLevel::Moderate => "moderate",
        ValidationLevel::Off => "off",
    }
}

fn action(a: ValidationAction) -> &'static str {
    match a {
        ValidationAction::Error => "error",
        ValidationAction::Warn => "warn",
    }
}

/// The validator settings, as the options object both commands take.
fn options(c: &Collection) -> Value {
    json!({
        "validator": validator(c),
        "validationLevel": level(c.validation_level),
        "validationAction": action(c.validation_action),
    })
}

/// `db.createCollection(name, {validator, validationLevel, validationAction});`
pub fn create_collection(c: &Collection) -> String {
    let mut text = format!("db.createCollection({}, ", string(&c.name));
    append(&mut text, &options(c));
    text.push_str(");\n");
    text
}

/// `db.runCommand({collMod: name, validator, validationLevel, validationAction});`
pub fn coll_mod(c: &Collection) -> String {
    let mut command = serde_json::Map::new();
    command.insert("collMod".into(), json!(c.name));
    if let Value::Object(o) = options(c) {
        command.extend(o);
    }
    let mut text = "db.runCommand(".to_string();
    append(&mut text, &Value::Object(command));
    text.push_str(");\n");
    text
}
