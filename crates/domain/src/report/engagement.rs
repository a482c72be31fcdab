//! Ready sentences from the registers of public participation (公众参与):
//! public consultation (意见征集), questions to the agency (政民互动),
//! 人大代表建议 and 政协委员提案, and responses to public concerns (回应关切).
//!
//! No table of the 2019 or 2021 format (国办公开办函〔2019〕60号,
//! 〔2021〕30号) has a row for them: agencies report them in part 一
//! (总体情况), most often under 主动公开 or 监督保障, and provincial work
//! plans ask for exactly these figures. The sentences state the register's
//! counts as they are, so the writer copies figures, not estimates.

use std::ops::AddAssign;

/// One year of 意见征集, counted by the year it concerns: consultations by the
/// day they opened, feedback by the day the consultation closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConsultationYear {
    /// Consultations opened in the year (published, not drafts).
    pub opened: u64,
    /// Comments received on them (those hidden by moderation as abuse or
    /// spam not counted).
    pub comments: u64,
    /// Consultations closed in the year whose feedback is published.
    pub feedback_published: u64,
    /// Opinions (feedback lines) of that feedback, by what was done.
    pub adopted: u64,
    pub partly_adopted: u64,
    pub not_adopted: u64,
}

/// One year of 政民互动: questions by the day asked, outcomes by the day closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuestionYear {
    pub received: u64,
    /// Answered in the year …
    pub answered: u64,
    /// … of which by their due date.
    pub answered_on_time: u64,
    /// Handled as disclosure applications (转为政府信息公开申请).
    pub converted: u64,
    /// Told where to go instead (信访、投诉举报 …).
    pub referred: u64,
    /// Answers published with the asker's consent.
    pub published: u64,
}

/// One year of 人大代表建议 and 政协委员提案: those of the year's sessions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MotionYear {
    /// 人大代表建议 handled (lead agency).
    pub suggestions: u64,
    /// 政协委员提案 handled (lead agency).
    pub proposals: u64,
    /// Answered …
    pub answered: u64,
    /// … of which by the due date (or the consented extension).
    pub answered_on_time: u64,
    /// Replies by grade: A 已解决或基本解决, B 正在解决或列入计划, C 以后解决, D 留作参考.
    pub grades: [u64; 4],
    /// Replies published (in full or as a summary).
    pub published: u64,
}

/// One year of 回应关切: concerns by the time the agency learned of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConcernYear {
    /// Other concerns (the 48-hour clock, 国办发〔2016〕61号) …
    pub concerns: u64,
    /// … answered within 48 hours.
    pub concerns_on_time: u64,
    /// 特别重大、重大突发事件 (国办发〔2016〕80号) …
    pub emergencies: u64,
    /// … with authoritative information within 5 hours …
    pub emergencies_informed_in_time: u64,
    /// … and a press conference within 24 hours.
    pub emergencies_briefed_in_time: u64,
}

/// The registers' figures of one year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EngagementFigures {
    pub consultations: ConsultationYear,
    pub questions: QuestionYear,
    pub motions: MotionYear,
    pub concerns: ConcernYear,
}

impl AddAssign for EngagementFigures {
    /// A roll-up: the members' registers counted together.
    fn add_assign(&mut self, o: Self) {
        let (c, q, m, k) = (
            &mut self.consultations,
            &mut self.questions,
            &mut self.motions,
            &mut self.concerns,
        );
        c.opened += o.consultations.opened;
        c.comments += o.consultations.comments;
        c.feedback_published += o.consultations.feedback_published;
        c.adopted += o.consultations.adopted;
        c.partly_adopted += o.consultations.partly_adopted;
        c.not_adopted += o.consultations.not_adopted;
        q.received += o.questions.received;
        q.answered += o.questions.answered;
        q.answered_on_time += o.questions.answered_on_time;
        q.converted += o.questions.converted;
        q.referred += o.questions.referred;
        q.published += o.questions.published;
        m.suggestions += o.motions.suggestions;
        m.proposals += o.motions.proposals;
        m.answered += o.motions.answered;
        m.answered_on_time += o.motions.answered_on_time;
        for (g, n) in m.grades.iter_mut().zip(o.motions.grades) {
            *g += n;
        }
        m.published += o.motions.published;
        k.concerns += o.concerns.concerns;
        k.concerns_on_time += o.concerns.concerns_on_time;
        k.emergencies += o.concerns.emergencies;
        k.emergencies_informed_in_time += o.concerns.emergencies_informed_in_time;
        k.emergencies_briefed_in_time += o.concerns.emergencies_briefed_in_time;
    }
}

