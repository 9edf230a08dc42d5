//! `disclosure letters sample`: a PDF of every letter kind and reply outcome (issue #5, CLI), each
//! non-empty and saying its own title when read back with `pdftotext`; `--kind` picks by prefix and
//! an unknown kind is an error naming the kinds.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::path::Path;
use std::process::{Command, Output};

fn disclosure(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .args(args)
        .env_remove("DISCLOSURE_CALENDAR_FILE")
        .output()
        .unwrap()
}

fn text_of(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "{}", path.display());
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The title each kind of letter must carry (the catalogue of the shared letters reference).
fn expected_title(name: &str) -> &'static str {
    [
        ("case-file", "卷内目录"),
        ("registration-form", "政府信息公开申请登记表"),
        ("receipt", "政府信息公开申请登记回执"),
        ("correction-notice", "政府信息公开申请补正告知书"),
        ("extension-notice", "政府信息公开申请延期答复告知书"),
        ("deferral-notice", "政府信息公开申请延迟答复告知书"),
        ("consultation-letter", "政府信息公开征求意见书"),
        ("consultation-notice", "征求第三方意见告知书"),
        ("fee-notice", "信息处理费收费通知书"),
        ("delivery-receipt", "送达回证"),
        ("reply-not-processed", "告知书"),
        ("reply-other", "告知书"),
        ("reply-", "政府信息公开申请答复书"),
    ]
    .into_iter()
    .find(|(prefix, _)| name.starts_with(prefix))
    .map(|(_, title)| title)
    .unwrap_or_else(|| panic!("an unexpected sample {name}"))
}

#[test]
fn letters_sample_writes_every_kind_as_a_pdf_with_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("samples");
    let o = disclosure(&["letters", "sample", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Every document kind, both fee bases, both consultation letters, the preview and one reply
    // per outcome of table 三 (其他处理 3 has no letter): 36 samples and the case file.
    for kind in [
        "case-file.pdf",
        "registration-form.pdf",
        "receipt.pdf",
        "correction-notice.pdf",
        "extension-notice.pdf",
        "deferral-notice.pdf",
        "consultation-letter-third-party.pdf",
        "consultation-letter-agency.pdf",
        "consultation-notice.pdf",
        "fee-notice-per-item.pdf",
        "fee-notice-per-page.pdf",
        "delivery-receipt.pdf",
        "reply-partially-disclosed.pdf",
        "reply-withheld-state-secret.pdf",
        "reply-unavailable-not-this-agency.pdf",
        "reply-not-processed-confirm.pdf",
        "reply-other-fee-lapsed.pdf",
    ] {
        assert!(names.iter().any(|n| n == kind), "{kind} not in {names:?}");
    }
    assert!(names.len() >= 30, "{names:?}");
    for name in &names {
        let path = out.join(name);
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{name}");
        assert!(bytes.len() > 1000, "{name}: {} bytes", bytes.len());
        let stem = name.trim_end_matches(".pdf");
        let text = text_of(&path);
        assert!(
            text.contains(expected_title(stem)),
            "{name} lacks {}:\n{text}",
            expected_title(stem)
        );
    }
    // The reply sample's legal basis is the outcome's article (R-LET-1), written out by hand.
    assert!(text_of(&out.join("reply-partially-disclosed.pdf")).contains("第三十七条"));
}

#[test]
fn letters_sample_kind_picks_by_prefix_and_refuses_an_unknown_kind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fee");
    let o = disclosure(&[
        "letters",
        "sample",
        "--kind",
        "fee-notice",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["fee-notice-per-item.pdf", "fee-notice-per-page.pdf"]
    );

    let o = disclosure(&["letters", "sample", "--kind", "no-such-letter"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no-such-letter"), "{err}");
    assert!(err.contains("correction-notice"), "{err}");

    let o = disclosure(&["letters", "sample", "--kind", "list"]);
    assert!(o.status.success());
    let listed = String::from_utf8_lossy(&o.stdout);
    assert!(listed.lines().any(|l| l == "case-file"), "{listed}");
    assert!(listed.lines().any(|l| l == "delivery-receipt"), "{listed}");
}
