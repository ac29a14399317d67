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
#[derive(Clone, Debug, Default)]
pub struct TextSpans {
    by_table: FxHashMap<Id, Vec<Range<usize>>>,
}

impl TextSpans {
    /// Records that `range` of the text writes (part of) table `table`.
    pub fn add(&mut self, table: Id, range: Range<usize>) {
        if range.start < range.end {
            self.by_table.entry(table).or_default().push(range);
        }
    }

    /// The ranges of the statements that write `table`, in text order.
    pub fn statements(&self, table: Id) -> &[Range<usize>] {
        self.by_table.get(&table).map_or(&[], Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.by_table.is_empty()
    }

    /// Gives the spans the ids of another numbering: `(old, new)` for each table (an import's
    /// own ids become the project's after reconcile). Tables without a pair are dropped.
    pub fn renumbered(self, pairs: impl IntoIterator<Item = (Id, Id)>) -> TextSpans {
        let mut by_table = self.by_table;
        let mut out = FxHashMap::default();
        for (old, new) in pairs {
            if let Some(ranges) = by_table.remove(&old) {
                out.insert(new, ranges);
            }
        }
        TextSpans { by_table: out }
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
        let mut all: Vec<_> = self
            .by_table
            .iter()
            .map(|(id, r)| (*id, r.clone()))
            .collect();
        all.sort_by_key(|(id, _)| *id);
        all
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
