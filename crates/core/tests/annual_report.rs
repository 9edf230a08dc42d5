//! Table 三 and 四 (R-REP-1, annual-report.md) against expectations computed independently, case by
//! case, in the test.
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use disclosure_core::applicant::ApplicantKind;
use disclosure_core::case::{Review, ReviewKind, ReviewResult};
use disclosure_core::outcome::{
    DisclosureBasis, NotProcessedGround, OtherGround, Outcome, UnavailableGround, WithholdGround,
};
use disclosure_core::report::annual::{table3, table4, ReportCase};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn case(
    r: &str,
    kind: ApplicantKind,
    received: &str,
    concluded: Option<(&str, Outcome)>,
) -> ReportCase {
    ReportCase {
        reference: r.into(),
        kind,
        received: d(received),
        concluded: concluded.map(|(c, o)| (d(c), o)),
    }
}

fn row<'a>(t: &'a disclosure_core::report::annual::Table3, label: &str) -> &'a [u64; 7] {
    &t.rows
        .iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("{label}"))
        .counts
}

#[test]
fn r_rep_1_concluded_on_31_december_vs_1_january() {
    let cases = [
        case(
            "2026-0001",
            ApplicantKind::NaturalPerson,
            "2026-12-10",
            Some(("2026-12-31", Outcome::Disclosed(DisclosureBasis::Provided))),
        ),
        case(
            "2026-0002",
            ApplicantKind::NaturalPerson,
            "2026-12-10",
            Some(("2027-01-01", Outcome::Disclosed(DisclosureBasis::Provided))),
        ),
        case(
            "2026-0003",
            ApplicantKind::Business,
            "2025-12-20",
            Some(("2026-01-05", Outcome::PartiallyDisclosed)),
        ),
        case("2026-0004", ApplicantKind::LegalService, "2026-03-01", None),
    ];
    let t = table3(2026, &cases);
    assert!(t.identity_breaches.is_empty());
    // Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    assert_eq!(
        row(&t, "一、本年新收政府信息公开申请数量"),
        &[2, 0, 0, 0, 1, 0, 3]
    );
    assert_eq!(
        row(&t, "二、上年结转政府信息公开申请数量"),
        &[0, 1, 0, 0, 0, 0, 1]
    );
    assert_eq!(row(&t, "（一）予以公开"), &[1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(
        row(
            &t,
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        ),
        &[0, 1, 0, 0, 0, 0, 1]
    );
    assert_eq!(
        row(&t, "（三）不予公开"),
        &[0; 7],
        "部分公开 is never also 不予公开"
    );
    assert_eq!(row(&t, "（七）总计"), &[1, 1, 0, 0, 0, 0, 2]);
    assert_eq!(row(&t, "四、结转下年度继续办理"), &[1, 0, 0, 0, 1, 0, 2]);
    // The next year: case 2 is carried over and concluded on 1 January.
    let t = table3(2027, &cases);
    assert_eq!(
        row(&t, "二、上年结转政府信息公开申请数量"),
        &[1, 0, 0, 0, 1, 0, 2]
    );
    assert_eq!(row(&t, "（一）予以公开"), &[1, 0, 0, 0, 0, 0, 1]);
}

#[test]
fn r_rep_1_rows_are_the_official_labels_in_order() {
    let t = table3(2026, &[]);
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label).collect();
    assert_eq!(labels.len(), 3 + 26 + 1);
    assert_eq!(labels[0], "一、本年新收政府信息公开申请数量");
    assert_eq!(labels[3], "（一）予以公开");
    assert_eq!(labels[6], "1.属于国家秘密");
    assert_eq!(labels[28], "（七）总计");
    assert_eq!(labels[29], "四、结转下年度继续办理");
}

#[test]
fn r_rep_1_a_case_concluded_before_it_was_received_is_named() {
    let cases = [case(
        "2026-0009",
        ApplicantKind::Research,
        "2026-05-10",
        Some(("2026-05-01", Outcome::PartiallyDisclosed)),
    )];
    assert_eq!(
        table3(2026, &cases).identity_breaches,
        vec!["2026-0009".to_string()]
    );
}

#[test]
fn r_rev_1_table_four_counts_reviews_filed_in_the_year_by_result() {
    let r = |kind, filed: &str, result, decided: Option<&str>| Review {
        kind,
        filed_on: d(filed),
        result,
        decided_on: decided.map(d),
    };
    let reviews = [
        r(
            ReviewKind::Reconsideration,
            "2026-02-01",
            ReviewResult::Upheld,
            Some("2026-04-01"),
        ),
        r(
            ReviewKind::Reconsideration,
            "2026-11-01",
            ReviewResult::Corrected,
            Some("2027-01-10"),
        ),
        r(
            ReviewKind::LitigationDirect,
            "2026-06-01",
            ReviewResult::Other,
            Some("2026-09-01"),
        ),
        r(
            ReviewKind::LitigationAfterReconsideration,
            "2026-07-01",
            ReviewResult::Pending,
            None,
        ),
        r(
            ReviewKind::Reconsideration,
            "2025-07-01",
            ReviewResult::Upheld,
            Some("2025-09-01"),
        ),
    ];
    // Decided in 2027 → 尚未审结 on 31 December 2026.
    assert_eq!(
        table4(2026, &reviews),
        [1, 0, 0, 1, 2, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1]
    );
}

