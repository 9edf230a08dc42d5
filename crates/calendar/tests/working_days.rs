//! Working-day arithmetic against dates worked out by hand from the State Council notices.
//!
//! 2026 (国办发明电〔2025〕7号): 中秋 09-25 (Fri) off; 国庆 10-01 … 10-07 off; Sunday 09-20 and
//! Saturday 10-10 are working days; 春节 02-15 … 02-23 off, Saturdays 02-14 and 02-28 working.
#![allow(
    clippy::unwrap_used,
    reason = "tests and benches fail loudly on bad fixtures"
)]

use chrono::NaiveDate;
use disclosure_calendar::{Calendar, CalendarError, DayNoteKind};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(|| Calendar::builtin().unwrap())
}

#[test]
fn r_time_2_twenty_days_from_2026_09_28_cross_national_day_and_make_up_saturday() {
    // Counted: 09-29 (1), 09-30 (2), [10-01..10-07 off], 10-08 (3), 10-09 (4), Sat 10-10 (5),
    // 10-12..16 (6-10), 10-19..23 (11-15), 10-26..30 (16-20).
    let r = cal().add_working_days(d("2026-09-28"), 20).unwrap();
    assert_eq!(r.date, d("2026-10-30"));
    assert!(!r.provisional);
}

#[test]
fn r_time_2_twenty_days_across_spring_festival_2026() {
    // From Fri 02-13: Sat 02-14 (1), [02-15..02-23 off], 02-24..27 (2-5), Sat 02-28 (6),
    // 03-02..06 (7-11), 03-09..13 (12-16), 03-16..19 (17-20).
    assert_eq!(
        cal().add_working_days(d("2026-02-13"), 20).unwrap().date,
        d("2026-03-19")
    );
}

#[test]
fn r_time_2_start_day_is_never_counted_whatever_it_is() {
    let c = cal();
    // A holiday: the first working day after 10-01 is 10-08.
    assert_eq!(
        c.add_working_days(d("2026-10-01"), 1).unwrap().date,
        d("2026-10-08")
    );
    // A make-up Saturday is a working day but, as the start, it is not counted.
    assert_eq!(
        c.add_working_days(d("2026-10-10"), 1).unwrap().date,
        d("2026-10-12")
    );
    // A make-up Sunday likewise: next is Monday 09-21.
    assert_eq!(
        c.add_working_days(d("2026-09-20"), 1).unwrap().date,
        d("2026-09-21")
    );
    // A day before a make-up Sunday: Sat 09-19 + 1 = Sun 09-20.
    assert_eq!(
        c.add_working_days(d("2026-09-19"), 1).unwrap().date,
        d("2026-09-20")
    );
    // Zero days is the start itself.
    assert_eq!(
        c.add_working_days(d("2026-10-01"), 0).unwrap().date,
        d("2026-10-01")
    );
}

#[test]
fn r_time_1_working_day_kinds_in_2026() {
    let c = cal();
    assert!(
        !c.is_working_day(d("2026-09-25")).unwrap(),
        "中秋 Friday off"
    );
    assert!(c.is_working_day(d("2026-09-20")).unwrap(), "make-up Sunday");
    assert!(
        c.is_working_day(d("2026-10-10")).unwrap(),
        "make-up Saturday"
    );
    assert!(
        !c.is_working_day(d("2026-10-07")).unwrap(),
        "国庆 Wednesday off"
    );
    assert!(c.is_working_day(d("2026-10-08")).unwrap());
    assert!(!c.is_working_day(d("2026-10-11")).unwrap(), "plain Sunday");
    assert!(c.is_working_day(d("2026-03-02")).unwrap(), "plain Monday");
}

