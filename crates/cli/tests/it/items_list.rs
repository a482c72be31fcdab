//! The editor's list of items (信息列表, issue 19 item 3) over HTTP on both
//! backends: paged with the count, each filter, the search, the order both
//! ways, bad parameters refused in Chinese; and returned items flagged on
//! the editor's workbench with the reviewer's reason.
//!
//! The demo bureau gets 60 items 清单测试第i号通知 (i = 1…60), each written
//! through its history (so the store fills its columns from the events),
//! the last event of item i at 1,900,000,000 + 10·i s (2030, after the demo):
//!
//! - formed 2024-03-01 when i is a multiple of 4 (15 items), else 2025-03-01;
//!   文号 白交〔year〕i号;
//! - topic 工业、交通\公路 when i is a multiple of 5 (12), else 综合政务\政务公开;
//! - 第二十条 行政许可 when i is a multiple of 3 (20);
//! - i ≤ 50 published on 2030-01-02 with 索引号 …/2030-{i}, repealed when i
//!   is a multiple of 10 (5); items 1 and 2 were returned once before;
//! - 51…55 returned (已退回) with the reason 请补充第i号通知的附件;
//! - 56…60 drafts.

use chrono::{DateTime, NaiveDate};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{
    IndexNumber, ItemAction, ItemEventRecord, ItemForm, PublicationChannel,
};
use gongkai_store::{Agency, ItemSnapshot, NewItem};
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::requests::AGENCY;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The history of item `i`, as the module's comment describes it.
fn history(agency: &Agency, i: u32) -> Vec<ItemEventRecord> {
    let year = if i.is_multiple_of(4) { 2024 } else { 2025 };
    let metadata = ItemForm {
        title: format!("清单测试第{i}号通知"),
        summary: "用于检验信息列表的筛选和分页。".into(),
        issuers: "白沙县交通运输局".into(),
        document_number: format!("白交〔{year}〕{i}号"),
        formed_on: format!("{year}-03-01"),
        topic: if i.is_multiple_of(5) {
            "工业、交通\\公路".into()
        } else {
            "综合政务\\政务公开".into()
        },
        genre: "notice".into(),
        kind: "other".into(),
        article20: if i.is_multiple_of(3) {
            "licensing".into()
        } else {
            String::new()
        },
        attribute: "proactive".into(),
        scope: "public".into(),
        ..Default::default()
    }
    .validate()
    .expect("valid metadata");
    let submit = || ItemAction::Submitted {
        with_interpretation: None,
        no_interpretation_reason: None,
    };
    let mut actions = vec![ItemAction::Drafted { metadata }];
    if i <= 2 {
        actions.push(submit());
        actions.push(ItemAction::Refused {
            reason: "概述不完整".into(),
        });
    }
    if i <= 55 {
        actions.push(submit());
    }
    if (51..=55).contains(&i) {
        actions.push(ItemAction::Refused {
            reason: format!("请补充第{i}号通知的附件"),
        });
    }
    if i <= 50 {
        actions.push(ItemAction::Approved {
            review: "不涉密".into(),
        });
        actions.push(ItemAction::Published {
            date: day("2030-01-02"),
            index_number: IndexNumber::generate(&agency.profile.code, 2030, i),
            channels: vec![PublicationChannel::Website],
        });
    }
    if i <= 50 && i.is_multiple_of(10) {
        actions.push(ItemAction::Repealed {
            date: day("2030-01-03"),
            reason: "已被新文件替代".into(),
        });
    }
    let n = actions.len() as i64;
    let last = 1_900_000_000 + 10 * i64::from(i);
    actions
        .into_iter()
        .enumerate()
        .map(|(k, action)| ItemEventRecord {
            seq: k as u32 + 1,
            at: DateTime::from_timestamp(last - n + 1 + k as i64, 0).unwrap(),
            actor: Actor::Staff {
                id: 1,
                name: "张编辑".into(),
            },
            action,
            note: String::new(),
        })
        .collect()
}

fn item(agency: &Agency, i: u32) -> NewItem {
    let events = history(agency, i);
    let snapshot = ItemSnapshot::from_history(&events, &Calendar::vendored()).unwrap();
    NewItem {
        agency_id: agency.id,
        dedup_key: None,
        events,
        snapshot,
    }
}

/// The item numbers of the rows of the list, in order.
fn numbers(html: &str) -> Vec<u32> {
    let Some(start) = html.find("id=\"items\"") else {
        return Vec::new();
    };
    let body = &html[start..html[start..].find("</table>").unwrap() + start];
    body.split("清单测试第")
        .skip(1)
        .map(|r| r[..r.find('号').unwrap()].parse().unwrap())
        .collect()
}

