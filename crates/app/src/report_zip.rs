//! A ZIP archive of annual reports uploaded for checking in bulk (the
//! check page): its report files, read within bounds — at most
//! [`MAX_ENTRIES`] reports, [`MAX_TOTAL_BYTES`] uncompressed in all, each
//! at most the check's file limit and at most [`MAX_RATIO`] times its
//! compressed size (a zip bomb stops there, whatever its headers claim).
//! Entries whose names climb out of the archive (`..`, absolute paths),
//! folders, hidden files and files that are not reports by their extension
//! are ignored.

use std::io::{Cursor, Read};

use crate::report_check::MAX_FILE_BYTES;

/// Most report files read from one archive.
pub const MAX_ENTRIES: usize = 500;
/// Most bytes read from one archive, uncompressed.
pub const MAX_TOTAL_BYTES: u64 = 100 * 1024 * 1024;
/// Largest ratio of an entry's uncompressed to compressed size.
pub const MAX_RATIO: u64 = 100;

const REPORT_EXTENSIONS: [&str; 8] = [
    "txt", "text", "htm", "html", "shtml", "xhtml", "docx", "pdf",
];

/// Whether an uploaded file is an archive to open (by its name: a Word
/// file is a ZIP too).
pub fn is_zip_name(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".zip")
}

/// An entry of the archive: its name (`archive.zip/folder/file.html`) and
/// its bytes, or why it was not read.
pub type Entry = (String, Result<Vec<u8>, String>);

/// The report files of an archive, in the archive's order; `Err` (in
/// Chinese) when it is not a ZIP archive or holds too many reports.
pub fn entries(archive: &str, bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        format!(
            "{archive}：不是有效的 ZIP 压缩文件，未检查。请重新压缩后上传，或直接上传报告文件。"
        )
    })?;
    let mut out = Vec::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(mut file) = zip.by_index(i) else {
            continue;
        };
        // A name meant to land outside the folder it is unpacked in is
        // ignored, not rewritten (`enclosed_name` is `None` for `..`).
        let raw = file.name();
        if raw.starts_with(['/', '\\']) || raw.contains(':') {
            continue;
        }
        let Some(path) = file.enclosed_name() else {
            continue;
        };
        let inner = path.to_string_lossy().replace('\\', "/");
        let base = inner.rsplit('/').next().unwrap_or_default();
        let is_report = base
            .rsplit_once('.')
            .is_some_and(|(_, e)| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if file.is_dir() || base.starts_with('.') || inner.starts_with("__MACOSX/") || !is_report {
            continue;
        }
        if out.len() >= MAX_ENTRIES {
            return Err(format!(
                "{archive}：压缩文件中的报告超过{MAX_ENTRIES}份，未检查。请分成几个压缩文件上传。"
            ));
        }
        let name = format!("{archive}/{inner}");
        let cap = (MAX_FILE_BYTES as u64)
            .min(file.compressed_size().saturating_mul(MAX_RATIO).max(1024))
            .min(MAX_TOTAL_BYTES - total);
        let mut data = Vec::new();
        let read = (&mut file).take(cap + 1).read_to_end(&mut data);
        total += data.len() as u64;
        let result = match read {
            Err(_) => Err("压缩文件中的这个文件已损坏，无法解压。".to_string()),
            Ok(_) if data.len() as u64 > cap => Err(if total >= MAX_TOTAL_BYTES {
                format!(
                    "解压后的内容超过{}MB的上限，这个文件及以后的文件未检查。请分成几个压缩文件上传。",
                    MAX_TOTAL_BYTES / 1024 / 1024
                )
            } else {
                format!(
                    "解压后超过{}MB，或压缩比异常（超过{MAX_RATIO}倍），未检查。",
                    MAX_FILE_BYTES / 1024 / 1024
                )
            }),
            Ok(_) => Ok(data),
        };
        let stop = total >= MAX_TOTAL_BYTES;
        out.push((name, result));
        if stop {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn archive(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in files {
            w.start_file(*name, options).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn reports_are_read_and_climbing_names_and_other_files_ignored() {
        let bytes = archive(&[
            ("a/2024.html", b"<p>2024</p>"),
            ("../evil.txt", b"x"),
            ("/etc/passwd.txt", b"x"),
            ("notes.xlsx", b"x"),
            (".hidden.txt", b"x"),
            ("b.txt", b"text"),
        ]);
        let got = entries("r.zip", &bytes).unwrap();
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["r.zip/a/2024.html", "r.zip/b.txt"]);
        assert_eq!(got[1].1.as_deref(), Ok(&b"text"[..]));
    }

    #[test]
    fn a_bomb_stops_at_the_ratio() {
        // 5 MB of zeros compress to a few KB: far over 100 times.
        let zeros = vec![0u8; 5 * 1024 * 1024];
        let bytes = archive(&[("bomb.txt", &zeros)]);
        let got = entries("b.zip", &bytes).unwrap();
        assert!(got[0].1.as_ref().unwrap_err().contains("压缩比异常"));
    }

    #[test]
    fn not_an_archive_is_refused() {
        assert!(
            entries("x.zip", b"not a zip")
                .unwrap_err()
                .contains("不是有效的 ZIP")
        );
    }
}
