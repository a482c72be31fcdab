//! The engine on a small catalogue: each way people type Chinese finds the
//! item, identifiers come first, filters and paging.

use chrono::NaiveDate;
use gongkai_search::{SearchDoc, SearchIndex, SearchRequest, Sort};

fn doc(id: u64, agency_path: &[i64], title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        id,
        agency_path: agency_path.to_vec(),
        agency_name: format!("机构{}", agency_path.last().unwrap()),
        title: title.into(),
        summary: String::new(),
        body: body.into(),
        keywords: vec![],
        issuers: vec![],
        document_number: None,
        index_number: Some(format!("119901219482199390/2025-{id:05}")),
        published_on: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(id),
        article20: None,
        topic: None,
        validity: "in_force".into(),
        url: format!("/items/{id}"),
    }
}

/// Province 1 → city 2 → county 3; a second city 4.
fn catalogue() -> SearchIndex {
    let index = SearchIndex::in_ram().unwrap();
    let mut docs = vec![
        doc(
            1,
            &[1],
            "江南省2025年部门预算公开",
            "省财政厅部门预算及说明。",
        ),
        doc(
            2,
            &[1, 2],
            "青山市关于加强环境保护督察整改的通知",
            "各区县要落实督察整改责任。",
        ),
        doc(
            3,
            &[1, 2, 3],
            "白沙縣養老服務補貼發放辦法",
            "為進一步做好養老服務工作，制定本辦法。",
        ),
        doc(
            4,
            &[1, 4],
            "行政处罚决定书",
            "当事人违反道路运输管理规定，依法给予行政处罚。",
        ),
        doc(
            5,
            &[1, 2, 3],
            "２０２３年第４季度政府信息公开工作情况",
            "本季度主动公开信息１２０条。",
        ),
        doc(
            6,
            &[1, 4],
            "关于农村公路养护工作的通知",
            "做好农村公路日常养护。",
        ),
        doc(
            7,
            &[1, 2],
            "公路建设情况",
            "农村地区的公路正在养护中，另有建设计划。",
        ),
    ];
    let mut numbered = doc(
        8,
        &[1],
        "国务院办公厅关于推进政府信息公开的意见",
        "全文略。",
    );
    numbered.document_number = Some("国办发〔2017〕47号".into());
    docs.push(numbered);
    let mut citing = doc(
        9,
        &[1, 2],
        "转发国办发〔2017〕47号文件的通知",
        "请认真贯彻执行国办发〔2017〕47号文件。",
    );
    citing.document_number = Some("青政办发〔2017〕3号".into());
    docs.push(citing);
    let mut w = index.writer().unwrap();
    for d in &docs {
        w.upsert(d).unwrap();
    }
    w.commit(9).unwrap();
    drop(w);
    index
}

