//! The normalization engine against brute force and its own guarantees, on random schemas
//! and random tables (proptest from a fixed seed, so every run draws the same cases).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

use schemaforge::normalize::closure::{closure, equivalent, minimal_cover, project};
use schemaforge::normalize::decompose::{
    decompose_bcnf, is_lossless, preserves_dependencies, synthesize_3nf,
};
use schemaforge::normalize::discover::{discover, Bounds};
use schemaforge::normalize::keys::{candidate_keys, MAX_KEYS};
use schemaforge::normalize::normal_form::{analyze, NormalForm};
use schemaforge::normalize::partition::{Partition, Scratch};
use schemaforge::normalize::sample::SampleBuilder;
use schemaforge::normalize::{AttrSet, Fd};

fn subsets(universe: AttrSet) -> Vec<AttrSet> {
    let members: Vec<usize> = universe.iter().collect();
    (0u32..1 << members.len())
        .map(|mask| {
            AttrSet::of(
                members
                    .iter()
                    .enumerate()
                    .filter(|(b, _)| mask & (1 << b) != 0)
                    .map(|(_, &a)| a),
            )
        })
        .collect()
}

/// A schema of 1 to 7 columns and up to 8 dependencies.
fn schema() -> impl Strategy<Value = (AttrSet, Vec<Fd>)> {
    (1usize..=7).prop_flat_map(|n| {
        let side = proptest::bits::u8::between(0, n)
            .prop_map(|b| AttrSet::of((0..8).filter(move |i| b & (1 << i) != 0)));
        let fd = (side.clone(), side).prop_map(|(l, r)| Fd::new(l, r));
        (Just(AttrSet::first(n)), proptest::collection::vec(fd, 0..8))
    })
}

/// 512 cases from one fixed seed.
fn fixed() -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: 512,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x0f_d5),
        ..proptest::test_runner::Config::default()
    }
}

