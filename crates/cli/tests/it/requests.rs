//! Disclosure on request over HTTP, on SQLite and PostgreSQL: the same case
//! as the browser journey, with every due date computed by hand, plus the
//! rules around it (double submission, bad input, no editing of events).

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;
/// 白沙县交通运输局: has the online channel; its clerk is `clerk`.
pub const AGENCY: &str = "119901219482199390";
/// A valid resident ID (GB 11643 check digit X).
pub const ID: &str = "11010519491231002X";

/// The text inside the element with `id`, e.g. `<td id="reply-due">2025-04-01</td>`.
pub fn text_of(html: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\"");
    let at = html.find(&marker)?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find('<')?;
    Some(rest[start..start + end].trim().to_string())
}

/// The online application form; the CSRF token, when given, is its first
/// part (the server reads it there without buffering the upload).
pub fn apply_form(token: Option<&str>, submission_id: &str, name: &str, id_number: &str) -> Form {
    let form = match token {
        Some(t) => Form::new().text("_csrf", t.to_string()),
        None => Form::new(),
    };
    form.text("submission_id", submission_id.to_string())
        .text("applicant_kind", "natural_person")
        .text("name", name.to_string())
        .text("id_document", "resident_id_card")
        .text("id_number", id_number.to_string())
        .text("phone", "13800138000")
        .text("email", "")
        .text("address", "")
        .text("postcode", "")
        .text(
            "description",
            "白沙县2024年农村公路养护资金的分配方案和使用情况",
        )
        .text("document_number", "白交〔2024〕12号")
        .text("delivery_form", "electronic")
        .text("delivery_method", "online")
}

