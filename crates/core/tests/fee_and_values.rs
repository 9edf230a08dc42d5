//! Fees across every tier boundary (R-FEE-3, R-FEE-4), the natural-month count, and the values
//! parsed at the edge.
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use chrono::NaiveDate;
use disclosure_core::fee::{nth_in_natural_month, per_item_fee, per_page_fee, FeeBasis};
use disclosure_core::outcome::{NotProcessedGround, Outcome, UnavailableGround, WithholdGround};
use disclosure_core::values::{CaseNumber, DocNumber, IdNumber, PhoneNumber};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn r_fee_3_per_item_tiers() {
    for (nth, fee) in [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
    ] {
        assert_eq!(per_item_fee(nth), fee, "application #{nth}");
    }
}

#[test]
fn r_fee_4_per_page_is_progressive() {
    // 31–100: 10 each; 101–200: 20 each; 201+: 40 each.
    for (pages, fee) in [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 4700),
    ] {
        assert_eq!(per_page_fee(pages), fee, "{pages} pages");
    }
}

#[test]
fn r_fee_2_one_basis_per_application() {
    assert_eq!(FeeBasis::PerItem { nth: 31 }.amount(), 200);
    assert_eq!(FeeBasis::PerPage { pages: 101 }.amount(), 720);
}

#[test]
fn r_fee_3_the_count_restarts_each_natural_month() {
    let march: Vec<NaiveDate> = (1..=10).map(|i| d(&format!("2026-03-{:02}", i))).collect();
    assert_eq!(nth_in_natural_month(&march, d("2026-03-31")), 11);
    assert_eq!(
        per_item_fee(nth_in_natural_month(&march, d("2026-03-31"))),
        100
    );
    assert_eq!(nth_in_natural_month(&march, d("2026-04-01")), 1);
    // The same month of another year does not count.
    assert_eq!(nth_in_natural_month(&march, d("2027-03-15")), 1);
}

#[test]
fn id_numbers_are_checked_and_masked() {
    let id = IdNumber::parse("11010519491231002x").unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
    assert_eq!(id.masked(), "110105**********2X");
    assert_eq!(
        IdNumber::parse("110105194912310021").unwrap_err().code(),
        "id_number_check_digit"
    );
    assert_eq!(
        IdNumber::parse("1101051949123100").unwrap_err().code(),
        "invalid_id_number"
    );
    assert_eq!(
        PhoneNumber::parse("010-6512 3456").unwrap().as_str(),
        "010-65123456"
    );
    assert!(PhoneNumber::parse("abc").is_err());
}

#[test]
fn case_and_document_numbers() {
    assert_eq!(CaseNumber::new(2026, 7).to_string(), "2026-0007");
    assert_eq!(
        CaseNumber::parse("2026-0007").unwrap(),
        CaseNumber::new(2026, 7)
    );
    assert!(CaseNumber::parse("2026-0000").is_err());
    assert!(CaseNumber::parse("26-7").is_err());
    assert_eq!(
        DocNumber::new("X府信公开", 2026, 12).unwrap().to_string(),
        "X府信公开〔2026〕12号"
    );
    assert!(DocNumber::new("", 2026, 1).is_err());
    assert!(DocNumber::new("X[府]", 2026, 1).is_err());
}

#[test]
fn outcomes_map_to_the_annual_report_rows_and_the_law() {
    assert_eq!(
        Outcome::Withheld(WithholdGround::ThirdPartyRights).report_row(),
        ("（三）不予公开", "4.保护第三方合法权益")
    );
    assert_eq!(
        Outcome::Unavailable(UnavailableGround::NotThisAgency)
            .report_row()
            .1,
        "1.本机关不掌握相关政府信息"
    );
    assert_eq!(
        Outcome::Unavailable(UnavailableGround::DoesNotExist)
            .citation()
            .cite_zh,
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项"
    );
    assert_eq!(
        Outcome::NotProcessed(NotProcessedGround::Excessive)
            .citation()
            .cite_zh,
        "《中华人民共和国政府信息公开条例》第三十五条"
    );
}

/// The GB 11643 check character of 17 digits, to build test numbers.
fn with_check(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(W)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

#[test]
fn id_numbers_carry_a_real_date_of_birth() {
    assert_eq!(with_check("11010519491231002"), "11010519491231002X");
    for (birth, ok) in [
        ("19491231", true),
        ("20000229", true),  // leap year
        ("19000229", false), // 1900 was not
        ("19491331", false),
        ("19490230", false),
        ("18991231", false),
    ] {
        let n = with_check(&format!("110105{birth}002"));
        match IdNumber::parse(&n) {
            Ok(_) => assert!(ok, "{n} accepted"),
            Err(e) => {
                assert!(!ok, "{n} refused: {e}");
                assert_eq!(e.code(), "id_number_birth_date");
            }
        }
    }
}

#[test]
fn doc_numbers_parse_as_printed_per_gb_t_9704() {
    let n = DocNumber::parse("X府信公开〔2026〕12号").unwrap();
    assert_eq!(n, DocNumber::new("X府信公开", 2026, 12).unwrap());
    assert_eq!(n.to_string(), "X府信公开〔2026〕12号");
    assert_eq!(
        " 朝府信公开〔2026〕1号 ".parse::<DocNumber>().unwrap().seq,
        1
    );
    for bad in [
        "X府信公开[2026]12号",     // ASCII brackets
        "X府信公开（2026）12号",   // full-width parentheses
        "X府信公开〔26〕12号",     // year not in full
        "X府信公开〔2026〕012号",  // 不编虚位
        "X府信公开〔2026〕第12号", // no 第
        "X府信公开〔2026〕12",     // no 号
        "〔2026〕12号",            // no agency prefix
        "X府信公开〔2026〕0号",
    ] {
        let e = DocNumber::parse(bad).unwrap_err();
        assert_eq!(e.code(), "invalid_doc_number", "{bad}");
    }
}
