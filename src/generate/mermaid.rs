//! Mermaid `erDiagram` text, for wikis and READMEs that render Mermaid (GitHub, GitLab,
//! Notion, Confluence with a plugin). Mermaid's grammar is narrow, so everything the model
//! holds is fitted to it:
//! - entity names are always quoted (`"name"`): bare words that start with `to`, `one`,
//!   `many`, `class`, `style`, ... would be read as keywords; characters a quoted name cannot
//!   hold (`"`, `%`, `\`, line breaks) become look-alikes, and a name that then clashes with
//!   another gets a number;
//! - attribute types and names keep only the characters Mermaid's attribute words allow; a
//!   name that changed (or reads as the key words `PK`, `FK`, `UK`, or starts with a digit)
//!   says its real name in its comment;
//! - comments and labels lose double quotes and line breaks, and `%%` (Mermaid's directives
//!   and comments), `#...;` (its entity codes) and `direction XX` (read anywhere on a line)
//!   are broken up, so no name can change how the diagram is read;
//! - Mermaid refuses text over 50,000 characters by default: [`mermaid_diagrams`] splits the
//!   model into diagrams under a limit, each with the tables it references drawn bare.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::model::document::Collection;
use crate::model::{Id, IndexTarget, Model, Table};

/// Mermaid's default `maxTextSize`.
pub const MERMAID_LIMIT: usize = 50_000;
/// Names and comments are cut to this many characters: longer ones make nothing readable.
const LONGEST_TEXT: usize = 120;

/// One diagram of the whole model (tables and collections), however long.
pub fn mermaid_er(model: &Model) -> String {
    let names = EntityNames::of(model);
    let mut out = String::from("erDiagram\n");
    for table in &model.tables {
        out.push_str(&table_block(table, &names));
    }
    for collection in &model.collections {
        out.push_str(&collection_block(collection, &names));
    }
    for table in &model.tables {
        out.push_str(&table_relationships(model, table, &names));
    }
    for collection in &model.collections {
        out.push_str(&collection_relationships(collection, &names));
    }
    out
}

/// The model as diagrams of at most `limit` characters where that can be done: tables in
/// model order fill a diagram until the next would pass the limit. A diagram draws each
/// relationship that starts in it, with the tables it reaches in other diagrams drawn bare.
/// A single table longer than the limit gets a diagram of its own (and the caller warns).
pub fn mermaid_diagrams(model: &Model, limit: usize) -> Vec<String> {
    let whole = mermaid_er(model);
    if whole.len() <= limit {
        return vec![whole];
    }
    let names = EntityNames::of(model);
    // Each entity's text: its block and the relationships it starts, and whom they reach.
    let mut parts: Vec<(Id, String, String, BTreeSet<Id>)> = Vec::new();
    for table in &model.tables {
        let reached = table.foreign_keys.iter().map(|fk| fk.ref_table).collect();
        parts.push((
            table.id,
            table_block(table, &names),
            table_relationships(model, table, &names),
            reached,
        ));
    }
    for collection in &model.collections {
        let reached = collection.references.iter().map(|r| r.to).collect();
        parts.push((
            collection.id,
            collection_block(collection, &names),
            collection_relationships(collection, &names),
            reached,
        ));
    }
    let mut diagrams = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut size = 0;
    for (k, (_, block, relationships, reached)) in parts.iter().enumerate() {
        let bare: usize = reached.iter().map(|id| names.quoted(*id).len() + 5).sum();
        let cost = block.len() + relationships.len() + bare;
        if !current.is_empty() && size + cost > limit {
            diagrams.push(assemble(&parts, &current, &names));
            current.clear();
            size = "erDiagram\n".len();
        }
        if current.is_empty() {
            size = "erDiagram\n".len();
        }
        current.push(k);
        size += cost;
    }
    if !current.is_empty() {
        diagrams.push(assemble(&parts, &current, &names));
    }
    diagrams
}

