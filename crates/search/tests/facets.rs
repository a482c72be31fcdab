//! The counts by agency on a hand-built tree: at every level, each child's
//! count is the number of results filtering by that child finds, and the
//! children's counts with the agency's own make the total.

use chrono::NaiveDate;
use gongkai_search::{SearchDoc, SearchIndex, SearchRequest};

fn doc(id: u64, agency_path: &[i64]) -> SearchDoc {
    SearchDoc {
        id,
        agency_path: agency_path.to_vec(),
        agency_name: format!("机构{}", agency_path.last().unwrap()),
        title: format!("农村公路养护通知第{id}号"),
        summary: String::new(),
        body: "做好农村公路养护工作。".into(),
        keywords: vec![],
        issuers: vec![],
        document_number: None,
        index_number: None,
        published_on: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
        article20: None,
        topic: None,
        validity: "in_force".into(),
        url: format!("/items/{id}"),
    }
}

/// Province 1 → city 2 → county 3 → bureau 4; city 5 beside city 2; a
/// second province 12 (an id that shares its first digit with 1).
///
/// Items: province 1: 1; city 2: 1; county 3: 1; bureau 4: 5; city 5: 2;
/// province 12: 3. Thirteen in all.
fn tree() -> SearchIndex {
    let index = SearchIndex::in_ram().unwrap();
    let mut paths: Vec<Vec<i64>> = vec![vec![1], vec![1, 2], vec![1, 2, 3]];
    paths.extend(std::iter::repeat_n(vec![1, 2, 3, 4], 5));
    paths.extend(std::iter::repeat_n(vec![1, 5], 2));
    paths.extend(std::iter::repeat_n(vec![12], 3));
    let mut w = index.writer().unwrap();
    for (i, p) in paths.iter().enumerate() {
        w.add(&doc(i as u64 + 1, p)).unwrap();
    }
    w.commit(1).unwrap();
    drop(w);
    index
}

fn request(agency_path: Option<Vec<i64>>) -> SearchRequest {
    SearchRequest {
        text: "农村公路".into(),
        agency_path,
        facets: true,
        ..SearchRequest::default()
    }
}

/// (children's counts sorted by id, the agency's own, the total).
fn level(index: &SearchIndex, path: Option<Vec<i64>>) -> (Vec<(i64, u64)>, u64, usize) {
    let r = index.search(&request(path)).unwrap();
    let f = r.facets.unwrap();
    let mut children = f.agencies;
    children.sort();
    (children, f.agency_own, r.total)
}

#[test]
fn every_level_counts_what_its_filter_finds() {
    let index = tree();
    // The roots: province 1 holds 10 items (1 + 1 + 1 + 5 + 2), province 12 three.
    assert_eq!(level(&index, None), (vec![(1, 10), (12, 3)], 0, 13));
    // Province 1: its own item, city 2 with 7 below it, city 5 with 2.
    assert_eq!(level(&index, Some(vec![1])), (vec![(2, 7), (5, 2)], 1, 10));
    assert_eq!(level(&index, Some(vec![1, 2])), (vec![(3, 6)], 1, 7));
    assert_eq!(level(&index, Some(vec![1, 2, 3])), (vec![(4, 5)], 1, 6));
    assert_eq!(level(&index, Some(vec![1, 2, 3, 4])), (vec![], 5, 5));
    assert_eq!(level(&index, Some(vec![12])), (vec![], 3, 3));

    // And the same relation checked generally: a child's count is the
    // total its own filter finds, at every level.
    let mut levels = vec![vec![]];
    while let Some(path) = levels.pop() {
        let filter = (!path.is_empty()).then(|| path.clone());
        let (children, own, total) = level(&index, filter);
        let sum: u64 = children.iter().map(|c| c.1).sum();
        assert_eq!(sum + own, total as u64, "{path:?}");
        for (child, count) in children {
            let mut below = path.clone();
            below.push(child);
            assert_eq!(
                level(&index, Some(below.clone())).2 as u64,
                count,
                "{below:?}"
            );
            levels.push(below);
        }
    }
}

#[test]
fn a_deep_item_and_its_parent_count_together_at_the_root() {
    // Five items at /1/2/3/4 and one at /1/2/3: tantivy's facet collector
    // showed 5 for /1 at the root.
    let index = SearchIndex::in_ram().unwrap();
    let mut w = index.writer().unwrap();
    for id in 1..=5 {
        w.add(&doc(id, &[1, 2, 3, 4])).unwrap();
    }
    w.add(&doc(6, &[1, 2, 3])).unwrap();
    w.commit(1).unwrap();
    drop(w);
    assert_eq!(level(&index, None), (vec![(1, 6)], 0, 6));
    assert_eq!(level(&index, Some(vec![1])), (vec![(2, 6)], 0, 6));
}

#[test]
fn counts_follow_updates_and_deletions() {
    let index = tree();
    let mut w = index.writer().unwrap();
    // Item 1 (province 1's own) moves to city 5; item 13 (province 12) goes.
    w.upsert(&doc(1, &[1, 5])).unwrap();
    w.delete(13);
    w.commit(2).unwrap();
    drop(w);
    assert_eq!(level(&index, None), (vec![(1, 10), (12, 2)], 0, 12));
    assert_eq!(level(&index, Some(vec![1])), (vec![(2, 7), (5, 3)], 0, 10));
}

#[test]
fn a_level_with_many_agencies_counts_each() {
    // Forty county departments under one government: department `c` has
    // `c % 3 + 1` items, so 2, 3 and 1 items in turn.
    let index = SearchIndex::in_ram().unwrap();
    let mut w = index.writer().unwrap();
    let mut id = 0;
    for c in 2..42i64 {
        for _ in 0..(c % 3 + 1) {
            id += 1;
            w.add(&doc(id, &[1, c])).unwrap();
        }
    }
    w.commit(1).unwrap();
    drop(w);
    let (children, own, total) = level(&index, Some(vec![1]));
    assert_eq!(children.len(), 40);
    assert_eq!(own, 0);
    for (c, n) in &children {
        assert_eq!(*n, (*c % 3 + 1) as u64, "department {c}");
    }
    // 14 departments with c % 3 == 2 (3 items), 13 with 0 (1), 13 with 1 (2).
    assert_eq!(total, 14 * 3 + 13 + 13 * 2);
}