/// `label` + `n` + `unit` for the non-zero parts, joined with 、.
fn parts(list: &[(&str, u64)], unit: &str) -> String {
    list.iter()
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| format!("{label}{n}{unit}"))
        .collect::<Vec<_>>()
        .join("、")
}

fn consultation_sentence(year: i32, c: &ConsultationYear) -> Option<String> {
    let mut s = String::new();
    if c.opened > 0 {
        s.push_str(&format!(
            "{year}年，本机关公开征求意见{}次，收到意见建议{}条",
            c.opened, c.comments
        ));
    }
    if c.feedback_published > 0 {
        s.push_str(if s.is_empty() { "本机关" } else { "；" });
        let lines = c.adopted + c.partly_adopted + c.not_adopted;
        s.push_str(&format!(
            "公开意见采纳情况{}次，归纳意见{lines}条",
            c.feedback_published
        ));
        let by = parts(
            &[
                ("采纳", c.adopted),
                ("部分采纳", c.partly_adopted),
                ("不予采纳", c.not_adopted),
            ],
            "条",
        );
        if !by.is_empty() {
            s.push_str(&format!("，其中{by}"));
        }
    }
    (!s.is_empty()).then(|| s + "。")
}

fn question_sentence(q: &QuestionYear) -> Option<String> {
    if q.received == 0 && q.answered + q.converted + q.referred == 0 {
        return None;
    }
    let mut s = format!("通过政民互动渠道收到咨询{}件", q.received);
    if q.answered > 0 {
        s.push_str(&format!(
            "，答复{}件（按期答复{}件）",
            q.answered, q.answered_on_time
        ));
    }
    let other = parts(
        &[
            ("转为政府信息公开申请办理", q.converted),
            ("告知通过其他渠道反映", q.referred),
        ],
        "件",
    );
    if !other.is_empty() {
        s.push_str(&format!("，{other}"));
    }
    if q.published > 0 {
        s.push_str(&format!("；经提问人同意公开答复{}件", q.published));
    }
    Some(s + "。")
}

fn motion_sentence(m: &MotionYear) -> Option<String> {
    let handled = parts(
        &[
            ("人大代表建议", m.suggestions),
            ("政协委员提案", m.proposals),
        ],
        "件",
    );
    if handled.is_empty() {
        return None;
    }
    let mut s = format!("办理{handled}，已答复{}件", m.answered);
    if m.answered > 0 {
        s.push_str(&format!("（按期答复{}件）", m.answered_on_time));
        let [a, b, c, d] = m.grades;
        let grades = parts(&[("A类", a), ("B类", b), ("C类", c), ("D类", d)], "件");
        if !grades.is_empty() {
            s.push_str(&format!("，其中{grades}"));
        }
    }
    if m.published > 0 {
        s.push_str(&format!("；向社会公开办理复文{}件", m.published));
    }
    Some(s + "。")
}

fn concern_sentence(k: &ConcernYear) -> Option<String> {
    let mut out = Vec::new();
    if k.concerns > 0 {
        out.push(format!(
            "回应社会关切{}件，其中48小时内回应{}件",
            k.concerns, k.concerns_on_time
        ));
    }
    if k.emergencies > 0 {
        out.push(format!(
            "发生特别重大、重大突发事件{}件，5小时内发布权威信息{}件，24小时内举行新闻发布会{}件",
            k.emergencies, k.emergencies_informed_in_time, k.emergencies_briefed_in_time
        ));
    }
    (!out.is_empty()).then(|| out.join("；") + "。")
}

/// The ready sentences, one per register that has anything in the year
/// (a register with nothing gives no sentence: an empty register may mean
/// the work is done elsewhere, which the writer knows and the platform does not).
pub fn sentences(year: i32, f: &EngagementFigures) -> Vec<String> {
    [
        consultation_sentence(year, &f.consultations),
        question_sentence(&f.questions),
        motion_sentence(&f.motions),
        concern_sentence(&f.concerns),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
#[path = "engagement_tests.rs"]
mod tests;
