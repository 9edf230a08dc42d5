//! The deadline clock, rule by rule, with dates worked out by hand on the official calendar.
//!
//! 2026 facts used (国办发明电〔2025〕7号): 春节 02-15 … 02-23 off, Saturdays 02-14 and 02-28 working;
//! 清明 04-04 … 04-06 off (no make-up day); 中秋 09-25 off; 国庆 10-01 … 10-07 off, Sunday 09-20 and
//! Saturday 10-10 working. 2027 is not loaded: only 1 Jan, 1–2 May and 1–3 Oct are assumed off.
#![allow(
    clippy::unwrap_used,
    reason = "tests and benches fail loudly on bad fixtures"
)]

use chrono::NaiveDate;
use disclosure_calendar::Calendar;
use disclosure_core::clock::{
    compute_deadline, ClockError, ClockFacts, ClockStatus, ClockStep, CorrectionFacts, Extension,
    Pause, PauseReason,
};
use disclosure_core::receipt::{ElectronicChannel, ReceiptBasis, ReceiptError, ReceiptFacts};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(|| Calendar::builtin().unwrap())
}

fn facts(received: &str) -> ClockFacts {
    ClockFacts {
        received: d(received),
        correction: None,
        pauses: vec![],
        extension: None,
        deferred_until: None,
    }
}

fn due(f: &ClockFacts) -> NaiveDate {
    compute_deadline(f, cal()).unwrap().due.unwrap().date
}

fn pause(reason: PauseReason, from: &str, until: Option<&str>) -> Pause {
    Pause {
        reason,
        from: d(from),
        until: until.map(d),
    }
}

#[test]
fn r_app_2_receipt_date_per_channel() {
    let r = ReceiptFacts::InPerson {
        handed_in: d("2026-03-02"),
    }
    .receipt()
    .unwrap();
    assert_eq!((r.date, r.basis), (d("2026-03-02"), ReceiptBasis::HandedIn));
    let r = ReceiptFacts::SignedPost {
        signed_for: d("2026-03-04"),
    }
    .receipt()
    .unwrap();
    assert_eq!(r.date, d("2026-03-04"));
    // A plain letter: the confirmation day, and confirming a day late is flagged.
    let r = ReceiptFacts::PlainLetter {
        arrived: d("2026-03-02"),
        confirmed: d("2026-03-03"),
    }
    .receipt()
    .unwrap();
    assert_eq!(r.date, d("2026-03-03"));
    assert!(r.confirmed_late);
    // Online: the day both sides confirm, not the day it was submitted.
    let r = ReceiptFacts::Electronic {
        channel: ElectronicChannel::Online,
        submitted: d("2026-02-14"),
        confirmed: d("2026-02-24"),
    }
    .receipt()
    .unwrap();
    assert_eq!(
        (r.date, r.basis),
        (
            d("2026-02-24"),
            ReceiptBasis::ConfirmedByBothSides(ElectronicChannel::Online)
        )
    );
    assert!(matches!(
        ReceiptFacts::Electronic {
            channel: ElectronicChannel::Fax,
            submitted: d("2026-03-05"),
            confirmed: d("2026-03-04"),
        }
        .receipt(),
        Err(ReceiptError::ConfirmedBeforeArrival { .. })
    ));
}

#[test]
fn r_time_3_reply_due_twenty_working_days_after_receipt() {
    // (09-28, 10-30]: see the calendar crate's worked example across 国庆.
    let dl = compute_deadline(&facts("2026-09-28"), cal()).unwrap();
    assert_eq!(dl.due.unwrap().date, d("2026-10-30"));
    assert_eq!(dl.status, ClockStatus::Running);
    assert!(!dl.provisional);
    // R-COR-1: 09-29, 09-30, 10-08, 10-09, 10-10 (Sat), 10-12, 10-13.
    assert_eq!(dl.correction_notice_due, d("2026-10-13"));
    // Received on Monday 2026-01-26: ... 02-06 is the 9th day, 02-09..13 the 10th–14th, Sat 02-14 the
    // 15th, then 02-24..27 (16–19) and Sat 02-28 the 20th.
    assert_eq!(due(&facts("2026-01-26")), d("2026-02-28"));
}

