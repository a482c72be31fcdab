//! What happens to a demo application after it arrives ([`Flow`]), as the
//! case actions a clerk, a reviewer or the applicant records. Periods are
//! counted in working days on the calendar in force, so every reply of a
//! closed case is within the statutory period.

use chrono::{Days, NaiveDate};
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::case::CaseAction;
use gongkai_domain::deadline::{ConsultParty, ConsultationOutcome, ReceiptFacts};
use gongkai_domain::fees::FeeMethod;
use gongkai_domain::vocabulary::{Outcome, PostKind};
use gongkai_store::StoreResult;

use super::corrupt;
use super::people::Via;
use super::when::{Today, back};

/// What happens to an application after it is received.
#[derive(Debug, Clone, Copy)]
pub(super) enum Flow {
    /// Decided after n working days.
    Decide(Outcome, u32),
    /// 本机关不掌握, naming the agency responsible.
    Refer(&'static str, u32),
    /// A third party is consulted (Art. 32) before the decision.
    Consult(Outcome, &'static str, &'static str),
    /// The reply period is extended (Art. 33) before the decision.
    Extend(Outcome),
    /// A correction is asked for and answered, then the decision.
    Clarified(Outcome),
    /// A correction is asked for and never made (（六）1).
    CorrectionLapse,
    /// A fee by count (100 元) is paid, then the decision.
    FeePaid(Outcome),
    /// A fee by volume (150 元) is not paid (（六）2).
    FeeLapse,
    /// The applicant withdraws after n working days (（六）3).
    Withdraw(u32),
    /// Open today: received and being handled.
    Handling,
    /// Open today: submitted online the evening before the last working
    /// day and not yet confirmed (Art. 31: no receipt date yet).
    Unconfirmed,
    /// Open today: a correction was asked for two working days ago and the
    /// applicant's period runs (Art. 30).
    AwaitingCorrection,
    /// Open today: the clerk asked on the last working day to extend the
    /// reply period; the reviewer has to decide (Art. 33).
    ExtensionAsked,
}

impl Flow {
    /// A case placed to be open today (the clerk's queue).
    pub(super) fn is_open(self) -> bool {
        matches!(
            self,
            Flow::Handling | Flow::Unconfirmed | Flow::AwaitingCorrection | Flow::ExtensionAsked
        )
    }
}

/// Who records an action.
#[derive(Debug, Clone, Copy)]
pub(super) enum By {
    Applicant,
    Clerk,
    Reviewer,
}

/// How an application arrived: the facts its actions are built from.
pub(super) struct Arrival<'a> {
    pub via: Via,
    /// The receipt date (Art. 31); for [`Flow::Unconfirmed`] the day before
    /// it is the submission.
    pub received: NaiveDate,
    pub request: &'a str,
    /// How the reply goes out (the application's choice).
    pub method: DeliveryMethod,
}