fn assemble(
    parts: &[(Id, String, String, BTreeSet<Id>)],
    chosen: &[usize],
    names: &EntityNames,
) -> String {
    let mut out = String::from("erDiagram\n");
    let inside: BTreeSet<Id> = chosen.iter().map(|&k| parts[k].0).collect();
    let mut bare = BTreeSet::new();
    for &k in chosen {
        out.push_str(&parts[k].1);
        bare.extend(parts[k].3.iter().filter(|id| !inside.contains(id)));
    }
    for id in bare {
        let _ = writeln!(out, "    {}", names.quoted(id));
    }
    for &k in chosen {
        out.push_str(&parts[k].2);
    }
    out
}

/// The quoted, distinct name of every table and collection.
struct EntityNames(BTreeMap<Id, String>);

impl EntityNames {
    fn of(model: &Model) -> EntityNames {
        let mut taken = BTreeSet::new();
        let mut names = BTreeMap::new();
        let entities = model
            .tables
            .iter()
            .map(|t| (t.id, t.qualified_name()))
            .chain(model.collections.iter().map(|c| (c.id, c.name.clone())));
        for (id, name) in entities {
            let base = entity_text(&name);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{base} ({n})");
                n += 1;
            }
            names.insert(id, format!("\"{name}\""));
        }
        EntityNames(names)
    }

    fn quoted(&self, id: Id) -> &str {
        self.0.get(&id).map_or("\"?\"", String::as_str)
    }
}

fn table_block(table: &Table, names: &EntityNames) -> String {
    let mut out = format!("    {} {{\n", names.quoted(table.id));
    let primary: BTreeSet<Id> = table
        .primary_key
        .iter()
        .flat_map(|pk| pk.columns.iter().copied())
        .collect();
    let foreign: BTreeSet<Id> = table
        .foreign_keys
        .iter()
        .flat_map(|fk| fk.columns.iter().copied())
        .collect();
    let unique: BTreeSet<Id> = unique_keys(table)
        .filter(|columns| columns.len() == 1)
        .flatten()
        .collect();
    for column in &table.columns {
        let mut keys = Vec::new();
        if primary.contains(&column.id) {
            keys.push("PK");
        }
        if foreign.contains(&column.id) {
            keys.push("FK");
        }
        if unique.contains(&column.id) && !primary.contains(&column.id) {
            keys.push("UK");
        }
        out.push_str(&attribute(
            &column.data_type.spelling,
            &column.name,
            &keys,
            column.comment.as_deref(),
        ));
    }
    out.push_str("    }\n");
    out
}

/// The column sets a unique constraint or a unique index (whole, on columns only) keeps
/// distinct.
fn unique_keys(table: &Table) -> impl Iterator<Item = Vec<Id>> + '_ {
    let indexes = table
        .indexes
        .iter()
        .filter(|i| i.unique && i.predicate.is_none())
        .filter_map(|i| {
            i.parts
                .iter()
                .map(|p| match p.target {
                    IndexTarget::Column(c) => Some(c),
                    IndexTarget::Expression(_) => None,
                })
                .collect::<Option<Vec<Id>>>()
        });
    table
        .uniques
        .iter()
        .map(|u| u.columns.clone())
        .chain(indexes)
}

fn collection_block(collection: &Collection, names: &EntityNames) -> String {
    let mut out = format!("    {} {{\n", names.quoted(collection.id));
    let referencing: BTreeSet<Id> = collection
        .references
        .iter()
        .filter(|r| r.path.len() == 1)
        .flat_map(|r| r.path.first().copied())
        .collect();
    for field in &collection.fields {
        let kind = field
            .types
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>()
            .join("_or_");
        let mut keys = Vec::new();
        if field.name == "_id" {
            keys.push("PK");
        }
        if referencing.contains(&field.id) {
            keys.push("FK");
        }
        out.push_str(&attribute(&kind, &field.name, &keys, None));
    }
    out.push_str("    }\n");
    out
}

