//! `gongkai report fetch URLS.txt --output DIR`: downloads the report pages
//! and files an evaluator listed, one URL per line (blank lines and lines
//! starting with `#` are skipped), for `gongkai report check DIR`.
//!
//! Careful with the sites it visits: HTTP(S) only, a timeout per request,
//! at most `--concurrency` downloads at once, requests to one host spaced
//! by `--delay-ms`, at most [`MAX_REDIRECTS`] redirects, bodies larger than
//! `--max-mb` refused (stopped while reading, whatever the headers say).
//! Each file keeps the kind its server gave (`Content-Type`, else the URL's
//! extension), named `NNNN-name.ext` in the order listed; `manifest.csv`
//! (UTF-8 with BOM, for spreadsheet programs) says per URL which file it
//! became or why it failed.
//!
//! Exit code: 0 every URL downloaded, 1 some failed, 2 the list or the
//! output folder could not be used.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Args;
use reqwest::Url;
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// Most URLs read from one list.
pub const MAX_URLS: usize = 10_000;
/// Most redirects followed per URL.
pub const MAX_REDIRECTS: usize = 5;
/// The manifest's file name in the output folder.
pub const MANIFEST: &str = "manifest.csv";

#[derive(Args)]
pub struct FetchArgs {
    /// 网址清单：每行一个 http(s) 网址，空行和以 # 开头的行忽略
    #[arg(value_name = "URLS.txt")]
    urls: PathBuf,
    /// 保存下载文件和 manifest.csv 的目录（不存在时创建）
    #[arg(long, value_name = "DIR")]
    output: PathBuf,
    /// 同时下载的数量（1–16）
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// 对同一网站相邻两次请求的间隔（毫秒，0–60000）
    #[arg(long, default_value_t = 1000)]
    delay_ms: u64,
    /// 每个请求的超时（秒，1–600）
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// 单个文件的大小上限（MB，1–200）
    #[arg(long, default_value_t = 20)]
    max_mb: u64,
}

/// What became of one URL.
#[derive(Debug, Clone, Default)]
struct Outcome {
    url: String,
    file: String,
    ok: bool,
    http_status: Option<u16>,
    content_type: String,
    bytes: usize,
    /// Where the file came from after redirects, when elsewhere.
    redirected_to: Option<String>,
    message: String,
}

/// The checked settings of one run.
struct Limits {
    concurrency: usize,
    delay: Duration,
    max_bytes: usize,
}

fn validate(args: &FetchArgs) -> Result<Limits, String> {
    if !(1..=16).contains(&args.concurrency) {
        return Err(format!(
            "--concurrency 为{}：同时下载的数量应在1到16之间，请改正后重试。",
            args.concurrency
        ));
    }
    if args.delay_ms > 60_000 {
        return Err(format!(
            "--delay-ms 为{}：同一网站两次请求的间隔应在0到60000毫秒之间，请改正后重试。",
            args.delay_ms
        ));
    }
    if !(1..=600).contains(&args.timeout) {
        return Err(format!(
            "--timeout 为{}：超时应在1到600秒之间，请改正后重试。",
            args.timeout
        ));
    }
    if !(1..=200).contains(&args.max_mb) {
        return Err(format!(
            "--max-mb 为{}：文件大小上限应在1到200MB之间，请改正后重试。",
            args.max_mb
        ));
    }
    Ok(Limits {
        concurrency: args.concurrency,
        delay: Duration::from_millis(args.delay_ms),
        max_bytes: args.max_mb as usize * 1024 * 1024,
    })
}

/// The lines of the list that name a URL, in order: the URL parsed, or
/// why the line is not one.
fn read_list(text: &str) -> Vec<(String, Result<Url, String>)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| (l.to_string(), parse_url(l)))
        .collect()
}

