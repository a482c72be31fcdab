//! Large and hostile inputs (~10 MB each) are read without a panic (nor a
//! stack overflow): a real report repeated with page noise, 10 MB of `|`,
//! one huge line, deeply nested `<table><tr><td>`, and many unclosed tags.
//! How long they take is measured by `gongkai bench parse` (which builds
//! the same inputs), not here: tests are not timed.

use gongkai_parse::{check_all, parse_bytes};

const SIZE: usize = 10 * 1024 * 1024;

const CORPUS_000: &str = include_str!("corpus/000_a83da41d4916728f.txt");

/// Page noise of the kind copied along with reports (corpus `004_…`).
const NOISE: [&str; 6] = [
    "首页 > 政府信息公开 > 政府信息公开年度报告",
    "【打印本页】【关闭窗口】 字体：大 中 小",
    "365bet体育在线投注 | 官方网站 | 点击进入",
    "| | | 3 | 4,657 | — | / |",
    "<div class=\"nav\">网站地图 | 联系我们</div>",
    "浏览次数：12345 发布时间：2021-01-29 来源：办公室",
];

/// Corpus `000_…` repeated to `SIZE`, with a noise line now and then.
fn repeated_with_noise() -> Vec<u8> {
    let mut out = String::with_capacity(SIZE + CORPUS_000.len());
    let mut i = 0usize;
    while out.len() < SIZE {
        for line in CORPUS_000.lines() {
            out.push_str(line);
            out.push('\n');
            i += 1;
            if i.is_multiple_of(7) {
                out.push_str(NOISE[i / 7 % NOISE.len()]);
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}

/// `unit` repeated to `SIZE` bytes.
fn repeated(unit: &str) -> Vec<u8> {
    unit.repeat(SIZE / unit.len() + 1).into_bytes()
}

/// The hostile inputs, by name.
fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let one_line = CORPUS_000.replace('\n', " ");
    vec![
        ("corpus 000 repeated with noise", repeated_with_noise()),
        ("10 MB of |", repeated("|")),
        ("one huge line", repeated(&one_line)),
        ("nested <table><tr><td>", repeated("<table><tr><td>")),
        (
            "unclosed tags",
            repeated(
                "<p><b><span style=\"x\"><td rowspan=\"9999999\" colspan=\"1000\">12<tr><div>三、本年度办理结果<table>",
            ),
        ),
        (
            "huge rowspan",
            repeated(
                "<table><tr><td rowspan=\"4294967295\" colspan=\"4294967295\">0</td></tr></table>\n",
            ),
        ),
        ("one cell per line", repeated("0\n")),
    ]
}

#[test]
fn ten_megabyte_inputs_are_read_without_panic() {
    for (name, bytes) in inputs() {
        assert!(bytes.len() >= SIZE, "{name}: {} bytes", bytes.len());
        // Run on a thread with the default stack of a spawned thread (2 MiB),
        // smaller than the main thread's: deep nesting must not recurse.
        let outcome = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let parsed = parse_bytes(name, &bytes);
                let layout = parsed.as_ref().map(|p| p.layout).map_err(|e| e.to_string());
                if let Ok(p) = parsed {
                    let checked = check_all(vec![p]);
                    let _ = checked[0].to_json();
                }
                layout
            })
            .expect("spawn")
            .join();
        match outcome {
            Ok(layout) => eprintln!("{name}: {layout:?}"),
            Err(_) => panic!("{name}: the reader panicked"),
        }
    }
}
