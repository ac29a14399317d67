//! Synthetic schemas of any size, shaped like real dumps, for benchmarks and scale tests.
//! Deterministic: the same arguments give the same text.

use std::fmt::Write;

/// A pg_dump-style script of `tables` tables: sequences with `OWNED BY`, ownership lines,
/// primary keys and foreign keys added by `ALTER TABLE ONLY`, indexes and comments. Each table
/// references up to two earlier ones, a few hub tables attracting most references, as in
/// real foreign-key graphs.
pub fn pg_dump_script(tables: usize) -> String {
    let mut out = String::with_capacity(tables * 1400);
    out.push_str("SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\nSELECT pg_catalog.set_config('search_path', '', false);\n\n");
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| -> usize {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound.max(1) as u64) as usize
    };
    let mut references = Vec::with_capacity(tables);
    for t in 0..tables {
        let mut targets = Vec::new();
        if t > 0 {
            // Half the references go to the first ten tables: the hubs.
            for _ in 0..2 {
                let target = if next(2) == 0 {
                    next(t.min(10))
                } else {
                    next(t)
                };
                if !targets.contains(&target) {
                    targets.push(target);
                }
            }
        }
        let _ = write!(
            out,
            "--\n-- Name: table_{t}; Type: TABLE; Schema: public; Owner: app\n--\n\n\
             CREATE TABLE public.table_{t} (\n    id integer NOT NULL,\n    name character varying(120) NOT NULL,\n    \
             created_at timestamp with time zone DEFAULT now() NOT NULL,\n    amount numeric(12,2),\n    \
             payload jsonb,\n    is_active boolean DEFAULT true NOT NULL"
        );
        for target in &targets {
            let _ = write!(out, ",\n    table_{target}_id integer");
        }
        let _ = write!(
            out,
            "\n);\n\nALTER TABLE public.table_{t} OWNER TO app;\n\n\
             CREATE SEQUENCE public.table_{t}_id_seq\n    AS integer\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;\n\n\
             ALTER SEQUENCE public.table_{t}_id_seq OWNED BY public.table_{t}.id;\n\n\
             ALTER TABLE ONLY public.table_{t} ALTER COLUMN id SET DEFAULT nextval('public.table_{t}_id_seq'::regclass);\n\n\
             COMMENT ON TABLE public.table_{t} IS 'Synthetic table {t}';\n\n"
        );
        references.push(targets);
    }
    for t in 0..tables {
        let _ = writeln!(
            out,
            "ALTER TABLE ONLY public.table_{t}\n    ADD CONSTRAINT table_{t}_pkey PRIMARY KEY (id);\n"
        );
        let _ = writeln!(
            out,
            "CREATE INDEX idx_table_{t}_created_at ON public.table_{t} USING btree (created_at DESC);\n"
        );
    }
    for (t, targets) in references.iter().enumerate() {
        for target in targets {
            let _ = writeln!(
                out,
                "ALTER TABLE ONLY public.table_{t}\n    ADD CONSTRAINT table_{t}_table_{target}_id_fkey FOREIGN KEY (table_{target}_id) REFERENCES public.table_{target}(id) ON DELETE CASCADE;\n"
            );
        }
    }
    out
}

/// A deterministic xorshift generator: synthetic schemas must not change between runs.
struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound.max(1) as u64) as usize
    }
}

