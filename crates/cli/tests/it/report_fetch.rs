//! `gongkai report fetch URLS.txt --output DIR` (issue 22, item 4) against a
//! small HTTP server on the loopback interface started here — never the
//! internet: pages and files saved with the kind their server gave, a
//! redirect followed, a redirect loop, a missing page, a file over the size
//! cap, a server too slow for the timeout, a line that is no URL; the
//! requests to the one host spaced by the politeness delay; and
//! `manifest.csv` saying what became of each line.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const PAGE: &str =
    "<html><body><h1>白沙县交通运输局2025年政府信息公开工作年度报告</h1></body></html>";

/// What the server answers for a path: status line, headers, body.
fn answer(path: &str) -> (String, Vec<(String, String)>, Vec<u8>) {
    let ok = |kind: &str, body: Vec<u8>| {
        (
            "200 OK".to_string(),
            vec![("Content-Type".to_string(), kind.to_string())],
            body,
        )
    };
    let moved = |to: &str| {
        (
            "302 Found".to_string(),
            vec![("Location".to_string(), to.to_string())],
            Vec::new(),
        )
    };
    match path {
        "/nb/2025.html" => ok("text/html; charset=utf-8", PAGE.as_bytes().to_vec()),
        "/files/report" => ok("application/pdf", b"%PDF-1.4 demo".to_vec()),
        "/download?id=7" => ok(
            "application/octet-stream",
            b"PK\x03\x04 a word file".to_vec(),
        ),
        "/old" => moved("/nb/2025.html"),
        "/loop" => moved("/loop"),
        // 2 MB, over a 1 MB cap.
        "/big.txt" => ok("text/plain", vec![b'0'; 2 * 1024 * 1024]),
        _ => ("404 Not Found".into(), Vec::new(), b"not here".to_vec()),
    }
}

/// Serves [`answer`] on a loopback port, recording when each path was
/// asked for; `/slow` answers after 6 seconds.
async fn serve() -> (String, Arc<Mutex<Vec<(String, Instant)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let log = log.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&request);
                let path = text.split(' ').nth(1).unwrap_or("/").to_string();
                log.lock().unwrap().push((path.clone(), Instant::now()));
                if path == "/slow" {
                    tokio::time::sleep(Duration::from_secs(6)).await;
                }
                let (status, headers, body) = answer(&path);
                let mut head = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
                    body.len()
                );
                for (k, v) in headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
            });
        }
    });
    (base, seen)
}

/// The manifest's rows (BOM and header removed), fields split on commas
/// (the test's values hold none).
fn manifest(dir: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir.join("manifest.csv")).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a BOM for spreadsheets");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("网址,文件,结果,HTTP状态码,内容类型,字节数,说明")
    );
    lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[tokio::test]
async fn report_fetch_downloads_politely_and_writes_a_manifest() {
    let (base, seen) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    let urls = [
        "/nb/2025.html",
        "/files/report",
        "/download?id=7",
        "/old",
        "/loop",
        "/missing",
        "/big.txt",
        "/slow",
    ];
    let mut text = String::from("# 2025年度报告\n\n");
    for u in urls {
        text.push_str(&format!("{base}{u}\n"));
    }
    text.push_str("ftp://example.org/report.txt\n");
    std::fs::write(&list, text).unwrap();
    let out_dir = dir.path().join("out");
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["report", "fetch"])
        .arg(&list)
        .arg("--output")
        .arg(&out_dir)
        .args([
            "--concurrency",
            "3",
            "--delay-ms",
            "200",
            "--timeout",
            "1",
            "--max-mb",
            "1",
        ])
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "some failed: {stderr}");
    assert!(
        stderr.contains("共 9 个网址：下载成功 4，失败 5"),
        "{stderr}"
    );

    let rows = manifest(&out_dir);
    assert_eq!(rows.len(), 9);
    let row = |i: usize| &rows[i];
    // Saved under the list's order, with the server's kind.
    assert_eq!(row(0)[1], "0001-2025.html");
    assert_eq!(row(0)[2], "成功");
    assert_eq!(row(0)[5], PAGE.len().to_string());
    assert_eq!(
        std::fs::read_to_string(out_dir.join("0001-2025.html")).unwrap(),
        PAGE
    );
    assert_eq!(row(1)[1], "0002-report.pdf");
    // A generic media type: the URL does not say either, so `bin`.
    assert_eq!(row(2)[1], "0003-download.bin");
    // The redirect is followed and said.
    assert_eq!(row(3)[1], "0004-2025.html");
    assert!(row(3)[6].contains("重定向到"), "{:?}", row(3));
    // The loop stops after five redirects.
    assert_eq!(row(4)[2], "失败");
    assert!(row(4)[6].contains("重定向超过5次"), "{:?}", row(4));
    assert_eq!(row(5)[3], "404");
    assert!(row(5)[6].contains("HTTP 404"), "{:?}", row(5));
    assert!(row(6)[6].contains("超过1MB"), "{:?}", row(6));
    assert!(!out_dir.join("0007-big.txt").exists());
    assert!(row(7)[6].contains("超时"), "{:?}", row(7));
    assert!(row(8)[6].contains("只下载 http"), "{:?}", row(8));
    // Exactly the successful files were written (and the manifest).
    let mut files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "0001-2025.html",
            "0002-report.pdf",
            "0003-download.bin",
            "0004-2025.html",
            "manifest.csv"
        ]
    );

    // Politeness: on the one host, no two requests began less than the
    // 200 ms delay apart (a little slack for the clock of the server).
    let mut times: Vec<Instant> = seen.lock().unwrap().iter().map(|(_, t)| *t).collect();
    times.sort();
    assert!(times.len() >= 8, "{times:?}");
    for pair in times.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(180),
            "requests {:?} apart",
            pair[1] - pair[0]
        );
    }
}
