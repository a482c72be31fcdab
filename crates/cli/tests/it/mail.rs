//! Notices mailed to the applicant, received by a real SMTP listener on
//! localhost (a minimal server speaking the protocol, recording each message).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gongkai_app::config::SmtpSettings;
use reqwest::StatusCode;
use reqwest::multipart::Part;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::{DbKind, TestApp};
use crate::requests::{AGENCY, ID, apply_form, text_of};

/// Messages received, each the raw DATA.
#[derive(Clone, Default)]
pub struct Inbox(Arc<Mutex<Vec<String>>>);

impl Inbox {
    pub fn messages(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// Start an SMTP listener on a free localhost port.
pub async fn smtp_listener() -> (u16, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = Inbox::default();
    let store = inbox.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 gongkai-test ESMTP\r\n").await.ok();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(buf) = data.as_mut() {
                        if line == "." {
                            store.0.lock().unwrap().push(std::mem::take(buf));
                            data = None;
                            write.write_all(b"250 OK queued\r\n").await.ok();
                        } else {
                            buf.push_str(line.strip_prefix('.').unwrap_or(&line));
                            buf.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-gongkai-test\r\n250 8BITMIME\r\n",
                        "HELO" | "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 OK\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.ok();
                            break;
                        }
                        _ => b"502 not implemented\r\n",
                    };
                    write.write_all(reply).await.ok();
                }
            });
        }
    });
    (port, inbox)
}

#[tokio::test]
async fn every_notice_is_mailed_to_an_applicant_who_gave_an_address() {
    let (port, inbox) = smtp_listener().await;
    let smtp = SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: "none".into(),
        username: None,
        password: None,
        from: "白沙县交通运输局 <gk@baisha.example.gov.cn>".into(),
    };
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .smtp(smtp)
        .spawn()
        .await
    else {
        return;
    };
    let token = app.csrf().await;
    let form = apply_form(Some(&token), &"e".repeat(64), "王五", ID)
        .text("email", "wangwu@example.com")
        .part(
            "id_proof",
            Part::bytes(b"%PDF-1.4 proof".to_vec()).file_name("id.pdf"),
        );
    let html = app
        .client
        .post(app.url(&format!("/agencies/{AGENCY}/apply")))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let number = text_of(&html, "case-number").expect("submitted");
    let clerk = app.another_browser();
    assert_eq!(
        clerk
            .login("clerk", gongkai_app::demo::DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    app.today("2025-03-04");
    let (s, page) = clerk
        .act(&number, "confirm", &[("date", "2025-03-04")])
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    // The receipt is mailed, with the document attached as PDF.
    let mut waited = 0;
    while inbox.messages().is_empty() && waited < 300 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    let messages = inbox.messages();
    assert_eq!(messages.len(), 1, "one notice, one message");
    let m = &messages[0];
    assert!(m.contains("To: wangwu@example.com"), "{m}");
    assert!(
        m.contains("Content-Type: application/pdf"),
        "the notice is attached"
    );
    let subject = subject_of(m);
    assert!(
        subject.contains(&number) && subject.contains("回执"),
        "the subject names the case and the notice: {subject}"
    );
    // The outbox records it as sent (just after the server accepted it):
    // nothing is left to retry.
    let mut waited = 0;
    while !app.store.pending_mail(8, 10).await.unwrap().is_empty() && waited < 100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    assert!(app.store.pending_mail(8, 10).await.unwrap().is_empty());
}

/// The decoded Subject header (RFC 2047 encoded words, possibly folded).
fn subject_of(message: &str) -> String {
    use base64::Engine;
    let mut lines = message.lines().skip_while(|l| !l.starts_with("Subject:"));
    let mut raw = lines
        .next()
        .unwrap_or_default()
        .trim_start_matches("Subject:")
        .to_string();
    for l in lines {
        if l.starts_with(' ') || l.starts_with('\t') {
            raw.push_str(l);
        } else {
            break;
        }
    }
    raw.split_whitespace()
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            if lower.starts_with("=?utf-8?b?") && word.ends_with("?=") {
                let b64 = &word[10..word.len() - 2];
                String::from_utf8(
                    base64::engine::general_purpose::STANDARD
                        .decode(b64)
                        .unwrap_or_default(),
                )
                .unwrap_or_default()
            } else {
                word.to_string()
            }
        })
        .collect()
}

/// A reply that releases a file, to an applicant who chose e-mail: the reply
/// lists what is provided, and the file follows as an attachment (within
/// the size limit; `casework::MAIL_FILES_LIMIT`).
#[tokio::test]
async fn a_released_file_is_mailed_to_an_applicant_who_chose_email() {
    let (port, inbox) = smtp_listener().await;
    let smtp = SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: "none".into(),
        username: None,
        password: None,
        from: "白沙县交通运输局 <gk@baisha.example.gov.cn>".into(),
    };
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .smtp(smtp)
        .spawn()
        .await
    else {
        return;
    };
    let token = app.csrf().await;
    let form = apply_form(Some(&token), &"m".repeat(64), "王五", ID)
        .text("email", "wangwu@example.com")
        .text("delivery_method", "email")
        .part(
            "id_proof",
            Part::bytes(b"%PDF-1.4 proof".to_vec()).file_name("id.pdf"),
        );
    let html = app
        .client
        .post(app.url(&format!("/agencies/{AGENCY}/apply")))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let number = text_of(&html, "case-number").expect("submitted");
    let clerk = app.another_browser();
    let pw = gongkai_app::demo::DEMO_PASSWORD;
    assert_eq!(
        clerk.login("clerk", pw).await.status(),
        StatusCode::SEE_OTHER
    );
    app.today("2025-03-04");
    let (s, page) = clerk
        .act(&number, "confirm", &[("date", "2025-03-04")])
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    // The clerk uploads the file to release (the token is the first part).
    let upload = reqwest::multipart::Form::new()
        .text("_csrf", clerk.csrf().await)
        .part(
            "file",
            Part::bytes(b"%PDF-1.4\n% allocation plan\n".to_vec())
                .file_name("养护资金分配方案.pdf"),
        );
    let r = clerk
        .client
        .post(clerk.url(&format!("/cases/{number}/released")))
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let case = app.store.case_by_number(&number).await.unwrap().unwrap();
    let file = app
        .store
        .case_attachments(case.id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.filename == "养护资金分配方案.pdf")
        .expect("stored for release");
    let check = format!("file_{}", file.id);
    let (s, page) = clerk
        .act(
            &number,
            "decide",
            &[
                ("date", "2025-03-04"),
                ("outcome", "disclosed"),
                ("access_method", "以电子邮件发送"),
                (check.as_str(), "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let mut waited = 0;
    while inbox.messages().len() < 3 && waited < 300 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    let messages = inbox.messages();
    assert_eq!(messages.len(), 3, "receipt, reply, the file");
    let subjects: Vec<String> = messages.iter().map(|m| subject_of(m)).collect();
    assert!(subjects[1].contains("政府信息公开告知书"), "{subjects:?}");
    assert!(
        subjects[2].contains("随答复提供的信息（1/1）：养护资金分配方案.pdf"),
        "{subjects:?}"
    );
    assert!(
        messages[2].contains("Content-Type: application/pdf"),
        "{}",
        messages[2]
    );
}