/// The actions of a case, in order, each with who records it.
pub(super) fn actions(
    a: &Arrival,
    flow: Flow,
    today: &Today,
) -> StoreResult<Vec<(CaseAction, By)>> {
    let mut s = Steps {
        today,
        method: a.method,
        out: Vec::new(),
    };
    if let Flow::Unconfirmed = flow {
        let date = a.received - Days::new(1);
        s.push(CaseAction::SubmittedOnline { date }, By::Applicant);
        return Ok(s.out);
    }
    s.receive(a);
    let received = a.received;
    match flow {
        Flow::Decide(outcome, n) => s.reply(s.wd(received, n)?, outcome, None)?,
        Flow::Refer(agency, n) => s.reply(s.wd(received, n)?, Outcome::NotHeld, Some(agency))?,
        Flow::Consult(outcome, party, opinion) => s.consult(a, outcome, party, opinion)?,
        Flow::Extend(outcome) => {
            s.ask_extension(s.wd(received, 15)?);
            s.push(
                CaseAction::ExtensionApproved {
                    date: s.wd(received, 15)?,
                    days: 15,
                },
                By::Reviewer,
            );
            s.reply(s.wd(received, 27)?, outcome, None)?;
        }
        Flow::Clarified(outcome) => {
            let asked = s.wd(received, 2)?;
            s.ask_correction(asked)?;
            let answered = s.wd(asked, 4)?;
            s.push(
                CaseAction::CorrectionSubmitted {
                    date: answered,
                    text: "所需信息为交通路拓宽改造有关的全部文件，具体名称不清楚".into(),
                },
                By::Clerk,
            );
            s.reply(s.wd(answered, 10)?, outcome, None)?;
        }
        Flow::CorrectionLapse => {
            let deadline = s.ask_correction(s.wd(received, 2)?)?;
            let lapsed = s.wd(deadline, 2)?;
            s.push(CaseAction::CorrectionLapsed { date: lapsed }, By::Clerk);
            s.reply(lapsed, Outcome::CorrectionLapsed, None)?;
        }
        Flow::FeePaid(outcome) => {
            let method = FeeMethod::ByCount {
                ordinal_in_month: 11,
            };
            let notice = s.fee_notice(s.wd(received, 5)?, method);
            let paid = s.wd(notice, 6)?;
            s.push(CaseAction::FeePaid { date: paid }, By::Clerk);
            s.reply(s.wd(paid, 4)?, outcome, None)?;
        }
        Flow::FeeLapse => {
            let notice = s.fee_notice(s.wd(received, 6)?, FeeMethod::ByVolume { pages: 45 });
            let lapsed = s.wd(notice, 22)?;
            s.push(CaseAction::FeeLapsed { date: lapsed }, By::Clerk);
            s.reply(lapsed, Outcome::FeeUnpaid, None)?;
        }
        Flow::Withdraw(n) => {
            let date = s.wd(received, n)?;
            let reason = "申请人表示已通过其他途径获取相关信息，申请撤回".into();
            s.push(CaseAction::Withdrawn { date, reason }, By::Applicant);
            s.push(CaseAction::Closed { date }, By::Clerk);
        }
        Flow::Handling | Flow::Unconfirmed => {}
        Flow::AwaitingCorrection => {
            s.ask_correction(s.wd(received, 2)?)?;
        }
        Flow::ExtensionAsked => s.ask_extension(back(today.calendar, today.day, 0)),
    }
    Ok(s.out)
}

/// The actions of one case as they are built.
struct Steps<'a> {
    today: &'a Today<'a>,
    method: DeliveryMethod,
    out: Vec<(CaseAction, By)>,
}

