//! Inputs the reader must survive: ten-megabyte and hostile files (a real
//! report repeated with page noise, 10 MB of `|`, one huge line, deeply
//! nested or unclosed HTML, absurd spans, one number per line). Shared by
//! the no-panic test (`tests/size.rs`) and `gongkai bench parse`, which
//! times them.

/// Corpus report `000_…` (a 2020 county bureau report, 2019 format).
pub const CORPUS_000: &str = include_str!("../tests/corpus/000_a83da41d4916728f.txt");

/// Page noise of the kind copied along with reports (corpus `004_…`).
const NOISE: [&str; 6] = [
    "首页 > 政府信息公开 > 政府信息公开年度报告",
    "【打印本页】【关闭窗口】 字体：大 中 小",
    "365bet体育在线投注 | 官方网站 | 点击进入",
    "| | | 3 | 4,657 | — | / |",
    "<div class=\"nav\">网站地图 | 联系我们</div>",
    "浏览次数：12345 发布时间：2021-01-29 来源：办公室",
];

/// Corpus `000_…` repeated to `size` bytes, with a noise line now and then.
fn repeated_with_noise(size: usize) -> Vec<u8> {
    let mut out = String::with_capacity(size + CORPUS_000.len());
    let mut i = 0usize;
    while out.len() < size {
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

/// `unit` repeated to at least `size` bytes.
fn repeated(unit: &str, size: usize) -> Vec<u8> {
    unit.repeat(size / unit.len().max(1) + 1).into_bytes()
}

/// The hostile inputs of at least `size` bytes each: (name in Chinese, bytes).
pub fn large_inputs(size: usize) -> Vec<(&'static str, Vec<u8>)> {
    let one_line = CORPUS_000.replace('\n', " ");
    vec![
        ("报告 000 重复并夹杂网页杂质", repeated_with_noise(size)),
        ("10 MB 的竖线字符", repeated("|", size)),
        (
            "一整行（报告 000 去掉换行后重复）",
            repeated(&one_line, size),
        ),
        (
            "层层嵌套的 <table><tr><td>",
            repeated("<table><tr><td>", size),
        ),
        (
            "大量未闭合的标签",
            repeated(
                "<p><b><span style=\"x\"><td rowspan=\"9999999\" colspan=\"1000\">12<tr><div>三、本年度办理结果<table>",
                size,
            ),
        ),
        (
            "超大 rowspan/colspan",
            repeated(
                "<table><tr><td rowspan=\"4294967295\" colspan=\"4294967295\">0</td></tr></table>\n",
                size,
            ),
        ),
        ("每行一个数字", repeated("0\n", size)),
        (
            "表格挤成一行、数字连写，重复成多行",
            repeated(&glued_page(), size),
        ),
    ]
}

/// A page whose tables a crawler ran into one line (as the 平潭 reports),
/// each row's digits a long run of ones that splits many ways: the most
/// work the one-line reader can be given per line.
fn glued_page() -> String {
    const ROWS: [&str; 8] = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开",
        "（三）不予公开1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "（七）总计",
        "四、结转下年度继续办理",
    ];
    let mut line = String::from("二、主动公开政府信息情况 第二十条第（一）项规章111");
    for row in ROWS {
        line.push_str(row);
        line.push_str(&"1".repeat(24));
    }
    line.push_str("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼总计");
    line.push_str(&"1".repeat(40));
    line.push('\n');
    line
}
