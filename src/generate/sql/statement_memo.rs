//! The statements printed for each table, kept from one generation to the next so that after
//! an edit only the tables it changed are printed again (a 2,000-table project regenerates its
//! text on every edit). An entry is reused only when everything its statements are printed
//! from is equal: the prepared table itself, the section's own inputs (the foreign keys written
//! inline and the names of what they reference, the columns other tables reference), and what
//! every table's statements read of the
//! rest of the model (its enum types and domains), the target and the options. Reused
//! statements replay their fidelity notes, so the result is the full generation's, byte for
//! byte (a property test compares the two).

use std::collections::BTreeSet;

// Fixed hashers: the same work on every run (the fuzz gate explores by coverage).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Mutex;

use super::ddl::{generate_prepared, prepare_in_place, Ddl, DdlOptions, Script};
use super::fidelity::{FidelityNote, Notes};
use super::table::assemble_create_table;
use super::SqlDialect;
use crate::model::{
    Dialect, Domain, EnumType, ForeignKey, Id, Model, Sequence, Shared, Table, TableLookup,
};

/// The per-table sections of a script, each kept on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Section {
    /// `CREATE TABLE` without the foreign keys written inline (see [`create_table_body`]).
    Create,
    /// The foreign keys `CREATE TABLE` writes inline.
    ForeignKeys,
    /// `CREATE TABLE` put together from the two above (kept with them).
    Whole,
    Indexes,
    Comments,
}

/// What a section printed for a table, what else besides the table it was printed from, and
/// the notes it made while printing it.
#[derive(Default)]
struct Printed {
    inputs: Inputs,
    statements: Vec<String>,
    notes: Vec<FidelityNote>,
}

/// What a kept statement was printed from besides its own table or object, compared
/// exactly when the next generation asks for it (tables by pointer first: see
/// [`crate::model::Shared`]).
#[derive(Default)]
pub(super) enum Inputs {
    #[default]
    Nothing,
    /// The columns other tables reference (MySQL and SQL Server type a key column
    /// differently).
    Referenced(Vec<Id>),
    /// The foreign keys written inline (a cycle closed by another table can move one into an
    /// `ALTER TABLE`), each with the table it references, whose names it prints.
    Targets(Vec<(Id, Option<Shared<Table>>)>),
    /// A sequence as it was printed.
    Sequence(Sequence),
    /// A sequence, the table that owns it and the owning column.
    Owner(Sequence, Shared<Table>, Id),
}

/// Whether a foreign key referencing `now` prints what it printed referencing `then`: the
/// table's name and the names of `columns`.
pub(super) fn same_target(then: &Table, now: &Table, columns: &[Id]) -> bool {
    then.schema == now.schema
        && then.name == now.name
        && columns
            .iter()
            .all(|c| then.column_name(*c) == now.column_name(*c))
}

impl Inputs {
    /// The inline foreign keys of a table and the tables they reference.
    pub fn targets(model: &Model, lookup: &TableLookup, inline: &[&ForeignKey]) -> Inputs {
        Inputs::Targets(
            inline
                .iter()
                .map(|fk| (fk.id, lookup.target(fk).map(|i| model.tables[i].clone())))
                .collect(),
        )
    }

    /// Whether these were the targets of `inline` (as [`Inputs::targets`] finds them),
    /// name for name.
    pub fn same_targets(
        &self,
        model: &Model,
        lookup: &TableLookup,
        inline: &[&ForeignKey],
    ) -> bool {
        let Inputs::Targets(kept) = self else {
            return false;
        };
        kept.len() == inline.len()
            && kept.iter().zip(inline).all(|((id, then), fk)| {
                let now = lookup.target(fk).map(|i| &model.tables[i]);
                *id == fk.id
                    && match (then, now) {
                        (Some(then), Some(now)) => {
                            Shared::same(then, now) || same_target(then, now, &fk.ref_columns)
                        }
                        (None, None) => true,
                        _ => false,
                    }
            })
    }
}

impl Printed {
    fn replay_notes(&self, notes: &mut Notes) {
        for n in &self.notes {
            notes.add(n.level, n.object.as_str(), n.message.as_str());
        }
    }
}