impl Steps<'_> {
    /// The `n`th working day after `from`.
    fn wd(&self, from: NaiveDate, n: u32) -> StoreResult<NaiveDate> {
        self.today
            .calendar
            .add_working_days(from, n)
            .map(|count| count.due)
            .map_err(corrupt)
    }

    fn push(&mut self, action: CaseAction, by: By) {
        self.out.push((action, by));
    }

    /// 确认收到: on the day handed in, signed for or received by e-mail; an
    /// online application was submitted the evening before and confirmed
    /// with the applicant on the day.
    fn receive(&mut self, a: &Arrival) {
        let received = a.received;
        let facts = match a.via {
            Via::InPerson | Via::Email => ReceiptFacts {
                arrived: Some(received),
                ..Default::default()
            },
            Via::Post => ReceiptFacts {
                arrived: Some(received),
                signed: Some(received),
                post_kind: Some(PostKind::Signed),
                ..Default::default()
            },
            Via::Online => {
                let submitted = received - Days::new(1);
                self.push(
                    CaseAction::SubmittedOnline { date: submitted },
                    By::Applicant,
                );
                ReceiptFacts {
                    arrived: Some(submitted),
                    confirmed: Some(received),
                    ..Default::default()
                }
            }
        };
        let confirmed = CaseAction::ReceiptConfirmed {
            channel: a.via.channel(),
            receipt_date: received,
            facts,
        };
        self.push(confirmed, By::Clerk);
    }

    /// The decision on `date`, then its delivery and the closing.
    fn reply(
        &mut self,
        date: NaiveDate,
        outcome: Outcome,
        referred_to: Option<&str>,
    ) -> StoreResult<()> {
        let decided = CaseAction::OutcomeDecided {
            date,
            outcome,
            reasoning: reasoning(outcome, referred_to),
            referred_to: referred_to.map(str::to_string),
            access_method: access_method(outcome),
            provided: Vec::new(),
        };
        self.push(decided, By::Clerk);
        self.deliver(date)
    }

    /// The reply goes out: by post the next working day (the day it is
    /// posted counts), collected two working days later, online at once.
    fn deliver(&mut self, decided: NaiveDate) -> StoreResult<()> {
        let method = self.method;
        let date = match method {
            DeliveryMethod::Post => self.wd(decided, 1)?,
            DeliveryMethod::CollectInPerson => self.wd(decided, 2)?,
            _ => decided,
        };
        self.push(CaseAction::Delivered { date, method }, By::Clerk);
        self.push(CaseAction::Closed { date }, By::Clerk);
        Ok(())
    }

    /// 补正告知 on `date` with ten working days to answer; returns the
    /// applicant's deadline.
    fn ask_correction(&mut self, date: NaiveDate) -> StoreResult<NaiveDate> {
        let deadline = self.wd(date, 10)?;
        let ask = CaseAction::CorrectionRequested {
            date,
            items: vec![
                "请写明所需政府信息的名称、文号，或者便于本机关查询的其他特征性描述（如制作时间、涉及的道路或工程名称）"
                    .into(),
            ],
            applicant_deadline: deadline,
        };
        self.push(ask, By::Clerk);
        Ok(deadline)
    }

    fn ask_extension(&mut self, date: NaiveDate) {
        let ask = CaseAction::ExtensionRequested {
            date,
            days: 15,
            reason: "所需信息涉及多个股室和历年档案，需逐件调阅核查，无法在20个工作日内答复".into(),
        };
        self.push(ask, By::Clerk);
    }

    /// The third party consulted three working days after receipt answers
    /// eight working days later; the decision three working days after.
    fn consult(
        &mut self,
        a: &Arrival,
        outcome: Outcome,
        party: &str,
        opinion: &str,
    ) -> StoreResult<()> {
        let start = self.wd(a.received, 3)?;
        let end = self.wd(start, 8)?;
        let started = CaseAction::ConsultationStarted {
            id: 1,
            date: start,
            party: ConsultParty::ThirdParty,
            party_name: party.into(),
            matter: format!("申请公开的“{}”可能涉及贵单位商业秘密", a.request),
        };
        self.push(started, By::Clerk);
        let ended = CaseAction::ConsultationEnded {
            id: 1,
            date: end,
            how: ConsultationOutcome::Answered,
            opinion: opinion.into(),
        };
        self.push(ended, By::Clerk);
        self.reply(self.wd(end, 3)?, outcome, None)
    }

    /// 收费通知 on `date`; returns the date.
    fn fee_notice(&mut self, date: NaiveDate, method: FeeMethod) -> NaiveDate {
        let notice = CaseAction::FeeNoticeIssued {
            date,
            method,
            amount_yuan: method.amount_yuan(),
        };
        self.push(notice, By::Clerk);
        date
    }
}

/// How the applicant obtains what the reply provides, where the letter
/// must say it (`case::missing_text`).
fn access_method(outcome: Outcome) -> String {
    let text = match outcome {
        Outcome::AlreadyPublished => "请登录本机关政府信息公开专栏查阅",
        Outcome::Disclosed | Outcome::Partial => "随本告知书提供纸质复制件",
        Outcome::DenyQueryMatter | Outcome::Petition | Outcome::PublicPublication => {
            "请按照有关法律、行政法规规定的渠道办理"
        }
        _ => "",
    };
    text.to_string()
}

fn reasoning(outcome: Outcome, referred_to: Option<&str>) -> String {
    let basis = outcome
        .article()
        .map(|a| format!("根据《中华人民共和国政府信息公开条例》{a}的规定，"))
        .unwrap_or_else(|| "经审查，".to_string());
    match referred_to {
        Some(r) => format!(
            "{basis}{}；该信息由{r}负责公开，请向其咨询。",
            outcome.label()
        ),
        None => format!("{basis}{}。", outcome.label()),
    }
}
