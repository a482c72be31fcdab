//! Issue 19 over HTTP on both backends: the item form's 体裁 without a
//! default and 主题分类 from the two-level list; an interpretation (政策解读)
//! saying who interprets it; a 规范性文件 submitted with its interpretation
//! or a recorded reason; attachments frozen in review; the interpretation
//! picker; a policy and its interpretation linking each other on their
//! public pages, with the 3-working-day rule (国办发〔2016〕19号) on the
//! staff page; and a repeal or lapse naming the replacing document.
//!
//! The 3-working-day count on the 2025 calendar (data/holidays-cn.json:
//! Oct 1–8 off, Sat Oct 11 worked): a policy published Tue 2025-09-30 is
//! followed by Thu Oct 9 (1), Fri Oct 10 (2), Sat Oct 11 (3), Mon Oct 13
//! (4): its interpretation is due 2025-10-11, and one published on
//! 2025-10-13 is on the 4th working day, late.

use reqwest::StatusCode;

use crate::catalogue::id_of;
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::requests::text_of;

/// A valid form of a document of `kind` and `genre`, saved as a draft.
fn fields(title: &str, kind: &str, genre: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", title.to_string()),
        ("summary", format!("{title}的主要内容和适用范围。")),
        ("issuers", "白沙县交通运输局".into()),
        ("formed_on", "2025-09-26".into()),
        ("topic", "工业、交通\\公路".into()),
        ("genre", genre.into()),
        ("kind", kind.into()),
        ("attribute", "proactive".into()),
        ("scope", "public".into()),
        ("body", "第一条 为规范农村公路养护管理，制定本办法。".into()),
        ("do", "save".into()),
    ]
}

/// Who interprets, as the form sends it.
fn interpreter() -> Vec<(&'static str, String)> {
    vec![
        ("interpretation_agency", "白沙县交通运输局".into()),
        ("interpreter", "县交通运输局副局长 李某某".into()),
        ("interpretation_phone", "0898-26612345".into()),
        ("interpretation_email", "jtj@baisha.gov.cn".into()),
        ("interpretation_form_text", "1".into()),
        ("interpretation_form_qa", "1".into()),
    ]
}