proptest! {
    #![proptest_config(fixed())]

    #[test]
    fn candidate_keys_equal_brute_force((universe, fds) in schema()) {
        let superkey = |x: AttrSet| universe.is_subset(closure(x, &fds));
        let all = subsets(universe);
        let mut brute: Vec<AttrSet> = all
            .iter()
            .copied()
            .filter(|&x| superkey(x) && x.iter().all(|a| !superkey(x.without(a))))
            .collect();
        brute.sort_by_key(|k| (k.len(), *k));
        let keys = candidate_keys(universe, &fds, MAX_KEYS);
        prop_assert!(keys.complete);
        prop_assert_eq!(keys.keys, brute);
    }

    #[test]
    fn a_minimal_cover_is_equivalent_and_minimal((_, fds) in schema()) {
        let cover = minimal_cover(&fds);
        prop_assert!(equivalent(&cover, &fds));
        for (i, fd) in cover.iter().enumerate() {
            prop_assert_eq!(fd.rhs.len(), 1);
            let others: Vec<Fd> = cover.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, f)| *f).collect();
            prop_assert!(!fd.rhs.is_subset(closure(fd.lhs, &others)), "redundant {:?}", fd);
            for a in fd.lhs.iter() {
                prop_assert!(!fd.rhs.is_subset(closure(fd.lhs.without(a), &cover)), "extraneous {} in {:?}", a, fd);
            }
        }
    }

    #[test]
    fn synthesis_is_lossless_preserving_and_in_3nf((universe, fds) in schema()) {
        let parts = synthesize_3nf(universe, &fds);
        prop_assert!(is_lossless(universe, &parts, &fds), "lossy: {:?}", parts);
        prop_assert!(preserves_dependencies(&parts, &fds), "loses a dependency: {:?}", parts);
        let covered = parts.iter().fold(AttrSet::EMPTY, |u, p| u | *p);
        prop_assert_eq!(covered, universe);
        for part in &parts {
            let local = project(&fds, *part, 16).expect("small");
            prop_assert!(analyze(*part, &local).form >= NormalForm::Third, "{:?} not in 3NF", part);
        }
    }

    #[test]
    fn bcnf_decomposition_is_lossless_and_in_bcnf((universe, fds) in schema()) {
        let parts = decompose_bcnf(universe, &fds, 16).expect("small");
        prop_assert!(is_lossless(universe, &parts, &fds), "lossy: {:?}", parts);
        for part in &parts {
            let local = project(&fds, *part, 16).expect("small");
            prop_assert_eq!(analyze(*part, &local).form, NormalForm::BoyceCodd, "{:?}", part);
        }
    }

    #[test]
    fn the_normal_form_matches_its_definition((universe, fds) in schema()) {
        let a = analyze(universe, &fds);
        let implied: Vec<Fd> = subsets(universe)
            .into_iter()
            .flat_map(|x| {
                let c = closure(x, &fds) & universe;
                c.minus(x).iter().map(move |b| Fd::new(x, AttrSet::single(b))).collect::<Vec<_>>()
            })
            .collect();
        let superkey = |x: AttrSet| universe.is_subset(closure(x, &fds));
        let keys = &a.keys.keys;
        let prime = a.prime;
        let bcnf = implied.iter().all(|fd| superkey(fd.lhs));
        let third = implied.iter().all(|fd| superkey(fd.lhs) || fd.rhs.is_subset(prime));
        let second = implied.iter().all(|fd| {
            fd.rhs.is_subset(prime) || !keys.iter().any(|k| fd.lhs.is_subset(*k) && fd.lhs != *k)
        });
        let expected = if bcnf {
            NormalForm::BoyceCodd
        } else if third {
            NormalForm::Third
        } else if second {
            NormalForm::Second
        } else {
            NormalForm::First
        };
        prop_assert_eq!(a.form, expected);
        if let Some(v) = a.violation {
            prop_assert!(v.fd.rhs.is_subset(closure(v.fd.lhs, &fds)), "the violation holds");
        }
    }

    #[test]
    fn discovery_finds_exactly_the_minimal_dependencies_of_random_rows(
        rows in proptest::collection::vec(proptest::collection::vec(0u8..3, 5), 0..25),
        width in 1usize..=5,
    ) {
        let names: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
        let mut builder = SampleBuilder::new(names);
        let text: Vec<Vec<String>> = rows.iter().map(|r| r[..width].iter().map(|v| v.to_string()).collect()).collect();
        for r in &text {
            builder.push(r.iter().map(|v| Some(v.as_str())));
        }
        let sample = builder.finish();
        let d = discover(&sample, Bounds::default(), |_| true).expect("runs");
        let universe = AttrSet::first(width);
        let holds = |x: AttrSet, a: usize| {
            let mut seen = std::collections::HashMap::new();
            text.iter().all(|r| {
                let key: Vec<&String> = x.iter().map(|i| &r[i]).collect();
                seen.entry(key).or_insert(&r[a]) == &&r[a]
            })
        };
        let mut brute = Vec::new();
        for a in 0..width {
            for x in subsets(universe.without(a)) {
                if holds(x, a) && x.iter().all(|b| !holds(x.without(b), a)) {
                    brute.push(Fd::new(x, AttrSet::single(a)));
                }
            }
        }
        brute.sort_by_key(|fd| (fd.rhs, fd.lhs.len(), fd.lhs));
        prop_assert_eq!(&d.dependencies, &brute);
        // Keys: minimal sets with no two rows alike.
        let distinct = |x: AttrSet| {
            let mut seen = std::collections::HashSet::new();
            text.iter().all(|r| seen.insert(x.iter().map(|i| r[i].clone()).collect::<Vec<_>>()))
        };
        let mut keys: Vec<AttrSet> = subsets(universe)
            .into_iter()
            .filter(|&x| distinct(x) && x.iter().all(|b| !distinct(x.without(b))))
            .collect();
        keys.sort_by_key(|k| (k.len(), *k));
        prop_assert_eq!(&d.candidate_keys, &keys);
    }
}

/// Rows grouped by their values on `columns`, brute force: groups of two or more, sorted.
fn grouped(columns: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let mut by: std::collections::BTreeMap<Vec<u32>, Vec<u32>> = Default::default();
    for r in 0..columns[0].len() {
        let key = columns.iter().map(|c| c[r]).collect();
        by.entry(key).or_default().push(r as u32);
    }
    let mut g: Vec<Vec<u32>> = by.into_values().filter(|g| g.len() >= 2).collect();
    g.sort();
    g
}

proptest! {
    #![proptest_config(fixed())]

    /// Refining a column's partition by one column after another groups rows exactly as
    /// their values on all of them do (groups of two rows take a short path; larger ones
    /// are counted), and the error measure and key test follow.
    #[test]
    fn refinements_group_rows_by_all_their_values(
        columns in prop::collection::vec(prop::collection::vec(0u32..4, 12), 1..5),
    ) {
        let mut scratch = Scratch::new(columns[0].len());
        let mut p = Partition::of_column(&columns[0]);
        for c in &columns[1..] {
            p = p.refine(c, &mut scratch);
        }
        let mut groups: Vec<Vec<u32>> = p.groups().map(<[u32]>::to_vec).collect();
        groups.iter_mut().for_each(|g| g.sort());
        groups.sort();
        let brute = grouped(&columns);
        let error: usize = brute.iter().map(|g| g.len() - 1).sum();
        prop_assert_eq!(&groups, &brute);
        prop_assert_eq!(p.error(), error);
        prop_assert_eq!(p.is_key(), brute.is_empty());
    }
}
