//! The text layer of a PDF, by poppler's `pdftotext` (Debian poppler-utils,
//! which the platform requires): the one place the platform runs it, for an
//! item's body taken from a PDF (reading order) and for annual reports
//! (`-layout`: the page's columns kept by position, so a table's cells stay
//! apart). The program runs with a time limit and its output is capped, so
//! a hostile file costs at most [`TIME_LIMIT`] and [`MAX_TEXT_BYTES`].

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use thiserror::Error;

/// A PDF's text is extracted within this time, or the file is refused.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);

/// More text than any report or item body has (a 10 MB PDF of text gives a
/// few MB); past this the file is refused rather than held in memory.
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;

const PROGRAM: &str = "pdftotext";

/// Why a PDF's text could not be had. The messages say what to do; a
/// caller with a different remedy (an item's body) words its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PdfTextError {
    #[error(
        "本机未安装PDF文字提取程序 pdftotext（poppler-utils），无法读取PDF：请由管理员安装 poppler-utils，或把报告另存为网页、Word版或文本后再检查。"
    )]
    ToolMissing,
    #[error(
        "提取PDF文字超时（超过{}秒）：文件过大或过于复杂，请拆分后再试，或上传网页、Word版。",
        TIME_LIMIT.as_secs()
    )]
    TimedOut,
    #[error(
        "该PDF的文字超过{}MB，未读取：请只上传年度报告本身。",
        MAX_TEXT_BYTES / 1024 / 1024
    )]
    TooLarge,
    #[error("无法读取该PDF（文件损坏或已加密）：请检查后重新上传，或上传网页、Word版。")]
    Unreadable,
    #[error(
        "服务器暂时无法保存该PDF以提取文字（临时目录不可写或已满）：请稍后再试；仍不行请告知平台管理员。"
    )]
    Spool,
    #[error("该PDF没有文字层（可能是扫描件），无法读取表格；请上传网页、Word版或可复制文字的PDF。")]
    NoText,
}

/// How the text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// In reading order (an item's body, for search and for reading).
    Reading,
    /// The physical layout: columns kept apart by spaces (tables).
    Physical,
}

/// Whether `bytes` are a PDF: the header `%PDF-` within the first KiB, as
/// readers accept it.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// The text of the PDF at `path`.
pub fn text_of_file(path: &Path, layout: Layout) -> Result<String, PdfTextError> {
    run(PROGRAM, layout, Source::File(path), TIME_LIMIT)
}

/// The text of a report sent as PDF bytes, laid out by position.
pub fn report_text(bytes: &[u8]) -> Result<String, PdfTextError> {
    run(PROGRAM, Layout::Physical, Source::Bytes(bytes), TIME_LIMIT)
}

