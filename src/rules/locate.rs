//! Where the editor's text wrote an object: the table's definition (`CREATE TABLE name`,
//! DBML `Table name`) and a column's name inside it. Found by scanning words, so it works
//! for typed and generated text alike and after reconcile has kept older ids.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Hashed with fixed keys, so a lint does the same work on every run.
type FixedMap<K, V> = HashMap<K, V, BuildHasherDefault<DefaultHasher>>;

use super::finding::ModelPath;
use crate::diagnostic::{LineIndex, Position};
use crate::model::{Model, SourceFormat};

pub struct Locator<'a> {
    text: &'a str,
    lines: LineIndex<'a>,
    format: SourceFormat,
    /// Lower-case bare table name -> byte offset of its definition's name.
    tables: FixedMap<String, usize>,
    /// Table id -> (index in the model, offset of its definition), built on the first lookup.
    by_id: std::cell::OnceCell<FixedMap<crate::model::Id, (usize, Option<usize>)>>,
}

/// A word of the text: letters, digits, `_`, `$`; quotes are not part of it.
fn word_at(bytes: &[u8], at: usize) -> usize {
    let mut end = at;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric()
            || bytes[end] == b'_'
            || bytes[end] == b'$'
            || bytes[end] >= 0x80)
    {
        end += 1;
    }
    end
}

