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

    /// The partition of `X ∪ {A}` from `X`'s and `A`'s value ids (`values[row]`): each group
    /// split by its rows' values, in time linear in this partition's size alone (TANE's
    /// product of two partitions reads both). `scratch` is reused between calls.
    pub fn refine(&self, values: &[u32], scratch: &mut Scratch) -> Partition {
        // Built in the scratch's memory, which stays in cache, and copied out once at its
        // size: no fresh memory is zeroed or grown.
        let out = &mut scratch.rows;
        let starts = &mut scratch.starts;
        starts.clear();
        starts.push(0);
        let mut end = 0usize;
        for g in self.groups() {
            if let [a, b] = *g {
                if values[a as usize] == values[b as usize] {
                    out[end] = a;
                    out[end + 1] = b;
                    end += 2;
                    starts.push(end as u32);
                }
                continue;
            }
            scratch.seen.clear();
            for &r in g {
                let v = values[r as usize];
                if scratch.count[v as usize] == 0 {
                    scratch.seen.push(v);
                }
                scratch.count[v as usize] += 1;
            }
            // One value (the group agrees on the column, as where a dependency holds): the
            // group stays whole. All different: nothing of it stays.
            if scratch.seen.len() <= 1 || scratch.seen.len() == g.len() {
                if scratch.seen.len() == 1 {
                    out[end..end + g.len()].copy_from_slice(g);
                    end += g.len();
                    starts.push(end as u32);
                }
                for &v in &scratch.seen {
                    scratch.count[v as usize] = 0;
                }
                continue;
            }
            // Each value seen twice or more gets the next block of rows.
            for &v in &scratch.seen {
                let v = v as usize;
                let count = scratch.count[v] as usize;
                if count >= 2 {
                    scratch.at[v] = end as u32;
                    end += count;
                    starts.push(end as u32);
                }
            }
            for &r in g {
                let v = values[r as usize] as usize;
                if scratch.count[v] >= 2 {
                    let at = &mut scratch.at[v];
                    out[*at as usize] = r;
                    *at += 1;
                }
            }
            for &v in &scratch.seen {
                scratch.count[v as usize] = 0;
            }
        }
        if end == 0 {
            return Partition::default();
        }
        Partition {
            rows: out[..end].to_vec(),
            starts: starts.clone(),
        }
    }
}

/// Working memory for [`Partition::refine`]: the partition being built; by value id, rows of
/// a group with the value and where the next of them goes; and the values the group holds.
pub struct Scratch {
    rows: Vec<u32>,
    starts: Vec<u32>,
    count: Vec<u32>,
    at: Vec<u32>,
    seen: Vec<u32>,
}

impl Scratch {
    pub fn new(rows: usize) -> Scratch {
        Scratch {
            rows: vec![0; rows],
            starts: Vec::new(),
            count: vec![0; rows + 1],
            at: vec![0; rows + 1],
            seen: Vec::new(),
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
    fn a_refinement_is_the_partition_of_both_columns() {
        let a = [0, 0, 0, 1, 1, 2];
        let b = [0, 0, 1, 1, 1, 1];
        let pa = Partition::of_column(&a);
        let pb = Partition::of_column(&b);
        assert_eq!(groups(&pa), vec![vec![0, 1, 2], vec![3, 4]]);
        assert_eq!(pa.error(), 3);
        let mut scratch = Scratch::new(a.len());
        let ab = pa.refine(&b, &mut scratch);
        assert_eq!(groups(&ab), vec![vec![0, 1], vec![3, 4]]);
        // The scratch is clean for the next one.
        assert_eq!(groups(&pb.refine(&a, &mut scratch)), groups(&ab));
        assert!(!pa.refines(&b));
        assert!(ab.refines(&a));
        assert!(Partition::of_column(&[0, 1, 2]).is_key());
        assert_eq!(Partition::all_rows(4).error(), 3);
        assert!(Partition::of_column(&[0, 1, 2])
            .refine(&[0, 0, 0], &mut scratch)
            .is_key());
    }
}