/// One table's kept statements, valid while the prepared table is equal to `table` (most
/// often the very same table, shared: see [`crate::model::Shared`]).
struct Entry {
    table: Shared<Table>,
    /// The generation that last compared `table` with the table it prints: once per
    /// generation, not once per section.
    checked: u64,
    sections: HashMap<Section, Printed>,
}

/// The kept statements of one target and option set.
#[derive(Default)]
pub(super) struct StatementMemo {
    /// False for a one-off generation, which keeps nothing.
    keeps: bool,
    /// Whether this generation keeps: it does, but not when table ids repeat.
    enabled: bool,
    shared: Option<(Vec<EnumType>, Vec<Domain>)>,
    entries: HashMap<Id, Entry>,
    /// Statements of objects beside the tables (a sequence, its `OWNED BY`), by the object
    /// and kind: the generation that last wrote it, what it was printed from, and the
    /// statement.
    others: HashMap<(Id, Other), (u64, Inputs, String)>,
    generation: u64,
    /// The length of the last script, so the next one is allocated at once.
    pub last_length: usize,
    /// The last creation order, with the tables it was found for.
    order: Option<(Vec<Shared<Table>>, CreationOrder)>,
}

/// Table positions in creation order, and the foreign keys that wait for `ALTER TABLE`.
pub(super) type CreationOrder = (Vec<usize>, BTreeSet<Id>);

/// A statement of an object beside the tables that the memo keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Other {
    CreateSequence,
    SequenceOwner,
}

impl StatementMemo {
    /// A memo that keeps nothing: every statement is printed.
    pub fn disabled() -> StatementMemo {
        StatementMemo::default()
    }

    /// A memo that keeps each table's statements from one generation to the next.
    pub fn keeping() -> StatementMemo {
        StatementMemo {
            keeps: true,
            ..StatementMemo::default()
        }
    }

    /// Starts a generation of `model` (prepared): drops every entry when what all tables read
    /// changed, and keeps nothing this time when table ids repeat (an entry is found by id).
    pub fn begin(&mut self, model: &Model) {
        self.generation += 1;
        let mut ids = HashSet::with_capacity_and_hasher(model.tables.len(), Default::default());
        let unique = model.tables.iter().all(|t| ids.insert(t.id));
        self.enabled = self.keeps && unique;
        if !self.enabled {
            self.entries.clear();
            self.others.clear();
            self.shared = None;
            return;
        }
        // What the last generation did not write is gone from the model.
        let last = self.generation - 1;
        self.others.retain(|_, (written, ..)| *written >= last);
        let same = self
            .shared
            .as_ref()
            .is_some_and(|(e, d)| *e == model.enums && *d == model.domains);
        if !same {
            self.entries.clear();
            self.shared = Some((model.enums.clone(), model.domains.clone()));
        }
        self.entries.retain(|id, _| ids.contains(id));
    }

    /// The tables' creation order (see [`super::order::creation_order`]): the kept one while
    /// the foreign-key graph is as it was, else the one `find` finds.
    pub fn creation_order(
        &mut self,
        model: &Model,
        lookup: &crate::model::TableLookup,
        find: impl FnOnce(&Model, &crate::model::TableLookup) -> CreationOrder,
    ) -> CreationOrder {
        if !self.enabled {
            return find(model, lookup);
        }
        // The same tables in the same places, each the one kept or with the same foreign
        // keys to the same tables: the same graph.
        let same_keys = |a: &Table, b: &Table| {
            a.foreign_keys.len() == b.foreign_keys.len()
                && a.foreign_keys
                    .iter()
                    .zip(&b.foreign_keys)
                    .all(|(x, y)| x.id == y.id && x.ref_table == y.ref_table)
        };
        let same = self.order.as_ref().is_some_and(|(kept, ..)| {
            kept.len() == model.tables.len()
                && kept
                    .iter()
                    .zip(&model.tables)
                    .all(|(a, b)| Shared::same(a, b) || a.id == b.id && same_keys(a, b))
        });
        match &self.order {
            Some((_, found)) if same => found.clone(),
            _ => {
                let found = find(model, lookup);
                self.order = Some((model.tables.clone(), found.clone()));
                found
            }
        }
    }

