//! Reading a template file: each row's cells, then the tree — codes unique,
//! parents present, weights adding up, caps within their parents — so that
//! scoring never meets a template that does not add up.

use super::template::{Indicator, PartKind, Source, TemplateError};
use super::{Measure, Points};

fn error(line: usize, code: &str, reason: impl Into<String>) -> TemplateError {
    TemplateError {
        line,
        code: code.to_string(),
        reason: reason.into(),
    }
}

/// `1`, `2.1`, `2.1.13`: digits separated by single dots.
fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

fn points_cell(
    text: &str,
    line: usize,
    code: &str,
    column: &str,
) -> Result<Option<Points>, TemplateError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Points::parse(text).map(Some).ok_or_else(|| {
        error(
            line,
            code,
            format!(
                "{column}“{}”不是有效分值（非负数，最多一位小数）",
                text.trim()
            ),
        )
    })
}

fn threshold_cell(text: &str, line: usize, code: &str) -> Result<Option<u64>, TemplateError> {
    match text.trim() {
        "" => Ok(None),
        t => match t.parse::<u64>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(error(line, code, format!("threshold“{t}”应为正整数"))),
        },
    }
}

fn source_cell(text: &str, line: usize, code: &str) -> Result<Option<Source>, TemplateError> {
    match text.trim() {
        "" => Ok(None),
        "manual" => Ok(Some(Source::Manual)),
        t => Measure::from_code(t)
            .map(|m| Some(Source::Computed(m)))
            .ok_or_else(|| {
                let known: Vec<&str> = Measure::ALL.iter().map(|m| m.code()).collect();
                error(
                    line,
                    code,
                    format!(
                        "source“{t}”既不是manual也不是已知的计算指标（{}）",
                        known.join("、")
                    ),
                )
            }),
    }
}

/// One row's cells as an indicator (its place in the tree comes later).
pub(super) fn read_row(cells: &[String], line: usize) -> Result<Indicator, TemplateError> {
    let cell = |i: usize| cells.get(i).map_or("", |c| c.trim());
    let code = cell(0);
    if cells.len() != 8 {
        return Err(error(line, code, format!("应有8列，实有{}列", cells.len())));
    }
    if !valid_code(code) {
        return Err(error(line, code, "指标编号应为以点分隔的数字，如2.1.3"));
    }
    if cell(1).is_empty() || cell(7).is_empty() {
        return Err(error(line, code, "name和basis不能为空"));
    }
    let kind = PartKind::from_code(cell(2))
        .ok_or_else(|| error(line, code, "kind应为veto、deduction、bonus或weighted"))?;
    Ok(Indicator {
        code: code.to_string(),
        name: cell(1).to_string(),
        kind,
        points: points_cell(cell(3), line, code, "points")?,
        per_unit: points_cell(cell(4), line, code, "per_unit")?,
        threshold: threshold_cell(cell(5), line, code)?,
        source: source_cell(cell(6), line, code)?,
        basis: cell(7).to_string(),
        parent: None,
        leaf: true,
    })
}

/// Places the rows in their tree and checks it; every problem is reported.
pub(super) fn build_tree(
    rows: Vec<(usize, Indicator)>,
) -> Result<Vec<Indicator>, Vec<TemplateError>> {
    let lines: Vec<usize> = rows.iter().map(|(l, _)| *l).collect();
    let mut indicators: Vec<Indicator> = rows.into_iter().map(|(_, i)| i).collect();
    let mut errors = link_parents(&mut indicators, &lines);
    if errors.is_empty() {
        for (i, ind) in indicators.iter().enumerate() {
            if let Err(reason) = check_row(ind) {
                errors.push(error(lines[i], &ind.code, reason));
            }
        }
        errors.extend(check_sums(&indicators, &lines));
        errors.extend(check_parts(&indicators, &lines));
    }
    if errors.is_empty() {
        Ok(indicators)
    } else {
        Err(errors)
    }
}

/// Parents must come before their children, in the same part.
fn link_parents(indicators: &mut [Indicator], lines: &[usize]) -> Vec<TemplateError> {
    let mut errors = Vec::new();
    for i in 0..indicators.len() {
        let code = indicators[i].code.clone();
        if indicators[..i].iter().any(|o| o.code == code) {
            errors.push(error(lines[i], &code, "指标编号与前面的行重复"));
            continue;
        }
        let Some(parent_code) = indicators[i].parent_code().map(str::to_string) else {
            continue;
        };
        match indicators[..i].iter().position(|o| o.code == parent_code) {
            None => errors.push(error(
                lines[i],
                &code,
                format!("上级指标{parent_code}不存在（上级须写在下级之前）"),
            )),
            Some(p) if indicators[p].kind != indicators[i].kind => errors.push(error(
                lines[i],
                &code,
                format!("kind与上级指标{parent_code}不同"),
            )),
            Some(p) => {
                indicators[i].parent = Some(p);
                indicators[p].leaf = false;
            }
        }
    }
    errors
}

