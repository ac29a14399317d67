//! Where a text view wrote each table: the byte ranges of the statements (SQL) or blocks
//! (DBML) that define it, add to it or index it. The importers record them as they read a
//! text and the printers as they write one, so a finding points at what the text says, not
//! at the first word that looks like its name. Within a statement, `rules::locate` finds the
//! exact name of a column, key or index among its tokens.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::ids::Id;

/// The statements each table was written in, in text order, by table id. Derived from the
/// text it came with: never saved, and ignored by `==` (two equal texts have equal spans).
/// Kept as one list in the order written (a printer adds thousands on every edit), indexed
/// by table on the first look-up.
#[derive(Clone, Debug, Default)]
pub struct TextSpans {
    added: Vec<(Id, Range<usize>)>,
    /// `added` sorted by table and then by place: the tables' ids, and the ranges beside.
    by_table: std::sync::OnceLock<(Vec<Id>, Vec<Range<usize>>)>,
}

impl TextSpans {
    /// Records that `range` of the text writes (part of) table `table`.
    pub fn add(&mut self, table: Id, range: Range<usize>) {
        if range.start < range.end {
            self.added.push((table, range));
            self.by_table = Default::default();
        }
    }

    /// The ranges of the statements that write `table`, in text order.
    pub fn statements(&self, table: Id) -> &[Range<usize>] {
        let (ids, ranges) = self.by_table.get_or_init(|| {
            let mut sorted = self.added.clone();
            sorted.sort_by_key(|(id, r)| (*id, r.start));
            sorted.into_iter().unzip()
        });
        let from = ids.partition_point(|id| *id < table);
        let to = ids.partition_point(|id| *id <= table);
        &ranges[from..to]
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
    }

    /// Gives the spans the ids of another numbering: `(old, new)` for each table (an import's
    /// own ids become the project's after reconcile). Tables without a pair are dropped.
    pub fn renumbered(self, pairs: impl IntoIterator<Item = (Id, Id)>) -> TextSpans {
        let new: FxHashMap<Id, Id> = pairs.into_iter().collect();
        TextSpans {
            added: self
                .added
                .into_iter()
                .filter_map(|(id, r)| Some((*new.get(&id)?, r)))
                .collect(),
            by_table: Default::default(),
        }
    }
}

impl PartialEq for TextSpans {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for TextSpans {}

impl TextSpans {
    /// Every table's ranges, sorted by id: what tests compare (`==` ignores spans).
    pub fn listed(&self) -> Vec<(Id, Vec<Range<usize>>)> {
        let mut ids: Vec<Id> = self.added.iter().map(|(id, _)| *id).collect();
        ids.sort();
        ids.dedup();
        ids.into_iter()
            .map(|id| (id, self.statements(id).to_vec()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_kept_in_order_and_renumbered() {
        let mut spans = TextSpans::default();
        spans.add(Id(1), 0..10);
        spans.add(Id(2), 10..20);
        spans.add(Id(1), 30..40);
        spans.add(Id(3), 5..5);
        assert_eq!(spans.statements(Id(1)), &[0..10, 30..40]);
        assert!(
            spans.statements(Id(3)).is_empty(),
            "an empty range is no statement"
        );
        let spans = spans.renumbered([(Id(1), Id(7)), (Id(2), Id(8))]);
        assert_eq!(spans.statements(Id(7)), &[0..10, 30..40]);
        assert_eq!(spans.statements(Id(8)).len(), 1);
        assert_eq!(spans.statements(Id(8)).first(), Some(&(10..20)));
        assert!(spans.statements(Id(1)).is_empty());
    }
}