#[test]
fn r_time_2_count_is_half_open() {
    let c = cal();
    let n = c
        .working_days_between(d("2026-09-28"), d("2026-10-30"))
        .unwrap();
    assert_eq!(n.days, 20);
    assert_eq!(
        c.working_days_between(d("2026-10-01"), d("2026-10-07"))
            .unwrap()
            .days,
        0
    );
    // (09-30, 10-08]: only 10-08 counts.
    assert_eq!(
        c.working_days_between(d("2026-09-30"), d("2026-10-08"))
            .unwrap()
            .days,
        1
    );
    assert_eq!(
        c.working_days_between(d("2026-05-06"), d("2026-05-06"))
            .unwrap()
            .days,
        0
    );
    assert!(matches!(
        c.working_days_between(d("2026-10-30"), d("2026-09-28")),
        Err(CalendarError::ReversedInterval { .. })
    ));
}

#[test]
fn r_time_10_into_an_unloaded_year_is_provisional() {
    let c = cal();
    assert!(c.is_year_loaded(2026));
    assert!(!c.is_year_loaded(2027));
    // From Tue 2026-12-15: 12-16..18 (1-3), 12-21..25 (4-8), 12-28..31 (9-12),
    // [2027-01-01 Fri: fixed 元旦, provisional], 01-04..08 (13-17), 01-11..13 (18-20).
    let r = c.add_working_days(d("2026-12-15"), 20).unwrap();
    assert_eq!(r.date, d("2027-01-13"));
    assert!(r.provisional);
    // Staying inside 2026 is not provisional.
    let r = c.add_working_days(d("2026-12-01"), 5).unwrap();
    assert_eq!(r.date, d("2026-12-08"));
    assert!(!r.provisional);
    // Provisional fixed days off in 2027: 1-2 May and 1-3 October.
    assert!(!c.is_working_day(d("2027-10-01")).unwrap()); // a Friday
    assert!(c.is_working_day(d("2027-10-04")).unwrap()); // Monday: not fixed, provisional workday
    assert!(c.day_info(d("2027-10-04")).unwrap().provisional);
}

#[test]
fn r_time_10_loading_next_years_notice_recomputes() {
    // Suppose the 2027 notice makes 01-01 (Fri) off and 01-04 (Mon) off too.
    let c = Calendar::with_overrides("date,kind,name\n2027-01-01,off,元旦\n2027-01-04,off,元旦\n")
        .unwrap();
    assert!(c.is_year_loaded(2027));
    let r = c.add_working_days(d("2026-12-15"), 20).unwrap();
    assert_eq!(r.date, d("2027-01-14"));
    assert!(!r.provisional);
    // A year in the override file replaces that year's built-in lines as a whole.
    let c = Calendar::with_overrides("2026-12-31,off,测试\n").unwrap();
    assert!(
        c.is_working_day(d("2026-10-07")).unwrap(),
        "the built-in 2026 lines (国庆 off) are gone once 2026 is overridden"
    );
    assert!(!c.is_working_day(d("2026-12-31")).unwrap());
}

#[test]
fn bad_calendar_data_is_refused_with_the_line() {
    let e = Calendar::with_overrides("2027-10-04,work,国庆节\n").unwrap_err();
    assert!(matches!(e, CalendarError::BadData { line: 1, .. }), "{e}");
    let e = Calendar::with_overrides("2027-10-09,work,x\n2027-10-09,off,x\n").unwrap_err();
    assert!(matches!(e, CalendarError::BadData { line: 2, .. }), "{e}");
    let e = Calendar::with_overrides("2027-13-01,off,x\n").unwrap_err();
    assert!(matches!(e, CalendarError::BadData { line: 1, .. }), "{e}");
    let e = Calendar::with_overrides("2027-01-01,holiday,x\n").unwrap_err();
    assert!(matches!(e, CalendarError::BadData { line: 1, .. }), "{e}");
}

#[test]
fn dates_outside_the_range_are_errors_not_guesses() {
    let c = cal();
    assert!(matches!(
        c.add_working_days(d("2003-12-31"), 1),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        c.is_working_day(d("2100-01-01")),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        c.add_working_days(d("2099-12-30"), 5),
        Err(CalendarError::ResultOutOfRange { .. })
    ));
}