#[test]
fn r_cor_2_correction_restarts_the_clock_after_the_original_deadline_passed() {
    // Received Tue 2026-09-01: the original due date would be 09-29 (Sun 09-20 counts, 09-25 does
    // not). The corrected application arrives 2026-11-02, after that: 20 days from 11-02 are
    // 11-03..06 (4), 11-09..13 (9), 11-16..20 (14), 11-23..27 (19), 11-30 (20).
    assert_eq!(due(&facts("2026-09-01")), d("2026-09-29"));
    let mut f = facts("2026-09-01");
    f.correction = Some(CorrectionFacts {
        requested: d("2026-09-08"),
        received: Some(d("2026-11-02")),
    });
    let dl = compute_deadline(&f, cal()).unwrap();
    assert_eq!(dl.due.unwrap().date, d("2026-11-30"));
    assert!(
        !dl.correction_notice_late,
        "09-08 is within 7 working days (by 09-10)"
    );
    assert_eq!(dl.correction_notice_due, d("2026-09-10"));
}

#[test]
fn r_cor_1_late_correction_notice_is_allowed_but_flagged() {
    // Notice due 10-13 (see above); sent 10-14. Corrected 10-20: 10-21..23 (3), 10-26..30 (8),
    // 11-02..06 (13), 11-09..13 (18), 11-16 (19), 11-17 (20).
    let mut f = facts("2026-09-28");
    f.correction = Some(CorrectionFacts {
        requested: d("2026-10-14"),
        received: Some(d("2026-10-20")),
    });
    let dl = compute_deadline(&f, cal()).unwrap();
    assert!(dl.correction_notice_late);
    assert_eq!(dl.due.unwrap().date, d("2026-11-17"));
    assert!(dl.steps.contains(&ClockStep::CorrectionRequested {
        on: d("2026-10-14"),
        late: true
    }));
}

#[test]
fn r_cor_2_awaiting_correction_has_no_due_date() {
    let mut f = facts("2026-09-28");
    f.correction = Some(CorrectionFacts {
        requested: d("2026-09-30"),
        received: None,
    });
    let dl = compute_deadline(&f, cal()).unwrap();
    assert_eq!(dl.status, ClockStatus::AwaitingCorrection);
    assert_eq!(dl.due, None);
}

#[test]
fn r_time_5_third_party_pause_spanning_spring_festival() {
    // Received Mon 2026-01-26; consultation sent Fri 02-06 after 9 working days (01-27..30, 02-02..06).
    // Answered Mon 03-02: (02-06, 03-02] holds 02-09..13, Sat 02-14, 02-24..27, Sat 02-28, 03-02 =
    // 12 working days not counted. 11 remain: 03-03..06 (4), 03-09..13 (9), 03-16 (10), 03-17 (11).
    let mut f = facts("2026-01-26");
    f.pauses = vec![pause(
        PauseReason::ThirdPartyConsultation,
        "2026-02-06",
        Some("2026-03-02"),
    )];
    let dl = compute_deadline(&f, cal()).unwrap();
    assert_eq!(dl.due.unwrap().date, d("2026-03-17"));
    assert!(dl.steps.contains(&ClockStep::Paused {
        reason: PauseReason::ThirdPartyConsultation,
        from: d("2026-02-06"),
        until: d("2026-03-02"),
        skipped: 12,
        lapsed: false,
    }));
}

#[test]
fn r_time_6_unanswered_consultation_ends_when_its_15_day_window_lapses() {
    // 15 working days after 02-06: 02-09..13 (5), Sat 02-14 (6), 02-24..27 (10), Sat 02-28 (11),
    // 03-02..05 (15) → the window ends 03-05.
    let mut f = facts("2026-01-26");
    f.pauses = vec![pause(
        PauseReason::ThirdPartyConsultation,
        "2026-02-06",
        None,
    )];
    let dl = compute_deadline(&f, cal()).unwrap();
    assert_eq!(
        dl.status,
        ClockStatus::Paused {
            reason: PauseReason::ThirdPartyConsultation,
            since: d("2026-02-06"),
            remaining: 11
        }
    );
    assert_eq!(dl.pause_window_ends, Some(d("2026-03-05")));
    assert_eq!(dl.due, None);
    // An answer after the window does not lengthen the pause: it ends 03-05, then 11 days:
    // 03-06 (1), 03-09..13 (6), 03-16..20 (11).
    f.pauses = vec![pause(
        PauseReason::ThirdPartyConsultation,
        "2026-02-06",
        Some("2026-03-10"),
    )];
    let dl = compute_deadline(&f, cal()).unwrap();
    assert_eq!(dl.due.unwrap().date, d("2026-03-20"));
    assert!(dl.steps.iter().any(
        |s| matches!(s, ClockStep::Paused { lapsed: true, until, .. } if *until == d("2026-03-05"))
    ));
}

