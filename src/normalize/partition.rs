//! Stripped partitions, the data structure of TANE: the rows grouped by their values on a
//! set of columns, without the groups of one row. A dependency `X -> A` holds exactly when
//! no group of `X`'s partition holds two values of `A`.

/// Row groups of two or more rows, stored flat: group `i` is
/// `rows[starts[i]..starts[i + 1]]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Partition {
    rows: Vec<u32>,
    starts: Vec<u32>,
}

impl Partition {
    /// The partition of one column, given each row's value id (`values[row]`).
    pub fn of_column(values: &[u32]) -> Partition {
        let distinct = values.iter().max().map_or(0, |&m| m as usize + 1);
        let mut counts = vec![0u32; distinct + 1];
        for &v in values {
            counts[v as usize + 1] += 1;
        }
        // Counting sort by value, then keep the values seen twice or more.
        let mut offsets = counts.clone();
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut sorted = vec![0u32; values.len()];
        for (row, &v) in values.iter().enumerate() {
            let at = &mut offsets[v as usize];
            sorted[*at as usize] = row as u32;
            *at += 1;
        }
        let mut partition = Partition::default();
        let mut at = 0usize;
        for &count in &counts[1..] {
            let count = count as usize;
            if count >= 2 {
                partition.push(&sorted[at..at + count]);
            }
            at += count;
        }
        partition
    }

    /// The partition of no columns: every row in one group.
    pub fn all_rows(rows: usize) -> Partition {
        let mut partition = Partition::default();
        if rows >= 2 {
            let all: Vec<u32> = (0..rows as u32).collect();
            partition.push(&all);
        }
        partition
    }

    fn push(&mut self, group: &[u32]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.rows.extend_from_slice(group);
        self.starts.push(self.rows.len() as u32);
    }

    /// The numbers it stores, for a bound on a search's memory.
    pub fn cells(&self) -> usize {
        self.rows.len() + self.starts.len()
    }

    pub fn groups(&self) -> impl Iterator<Item = &[u32]> {
        self.starts
            .windows(2)
            .map(|w| &self.rows[w[0] as usize..w[1] as usize])
    }

    pub fn group_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// TANE's error measure: rows in groups minus groups. Equal for `X` and `X ∪ {A}`
    /// exactly when `X -> A` holds; zero exactly when `X` is a key.
    pub fn error(&self) -> usize {
        self.rows.len() - self.group_count()
    }

    pub fn is_key(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether every group agrees on `values` (a column's value ids): `X -> A`.
    pub fn refines(&self, values: &[u32]) -> bool {
        self.groups().all(|g| {
            let first = values[g[0] as usize];
            g.iter().all(|&r| values[r as usize] == first)
        })
    }

    /// The partition of the union of two column sets, from theirs, in time linear in
    /// their sizes; `scratch` is reused between calls (it must hold one slot per row).
    pub fn product(&self, other: &Partition, scratch: &mut Scratch) -> Partition {
        let mut result = Partition::default();
        for (i, g) in self.groups().enumerate() {
            for &r in g {
                scratch.group_of[r as usize] = i as u32;
            }
        }
        if scratch.buckets.len() < self.group_count() {
            scratch.buckets.resize_with(self.group_count(), Vec::new);
        }
        for g in other.groups() {
            for &r in g {
                let i = scratch.group_of[r as usize];
                if i != NONE {
                    scratch.buckets[i as usize].push(r);
                }
            }
            for &r in g {
                let i = scratch.group_of[r as usize];
                if i != NONE {
                    let bucket = &mut scratch.buckets[i as usize];
                    if bucket.len() >= 2 {
                        result.push(bucket);
                    }
                    bucket.clear();
                }
            }
        }
        for g in self.groups() {
            for &r in g {
                scratch.group_of[r as usize] = NONE;
            }
        }
        result
    }
}

const NONE: u32 = u32::MAX;

/// Working memory for [`Partition::product`].
pub struct Scratch {
    group_of: Vec<u32>,
    buckets: Vec<Vec<u32>>,
}

impl Scratch {
    pub fn new(rows: usize) -> Scratch {
        Scratch {
            group_of: vec![NONE; rows],
            buckets: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(p: &Partition) -> Vec<Vec<u32>> {
        let mut g: Vec<Vec<u32>> = p
            .groups()
            .map(|g| {
                let mut g = g.to_vec();
                g.sort();
                g
            })
            .collect();
        g.sort();
        g
    }

    #[test]
    fn a_product_is_the_partition_of_both_columns() {
        let a = [0, 0, 0, 1, 1, 2];
        let b = [0, 0, 1, 1, 1, 1];
        let pa = Partition::of_column(&a);
        let pb = Partition::of_column(&b);
        assert_eq!(groups(&pa), vec![vec![0, 1, 2], vec![3, 4]]);
        assert_eq!(pa.error(), 3);
        let mut scratch = Scratch::new(a.len());
        let ab = pa.product(&pb, &mut scratch);
        assert_eq!(groups(&ab), vec![vec![0, 1], vec![3, 4]]);
        // The scratch is clean for the next product.
        assert_eq!(
            groups(&pb.product(&pa, &mut scratch)),
            vec![vec![0, 1], vec![3, 4]]
        );
        assert!(!pa.refines(&b));
        assert!(ab.refines(&a));
        assert!(Partition::of_column(&[0, 1, 2]).is_key());
        assert_eq!(Partition::all_rows(4).error(), 3);
    }
}