/// One attribute line: `type name KEYS "comment"`.
fn attribute(kind: &str, name: &str, keys: &[&str], comment: Option<&str>) -> String {
    let kind = attribute_word(kind, "unknown");
    let mut shown = attribute_word(name, "unnamed");
    if matches!(shown.to_ascii_lowercase().as_str(), "pk" | "fk" | "uk") {
        shown.push('_');
    }
    let mut notes = Vec::new();
    if shown != name {
        notes.push(format!("name: {}", cut(name)));
    }
    if let Some(comment) = comment.filter(|c| !c.trim().is_empty()) {
        notes.push(cut(comment));
    }
    let mut line = format!("        {kind} {shown}");
    if !keys.is_empty() {
        let _ = write!(line, " {}", keys.join(", "));
    }
    if !notes.is_empty() {
        let _ = write!(line, " \"{}\"", free_text(&notes.join("; ")));
    }
    line.push('\n');
    line
}

fn table_relationships(model: &Model, table: &Table, names: &EntityNames) -> String {
    let mut out = String::new();
    for fk in &table.foreign_keys {
        if model.table_by_id(fk.ref_table).is_none() {
            continue;
        }
        let optional = fk
            .columns
            .iter()
            .any(|c| table.column_by_id(*c).is_none_or(|c| c.nullable));
        let mut sorted = fk.columns.clone();
        sorted.sort();
        let same = |columns: &Vec<Id>| {
            let mut columns = columns.clone();
            columns.sort();
            columns == sorted
        };
        let one_to_one = table
            .primary_key
            .as_ref()
            .is_some_and(|pk| same(&pk.columns))
            || unique_keys(table).any(|columns| same(&columns));
        let parent = if optional { "|o" } else { "||" };
        let child = if one_to_one { "o|" } else { "o{" };
        let label = fk.name.clone().unwrap_or_else(|| {
            fk.columns
                .iter()
                .filter_map(|c| table.column_by_id(*c))
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        });
        let _ = writeln!(
            out,
            "    {} {parent}--{child} {} : \"{}\"",
            names.quoted(fk.ref_table),
            names.quoted(table.id),
            line_text(&label)
        );
    }
    out
}

fn collection_relationships(collection: &Collection, names: &EntityNames) -> String {
    let mut out = String::new();
    for reference in &collection.references {
        if !names.0.contains_key(&reference.to) {
            continue;
        }
        let label = field_path(collection, &reference.path);
        let child = match reference.cardinality {
            crate::model::document::Cardinality::One => "o{",
            crate::model::document::Cardinality::Many => "}o",
        };
        let _ = writeln!(
            out,
            "    {} ||..{child} {} : \"{}\"",
            names.quoted(reference.to),
            names.quoted(collection.id),
            line_text(&label)
        );
    }
    out
}

/// The dotted names along a path of field ids.
fn field_path(collection: &Collection, path: &[Id]) -> String {
    let mut fields = &collection.fields;
    let mut names = Vec::new();
    for id in path {
        let Some(field) = fields.iter().find(|f| f.id == *id) else {
            break;
        };
        names.push(field.name.as_str());
        fields = &field.fields;
    }
    names.join(".")
}

/// An attribute word: ASCII letters, digits and `_ - ( ) [ ]`, starting with a letter or
/// `_` (what every Mermaid version reads). Anything else becomes `_`.
fn attribute_word(text: &str, empty: &str) -> String {
    let mut word: String = text
        .chars()
        .take(LONGEST_TEXT)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '(' | ')' | '[' | ']') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if word.is_empty() {
        return empty.to_string();
    }
    if !word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        word.insert(0, '_');
    }
    word
}

/// A name inside `"..."`: no `"`, `%`, `\` or control characters (Mermaid refuses them in a
/// quoted name), and no way to read as anything but a name.
fn entity_text(name: &str) -> String {
    let text = line_text(name).replace('\\', "/");
    if text.trim().is_empty() {
        "unnamed".into()
    } else {
        text
    }
}