#[test]
fn r_time_9_fee_wait_pauses_the_clock_across_qingming() {
    // Received Mon 2026-03-02; fee notice Fri 03-06 after 4 days; paid Fri 03-20. 16 remain from
    // 03-20: 03-23..27 (5), 03-30, 03-31 (7), 04-01..03 (10), [04-04..06 清明], 04-07..10 (14),
    // 04-13 (15), 04-14 (16).
    let mut f = facts("2026-03-02");
    f.pauses = vec![pause(
        PauseReason::FeePayment,
        "2026-03-06",
        Some("2026-03-20"),
    )];
    assert_eq!(due(&f), d("2026-04-14"));
    // Unpaid: the payment window is 20 working days from the day after the notice: 03-09..13 (5),
    // 03-16..20 (10), 03-23..27 (15), 03-30, 03-31 (17), 04-01..03 (20).
    f.pauses = vec![pause(PauseReason::FeePayment, "2026-03-06", None)];
    let dl = compute_deadline(&f, cal()).unwrap();
    assert_eq!(dl.pause_window_ends, Some(d("2026-04-03")));
    assert!(matches!(
        dl.status,
        ClockStatus::Paused { remaining: 16, .. }
    ));
}

#[test]
fn r_time_5_overlapping_pauses_are_not_skipped_twice() {
    // Consultation (03-06, 03-20] and fee (03-10, 03-25] together stop the clock over (03-06, 03-25].
    // 16 remain from 03-25: 03-26, 03-27 (2), 03-30, 03-31 (4), 04-01..03 (7), 04-07..10 (11),
    // 04-13..17 (16).
    let mut f = facts("2026-03-02");
    f.pauses = vec![
        pause(PauseReason::FeePayment, "2026-03-10", Some("2026-03-25")),
        pause(
            PauseReason::ThirdPartyConsultation,
            "2026-03-06",
            Some("2026-03-20"),
        ),
    ];
    assert_eq!(due(&f), d("2026-04-17"));
}

#[test]
fn r_time_5_pause_after_the_due_date_changes_nothing() {
    let mut f = facts("2026-09-28");
    f.pauses = vec![pause(
        PauseReason::AgencyConsultation,
        "2026-11-02",
        Some("2026-11-06"),
    )];
    let dl = compute_deadline(&f, cal()).unwrap();
    assert_eq!(dl.due.unwrap().date, d("2026-10-30"));
    assert!(dl
        .steps
        .iter()
        .any(|s| matches!(s, ClockStep::PauseAfterDue { .. })));
}

#[test]
fn r_time_4_extension_adds_at_most_twenty_days_with_an_approver() {
    // Original due 10-30; +20: 11-02..06 (5), 11-09..13 (10), 11-16..20 (15), 11-23..27 (20).
    let mut f = facts("2026-09-28");
    f.extension = Some(Extension {
        days: 20,
        approver: "王主任".into(),
        approved_on: Some(d("2026-10-29")),
    });
    let dl = compute_deadline(&f, cal()).unwrap();
    assert_eq!(dl.due.unwrap().date, d("2026-11-27"));
    assert_eq!(dl.original_due.unwrap().date, d("2026-10-30"));
    assert!(!dl.extension_approved_late);
    // Approved after the original due date: a breach, flagged.
    f.extension = Some(Extension {
        days: 20,
        approver: "王主任".into(),
        approved_on: Some(d("2026-11-02")),
    });
    assert!(compute_deadline(&f, cal()).unwrap().extension_approved_late);
    for bad in [0, 21] {
        f.extension = Some(Extension {
            days: bad,
            approver: "王主任".into(),
            approved_on: None,
        });
        assert_eq!(
            compute_deadline(&f, cal()).unwrap_err(),
            ClockError::ExtensionLength { days: bad }
        );
    }
    f.extension = Some(Extension {
        days: 5,
        approver: " ".into(),
        approved_on: None,
    });
    assert_eq!(
        compute_deadline(&f, cal()).unwrap_err(),
        ClockError::ExtensionWithoutApprover
    );
}

