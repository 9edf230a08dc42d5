//! Snapshots of what people read: the laid-out lines of the sample letters, one line per row with
//! its page, row, role and left edge. Reviewed once by eye (`docs/letters.md`), then guarded.
//! After an intended change, run with `UPDATE_SNAPSHOTS=1` and review the diff.
#![allow(
    clippy::unwrap_used,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::{fmt::Write as _, path::PathBuf};

use chrono::NaiveDate;
use disclosure_letters::{
    documents::{ReceiptContent, ReceiptDraft, ReplyLetterContent, ReplyLetterDraft},
    layout, samples, Letter,
};

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn dump(letter: &Letter) -> String {
    let mut out = String::new();
    for page in layout(letter).pages {
        for line in &page.lines {
            let row = line.row.map_or("--".to_owned(), |r| format!("{r:02}"));
            writeln!(
                out,
                "p{} r{row} {:<16} x={:6.1} |{}",
                page.number,
                format!("{:?}", line.role),
                line.left_mm(),
                line.text()
            )
            .unwrap();
        }
        if !page.rules.is_empty() {
            writeln!(out, "p{} rules={}", page.number, page.rules.len()).unwrap();
        }
        if let Some(seal) = page.seal {
            writeln!(
                out,
                "p{} seal centre=({:.1}, {:.1}) d={:.0}",
                page.number, seal.centre_x_mm, seal.centre_y_mm, seal.diameter_mm
            )
            .unwrap();
        }
    }
    out
}

fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var("UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_SNAPSHOTS=1 to create it)",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{name} changed; expected:\n{expected}\nactual:\n{actual}\n(UPDATE_SNAPSHOTS=1 to accept)"
    );
}

#[test]
fn reply_letter() {
    let letter = ReplyLetterContent::new(ReplyLetterDraft {
        title: "某市自然资源局政府信息公开申请答复书".into(),
        doc_number: "某自然资信公开〔2026〕12号".into(),
        applicant_name: "张三".into(),
        received_on: date(3, 2),
        request: "某地块2025年的征地批复文件".into(),
        facts: "经检索，本机关保存有您申请获取的政府信息。".into(),
        legal_basis: "《中华人民共和国政府信息公开条例》第三十六条第（二）项".into(),
        decision: "您申请获取的信息属于公开范围，现予以公开，详见附件。".into(),
        review_body: "某市人民政府".into(),
        court: "某区人民法院".into(),
        agency: "某市自然资源局".into(),
        reply_date: date(3, 20),
        attachments: vec!["某地块征地批复文件".into()],
        contact: Some("联系人：李四，联系电话：0000-1234567".into()),
    })
    .unwrap()
    .to_letter();
    check("reply_letter", &dump(&letter));
}

#[test]
fn receipt() {
    let letter = ReceiptContent::new(ReceiptDraft {
        agency: "某市自然资源局".into(),
        case_number: "2026-0012".into(),
        applicant_name: "张三".into(),
        received_on: date(3, 2),
        receipt_basis: "您当面提交申请，以提交之日为收到申请之日。".into(),
        due_on: date(3, 30),
        tracking_code: "K7Q2-9XPM".into(),
        enquiry: "查询网址：https://example.gov.cn/ysqgk，咨询电话：0000-1234567。".into(),
        issued_on: date(3, 2),
    })
    .unwrap()
    .to_letter();
    check("receipt", &dump(&letter));
}

/// Every sample document and reply outcome (`disclosure_letters::samples`): one snapshot each,
/// `tests/snapshots/sample-<name>.txt`. The PDFs of these were looked at as PNGs
/// (`pdftoppm -r 50`) when the snapshots were accepted.
#[test]
fn every_sample_document() {
    let mut failures = Vec::new();
    for s in samples::all().unwrap() {
        let mut text = String::new();
        if s.letter.draft {
            text.push_str("draft\n");
        }
        text.push_str(&dump(&s.letter));
        let result = std::panic::catch_unwind(|| check(&format!("sample-{}", s.name), &text));
        if let Err(e) = result {
            failures.push(
                e.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| s.name.clone()),
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
