//! Uploaded files (identity proofs, later attachments): type checked by
//! content, size-limited, stored by SHA-256 under the data directory.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Largest accepted upload.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// A stored file.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub sha256: String,
    pub filename: String,
    pub content_type: &'static str,
    pub size: i64,
}

/// Why an upload was refused, in words for the applicant.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("文件“{name}”超过10MB（{size_mb:.1}MB），请压缩或分页扫描后重新上传。")]
    TooLarge { name: String, size_mb: f64 },
    #[error("文件“{0}”是空文件，请重新选择。")]
    Empty(String),
    #[error("文件“{0}”的格式不受支持：请上传 PDF、JPG 或 PNG 格式的文件。")]
    WrongType(String),
    #[error("文件“{0}”的格式不受支持：附件请使用 PDF、DOCX、XLSX、JPG 或 PNG 格式。")]
    WrongDocumentType(String),
    #[error("保存文件时出错，请稍后重试。")]
    Io(#[from] std::io::Error),
}

/// Office documents are ZIP packages: the content shows ZIP, the name says which.
pub fn sniff_document(filename: &str, bytes: &[u8]) -> Option<&'static str> {
    if let Some(t) = sniff(bytes) {
        return Some(t);
    }
    let lower = filename.to_lowercase();
    if bytes.starts_with(b"PK\x03\x04") {
        if lower.ends_with(".docx") {
            return Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        }
        if lower.ends_with(".xlsx") {
            return Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        }
    }
    None
}

/// Store an attachment of a published item: PDF, DOCX, XLSX or an image.
pub async fn store_document(
    data_dir: &Path,
    filename: &str,
    bytes: &[u8],
) -> Result<StoredFile, UploadError> {
    let name = sanitize(filename);
    let Some(content_type) = sniff_document(&name, bytes) else {
        return Err(UploadError::WrongDocumentType(name));
    };
    let mut stored = store_checked(data_dir, &name, bytes, content_type).await?;
    stored.filename = name;
    Ok(stored)
}

/// The type a file's first bytes show; the name's extension is not trusted.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// Where a file with this hash lives.
pub fn path_for(data_dir: &Path, sha256: &str) -> PathBuf {
    data_dir.join("files").join(&sha256[..2]).join(sha256)
}

/// Check and store an upload. Identical content is stored once.
pub async fn store(
    data_dir: &Path,
    filename: &str,
    bytes: &[u8],
) -> Result<StoredFile, UploadError> {
    let name = sanitize(filename);
    if bytes.is_empty() {
        return Err(UploadError::Empty(name));
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(UploadError::TooLarge {
            name,
            size_mb: bytes.len() as f64 / 1024.0 / 1024.0,
        });
    }
    let content_type = sniff(bytes).ok_or_else(|| UploadError::WrongType(name.clone()))?;
    store_checked(data_dir, &name, bytes, content_type).await
}

async fn store_checked(
    data_dir: &Path,
    name: &str,
    bytes: &[u8],
    content_type: &'static str,
) -> Result<StoredFile, UploadError> {
    let name = name.to_string();
    if bytes.is_empty() {
        return Err(UploadError::Empty(name));
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(UploadError::TooLarge {
            name,
            size_mb: bytes.len() as f64 / 1024.0 / 1024.0,
        });
    }
    let sha256 = hex::encode(Sha256::digest(bytes));
    let path = path_for(data_dir, &sha256);
    if !path.exists() {
        let dir = path.parent().expect("hash path has a parent");
        tokio::fs::create_dir_all(dir).await?;
        // Write then rename, so a crash never leaves half a file under the hash.
        // The temporary name is unique: two requests uploading the same file at
        // once must not rename each other's temporary file away (the content
        // is the same, so whichever rename lands last is right).
        let tmp = dir.join(format!("{sha256}.{:016x}.part", rand::random::<u64>()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
    }
    Ok(StoredFile {
        sha256,
        filename: name,
        content_type,
        size: bytes.len() as i64,
    })
}

/// Keep a display name: no path parts, no control characters, at most 100 chars.
fn sanitize(filename: &str) -> String {
    let base = filename.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    if clean.trim().is_empty() {
        "未命名文件".into()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_recognised_by_content() {
        assert_eq!(sniff(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"MZ\x90\x00 an exe renamed to .pdf"), None);
    }

    #[test]
    fn names_lose_their_paths() {
        assert_eq!(sanitize("C:\\Users\\x\\身份证.pdf"), "身份证.pdf");
        assert_eq!(sanitize("../../etc/passwd"), "passwd");
        assert_eq!(sanitize(""), "未命名文件");
    }

    #[tokio::test]
    async fn refused_uploads_say_why() {
        let dir = std::env::temp_dir().join(format!("gk-up-{}", std::process::id()));
        let big = vec![b'%'; MAX_UPLOAD_BYTES + 1];
        let e = store(&dir, "大文件.pdf", &big)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("超过10MB"), "{e}");
        let e = store(&dir, "a.exe", b"MZ....")
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("PDF、JPG 或 PNG"), "{e}");
        let ok = store(&dir, "证明.pdf", b"%PDF-1.4 test").await.unwrap();
        assert!(path_for(&dir, &ok.sha256).exists());
        let _ = std::fs::remove_dir_all(dir);
    }
}
