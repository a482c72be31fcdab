//! Demo data: a small government tree with one account per role, so that
//! `gongkai serve --demo` shows a working platform at once. The names are
//! fictional (江南省青山市); the codes are valid unified social credit codes.
//!
//! The records ([`seed_content`], [`seed_reports`]) are dated relative to
//! the day they are seeded (module `when`), so that the demo is alive on
//! any date: last year's reports are published, this year's cases are under
//! way and the clerk's queue holds cases normal, due soon and overdue.

mod appeals;
mod cases;
mod catalogue;
mod concerns;
mod consultations;
mod decisions;
mod facts;
mod figures;
mod flows;
mod item_table;
mod items;
mod motions;
mod past;
mod people;
mod plans;
mod questions;
mod reports;
mod site;
#[cfg(test)]
mod tests;
mod texts;
mod this_year;
mod when;

use chrono::NaiveDate;
use gongkai_domain::agency::{AgencyDraft, DisclosureOffice};
use gongkai_domain::staff::{Role, Username};
use gongkai_domain::vocabulary::Channel;
use gongkai_store::{AgencyId, NewStaff, Store, StoreError, StoreResult};

use crate::password::hash_password;

pub use reports::{FIRST_YEAR, seed_reports};

/// 白沙县交通运输局 (a department): the clerk's agency, with the demo's cases.
pub const BUREAU_CODE: &str = "119901219482199390";
/// 白沙县人民政府 (a government): its report combines the bureau's.
pub const GOVERNMENT_CODE: &str = "11990121082462814Y";

/// The agencies the demo's records belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Bureau,
    Government,
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("演示数据：{what}"))
}

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "gongkai-demo-2025";

/// A demo account, as printed on start.
pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub agency_code: &'static str,
    pub roles: &'static [Role],
}

pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "admin",
        display_name: "陈管理",
        agency_code: "11990100908301663T",
        roles: &[
            Role::PlatformAdministrator,
            Role::Administrator,
            Role::Supervisor,
        ],
    },
    DemoAccount {
        username: "supervisor",
        display_name: "周监督",
        agency_code: "11990121082462814Y",
        roles: &[Role::Supervisor],
    },
    DemoAccount {
        username: "clerk",
        display_name: "李承办",
        agency_code: "119901219482199390",
        roles: &[Role::Clerk],
    },
    DemoAccount {
        username: "reviewer",
        display_name: "王审核",
        agency_code: "119901219482199390",
        roles: &[Role::Reviewer],
    },
    DemoAccount {
        username: "editor",
        display_name: "赵信息",
        agency_code: "119901219482199390",
        roles: &[Role::Editor],
    },
    // The county office's 评估人员 (e.g. a third party's): scores the
    // agencies the supervisor assigns in a scoring run, nothing else.
    DemoAccount {
        username: "evaluator",
        display_name: "孙评估",
        agency_code: "11990121082462814Y",
        roles: &[Role::Evaluator],
    },
];

struct DemoAgency {
    parent: Option<&'static str>,
    full_name: &'static str,
    short_name: &'static str,
    code: &'static str,
    level: &'static str,
    kind: &'static str,
    office: &'static str,
    address: &'static str,
    phone: &'static str,
    email: &'static str,
    online: bool,
}