    /// Writes the statement of `kind` for object `id`: the kept one when `same` says it was
    /// printed from what is there now, else the one `print` makes (from `inputs`).
    pub fn write_other(
        &mut self,
        script: &mut Script,
        (id, kind): (Id, Other),
        same: impl FnOnce(&Inputs) -> bool,
        inputs: impl FnOnce() -> Inputs,
        print: impl FnOnce() -> String,
    ) {
        if !self.enabled {
            script.statement(&print());
            return;
        }
        let generation = self.generation;
        let kept = self
            .others
            .entry((id, kind))
            .or_insert_with(|| (generation, Inputs::Nothing, String::new()));
        if !same(&kept.1) {
            *kept = (generation, inputs(), print());
        }
        kept.0 = generation;
        script.statement(&kept.2);
    }

    /// Writes `table`'s statements of `section` to `script`: the kept ones when `table` and
    /// `inputs` (for `CREATE TABLE`) are what they were printed from, else those `print` makes.
    pub fn write(
        &mut self,
        script: &mut Script,
        notes: &mut Notes,
        table: &Shared<Table>,
        section: Section,
        print: impl FnOnce(&mut Notes) -> Vec<String>,
    ) {
        if !self.enabled {
            for statement in print(notes) {
                script.statement(&statement);
            }
            return;
        }
        let entry = self.entry(table);
        kept(entry, section, |_| true, || Inputs::Nothing, print);
        let Some(printed) = entry.sections.get(&section) else {
            return;
        };
        for statement in &printed.statements {
            script.statement(statement);
        }
        printed.replay_notes(notes);
    }

    /// Writes `table`'s `CREATE TABLE`: its body (kept while the table and the columns other
    /// tables reference, `referenced`, are as they were) and its inline foreign keys `inline`
    /// (kept while they and the names of what they reference are), so a renamed target
    /// reprints only the keys that name it.
    pub fn write_create(
        &mut self,
        (script, notes): (&mut Script, &mut Notes),
        table: &Shared<Table>,
        (referenced, body): (&[Id], impl FnOnce(&mut Notes) -> Vec<String>),
        (model, lookup, inline): (&Model, &TableLookup, &[&ForeignKey]),
        keys: impl FnOnce(&mut Notes) -> Vec<String>,
    ) {
        if !self.enabled {
            let body = body(notes);
            let keys = keys(notes);
            script.statement(&assemble_create_table(&body, &keys));
            return;
        }
        let entry = self.entry(table);
        let reprinted = kept(
            entry,
            Section::Create,
            |kept| matches!(kept, Inputs::Referenced(r) if r == referenced),
            || Inputs::Referenced(referenced.to_vec()),
            body,
        );
        let reprinted = kept(
            entry,
            Section::ForeignKeys,
            |kept| kept.same_targets(model, lookup, inline),
            || Inputs::targets(model, lookup, inline),
            keys,
        ) | reprinted;
        let (Some(body), Some(keys)) = (
            entry.sections.get(&Section::Create),
            entry.sections.get(&Section::ForeignKeys),
        ) else {
            return;
        };
        body.replay_notes(notes);
        keys.replay_notes(notes);
        if reprinted || !entry.sections.contains_key(&Section::Whole) {
            let whole = Printed {
                statements: vec![assemble_create_table(&body.statements, &keys.statements)],
                ..Printed::default()
            };
            entry.sections.insert(Section::Whole, whole);
        }
        if let Some(whole) = entry.sections.get(&Section::Whole) {
            for statement in &whole.statements {
                script.statement(statement);
            }
        }
    }

    /// The entry of `table`, its statements dropped when the table is not the one they were
    /// printed from (compared once per generation, most often as a pointer).
    fn entry(&mut self, table: &Shared<Table>) -> &mut Entry {
        let generation = self.generation;
        let entry = self.entries.entry(table.id).or_insert_with(|| Entry {
            table: table.clone(),
            checked: generation,
            sections: HashMap::default(),
        });
        if entry.checked != generation {
            if !Shared::same(&entry.table, table) {
                if entry.table != *table {
                    entry.sections.clear();
                }
                // Shared from now on: the next generation compares a pointer.
                entry.table = table.clone();
            }
            entry.checked = generation;
        }
        entry
    }
}