/// "符合条件的信息 N 条" / "共有信息 N 条".
fn total(html: &str) -> u64 {
    let text = crate::requests::text_of(html, "items-total").expect("the count");
    text.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The "下一页" link, unescaped.
fn next(html: &str) -> Option<String> {
    let at = html.find("id=\"items-next\"")?;
    let tag = &html[html[..at].rfind("<a ")?..at];
    let href = tag.split("href=\"").nth(1)?;
    Some(
        href[..href.find('"')?]
            .replace("&#38;", "&")
            .replace("&amp;", "&"),
    )
}

async fn page(app: &TestApp, path: &str) -> String {
    let r = app.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

fn down(from: u32, to: u32, keep: impl Fn(u32) -> bool) -> Vec<u32> {
    (to..=from).rev().filter(|i| keep(*i)).collect()
}

on_both_backends!(the_editors_list_is_filtered_searched_and_paged);

async fn the_editors_list_is_filtered_searched_and_paged(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2030-03-01").spawn().await else {
        return;
    };
    let agency = app.store.agency_by_code(AGENCY).await.unwrap().unwrap();
    let items: Vec<NewItem> = (1..=60).map(|i| item(&agency, i)).collect();
    app.store.create_items(&items).await.unwrap();
    let editor = app.logged_in("editor").await;
    let ours = "/items?q=%E6%B8%85%E5%8D%95%E6%B5%8B%E8%AF%95"; // q=清单测试

    // All 60, last changed first: 60…11, then 10…1; the count on both pages.
    let html = page(&editor, ours).await;
    assert_eq!(total(&html), 60);
    assert_eq!(numbers(&html), down(60, 11, |_| true));
    let second = next(&html).expect("a second page");
    assert!(second.starts_with(&format!("{ours}&after=")), "{second}");
    let html = page(&editor, &second).await;
    assert_eq!(numbers(&html), down(10, 1, |_| true));
    assert_eq!(total(&html), 60);
    assert!(next(&html).is_none());
    // First changed first: 1…50, then 51…60.
    let html = page(&editor, &format!("{ours}&sort=old")).await;
    assert_eq!(numbers(&html), (1..=50).collect::<Vec<_>>());
    let html = page(&editor, &next(&html).expect("the rest")).await;
    assert_eq!(numbers(&html), (51..=60).collect::<Vec<_>>());

    // Each filter, with its count.
    for (query, expected) in [
        ("state=refused", down(55, 51, |_| true)),
        ("state=draft", down(60, 56, |_| true)),
        ("state=published", down(50, 1, |_| true)),
        ("year=2024", down(60, 1, |i| i.is_multiple_of(4))),
        ("item=licensing", down(60, 1, |i| i.is_multiple_of(3))),
        (
            "topic=industry_transport",
            down(60, 1, |i| i.is_multiple_of(5)),
        ),
        ("validity=repealed", vec![50, 40, 30, 20, 10]),
        // Returned: the five back with the editor, and 2 and 1 returned
        // once before their publication.
        ("returned=1", vec![55, 54, 53, 52, 51, 2, 1]),
        // Together: published, 2024, 工业、交通 — multiples of 20 up to 50.
        (
            "state=published&year=2024&topic=industry_transport",
            vec![40, 20],
        ),
    ] {
        let html = page(&editor, &format!("{ours}&{query}")).await;
        assert_eq!(numbers(&html), expected, "{query}");
        assert_eq!(total(&html), expected.len() as u64, "{query}");
    }
    // The search: by 文号 and by 索引号, whatever else the agency holds.
    let html = page(&editor, "/items?q=%E3%80%942025%E3%80%957%E5%8F%B7").await; // 〔2025〕7号
    assert_eq!(numbers(&html), vec![7]);
    let html = page(&editor, &format!("/items?q={AGENCY}/2030-00033")).await;
    assert_eq!(numbers(&html), vec![33]);
    // Matched literally: `%` is no wildcard.
    let html = page(&editor, "/items?q=%25").await;
    assert_eq!(total(&html), 0);
    assert!(html.contains("没有符合条件的信息"), "{html}");
    // A filtered page keeps its filters in "下一页": 50 published, one page.
    let html = page(&editor, &format!("{ours}&state=published")).await;
    assert!(next(&html).is_none());

    // Bad parameters: 400, saying what is wrong.
    for (query, says) in [
        ("state=lost", "状态“lost”无法识别，可选：draft（草稿）"),
        ("year=20x5", "年份须为 1949 至 2100 之间的四位数字"),
        ("item=规章", "“规章”不是第二十条的项目代码"),
        ("topic=traffic", "“traffic”不是主题分类代码"),
        ("validity=valid", "有效性“valid”无法识别"),
        ("returned=yes", "“退回”参数只能为1"),
        ("sort=title", "排序参数只能为new"),
        ("after=2030-01-01_1", "翻页参数 after 无效"),
    ] {
        let r = editor.get(&format!("/items?{query}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        let body = r.text().await.unwrap();
        assert!(body.contains(says), "{query}: {body}");
    }
    let long = "字".repeat(51);
    let r = editor.get(&format!("/items?q={long}")).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("检索词最多50个字"));

    // The workbench flags the returned items, last returned first, each
    // with its reason and a link to it.
    let html = page(&editor, "/workbench").await;
    let list = &html[html.find("id=\"returned-items\"").expect("flagged")..];
    let list = &list[..list.find("</ul>").unwrap()];
    let shown: Vec<u32> = list
        .split("清单测试第")
        .skip(1)
        .map(|r| r[..r.find('号').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(shown, vec![55, 54, 53, 52, 51]);
    assert!(list.contains("退回理由：请补充第55号通知的附件"), "{list}");
    let ids = editor
        .store
        .item_list(
            agency.id,
            &gongkai_store::ItemListFilter {
                state: Some(gongkai_domain::catalogue::ItemState::Refused),
                search: Some("清单测试第55号".into()),
                ..Default::default()
            },
            None,
            5,
        )
        .await
        .unwrap();
    assert_eq!(ids.len(), 1);
    assert!(
        list.contains(&format!("href=\"/items/{}/manage\"", ids[0].id)),
        "{list}"
    );
    // A reviewer has no items to revise: nothing flagged.
    let reviewer = app.logged_in("reviewer").await;
    let html = page(&reviewer, "/workbench").await;
    assert!(!html.contains("id=\"returned-items\""));
}
