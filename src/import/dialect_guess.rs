//! Which SQL dialect a script is written in, found by trying: the script (or, for a big one,
//! a bounded sample of its statements) is imported in every dialect, and the dialect that
//! reads it best wins. Marks of each dialect (`ENGINE=`, `GO`, `AUTOINCREMENT`) only break
//! ties, because real files mix them: a SQLite schema with `INTEGER UNSIGNED`, a MySQL dump
//! with `#` comments and `USE db`.

use crate::import::detect::marker_scores;
use crate::import::sql::{import_sql, SqlImport, SqlImporter};
use crate::model::{Dialect, Model};

/// Above this many bytes only the first statements, up to about this much text, are tried.
/// The three losing trials are work thrown away, so this bounds it: 64 KiB holds a few
/// hundred statements, plenty to tell the dialects apart (the winner's trial goes on).
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// How one dialect read the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialectTrial {
    pub dialect: Dialect,
    /// Statements the parser rejected.
    pub errors: usize,
    /// Tables, columns, keys, indexes, views, routines and types the import produced.
    pub objects: usize,
    pub tables: usize,
    pub foreign_keys: usize,
    /// The weight of the dialect's marks in the text (see `detect`).
    pub marks: u32,
}

/// The outcome of trying every dialect: the trials best first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialectGuess {
    pub trials: Vec<DialectTrial>,
    /// Whether only a sample of a big script was tried.
    pub sampled: bool,
}

impl DialectGuess {
    pub fn chosen(&self) -> Dialect {
        self.trials.first().map_or(Dialect::Postgres, |t| t.dialect)
    }

    /// True when the two best dialects read the script about equally well and its marks do
    /// not clearly tell them apart: the user should choose.
    pub fn is_close(&self) -> bool {
        let [best, second, ..] = self.trials.as_slice() else {
            return false;
        };
        let similar_reading =
            best.errors == second.errors && second.objects * 10 >= best.objects * 9;
        // A text that gives nothing in any dialect leaves nothing to choose between.
        best.objects > 0 && similar_reading && best.marks < second.marks + 5
    }

    /// One sentence on why the chosen dialect won, for the command line and the dialog.
    pub fn reason(&self) -> String {
        let [best, rest @ ..] = self.trials.as_slice() else {
            return "nothing to read: PostgreSQL".to_string();
        };
        let tried = Dialect::ALL
            .iter()
            .filter(|d| self.trials.iter().any(|t| t.dialect == **d))
            .map(|d| d.name())
            .collect::<Vec<_>>()
            .join(", ");
        let why = match rest.first() {
            None => String::new(),
            Some(second) if best.errors < second.errors => format!(
                "fewest parse errors ({} against {} for {})",
                best.errors, second.errors, second.dialect
            ),
            Some(second) if best.objects > second.objects => format!(
                "most objects read ({} against {} for {})",
                best.objects, second.objects, second.dialect
            ),
            Some(second) if best.marks > second.marks => format!(
                "read as well by {}, and its marks weigh {} against {}",
                second.dialect, best.marks, second.marks
            ),
            Some(second) => format!("read as well by {}; first in order", second.dialect),
        };
        let sample = if self.sampled {
            " on a sample of the first statements"
        } else {
            ""
        };
        let close = if self.is_close() {
            "; close call, choose a dialect if this is wrong"
        } else {
            ""
        };
        format!(
            "{} ({} parse errors, {} tables, {} foreign keys): {why} (tried {tried}{sample}){close}",
            best.dialect, best.errors, best.tables, best.foreign_keys
        )
    }
}

/// Imports `text` in every dialect and ranks them: fewest errors, then most objects, then
/// the heaviest marks, then the order of `Dialect::ALL`.
///
/// # Complexity
/// Four imports of at most about [`SAMPLE_BYTES`] (a statement is never cut).
pub fn guess_dialect(text: &str) -> DialectGuess {
    trials(text).0
}

/// [`guess_dialect`], with the text imported in the winning dialect. The winner's trial is
/// carried on rather than started again, so opening a file reads no statement twice.
pub fn try_dialects(text: &str) -> (DialectGuess, SqlImport) {
    let (guess, winner) = trials(text);
    let import = match winner {
        Trial::Finished(import) => *import,
        Trial::Going(importer) => importer.finish(),
    };
    (guess, import)
}

/// One dialect's trial: the whole text read, or an importer stopped after the sample, which
/// the winner's caller carries on (at once, or a slice at a time).
pub enum Trial<'a> {
    Finished(Box<SqlImport>),
    Going(Box<SqlImporter<'a>>),
}

