//! Charts of the annual report as standalone SVG, drawn with plotters' SVG
//! backend. plotters is built without a font backend: the SVG holds its text
//! as `<text>` elements (the viewer's fonts show it), and label widths are
//! only estimated, so the label areas have fixed sizes here.
//!
//! - [`year_chart`]: horizontal bars of one year's key figures.
//! - [`trend_chart`]: one line per figure over the years of several reports,
//!   each year's value marked by a circle.
//!
//! Every SVG carries the report's title in `<title>`, and is an image for
//! screen readers (`role="img"`) whose `aria-label` says every figure drawn.

use gongkai_domain::markup::escape;
use gongkai_domain::report::AnnualReport;
use gongkai_domain::vocabulary::Table3RowKind;
use gongkai_domain::vocabulary::report_format::TABLE3_TOTAL_COLUMN;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{group_parts, results_heading, value};

const FONT: &str = "sans-serif";
const WIDTH: u32 = 960;
const BAR: RGBColor = RGBColor(0x2b, 0x5c, 0x9e);
const SERIES: [RGBColor; 4] = [
    RGBColor(0x2b, 0x5c, 0x9e),
    RGBColor(0xc0, 0x39, 0x2b),
    RGBColor(0x27, 0x8c, 0x4a),
    RGBColor(0xd3, 0x84, 0x00),
];

/// The 总计 of the table 三 row of `kind`.
fn total_of(r: &AnnualReport, kind: Table3RowKind) -> f64 {
    r.table3_key(kind)
        .and_then(|k| r.table3_row(k))
        .map_or(0.0, |cells| value(&cells[TABLE3_TOTAL_COLUMN]))
}

/// A label without its explanation in brackets:
/// `（二）部分公开（区分处理的…）` → `（二）部分公开`.
fn short(label: &str) -> &str {
    // Keep a leading number in brackets, e.g. `（二）`.
    let from = if label.starts_with('（') {
        label.find('）').map_or(0, |i| i + '）'.len_utf8())
    } else {
        0
    };
    let end = label[from..].find('（').map_or(label.len(), |i| from + i);
    &label[..end]
}

/// A year's key figures, in the order charted: 本年新收, 上年结转, the total
/// of each result group （一）…（六）, 结转下年度, and the 总计 of each group
/// of table 四.
pub(crate) fn year_figures(r: &AnnualReport) -> Vec<(String, f64)> {
    let mut out = vec![
        (
            "本年新收申请".to_string(),
            total_of(r, Table3RowKind::NewReceived),
        ),
        (
            "上年结转申请".to_string(),
            total_of(r, Table3RowKind::CarriedOver),
        ),
    ];
    let top = results_heading(r.format);
    let mut groups: Vec<(String, f64)> = Vec::new();
    for row in r.format.table3_rows() {
        if row.kind != Table3RowKind::Result {
            continue;
        }
        let name = short(
            row.parent_label()
                .filter(|p| Some(*p) != top)
                .unwrap_or(row.item_label()),
        );
        let v = r
            .table3_row(row.key)
            .map_or(0.0, |c| value(&c[TABLE3_TOTAL_COLUMN]));
        match groups.last_mut() {
            Some((g, sum)) if g == name => *sum += v,
            _ => groups.push((name.to_string(), v)),
        }
    }
    out.extend(groups);
    out.push((
        "结转下年度".to_string(),
        total_of(r, Table3RowKind::CarryNext),
    ));
    for (c, cell) in r.format.table4_columns().iter().zip(&r.table4) {
        if c.is_total() {
            let name = match group_parts(c.group) {
                (top, Some(sub)) => format!("{top}（{sub}）"),
                (top, None) => top.to_string(),
            };
            out.push((name, value(cell)));
        }
    }
    out
}