/// Keeps `entry`'s statements of `section`, printed again by `print` (from `inputs`) when
/// `same` says they were printed from something else; returns whether they were.
fn kept(
    entry: &mut Entry,
    section: Section,
    same: impl FnOnce(&Inputs) -> bool,
    inputs: impl FnOnce() -> Inputs,
    print: impl FnOnce(&mut Notes) -> Vec<String>,
) -> bool {
    let fresh = entry
        .sections
        .get(&section)
        .is_some_and(|p| same(&p.inputs));
    if !fresh {
        let mut own = Notes::default();
        let statements = print(&mut own);
        entry.sections.insert(
            section,
            Printed {
                inputs: inputs(),
                statements,
                notes: own.0,
            },
        );
    }
    !fresh
}

/// How many target and option sets a cache keeps: the editor's and the export panel's.
const KEPT_OPTION_SETS: usize = 2;

/// What a cache keeps for one target and option set: the statements per table, and a mirror
/// of the last model generated with the script it gave, which an equal model gets back as it
/// is (the export panel asks for the editor's script right after the editor did).
struct Kept {
    dialect: Dialect,
    options: DdlOptions,
    memo: StatementMemo,
    model: Model,
    /// The tables changed since `model` was mirrored, as the edits told; `None` when they
    /// did not (then the whole model is compared).
    since: Option<HashSet<Id>>,
    last: Option<Ddl>,
    /// The model as last prepared for the generator, mirrored from the model before each
    /// generation and prepared in place, so the model is not cloned whole every time.
    prepared: Model,
}

/// Generated statements kept between generations of a changing model, for each target and
/// option set asked for lately (the editor's text and the export panel's script share one
/// when they agree). Derived data: a clone starts empty, and two caches compare equal.
#[derive(Default)]
pub struct DdlCache(Mutex<Cached>);

/// The kept option sets, and whether the model's edits tell the cache what they change (only
/// a project's own cache, once `edit::apply` has told it something; any other cache compares
/// the whole model every time).
#[derive(Default)]
struct Cached {
    kept: Vec<Kept>,
    told: bool,
}

impl DdlCache {
    /// The same as [`super::generate`], printing again only the tables that changed since
    /// this cache last generated with these options.
    pub fn generate(&self, model: &Model, dialect: &dyn SqlDialect, options: &DdlOptions) -> Ddl {
        let Ok(mut cached) = self.0.lock() else {
            // A generation that panicked left it half-written: print everything.
            return super::generate(model, dialect, options);
        };
        let told = cached.told;
        let kept = &mut cached.kept;
        let target = dialect.dialect();
        let position = kept
            .iter()
            .position(|k| k.dialect == target && k.options == *options);
        let mut entry = match position {
            Some(i) => kept.remove(i),
            None => Kept {
                dialect: target,
                options: options.clone(),
                memo: StatementMemo::keeping(),
                model: Model::default(),
                since: None,
                last: None,
                prepared: Model::default(),
            },
        };
        let changed = match entry.since.take() {
            Some(tables) => entry.model.mirror_changed(model, &tables),
            None => entry.model.mirror(model),
        };
        // Tests build with debug assertions: there every hint is checked against the model.
        debug_assert!(entry.model == *model, "the edits' hint missed a change");
        if told {
            entry.since = Some(HashSet::default());
        }
        let ddl = match &entry.last {
            Some(ddl) if !changed => ddl.clone(),
            _ => {
                entry.prepared.mirror(model);
                let mut notes = Notes::default();
                let audit = prepare_in_place(&mut entry.prepared, dialect, options, &mut notes);
                let ddl = generate_prepared(
                    &entry.prepared,
                    audit,
                    notes,
                    dialect,
                    options,
                    &mut entry.memo,
                );
                entry.last = Some(ddl.clone());
                ddl
            }
        };
        kept.insert(0, entry);
        kept.truncate(KEPT_OPTION_SETS);
        ddl
    }
}

