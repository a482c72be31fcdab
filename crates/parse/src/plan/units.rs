//! Who does a task: the lead units (牵头单位) and partner units (配合单位)
//! as plans write them — a bracket `(牵头单位:A、B;配合单位:C)`, roles
//! written inline `A牵头，B、C配合` / `A、B负责落实`, or a table's cells.
//! Units are split where the text lists them and kept as written; a piece
//! that is no unit's name (`以下均需各县市区落实`) is not taken for one but
//! reported, and a reading resting on a rule is said.

use super::text::{chapter_heading, task_number};

/// The units of one task as read, with what could not be placed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Division {
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    pub deadline: Option<String>,
    /// Messages (without the line) for what was not read or rests on a rule.
    pub problems: Vec<String>,
}

impl Division {
    fn is_empty(&self) -> bool {
        self.lead.is_empty() && self.partners.is_empty()
    }
}

/// Units as listed: split at `、，,；;/`, each trimmed of spacing and a
/// final full stop; empty pieces dropped. `公交公司等有关单位` stays whole.
pub(super) fn split_units(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', '/'])
        .map(|u| u.trim().trim_end_matches(['。', '.']).trim())
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .collect()
}

/// Endings of the names of units (科室, 单位, 公司 …).
const UNIT_ENDINGS: &[&str] = &[
    "科", "室", "办", "处", "站", "队", "局", "厅", "委", "会", "所", "院", "中心", "公司", "单位",
    "部门", "部", "组", "馆", "社", "校", "团", "府", "街道", "镇", "乡", "区", "县", "市", "行",
    "领导", "员",
];

/// Whether `name` reads as the name of a unit: short and ending as units
/// do, a trailing `等` or bracketed note (`市财政局(市国资委)`,
/// `市府办〔市大数据局〕`) set aside.
pub(super) fn is_unit_name(name: &str) -> bool {
    let mut n = name.trim().trim_end_matches('等');
    for (open, close) in [('(', ')'), ('（', '）'), ('〔', '〕')] {
        if let Some(inner) = n.strip_suffix(close)
            && let Some(i) = inner.rfind(open)
        {
            n = &inner[..i];
        }
    }
    let n = n.trim_end_matches('等');
    n.chars().count() <= 30 && UNIT_ENDINGS.iter().any(|e| n.ends_with(e))
}

/// Whether a cell reads as one or more unit names (`局办公室`,
/// `系统各科室、`, `局属各单位`): short, no sentence punctuation, each
/// listed name ending as units do.
pub(super) fn is_unit_cell(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 40 || t.contains(['。', '：', ':', '；']) {
        return false;
    }
    if task_number(t).is_some() || chapter_heading(t).is_some() {
        return false;
    }
    let names = split_units(t);
    !names.is_empty()
        && names
            .iter()
            .all(|n| is_unit_name(n) && n.trim_end_matches('等').chars().count() <= 25)
}

/// The units listed in `text`; pieces that are no unit's name are left out
/// and reported.
fn listed(text: &str, problems: &mut Vec<String>) -> Vec<String> {
    let (units, others): (Vec<String>, Vec<String>) =
        split_units(text).into_iter().partition(|u| is_unit_name(u));
    if !others.is_empty() {
        let quoted: Vec<String> = others.iter().map(|o| format!("“{o}”")).collect();
        problems.push(format!(
            "{}不像单位名称，未作为单位读取，请核对。",
            quoted.join("")
        ));
    }
    units
}

/// What a role word makes of the units before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Lead,
    Partner,
    /// `负责`: the lead, unless another unit leads (then it carries out).
    Responsible,
}

/// Role words at the end of a clause, longest first.
const ROLE_WORDS: &[(&str, Role)] = &[
    ("按职责分工负责", Role::Responsible),
    ("分别负责落实", Role::Responsible),
    ("牵头负责", Role::Lead),
    ("牵头落实", Role::Lead),
    ("配合落实", Role::Partner),
    ("负责落实", Role::Responsible),
    ("分别负责", Role::Responsible),
    ("牵头", Role::Lead),
    ("配合", Role::Partner),
    ("协办", Role::Partner),
    ("协助", Role::Partner),
    ("参与", Role::Partner),
    ("负责", Role::Responsible),
];

fn role_of(clause: &str) -> Option<(&str, Role)> {
    ROLE_WORDS
        .iter()
        .find_map(|(w, r)| clause.strip_suffix(w).map(|units| (units, *r)))
}

/// Roles written inline: `A牵头，B、C配合`, `A、B负责落实`, `A牵头，B负责`.
/// Clauses without a role word belong to the next one that has it
/// (`市政府各有关部门,各县市区人民政府负责落实`). None when no role word
/// is found. Only the first sentence is read; what follows it is reported.
pub(super) fn inline_roles(text: &str) -> Option<Division> {
    let (first, rest) = match text.split_once('。') {
        Some((f, r)) => (f, r.trim()),
        None => (text, ""),
    };
    let mut d = Division::default();
    let mut responsible = Vec::new();
    let mut pending = String::new();
    let mut found = false;
    for clause in first.split(['，', ',', '；', ';']).map(str::trim) {
        let Some((units, role)) = role_of(clause) else {
            pending.push_str(clause);
            pending.push('、');
            continue;
        };
        found = true;
        let all = format!("{pending}{units}");
        pending.clear();
        let named = listed(&all, &mut d.problems);
        match role {
            Role::Lead => d.lead.extend(named),
            Role::Partner => d.partners.extend(named),
            Role::Responsible => responsible.extend(named),
        }
    }
    if !found {
        return None;
    }
    let pending = pending.trim_end_matches('、');
    if !pending.is_empty() {
        d.problems
            .push(format!("“{pending}”没有写明是牵头还是配合，未读取。"));
    }
    if !rest.is_empty() {
        d.problems.push(format!(
            "“{}”不是单位分工，未读取。",
            rest.trim_end_matches('。')
        ));
    }
    responsible_units(&mut d, responsible, "负责");
    Some(d)
}