fn ids(index: &SearchIndex, text: &str) -> Vec<u64> {
    index
        .search(&SearchRequest::text(text))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn traditional_query_finds_simplified_text_and_the_reverse() {
    assert_eq!(ids(&catalogue(), "環境保護督察"), vec![2]);
    assert_eq!(ids(&catalogue(), "养老服务补贴"), vec![3]);
}

#[test]
fn full_width_and_half_width_digits_match_each_other() {
    let index = catalogue();
    assert_eq!(ids(&index, "2023年第4季度"), vec![5]);
    assert_eq!(ids(&index, "２０２３年"), vec![5]);
}

#[test]
fn two_character_words_are_found_inside_longer_words() {
    let index = catalogue();
    assert_eq!(ids(&index, "预算"), vec![1]);
    let mut p = ids(&index, "处罚");
    p.sort();
    assert_eq!(p, vec![4]);
    let mut g = ids(&index, "公开");
    g.sort();
    assert_eq!(g, vec![1, 5, 8]);
}

#[test]
fn a_document_number_in_every_bracket_style_finds_its_item_first() {
    let index = catalogue();
    for typed in [
        "国办发〔2017〕47号",
        "国办发[2017]47号",
        "国办发(2017)47号",
        "国办发（2017）47号",
        "国办发【2017】47号",
    ] {
        let found = ids(&index, typed);
        assert_eq!(found.first(), Some(&8), "{typed}: {found:?}");
        // The document citing it is found too, after it.
        assert!(found.contains(&9), "{typed}: {found:?}");
    }
}

#[test]
fn an_index_number_finds_its_item_first() {
    assert_eq!(
        ids(&catalogue(), "119901219482199390/2025-00006").first(),
        Some(&6)
    );
}

#[test]
fn a_quoted_phrase_matches_exactly() {
    let index = catalogue();
    // Both 6 and 7 have 农村, 公路 and 养护; only 6 has them together.
    let mut loose = ids(&index, "农村公路养护");
    loose.sort();
    assert_eq!(loose, vec![6, 7]);
    assert_eq!(ids(&index, "\"农村公路养护\""), vec![6]);
    assert_eq!(ids(&index, "“农村公路养护”"), vec![6]);
}

#[test]
fn an_agency_filter_takes_everything_below_it() {
    let index = catalogue();
    let under = |path: Vec<i64>| {
        let mut v: Vec<u64> = index
            .search(&SearchRequest {
                agency_path: Some(path),
                limit: 100,
                ..SearchRequest::default()
            })
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        v.sort();
        v
    };
    assert_eq!(under(vec![1, 2]), vec![2, 3, 5, 7, 9]);
    assert_eq!(under(vec![1, 2, 3]), vec![3, 5]);
    assert_eq!(under(vec![1]).len(), 9);
}

#[test]
fn facets_count_results_by_agency_and_year() {
    let index = catalogue();
    let r = index
        .search(&SearchRequest {
            facets: true,
            agency_path: Some(vec![1]),
            ..SearchRequest::default()
        })
        .unwrap();
    let f = r.facets.unwrap();
    // Below the province: city 2 has 2, 3 (in county 3), 5, 7, 9; city 4 has 4, 6.
    assert_eq!(f.agencies, vec![(2, 5), (4, 2)]);
    assert_eq!(f.years, vec![(2025, 9)]);
}

#[test]
fn every_result_can_be_paged_through_newest_first() {
    let index = catalogue();
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let page = index
            .search(&SearchRequest {
                sort: Sort::Newest,
                offset,
                limit: 4,
                ..SearchRequest::default()
            })
            .unwrap();
        assert_eq!(page.total, 9);
        if page.hits.is_empty() {
            break;
        }
        seen.extend(page.hits.iter().map(|h| h.id));
        offset += 4;
    }
    // Dates grow with the id in this catalogue.
    assert_eq!(seen, vec![9, 8, 7, 6, 5, 4, 3, 2, 1]);
}

#[test]
fn snippets_highlight_the_original_script() {
    let index = catalogue();
    let r = index.search(&SearchRequest::text("养老服务")).unwrap();
    // Words side by side are one mark.
    assert!(
        r.hits[0].title_html.contains("<mark>養老服務</mark>"),
        "{}",
        r.hits[0].title_html
    );
    assert!(
        r.hits[0].snippet_html.contains("<mark>"),
        "{}",
        r.hits[0].snippet_html
    );
}

#[test]
fn upsert_replaces_and_delete_removes() {
    let index = catalogue();
    let mut w = index.writer().unwrap();
    w.upsert(&doc(4, &[1, 4], "行政许可决定书", "准予许可。"))
        .unwrap();
    w.delete(1);
    w.commit(11).unwrap();
    drop(w);
    assert!(ids(&index, "处罚").is_empty());
    assert_eq!(ids(&index, "许可"), vec![4]);
    assert!(ids(&index, "预算").is_empty());
    assert_eq!(index.indexed_seq().unwrap(), 11);
}

#[test]
fn the_change_sequence_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        assert_eq!(index.indexed_seq().unwrap(), 0);
        let mut w = index.writer().unwrap();
        w.upsert(&doc(1, &[1], "部门预算", "")).unwrap();
        w.commit(42).unwrap();
    }
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    assert_eq!(index.indexed_seq().unwrap(), 42);
    assert_eq!(ids(&index, "预算"), vec![1]);
}

/// A match past the snippet window whose word's parts jieba emits before the
/// word itself (行政, 处罚, 行政处罚) once made the highlighter panic.
#[test]
fn snippets_of_matches_deep_in_the_body() {
    let index = SearchIndex::in_ram().unwrap();
    let body = format!(
        "{}为进一步加强安全生产工作，根据有关规定，结合本市实际，制定本办法。行政处罚决定书已送达。",
        "a".repeat(10)
    );
    let mut w = index.writer().unwrap();
    w.upsert(&doc(1, &[1], "安全生产管理办法", &body)).unwrap();
    w.upsert(&doc(
        2,
        &[1],
        "電動自行車充電管理",
        &format!("{}電動自行車充電設施", "说明。".repeat(40)),
    ))
    .unwrap();
    w.commit(2).unwrap();
    drop(w);
    let r = index.search(&SearchRequest::text("行政处罚")).unwrap();
    assert!(
        r.hits[0].snippet_html.contains("<mark>行政处罚</mark>"),
        "{}",
        r.hits[0].snippet_html
    );
    let r = index
        .search(&SearchRequest::text("電動自行車 充電"))
        .unwrap();
    assert_eq!(r.hits[0].id, 2);
}
