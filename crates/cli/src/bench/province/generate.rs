//! The synthetic province: a government tree, its staff, and cases with
//! realistic histories (confirmed, corrected, consulted, extended, charged,
//! withdrawn, decided with every outcome, delivered, closed; the recent ones
//! still open, a few older ones overdue on the benchmark's date), written
//! through the same rows the application writes (events and the read model,
//! `CaseListStore::import_cases`), from a fixed seed.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use gongkai_domain::agency::{AgencyDraft, AgencyProfile, DisclosureOffice};
use gongkai_domain::agency_code::{org_code_check_char, uscc_check_char};
use gongkai_domain::application::{
    Applicant, Application, DeliveryForm, DeliveryMethod, IdDocument, InformationRequest,
};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::{Actor, CaseAction, CaseEventRecord, CaseSnapshot};
use gongkai_domain::deadline::{ConsultParty, ConsultationOutcome, ReceiptFacts};
use gongkai_domain::fees::FeeMethod;
use gongkai_domain::vocabulary::{ApplicantType, Channel, Outcome, PostKind};
use gongkai_store::{AgencyId, ImportedCase};
use rand::Rng;
use rand::rngs::StdRng;

/// One agency of the synthetic tree.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: AgencyId,
    pub code: String,
    pub parent: Option<usize>,
    /// Relative share of the applications it receives.
    pub weight: u32,
}

/// A valid 统一社会信用代码 for a 机关 (登记管理部门 1, 机构类别 1) in the
/// fictitious region 990100, its organisation code from `serial`.
pub fn credit_code(serial: u32) -> String {
    let body = format!("{:08}", 10_000_000 + serial);
    let org = format!(
        "{body}{}",
        org_code_check_char(&body).expect("eight digits have a check character")
    );
    let first17 = format!("11990100{org}");
    format!(
        "{first17}{}",
        uscc_check_char(&first17).expect("17 valid characters have a check character")
    )
}

pub fn profile(code: &str, name: &str, level: &str, kind: &str) -> anyhow::Result<AgencyProfile> {
    AgencyDraft {
        full_name: name.into(),
        short_name: String::new(),
        code: code.into(),
        level: level.into(),
        kind: kind.into(),
        office: DisclosureOffice {
            name: format!("{name}政务公开办公室"),
            address: "某省某市人民路1号".into(),
            postcode: "990100".into(),
            hours: "工作日 上午9:00—12:00，下午13:30—17:30".into(),
            phone: "0990-1234567".into(),
            fax: "0990-1234567".into(),
            email: "gk@example.gov.cn".into(),
        },
        channels: vec![Channel::InPerson, Channel::Post, Channel::Online],
    }
    .validate()
    .map_err(|e| anyhow::anyhow!("合成机构“{name}”无效：{e:?}"))
}

/// What each agency of the tree is: (name, level, kind, weight), parents
/// first. The province government; 12 provincial departments; then cities,
/// each a government with 10 departments and up to 12 counties, each county
/// a government with 15 departments and 5 townships — until `count`.
pub fn tree(count: usize) -> Vec<(String, &'static str, &'static str, Option<usize>, u32)> {
    let mut out: Vec<(String, &'static str, &'static str, Option<usize>, u32)> =
        vec![("某省人民政府".into(), "province", "government", None, 3)];
    let push = |out: &mut Vec<_>, name: String, level, kind, parent, weight| {
        if out.len() < count {
            out.push((name, level, kind, Some(parent), weight));
        }
        out.len() - 1
    };
    for d in 1..=12 {
        push(
            &mut out,
            format!("某省第{d}厅"),
            "province",
            "department",
            0,
            4,
        );
    }
    let mut city = 0;
    while out.len() < count {
        city += 1;
        let c = push(
            &mut out,
            format!("某省第{city}市人民政府"),
            "city",
            "government",
            0,
            3,
        );
        for d in 1..=10 {
            push(
                &mut out,
                format!("第{city}市第{d}局"),
                "city",
                "department",
                c,
                3,
            );
        }
        for k in 1..=12 {
            let name = format!("第{city}市第{k}县人民政府");
            let county = push(&mut out, name, "county", "government", c, 2);
            for d in 1..=15 {
                let name = format!("第{city}市第{k}县第{d}局");
                push(&mut out, name, "county", "department", county, 2);
            }
            for t in 1..=5 {
                let name = format!("第{city}市第{k}县第{t}镇人民政府");
                push(&mut out, name, "township", "government", county, 1);
            }
        }
    }
    out.truncate(count);
    out
}