impl DdlCache {
    /// Tells the cache what an edit of the model changed: the tables it may have changed, or
    /// `None` for anything. From the first call on, a generation compares only those tables
    /// with what it last printed (whatever changes the model must then say so; `edit::apply`
    /// does, and a project's clone starts with an empty cache).
    pub fn changed(&self, tables: Option<&[Id]>) {
        let Ok(mut cached) = self.0.lock() else {
            return;
        };
        cached.told = true;
        for entry in &mut cached.kept {
            match (tables, &mut entry.since) {
                (Some(ids), Some(since)) => since.extend(ids.iter().copied()),
                _ => entry.since = None,
            }
        }
    }
}

impl Clone for DdlCache {
    fn clone(&self) -> Self {
        DdlCache::default()
    }
}

impl PartialEq for DdlCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for DdlCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DdlCache")
    }
}

#[cfg(test)]
mod tests {
    use super::DdlCache;
    use crate::generate::sql::{dialect_for, generate, DdlOptions, Naming};
    use crate::import::sql::import_sql;
    use crate::model::{Dialect, Model};

    fn model(sql: &str) -> Model {
        let import = import_sql(sql, Dialect::Postgres);
        assert!(
            !import.report.has_errors(),
            "{:?}",
            import.report.errors().next()
        );
        import.model
    }

    /// Generates each model in turn through one cache and checks every result against a
    /// full generation, for every target and both naming modes.
    fn kept_equals_full(models: &[Model]) {
        for target in Dialect::ALL {
            for naming in [Naming::Keep, Naming::Seed] {
                let options = DdlOptions {
                    naming,
                    ..DdlOptions::default()
                };
                let d = dialect_for(target);
                let cache = DdlCache::default();
                for (k, m) in models.iter().enumerate() {
                    let kept = cache.generate(m, d.as_ref(), &options);
                    let full = generate(m, d.as_ref(), &options);
                    assert_eq!(kept, full, "model {k}, {target}, {naming:?}");
                }
            }
        }
    }

