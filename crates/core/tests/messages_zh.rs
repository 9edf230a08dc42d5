//! The Chinese catalogue: every refusal has its own message, cites the rule its English message
//! cites, and never repeats personal data typed by the clerk.
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;

use chrono::NaiveDate;
use disclosure_calendar::CalendarError;
use disclosure_core::actor::Role;
use disclosure_core::case::{DomainError, Field, Stage};
use disclosure_core::clock::ClockError;
use disclosure_core::messages_zh::{command_label, value_error};
use disclosure_core::receipt::ReceiptError;
use disclosure_core::values::{IdNumber, PhoneNumber, ValueError};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// One of every variant (the catalogue's `match` is exhaustive; this list checks the wording).
fn every_domain_error() -> Vec<DomainError> {
    use DomainError as E;
    let day = d("2026-10-26");
    vec![
        E::RoleNotAllowed {
            command: "approve_extension",
            role: Some(Role::Officer),
        },
        E::RoleNotAllowed {
            command: "accept",
            role: None,
        },
        E::PortalOnlineOnly,
        E::OtherAgency,
        E::WrongStage {
            command: "archive",
            stage: Some(Stage::Issued),
        },
        E::WrongStage {
            command: "accept",
            stage: None,
        },
        E::Receipt(ReceiptError::ConfirmedBeforeArrival {
            arrived: d("2026-03-03"),
            confirmed: d("2026-03-02"),
        }),
        E::DateInFuture {
            what: Field::CorrectionReceivedDate,
            date: day,
            today: d("2026-10-23"),
        },
        E::DateTooEarly {
            what: Field::DeliveryDate,
            date: d("2026-10-22"),
            earlier_what: Field::ReplyDate,
            earlier: d("2026-10-23"),
        },
        E::CorrectionAlreadyRequested,
        E::CorrectionItemsRequired,
        E::CorrectionDeadlineInvalid { reply_by: day },
        E::CorrectionWindowOpen { reply_by: day },
        E::CorrectionRequiredFirst,
        E::SearchRecordRequired,
        E::SearchRecordIncomplete,
        E::ConsultationNotFound(2),
        E::ConsultationClosed(1),
        E::ConsultationWindowOpen { window_ends: day },
        E::ConsultationOpen,
        E::ObjectionNeedsPublicInterest,
        E::FeeIsZero,
        E::PerPageFeeNotApplicable,
        E::FeeAlreadyNoticed,
        E::NoFeePending,
        E::FeeNoticeAfterDueDate { due: day },
        E::FeeWindowOpen { pay_by: day },
        E::FeePending,
        E::ExtensionAlreadyUsed,
        E::ExtensionPending,
        E::ExtensionTooLong { days: 21 },
        E::ExtensionReasonRequired,
        E::ExtensionAfterDueDate { due: day },
        E::NoExtensionPending,
        E::DocNumberYearMismatch {
            doc_year: 2025,
            issued_on: day,
        },
        E::ReplyIncomplete(Field::Provision),
        E::WithheldReasonRequired,
        E::DismissIncomplete,
        E::DeliveryIncomplete(Field::ImpossibleDeliveryReason),
        E::ReasonRequired,
        E::Clock(ClockError::ExtensionLength { days: 30 }),
        E::Clock(ClockError::CorrectionBeforeReceipt {
            received: d("2026-03-02"),
            requested: d("2026-03-01"),
        }),
        E::Clock(ClockError::Calendar(CalendarError::OutOfRange {
            date: d("2100-01-04"),
            first: d("2004-01-01"),
            last: d("2099-12-31"),
        })),
    ]
}

/// The rule ids (`R-XXX-n`) a text cites.
fn rule_ids(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let b = text.as_bytes();
    for (i, _) in text.match_indices("R-") {
        let mut j = i + 2;
        while j < b.len() && b[j].is_ascii_uppercase() {
            j += 1;
        }
        if j < b.len() && b[j] == b'-' && j + 1 < b.len() && b[j + 1].is_ascii_digit() {
            let mut k = j + 1;
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            out.insert(text[i..k].to_string());
        }
    }
    out
}

fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_refusal_has_a_chinese_message_citing_the_same_rule() {
    for e in every_domain_error() {
        let zh = e.message_zh();
        assert!(is_chinese(&zh), "{}: `{zh}`", e.code());
        assert!(
            !zh.contains("{"),
            "{}: unfilled placeholder in `{zh}`",
            e.code()
        );
        for id in rule_ids(&e.to_string()) {
            assert!(zh.contains(&id), "{}: `{zh}` does not cite {id}", e.code());
        }
    }
}

#[test]
fn messages_write_dates_as_letters_do() {
    let e = DomainError::ExtensionAfterDueDate {
        due: d("2026-10-26"),
    };
    assert_eq!(
        e.message_zh(),
        "延期应当在答复期限（2026年10月26日）届满前决定（R-TIME-4，条例第三十三条）。"
    );
    let e = DomainError::WrongStage {
        command: "archive",
        stage: Some(Stage::Issued),
    };
    assert_eq!(
        e.message_zh(),
        "案件当前状态为“已答复”，不能归档（R-FLOW-1）。"
    );
    let e = DomainError::RoleNotAllowed {
        command: "approve_extension",
        role: Some(Role::Officer),
    };
    assert_eq!(e.message_zh(), "承办人无权批准延期答复（R-FLOW-2）。");
    assert_eq!(
        e.to_string(),
        "R-FLOW-2: approve_extension may not be given by Officer"
    );
}

#[test]
fn refusals_name_the_field_in_chinese() {
    let e = DomainError::DateTooEarly {
        what: Field::DeliveryDate,
        date: d("2026-10-22"),
        earlier_what: Field::ReplyDate,
        earlier: d("2026-10-23"),
    };
    assert_eq!(
        e.message_zh(),
        "送达日期（2026年10月22日）不能早于答复日期（2026年10月23日）。"
    );
    assert_eq!(
        e.to_string(),
        "delivery_date (2026-10-22) cannot be earlier than reply_date (2026-10-23)"
    );
}

#[test]
fn every_command_has_a_label() {
    for name in [
        "register",
        "assign",
        "request_correction",
        "receive_correction",
        "correction_lapsed",
        "accept",
        "dismiss",
        "record_search",
        "start_consultation",
        "receive_consultation_answer",
        "consultation_lapsed",
        "issue_fee_notice",
        "fee_paid",
        "fee_lapsed",
        "waive_fee",
        "request_extension",
        "approve_extension",
        "reject_extension",
        "draft_reply",
        "return_reply",
        "approve_reply",
        "issue_reply",
        "record_delivery",
        "archive",
        "withdraw",
        "record_review",
    ] {
        assert_ne!(
            command_label(name),
            command_label("no_such_command"),
            "{name}"
        );
    }
}

#[test]
fn value_errors_never_repeat_the_input() {
    let typed = "11010519491231002Y";
    let e = IdNumber::parse(typed).unwrap_err();
    assert!(!e.message_zh().contains("1101"), "{}", e.message_zh());
    let typed = "11010519491231002"; // one digit short
    assert!(!IdNumber::parse(typed)
        .unwrap_err()
        .message_zh()
        .contains("1101"));
    let e = IdNumber::parse("110105194912310021").unwrap_err();
    assert_eq!(e.code(), "id_number_check_digit");
    assert!(e.message_zh().contains("校验码"));
    let e = PhoneNumber::parse("13800abc").unwrap_err();
    assert!(is_chinese(&value_error(&e)) && !value_error(&e).contains("13800"));
    for e in [
        ValueError::CaseNumber("x".into()),
        ValueError::DocNumber("x".into()),
    ] {
        assert!(is_chinese(&e.message_zh()));
    }
}