/// Outcomes a decision records (the lapses and withdrawal are events of their own).
const DECIDED: [(Outcome, u32); 12] = [
    (Outcome::Disclosed, 40),
    (Outcome::Partial, 12),
    (Outcome::AlreadyPublished, 8),
    (Outcome::NotHeld, 14),
    (Outcome::DenyStateSecret, 1),
    (Outcome::DenyThirdParty, 3),
    (Outcome::DenyInternalAffairs, 3),
    (Outcome::DenyProcessInformation, 3),
    (Outcome::NeedsCreation, 5),
    (Outcome::Petition, 5),
    (Outcome::RepeatedApplication, 3),
    (Outcome::ConfirmOrReissue, 3),
];

fn outcome(rng: &mut StdRng) -> Outcome {
    let total: u32 = DECIDED.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen_range(0..total);
    for (o, w) in DECIDED {
        if x < w {
            return o;
        }
        x -= w;
    }
    Outcome::Disclosed
}

fn applicant_type(rng: &mut StdRng) -> ApplicantType {
    match rng.gen_range(0..100) {
        0..70 => ApplicantType::NaturalPerson,
        70..85 => ApplicantType::CommercialEnterprise,
        85..88 => ApplicantType::ResearchInstitution,
        88..91 => ApplicantType::PublicWelfareOrganisation,
        91..96 => ApplicantType::LegalServiceInstitution,
        _ => ApplicantType::OtherOrganisation,
    }
}

fn application(kind: ApplicantType, n: u64) -> Application {
    let person = kind == ApplicantType::NaturalPerson;
    Application {
        applicant: Applicant {
            kind,
            name: if person {
                format!("申请人{n}")
            } else {
                format!("某某有限公司{n}")
            },
            id_document: if person {
                IdDocument::ResidentIdCard
            } else {
                IdDocument::CreditCode
            },
            id_number: if person {
                "11010519491231002X".into()
            } else {
                "91110000100000000A".into()
            },
            contact_person: if person {
                String::new()
            } else {
                "张三".into()
            },
            phone: "13800138000".into(),
            email: Some("applicant@example.cn".into()),
            address: "某省某市人民路2号".into(),
            postcode: "990100".into(),
        },
        request: InformationRequest {
            description: "本单位2024年道路养护工程的招标文件和中标结果".into(),
            document_number: None,
            form: DeliveryForm::Electronic,
            method: DeliveryMethod::Email,
        },
    }
}

/// Builds histories against the platform calendar up to `today`.
pub struct CaseMaker<'c> {
    pub calendar: &'c Calendar,
    pub today: NaiveDate,
    /// The first day applications are received (three years before `today`).
    pub first_day: NaiveDate,
}

/// The actions of one case so far.
struct History<'c> {
    actions: Vec<CaseAction>,
    today: NaiveDate,
    calendar: &'c Calendar,
}

impl History<'_> {
    /// `n` working days after `from`; `None` once past the benchmark's date.
    fn after(&self, from: NaiveDate, n: u32) -> Option<NaiveDate> {
        let day = self.calendar.add_working_days(from, n).ok()?.due;
        (day <= self.today).then_some(day)
    }
}