fn parse_url(line: &str) -> Result<Url, String> {
    let url = Url::parse(line).map_err(|_| {
        "不是有效的网址：应以 http:// 或 https:// 开头，例如 https://www.example.gov.cn/nb/2024.html".to_string()
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("只下载 http:// 或 https:// 网址。".into());
    }
    Ok(url)
}

pub async fn run(args: FetchArgs) -> ExitCode {
    match fetch(&args).await {
        Ok(outcomes) => {
            let failed = outcomes.iter().filter(|o| !o.ok).count();
            eprintln!(
                "共 {} 个网址：下载成功 {}，失败 {failed}；清单见 {}。",
                outcomes.len(),
                outcomes.len() - failed,
                args.output.join(MANIFEST).display()
            );
            if failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("错误：{message}");
            ExitCode::from(2)
        }
    }
}

async fn fetch(args: &FetchArgs) -> Result<Vec<Outcome>, String> {
    let limits = validate(args)?;
    let text = std::fs::read(&args.urls)
        .map_err(|e| format!("无法读取网址清单 {}：{e}", args.urls.display()))?;
    let list = read_list(&String::from_utf8_lossy(&text));
    if list.is_empty() {
        return Err(format!(
            "网址清单 {} 中没有网址：请每行写一个 http(s) 网址。",
            args.urls.display()
        ));
    }
    if list.len() > MAX_URLS {
        return Err(format!(
            "网址清单有{}个网址，超过{MAX_URLS}个的上限：请分成几份清单分批下载。",
            list.len()
        ));
    }
    std::fs::create_dir_all(&args.output)
        .map_err(|e| format!("无法创建输出目录 {}：{e}", args.output.display()))?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(args.timeout))
        .connect_timeout(Duration::from_secs(args.timeout.min(30)))
        // Redirects are followed by hand, each waiting its turn (politeness).
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("gongkai-report-fetch/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("无法建立网络连接：{e}"))?;
    let shared = Arc::new(Shared {
        client,
        permits: Semaphore::new(limits.concurrency),
        limits,
        hosts: Mutex::new(HashMap::new()),
        output: args.output.clone(),
    });
    let width = list.len().to_string().len().max(4);
    let tasks: Vec<_> = list
        .into_iter()
        .enumerate()
        .map(|(i, (line, url))| {
            let shared = shared.clone();
            tokio::spawn(async move {
                match url {
                    Ok(url) => shared.download(i + 1, width, url).await,
                    Err(message) => Outcome {
                        url: line,
                        message,
                        ..Outcome::default()
                    },
                }
            })
        })
        .collect();
    let mut outcomes = Vec::with_capacity(tasks.len());
    for t in tasks {
        outcomes.push(t.await.map_err(|e| format!("下载任务出错：{e}"))?);
    }
    std::fs::write(args.output.join(MANIFEST), manifest(&outcomes))
        .map_err(|e| format!("无法写入 {}：{e}", args.output.join(MANIFEST).display()))?;
    Ok(outcomes)
}

struct Shared {
    client: reqwest::Client,
    limits: Limits,
    permits: Semaphore,
    /// Per host: when its next request may start.
    hosts: Mutex<HashMap<String, Instant>>,
    output: PathBuf,
}

impl Shared {
    /// Waits for this host's turn: each request to a host starts at least
    /// the politeness delay after the one before it.
    async fn polite(&self, host: &str) {
        let start = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let slot = hosts.entry(host.to_string()).or_insert(now);
            let start = (*slot).max(now);
            *slot = start + self.limits.delay;
            start
        };
        tokio::time::sleep_until(start).await;
    }

    async fn download(&self, index: usize, width: usize, url: Url) -> Outcome {
        let mut o = Outcome {
            url: url.to_string(),
            ..Outcome::default()
        };
        let Ok(_permit) = self.permits.acquire().await else {
            o.message = "下载已中止。".into();
            return o;
        };
        match self.get(&url, &mut o).await {
            Ok(body) => {
                let from = o.redirected_to.as_deref().unwrap_or(url.as_str());
                let name = file_name(index, width, from, &o.content_type);
                match std::fs::write(self.output.join(&name), &body) {
                    Ok(()) => {
                        o.ok = true;
                        o.file = name;
                        o.message = match &o.redirected_to {
                            Some(to) => format!("已下载（重定向到 {to}）"),
                            None => "已下载".into(),
                        };
                    }
                    Err(e) => o.message = format!("无法保存文件：{e}"),
                }
            }
            Err(message) => o.message = message,
        }
        eprintln!(
            "{}：{}",
            o.url,
            if o.ok { o.file.as_str() } else { &o.message }
        );
        o
    }

    /// The response at the end of the redirects, each hop waiting for the
    /// host's turn like any request.
    async fn follow(&self, url: &Url) -> Result<reqwest::Response, String> {
        let mut at = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            self.polite(at.host_str().unwrap_or_default()).await;
            let response = self.client.get(at.clone()).send().await.map_err(|e| {
                if e.is_timeout() {
                    "请求超时：网站没有及时响应，可稍后重试或加大 --timeout。".to_string()
                } else if e.is_connect() {
                    "无法连接到网站。".to_string()
                } else {
                    format!("下载失败：{e}")
                }
            })?;
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok());
            match location {
                Some(to) if response.status().is_redirection() => {
                    at = at
                        .join(to)
                        .ok()
                        .filter(|u| matches!(u.scheme(), "http" | "https"))
                        .ok_or_else(|| format!("重定向到无效的网址（{to}），未下载。"))?;
                }
                _ => return Ok(response),
            }
        }
        Err(format!("重定向超过{MAX_REDIRECTS}次，未下载。"))
    }

    /// The body, read up to the size limit.
    async fn get(&self, url: &Url, o: &mut Outcome) -> Result<Vec<u8>, String> {
        let mut response = self.follow(url).await?;
        o.http_status = Some(response.status().as_u16());
        o.content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        if response.url() != url {
            o.redirected_to = Some(response.url().to_string());
        }
        if !response.status().is_success() {
            return Err(format!(
                "网站返回 HTTP {}，未下载。",
                response.status().as_u16()
            ));
        }
        let max = self.limits.max_bytes;
        let too_large = || format!("文件超过{}MB的上限，未下载。", max / 1024 / 1024);
        if response.content_length().is_some_and(|n| n > max as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            if e.is_timeout() {
                "读取超时：文件未下载完。".to_string()
            } else {
                format!("下载中断：{e}")
            }
        })? {
            if body.len() + chunk.len() > max {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        o.bytes = body.len();
        Ok(body)
    }
}

