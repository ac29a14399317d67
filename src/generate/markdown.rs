//! The project as Markdown for wikis and READMEs: a Mermaid `erDiagram` (split under
//! Mermaid's limit, see [`super::mermaid`]) and a table per table and collection. Every name
//! and comment is escaped, so nothing in them becomes a link, HTML or formatting.

use std::fmt::Write;

use super::mermaid::{mermaid_diagrams, MERMAID_LIMIT};
use crate::model::document::Field;
use crate::model::{Id, Model, Project, Table};

/// The Markdown document for `project`.
pub fn project_markdown(project: &Project) -> String {
    let model = &project.model;
    let mut out = format!("# {}\n\n", inline(&project.name));
    let tables = model.tables.len();
    let collections = model.collections.len();
    let _ = writeln!(
        out,
        "{tables} table{}, {collections} collection{}.\n",
        plural(tables),
        plural(collections)
    );
    let diagrams = mermaid_diagrams(model, MERMAID_LIMIT);
    if diagrams.len() > 1 {
        let _ = writeln!(
            out,
            "The diagram is split in {} parts: Mermaid reads at most {MERMAID_LIMIT} characters at a time.\n",
            diagrams.len()
        );
    }
    for diagram in &diagrams {
        let _ = writeln!(out, "```mermaid\n{diagram}```\n");
    }
    for table in &model.tables {
        table_section(&mut out, model, table);
    }
    for collection in &model.collections {
        let _ = writeln!(out, "## {}\n", inline(&collection.name));
        out.push_str("| Field | Type | Required |\n|---|---|---|\n");
        fields(&mut out, &collection.fields, "");
        out.push('\n');
    }
    out
}

fn table_section(out: &mut String, model: &Model, table: &Table) {
    let _ = writeln!(out, "## {}\n", inline(&table.qualified_name()));
    if let Some(comment) = table.comment.as_deref().filter(|c| !c.trim().is_empty()) {
        let _ = writeln!(out, "{}\n", inline(comment));
    }
    let in_key = |id: Id| {
        table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.contains(&id))
    };
    out.push_str("| Column | Type | Null | Key | Default | Comment |\n|---|---|---|---|---|---|\n");
    for column in &table.columns {
        let mut keys = Vec::new();
        if in_key(column.id) {
            keys.push("PK".to_string());
        }
        for fk in &table.foreign_keys {
            if fk.columns.contains(&column.id) {
                let to = model
                    .table_by_id(fk.ref_table)
                    .map(Table::qualified_name)
                    .unwrap_or_default();
                keys.push(format!("FK → {}", inline(&to)));
            }
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            inline(&column.name),
            inline(&column.data_type.spelling),
            if column.nullable { "yes" } else { "no" },
            keys.join(", "),
            inline(column.default.as_deref().unwrap_or("")),
            inline(column.comment.as_deref().unwrap_or("")),
        );
    }
    out.push('\n');
}

fn fields(out: &mut String, fields_here: &[Field], prefix: &str) {
    for field in fields_here {
        let path = format!("{prefix}{}", field.name);
        let kinds: Vec<&str> = field.types.iter().map(|t| t.name()).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            inline(&path),
            kinds.join(" or "),
            if field.required { "yes" } else { "no" }
        );
        fields(out, &field.fields, &format!("{path}."));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Text that Markdown shows as written, on one line and inside a table cell: HTML's
/// characters as entities, Markdown's punctuation escaped, line breaks as spaces.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | ':' | '=' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;
    use crate::model::Dialect;

    #[test]
    fn names_are_inert() {
        assert_eq!(
            inline("<script>[x](javascript:alert(1))|"),
            "&lt;script&gt;\\[x\\]\\(javascript\\:alert\\(1\\)\\)\\|"
        );
        assert_eq!(inline("a\nb"), "a b");
    }

    #[test]
    fn tables_and_the_diagram() {
        let mut project = Project::new("shop", Dialect::Postgres);
        project.model = import_sql(
            "CREATE TABLE users (id int PRIMARY KEY);
             CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users(id));
             COMMENT ON COLUMN orders.user_id IS 'who';",
            Dialect::Postgres,
        )
        .model;
        let text = project_markdown(&project);
        assert!(text.starts_with("# shop\n\n2 tables, 0 collections.\n"));
        assert!(text.contains("```mermaid\nerDiagram\n"));
        assert!(text.contains("## orders\n"));
        assert!(
            text.contains("| user\\_id | int | yes | FK → users |  | who |"),
            "{text}"
        );
    }
}
