//! Prints the model as DBML. Anything a re-parse would not read back identically is quoted,
//! so `import_dbml(print_dbml(m))` gives `m` back for everything DBML can express.

use std::fmt::Write;

use crate::model::resolve::NameLookup;
use crate::model::{ByName, ReferentialAction};

// DBML names what it refers to: the printer writes the model as text names it.
type Model = crate::model::NamedModel;
type Table = crate::model::NamedTable;
type ForeignKey = crate::model::ForeignKey<ByName>;
type Index = crate::model::Index<ByName>;
type IndexTarget = crate::model::IndexTarget<ByName>;

/// A name as DBML writes it: bare when it is a plain identifier, else `"quoted"`.
fn name(n: &str) -> String {
    let mut chars = n.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        n.to_string()
    } else {
        format!("\"{}\"", escape(n))
    }
}

fn qualified(schema: Option<&str>, n: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", name(s), name(n)),
        None => name(n),
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\'', "\\'")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

fn string(s: &str) -> String {
    format!("'{}'", escape(s))
}

/// A type bare only in the form the parser reads back as written: `name`, then optionally
/// `(a,b)` with no spaces, then `[]` or `[n]` dimensions. Anything else is quoted.
fn type_name(spelling: &str) -> String {
    if is_plain_type(spelling) {
        spelling.to_string()
    } else {
        format!("\"{}\"", escape(spelling))
    }
}

fn is_plain_type(spelling: &str) -> bool {
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let (head, mut dims) = spelling
        .find('[')
        .map_or((spelling, ""), |i| spelling.split_at(i));
    let (base, args) = match head.find('(') {
        Some(i) => (&head[..i], Some(&head[i..])),
        None => (head, None),
    };
    let base_ok = word(base) && base.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    let args_ok = args.is_none_or(|a| {
        a.strip_prefix('(')
            .and_then(|a| a.strip_suffix(')'))
            .is_some_and(|inner| inner.split(',').all(word))
    });
    while let Some(rest) = dims.strip_prefix('[') {
        let Some(close) = rest.find(']') else {
            return false;
        };
        if !rest[..close].chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
        dims = &rest[close + 1..];
    }
    base_ok && args_ok && dims.is_empty()
}

/// A default expression as a DBML value: numbers, booleans and null bare, SQL string
/// literals as strings, anything else as an `expression`.
fn default_value(sql: &str) -> String {
    let t = sql.trim();
    if t != sql {
        // Surrounding white space only survives inside an expression.
        return format!("`{sql}`");
    }
    let lower = t.to_ascii_lowercase();
    if matches!(lower.as_str(), "true" | "false" | "null") {
        return t.to_string();
    }
    let numeric = t.strip_prefix('-').unwrap_or(t);
    if !numeric.is_empty()
        && numeric.chars().all(|c| c.is_ascii_digit() || c == '.')
        && numeric.chars().filter(|&c| c == '.').count() <= 1
        && !numeric.starts_with('.')
        && !numeric.ends_with('.')
    {
        return t.to_string();
    }
    if let Some(inner) = t.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        if !inner.replace("''", "").contains('\'') {
            return string(&inner.replace("''", "'"));
        }
    }
    // The expression itself goes out verbatim: trimming would change it.
    format!("`{sql}`")
}

fn action(a: ReferentialAction) -> &'static str {
    match a {
        ReferentialAction::NoAction => "no action",
        ReferentialAction::Restrict => "restrict",
        ReferentialAction::Cascade => "cascade",
        ReferentialAction::SetNull => "set null",
        ReferentialAction::SetDefault => "set default",
    }
}

pub fn print_dbml(model: &crate::model::Model) -> String {
    print_dbml_with_spans(model).0
}

/// [`print_dbml`], and where the text writes each table: its `Table` block and the `Ref`
/// lines of its foreign keys.
pub fn print_dbml_with_spans(model: &crate::model::Model) -> (String, crate::model::TextSpans) {
    print_named(&model.named())
}