fn outcomes() -> Vec<Outcome> {
    let mut v = vec![
        Outcome::Disclosed(DisclosureBasis::AlreadyPublic),
        Outcome::Disclosed(DisclosureBasis::Provided),
        Outcome::PartiallyDisclosed,
    ];
    v.extend(
        [
            WithholdGround::StateSecret,
            WithholdGround::ForbiddenByLaw,
            WithholdGround::Endangers,
            WithholdGround::ThirdPartyRights,
            WithholdGround::InternalAffairs,
            WithholdGround::ProcessInformation,
            WithholdGround::EnforcementFile,
            WithholdGround::AdministrativeQuery,
        ]
        .map(Outcome::Withheld),
    );
    v.extend(
        [
            UnavailableGround::DoesNotExist,
            UnavailableGround::NotThisAgency,
            UnavailableGround::NeedsCreation,
            UnavailableGround::UnclearAfterCorrection,
        ]
        .map(Outcome::Unavailable),
    );
    v.extend(
        [
            NotProcessedGround::Petition,
            NotProcessedGround::Repeated,
            NotProcessedGround::Publication,
            NotProcessedGround::Excessive,
            NotProcessedGround::ConfirmOrReissue,
        ]
        .map(Outcome::NotProcessed),
    );
    v.extend(
        [
            OtherGround::CorrectionLapsed,
            OtherGround::FeeLapsed,
            OtherGround::Other,
        ]
        .map(Outcome::Other),
    );
    v
}

proptest! {
    #[test]
    fn r_rep_1_table_three_matches_a_case_by_case_count_and_balances(
        specs in prop::collection::vec((0usize..6, 0i64..1100, prop::option::of((0i64..400, 0usize..23))), 0..300)
    ) {
        let kinds = ApplicantKind::ALL;
        let all = outcomes();
        let base = d("2025-06-01");
        let cases: Vec<ReportCase> = specs.iter().enumerate().map(|(i, (k, r, c))| {
            let received = base + chrono::Days::new(*r as u64);
            ReportCase {
                reference: format!("{i}"),
                kind: kinds[*k],
                received,
                concluded: c.map(|(after, o)| (received + chrono::Days::new(after as u64), all[o])),
            }
        }).collect();
        let t = table3(2026, &cases);
        prop_assert!(t.identity_breaches.is_empty());
        // Independent expectation: classify each case on its own.
        let mut expect: HashMap<(&str, usize), u64> = HashMap::new();
        for c in &cases {
            let col = kinds.iter().position(|k| *k == c.kind).unwrap();
            let concluded_in = c.concluded.map(|(d, _)| d.year());
            let mut hit = |label| { *expect.entry((label, col)).or_default() += 1; *expect.entry((label, 6)).or_default() += 1; };
            if c.received.year() == 2026 { hit("new"); }
            if c.received.year() < 2026 && concluded_in.is_none_or(|y| y >= 2026) { hit("carried"); }
            if c.received.year() <= 2026 && concluded_in.is_none_or(|y| y > 2026) { hit("forward"); }
            if concluded_in == Some(2026) {
                hit("total");
                let (section, sub) = c.concluded.unwrap().1.report_row();
                hit(section);
                if !sub.is_empty() { hit(sub); }
            }
        }
        let get = |label: &str, col: usize| expect.get(&(label, col)).copied().unwrap_or(0);
        for col in 0..7 {
            prop_assert_eq!(row(&t, "一、本年新收政府信息公开申请数量")[col], get("new", col));
            prop_assert_eq!(row(&t, "二、上年结转政府信息公开申请数量")[col], get("carried", col));
            prop_assert_eq!(row(&t, "四、结转下年度继续办理")[col], get("forward", col));
            prop_assert_eq!(row(&t, "（七）总计")[col], get("total", col));
            for r in &t.rows[3..t.rows.len() - 2] {
                prop_assert_eq!(r.counts[col], get(r.label, col), "{} col {}", r.label, col);
            }
            // 一 + 二 = 三（七） + 四
            prop_assert_eq!(
                row(&t, "一、本年新收政府信息公开申请数量")[col] + row(&t, "二、上年结转政府信息公开申请数量")[col],
                row(&t, "（七）总计")[col] + row(&t, "四、结转下年度继续办理")[col]
            );
        }
    }
}