/// The extension of what was downloaded: from the media type the server
/// gave; for a generic one, from the URL.
fn extension(url: &str, content_type: &str) -> &'static str {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let by_type = match media.as_str() {
        "text/html" | "application/xhtml+xml" => Some("html"),
        "text/plain" => Some("txt"),
        "application/pdf" => Some("pdf"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Some("docx"),
        "application/msword" => Some("doc"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some("xlsx"),
        "application/vnd.ms-excel" => Some("xls"),
        "application/zip" => Some("zip"),
        _ => None,
    };
    if let Some(e) = by_type {
        return e;
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    let ext = last
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    const KNOWN: [&str; 12] = [
        "html", "htm", "shtml", "txt", "pdf", "docx", "doc", "xlsx", "xls", "wps", "zip", "xhtml",
    ];
    KNOWN.iter().find(|k| **k == ext).copied().unwrap_or("bin")
}

/// `0007-2024年报.html`: the position in the list (so names never clash),
/// and the last part of the URL's path (or its host), letters, digits and
/// CJK only, shortened.
fn file_name(index: usize, width: usize, url: &str, content_type: &str) -> String {
    let parsed = Url::parse(url).ok();
    let segment = parsed
        .as_ref()
        .and_then(|u| {
            u.path_segments()?
                .rev()
                .find(|s| !s.is_empty())
                .map(str::to_string)
        })
        .map(|s| {
            let decoded = percent_decode(&s);
            decoded
                .rsplit_once('.')
                .map_or(decoded.clone(), |(stem, _)| stem.to_string())
        })
        .or_else(|| {
            parsed
                .as_ref()
                .and_then(|u| u.host_str().map(str::to_string))
        })
        .unwrap_or_default();
    let clean: String = segment
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let stem = if clean.is_empty() {
        "report".into()
    } else {
        clean
    };
    format!("{index:0width$}-{stem}.{}", extension(url, content_type))
}

/// `%E5%B9%B4` → `年`; invalid sequences are kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(hex) = std::str::from_utf8(&bytes[i + 1..i + 3])
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The manifest: a header and one row per URL, in the list's order.
fn manifest(outcomes: &[Outcome]) -> String {
    let mut s = String::from("\u{feff}网址,文件,结果,HTTP状态码,内容类型,字节数,说明\n");
    for o in outcomes {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{}",
            csv_field(&o.url),
            csv_field(&o.file),
            if o.ok { "成功" } else { "失败" },
            o.http_status.map(|c| c.to_string()).unwrap_or_default(),
            csv_field(&o.content_type),
            if o.ok {
                o.bytes.to_string()
            } else {
                String::new()
            },
            csv_field(&o.message),
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_follows_the_media_type_then_the_url() {
        assert_eq!(extension("http://a/x", "text/html; charset=gbk"), "html");
        assert_eq!(
            extension("http://a/x.pdf?v=1", "application/octet-stream"),
            "pdf"
        );
        assert_eq!(extension("http://a/x.exe", ""), "bin");
    }

    #[test]
    fn file_names_keep_the_order_and_the_last_path_segment() {
        assert_eq!(
            file_name(
                7,
                4,
                "http://a.gov.cn/nb/%E5%B9%B4%E6%8A%A5.html",
                "text/html"
            ),
            "0007-年报.html"
        );
        assert_eq!(
            file_name(12, 4, "http://a.gov.cn/", "text/plain"),
            "0012-a_gov_cn.txt"
        );
        assert_eq!(percent_decode("%E5%B9%B4%2"), "年%2");
    }

    #[test]
    fn the_list_skips_comments_and_names_bad_lines() {
        let list = read_list("# 清单\n\nhttp://a/1\nftp://b/2\n不是网址\n");
        assert_eq!(list.len(), 3);
        assert!(list[0].1.is_ok());
        assert!(list[1].1.as_ref().unwrap_err().contains("只下载"));
        assert!(list[2].1.as_ref().unwrap_err().contains("不是有效的网址"));
    }
}