fn print_named(model: &Model) -> (String, crate::model::TextSpans) {
    let mut spans = crate::model::TextSpans::default();
    let mut out = String::new();
    if let Some(p) = &model.project {
        let _ = writeln!(
            out,
            "Project {} {{",
            name(if p.name.is_empty() {
                "project"
            } else {
                &p.name
            })
        );
        if let Some(t) = &p.database_type {
            let _ = writeln!(out, "  database_type: {}", string(t));
        }
        if let Some(n) = &p.note {
            let _ = writeln!(out, "  Note: {}", string(n));
        }
        out.push_str("}\n\n");
    }
    for e in &model.enums {
        let _ = writeln!(out, "Enum {} {{", qualified(e.schema.as_deref(), &e.name));
        for v in &e.values {
            let _ = writeln!(out, "  \"{}\"", escape(v));
        }
        out.push_str("}\n\n");
    }
    for table in &model.tables {
        let start = out.len();
        write_table(&mut out, table);
        spans.add(table.id, start..out.trim_end().len());
    }
    let lookup = NameLookup::new(&model.tables);
    for table in &model.tables {
        for fk in &table.foreign_keys {
            let start = out.len();
            if write_ref(&mut out, model, &lookup, table, fk) {
                spans.add(table.id, start..out.trim_end().len());
            }
        }
    }
    if model.tables.iter().any(|t| !t.foreign_keys.is_empty()) {
        out.push('\n');
    }
    for g in &model.table_groups {
        let mut settings = Vec::new();
        if let Some(c) = &g.color {
            settings.push(format!("color: {c}"));
        }
        let settings = if settings.is_empty() {
            String::new()
        } else {
            format!(" [{}]", settings.join(", "))
        };
        let _ = writeln!(out, "TableGroup {}{settings} {{", name(&g.name));
        for t in &g.tables {
            // A member is written the way its table's own name is: a dot may be part of a
            // name (`"1a.b"`), not only between a schema and a name.
            let _ = writeln!(out, "  {}", qualified(t.schema.as_deref(), &t.name));
        }
        if let Some(n) = &g.note {
            let _ = writeln!(out, "  Note: {}", string(n));
        }
        out.push_str("}\n\n");
    }
    for n in &model.notes {
        let _ = writeln!(
            out,
            "Note {} {{\n  {}\n}}\n",
            name(&n.name),
            string(&n.text)
        );
    }
    (out, spans)
}

fn write_table(out: &mut String, table: &Table) {
    let mut header = format!("Table {}", qualified(table.schema.as_deref(), &table.name));
    if let Some(a) = &table.alias {
        let _ = write!(header, " as {}", name(a));
    }
    if let Some(c) = &table.color {
        let _ = write!(header, " [headercolor: {c}]");
    }
    let _ = writeln!(out, "{header} {{");
    // A single unnamed key column is marked on the column; anything else in Indexes.
    let inline_pk = table
        .primary_key
        .as_ref()
        .filter(|pk| {
            pk.name.is_none() && pk.columns.len() == 1 && table.column(&pk.columns[0]).is_some()
        })
        .map(|pk| pk.columns[0].clone());
    for c in &table.columns {
        let mut settings = Vec::new();
        let is_pk = inline_pk.as_deref() == Some(c.name.as_str());
        if is_pk {
            settings.push("pk".to_string());
        }
        if c.identity.is_some() {
            settings.push("increment".to_string());
        }
        if !c.nullable && !is_pk {
            settings.push("not null".to_string());
        }
        if table
            .uniques
            .iter()
            .any(|u| u.name.is_none() && u.columns.len() == 1 && u.columns[0] == c.name)
        {
            settings.push("unique".to_string());
        }
        if let Some(d) = &c.default {
            settings.push(format!("default: {}", default_value(d)));
        }
        if let Some(n) = &c.comment {
            settings.push(format!("note: {}", string(n)));
        }
        let settings = if settings.is_empty() {
            String::new()
        } else {
            format!(" [{}]", settings.join(", "))
        };
        let _ = writeln!(
            out,
            "  {} {}{settings}",
            name(&c.name),
            type_name(&c.data_type.spelling)
        );
    }
    let mut index_lines = Vec::new();
    if let Some(pk) = table.primary_key.as_ref().filter(|_| inline_pk.is_none()) {
        index_lines.push(key_line(&pk.columns, "pk", pk.name.as_deref()));
    }
    for u in table
        .uniques
        .iter()
        .filter(|u| u.name.is_some() || u.columns.len() != 1)
    {
        index_lines.push(key_line(&u.columns, "unique", u.name.as_deref()));
    }
    for index in &table.indexes {
        index_lines.push(index_line(index));
    }
    if !index_lines.is_empty() {
        out.push_str("\n  Indexes {\n");
        for l in index_lines {
            let _ = writeln!(out, "    {l}");
        }
        out.push_str("  }\n");
    }
    let checks: Vec<String> = table
        .checks
        .iter()
        .filter(|c| !c.expression.contains('`'))
        .map(|c| match &c.name {
            Some(n) => format!("`{}` [name: {}]", c.expression, string(n)),
            None => format!("`{}`", c.expression),
        })
        .collect();
    if !checks.is_empty() {
        out.push_str("\n  Checks {\n");
        for c in checks {
            let _ = writeln!(out, "    {c}");
        }
        out.push_str("  }\n");
    }
    if let Some(n) = &table.comment {
        let _ = writeln!(out, "\n  Note: {}", string(n));
    }
    out.push_str("}\n\n");
}

