use chrono::TimeZone;

use super::*;

fn at(n: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, n).unwrap()
}

fn entry(n: u32, action: &str) -> NewAuditEntry {
    NewAuditEntry {
        at: at(n),
        staff_id: Some(7),
        agency_id: Some(3),
        action: action.into(),
        detail: format!("GK2025-00000{n}"),
    }
}

/// A chain of `n` records built through `link`, and its head.
fn chain(n: u32) -> (Vec<ChainedRecord>, ChainHead) {
    let mut head = ChainHead::empty();
    let mut out = Vec::new();
    for i in 1..=n {
        let e = entry(i, "case.event");
        let l = link(&e, &head);
        out.push(ChainedRecord {
            id: i64::from(i) + 100,
            seq: Some(l.seq),
            at: l.at,
            staff_id: e.staff_id,
            agency_id: e.agency_id,
            action: e.action.clone(),
            detail: e.detail.clone(),
            prev_hash: Some(l.prev_hash.clone()),
            hash: Some(l.hash.clone()),
        });
        head = ChainHead {
            seq: l.seq,
            hash: l.hash,
        };
    }
    (out, head)
}

#[test]
fn canonical_form_is_a_json_array_with_microseconds() {
    let t =
        Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap() + chrono::Duration::nanoseconds(6_789);
    assert_eq!(
        canonical(1, t, Some(7), Some(3), "login.success", "甲", GENESIS),
        "[1,\"2025-01-02T03:04:05.000006Z\",7,3,\"login.success\",\"甲\",\
         \"0000000000000000000000000000000000000000000000000000000000000000\"]"
    );
    assert_eq!(
        canonical(2, at(5), None, None, "a\"b", "", "x"),
        "[2,\"2025-01-02T03:04:05.000000Z\",null,null,\"a\\\"b\",\"\",\"x\"]"
    );
}

#[test]
fn the_hash_is_sha256_of_the_canonical_form() {
    // Computed with `printf '%s' '<canonical>' | sha256sum`.
    let t = Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap() + chrono::Duration::microseconds(6);
    assert_eq!(
        chain_hash(1, t, Some(7), Some(3), "login.success", "甲", GENESIS),
        "ec96ffe5d8fc30c01bf580349db6c9283e00c029cb69b7a2d8559a89981f2721"
    );
}

#[test]
fn link_follows_the_head() {
    let l = link(&entry(1, "x"), &ChainHead::empty());
    assert_eq!(l.seq, 1);
    assert_eq!(l.prev_hash, GENESIS);
    let m = link(
        &entry(2, "x"),
        &ChainHead {
            seq: 1,
            hash: l.hash.clone(),
        },
    );
    assert_eq!(m.seq, 2);
    assert_eq!(m.prev_hash, l.hash);
    assert_ne!(m.hash, l.hash);
}

#[test]
fn an_intact_chain_verifies_in_any_order() {
    let (mut records, head) = chain(4);
    records.reverse();
    assert_eq!(verify(&records, &head), Ok(Intact { records: 4 }));
    assert_eq!(verify(&[], &ChainHead::empty()), Ok(Intact { records: 0 }));
}

#[test]
fn a_changed_detail_is_named() {
    let (mut records, head) = chain(4);
    records[2].detail = "另一内容".into();
    assert_eq!(
        verify(&records, &head),
        Err(Break {
            seq: Some(3),
            id: Some(103),
            kind: BreakKind::Changed
        })
    );
}

#[test]
fn a_changed_and_rehashed_record_is_named_by_its_successor() {
    let (mut records, head) = chain(4);
    records[1].action = "forged".into();
    records[1].hash = Some(chain_hash(
        2,
        records[1].at,
        records[1].staff_id,
        records[1].agency_id,
        "forged",
        &records[1].detail,
        records[1].prev_hash.as_deref().unwrap(),
    ));
    assert_eq!(
        verify(&records, &head),
        Err(Break {
            seq: Some(2),
            id: None,
            kind: BreakKind::Changed
        })
    );
}

#[test]
fn a_removed_record_is_named() {
    let (mut records, head) = chain(4);
    records.remove(1);
    assert_eq!(
        verify(&records, &head),
        Err(Break {
            seq: Some(2),
            id: None,
            kind: BreakKind::Removed
        })
    );
    // The last one: only the head knows it existed.
    let (mut records, head) = chain(4);
    records.pop();
    assert_eq!(
        verify(&records, &head),
        Err(Break {
            seq: Some(4),
            id: None,
            kind: BreakKind::Removed
        })
    );
}

#[test]
fn inserted_records_are_named() {
    // Without chain columns.
    let (mut records, head) = chain(3);
    let mut forged = records[0].clone();
    forged.id = 999;
    forged.seq = None;
    forged.prev_hash = None;
    forged.hash = None;
    records.push(forged.clone());
    assert_eq!(
        verify(&records, &head),
        Err(Break {
            seq: None,
            id: Some(999),
            kind: BreakKind::Inserted
        })
    );
    // Correctly linked after the last one, but the head never moved.
    let (mut records, head) = chain(3);
    let l = link(&entry(9, "forged"), &head);
    forged.seq = Some(l.seq);
    forged.prev_hash = Some(l.prev_hash);
    forged.hash = Some(l.hash);
    forged.at = l.at;
    forged.action = "forged".into();
    forged.detail = entry(9, "forged").detail;
    records.push(forged);
    assert_eq!(
        verify(&records, &head),
        Err(Break {
            seq: Some(4),
            id: None,
            kind: BreakKind::Inserted
        })
    );
}

#[test]
fn breaks_read_in_chinese() {
    let b = Break {
        seq: Some(3),
        id: Some(12),
        kind: BreakKind::Changed,
    };
    assert_eq!(
        b.to_string(),
        "第3条审计记录（编号12）已被修改：内容与链上的哈希不符"
    );
}

#[test]
fn beijing_days_start_at_sixteen_utc() {
    let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    assert_eq!(
        day_start(d),
        Utc.with_ymd_and_hms(2025, 2, 28, 16, 0, 0).unwrap()
    );
}