#[test]
fn r_time_4_extension_after_a_pause_and_a_restart() {
    // Corrected application 2026-03-02; fee (03-06, 03-20]; due without extension 04-14 (above);
    // extension of 5: 04-15..17 (3), 04-20, 04-21 (5).
    let mut f = facts("2026-02-24");
    f.correction = Some(CorrectionFacts {
        requested: d("2026-02-26"),
        received: Some(d("2026-03-02")),
    });
    f.pauses = vec![pause(
        PauseReason::FeePayment,
        "2026-03-06",
        Some("2026-03-20"),
    )];
    f.extension = Some(Extension {
        days: 5,
        approver: "李局长".into(),
        approved_on: Some(d("2026-04-10")),
    });
    let dl = compute_deadline(&f, cal()).unwrap();
    assert_eq!(dl.original_due.unwrap().date, d("2026-04-14"));
    assert_eq!(dl.due.unwrap().date, d("2026-04-21"));
}

#[test]
fn r_time_10_deadline_into_2027_is_provisional_and_says_so() {
    // From Tue 2026-12-15: 12 days to 12-31, 2027-01-01 assumed off, 01-04..08 (17), 01-11..13 (20).
    let dl = compute_deadline(&facts("2026-12-15"), cal()).unwrap();
    let due = dl.due.unwrap();
    assert_eq!(due.date, d("2027-01-13"));
    assert!(due.provisional && dl.provisional);
    let text = dl.explain_zh().join("\n");
    assert!(text.contains("暂定"), "{text}");
    assert!(text.contains("2027年1月1日元旦法定假日（暂定）"), "{text}");
}

#[test]
fn explanation_names_every_segment_pause_and_holiday() {
    let mut f = facts("2026-01-26");
    f.pauses = vec![pause(
        PauseReason::ThirdPartyConsultation,
        "2026-02-06",
        Some("2026-03-02"),
    )];
    let lines = compute_deadline(&f, cal()).unwrap().explain_zh();
    let text = lines.join("\n");
    assert!(text.contains("2026年1月26日收到申请"), "{text}");
    assert!(
        text.contains("2026年1月27日至2026年2月6日计入9个工作日（第1至第9个）"),
        "{text}"
    );
    assert!(
        text.contains("征求第三方意见：2026年2月6日次日至2026年3月2日不计入期限（12个工作日）"),
        "{text}"
    );
    assert!(
        text.contains("2026年3月3日至2026年3月17日计入11个工作日（第10至第20个）"),
        "{text}"
    );
    assert_eq!(lines.last().unwrap(), "答复期限：2026年3月17日");
}

#[test]
fn impossible_facts_are_refused() {
    let mut f = facts("2026-03-02");
    f.correction = Some(CorrectionFacts {
        requested: d("2026-02-27"),
        received: None,
    });
    assert!(matches!(
        compute_deadline(&f, cal()),
        Err(ClockError::CorrectionBeforeReceipt { .. })
    ));
    let mut f = facts("2026-03-02");
    f.pauses = vec![pause(PauseReason::Other, "2026-03-01", Some("2026-03-05"))];
    assert!(matches!(
        compute_deadline(&f, cal()),
        Err(ClockError::PauseBeforeStart { .. })
    ));
    f.pauses = vec![pause(PauseReason::Other, "2026-03-05", Some("2026-03-04"))];
    assert!(matches!(
        compute_deadline(&f, cal()),
        Err(ClockError::PauseEndsBeforeStart { .. })
    ));
    let f = facts("2003-06-01");
    assert!(matches!(
        compute_deadline(&f, cal()),
        Err(ClockError::Calendar(_))
    ));
}

#[test]
fn explanation_groups_a_holiday_block_into_one_range() {
    let text = compute_deadline(&facts("2026-09-28"), cal())
        .unwrap()
        .explain_zh()
        .join("\n");
    assert!(
        text.contains("其间：2026年10月1日至2026年10月7日国庆节放假、2026年10月10日国庆节调休上班"),
        "{text}"
    );
}