impl CaseMaker<'_> {
    fn working_day(&self, rng: &mut StdRng) -> NaiveDate {
        let span = (self.today - self.first_day).num_days().max(1);
        let mut day = self.first_day + Days::new(rng.gen_range(0..span) as u64);
        while !self.calendar.is_working(day) {
            day = day + Days::new(1);
        }
        day.min(self.today)
    }

    /// The actions of one case received on a random working day.
    pub fn actions(&self, rng: &mut StdRng) -> Vec<CaseAction> {
        let received = self.working_day(rng);
        let channel = [
            Channel::InPerson,
            Channel::Post,
            Channel::Online,
            Channel::Email,
        ][rng.gen_range(0..4)];
        let mut h = History {
            actions: vec![CaseAction::ReceiptConfirmed {
                channel,
                receipt_date: received,
                facts: ReceiptFacts {
                    arrived: Some(received),
                    signed: Some(received),
                    confirmed: Some(received),
                    post_kind: (channel == Channel::Post).then_some(PostKind::Signed),
                    ..Default::default()
                },
            }],
            today: self.today,
            calendar: self.calendar,
        };
        // One in 200 older cases is forgotten: overdue on the benchmark's date.
        if rng.gen_range(0..200) == 0 {
            return h.actions;
        }
        let scenario = rng.gen_range(0..100);
        let Some(decide_from) = self.before_decision(&mut h, received, scenario, rng) else {
            return h.actions;
        };
        if (22..26).contains(&scenario) {
            return h.actions; // withdrawn
        }
        let Some(decided) = h.after(decide_from, rng.gen_range(2..12)) else {
            return h.actions;
        };
        h.actions.push(CaseAction::OutcomeDecided {
            date: decided,
            outcome: outcome(rng),
            reasoning: "依据《中华人民共和国政府信息公开条例》作出答复。".into(),
            referred_to: None,
            access_method: String::new(),
            provided: Vec::new(),
        });
        let Some(delivered) = h.after(decided, 1) else {
            return h.actions;
        };
        h.actions.push(CaseAction::Delivered {
            date: delivered,
            method: DeliveryMethod::Email,
        });
        if let Some(closed) = h.after(delivered, 1) {
            h.actions.push(CaseAction::Closed { date: closed });
        }
        h.actions
    }

    /// The steps before the decision of a scenario; the day the decision's
    /// working days count from, or `None` when the case stops here (today).
    fn before_decision(
        &self,
        h: &mut History<'_>,
        received: NaiveDate,
        scenario: u32,
        rng: &mut StdRng,
    ) -> Option<NaiveDate> {
        match scenario {
            // 补正 (Art. 30): the clock restarts on the corrected application.
            0..8 => {
                let asked = h.after(received, 2)?;
                h.actions.push(CaseAction::CorrectionRequested {
                    date: asked,
                    items: vec!["请说明所需信息的具体名称".into()],
                    // Fifteen working days, whether or not they have passed yet.
                    applicant_deadline: h.calendar.add_working_days(asked, 15).ok()?.due,
                });
                let corrected = h.after(asked, 3)?;
                h.actions.push(CaseAction::CorrectionSubmitted {
                    date: corrected,
                    text: "所需信息为2024年道路养护工程的中标结果。".into(),
                });
                Some(corrected)
            }
            // 征求意见 of a third party (Art. 32).
            8..14 => {
                let started = h.after(received, 3)?;
                h.actions.push(CaseAction::ConsultationStarted {
                    id: 1,
                    date: started,
                    party: ConsultParty::ThirdParty,
                    party_name: "某某建设有限公司".into(),
                    matter: "是否同意公开中标合同".into(),
                });
                let ended = h.after(started, rng.gen_range(3..12))?;
                h.actions.push(CaseAction::ConsultationEnded {
                    id: 1,
                    date: ended,
                    how: ConsultationOutcome::Answered,
                    opinion: "同意公开".into(),
                });
                Some(ended)
            }
            // 延期 (Art. 33(2)).
            14..19 => {
                let asked = h.after(received, 15)?;
                h.actions.push(CaseAction::ExtensionRequested {
                    date: asked,
                    days: 20,
                    reason: "需调取多个年度的档案".into(),
                });
                h.actions.push(CaseAction::ExtensionApproved {
                    date: asked,
                    days: 20,
                });
                h.after(asked, 10)
            }
            // 收费 (Art. 42): notified and paid.
            19..22 => {
                let noticed = h.after(received, 5)?;
                h.actions.push(CaseAction::FeeNoticeIssued {
                    date: noticed,
                    method: FeeMethod::ByVolume { pages: 150 },
                    amount_yuan: 1700,
                });
                let paid = h.after(noticed, 3)?;
                h.actions.push(CaseAction::FeePaid { date: paid });
                Some(paid)
            }
            // 撤回.
            22..26 => {
                let withdrawn = h.after(received, 2)?;
                h.actions.push(CaseAction::Withdrawn {
                    date: withdrawn,
                    reason: "申请人已通过其他途径获取".into(),
                });
                if let Some(closed) = h.after(withdrawn, 1) {
                    h.actions.push(CaseAction::Closed { date: closed });
                }
                Some(withdrawn)
            }
            _ => Some(received),
        }
    }

    /// One case of `agency` as the store imports it.
    pub fn case(&self, agency: AgencyId, n: u64, rng: &mut StdRng) -> ImportedCase {
        let actions = self.actions(rng);
        let start = day_start(actions[0].date());
        let events: Vec<CaseEventRecord> = actions
            .into_iter()
            .enumerate()
            .map(|(i, action)| CaseEventRecord {
                seq: u32::try_from(i).unwrap_or(u32::MAX) + 1,
                at: day_start(action.date()) + chrono::Duration::minutes(i as i64),
                actor: Actor::System,
                action,
                note: String::new(),
            })
            .collect();
        let snapshot = CaseSnapshot::of(&events, self.calendar, self.today);
        let kind = applicant_type(rng);
        ImportedCase {
            agency_id: agency,
            query_code_hash: format!("{n:064x}"),
            channel: match &events[0].action {
                CaseAction::ReceiptConfirmed { channel, .. } => *channel,
                _ => Channel::InPerson,
            },
            application: application(kind, n),
            applicant_key: format!("bench-{}", n % 50_000),
            submitted_at: start,
            events,
            snapshot,
        }
    }
}