impl TestApp {
    /// Apply online; returns (number, query code).
    pub async fn apply(&self, submission_id: &str) -> (String, String, reqwest::Response) {
        let token = self.csrf().await;
        let form = apply_form(Some(&token), submission_id, "张三", ID).part(
            "id_proof",
            Part::bytes(b"%PDF-1.4 identity proof".to_vec()).file_name("身份证.pdf"),
        );
        let r = self
            .client
            .post(self.url(&format!("/agencies/{AGENCY}/apply")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let html = r.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{html}");
        let number = text_of(&html, "case-number").expect("a number");
        let code = text_of(&html, "query-code").unwrap_or_default();
        let again = self.client.get(self.url("/")).send().await.unwrap();
        (number, code, again)
    }

    /// Record an action on a case page as the logged-in staff member.
    pub async fn act(
        &self,
        number: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let page = self
            .get(&format!("/cases/{number}"))
            .await
            .text()
            .await
            .unwrap();
        let seq = page
            .split("name=\"seq\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("0")
            .to_string();
        let mut all = vec![("action", action), ("seq", seq.as_str())];
        all.extend_from_slice(fields);
        let r = self
            .post_form(&format!("/cases/{number}/actions"), &all, true)
            .await;
        let status = r.status();
        (status, r.text().await.unwrap())
    }

    pub async fn case_page(&self, number: &str) -> String {
        self.get(&format!("/cases/{number}"))
            .await
            .text()
            .await
            .unwrap()
    }
}

on_both_backends!(a_case_from_application_to_reply);

/// The dates and the hand computation are those of `request_journey`
/// (see request_journey.rs for the day-by-day counts).
async fn a_case_from_application_to_reply(kind: DbKind) {
    let Some(citizen) = TestApp::builder(kind).on("2025-03-03").spawn().await else {
        return;
    };
    let (number, code, _) = citizen.apply(&"a".repeat(64)).await;
    assert!(number.starts_with("GK2025-"), "{number}");
    assert_eq!(code.len(), 8);

    // A double submission (same form, submitted twice) creates one case.
    let (again, code2, _) = citizen.apply(&"a".repeat(64)).await;
    assert_eq!(again, number);
    assert!(
        code2.is_empty(),
        "the query code is not shown a second time"
    );
    let agency = citizen.store.agency_by_code(AGENCY).await.unwrap().unwrap();
    assert_eq!(
        citizen
            .store
            .cases_of_agency(agency.id)
            .await
            .unwrap()
            .len(),
        1
    );

    let clerk = citizen.another_browser();
    assert_eq!(
        clerk.login("clerk", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let page = clerk.case_page(&number).await;
    assert_eq!(text_of(&page, "case-state").as_deref(), Some("待确认"));
    // The handling clerk sees the identity number; the proof is attached.
    assert!(page.contains(ID) && page.contains("身份证.pdf"));

    citizen.today("2025-03-04");
    let (s, page) = clerk
        .act(&number, "confirm", &[("date", "2025-03-04")])
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(
        text_of(&page, "receipt-date").as_deref(),
        Some("2025-03-04")
    );
    assert_eq!(text_of(&page, "reply-due").as_deref(), Some("2025-04-01"));

    // Correction (Art. 30): once only.
    citizen.today("2025-03-06");
    let (s, page) = clerk
        .act(
            &number,
            "correction",
            &[
                ("date", "2025-03-06"),
                ("items", "请写明所需信息的文件名称或文号"),
                ("applicant_deadline", "2025-03-20"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(text_of(&page, "case-state").as_deref(), Some("待补正"));

    // The applicant answers online: the clock restarts on 2025-03-10.
    citizen.today("2025-03-10");
    let r = citizen
        .post_form(
            "/track",
            &[("number", &number), ("code", &code.to_lowercase())],
            true,
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the code is not case-sensitive"
    );
    let view = citizen.get("/track/case").await.text().await.unwrap();
    assert!(view.contains("请写明所需信息的文件名称或文号"));
    let r = citizen
        .post_form(
            "/track/correction",
            &[("text", "所需文件为白交〔2024〕12号及其附件")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let view = r.text().await.unwrap();
    assert_eq!(text_of(&view, "reply-due").as_deref(), Some("2025-04-08"));

    // Third party consulted 2025-03-12 to 2025-03-19: five working days paused.
    citizen.today("2025-03-12");
    let (s, page) = clerk
        .act(
            &number,
            "consult",
            &[
                ("date", "2025-03-12"),
                ("party", "third_party"),
                ("party_name", "白沙县通达公路养护有限公司"),
                ("matter", "是否同意公开合同金额"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(
        page.contains("2025-04-02"),
        "the third party's own 15-day deadline is shown"
    );
    citizen.today("2025-03-19");
    let (s, page) = clerk
        .act(
            &number,
            "consult_end",
            &[
                ("date", "2025-03-19"),
                ("id", "1"),
                ("how", "answered"),
                ("opinion", "不同意公开单价"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(text_of(&page, "reply-due").as_deref(), Some("2025-04-15"));

    // Extension: requested by the clerk, approved by the reviewer (Art. 33).
    citizen.today("2025-04-10");
    let (s, page) = clerk
        .act(
            &number,
            "extension_request",
            &[
                ("date", "2025-04-10"),
                ("days", "20"),
                ("reason", "涉及多个年度资料，需调档核实"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let (s, page) = clerk
        .act(
            &number,
            "extension_approve",
            &[("date", "2025-04-10"), ("days", "20")],
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a clerk cannot approve: {page}"
    );
    assert!(page.contains("审核人"));
    let reviewer = citizen.another_browser();
    assert_eq!(
        reviewer.login("reviewer", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    citizen.today("2025-04-11");
    let (s, page) = reviewer
        .act(
            &number,
            "extension_approve",
            &[("date", "2025-04-11"), ("days", "21")],
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "21 days exceed Art. 33: {page}"
    );
    let (s, page) = reviewer
        .act(
            &number,
            "extension_approve",
            &[("date", "2025-04-11"), ("days", "20")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(text_of(&page, "reply-due").as_deref(), Some("2025-05-15"));

    // Partial disclosure decided; the reply letter is issued.
    citizen.today("2025-04-18");
    let (s, page) = clerk
        .act(
            &number,
            "decide",
            &[
                ("date", "2025-04-18"),
                ("outcome", "partial"),
                ("access_method", "资金分配方案随本告知书提供。"),
                ("reasoning", "合同单价涉及第三方商业秘密，不予公开。"),
                ("referred_to", ""),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    // 部分公开 is signed by the reviewer before its letter is issued.
    assert_eq!(text_of(&page, "case-state").as_deref(), Some("答复待签发"));
    let (s, page) = reviewer.act(&number, "sign_decision", &[]).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(text_of(&page, "outcome").unwrap().contains("第三十七条"));

    // The applicant sees the decision and downloads the letter.
    let view = citizen.get("/track/case").await.text().await.unwrap();
    assert_eq!(text_of(&view, "case-state").as_deref(), Some("已作出决定"));
    let reply_title =
        gongkai_domain::document::DocumentKind::Reply(gongkai_domain::vocabulary::Outcome::Partial)
            .title_zh();
    assert!(
        view.contains(&format!("<td class=\"doc-title\">{reply_title}</td>")),
        "{view}"
    );
    let doc_link = view
        .split("href=\"/track/documents/")
        .filter_map(|r| r.split('"').next())
        .filter(|l| l.ends_with(".pdf"))
        .last()
        .expect("a document link")
        .to_string();
    let pdf = citizen.get(&format!("/track/documents/{doc_link}")).await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let docx = citizen
        .get(&format!(
            "/track/documents/{}",
            doc_link.replace(".pdf", ".docx")
        ))
        .await;
    assert_eq!(docx.status(), StatusCode::OK);
    assert!(docx.bytes().await.unwrap().starts_with(b"PK"));
    // The letter to the third party is not the applicant's to read.
    let docs = citizen
        .store
        .case_documents(
            citizen
                .store
                .case_by_number(&number)
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap();
    let third = docs
        .iter()
        .find(|d| {
            matches!(
                d.document.kind,
                gongkai_domain::document::DocumentKind::ThirdPartyConsultation
            )
        })
        .unwrap();
    assert_eq!(
        citizen
            .get(&format!("/track/documents/{}.pdf", third.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // No route edits or deletes an event: a stale form is refused, other methods do not exist.
    let events_before = citizen
        .store
        .case_events(
            citizen
                .store
                .case_by_number(&number)
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap();
    let r = clerk
        .post_form(
            &format!("/cases/{number}/actions"),
            &[
                ("action", "decide"),
                ("seq", "3"),
                ("date", "2025-04-18"),
                ("outcome", "open"),
                ("reasoning", "改为公开"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    for method in [
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
        reqwest::Method::PATCH,
    ] {
        let token = clerk.csrf().await;
        let r = clerk
            .client
            .request(
                method.clone(),
                clerk.url(&format!("/cases/{number}/actions")),
            )
            .header("x-csrf-token", token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    let events_after = citizen
        .store
        .case_events(
            citizen
                .store
                .case_by_number(&number)
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap();
    assert_eq!(events_before, events_after);

    // Delivered by post on the day it is handed to the post, then closed.
    let (s, page) = clerk
        .act(
            &number,
            "deliver",
            &[("date", "2025-04-18"), ("method", "post")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let (s, page) = clerk.act(&number, "close", &[("date", "2025-04-18")]).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(text_of(&page, "case-state").as_deref(), Some("已办结"));

    // The applicant seeks reconsideration; it is recorded pending, then upheld.
    citizen.today("2025-06-30");
    let r = clerk
        .post_form(
            &format!("/cases/{number}/appeals"),
            &[
                ("kind", "reconsideration"),
                ("body", "白沙县人民政府"),
                ("filed_on", "2025-05-06"),
                ("result", "pending"),
                ("decided_on", ""),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let case = citizen
        .store
        .case_by_number(&number)
        .await
        .unwrap()
        .unwrap();
    let appeal = citizen
        .store
        .appeals_of_case(case.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    let r = clerk
        .post_form(
            &format!("/cases/{number}/appeals/{}", appeal.id),
            &[("result", "upheld"), ("decided_on", "2025-06-20")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let appeal = citizen
        .store
        .appeals_of_case(case.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        appeal.summary.result,
        gongkai_domain::case::register::AppealResult::Upheld
    );
    let t4 = gongkai_domain::case::register::table4(&[appeal.summary], 2025);
    assert_eq!(&t4[..5], &[1, 0, 0, 0, 1], "行政复议: 维持 1, 总计 1");
}

on_both_backends!(bad_applications_are_refused_field_by_field);

async fn bad_applications_are_refused_field_by_field(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-03-03").spawn().await else {
        return;
    };
    let token = app.csrf().await;
    // A wrong check digit, no description, an executable as "proof".
    let form = apply_form(Some(&token), &"b".repeat(64), "李四", "110105194912310021")
        .text("description", "")
        .part(
            "id_proof",
            Part::bytes(b"MZ\x90\x00 not a pdf".to_vec()).file_name("证明.pdf"),
        );
    let r = app
        .client
        .post(app.url(&format!("/agencies/{AGENCY}/apply")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("校验"), "the ID check digit is named: {html}");
    assert!(
        html.contains("110105194912310021"),
        "the form keeps what was typed"
    );
    let agency = app.store.agency_by_code(AGENCY).await.unwrap().unwrap();
    assert!(
        app.store
            .cases_of_agency(agency.id)
            .await
            .unwrap()
            .is_empty(),
        "nothing was registered"
    );

    // A valid form with a refused upload is refused too, with the reason.
    let form = apply_form(Some(&token), &"c".repeat(64), "李四", ID).part(
        "id_proof",
        Part::bytes(b"MZ\x90\x00".to_vec()).file_name("证明.exe"),
    );
    let r = app
        .client
        .post(app.url(&format!("/agencies/{AGENCY}/apply")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("PDF、JPG 或 PNG"));

    // Without the CSRF token in the body, nothing is accepted.
    let r = app
        .client
        .post(app.url(&format!("/agencies/{AGENCY}/apply")))
        .multipart(apply_form(None, &"d".repeat(64), "李四", ID))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // An agency without the online channel says how else to apply.
    let r = app.get("/agencies/11990121518190937G/apply").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("未开通在线申请"));

    // A wrong query code reveals nothing.
    let r = app
        .post_form(
            "/track",
            &[("number", "GK2025-000001"), ("code", "ABCDEFGH")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

/// An administrator edits the receipt template; a template without the
/// redress sentence is refused; documents issued afterwards use the new text.
#[tokio::test]
async fn templates_are_edited_checked_and_used() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    let admin = app.another_browser();
    assert_eq!(
        admin.login("admin", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let url = format!("/admin/agencies/{AGENCY}/templates/receipt");
    let page = admin.get(&url).await.text().await.unwrap();
    let body = page
        .split("id=\"template-body\" rows=\"22\">")
        .nth(1)
        .and_then(|r| r.split("</textarea>").next())
        .expect("the template text")
        .replace("&#123;", "{")
        .replace("&#125;", "}");
    assert!(body.contains("{{redress}}"), "{body}");
    let without = body.replace("{{redress}}", "");
    let r = admin
        .post_form(&url, &[("body", &without), ("do", "save")], true)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("redress"));
    let with_line = format!("{body}\n本机关提示：办理进度可在政府信息公开平台查询。");
    let r = admin
        .post_form(&url, &[("body", &with_line), ("do", "save")], true)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // A clerk registers an application in person: its receipt uses the new template.
    let clerk = app.another_browser();
    assert_eq!(
        clerk.login("clerk", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let r = clerk
        .post_form(
            "/cases/new",
            &[
                ("channel", "in_person"),
                ("arrived", "2025-03-03"),
                ("applicant_kind", "natural_person"),
                ("name", "赵六"),
                ("id_document", "resident_id_card"),
                ("id_number", ID),
                ("phone", "13800138000"),
                ("address", "白沙县城关镇南街1号"),
                ("description", "2024年白沙县公交线路调整方案"),
                ("delivery_form", "paper"),
                ("delivery_method", "post"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("查询码"),
        "the clerk is shown the applicant's query code once"
    );
    let number = text_of(&html, "case-number").unwrap();
    assert_eq!(
        text_of(&html, "receipt-date").as_deref(),
        Some("2025-03-03"),
        "in person: the day handed in"
    );
    let case = app.store.case_by_number(&number).await.unwrap().unwrap();
    let docs = app.store.case_documents(case.id).await.unwrap();
    assert_eq!(docs.len(), 1);
    let text = serde_json::to_string(&docs[0].document).unwrap();
    assert!(text.contains("办理进度可在政府信息公开平台查询"), "{text}");
    // Repeated application: the same applicant asks again for much the same.
    let r = clerk
        .post_form(
            "/cases/new",
            &[
                ("channel", "in_person"),
                ("arrived", "2025-03-03"),
                ("applicant_kind", "natural_person"),
                ("name", "赵六"),
                ("id_document", "resident_id_card"),
                ("id_number", ID),
                ("phone", "13800138000"),
                ("address", "白沙县城关镇南街1号"),
                ("description", "白沙县2024年公交线路调整的方案"),
                ("delivery_form", "paper"),
                ("delivery_method", "post"),
            ],
            true,
        )
        .await;
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"repeats\""),
        "the earlier similar application is shown"
    );
    assert!(html.contains(&format!("href=\"/cases/{number}\"")));
}

/// The clerk's queue marks a case due within 3 working days and an overdue
/// one; the supervising office sees the overdue count of the agency below.
#[tokio::test]
async fn the_queue_marks_due_soon_and_overdue_cases() {
    let Some(citizen) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    let (number, _, _) = citizen.apply(&"f".repeat(64)).await;
    let clerk = citizen.another_browser();
    assert_eq!(
        clerk.login("clerk", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    citizen.today("2025-03-04");
    clerk
        .act(&number, "confirm", &[("date", "2025-03-04")])
        .await;
    // Due 2025-04-01. On Wed 2025-03-26 four working days remain (27, 28, 31, 1):
    // normal; on Thu 2025-03-27 three remain (28, 31, 1): due soon.
    citizen.today("2025-03-26");
    let wb = clerk.get("/workbench").await.text().await.unwrap();
    assert!(wb.contains("mark-normal"), "4 working days left is normal");
    citizen.today("2025-03-27");
    let wb = clerk.get("/workbench").await.text().await.unwrap();
    assert!(
        wb.contains("<span class=\"mark-due_soon\">即将到期</span>"),
        "{wb}"
    );
    citizen.today("2025-04-02");
    let wb = clerk.get("/workbench").await.text().await.unwrap();
    assert!(
        wb.contains("<span class=\"mark-overdue\">已逾期</span>"),
        "{wb}"
    );
    let supervisor = citizen.another_browser();
    assert_eq!(
        supervisor.login("admin", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    // The city's supervisor sees the county (the bureau's parent) with
    // everything below it summed, the bureau among those needing attention,
    // and drills down to the county's level to see the bureau's own row.
    let wb = supervisor.get("/workbench").await.text().await.unwrap();
    let county = wb
        .split("<tr>")
        .find(|r| r.contains("青山市白沙县人民政府</a>"))
        .expect("the county's row");
    assert!(
        county.contains("下级3个"),
        "bureau, finance, town: {county}"
    );
    assert!(
        county.contains("<span class=\"mark-overdue\">1</span>"),
        "{county}"
    );
    let attention = wb.split("id=\"attention\"").nth(1).expect("需要关注的机关");
    assert!(
        attention.contains("白沙县交通运输局</a></td><td>1</td>"),
        "{attention}"
    );
    let wb = supervisor
        .get("/workbench?under=11990121082462814Y")
        .await
        .text()
        .await
        .unwrap();
    assert!(wb.contains("id=\"tree-trail\""), "{wb}");
    let row = wb
        .split("<tr>")
        .find(|r| r.contains("白沙县交通运输局</a>") && r.contains("<td>1</td>"))
        .expect("the bureau's row");
    assert!(
        row.contains("<span class=\"mark-overdue\">1</span>"),
        "{row}"
    );
    // The counts are kept per data version: a new application is counted
    // on the next opening (2 running at the bureau, still 1 overdue).
    citizen.apply(&"e".repeat(64)).await;
    let wb = supervisor
        .get("/workbench?under=11990121082462814Y")
        .await
        .text()
        .await
        .unwrap();
    let row = wb
        .split("<tr>")
        .find(|r| r.contains("白沙县交通运输局</a>"))
        .expect("the bureau's row");
    assert!(
        row.contains("<td>1</td><td>2</td>"),
        "1 agency, 2 running: {row}"
    );
    // Above one's own agency, or without oversight: refused.
    let province = supervisor.get("/workbench?under=1199000052601815XM").await;
    assert_eq!(province.status(), StatusCode::FORBIDDEN);
    let unknown = supervisor.get("/workbench?under=NOSUCHCODE").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let clerk_drills = clerk.get("/workbench?under=119901219482199390").await;
    assert_eq!(clerk_drills.status(), StatusCode::FORBIDDEN);
}

/// A fee by volume (Art. 42, 109号): 31 pages cost 10 yuan; the applicant is
/// told to pay within 20 working days, and the time until payment does not
/// count against the agency.
///
/// Received Tue 2025-03-04: reply due 2025-04-01 (20 WD). Fee notice received
/// Wed 03-05: payment due 20 WD later: Mar 6, 7 (2), 10–14 (7), 17–21 (12),
/// 24–28 (17), 31 (18), Apr 1 (19), Apr 2 (20) → 2025-04-02. Paid Mon 03-10:
/// paused working days Mar 6, 7, 10 = 3, so the reply is due 3 WD after
/// 04-01: Apr 2 (21), Apr 3 (22), [Apr 4–6 清明], Apr 7 (23) → 2025-04-07.
#[tokio::test]
async fn a_fee_by_volume_pauses_the_clock_until_paid() {
    let Some(citizen) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    let (number, code, _) = citizen.apply(&"9".repeat(64)).await;
    let clerk = citizen.another_browser();
    assert_eq!(
        clerk.login("clerk", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    citizen.today("2025-03-04");
    clerk
        .act(&number, "confirm", &[("date", "2025-03-04")])
        .await;
    citizen.today("2025-03-05");
    // The first application of the month is free by count: no fee notice for 0 yuan.
    let (s, page) = clerk
        .act(
            &number,
            "fee_notice",
            &[
                ("date", "2025-03-05"),
                ("method", "by_count"),
                ("pages", ""),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    let (s, page) = clerk
        .act(
            &number,
            "fee_notice",
            &[
                ("date", "2025-03-05"),
                ("method", "by_volume"),
                ("pages", "31"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(text_of(&page, "case-state").as_deref(), Some("待缴费"));
    assert!(page.contains("2025-04-02"), "the payment deadline is shown");
    let r = citizen
        .post_form("/track", &[("number", &number), ("code", &code)], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let view = citizen.get("/track/case").await.text().await.unwrap();
    assert!(
        view.contains("请于2025-04-02前缴纳信息处理费10元"),
        "{view}"
    );
    citizen.today("2025-03-10");
    let (s, page) = clerk
        .act(&number, "fee_paid", &[("date", "2025-03-10")])
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(text_of(&page, "reply-due").as_deref(), Some("2025-04-07"));
}