/// Units written as responsible (`负责`, `责任单位`): the lead when no other
/// unit leads; otherwise they carry the task out under the lead, which is
/// read as partnering and said.
fn responsible_units(d: &mut Division, units: Vec<String>, word: &str) {
    if units.is_empty() {
        return;
    }
    if d.lead.is_empty() {
        d.lead = units;
    } else {
        d.problems.push(format!(
            "同时写明了牵头单位和{word}单位：{word}单位（{}）按配合单位读取，请核对。",
            units.join("、")
        ));
        d.partners.extend(units);
    }
}

/// Lead and partner units from a bracket's content: `牵头单位:A、B`,
/// `牵头单位:A;责任单位:B`, `责任单位:A;完成时限:…`, `A牵头，B、C配合`,
/// `A负责`. None when the content names no units.
pub(super) fn units_in_bracket(content: &str) -> Option<Division> {
    let c = content.trim();
    let mut d = Division::default();
    let mut responsible = Vec::new();
    let mut found = false;
    for part in c.split(['；', ';']) {
        let part = part.trim();
        let (label, value) = match part.split_once([':', '：']) {
            Some((l, v)) => (l.trim(), v.trim()),
            None => ("", part),
        };
        if label.contains("配合") || label.contains("协办") || label.contains("参与") {
            d.partners.extend(listed(value, &mut d.problems));
            found = true;
        } else if label.contains("牵头") || label.contains("主责") {
            d.lead.extend(listed(value, &mut d.problems));
            found = true;
        } else if label.contains("责任") {
            responsible.extend(listed(value, &mut d.problems));
            found = true;
        } else if label.contains("时限") || label.contains("时间") {
            d.deadline = Some(value.to_string());
        } else if label.is_empty()
            && let Some(inline) = inline_roles(value)
        {
            merge(&mut d, inline);
            found = true;
        }
    }
    responsible_units(&mut d, responsible, "责任");
    found.then_some(d)
}

fn merge(d: &mut Division, other: Division) {
    d.lead.extend(other.lead);
    d.partners.extend(other.partners);
    d.problems.extend(other.problems);
    if d.deadline.is_none() {
        d.deadline = other.deadline;
    }
}

/// The units of a table's lead cell: roles when the cell writes them
/// (`办公室牵头,各科室配合`), else every listed unit leads.
pub(super) fn lead_cell(text: &str) -> Division {
    if let Some(d) = inline_roles(text).filter(|d| !d.is_empty()) {
        return d;
    }
    let mut d = Division::default();
    d.lead = listed(text, &mut d.problems);
    d
}

/// The units of a table's partner cell.
pub(super) fn partner_cell(text: &str) -> Division {
    let mut d = Division::default();
    d.partners = listed(text, &mut d.problems);
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn roles_written_inline() {
        let d = inline_roles("办公室牵头,各科室配合").unwrap();
        assert_eq!((d.lead, d.partners), (s(&["办公室"]), s(&["各科室"])));
        let d = inline_roles("市政府各有关部门,各县市区人民政府、功能区管委会负责落实").unwrap();
        assert_eq!(
            d.lead,
            s(&["市政府各有关部门", "各县市区人民政府", "功能区管委会"])
        );
        assert!(d.problems.is_empty());
        assert_eq!(inline_roles("办公室、财务科"), None);
    }

    #[test]
    fn responsible_units_beside_a_lead_partner_and_are_reported() {
        let d = units_in_bracket("牵头单位:市商务局、市文旅局;责任单位:市直各部门").unwrap();
        assert_eq!(d.lead, s(&["市商务局", "市文旅局"]));
        assert_eq!(d.partners, s(&["市直各部门"]));
        assert_eq!(d.problems.len(), 1);
        let d = units_in_bracket("责任单位:法规科;完成时限:2019年11月底前").unwrap();
        assert_eq!(d.lead, s(&["法规科"]));
        assert!(d.problems.is_empty());
    }

    #[test]
    fn a_remark_among_units_is_not_a_unit() {
        let d = units_in_bracket(
            "牵头单位:市审批局;责任单位:市直各部门,各县市区,以下均需各县市区落实,不再逐一列出",
        )
        .unwrap();
        assert_eq!(d.partners, s(&["市直各部门", "各县市区"]));
        assert!(
            d.problems
                .iter()
                .any(|p| p.contains("“以下均需各县市区落实”“不再逐一列出”不像单位名称"))
        );
        assert!(is_unit_name("市府办〔市大数据局〕"));
        assert!(is_unit_name("市财政局(市国资委)"));
    }
}