/// 09:00 Beijing time of `day`.
fn day_start(day: NaiveDate) -> DateTime<Utc> {
    gongkai_app::clock::start_of_day(day) + chrono::Duration::hours(9)
}

/// `n` published items of `unit` (one in ten a 规范性文件, a few repealed),
/// over the three years before the benchmark's date, loaded 1,000 a
/// transaction as `gongkai import catalogue` stores them.
pub async fn items(store: &dyn gongkai_store::Store, unit: &Unit, n: u64) -> anyhow::Result<()> {
    use gongkai_domain::catalogue::{
        IndexNumber, ItemAction, ItemEventRecord, ItemForm, PublicationChannel,
    };
    use gongkai_store::{ItemSnapshot, NewItem};
    let calendar = Calendar::vendored();
    let code = gongkai_domain::agency_code::AgencyCode::parse(&unit.code)
        .map_err(|e| anyhow::anyhow!("机构代码无效：{e:?}"))?;
    let mut rng = <StdRng as rand::SeedableRng>::seed_from_u64(20_261_204);
    let first = NaiveDate::from_ymd_opt(2023, 7, 1).expect("date");
    let topics = [
        "工业、交通\\公路",
        "工业、交通\\水运",
        "财政、金融、审计\\财政",
        "其他",
    ];
    let items_of = |from: u64, to: u64, rng: &mut StdRng| -> anyhow::Result<Vec<NewItem>> {
        (from..to)
            .map(|i| {
                let published = first + Days::new(rng.gen_range(0..1090));
                let normative = i % 10 == 0;
                let metadata = ItemForm {
                    title: format!("关于做好第{i}批道路运输管理工作的通知"),
                    summary: "部署道路运输安全、养护和服务工作。".into(),
                    issuers: "交通运输局".into(),
                    formed_on: published.to_string(),
                    topic: topics[(i % 4) as usize].into(),
                    genre: "notice".into(),
                    kind: if normative { "normative" } else { "other" }.into(),
                    attribute: "proactive".into(),
                    scope: "public".into(),
                    body: "为进一步做好道路运输管理工作，现将有关事项通知如下。".into(),
                    ..Default::default()
                }
                .validate()
                .map_err(|e| anyhow::anyhow!("合成目录信息无效：{e:?}"))?;
                let serial = u32::try_from(i + 1).unwrap_or(u32::MAX);
                let mut actions = vec![
                    ItemAction::Drafted { metadata },
                    ItemAction::Submitted {
                        with_interpretation: None,
                        no_interpretation_reason: None,
                    },
                    ItemAction::Approved {
                        review: "经保密审查，可以公开。".into(),
                    },
                    ItemAction::Published {
                        date: published,
                        index_number: IndexNumber::generate(&code, published.year(), serial),
                        channels: vec![PublicationChannel::Website],
                    },
                ];
                if normative && i % 30 == 0 {
                    actions.push(ItemAction::Repealed {
                        date: published + Days::new(200),
                        reason: "被新文件替代".into(),
                    });
                }
                let at = day_start(published);
                let events: Vec<ItemEventRecord> = actions
                    .into_iter()
                    .enumerate()
                    .map(|(k, action)| ItemEventRecord {
                        seq: u32::try_from(k).unwrap_or(0) + 1,
                        at,
                        actor: Actor::System,
                        action,
                        note: String::new(),
                    })
                    .collect();
                let snapshot = ItemSnapshot::from_history(&events, &calendar)
                    .map_err(|e| anyhow::anyhow!("合成目录信息无效：{e}"))?;
                Ok(NewItem {
                    agency_id: unit.id,
                    dedup_key: Some(format!("bench:{i}")),
                    events,
                    snapshot,
                })
            })
            .collect()
    };
    let mut done = 0;
    while done < n {
        let to = n.min(done + 1000);
        store.create_items(&items_of(done, to, &mut rng)?).await?;
        done = to;
    }
    Ok(())
}
