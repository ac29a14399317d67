//! One signal per key (a table's box, an edge), kept equal to a function of shared state.
//!
//! Leptos keeps a signal's subscribers in an ordered set, and removing one shifts the rest.
//! When every box of a 1,000-table diagram read the selection, the hovered table and the
//! diff marks directly, culling the boxes that a pan took off screen cost O(boxes²): over
//! half a second for one pan across the culling grid. Here each box reads only its own
//! entry, so dropping it is cheap, and a change of the shared state wakes only the boxes
//! whose entry changed.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use leptos::prelude::*;

/// Reads the shared state (tracked).
type Read<S> = Arc<dyn Fn() -> S + Send + Sync>;
/// One key's value from the shared state.
type ValueOf<S, K, V> = Arc<dyn Fn(&S, K) -> V + Send + Sync>;

/// `value_of(&state, key)` per key, as a signal per key that was read.
pub struct PerKey<K: 'static, V: 'static, S: 'static> {
    entries: StoredValue<HashMap<K, ArcRwSignal<V>>>,
    /// The shared state as last read, to give a new entry its value without reading it
    /// again (reading it can mean cloning a set of findings).
    state: StoredValue<Option<Arc<S>>>,
    read: StoredValue<Read<S>>,
    value_of: StoredValue<ValueOf<S, K, V>>,
}

impl<K: 'static, V: 'static, S: 'static> Clone for PerKey<K, V, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: 'static, V: 'static, S: 'static> Copy for PerKey<K, V, S> {}

impl<K, V, S> PerKey<K, V, S>
where
    K: Copy + Eq + Hash + Send + Sync + 'static,
    V: Clone + PartialEq + Send + Sync + 'static,
    S: Send + Sync + 'static,
{
    /// `read` takes the shared state (tracked: when what it reads changes, every entry is
    /// worked out again and only those that differ are set); `value_of` gives one key's
    /// value from it.
    pub fn new(
        read: impl Fn() -> S + Send + Sync + 'static,
        value_of: impl Fn(&S, K) -> V + Send + Sync + 'static,
    ) -> Self {
        let this = Self {
            entries: StoredValue::new(HashMap::new()),
            state: StoredValue::new(None),
            read: StoredValue::new(Arc::new(read)),
            value_of: StoredValue::new(Arc::new(value_of)),
        };
        Effect::new(move |_| {
            let state = Arc::new(this.read.with_value(|read| read()));
            this.state.set_value(Some(state.clone()));
            let value_of = this.value_of.get_value();
            let changed: Vec<(ArcRwSignal<V>, V)> = this.entries.with_value(|entries| {
                entries
                    .iter()
                    .filter_map(|(key, signal)| {
                        let value = value_of(&state, *key);
                        signal
                            .with_untracked(|old| *old != value)
                            .then(|| (signal.clone(), value))
                    })
                    .collect()
            });
            for (signal, value) in changed {
                signal.set(value);
            }
        });
        this
    }

    /// Forgets the keys `keep` turns down (tables no longer drawn), so that the entries, and
    /// the work of each update, stay the size of what is drawn rather than of every project
    /// opened since the page loaded. A key read again later gets a new entry.
    pub fn retain(&self, keep: impl Fn(&K) -> bool) {
        self.entries.update_value(|e| e.retain(|key, _| keep(key)));
    }

    /// The value for `key`, tracked: the caller re-runs when this key's value changes.
    pub fn get(&self, key: K) -> V {
        if let Some(signal) = self.entries.with_value(|e| e.get(&key).cloned()) {
            return signal.get();
        }
        let state = self.state.get_value().unwrap_or_else(|| {
            let state = Arc::new(untrack(|| self.read.with_value(|read| read())));
            self.state.set_value(Some(state.clone()));
            state
        });
        let value = self.value_of.with_value(|value_of| value_of(&state, key));
        let signal = ArcRwSignal::new(value);
        self.entries
            .update_value(|e| drop(e.insert(key, signal.clone())));
        signal.get()
    }
}