/// Text on one line of the diagram (a name, a relationship's label): cut, with line breaks,
/// quotes and Mermaid's markup broken up. `direction TB` is read as a statement anywhere on
/// a line outside a block, so its space becomes `_`.
fn line_text(text: &str) -> String {
    let text = free_text(&cut(text));
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (at, _) in lower.match_indices("direction") {
        if at < rest {
            continue;
        }
        let after = at + "direction".len();
        let spaces = lower[after..].len() - lower[after..].trim_start().len();
        if spaces > 0 {
            out.push_str(&text[rest..after]);
            out.push('_');
            rest = after + spaces;
        }
    }
    out.push_str(&text[rest..]);
    out
}

/// Text inside a comment or label: one line, no double quotes, no `%` (directives and
/// comments), no `#` (entity codes), no `<` or `>`, no backquotes.
fn free_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => '\'',
            '%' => '\u{FF05}',
            '#' => '\u{FF03}',
            '<' => '\u{2039}',
            '>' => '\u{203A}',
            '`' => '\'',
            '\\' => '/',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

fn cut(text: &str) -> String {
    crate::layout::geometry::cut_at(text, LONGEST_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;
    use crate::model::Dialect;

    fn model(sql: &str) -> Model {
        import_sql(sql, Dialect::Postgres).model
    }

    #[test]
    fn keys_and_cardinality() {
        let m = model(
            "CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);
             CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users(id),
                                  note_id int);
             CREATE TABLE profiles (user_id int PRIMARY KEY REFERENCES users(id));",
        );
        let text = mermaid_er(&m);
        assert!(text.starts_with("erDiagram\n"));
        assert!(text.contains("        int id PK\n"));
        assert!(text.contains("        text email UK\n"));
        assert!(text.contains("        int user_id FK\n"));
        assert!(
            text.contains("\"users\" ||--o{ \"orders\" : \"user_id\""),
            "{text}"
        );
        assert!(text.contains("\"users\" ||--o| \"profiles\""), "{text}");
    }

    #[test]
    fn hostile_names_are_fitted() {
        let m = model(
            "CREATE TABLE \"to\"\"x%%{init}%%\" (\"PK\" int, \"1st\" text, \"a b\" int);
             COMMENT ON COLUMN \"to\"\"x%%{init}%%\".\"1st\" IS 'say \"hi\"
direction TB #lt;';",
        );
        let text = mermaid_er(&m);
        assert!(!text.contains("%%"), "{text}");
        assert!(text.contains("\"to'x％％{init}％％\" {"), "{text}");
        assert!(text.contains("int PK_ \"name: PK\""), "{text}");
        assert!(
            text.contains("text _1st \"name: 1st; say 'hi' direction TB ＃lt;\""),
            "{text}"
        );
        assert!(text.contains("int a_b \"name: a b\""), "{text}");
    }

    #[test]
    fn direction_is_broken_up_on_lines() {
        assert_eq!(line_text("x Direction  LR y"), "x Direction_LR y");
        assert_eq!(line_text("directions"), "directions");
    }

    #[test]
    fn long_models_split_under_the_limit() {
        let mut sql = String::new();
        for t in 0..60 {
            let _ = write!(sql, "CREATE TABLE t{t} (id int PRIMARY KEY");
            for c in 0..30 {
                let _ = write!(sql, ", column_number_{c} varchar(200)");
            }
            if t > 0 {
                let _ = write!(sql, ", parent_id int REFERENCES t0(id)");
            }
            sql.push_str(");\n");
        }
        let m = model(&sql);
        assert!(mermaid_er(&m).len() > MERMAID_LIMIT);
        let diagrams = mermaid_diagrams(&m, MERMAID_LIMIT);
        assert!(diagrams.len() > 1);
        for d in &diagrams {
            assert!(d.len() <= MERMAID_LIMIT, "{}", d.len());
            assert!(d.starts_with("erDiagram\n"));
        }
        // Every table is drawn with its columns once, and every relationship once.
        let all = diagrams.concat();
        for t in 0..60 {
            assert_eq!(all.matches(&format!("    \"t{t}\" {{\n")).count(), 1);
        }
        assert_eq!(all.matches(" |o--o{ ").count(), 59);
        // A diagram without t0 still draws it, bare, for its relationships.
        assert!(diagrams[1].contains("\n    \"t0\"\n"));
    }
}