/// The figures of the trend chart for one report: 本年新收申请, 行政复议
/// (总计), 行政诉讼 (总计 of both kinds), 规范性文件 made in the year.
pub(crate) fn trend_figures(r: &AnnualReport) -> [(&'static str, f64); 4] {
    let mut reconsideration = 0.0;
    let mut litigation = 0.0;
    for (c, cell) in r.format.table4_columns().iter().zip(&r.table4) {
        if c.is_total() {
            if group_parts(c.group).1.is_some() {
                litigation += value(cell);
            } else {
                reconsideration += value(cell);
            }
        }
    }
    // Block （一）'s second row (行政规范性文件 / 规范性文件), first column
    // (本年制发件数 / 本年新制作数量).
    let normative = r
        .format
        .table2_blocks()
        .first()
        .and_then(|b| Some((b.block, *b.rows.get(1)?, *b.columns.first()?)))
        .and_then(|(b, row, col)| r.table2_cell(b, row, col))
        .map_or(0.0, value);
    [
        ("本年新收申请", total_of(r, Table3RowKind::NewReceived)),
        ("行政复议", reconsideration),
        ("行政诉讼", litigation),
        ("规范性文件制发", normative),
    ]
}

/// Puts `<title>` right after the opening `<svg …>` tag, and makes the SVG
/// an image labelled with what it shows (`summary`: the figures as words).
fn with_title(svg: String, title: &str, summary: &str) -> String {
    let element = format!("<title>{}</title>", escape(title));
    match svg
        .find("<svg")
        .and_then(|s| svg[s..].find('>').map(|e| (s, s + e + 1)))
    {
        Some((open, at)) => format!(
            "{}<svg role=\"img\" aria-label=\"{}\"{}\n{element}{}",
            &svg[..open],
            escape(&format!("{title}：{summary}")),
            &svg[open + 4..at],
            &svg[at..]
        ),
        None => svg,
    }
}

/// The figures as one sentence: `本年新收申请12件；上年结转申请3件`.
fn summary<L: AsRef<str>>(figures: &[(L, f64)]) -> String {
    figures
        .iter()
        .map(|(l, v)| format!("{}{}件", l.as_ref(), number(*v)))
        .collect::<Vec<_>>()
        .join("；")
}

/// A figure as printed: integers without decimals.
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// An SVG that only says what went wrong (plotters writing into a string
/// does not fail in practice).
fn failed(title: &str, message: &str) -> String {
    format!(
        r#"<svg width="{WIDTH}" height="120" viewBox="0 0 {WIDTH} 120" xmlns="http://www.w3.org/2000/svg"><title>{}</title><text x="20" y="60" font-family="{FONT}" font-size="16">{}</text></svg>"#,
        escape(title),
        escape(message)
    )
}

type Drawn = Result<(), Box<dyn std::error::Error>>;

fn draw_bars(buf: &mut String, title: &str, figures: &[(String, f64)], height: u32) -> Drawn {
    let root = SVGBackend::with_string(buf, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    // One segment per figure (a segmented range `0..k` has k + 1 segments),
    // the first figure at the top; at least two segments.
    let n = figures.len().max(2) as i32;
    let max = figures.iter().map(|(_, v)| *v).fold(0.0, f64::max).max(1.0);
    let mut chart = ChartBuilder::on(&root)
        .caption(title, (FONT, 20))
        .margin(16)
        .x_label_area_size(36)
        .y_label_area_size(240)
        .build_cartesian_2d(0.0..max * 1.12, (0..n - 1).into_segmented())?;
    let row = |i: usize| n - 1 - i as i32;
    let label_of = |y: &SegmentValue<i32>| -> String {
        match y {
            SegmentValue::CenterOf(y) if *y >= 0 => figures
                .get((n - 1 - y) as usize)
                .map(|(l, _)| l.clone())
                .unwrap_or_default(),
            _ => String::new(),
        }
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .y_labels(n as usize + 1)
        .y_label_formatter(&label_of)
        .x_label_formatter(&|x: &f64| number(x.round()))
        .x_desc("件")
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 14))
        .draw()?;
    chart.draw_series(figures.iter().enumerate().map(|(i, (_, v))| {
        let y = row(i);
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(y)),
                (*v, SegmentValue::Exact(y + 1)),
            ],
            BAR.filled(),
        );
        bar.set_margin(5, 5, 0, 0);
        bar
    }))?;
    let value_style =
        TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    chart.draw_series(figures.iter().enumerate().map(|(i, (_, v))| {
        let at = (*v + max * 0.01, SegmentValue::CenterOf(row(i)));
        Text::new(number(*v), at, value_style.clone())
    }))?;
    root.present()?;
    Ok(())
}

/// A bar chart of the year's key figures (see [`year_figures`]).
pub(crate) fn year_chart(r: &AnnualReport) -> String {
    let title = r.title();
    let figures = year_figures(r);
    let height = 120 + 34 * figures.len() as u32;
    let mut buf = String::new();
    let caption = format!("{}年主要数据（件）", r.year);
    match draw_bars(&mut buf, &caption, &figures, height) {
        Ok(()) => with_title(buf, &title, &summary(&figures)),
        Err(e) => failed(&title, &format!("图表生成失败：{e}")),
    }
}

