//! The benchmark's results as text: the summary table, the table of what
//! each engine found for each query, how it was measured, and the machine.
//!
//! The tables are pipe tables padded to the terminal width of their cells
//! (a Chinese character takes two columns), so they read well in a terminal
//! and paste as Markdown into the published results.

use std::fmt::Write;

use super::corpus::BenchQuery;
use super::{EngineReport, Report};

/// Columns a character takes in a terminal: two for East Asian wide and
/// full-width characters, one otherwise.
fn char_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Right,
}

pub(super) fn table(headers: &[&str], align: &[Align], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h).max(3)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::from("|");
        for ((cell, w), a) in cells.iter().zip(&widths).zip(align) {
            let pad = " ".repeat(w - width(cell));
            match a {
                Align::Left => {
                    let _ = write!(s, " {cell}{pad} |");
                }
                Align::Right => {
                    let _ = write!(s, " {pad}{cell} |");
                }
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(&headers.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    out.push('|');
    for (w, a) in widths.iter().zip(align) {
        let dashes = "-".repeat(w - 1);
        match a {
            Align::Left => {
                let _ = write!(out, " {dashes}- |");
            }
            Align::Right => {
                let _ = write!(out, " {dashes}: |");
            }
        }
    }
    out.push('\n');
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// 1234567 → 1,234,567
pub(super) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn seconds(s: f64) -> String {
    if s < 10.0 {
        format!("{s:.2}")
    } else {
        format!("{s:.1}")
    }
}

fn ms(v: f64) -> String {
    if v < 1.0 {
        format!("{v:.3}")
    } else if v < 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1}")
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn summary_row(e: &EngineReport) -> Vec<String> {
    if !e.available {
        let mut row = vec![
            e.label.to_string(),
            e.note.clone().unwrap_or_else(|| "未测".into()),
        ];
        row.extend(std::iter::repeat_n("—".to_string(), 5));
        return row;
    }
    let opt = |v: Option<f64>, f: fn(f64) -> String| v.map_or("—".to_string(), f);
    vec![
        e.label.to_string(),
        opt(e.build_seconds, seconds),
        opt(e.docs_per_second, |r| thousands(r.round() as u64)),
        opt(e.p50_ms, ms),
        opt(e.p99_ms, ms),
        match e.recall {
            Some(r) => format!("{:.1}%（{}/{}）", r * 100.0, e.found, e.planted),
            None => "—".into(),
        },
        format!("{}/{}", e.first_rank_ok, e.first_rank_total),
    ]
}

fn query_cell(e: &EngineReport, i: usize) -> String {
    let Some(q) = e.queries.get(i) else {
        return "—".into();
    };
    let mut cell = format!("{}/{}", q.found, q.planted);
    if q.found < q.planted {
        cell.push_str(" ✗");
    } else if q.first_ok == Some(false) {
        cell.push_str(" ✗ 未居首");
    } else if q.first_ok == Some(true) {
        cell.push_str(" 居首");
    }
    if q.errors > 0 {
        let _ = write!(cell, " ⚠ 崩溃 {} 次", q.errors);
    }
    cell
}

/// The whole text output.
pub fn text(r: &Report, queries: &[BenchQuery]) -> String {
    let mut out = String::new();
    let measured: Vec<&EngineReport> = r.engines.iter().filter(|e| e.available).collect();
    let total_runs = queries.len() as u64 * u64::from(r.rounds);

    let _ = writeln!(
        out,
        "检索性能基准：{} 条合成政府信息，{} 个检索词，计时 {} 轮\n",
        thousands(r.items),
        queries.len(),
        r.rounds
    );
    let rows: Vec<Vec<String>> = r.engines.iter().map(summary_row).collect();
    out.push_str(&table(
        &[
            "引擎",
            "建索引（秒）",
            "建索引速率（条/秒）",
            "查询 p50（ms）",
            "查询 p99（ms）",
            "召回率",
            "文号/索引号首位",
        ],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &rows,
    ));
    for e in measured.iter().filter(|e| e.errors > 0) {
        let _ = writeln!(
            out,
            "\n⚠ {}：{} 次查询执行在引擎内部崩溃（panic），未计入耗时；首次：{}",
            e.label,
            e.errors,
            e.first_error.as_deref().unwrap_or("")
        );
    }
    let sizes: Vec<String> = measured
        .iter()
        .filter_map(|e| Some(format!("{} {}", e.name, megabytes(e.index_bytes?))))
        .collect();
    let _ = writeln!(out, "\n索引占用空间：{}", sizes.join("；"));
    let versions: Vec<String> = measured.iter().filter_map(|e| e.version.clone()).collect();
    let _ = writeln!(out, "版本：{}", versions.join("；"));

    let _ = writeln!(
        out,
        "\n各检索词检出的埋设目标（检出/埋设；✗ 表示有漏检，或文号、索引号的目标未排在第一位）：\n"
    );
    let mut headers = vec!["类别", "检索词"];
    headers.extend(measured.iter().map(|e| e.label));
    let mut align = vec![Align::Left, Align::Left];
    align.extend(measured.iter().map(|_| Align::Left));
    let rows: Vec<Vec<String>> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mut row = vec![q.category.label().to_string(), q.text.clone()];
            row.extend(measured.iter().map(|e| query_cell(e, i)));
            row
        })
        .collect();
    out.push_str(&table(&headers, &align, &rows));

    let _ = writeln!(out, "\n说明：");
    let notes = [
        "召回率：各检索词埋设的目标文档中被检出的比例，在全部命中中查找（不限前 20 条）。埋设的词语在语料其余部分不出现；常见词另有大量其他命中，只计埋设的目标。短语检索另埋设了把词拆开书写的干扰文档，它们不算目标。".to_string(),
        "文号/索引号首位：按文号（〔〕[]()（）【】各种括号写法）或索引号检索时，目标排在第一位的检索词数。".to_string(),
        format!(
            "查询耗时：每次执行做检索页所需的全部工作（按相关度取前 20 条、总数、标题和摘要）；p50、p99 为 {} 轮 × {} 个检索词共 {} 次执行的最近秩百分位数，另有 1 轮预热不计时。",
            r.rounds,
            queries.len(),
            total_runs
        ),
        "建索引：从空库到可以检索的时间，不含生成语料。gongkai 用 2 个线程、1 GB 写缓冲并等待合并完成；SQLite 每 10,000 条一个事务（journal_mode=OFF，synchronous=OFF），最后 optimize；PostgreSQL 每 5,000 条一次批量写入，之后建 GIN 索引并 ANALYZE。".to_string(),
        "SQLite FTS5（trigram）：3 个字及以上的词按子串精确匹配（不做繁简、全角半角、括号的转换）；不足 3 个字的词（大多数中文词）trigram 无法检索，按通常做法改用 LIKE '%词%'，需扫描全表，且全部是短词时没有相关度排序。".to_string(),
        "PostgreSQL：没有中文分词扩展（Debian 不提供 zhparser、pg_jieba），按 Lucene CJKAnalyzer 的做法把汉字切成二元组（含全角转半角）存入 tsvector，检索词按二元组顺序（<->）匹配；不做繁简转换。".to_string(),
    ];
    for n in notes {
        let _ = writeln!(out, "- {n}");
    }

    let m = &r.machine;
    let _ = writeln!(
        out,
        "\n测试机器：{} 个处理器（nproc），{}，内存 {:.1} GiB；{}。文档数 {}，计时轮数 {}。",
        m.cpus,
        m.cpu_model,
        m.memory_bytes as f64 / (1u64 << 30) as f64,
        m.os,
        thousands(r.items),
        r.rounds
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_takes_two_columns() {
        assert_eq!(width("召回率"), 6);
        assert_eq!(width("p50（ms）"), 9);
        assert_eq!(width("２０２１年"), 10);
        assert_eq!(width("繁→简"), 5);
    }

    #[test]
    fn tables_are_aligned() {
        let t = table(
            &["引擎", "n"],
            &[Align::Left, Align::Right],
            &[
                vec!["gongkai".into(), "1".into()],
                vec!["甲".into(), "22".into()],
            ],
        );
        let widths: Vec<usize> = t.lines().map(width).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{t}");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