/// The guess, and the winner's trial.
pub fn trials(text: &str) -> (DialectGuess, Trial<'_>) {
    let marks = marker_scores(text);
    let mut sampled = false;
    let mut tried: Vec<(DialectTrial, Trial)> = Dialect::ALL
        .iter()
        .enumerate()
        .map(|(i, &dialect)| {
            let mut importer = SqlImporter::new(text, dialect);
            let (trial, import) = if importer.step(SAMPLE_BYTES).is_complete() {
                let import = importer.finish();
                (
                    trial_of(dialect, &import, marks[i]),
                    Trial::Finished(Box::new(import)),
                )
            } else {
                sampled = true;
                let so_far = importer.import_so_far();
                (
                    trial_of(dialect, &so_far, marks[i]),
                    Trial::Going(Box::new(importer)),
                )
            };
            (trial, import)
        })
        .collect();
    tried.sort_by_key(|(t, _)| {
        (
            t.errors,
            std::cmp::Reverse(t.objects),
            std::cmp::Reverse(t.marks),
        )
    });
    let (trials, mut imports): (Vec<DialectTrial>, Vec<Trial>) = tried.into_iter().unzip();
    // Four dialects were tried, so there is a winner; an empty list cannot happen.
    let winner = if imports.is_empty() {
        Trial::Finished(Box::new(import_sql(text, Dialect::Postgres)))
    } else {
        imports.swap_remove(0)
    };
    (DialectGuess { trials, sampled }, winner)
}

fn trial_of(dialect: Dialect, import: &SqlImport, marks: u32) -> DialectTrial {
    DialectTrial {
        dialect,
        errors: import.report.errors().count(),
        objects: object_count(&import.model),
        tables: import.model.tables.len(),
        foreign_keys: import
            .model
            .tables
            .iter()
            .map(|t| t.foreign_keys.len())
            .sum(),
        marks,
    }
}

fn object_count(model: &Model) -> usize {
    let per_table: usize = model
        .tables
        .iter()
        .map(|t| {
            1 + t.columns.len()
                + usize::from(t.primary_key.is_some())
                + t.uniques.len()
                + t.checks.len()
                + t.foreign_keys.len()
                + t.indexes.len()
        })
        .sum();
    per_table
        + model.enums.len()
        + model.domains.len()
        + model.sequences.len()
        + model.views.len()
        + model.routines.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_every_dialect_reads_alike_is_decided_by_marks() {
        let guess = guess_dialect("CREATE TABLE a (id int);");
        assert!(guess.trials.iter().all(|t| t.errors == 0 && t.tables == 1));
        assert_eq!(guess.chosen(), Dialect::Postgres);
        assert!(guess.is_close(), "{guess:?}");
        assert!(guess
            .reason()
            .contains("tried postgres, mysql, sqlite, mssql"));
    }

    #[test]
    fn nothing_read_is_no_close_call() {
        for text in ["", "   \n", "-- only a comment\n"] {
            assert!(!guess_dialect(text).is_close(), "{text:?}");
        }
    }

    #[test]
    fn the_winners_import_is_kept_when_the_whole_text_was_tried() {
        let text = "CREATE TABLE `t` (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;";
        let (guess, import) = try_dialects(text);
        assert_eq!(guess.chosen(), Dialect::Mysql);
        assert_eq!(import, import_sql(text, Dialect::Mysql));
    }

    #[test]
    fn a_big_script_is_tried_on_a_sample() {
        let table = "CREATE TABLE `t` (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;\n";
        let text = table.repeat(SAMPLE_BYTES / table.len() + 100);
        let guess = guess_dialect(&text);
        assert!(guess.sampled);
        assert_eq!(guess.chosen(), Dialect::Mysql);
        assert!(guess.reason().contains("on a sample"));
        // The winner's trial goes on past the sample: the import is the whole text's.
        let (_, import) = try_dialects(&text);
        assert_eq!(import, import_sql(&text, Dialect::Mysql));
        assert!(import.model.tables.len() == 1 && import.report.statements > 1000);
    }

    #[test]
    fn the_winners_trial_stops_after_the_sample_and_carries_on_from_there() {
        let table = "CREATE TABLE `t` (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;\n";
        let text = table.repeat(3 * SAMPLE_BYTES / table.len());
        let (guess, trial) = trials(&text);
        assert_eq!(guess.chosen(), Dialect::Mysql);
        let Trial::Going(importer) = trial else {
            panic!("a script past the sample is not read whole by its trial");
        };
        let stopped = importer.progress().done;
        assert!(
            (SAMPLE_BYTES..SAMPLE_BYTES + table.len()).contains(&stopped),
            "stopped at {stopped}"
        );
        assert_eq!(importer.finish(), import_sql(&text, Dialect::Mysql));
        // A script within the sample is read whole by every trial.
        assert!(matches!(trials(table).1, Trial::Finished(_)));
    }
}