const AGENCIES: &[DemoAgency] = &[
    DemoAgency {
        parent: None,
        full_name: "江南省人民政府",
        short_name: "省政府",
        code: "1199000052601815XM",
        level: "province",
        kind: "government",
        office: "江南省人民政府办公厅政务公开处",
        address: "江南省江城市政府路1号",
        phone: "0990-1234567",
        email: "zwgk@jiangnan.example.gov.cn",
        online: true,
    },
    DemoAgency {
        parent: Some("1199000052601815XM"),
        full_name: "江南省青山市人民政府",
        short_name: "青山市政府",
        code: "11990100908301663T",
        level: "city",
        kind: "government",
        office: "青山市人民政府办公室政务公开科",
        address: "青山市人民路88号市民中心3楼",
        phone: "0991-6012345",
        email: "gk@qingshan.example.gov.cn",
        online: true,
    },
    DemoAgency {
        parent: Some("11990100908301663T"),
        full_name: "青山市交通运输局",
        short_name: "市交通运输局",
        code: "119901001318609164",
        level: "city",
        kind: "department",
        office: "青山市交通运输局办公室",
        address: "青山市通达路16号",
        phone: "0991-6023456",
        email: "jtj@qingshan.example.gov.cn",
        online: true,
    },
    DemoAgency {
        parent: Some("11990100908301663T"),
        full_name: "青山市财政局",
        short_name: "市财政局",
        code: "11990100390996033U",
        level: "city",
        kind: "department",
        office: "青山市财政局办公室",
        address: "青山市人民路90号",
        phone: "0991-6034567",
        email: "czj@qingshan.example.gov.cn",
        online: false,
    },
    DemoAgency {
        parent: Some("11990100908301663T"),
        full_name: "青山市白沙县人民政府",
        short_name: "白沙县政府",
        code: "11990121082462814Y",
        level: "county",
        kind: "government",
        office: "白沙县人民政府办公室政务公开股",
        address: "白沙县城关镇府前街1号",
        phone: "0991-8812345",
        email: "gk@baisha.example.gov.cn",
        online: true,
    },
    DemoAgency {
        parent: Some("11990121082462814Y"),
        full_name: "白沙县交通运输局",
        short_name: "县交通运输局",
        code: "119901219482199390",
        level: "county",
        kind: "department",
        office: "白沙县交通运输局办公室",
        address: "白沙县城关镇交通路8号",
        phone: "0991-8823456",
        email: "jtj@baisha.example.gov.cn",
        online: true,
    },
    DemoAgency {
        parent: Some("11990121082462814Y"),
        full_name: "白沙县财政局",
        short_name: "县财政局",
        code: "11990121518190937G",
        level: "county",
        kind: "department",
        office: "白沙县财政局办公室",
        address: "白沙县城关镇府前街3号",
        phone: "0991-8834567",
        email: "czj@baisha.example.gov.cn",
        online: false,
    },
    DemoAgency {
        parent: Some("11990121082462814Y"),
        full_name: "白沙县城关镇人民政府",
        short_name: "城关镇政府",
        code: "11990121786579754J",
        level: "township",
        kind: "government",
        office: "城关镇党政综合办公室",
        address: "白沙县城关镇南街20号",
        phone: "0991-8845678",
        email: "cgz@baisha.example.gov.cn",
        online: false,
    },
];

/// Fill an empty database with the demo tree and accounts. Does nothing (and
/// returns false) when the database already holds agencies.
pub async fn seed(store: &dyn Store) -> StoreResult<bool> {
    if !store.is_empty().await? {
        return Ok(false);
    }
    let mut ids: Vec<(&str, AgencyId)> = Vec::new();
    for a in AGENCIES {
        let mut channels = Vec::new();
        if a.online {
            channels.extend([Channel::Online, Channel::Email]);
        }
        let profile = AgencyDraft {
            full_name: a.full_name.into(),
            short_name: a.short_name.into(),
            code: a.code.into(),
            level: a.level.into(),
            kind: a.kind.into(),
            office: DisclosureOffice {
                name: a.office.into(),
                address: a.address.into(),
                postcode: "990100".into(),
                hours: "工作日 上午9:00—12:00，下午13:30—17:30".into(),
                phone: a.phone.into(),
                fax: a.phone.into(),
                email: a.email.into(),
            },
            channels,
        }
        .validate()
        .expect("demo agency data is valid");
        let parent = a.parent.map(|p| {
            ids.iter()
                .find(|(c, _)| *c == p)
                .expect("parent seeded first")
                .1
        });
        let id = store.create_agency(parent, &profile).await?;
        ids.push((a.code, id));
    }
    let hash = hash_password(DEMO_PASSWORD)
        .map_err(|e| gongkai_store::StoreError::Backend(e.to_string()))?;
    for acc in DEMO_ACCOUNTS {
        let agency_id = ids
            .iter()
            .find(|(c, _)| *c == acc.agency_code)
            .expect("demo agency")
            .1;
        store
            .create_staff(&NewStaff {
                agency_id,
                username: Username::parse(acc.username).expect("demo username"),
                display_name: acc.display_name.into(),
                password_hash: hash.clone(),
                roles: acc.roles.to_vec(),
            })
            .await?;
    }
    Ok(true)
}