fn refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Creates an item from `f`: its id.
async fn create(editor: &TestApp, f: &[(&'static str, String)]) -> String {
    let r = editor.post_form("/items/new", &refs(f), true).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    id_of(&r)
}

async fn text(app: &TestApp, path: &str) -> String {
    let r = app.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

async fn approve(reviewer: &TestApp, id: &str, date: &str) {
    let (s, page) = reviewer
        .item_action(
            id,
            &[
                ("action", "approve"),
                ("review", "经保密审查，不涉及国家秘密"),
                ("date", date),
                ("channel_website", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
}

/// The `<select name="{name}">` of the form `#action-{action}`: its options' labels.
fn options(page: &str, action: &str, name: &str) -> Vec<String> {
    let form = &page[page.find(&format!("id=\"action-{action}\"")).expect(action)..];
    let form = &form[..form.find("</form>").unwrap()];
    let select = &form[form.find(&format!("<select name=\"{name}\"")).expect(name)..];
    let select = &select[..select.find("</select>").unwrap()];
    select
        .split("<option")
        .skip(1)
        .map(|o| o[o.find('>').unwrap() + 1..o.find("</option>").unwrap()].to_string())
        .collect()
}

on_both_backends!(the_form_asks_for_a_genre_a_listed_topic_and_who_interprets);

async fn the_form_asks_for_a_genre_a_listed_topic_and_who_interprets(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-13").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let form = text(&editor, "/items/new").await;
    // 体裁 starts at 请选择; 主题分类 is a select by first level.
    assert!(
        form.contains(
            "<select name=\"genre\" id=\"genre\"><option value=\"\" selected>请选择</option>"
        ),
        "{form}"
    );
    assert!(!form.contains("<option value=\"resolution\" selected"));
    assert!(form.contains("<optgroup label=\"工业、交通\">"));
    assert!(
        form.contains("<option value=\"工业、交通\\公路\" >公路</option>"),
        "{form}"
    );
    assert!(!form.contains("list=\"topics\""), "no typed topic any more");
    assert!(form.contains("id=\"interpretation-fields\""));

    // Submitted without a genre: refused on the field.
    let mut f = fields("白沙县农村公路养护管理办法", "other", "");
    let r = editor.post_form("/items/new", &refs(&f), true).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("请选择体裁分类：决议、决定"), "{html}");

    // An interpretation without who interprets it: each field named.
    f[5].1 = "interpretation".into();
    let r = editor.post_form("/items/new", &refs(&f), true).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for says in [
        "请填写解读机构",
        "请填写解读人",
        "请填写解读人的工作联系电话或电子邮箱（至少一项）",
        "请选择解读形式（文字、图解、问答、音视频，可多选）",
    ] {
        assert!(html.contains(says), "{says}");
    }
    f.extend(interpreter());
    let id = create(&editor, &f).await;
    // The form comes back with the details, the topic chosen.
    let edit = text(&editor, &format!("/items/{id}/edit")).await;
    assert!(edit.contains("value=\"县交通运输局副局长 李某某\""));
    assert!(edit.contains("id=\"interpretation_form_qa\" value=\"1\" checked"));
    assert!(edit.contains("<option value=\"工业、交通\\公路\" selected>公路</option>"));

    // A second level outside the list (an older item) stays selectable.
    let mut other = fields("白沙县桥梁养护通知", "other", "notice");
    other[4].1 = "工业、交通\\桥梁".into();
    let id = create(&editor, &other).await;
    let edit = text(&editor, &format!("/items/{id}/edit")).await;
    assert!(
        edit.contains("<option value=\"工业、交通\\桥梁\" selected>工业、交通\\桥梁（本信息原有分类）</option>"),
        "{edit}"
    );
}

on_both_backends!(a_policy_goes_to_review_with_its_interpretation_or_a_reason);

async fn a_policy_goes_to_review_with_its_interpretation_or_a_reason(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-13").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let reviewer = app.logged_in("reviewer").await;
    let mut draft_interp = fields("养护管理办法政策解读", "other", "interpretation");
    draft_interp.extend(interpreter());
    let draft_interp = create(&editor, &draft_interp).await;
    let mut published_interp = fields("养护资金办法政策解读", "other", "interpretation");
    published_interp.extend(interpreter());
    published_interp.push(("do", "submit".into()));
    published_interp.retain(|(k, v)| *k != "do" || v == "submit");
    let published_interp = create(&editor, &published_interp).await;
    approve(&reviewer, &published_interp, "2025-10-13").await;
    let notice = create(&editor, &fields("养护工作通知", "other", "notice")).await;

    // From the form: a 规范性文件 saved and submitted with neither is
    // refused on the reason's field, and nothing is saved.
    let mut policy = fields("白沙县农村公路养护管理办法", "normative", "measures");
    policy.retain(|(k, _)| *k != "do");
    policy.push(("do", "submit".into()));
    let r = editor.post_form("/items/new", &refs(&policy), true).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("行政规范性文件提交审核时应同步提交政策解读（国办发〔2016〕19号"),
        "{html}"
    );
    // Saved as a draft, it is submitted from its page.
    policy.retain(|(k, _)| *k != "do");
    policy.push(("do", "save".into()));
    let id = create(&editor, &policy).await;
    let page = text(&editor, &format!("/items/{id}/manage")).await;
    // The picker: the draft interpretation (submitted together) and the
    // published one, never a notice.
    assert_eq!(
        options(&page, "submit", "with_interpretation"),
        vec![
            "（无）".to_string(),
            "养护资金办法政策解读（已发布）".into(),
            "养护管理办法政策解读（一并提交）".into(),
        ]
    );
    assert!(page.contains("name=\"no_interpretation_reason\""));
    // Neither chosen nor a reason: refused.
    let (s, page) = editor.item_action(&id, &[("action", "submit")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("请选择一并提交的解读；确实不需要解读的，请填写不需要解读的理由。"));
    // A notice is no interpretation, whatever is posted.
    let (s, page) = editor
        .item_action(
            &id,
            &[("action", "submit"), ("with_interpretation", &notice)],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("《养护工作通知》的体裁不是“解读”"), "{page}");
    // With a reason: accepted, the reason on the page and in the history.
    let reason = "本办法仅调整养护资金拨付时限，条文简明，无需另行解读";
    let (s, page) = editor
        .item_action(
            &id,
            &[("action", "submit"), ("no_interpretation_reason", reason)],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(
        text_of(&page, "no-interpretation-reason").as_deref(),
        Some(reason)
    );
    assert!(page.contains(&format!("提交审核（未同步提交解读，理由：{reason}）")));

    // In review the attachments are frozen: no upload form, and a post is
    // refused saying to ask the reviewer to return it.
    assert!(page.contains("id=\"attachments-frozen\""));
    assert!(!page.contains("id=\"attach-form\""));
    let token = editor.csrf().await;
    let form = reqwest::multipart::Form::new().text("_csrf", token).part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF-1.4 late".to_vec()).file_name("补充.pdf"),
    );
    let r = editor
        .client
        .post(editor.url(&format!("/items/{id}/attachments")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("信息处于“待审核”状态，附件已冻结")
            && html.contains("请联系审核人退回后再修改"),
        "{html}"
    );
    assert!(
        app.store
            .item_attachments(id.parse().unwrap())
            .await
            .unwrap()
            .is_empty()
    );
    // Returned, the editor may attach again.
    let (s, page) = reviewer
        .item_action(
            &id,
            &[("action", "refuse"), ("reason", "请附上管理办法全文")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let page = text(&editor, &format!("/items/{id}/manage")).await;
    assert!(page.contains("id=\"attach-form\""));

    // Submitted with the draft interpretation: both go to review.
    let (s, page) = editor
        .item_action(
            &id,
            &[("action", "submit"), ("with_interpretation", &draft_interp)],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let interp_page = text(&editor, &format!("/items/{draft_interp}/manage")).await;
    assert_eq!(
        text_of(&interp_page, "item-state").as_deref(),
        Some("待审核")
    );
}

on_both_backends!(a_policy_and_its_interpretation_link_each_other_and_name_the_replacement);

async fn a_policy_and_its_interpretation_link_each_other_and_name_the_replacement(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-13").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let reviewer = app.logged_in("reviewer").await;
    let mut interp = fields(
        "《白沙县农村公路养护管理办法》政策解读",
        "other",
        "interpretation",
    );
    interp.extend(interpreter());
    let interp = create(&editor, &interp).await;
    let policy = create(
        &editor,
        &fields("白沙县农村公路养护管理办法", "normative", "measures"),
    )
    .await;
    let (s, page) = editor
        .item_action(
            &policy,
            &[("action", "submit"), ("with_interpretation", &interp)],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    approve(&reviewer, &policy, "2025-10-13").await;

    // The policy's page lists its interpretation; the interpretation's page
    // says which policy it interprets, and who interprets it.
    let policy_page = text(&app, &format!("/items/{policy}")).await;
    let section = &policy_page[policy_page.find("id=\"interpretations\"").expect("listed")..];
    assert!(
        section.contains(&format!(
            "<a href=\"/items/{interp}\">《白沙县农村公路养护管理办法》政策解读</a>"
        )),
        "{section}"
    );
    let interp_page = text(&app, &format!("/items/{interp}")).await;
    let back = &interp_page[interp_page.find("id=\"interprets\"").expect("links back")..];
    assert!(
        back.starts_with(&format!(
            "id=\"interprets\">本文是对<a href=\"/items/{policy}\">《白沙县农村公路养护管理办法》</a>的解读。"
        )),
        "{back}"
    );
    assert_eq!(
        text_of(&interp_page, "interpretation-agency").as_deref(),
        Some("白沙县交通运输局")
    );
    assert_eq!(
        text_of(&interp_page, "interpreter").as_deref(),
        Some("县交通运输局副局长 李某某")
    );
    assert_eq!(
        text_of(&interp_page, "interpretation-contact").as_deref(),
        Some("0898-26612345；jtj@baisha.gov.cn")
    );
    assert_eq!(
        text_of(&interp_page, "interpretation-forms").as_deref(),
        Some("文字、问答")
    );
    // The staff page: published together, within the rule.
    let staff = text(&editor, &format!("/items/{policy}/manage")).await;
    assert!(
        staff.contains("《〈白沙县农村公路养护管理办法〉政策解读》：解读于2025-10-13与文件同步发布（国办发〔2016〕19号）"),
        "{staff}"
    );

    // A policy published on 2025-09-30 and an interpretation linked after
    // it, published on 2025-10-13: the 4th working day, late.
    let old = create(
        &editor,
        &fields("白沙县农村客运站管理办法", "normative", "measures"),
    )
    .await;
    let (s, page) = editor
        .item_action(
            &old,
            &[
                ("action", "submit"),
                ("no_interpretation_reason", "原定不解读"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    approve(&reviewer, &old, "2025-09-30").await;
    let mut late = fields("客运站管理办法政策解读", "other", "interpretation");
    late.extend(interpreter());
    late.retain(|(k, _)| *k != "do");
    late.push(("do", "submit".into()));
    let late = create(&editor, &late).await;
    approve(&reviewer, &late, "2025-10-13").await;
    // The link picker offers the published interpretations (one may
    // interpret several policies), last changed first; no draft, no notice.
    let draft = create(&editor, &fields("未完成的解读", "other", "notice")).await;
    assert!(!draft.is_empty());
    let page = text(&editor, &format!("/items/{old}/manage")).await;
    assert_eq!(
        options(&page, "link", "item"),
        vec![
            "（无）".to_string(),
            "客运站管理办法政策解读（已发布）".into(),
            "《白沙县农村公路养护管理办法》政策解读（已发布）".into(),
        ]
    );
    let (s, page) = editor
        .item_action(&old, &[("action", "link"), ("item", &late)])
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(
        page.contains("《客运站管理办法政策解读》：解读于2025-10-13发布，为文件发布后第4个工作日，超过3个工作日（国办发〔2016〕19号）"),
        "{page}"
    );
    let late_staff = text(&editor, &format!("/items/{late}/manage")).await;
    assert!(
        late_staff.contains("所解读的《白沙县农村客运站管理办法》：解读于2025-10-13发布，为文件发布后第4个工作日，超过3个工作日"),
        "{late_staff}"
    );

    // Repealed, naming the policy published today as its replacement: the
    // page says so and links to it.
    let (s, page) = editor
        .item_action(
            &old,
            &[
                ("action", "repeal"),
                ("date", "2025-10-13"),
                ("reason", "已由新办法替代"),
                ("replaced_by_item", &policy),
                ("replaced_by_text", "白交〔2026〕3号"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "both given");
    assert!(page.contains("不要同时填写"), "{page}");
    let (s, page) = editor
        .item_action(
            &old,
            &[
                ("action", "repeal"),
                ("date", "2025-10-13"),
                ("reason", "已由新办法替代"),
                ("replaced_by_item", &policy),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    // The notice is a change of the public record, not a success.
    assert!(page.contains("class=\"notice change\""), "{page}");
    assert_eq!(
        text_of(&page, "staff-replaced-by").as_deref(),
        Some("《白沙县农村公路养护管理办法》")
    );
    let public = text(&app, &format!("/items/{old}")).await;
    let notice = &public[public.find("id=\"replaced-by\"").expect("named")..];
    assert!(
        notice.starts_with(&format!(
            "id=\"replaced-by\">本文件已被<a href=\"/items/{policy}\" id=\"replaced-by-link\">《白沙县农村公路养护管理办法》</a>废止。"
        )),
        "{notice}"
    );

    // A lapse names a document outside the platform by its 文号: no link.
    let gone = create(
        &editor,
        &fields("白沙县渡口管理规定", "other", "provisions"),
    )
    .await;
    let (s, page) = editor.item_action(&gone, &[("action", "submit")]).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    approve(&reviewer, &gone, "2025-10-13").await;
    let (s, page) = editor
        .item_action(
            &gone,
            &[
                ("action", "lapse"),
                ("date", "2025-10-13"),
                ("reason", "有效期届满"),
                ("replaced_by_text", "白交〔2026〕3号"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let public = text(&app, &format!("/items/{gone}")).await;
    assert_eq!(
        text_of(&public, "replaced-by").as_deref(),
        Some("本文件已被白交〔2026〕3号替代，已失效。")
    );
}
