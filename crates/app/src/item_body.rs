//! 正文取自文件: an item's body taken from a DOCX (converted to the
//! body's HTML, its pictures kept as attachments) or from a PDF (published
//! as the body itself, its text extracted for search and for readers who
//! cannot open it). The file stays an attachment: the original is always
//! there to download. One command, one transaction of item events; the
//! file rows follow the events as for any attachment.

use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::ItemAction;
use gongkai_domain::catalogue::body::{BodyFormat, BodySource, SourceKind, sanitize};
use gongkai_store::NewItemAttachment;

use crate::catalogue_work::{self, ItemBundle};
use crate::error::RecordError;
use crate::uploads::{self, StoredFile};
use crate::{App, Error};

/// Take the body of the item in `bundle` from the uploaded file. Returns
/// what to tell the editor.
pub async fn take_from_file(
    app: &App,
    bundle: &ItemBundle,
    actor: Actor,
    filename: &str,
    bytes: &[u8],
) -> Result<String, RecordError> {
    if !bundle.view.state.is_editable() {
        return Err(RecordError::Refused(format!(
            "该信息当前为“{}”，不能更换正文：只有草稿和被退回的信息可以修改。",
            bundle.view.state.label_zh()
        )));
    }
    let file = uploads::store_document(&app.settings.data_dir, filename, bytes)
        .await
        .map_err(|e| RecordError::Refused(e.to_string()))?;
    let mut metadata = bundle.view.metadata.clone();
    let mut files = vec![file.clone()];
    let notice = match file.content_type {
        "application/pdf" => {
            let text = pdf_text(&uploads::path_for(&app.settings.data_dir, &file.sha256)).await?;
            metadata.body = text;
            metadata.body_format = BodyFormat::Text;
            metadata.body_source = Some(source(&file, SourceKind::Pdf));
            format!(
                "已将“{}”作为正文：公开页面显示该PDF，并附提取的文字供检索和阅读。",
                file.filename
            )
        }
        t if t.contains("wordprocessingml") => {
            let (html, mut pictures, skipped) = docx_body(app, bytes).await?;
            files.append(&mut pictures);
            metadata.body = html;
            metadata.body_format = BodyFormat::Html;
            metadata.body_source = Some(source(&file, SourceKind::Docx));
            let mut n = format!(
                "已将“{}”转换为正文（标题、段落、列表和表格已保留），请核对后提交。",
                file.filename
            );
            if skipped > 0 {
                n.push_str(&format!(
                    "其中{skipped}张图片不是PNG或JPG格式，未能放入正文，请转换后作为附件上传。"
                ));
            }
            n
        }
        _ => {
            return Err(RecordError::Refused(
                "正文只能取自Word（.docx）或PDF文件；图片和表格文件请作为附件上传。".into(),
            ));
        }
    };
    let existing = app
        .store
        .item_attachments(bundle.record.id)
        .await
        .map_err(Error::from)?;
    let attached = |sha: &str| existing.iter().any(|a| a.sha256 == sha);
    let new_files = files
        .iter()
        .filter(|f| !attached(&f.sha256))
        .map(|f| NewItemAttachment {
            item_id: bundle.record.id,
            sha256: f.sha256.clone(),
            filename: f.filename.clone(),
            content_type: f.content_type.into(),
            size: f.size,
        })
        .collect();
    let then = vec![ItemAction::Edited { metadata }];
    let note = format!("正文取自文件“{}”", file.filename);
    catalogue_work::attach(
        app,
        bundle,
        bundle.next_seq(),
        actor,
        new_files,
        (then, note),
    )
    .await?;
    Ok(notice)
}

fn source(f: &StoredFile, kind: SourceKind) -> BodySource {
    BodySource {
        sha256: f.sha256.clone(),
        filename: f.filename.clone(),
        kind,
    }
}

/// The DOCX's body HTML with its pictures stored and addressed as the
/// item's attachments; how many pictures could not be kept.
async fn docx_body(
    app: &App,
    bytes: &[u8],
) -> Result<(String, Vec<StoredFile>, usize), RecordError> {
    let doc = gongkai_parse::office::docx_to_html(bytes)
        .map_err(|e| RecordError::Refused(e.to_string()))?;
    let mut html = doc.html;
    let mut stored = Vec::new();
    let mut skipped = 0;
    for (n, image) in doc.images.iter().enumerate() {
        let placeholder = format!("docx-media:{n}\"");
        match uploads::sniff(&image.bytes).filter(|t| t.starts_with("image/")) {
            Some(_) => {
                let f = uploads::store_document(&app.settings.data_dir, &image.name, &image.bytes)
                    .await
                    .map_err(|e| RecordError::Refused(e.to_string()))?;
                let href = format!("/files/{}/{}\"", f.sha256, percent(&f.filename));
                html = html.replace(&placeholder, &href);
                stored.push(f);
            }
            None => skipped += 1,
        }
    }
    // Pictures not stored lose their `<img>` here (their source is no attachment).
    Ok((sanitize(&html).html, stored, skipped))
}

/// A file name as a path segment (the same encoding the web layer uses).
fn percent(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text of a PDF by `pdftotext` (poppler-utils), in reading order, by
/// the platform's one runner of it ([`gongkai_parse::pdf`]: time limit,
/// output cap) on a blocking thread. Without the program, or on a scanned
/// PDF with no text, the editor is told plainly: the body must then be
/// typed or pasted.
async fn pdf_text(path: &std::path::Path) -> Result<String, RecordError> {
    use gongkai_parse::pdf::{Layout, PdfTextError, text_of_file};
    let path = path.to_path_buf();
    let run = tokio::task::spawn_blocking(move || text_of_file(&path, Layout::Reading)).await;
    let refused = |m: &str| Err(RecordError::Refused(m.into()));
    let text = match run {
        Ok(Ok(text)) => text,
        Ok(Err(PdfTextError::TimedOut)) => {
            return refused(
                "提取PDF文字超时：文件过大或过于复杂，请拆分后再上传，或粘贴正文文字。",
            );
        }
        Ok(Err(PdfTextError::TooLarge)) => {
            return refused("该PDF的文字过多，不能作为正文：请拆分后再上传，或粘贴正文文字。");
        }
        Ok(Err(PdfTextError::ToolMissing)) => {
            return refused(
                "服务器未安装PDF文字提取程序（poppler-utils），暂不能以PDF作为正文：请粘贴正文文字，或把PDF作为附件上传。",
            );
        }
        Ok(Err(PdfTextError::Unreadable)) | Err(_) => {
            return refused("无法读取该PDF（文件损坏或已加密），请检查后重新上传。");
        }
        Ok(Err(PdfTextError::Spool)) => {
            return refused(
                "服务器暂时无法处理该PDF（临时目录不可写或已满）：请稍后再试，或粘贴正文文字。",
            );
        }
        Ok(Err(PdfTextError::NoText)) => {
            return refused(
                "该PDF中没有可提取的文字（可能是扫描件）：请粘贴正文文字（可先做文字识别），再把PDF作为附件上传。",
            );
        }
    };
    let text: String = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Ok(text)
}