    /// Tables refer by id and print names: renaming a referenced table or column changes the
    /// `CREATE TABLE` of a table that references it, though that table is as it was (the
    /// two imports give every object the same id).
    #[test]
    fn a_renamed_target_reprints_the_tables_that_reference_it() {
        let script = |table: &str, key: &str| {
            format!(
                "CREATE TABLE {table} ({key} int PRIMARY KEY);
                 CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES {table} ({key}));"
            )
        };
        let (before, renamed, rekeyed) = (
            model(&script("p", "id")),
            model(&script("parents", "id")),
            model(&script("parents", "key")),
        );
        assert_eq!(before.tables[1], renamed.tables[1], "c itself is the same");
        kept_equals_full(&[before.clone(), renamed, rekeyed, before]);
    }

    /// A sequence's statements are kept too: a changed sequence, or a renamed owner, prints
    /// them again.
    #[test]
    fn a_changed_sequence_or_owner_reprints_its_statements() {
        let script = |start: i64, table: &str| {
            format!(
                "CREATE TABLE {table} (id int PRIMARY KEY);
                 CREATE SEQUENCE s START WITH {start};
                 ALTER SEQUENCE s OWNED BY {table}.id;"
            )
        };
        let models = [
            model(&script(1, "t")),
            model(&script(5, "t")),
            model(&script(5, "u")),
            model(&script(1, "t")),
        ];
        assert!(models[0].sequences[0].owned_by.is_some());
        kept_equals_full(&models);
    }

    /// A foreign key that closes a cycle makes another, unchanged table's key wait for
    /// `ALTER TABLE`: that table's `CREATE TABLE` must be printed again without it.
    #[test]
    fn a_cycle_closed_elsewhere_reprints_the_unchanged_table() {
        let before = "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b (id));
                      CREATE TABLE b (id int PRIMARY KEY);";
        let after = "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b (id));
                     CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));";
        let (before, after) = (model(before), model(after));
        let a = dialect_for(Dialect::Postgres);
        let create_a = |m: &Model| {
            let script = generate(m, a.as_ref(), &DdlOptions::default()).script;
            script
                .split(";\n")
                .find(|s| s.contains("CREATE TABLE a"))
                .map(str::to_string)
                .unwrap_or_default()
        };
        assert!(
            create_a(&before).contains("REFERENCES b"),
            "{}",
            create_a(&before)
        );
        assert!(
            !create_a(&after).contains("REFERENCES b"),
            "{}",
            create_a(&after)
        );
        kept_equals_full(&[before.clone(), after, before]);
    }

    /// A column that another table starts to reference becomes a key column, which MySQL
    /// cannot hold as `text`: the referenced table's statement changes though it did not.
    #[test]
    fn a_column_referenced_from_elsewhere_reprints_its_table() {
        let before = "CREATE TABLE p (id int PRIMARY KEY, code text);
                      CREATE TABLE c (id int PRIMARY KEY, p_code text);";
        let after = "CREATE TABLE p (id int PRIMARY KEY, code text);
                     CREATE TABLE c (id int PRIMARY KEY, p_code text REFERENCES p (code));";
        let (before, after) = (model(before), model(after));
        let mysql = dialect_for(Dialect::Mysql);
        let full = |m: &Model| generate(m, mysql.as_ref(), &DdlOptions::default()).script;
        let p = |script: String| {
            script
                .split(";\n")
                .find(|s| s.contains("CREATE TABLE p"))
                .map(str::to_string)
                .unwrap_or_default()
        };
        assert_ne!(p(full(&before)), p(full(&after)));
        kept_equals_full(&[before.clone(), after, before]);
    }

    /// An enum's values are read by every table whose column has its type.
    #[test]
    fn a_changed_enum_reprints_the_tables_that_use_it() {
        let before = "CREATE TYPE mood AS ENUM ('sad', 'ok');
                      CREATE TABLE person (id int PRIMARY KEY, current mood);";
        let after = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
                     CREATE TABLE person (id int PRIMARY KEY, current mood);";
        kept_equals_full(&[model(before), model(after), model(before)]);
    }

    /// A cache told what edits change compares only those tables, and gives what a full
    /// generation gives; told nothing (`None`), it compares everything.
    #[test]
    fn a_told_cache_compares_the_tables_it_was_told_of() {
        let before = model(
            "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, n int);",
        );
        let mut after = before.clone();
        after.tables[1].columns[1].name = "m".into();
        let d = dialect_for(Dialect::Postgres);
        let options = DdlOptions::default();
        let cache = DdlCache::default();
        cache.generate(&before, d.as_ref(), &options);
        cache.changed(Some(&[after.tables[1].id]));
        assert_eq!(
            cache.generate(&after, d.as_ref(), &options),
            generate(&after, d.as_ref(), &options)
        );
        cache.changed(None);
        assert_eq!(
            cache.generate(&before, d.as_ref(), &options),
            generate(&before, d.as_ref(), &options)
        );
    }

    /// Where the hint is wrong (a change the edits did not tell), builds with debug
    /// assertions (every test build) stop at once: the hint is checked wherever it is used.
    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "the edits' hint missed a change")]
    fn a_wrong_hint_is_caught_in_tests() {
        let before = model("CREATE TABLE a (id int PRIMARY KEY, n int);");
        let mut after = before.clone();
        after.tables[0].columns[1].name = "m".into();
        let d = dialect_for(Dialect::Postgres);
        let cache = DdlCache::default();
        cache.generate(&before, d.as_ref(), &DdlOptions::default());
        cache.changed(Some(&[]));
        cache.generate(&before, d.as_ref(), &DdlOptions::default());
        cache.changed(Some(&[]));
        cache.generate(&after, d.as_ref(), &DdlOptions::default());
    }

    /// A cache is derived data: a project's clone starts without it, and it never makes two
    /// projects unequal.
    #[test]
    fn a_cache_is_not_part_of_what_a_project_is() {
        let m = model("CREATE TABLE t (id int PRIMARY KEY);");
        let filled = DdlCache::default();
        let d = dialect_for(Dialect::Postgres);
        filled.generate(&m, d.as_ref(), &DdlOptions::default());
        assert_eq!(filled, DdlCache::default());
        assert!(filled.clone().0.lock().is_ok_and(|c| c.kept.is_empty()));
        assert!(filled.0.lock().is_ok_and(|c| c.kept.len() == 1));
    }
}