fn draw_trend(buf: &mut String, title: &str, reports: &[&AnnualReport]) -> Drawn {
    let root = SVGBackend::with_string(buf, (WIDTH, 520)).into_drawing_area();
    root.fill(&WHITE)?;
    let years: Vec<i32> = reports.iter().map(|r| r.year).collect();
    let (first, last) = (
        years.first().copied().unwrap_or(0),
        years.last().copied().unwrap_or(0),
    );
    let series: Vec<Vec<(&str, f64)>> = reports.iter().map(|r| trend_figures(r).to_vec()).collect();
    let max = series
        .iter()
        .flatten()
        .map(|(_, v)| *v)
        .fold(0.0, f64::max)
        .max(1.0);
    // One segment per year (a segmented range `a..b` has a segment for each
    // of a..=b); a single year gets a neighbour on each side.
    let (from, to) = if first == last {
        (first - 1, last + 1)
    } else {
        (first, last)
    };
    let mut chart = ChartBuilder::on(&root)
        .caption(title, (FONT, 20))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(60)
        // Headroom for the legend above the lines.
        .build_cartesian_2d((from..to).into_segmented(), 0.0..max * 1.4)?;
    let year_label = |x: &SegmentValue<i32>| -> String {
        match x {
            SegmentValue::CenterOf(y) if years.contains(y) => format!("{y}年"),
            _ => String::new(),
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels((to - from) as usize + 2)
        .x_label_formatter(&year_label)
        .y_label_formatter(&|y: &f64| number(y.round()))
        .y_desc("件")
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 14))
        .draw()?;
    let names = reports.first().map(|r| trend_figures(r).map(|(n, _)| n));
    for (k, name) in names.into_iter().flatten().enumerate() {
        let color = SERIES[k % SERIES.len()];
        let points: Vec<(SegmentValue<i32>, f64)> = years
            .iter()
            .zip(&series)
            .map(|(y, s)| (SegmentValue::CenterOf(*y), s[k].1))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], color.filled()));
        chart.draw_series(
            points
                .iter()
                .map(|p| Circle::new(p.clone(), 4, color.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .label_font((FONT, 14))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    root.present()?;
    Ok(())
}

/// One line per figure (see [`trend_figures`]) over the reports' years, in
/// year order.
pub(crate) fn trend_chart(reports: &[AnnualReport]) -> String {
    let mut sorted: Vec<&AnnualReport> = reports.iter().collect();
    sorted.sort_by_key(|r| r.year);
    let (Some(first), Some(last)) = (sorted.first(), sorted.last()) else {
        return failed("政府信息公开工作年度报告", "没有年度报告数据。");
    };
    let title = format!(
        "{}{}—{}年政府信息公开工作年度报告主要数据",
        last.agency, first.year, last.year
    );
    let caption = format!("{}—{}年主要数据（件）", first.year, last.year);
    let mut buf = String::new();
    let years: Vec<String> = sorted
        .iter()
        .map(|r| format!("{}年{}", r.year, summary(&trend_figures(r))))
        .collect();
    match draw_trend(&mut buf, &caption, &sorted) {
        Ok(()) => with_title(buf, &title, &years.join("。")),
        Err(e) => failed(&title, &format!("图表生成失败：{e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lose_their_explanations() {
        assert_eq!(
            short("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            "（二）部分公开"
        );
        assert_eq!(short("（三）不予公开"), "（三）不予公开");
        assert_eq!(short("本年收费金额（单位：万元）"), "本年收费金额");
    }

    #[test]
    fn title_goes_after_the_svg_tag() {
        let svg = with_title("<svg a=\"1\">\n<rect/></svg>".into(), "A&B", "新收2件");
        assert!(
            svg.starts_with(
                "<svg role=\"img\" aria-label=\"A&amp;B：新收2件\" a=\"1\">\n<title>A&amp;B</title>"
            ),
            "{svg}"
        );
    }

    #[test]
    fn the_summary_says_every_figure_in_words() {
        assert_eq!(
            summary(&[("本年新收申请", 12.0), ("行政复议", 0.5)]),
            "本年新收申请12件；行政复议0.5件"
        );
    }
}