/// A PostgreSQL script of `tables` tables and about `foreign_keys` foreign keys shaped like
/// MusicBrainz, the hardest real graph for layered layouts: one table referenced by about
/// 14 % of all foreign keys, five more hubs with about 4 % each, the rest spread with a
/// preference for a tenth of the tables; a few self-references and cycles, some tables
/// with no relationship. Foreign keys come last, as `ALTER TABLE ... ADD CONSTRAINT`.
pub fn hub_schema_script(tables: usize, foreign_keys: usize) -> String {
    let tables = tables.max(1);
    let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15 ^ (tables as u64) << 20 ^ foreign_keys as u64);
    let popular = (tables / 10).max(1);
    let mut edges: Vec<(usize, usize)> = Vec::with_capacity(foreign_keys);
    for k in 0..foreign_keys {
        let share = k as f64 / foreign_keys.max(1) as f64;
        let target = if share < 0.14 {
            0
        } else if share < 0.34 {
            1 + k % 5.min(tables - 1).max(1)
        } else if rng.below(10) < 6 {
            rng.below(popular)
        } else {
            rng.below(tables)
        };
        let mut source = rng.below(tables);
        if source == target && k % 97 != 0 {
            source = (source + 1 + rng.below(tables - 1).min(tables)) % tables;
        }
        edges.push((source, target.min(tables - 1)));
    }
    let mut columns: Vec<Vec<String>> = vec![Vec::new(); tables];
    let mut constraints = String::new();
    for (k, &(source, target)) in edges.iter().enumerate() {
        let base = format!("entity_{target}_id");
        let name = if columns[source].contains(&base) {
            format!("entity_{target}_id_{k}")
        } else {
            base
        };
        columns[source].push(name.clone());
        let _ = writeln!(
            constraints,
            "ALTER TABLE ONLY public.entity_{source}\n    ADD CONSTRAINT entity_{source}_fk_{k} FOREIGN KEY ({name}) REFERENCES public.entity_{target}(id);\n"
        );
    }
    let mut out = String::with_capacity(tables * 400 + constraints.len());
    for (t, fks) in columns.iter().enumerate() {
        let _ = write!(
            out,
            "CREATE TABLE public.entity_{t} (\n    id integer NOT NULL PRIMARY KEY,\n    name character varying(200) NOT NULL"
        );
        for extra in 0..rng.below(6) {
            let _ = write!(out, ",\n    attribute_{extra} text");
        }
        for fk in fks {
            let _ = write!(out, ",\n    {fk} integer");
        }
        out.push_str("\n);\n\n");
    }
    out.push_str(&constraints);
    out
}

/// A key column that other tables reference, as (table id, column id): what the edit
/// benchmarks rename, so that the rename carries to foreign keys.
pub fn referenced_key(model: &crate::model::Model) -> Option<(crate::model::Id, crate::model::Id)> {
    let lookup = crate::model::TableLookup::new(model);
    let target = model
        .tables
        .iter()
        .flat_map(|t| &t.foreign_keys)
        .find_map(|fk| lookup.target(fk))?;
    let t = &model.tables[target];
    let key = t.primary_key.as_ref()?.columns.first()?;
    Some((t.id, t.column_by_id(*key)?.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;
    use crate::model::Dialect;

    #[test]
    fn imports_whole_with_every_table_and_key() {
        let script = pg_dump_script(50);
        let result = import_sql(&script, Dialect::Postgres);
        assert_eq!(
            result.report.errors().count(),
            0,
            "{:?}",
            result.report.errors().next()
        );
        assert_eq!(result.model.tables.len(), 50);
        assert_eq!(result.model.sequences.len(), 50);
        assert!(result
            .model
            .tables
            .iter()
            .all(|t| t.primary_key.is_some() && t.comment.is_some()));
        let fks = result.model.foreign_key_count();
        assert!((49..=98).contains(&fks), "{fks}");
        assert_eq!(pg_dump_script(50), script, "deterministic");
    }

    #[test]
    fn the_hub_schema_has_its_hub() {
        let import = import_sql(
            &hub_schema_script(375, 760),
            crate::model::Dialect::Postgres,
        );
        assert!(
            !import.report.has_errors(),
            "{:?}",
            import.report.skipped.first()
        );
        let model = import.model;
        assert_eq!(model.tables.len(), 375);
        assert_eq!(model.foreign_key_count(), 760);
        let into_hub = model
            .tables
            .iter()
            .flat_map(|t| &t.foreign_keys)
            .filter(|fk| {
                model
                    .table_by_id(fk.ref_table)
                    .is_some_and(|t| t.name == "entity_0")
            })
            .count();
        assert!((100..=130).contains(&into_hub), "{into_hub}");
    }
}