enum Source<'a> {
    File(&'a Path),
    Bytes(&'a [u8]),
}

fn run(
    program: &str,
    layout: Layout,
    source: Source<'_>,
    limit: Duration,
) -> Result<String, PdfTextError> {
    let mut cmd = Command::new(program);
    cmd.args(["-q", "-enc", "UTF-8", "-nopgbrk"]);
    if layout == Layout::Physical {
        cmd.arg("-layout");
    }
    // Bytes go to pdftotext as a private temporary file (mode 0600, removed
    // when dropped), never through a pipe: poppler reading a damaged PDF
    // from standard input spins in system calls until the time limit, the
    // same file on disk is refused at once.
    let spooled;
    let path = match source {
        Source::File(path) => path,
        Source::Bytes(bytes) => {
            spooled = spool(bytes).map_err(|_| PdfTextError::Spool)?;
            spooled.path()
        }
    };
    cmd.arg(path).stdin(Stdio::null());
    cmd.arg("-").stdout(Stdio::piped()).stderr(Stdio::null());
    // Any failure to start it (not found, not executable) means it is not
    // usable here: the person is told to install it.
    let mut child = cmd.spawn().map_err(|_| PdfTextError::ToolMissing)?;
    let reader = child
        .stdout
        .take()
        .map(|out| std::thread::spawn(move || capped(out)));
    let status = wait_until(&mut child, Instant::now() + limit);
    let output = reader.and_then(|r| r.join().ok()).flatten();
    let Some(status) = status else {
        return Err(PdfTextError::TimedOut);
    };
    if !status.success() {
        return Err(PdfTextError::Unreadable);
    }
    let bytes = output.ok_or(PdfTextError::TooLarge)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if text.trim().is_empty() {
        return Err(PdfTextError::NoText);
    }
    Ok(text)
}

/// `bytes` in a new temporary file of this user's only.
fn spool(bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut file = tempfile::Builder::new()
        .prefix("gongkai-pdf-")
        .suffix(".pdf")
        .tempfile()?;
    file.write_all(bytes)?;
    file.flush()?;
    Ok(file)
}

/// The child's exit status, or `None` when it ran past `deadline` (then it
/// is killed and reaped).
fn wait_until(
    child: &mut std::process::Child,
    deadline: Instant,
) -> Option<std::process::ExitStatus> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// All of `out`, or `None` when it is larger than [`MAX_TEXT_BYTES`] (read
/// to its end all the same, so that the program is not left blocked).
fn capped(mut out: impl Read) -> Option<Vec<u8>> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    let mut over = false;
    loop {
        match out.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) if !over && kept.len() + n <= MAX_TEXT_BYTES => {
                kept.extend_from_slice(&buf[..n]);
            }
            Ok(_) => {
                over = true;
                kept = Vec::new();
            }
        }
    }
    (!over).then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_tells_a_pdf() {
        assert!(is_pdf(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"));
        assert!(is_pdf(b"\r\n%PDF-1.4"));
        assert!(!is_pdf(b"<html>%PDF</html>"));
        assert!(!is_pdf(b""));
    }

    /// A damaged PDF, found by the `parse_pdf` fuzz target (a LibreOffice
    /// PDF of report 000 with bytes changed): poppler reading it from a
    /// pipe spins in system calls until the time limit (30 s here, a minute
    /// alone); from a file it gives its text at once.
    #[test]
    fn a_damaged_pdf_is_read_at_once_not_at_the_time_limit() {
        if Command::new(PROGRAM).arg("-v").output().is_err() {
            assert!(
                std::env::var_os("GONGKAI_TEST_REQUIRE_ALL").is_none(),
                "pdftotext (poppler-utils) is required"
            );
            return;
        }
        let bytes = include_bytes!("../tests/fixtures/pdf/damaged_xref.pdf");
        let started = Instant::now();
        let got = report_text(bytes);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
        // Its first page is report 000's table 二 as LibreOffice set it.
        assert!(got.expect("text").contains("主动公开政府信息情况"));
    }

    #[test]
    fn a_missing_program_is_told_not_a_panic() {
        let got = run(
            "gongkai-no-such-pdftotext",
            Layout::Physical,
            Source::Bytes(b"%PDF-1.4"),
            TIME_LIMIT,
        );
        assert_eq!(got, Err(PdfTextError::ToolMissing));
        assert!(got.unwrap_err().to_string().contains("poppler-utils"));
    }

    #[test]
    fn a_program_running_past_the_limit_is_stopped() {
        // `sleep 5` stands in for a pdftotext that never finishes.
        let started = Instant::now();
        let mut child = Command::new("sleep").arg("5").spawn().expect("sleep");
        assert_eq!(
            wait_until(&mut child, Instant::now() + Duration::from_millis(100)),
            None
        );
        assert!(started.elapsed() < Duration::from_secs(4));
    }

    #[test]
    fn output_past_the_cap_is_refused() {
        let big = std::io::repeat(b'x').take(MAX_TEXT_BYTES as u64 + 1);
        assert_eq!(capped(big), None);
        let small = std::io::repeat(b'x').take(10);
        assert_eq!(capped(small), Some(b"xxxxxxxxxx".to_vec()));
    }
}
