//! Properties of the working-day count and of pauses in the reply deadline.

use chrono::{Datelike, Days, NaiveDate};
use gongkai_domain::calendar::{Calendar, TraceStatus};
use gongkai_domain::deadline::{CaseEvent, ConsultParty, ConsultationOutcome, compute, law};
use gongkai_domain::vocabulary::Channel;
use proptest::prelude::*;

/// Start dates from 2007-01-01 to the end of 2030 (2027 onwards is unpublished:
/// the statutory holidays and substitute days of 《全国年节及纪念日放假办法》).
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2007, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2030, 12, 31).unwrap();
    let span = u64::try_from((last - first).num_days()).unwrap();
    (0..=span).prop_map(move |o| first + Days::new(o))
}

/// Start dates in published years, far enough from the end of 2026 that a
/// reply window with pauses stays inside published data.
fn published_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2007, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let span = u64::try_from((last - first).num_days()).unwrap();
    (0..=span).prop_map(move |o| first + Days::new(o))
}

fn cal() -> &'static Calendar {
    Calendar::vendored_ref()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn due_date_is_always_a_working_day(from in any_date(), n in 1u32..=60) {
        let c = cal().add_working_days(from, n).unwrap();
        prop_assert!(cal().is_working(c.due));
        prop_assert!(cal().day(c.due).working);
        prop_assert!(c.due > from);
        // The trace ends on the Nth counted day, and counts 1..=N in order.
        let counted: Vec<u32> = c.trace.iter().filter_map(|t| match t.status {
            TraceStatus::Counted { n, .. } => Some(n),
            _ => None,
        }).collect();
        prop_assert_eq!(counted, (1..=n).collect::<Vec<_>>());
        prop_assert_eq!(c.trace.last().map(|t| t.date), Some(c.due));
    }

    #[test]
    fn one_more_day_is_strictly_later_and_is_the_next_working_day(
        from in any_date(),
        n in 0u32..=60,
    ) {
        let a = cal().add_working_days(from, n).unwrap().due;
        let b = cal().add_working_days(from, n + 1).unwrap().due;
        prop_assert!(b > a);
        // Every day strictly between them is not a working day.
        let mut day = a.succ_opt().unwrap();
        while day < b {
            prop_assert!(!cal().is_working(day), "{} between {} and {}", day, a, b);
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn working_days_between_inverts_add_working_days(from in any_date(), n in 0u32..=60) {
        let due = cal().add_working_days(from, n).unwrap().due;
        prop_assert_eq!(cal().working_days_between(from, due), n);
    }

    #[test]
    fn working_days_between_matches_day_by_day(from in any_date(), len in 0u64..=400) {
        let to = from + Days::new(len);
        let mut expected = 0u32;
        let mut day = from;
        while day < to {
            day = day.succ_opt().unwrap();
            if cal().day(day).working {
                expected += 1;
            }
        }
        prop_assert_eq!(cal().working_days_between(from, to), expected);
        prop_assert_eq!(cal().working_days_between(to, from), 0);
    }

    #[test]
    fn provisional_iff_the_period_reaches_an_unpublished_year(
        from in any_date(),
        n in 1u32..=60,
    ) {
        let c = cal().add_working_days(from, n).unwrap();
        prop_assert_eq!(c.provisional, c.due.year() >= 2027);
    }

    /// A consultation started on day `s` (any day before the reply due date) and
    /// answered k working days later moves the reply due date by exactly k
    /// working days (Art. 33, third paragraph).
    #[test]
    fn pause_of_k_working_days_moves_reply_due_by_exactly_k(
        received in published_date(),
        start_offset in 0u64..28,
        k in 1u32..=law::THIRD_PARTY_CONSULTATION_WORKING_DAYS,
        party in prop_oneof![Just(ConsultParty::ThirdParty), Just(ConsultParty::CoProducingAgency)],
    ) {
        let plain = cal().add_working_days(received, law::REPLY_WORKING_DAYS).unwrap().due;
        let start = received + Days::new(start_offset);
        prop_assume!(start < plain);
        let end = cal().add_working_days(start, k).unwrap().due;
        prop_assert_eq!(cal().working_days_between(start, end), k);
        let events = [
            CaseEvent::Received { date: received, channel: Channel::InPerson },
            CaseEvent::ConsultationStarted { id: 1, date: start, party },
            CaseEvent::ConsultationEnded { id: 1, date: end, how: ConsultationOutcome::Answered },
        ];
        let dl = compute(cal(), &events, end).unwrap();
        let due = dl.reply_due.unwrap();
        let expected = cal().add_working_days(plain, k).unwrap().due;
        prop_assert_eq!(due.date, expected);
        prop_assert_eq!(cal().working_days_between(plain, due.date), k);
        prop_assert!(!due.open_pause);
        let paused = due.explanation.days.iter()
            .filter(|t| matches!(t.status, TraceStatus::Paused { .. }))
            .count();
        prop_assert_eq!(paused, k as usize);
    }

    /// The same holds for a fee pause, and an extension of e days adds e more.
    #[test]
    fn fee_pause_and_extension_add_up(
        received in published_date(),
        start_offset in 0u64..28,
        k in 1u32..=law::FEE_PAYMENT_WORKING_DAYS,
        e in 1u32..=law::MAX_EXTENSION_WORKING_DAYS,
    ) {
        let plain = cal().add_working_days(received, law::REPLY_WORKING_DAYS).unwrap().due;
        let start = received + Days::new(start_offset);
        prop_assume!(start < plain);
        let paid = cal().add_working_days(start, k).unwrap().due;
        let events = [
            CaseEvent::Received { date: received, channel: Channel::Email },
            CaseEvent::FeeNoticeSent { date: start },
            CaseEvent::FeePaid { date: paid },
            CaseEvent::ExtensionApproved { date: paid, days: e },
        ];
        let dl = compute(cal(), &events, paid).unwrap();
        let expected = cal().add_working_days(plain, k + e).unwrap().due;
        prop_assert_eq!(dl.reply_due.unwrap().date, expected);
    }

    /// Two overlapping consultations pause the union of their days, once.
    #[test]
    fn overlapping_pauses_pause_each_day_once(
        received in published_date(),
        a_offset in 0u32..10,
        a_len in 1u32..=15,
        b_offset in 0u32..10,
        b_len in 1u32..=15,
    ) {
        let wd = |from: NaiveDate, n: u32| cal().add_working_days(from, n).unwrap().due;
        let a_start = wd(received, a_offset);
        let a_end = wd(a_start, a_len);
        let b_start = wd(a_start, b_offset);
        let b_end = wd(b_start, b_len);
        let mut events = vec![
            CaseEvent::Received { date: received, channel: Channel::Online },
            CaseEvent::ConsultationStarted { id: 1, date: a_start, party: ConsultParty::ThirdParty },
        ];
        // Chronological order of the remaining three events.
        let mut rest = vec![
            (b_start, 0, CaseEvent::ConsultationStarted { id: 2, date: b_start, party: ConsultParty::CoProducingAgency }),
            (a_end, 1, CaseEvent::ConsultationEnded { id: 1, date: a_end, how: ConsultationOutcome::Answered }),
            (b_end, 2, CaseEvent::ConsultationEnded { id: 2, date: b_end, how: ConsultationOutcome::TimedOut }),
        ];
        rest.sort_by_key(|(date, order, _)| (*date, *order));
        events.extend(rest.into_iter().map(|(_, _, e)| e));
        let as_of = a_end.max(b_end);
        let dl = compute(cal(), &events, as_of).unwrap();
        // Working days in the union of (a_start, a_end] and (b_start, b_end].
        let union_end = a_end.max(b_end);
        let union = if b_start <= a_end {
            cal().working_days_between(a_start, union_end)
        } else {
            cal().working_days_between(a_start, a_end) + cal().working_days_between(b_start, b_end)
        };
        let plain = cal().add_working_days(received, law::REPLY_WORKING_DAYS).unwrap().due;
        let paused_before_plain = a_start < plain;
        prop_assume!(paused_before_plain && b_start < plain);
        let expected = cal().add_working_days(plain, union).unwrap().due;
        prop_assert_eq!(dl.reply_due.unwrap().date, expected);
    }
}