/// Offsets and words of `text`, skipping quotes characters and punctuation.
fn words(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let end = word_at(bytes, i);
        if end > i {
            if let Some(w) = text.get(i..end) {
                out.push((i, w));
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Up to `count` words before `at`, nearest first.
fn previous_words(text: &str, at: usize, count: usize) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut end = at;
    while out.len() < count {
        while end > 0 && !is_word_byte(bytes[end - 1]) {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && is_word_byte(bytes[start - 1]) {
            start -= 1;
        }
        if start == end {
            break;
        }
        match text.get(start..end) {
            Some(w) => out.push(w),
            None => break,
        }
        end = start;
    }
    out
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, format: SourceFormat) -> Self {
        let mut tables = FixedMap::default();
        // Only a word `table` can start a definition: find each (in a lower-case copy, where
        // the standard library's substring search is fast), then look around it.
        let lower = text.to_ascii_lowercase();
        let bytes = text.as_bytes();
        for (found, _) in lower.match_indices("table") {
            let alone = (found == 0 || !is_word_byte(bytes[found - 1]))
                && bytes.get(found + 5).is_none_or(|b| !is_word_byte(*b));
            if !alone {
                continue;
            }
            let from = found + 5;
            let before = previous_words(text, found, 2);
            let starts = match format {
                SourceFormat::Sql => {
                    before
                        .first()
                        .is_some_and(|w| w.eq_ignore_ascii_case("create"))
                        || before.len() == 2
                            && before[1].eq_ignore_ascii_case("create")
                            && ["temporary", "temp", "unlogged"]
                                .iter()
                                .any(|m| before[0].eq_ignore_ascii_case(m))
                }
                SourceFormat::Dbml => {
                    // `Table` opens a line (after indentation) in DBML.
                    let line_start = text[..found].rfind('\n').map_or(0, |i| i + 1);
                    text[line_start..found].trim().is_empty()
                }
            };
            if !starts {
                continue;
            }
            // The name: skip IF NOT EXISTS; of a dotted name, the last part.
            let mut end = (from + 400).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let mut rest: Vec<(usize, &str)> = words(text.get(from..end).unwrap_or_default())
                .into_iter()
                .take(6)
                .map(|(at, w)| (from + at, w))
                .collect();
            if rest
                .first()
                .is_some_and(|(_, w)| w.eq_ignore_ascii_case("if"))
            {
                rest.drain(..3.min(rest.len()));
            }
            let Some(&(mut at, mut name)) = rest.first() else {
                continue;
            };
            for &(next_at, next) in rest.iter().skip(1) {
                let between = text.get(at + name.len()..next_at).unwrap_or_default();
                let dotted = between.trim_matches(|c| c == '"' || c == '`' || c == ']' || c == '[');
                if dotted != "." {
                    break;
                }
                at = next_at;
                name = next;
            }
            tables.entry(name.to_lowercase()).or_insert(at);
        }
        Locator {
            text,
            lines: LineIndex::new(text),
            format,
            tables,
            by_id: std::cell::OnceCell::new(),
        }
    }

    /// The position of what `path` names: its column inside its table's definition, or the
    /// table's name.
    pub fn position(&self, model: &Model, path: &ModelPath) -> Option<Position> {
        let by_id = self.by_id.get_or_init(|| {
            model
                .tables
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id, (i, self.tables.get(&t.name.to_lowercase()).copied())))
                .collect()
        });
        let (i, start) = *by_id.get(&path.table?)?;
        let (table, start) = (model.tables.get(i)?, start?);
        let Some(column) = path
            .column
            .and_then(|id| table.columns.iter().find(|c| c.id == id))
        else {
            return Some(self.lines.position(start));
        };
        let rest = self.text.get(start..)?;
        let end = match self.format {
            SourceFormat::Sql => rest.find(';').unwrap_or(rest.len()),
            SourceFormat::Dbml => rest.find('}').unwrap_or(rest.len()),
        };
        let body = rest.get(table.name.len()..end)?;
        let found = words(body)
            .into_iter()
            .find(|(_, w)| w.eq_ignore_ascii_case(&column.name))
            .map(|(at, _)| start + table.name.len() + at);
        Some(self.lines.position(found.unwrap_or(start)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;
    use crate::model::Dialect;

    fn numbered(mut model: Model) -> Model {
        for (i, t) in model.tables.iter_mut().enumerate() {
            t.id = crate::model::Id(10 * (i as u64 + 1));
            for (k, c) in t.columns.iter_mut().enumerate() {
                c.id = crate::model::Id(10 * (i as u64 + 1) + k as u64 + 1);
            }
        }
        model
    }

    #[test]
    fn never_panics_on_text_cut_anywhere() {
        let sql = "CREATE TABLE IF NOT EXISTS \"é\".\"ü\" (\"ö\" int); create temp table x (y int); TABLE";
        for end in 0..=sql.len() {
            if let Some(cut) = sql.get(..end) {
                let model = numbered(import_sql(cut, Dialect::Postgres).model);
                let locator = Locator::new(cut, SourceFormat::Sql);
                for t in &model.tables {
                    let _ = locator.position(&model, &ModelPath::table(t));
                }
            }
        }
        let locator = Locator::new("CREATE TABLE ", SourceFormat::Sql);
        assert!(locator.tables.is_empty());
    }

    #[test]
    fn finds_tables_and_columns_in_sql_and_dbml() {
        let sql = "-- x\nCREATE TABLE IF NOT EXISTS public.\"Orders\" (\n  id int,\n  \"Total\" int\n);\nCREATE TABLE b (total int);";
        let model = numbered(import_sql(sql, Dialect::Postgres).model);
        let locator = Locator::new(sql, SourceFormat::Sql);
        let orders = &model.tables[0];
        let at = |path: ModelPath| locator.position(&model, &path);
        assert_eq!(
            at(ModelPath::table(orders)),
            Some(Position {
                line: 2,
                column: 36
            })
        );
        assert_eq!(
            at(ModelPath::column(orders, &orders.columns[1])),
            Some(Position { line: 4, column: 4 })
        );
        let b = &model.tables[1];
        assert_eq!(
            at(ModelPath::column(b, &b.columns[0])),
            Some(Position {
                line: 6,
                column: 17
            })
        );
        let dbml = "Table users {\n  id int\n  email text\n}";
        let model = numbered(crate::import::dbml::import_dbml(dbml).model);
        let locator = Locator::new(dbml, SourceFormat::Dbml);
        let users = &model.tables[0];
        assert_eq!(
            locator.position(&model, &ModelPath::column(users, &users.columns[1])),
            Some(Position { line: 3, column: 3 })
        );
    }
}
