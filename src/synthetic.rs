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
}
