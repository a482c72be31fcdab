//! Demo data: a small government tree with one account per role, so that
//! `gongkai serve --demo` shows a working platform at once. The names are
//! fictional (江南省青山市); the codes are valid unified social credit codes.

use gongkai_domain::agency::{AgencyDraft, DisclosureOffice};
use gongkai_domain::staff::{Role, Username};
use gongkai_domain::vocabulary::Channel;
use gongkai_store::{AgencyId, NewStaff, Store, StoreResult};

use crate::password::hash_password;

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

/// A demo catalogue item (published after review).
struct DemoItem(
    /* agency */ &'static str,
    /* title */ &'static str,
    /* summary */ &'static str,
    /* 文号 */ &'static str,
    /* formed */ &'static str,
    /* published */ &'static str,
    /* kind */ &'static str,
    /* topic */ &'static str,
);

/// Demo catalogue items, so the public column has content.
const ITEMS: &[DemoItem] = &[
    DemoItem(
        "119901219482199390",
        "关于印发《白沙县农村公路养护管理办法》的通知",
        "规定县乡村三级农村公路养护责任、资金保障和考核办法。",
        "白交〔2025〕3号",
        "2025-02-20",
        "2025-03-05",
        "normative",
        "工业、交通\\公路",
    ),
    DemoItem(
        "119901219482199390",
        "白沙县交通运输局2025年部门预算公开",
        "公开本局2025年部门收支预算、三公经费预算及相关说明。",
        "",
        "2025-02-10",
        "2025-02-28",
        "other",
        "财政、金融、审计\\预算",
    ),
    DemoItem(
        "119901219482199390",
        "白沙县道路运输行政处罚事项清单",
        "列明道路运输领域行政处罚事项的依据、程序和自由裁量基准。",
        "白交〔2024〕18号",
        "2024-09-02",
        "2024-09-20",
        "normative",
        "工业、交通\\道路运输",
    ),
    DemoItem(
        "11990121082462814Y",
        "白沙县人民政府关于2025年政府信息公开工作要点的通知",
        "部署本县2025年政务公开重点任务和责任分工。",
        "白政办〔2025〕5号",
        "2025-03-10",
        "2025-03-14",
        "normative",
        "综合政务\\政务公开",
    ),
];

/// Demo content for `serve --demo`: published catalogue items. Kept apart
/// from [`seed`] so that tests start from empty registers.
pub async fn seed_content(store: &dyn Store) -> StoreResult<()> {
    let mut ids = Vec::new();
    for a in AGENCIES {
        if let Some(agency) = store.agency_by_code(a.code).await? {
            ids.push((a.code, agency.id));
        }
    }
    seed_catalogue(store, &ids).await
}

async fn seed_catalogue(store: &dyn Store, ids: &[(&str, AgencyId)]) -> StoreResult<()> {
    use gongkai_domain::catalogue::ItemForm;
    for DemoItem(code, title, summary, docno, formed, published, kind, topic) in ITEMS {
        let agency_id = ids.iter().find(|(c, _)| c == code).expect("demo agency").1;
        let agency = store.agency(agency_id).await?.expect("demo agency");
        let metadata = ItemForm {
            title: (*title).into(),
            summary: (*summary).into(),
            issuers: agency.profile.full_name.clone(),
            document_number: (*docno).into(),
            formed_on: (*formed).into(),
            topic: (*topic).into(),
            genre: "notice".into(),
            kind: (*kind).into(),
            article20: if *kind == "normative" {
                "regulations".into()
            } else {
                String::new()
            },
            attribute: "proactive".into(),
            scope: "public".into(),
            body: format!("{title}\n（演示数据）本文件全文略。"),
            ..Default::default()
        }
        .validate()
        .expect("demo item is valid");
        let date = chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").expect("demo date");
        publish_item(store, &agency, metadata, date, "演示数据").await?;
    }
    Ok(())
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
