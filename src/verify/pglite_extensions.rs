//! Which PostgreSQL extensions a script needs from PGlite. PGlite ships a set of contrib
//! extensions as separate bundles that must be loaded when the database starts; a script
//! that needs one it does not ship (PostGIS, pgvector) is refused before it runs, at the
//! statement that needs it, instead of failing later with "type does not exist".

use super::engine::EngineError;
use super::statements::Statement;
use crate::import::sql::import_sql;
use crate::model::Dialect;

/// The contrib extensions PGlite 0.5 ships, by their SQL names, with the name of the bundle
/// that provides each (`@electric-sql/pglite/contrib/<bundle>`).
const CONTRIB: &[(&str, &str)] = &[
    ("amcheck", "amcheck"),
    ("auto_explain", "auto_explain"),
    ("bloom", "bloom"),
    ("btree_gin", "btree_gin"),
    ("btree_gist", "btree_gist"),
    ("citext", "citext"),
    ("cube", "cube"),
    ("dict_int", "dict_int"),
    ("dict_xsyn", "dict_xsyn"),
    ("earthdistance", "earthdistance"),
    ("file_fdw", "file_fdw"),
    ("fuzzystrmatch", "fuzzystrmatch"),
    ("hstore", "hstore"),
    ("intarray", "intarray"),
    ("isn", "isn"),
    ("lo", "lo"),
    ("ltree", "ltree"),
    ("moddatetime", "moddatetime"),
    ("pageinspect", "pageinspect"),
    ("pg_buffercache", "pg_buffercache"),
    ("pg_freespacemap", "pg_freespacemap"),
    ("pg_stat_statements", "pg_stat_statements"),
    ("pg_surgery", "pg_surgery"),
    ("pg_trgm", "pg_trgm"),
    ("pg_visibility", "pg_visibility"),
    ("pg_walinspect", "pg_walinspect"),
    ("pgcrypto", "pgcrypto"),
    ("seg", "seg"),
    ("tablefunc", "tablefunc"),
    ("tcn", "tcn"),
    ("tsm_system_rows", "tsm_system_rows"),
    ("tsm_system_time", "tsm_system_time"),
    ("unaccent", "unaccent"),
    ("uuid-ossp", "uuid_ossp"),
];

/// Extensions built into every PostgreSQL, PGlite included.
const BUILT_IN: &[&str] = &["plpgsql"];

/// Types that come from extensions PGlite does not ship, with the extension.
const FOREIGN_TYPES: &[(&str, &str)] = &[
    ("geometry", "postgis"),
    ("geography", "postgis"),
    ("raster", "postgis_raster"),
    ("box2d", "postgis"),
    ("box3d", "postgis"),
    ("vector", "vector (pgvector)"),
    ("halfvec", "vector (pgvector)"),
    ("sparsevec", "vector (pgvector)"),
];

/// The PGlite bundles the statements need, in the order the script asks for them; or the
/// first statement that needs what PGlite lacks.
pub fn pglite_extensions(statements: &[Statement]) -> Result<Vec<&'static str>, EngineError> {
    let mut bundles = Vec::new();
    for statement in statements {
        let import = import_sql(&statement.text, Dialect::Postgres);
        for extension in &import.model.extensions {
            let name = extension.name.to_ascii_lowercase();
            if BUILT_IN.contains(&name.as_str()) {
                continue;
            }
            match CONTRIB.iter().find(|(sql, _)| *sql == name) {
                Some((_, bundle)) if !bundles.contains(bundle) => bundles.push(*bundle),
                Some(_) => {}
                None => return Err(lacking(statement, &format!("the extension {name}"))),
            }
        }
        for table in &import.model.tables {
            for column in &table.columns {
                if let Some((ty, extension)) = foreign_type(&column.data_type.spelling) {
                    let what = format!(
                        "the extension {extension}, which column {}.{} needs for its type {ty}",
                        table.name, column.name
                    );
                    return Err(lacking(statement, &what));
                }
            }
        }
    }
    Ok(bundles)
}

fn lacking(statement: &Statement, what: &str) -> EngineError {
    EngineError::Rejected {
        line: statement.line,
        statement: statement.text.clone(),
        message: format!(
            "PGlite does not ship {what}; verify this script on a PostgreSQL server that has it"
        ),
    }
}

/// The extension type a column spelling names (`geometry(Point, 4326)`, `public.vector(3)`).
fn foreign_type(spelling: &str) -> Option<(&'static str, &'static str)> {
    let base = spelling
        .split(['(', '['])
        .next()
        .unwrap_or("")
        .trim()
        .rsplit('.')
        .next()
        .unwrap_or("")
        .trim_matches('"')
        .to_ascii_lowercase();
    FOREIGN_TYPES.iter().find(|(t, _)| *t == base).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::statements;

    #[test]
    fn contrib_extensions_are_loaded_and_missing_ones_refused_where_they_are_needed() {
        let script = "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;\nCREATE EXTENSION \"uuid-ossp\";\nCREATE EXTENSION plpgsql;\nCREATE TABLE t (id uuid DEFAULT uuid_generate_v4());";
        let list = statements(script, Dialect::Postgres);
        assert_eq!(
            pglite_extensions(&list).ok(),
            Some(vec!["pg_trgm", "uuid_ossp"])
        );

        let script = "CREATE TABLE place (\n  id int,\n  at geography(Point, 4326)\n);";
        let Err(EngineError::Rejected { line, message, .. }) =
            pglite_extensions(&statements(script, Dialect::Postgres))
        else {
            panic!("a PostGIS type is refused");
        };
        assert_eq!(line, 1);
        assert!(
            message.contains("postgis") && message.contains("place.at"),
            "{message}"
        );

        let script = "CREATE TABLE a (id int);\nCREATE EXTENSION postgis;";
        let Err(EngineError::Rejected { line, .. }) =
            pglite_extensions(&statements(script, Dialect::Postgres))
        else {
            panic!("an extension PGlite lacks is refused");
        };
        assert_eq!(line, 2);
    }
}