/// Demo content for `serve --demo`: published catalogue items of this year
/// and last as they stand on `today`. Kept apart from [`seed`] so that
/// tests start from empty registers.
pub async fn seed_content(store: &dyn Store, today: NaiveDate) -> StoreResult<()> {
    let calendar = gongkai_store::calendar_in_force(store).await?;
    let today = when::Today {
        day: today,
        calendar: &calendar,
    };
    let mut publishers = Vec::new();
    for (who, code) in [
        (Who::Bureau, BUREAU_CODE),
        (Who::Government, GOVERNMENT_CODE),
    ] {
        if let Some(agency) = store.agency_by_code(code).await? {
            publishers.push((who, agency));
        }
    }
    let publishers: Vec<(Who, &gongkai_store::Agency)> =
        publishers.iter().map(|(w, a)| (*w, a)).collect();
    items::seed_items(store, &today, &publishers, item_table::CONTENT).await?;
    plans::seed_plans(store, &today).await?;
    if let Some((_, bureau)) = publishers.iter().find(|(w, _)| *w == Who::Bureau) {
        consultations::seed_consultations(store, &today, bureau).await?;
        questions::seed_questions(store, &today, bureau).await?;
        motions::seed_motions(store, &today, bureau).await?;
        concerns::seed_concerns(store, &today, bureau).await?;
        decisions::seed_decisions(store, &today, bureau).await?;
    }
    catalogue::seed_catalogue(store, today.day).await?;
    site::seed_site(store).await
}

/// Stores an item already published on `date` (drafted, reviewed and
/// published by the system, with `note` on each event): demo content and
/// test fixtures.
pub async fn publish_item(
    store: &dyn Store,
    agency: &gongkai_store::Agency,
    metadata: gongkai_domain::catalogue::ItemMetadata,
    date: chrono::NaiveDate,
    note: &str,
) -> StoreResult<gongkai_store::ItemId> {
    use chrono::{Datelike, Utc};
    use gongkai_domain::case::Actor;
    use gongkai_domain::catalogue::{IndexNumber, ItemAction, ItemEventRecord, PublicationChannel};
    let calendar = gongkai_store::calendar_in_force(store).await?;
    let serial = store.next_index_serial(agency.id, date.year()).await?;
    let actions = vec![
        ItemAction::Drafted { metadata },
        ItemAction::Submitted {
            with_interpretation: None,
            no_interpretation_reason: None,
        },
        ItemAction::Approved {
            review: format!("经保密审查，不涉及国家秘密（{note}）"),
        },
        ItemAction::Published {
            date,
            index_number: IndexNumber::generate(&agency.profile.code, date.year(), serial),
            channels: vec![PublicationChannel::ALL[0]],
        },
    ];
    let events: Vec<ItemEventRecord> = actions
        .into_iter()
        .enumerate()
        .map(|(i, action)| ItemEventRecord {
            seq: i as u32 + 1,
            at: Utc::now(),
            actor: Actor::System,
            action,
            note: note.into(),
        })
        .collect();
    let snapshot = gongkai_store::ItemSnapshot::from_history(&events, &calendar)
        .map_err(|e| gongkai_store::StoreError::Corrupt(format!("{note}：{e}")))?;
    let created = store
        .create_items(&[gongkai_store::NewItem {
            agency_id: agency.id,
            dedup_key: None,
            events,
            snapshot,
        }])
        .await?;
    Ok(created[0].id())
}