/// What a row of its kind and place must and must not have.
fn check_row(ind: &Indicator) -> Result<(), String> {
    if !ind.leaf {
        if ind.source.is_some() || ind.per_unit.is_some() || ind.threshold.is_some() {
            return Err("分组指标不填source、per_unit、threshold（由下级指标评分）".into());
        }
    } else if ind.source.is_none() {
        return Err("末级指标须填source（manual或计算指标）".into());
    }
    match ind.kind {
        PartKind::Veto => check_veto_row(ind),
        _ => check_scored_row(ind),
    }
}

fn check_veto_row(ind: &Indicator) -> Result<(), String> {
    if ind.points.is_some() || ind.per_unit.is_some() {
        return Err("单项否决指标不填points、per_unit".into());
    }
    match ind.source {
        Some(Source::Manual) if ind.threshold.is_some() => {
            Err("人工评分的单项否决指标不填threshold".into())
        }
        Some(Source::Computed(m)) if m.rule().is_none() && ind.threshold.is_none() => Err(format!(
            "计算指标{}没有对应的单项否决检查，须填threshold",
            m.code()
        )),
        _ => Ok(()),
    }
}

fn check_scored_row(ind: &Indicator) -> Result<(), String> {
    let Some(points) = ind.points.filter(|p| *p > Points::ZERO) else {
        return Err(format!("{}须填大于0的points", ind.kind.label()));
    };
    if ind.threshold.is_some() {
        return Err("threshold只用于单项否决指标".into());
    }
    if ind
        .per_unit
        .is_some_and(|u| u == Points::ZERO || u > points)
    {
        return Err("per_unit应大于0且不超过points".into());
    }
    match (ind.kind, ind.source) {
        (PartKind::Bonus, Some(Source::Computed(_))) => Err("加分指标须人工评分".into()),
        (PartKind::Bonus, _) if ind.per_unit.is_some() => Err("加分指标不填per_unit".into()),
        (PartKind::Deduction, Some(Source::Computed(_))) if ind.per_unit.is_none() => {
            Err("计算的扣分指标须填per_unit（每处扣分）".into())
        }
        _ => Ok(()),
    }
}

/// Weighted and bonus children add up to their parent; a deduction
/// part's groups add up to the part and every cap stays within its parent's.
fn check_sums(indicators: &[Indicator], lines: &[usize]) -> Vec<TemplateError> {
    let mut errors = Vec::new();
    for (i, ind) in indicators.iter().enumerate() {
        let children: Vec<(usize, &Indicator)> = indicators
            .iter()
            .enumerate()
            .filter(|(_, c)| c.parent == Some(i))
            .collect();
        let (Some(points), false) = (ind.points, children.is_empty()) else {
            continue;
        };
        let sum: Points = children.iter().filter_map(|(_, c)| c.points).sum();
        let must_add_up = ind.kind != PartKind::Deduction || ind.parent.is_none();
        if must_add_up && sum != points {
            errors.push(error(
                lines[i],
                &ind.code,
                format!("下级指标分值合计{sum}分，应等于本指标{points}分"),
            ));
        }
        for (at, c) in children
            .iter()
            .filter(|(_, c)| c.points.is_some_and(|p| p > points))
        {
            errors.push(error(
                lines[*at],
                &c.code,
                format!("分值超过上级指标{}的{points}分", ind.code),
            ));
        }
    }
    errors
}

/// One veto, one deduction and one bonus part at most; a deduction part or
/// weighted parts to score, not both.
fn check_parts(indicators: &[Indicator], lines: &[usize]) -> Vec<TemplateError> {
    let roots = |kind: PartKind| {
        indicators
            .iter()
            .enumerate()
            .filter(move |(_, i)| i.parent.is_none() && i.kind == kind)
    };
    let mut errors = Vec::new();
    for kind in [PartKind::Veto, PartKind::Deduction, PartKind::Bonus] {
        if let Some((at, second)) = roots(kind).nth(1) {
            errors.push(error(
                lines[at],
                &second.code,
                format!("{}只能有一个根指标", kind.label()),
            ));
        }
    }
    let deduction = roots(PartKind::Deduction).next().is_some();
    let weighted = roots(PartKind::Weighted).next().is_some();
    if deduction == weighted {
        errors.push(error(
            1,
            "",
            "指标体系须有扣分指标或评分指标两者之一（不能都有，也不能都没有）",
        ));
    }
    errors
}
