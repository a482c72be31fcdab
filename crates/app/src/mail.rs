//! Mailing notices to applicants. Every message first goes into the outbox
//! table (in the same transaction as the event that caused it), so nothing is
//! lost when the mail server is down; one worker sends the outbox and retries.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use gongkai_store::{OutgoingMail, Store};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::config::SmtpSettings;

/// How often a message is tried before it is left for staff to look at.
pub const MAX_ATTEMPTS: i32 = 8;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(s: &SmtpSettings) -> anyhow::Result<Mailer> {
        let from: Mailbox = s.from.parse().map_err(|e| {
            anyhow::anyhow!(
                "发件人地址“{}”无效：{e}。请填写如 政府信息公开 <gk@example.gov.cn>。",
                s.from
            )
        })?;
        let builder = match s.security.as_str() {
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)?,
            "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)?,
            other => anyhow::bail!("SMTP 安全方式“{other}”无效：请填写 starttls、tls 或 none。"),
        };
        let mut builder = builder.port(s.port).timeout(Some(Duration::from_secs(20)));
        if let (Some(u), Some(p)) = (&s.username, &s.password) {
            builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
        })
    }

    /// Send one message, with an optional attachment (file name, content
    /// type, bytes): an issued document as PDF, or a released file.
    pub async fn send(
        &self,
        mail: &OutgoingMail,
        attachment: Option<(String, String, Vec<u8>)>,
    ) -> anyhow::Result<()> {
        let to: Mailbox = mail
            .to_address
            .parse()
            .map_err(|e| anyhow::anyhow!("收件人地址无效：{e}"))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone());
        let text = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone());
        let message = match attachment {
            Some((name, content_type, bytes)) => {
                builder.multipart(MultiPart::mixed().singlepart(text).singlepart(
                    Attachment::new(name).body(bytes, ContentType::parse(&content_type)?),
                ))?
            }
            None => builder.singlepart(text)?,
        };
        self.transport.send(message).await?;
        Ok(())
    }
}

/// Renders an issued document to PDF for attaching (supplied by the caller so
/// this module does not depend on the renderer).
pub type PdfFor = Arc<dyn Fn(&gongkai_domain::document::Document) -> Option<Vec<u8>> + Send + Sync>;

/// Where a mail's attachment comes from: issued documents rendered to PDF,
/// released files read from the data directory.
#[derive(Clone)]
pub struct AttachmentSource {
    pub pdf_for: PdfFor,
    pub data_dir: std::path::PathBuf,
}

impl AttachmentSource {
    /// The attachment of `mail`, if it has one and it can be read (a mail
    /// whose file is gone goes out without it).
    async fn of(
        &self,
        store: &dyn Store,
        mail: &OutgoingMail,
    ) -> Option<(String, String, Vec<u8>)> {
        if let Some(id) = mail.document_id {
            let doc = store.issued_document(id).await.ok()??;
            let bytes = (self.pdf_for)(&doc.document)?;
            return Some((
                format!("{}.pdf", doc.document.title),
                "application/pdf".into(),
                bytes,
            ));
        }
        let (id, case) = (mail.attachment_id?, mail.case_id?);
        let att = store
            .case_attachments(case)
            .await
            .ok()?
            .into_iter()
            .find(|a| a.id == id)?;
        let path = crate::uploads::path_for(&self.data_dir, &att.sha256);
        match tokio::fs::read(path).await {
            Ok(bytes) => Some((att.filename, att.content_type, bytes)),
            Err(e) => {
                tracing::warn!(error = %e, id, "cannot read the released file to attach");
                None
            }
        }
    }
}

/// How many mails one claim takes.
const BATCH: i64 = 50;

/// Claim a batch of pending mail and send it; answers whether to go on at
/// once: the batch was full (there may be more) and the mail server took
/// some (when it takes none, the next try waits, so an outage does not use
/// up every mail's attempts in seconds).
pub async fn drain_outbox(store: &dyn Store, mailer: &Mailer, files: &AttachmentSource) -> bool {
    // Claimed for longer than sending 50 mails with their PDFs takes; a
    // server that dies leaves its claim to expire and another sends them.
    let now = Utc::now();
    let until = now + chrono::Duration::minutes(10);
    let pending = match store.claim_mail(MAX_ATTEMPTS, BATCH, now, until).await {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the mail outbox");
            return false;
        }
    };
    let full = pending.len() >= BATCH as usize;
    let mut sent = 0;
    for mail in pending {
        let attachment = files.of(store, &mail).await;
        match mailer.send(&mail, attachment).await {
            Ok(()) => {
                sent += 1;
                if let Err(e) = store.mark_mail_sent(mail.id, Utc::now()).await {
                    tracing::error!(error = %e, id = mail.id, "mail sent but not marked");
                }
            }
            Err(e) => {
                // The mail server's answer may quote the recipient's address:
                // it is kept with the message in the outbox, not logged.
                tracing::warn!(
                    id = mail.id,
                    "mail not sent (reason in the outbox); will retry"
                );
                let _ = store.mark_mail_failed(mail.id, &e.to_string()).await;
            }
        }
    }
    full && sent > 0
}

/// The outbox worker: sends batch after batch while the outbox is full, then
/// wakes when told (new mail) or every 30 seconds.
pub fn spawn_outbox_worker(
    store: Arc<dyn Store>,
    mailer: Arc<Mailer>,
    wake: Arc<Notify>,
    files: AttachmentSource,
) {
    tokio::spawn(async move {
        loop {
            while drain_outbox(store.as_ref(), &mailer, &files).await {}
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(30)) => {}
            }
        }
    });
}

/// Renders a document as the PDF attached to its mail; without it (a
/// rendering failure) the mail goes out without the attachment.
pub fn render_pdf_for() -> PdfFor {
    Arc::new(|doc| match gongkai_render::to_pdf(doc) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            tracing::warn!(error = %e, "cannot render the PDF to attach; mailing without it");
            None
        }
    })
}
