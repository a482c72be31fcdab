//! The vocabulary in searches: an abbreviation finds the full name, a
//! Taiwan/Hong Kong word the mainland one, an agency's group its terms;
//! quoted phrases stay exact; and the snippets around the matches.

use chrono::NaiveDate;
use gongkai_search::{SearchDoc, SearchIndex, SearchRequest, Vocabulary};

fn doc(id: u64, title: &str, summary: &str, body: &str) -> SearchDoc {
    SearchDoc {
        id,
        agency_path: vec![1, 2],
        agency_name: "白沙县交通运输局".into(),
        title: title.into(),
        summary: summary.into(),
        body: body.into(),
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

fn catalogue() -> SearchIndex {
    let index = SearchIndex::in_ram().unwrap();
    let docs = [
        doc(
            1,
            "白沙县网络预约出租汽车经营服务管理实施细则",
            "规范网络预约出租汽车经营服务行为。",
            "白沙县网络预约出租汽车经营服务管理实施细则\n第一条 为规范本县网络预约出租汽车经营服务，制定本细则。",
        ),
        doc(
            2,
            "2024年政府信息公开工作年度报告",
            "",
            "本机关全年主动公开政府信息120条。",
        ),
        doc(
            3,
            "白沙县城市公共交通运营服务考核办法",
            "",
            "对公共交通企业的运营服务进行年度考核。",
        ),
        doc(
            4,
            "关于调整县内客运班线的通告",
            "",
            "县内客运班线自3月起调整。",
        ),
    ];
    let mut w = index.writer().unwrap();
    for d in &docs {
        w.add(d).unwrap();
    }
    w.commit(1).unwrap();
    drop(w);
    index
}

fn ids(index: &SearchIndex, text: &str) -> Vec<u64> {
    let mut ids: Vec<u64> = index
        .search(&SearchRequest::text(text))
        .unwrap()
        .hits
        .iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn an_abbreviation_finds_the_full_name() {
    let index = catalogue();
    assert_eq!(ids(&index, "出租车"), vec![1]);
    assert_eq!(ids(&index, "网约车"), vec![1]);
    assert_eq!(ids(&index, "公交"), vec![3]);
    // With another word of the item, both are required.
    assert_eq!(ids(&index, "网约车 细则"), vec![1]);
    assert_eq!(ids(&index, "网约车 考核"), Vec::<u64>::new());
    let r = index.search(&SearchRequest::text("出租车")).unwrap();
    assert_eq!(r.expanded, vec!["出租汽车", "巡游出租汽车"]);
    // The alternative is what is highlighted.
    assert!(
        r.hits[0].title_html.contains("<mark>出租汽车</mark>"),
        "{}",
        r.hits[0].title_html
    );
}

#[test]
fn a_quoted_phrase_is_not_expanded() {
    let index = catalogue();
    let r = index.search(&SearchRequest::text("\"出租车\"")).unwrap();
    assert_eq!(r.total, 0);
    assert!(r.expanded.is_empty());
}

#[test]
fn taiwan_and_hong_kong_words_find_the_mainland_ones() {
    let index = catalogue();
    // 資訊 folds to 资讯, which no document has; as a Taiwan word it is 信息.
    assert_eq!(ids(&index, "資訊公開"), vec![2]);
    assert_eq!(
        index
            .search(&SearchRequest::text("資訊公開"))
            .unwrap()
            .expanded,
        vec!["信息"]
    );
    // 计程车 → 出租车 → 出租汽车; 公車 → 公交 → 公共交通.
    assert_eq!(ids(&index, "計程車"), vec![1]);
    assert_eq!(ids(&index, "公車"), vec![3]);
    // 资讯 typed in simplified is not a Taiwan word.
    assert_eq!(ids(&index, "资讯公开"), Vec::<u64>::new());
}

#[test]
fn an_agency_group_takes_effect_without_reindexing() {
    let index = catalogue();
    let request = SearchRequest::text("班车");
    assert_eq!(index.search(&request).unwrap().total, 0);
    let groups = vec![vec!["班车".to_string(), "客运班线".to_string()]];
    let r = index
        .search_with(&request, &Vocabulary::with_groups(&groups))
        .unwrap();
    assert_eq!(r.hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![4]);
    assert_eq!(r.expanded, vec!["客运班线"]);
}

#[test]
fn the_snippet_does_not_repeat_the_title() {
    let index = catalogue();
    let r = index.search(&SearchRequest::text("网约车")).unwrap();
    let snippet = &r.hits[0].snippet_html;
    // The summary, then the body's first article: the heading line that
    // repeats the title is left out, and both sentences fit whole.
    assert_eq!(
        snippet,
        "规范<mark>网络预约出租汽车</mark>经营服务行为。第一条 为规范本县<mark>网络预约出租汽车</mark>经营服务，制定本细则。"
    );
}

#[test]
fn a_long_body_is_cut_at_a_boundary_with_an_ellipsis() {
    let index = SearchIndex::in_ram().unwrap();
    let body = format!(
        "{}。本县渡口安全检查每月开展一次，{}，{}。",
        "为加强管理".repeat(10),
        "检查结果".repeat(12),
        "逐一整改".repeat(10)
    );
    let mut w = index.writer().unwrap();
    w.add(&doc(9, "渡口管理办法", "", &body)).unwrap();
    w.commit(1).unwrap();
    drop(w);
    let r = index.search(&SearchRequest::text("渡口安全")).unwrap();
    let snippet = &r.hits[0].snippet_html;
    // It starts at the sentence of the match, and ends after a comma's
    // clause, marked as cut.
    assert!(
        snippet.starts_with("本县<mark>渡口安全</mark>检查每月开展一次，"),
        "{snippet}"
    );
    assert!(snippet.ends_with("检查结果…"), "{snippet}");
}
