//! The demo files the bureau's items under rows of its 标准目录: each
//! under a row it keeps, of the item's own Article 20 item, and the
//! quarterly row judged by its own 公开时限.

use gongkai_domain::catalogue::standard::TemplateKind;
use gongkai_domain::catalogue::standard::filing::filing_row;
use gongkai_domain::health::{ColumnKind, row_kind};
use gongkai_domain::vocabulary::Article20Item;

use crate::demo::Who;
use crate::demo::catalogue::{DELETED, FILED, QUARTERLY};
use crate::demo::item_table::{CONTENT, PAST, THIS_YEAR};

#[test]
fn each_filed_item_is_a_bureau_item_under_a_kept_row_of_its_item() {
    let kept: Vec<_> = TemplateKind::Transport
        .template()
        .rows
        .iter()
        .filter(|r| !DELETED.iter().any(|(k, _)| *k == r.key))
        .cloned()
        .collect();
    let items: Vec<_> = PAST.iter().chain(THIS_YEAR).chain(CONTENT).collect();
    for (title, key) in FILED {
        let mut found = items.iter().filter(|i| i.title == *title).peekable();
        assert!(found.peek().is_some(), "{title} is a demo item");
        for item in found {
            assert!(matches!(item.who, Who::Bureau), "{title}");
            let a20 = Article20Item::from_code(item.article20);
            assert!(a20.is_some(), "{title} has an Article 20 item");
            filing_row(&kept, key, a20).unwrap_or_else(|e| panic!("{title}: {e}"));
        }
    }
    // Four 公示 of the enforcement results: the quarterly row's items.
    let quarterly = FILED.iter().filter(|(_, k)| *k == QUARTERLY).count();
    assert_eq!(quarterly, 4);
    let row = kept.iter().find(|r| r.key == QUARTERLY).unwrap();
    // The template's 20 working days: no periodic rule until the bureau's own.
    assert_eq!(row_kind(&row.limit), None);
    let own = gongkai_domain::catalogue::standard::DisclosureLimit::Periodic { months: 3 };
    assert_eq!(row_kind(&own), Some(ColumnKind::EveryMonths { months: 3 }));
}