/// A key in the `Indexes` block: `(a, b) [pk, name: 'x']`.
fn key_line(columns: &[String], kind: &str, key_name: Option<&str>) -> String {
    let columns: Vec<String> = columns.iter().map(|c| name(c)).collect();
    let mut settings = vec![kind.to_string()];
    if let Some(n) = key_name {
        settings.push(format!("name: {}", string(n)));
    }
    format!("({}) [{}]", columns.join(", "), settings.join(", "))
}

fn index_line(index: &Index) -> String {
    let parts: Vec<String> = index
        .parts
        .iter()
        .map(|p| match &p.target {
            IndexTarget::Column(c) => name(c),
            IndexTarget::Expression(e) => format!("`{e}`"),
        })
        .collect();
    let target = if parts.len() == 1 {
        parts[0].clone()
    } else {
        format!("({})", parts.join(", "))
    };
    let mut settings = Vec::new();
    if index.unique {
        settings.push("unique".to_string());
    }
    if let Some(n) = &index.name {
        settings.push(format!("name: {}", string(n)));
    }
    if let Some(m) = &index.method {
        settings.push(format!("type: {}", name(m)));
    }
    if settings.is_empty() {
        target
    } else {
        format!("{target} [{}]", settings.join(", "))
    }
}

/// Writes the `Ref` of `fk`; false when it can only be a comment (no known columns).
fn write_ref(
    out: &mut String,
    model: &Model,
    lookup: &NameLookup,
    table: &Table,
    fk: &ForeignKey,
) -> bool {
    let target = lookup.find(&fk.ref_table).map(|i| &model.tables[i]);
    let ref_columns = if fk.ref_columns.is_empty() {
        target
            .and_then(|t| t.primary_key.as_ref())
            .map(|pk| pk.columns.clone())
            .unwrap_or_default()
    } else {
        fk.ref_columns.clone()
    };
    if ref_columns.is_empty() {
        let _ = writeln!(
            out,
            "// {}: reference to {} without known columns",
            table.name, fk.ref_table
        );
        return false;
    }
    let endpoint = |schema: Option<&str>, t: &str, cols: &[String]| {
        let cols = if cols.len() == 1 {
            name(&cols[0])
        } else {
            format!(
                "({})",
                cols.iter().map(|c| name(c)).collect::<Vec<_>>().join(", ")
            )
        };
        format!("{}.{cols}", qualified(schema, t))
    };
    let mut settings = Vec::new();
    if let Some(a) = fk.on_delete {
        settings.push(format!("delete: {}", action(a)));
    }
    if let Some(a) = fk.on_update {
        settings.push(format!("update: {}", action(a)));
    }
    let settings = if settings.is_empty() {
        String::new()
    } else {
        format!(" [{}]", settings.join(", "))
    };
    let ref_name = fk
        .name
        .as_deref()
        .map(|n| format!(" {}", name(n)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Ref{ref_name}: {} > {}{settings}",
        endpoint(table.schema.as_deref(), &table.name, &fk.columns),
        endpoint(
            fk.ref_table.schema.as_deref(),
            &fk.ref_table.name,
            &ref_columns
        )
    );
    true
}