#[test]
fn explain_lists_the_days_counted_and_the_special_days_met() {
    let e = cal().explain(d("2026-09-28"), 20).unwrap();
    assert_eq!(e.end.date, d("2026-10-30"));
    assert_eq!(e.counted.len(), 20);
    assert_eq!(e.counted[0], d("2026-09-29"));
    assert_eq!(e.counted[4], d("2026-10-10"));
    let holidays: Vec<_> = e
        .notes
        .iter()
        .filter(|n| n.kind == DayNoteKind::Holiday)
        .map(|n| n.date)
        .collect();
    assert_eq!(
        holidays,
        d("2026-10-01").iter_days().take(7).collect::<Vec<_>>()
    );
    let make_up: Vec<_> = e
        .notes
        .iter()
        .filter(|n| n.kind == DayNoteKind::MakeUpWorkday)
        .map(|n| (n.date, n.name.as_str()))
        .collect();
    assert_eq!(make_up, vec![(d("2026-10-10"), "国庆节")]);
}

#[test]
fn bdays_own_advance_rolls_a_holiday_start_forward_which_legal_periods_must_not() {
    // The pitfall the calendar avoids: bdays counts from the next business day after a non-working
    // start. Our result for 1 working day after 2026-10-01 is 10-08 (first working day after).
    use bdays::HolidayCalendar;
    let rules = disclosure_calendar::ChineseHolidayRules::new(
        disclosure_calendar::parse_calendar_csv(disclosure_calendar::BUILTIN_CSV).unwrap(),
    );
    assert!(
        rules.is_bday(d("2026-10-10")),
        "is_bday must honour 调休 Saturdays"
    );
    assert!(!rules.is_bday(d("2026-10-05")));
    let bdays_result = rules.advance_bdays(d("2026-10-01"), 1);
    assert_ne!(
        bdays_result,
        d("2026-10-08"),
        "bdays rolls forward first: {bdays_result}"
    );
    assert_eq!(
        cal().add_working_days(d("2026-10-01"), 1).unwrap().date,
        d("2026-10-08")
    );
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(27 * 365)).prop_map(|k| d("2004-01-01") + chrono::Days::new(k as u64))
}

proptest! {
    #[test]
    fn add_then_count_is_identity(start in any_date(), n in 0u32..400) {
        let c = cal();
        let end = c.add_working_days(start, n).unwrap();
        prop_assert_eq!(c.working_days_between(start, end.date).unwrap().days, n);
        if n > 0 {
            prop_assert!(c.is_working_day(end.date).unwrap());
            // The day before the result has one fewer working day counted.
            let prev = end.date.pred_opt().unwrap();
            prop_assert_eq!(c.working_days_between(start, prev).unwrap().days, n - 1);
        }
    }

    #[test]
    fn adding_is_monotonic(a in any_date(), gap in 0u64..60, n in 0u32..200) {
        let c = cal();
        let b = a + chrono::Days::new(gap);
        let ra = c.add_working_days(a, n).unwrap().date;
        prop_assert!(ra <= c.add_working_days(b, n).unwrap().date);
        prop_assert!(ra < c.add_working_days(a, n + 1).unwrap().date);
    }

    #[test]
    fn table_matches_a_day_by_day_walk(start in any_date(), n in 0u32..60) {
        let c = cal();
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().unwrap();
            if c.is_working_day(day).unwrap() { left -= 1; }
        }
        prop_assert_eq!(c.add_working_days(start, n).unwrap().date, day);
    }
}

#[test]
fn dates_are_strict_yyyy_mm_dd() {
    use disclosure_calendar::parse_iso_date;
    assert_eq!(parse_iso_date("2026-02-28"), Some(d("2026-02-28")));
    for bad in [
        "2026-2-28",
        "2026-02-29",
        "2026/02/28",
        "26-02-28",
        "2026-02-2a",
        "",
        "2026-02-280",
    ] {
        assert_eq!(parse_iso_date(bad), None, "{bad}");
    }
}
