//! Renders real PDFs and reads them back with poppler (`pdftotext -layout`, `pdfinfo`).
//!
//! Needs the fonts (Debian `texlive-lang-chinese`, `fonts-noto-cjk`, or `DISCLOSURE_FONT_DIR`) and
//! `poppler-utils`. When one is missing the tests fail if `CI=true`, and otherwise skip with a loud
//! message; `scripts/test.sh` installs both.
#![allow(
    clippy::unwrap_used,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::{io::Write as _, path::Path, process::Command, time::Instant};

use chrono::NaiveDate;
use disclosure_letters::{
    documents::{ReceiptContent, ReceiptDraft, ReplyLetterContent, ReplyLetterDraft},
    layout, render, FontConfig, Fonts, Letter, LetterError, Paragraph, Signature,
};

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// The fonts and poppler, or `None` (after a loud message) when they are missing outside CI.
fn prerequisites() -> Option<Fonts> {
    let mut config = FontConfig::debian_defaults();
    if let Ok(dir) = std::env::var("DISCLOSURE_FONT_DIR") {
        config = config.with_dir_first(dir);
    }
    let fonts = Fonts::load(&config);
    let poppler = Command::new("pdftotext").arg("-v").output().is_ok();
    let problem = match (&fonts, poppler) {
        (Err(e), _) => format!("fonts missing: {e}"),
        (Ok(_), false) => "pdftotext not found (install poppler-utils)".to_owned(),
        (Ok(_), true) => return fonts.ok(),
    };
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true and the PDF tests cannot run: {problem}");
    }
    // Written to the process's stderr directly, past libtest's capture of `eprintln!`.
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!! SKIPPING PDF TEST: {problem} !!!!!\n"
    );
    None
}

fn reply_draft() -> ReplyLetterDraft {
    ReplyLetterDraft {
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
    }
}

struct Rendered {
    text: String,
    info: String,
    pages: usize,
    size: usize,
}

/// Writes the PDF, reads back its text layer and page count.
fn read_back(bytes: &[u8], name: &str) -> Rendered {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    let info = run("pdfinfo", &[path.to_str().unwrap()]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap();
    if let Ok(keep) = std::env::var("LETTERS_SAMPLE_DIR") {
        std::fs::copy(&path, Path::new(&keep).join(format!("{name}.pdf"))).unwrap();
    }
    Rendered {
        text,
        info,
        pages,
        size: bytes.len(),
    }
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text with all white space removed, so sentences broken over lines can be searched.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn a_reply_letter_has_every_element_in_its_text_layer_and_stays_small() {
    let Some(fonts) = prerequisites() else { return };
    let letter = ReplyLetterContent::new(reply_draft()).unwrap().to_letter();
    let started = Instant::now();
    let bytes = render(&letter, &fonts).unwrap();
    let elapsed = started.elapsed();
    let out = read_back(&bytes, "reply");
    eprintln!(
        "reply letter: {} bytes, {} page(s), rendered in {elapsed:?}",
        out.size, out.pages
    );

    assert_eq!(out.pages, 1);
    assert!(
        out.size < 100 * 1024,
        "a one-page letter is {} bytes",
        out.size
    );
    let text = squeeze(&out.text);
    for needle in [
        "某市自然资源局政府信息公开申请答复书",
        "某自然资信公开〔2026〕12号",
        "张三：",
        "本机关于2026年3月2日收到您提出的政府信息公开申请",
        "根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现答复如下：",
        "如对本答复不服，可以在收到本答复之日起60日内向某市人民政府申请行政复议，或者在6个月内向某区人民法院提起行政诉讼。",
        "附件：某地块征地批复文件",
        "某市自然资源局2026年3月20日",
        "（联系人：李四，联系电话：0000-1234567）",
        "—1—",
    ] {
        assert!(text.contains(needle), "{needle} not in the text layer:\n{}", out.text);
    }
    // Metadata: the letter's own date and agency, not the time of rendering.
    assert!(out.info.contains("Mar 20 00:00:00 2026"), "{}", out.info);
    assert!(out.info.contains("某市自然资源局"), "{}", out.info);
    // Layout: the title is centred, the date is to the right of the addressee's column.
    let title_line = out.text.lines().find(|l| l.contains("答复书")).unwrap();
    let date_line = out
        .text
        .lines()
        .find(|l| l.contains("2026年3月20日"))
        .unwrap();
    let indent = |l: &str| l.chars().take_while(|c| *c == ' ').count();
    assert!(indent(title_line) >= 1, "title not centred: {title_line:?}");
    assert!(
        indent(date_line) > indent(title_line),
        "date not right-aligned: {date_line:?}"
    );
}

#[test]
fn a_receipt_renders_on_one_page() {
    let Some(fonts) = prerequisites() else { return };
    let receipt = ReceiptContent::new(ReceiptDraft {
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
    .unwrap();
    let bytes = render(&receipt.to_letter(), &fonts).unwrap();
    let out = read_back(&bytes, "receipt");
    assert_eq!(out.pages, 1);
    assert!(out.size < 100 * 1024);
    let text = squeeze(&out.text);
    for needle in [
        "政府信息公开申请登记回执",
        "张三：",
        "2026-0012",
        "最迟于2026年3月30日作出答复",
        "K7Q2-9XPM",
        "https://example.gov.cn/ysqgk",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{}", out.text);
    }
}

#[test]
fn a_long_letter_paginates_with_page_numbers() {
    let Some(fonts) = prerequisites() else { return };
    let mut draft = reply_draft();
    draft.facts = "经检索，本机关保存有您申请获取的政府信息，相关文件共计3份，形成于2025年至2026年期间，现将检索情况说明如下。\n"
        .repeat(12);
    let letter = ReplyLetterContent::new(draft).unwrap().to_letter();
    let expected_pages = layout(&letter).pages.len();
    assert!(expected_pages >= 2);
    let started = Instant::now();
    let bytes = render(&letter, &fonts).unwrap();
    let elapsed = started.elapsed();
    let out = read_back(&bytes, "reply-long");
    eprintln!(
        "long reply letter: {} bytes, {} pages, rendered in {elapsed:?}",
        out.size, out.pages
    );
    assert_eq!(out.pages, expected_pages);
    let text = squeeze(&out.text);
    assert!(text.contains("—1—") && text.contains("—2—"), "{}", out.text);
    // The remedy notice survives pagination intact.
    assert!(text.contains("可以在收到本答复之日起60日内向某市人民政府申请行政复议"));
}

#[test]
fn rare_characters_fall_back_to_noto_serif_cjk() {
    let Some(fonts) = prerequisites() else { return };
    let mut letter = Letter::new("政府信息公开申请答复书");
    letter.addressee = Some("王䶮".into());
    letter.body = vec![Paragraph::indented(
        "䶮字不在FandolFang中，由后备字体绘制。",
    )];
    letter.signature = Some(Signature {
        agency: "某市自然资源局".into(),
        date: date(3, 20),
    });
    let bytes = render(&letter, &fonts).unwrap();
    let out = read_back(&bytes, "fallback");
    assert!(squeeze(&out.text).contains("王䶮："), "{}", out.text);
    let fonts_used = {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.pdf");
        std::fs::write(&path, &bytes).unwrap();
        run("pdffonts", &[path.to_str().unwrap()])
    };
    assert!(fonts_used.contains("NotoSerifCJK"), "{fonts_used}");
    assert!(fonts_used.contains("FandolFang"), "{fonts_used}");
}

#[test]
fn a_character_no_font_has_is_an_error_not_a_box() {
    let Some(fonts) = prerequisites() else { return };
    let mut letter = Letter::new("答复书");
    letter.body = vec![Paragraph::indented("私用区字符\u{E000}")];
    match render(&letter, &fonts) {
        Err(LetterError::UnsupportedCharacter { ch, codepoint }) => {
            assert_eq!(ch, '\u{E000}');
            assert_eq!(codepoint, "U+E000");
        }
        other => panic!(
            "expected UnsupportedCharacter, got {:?}",
            other.map(|b| b.len())
        ),
    }
}

#[test]
fn a_long_title_several_attachments_and_three_pages() {
    let Some(fonts) = prerequisites() else { return };
    let mut draft = reply_draft();
    draft.title = "某省某市某区自然资源和规划局关于张三政府信息公开申请的答复书".into();
    draft.facts =
        "经检索，本机关保存有您申请获取的政府信息，相关文件共计3份，形成于2025年至2026年期间，\
                   查询网址：https://example.gov.cn/ysqgk/2026/0012，现将检索情况说明如下。\n"
            .repeat(8);
    draft.attachments = vec![
        "某地块征地批复文件（2025年第12号，含附图及土地勘测定界技术报告书）".into(),
        "某地块征地补偿安置方案公告".into(),
    ];
    let letter = ReplyLetterContent::new(draft).unwrap().to_letter();
    let laid_out = layout(&letter);
    assert_eq!(
        laid_out.pages.len(),
        3,
        "the sample is meant to fill three pages"
    );
    let bytes = render(&letter, &fonts).unwrap();
    let out = read_back(&bytes, "reply-three-pages");
    assert_eq!(out.pages, 3);
    let text = squeeze(&out.text);
    for needle in [
        "—3—",
        "附件：1.某地块征地批复文件",
        "2.某地块征地补偿安置方案公告",
        "某市自然资源局2026年3月20日",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{}", out.text);
    }
}

/// Every face is embedded as a subset of its CFF program (`CID Type 0C`, Identity-H) with a
/// /ToUnicode map, so the text layer reads back (R-LET-1's elements are checked through it), and
/// under the same subset names each time the same letter is rendered.
#[test]
fn r_let_1_each_face_is_embedded_as_a_cff_subset_with_a_unicode_map() {
    let Some(fonts) = prerequisites() else { return };
    let letter = ReplyLetterContent::new(ReplyLetterDraft {
        // 䶮 is in no Fandol face: the fallback face is embedded too.
        applicant_name: "王䶮".into(),
        ..reply_draft()
    })
    .unwrap()
    .to_letter();
    let fonts_of = |name: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&path, render(&letter, &fonts).unwrap()).unwrap();
        run("pdffonts", &[path.to_str().unwrap()])
    };
    let first = fonts_of("first");
    let rows: Vec<Vec<&str>> = first
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    let mut names: Vec<&str> = rows
        .iter()
        .map(|r| r[0].split_once('+').unwrap().1)
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "FandolFang-Regular",
            "FandolSong-Bold",
            "FandolSong-Regular",
            "NotoSerifCJKsc-Regular"
        ],
        "{first}"
    );
    for row in &rows {
        let (tag, _) = row[0].split_once('+').unwrap();
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{first}"
        );
        // name, "CID Type 0C", encoding, emb, sub, uni, object id
        assert_eq!(
            &row[1..8],
            ["CID", "Type", "0C", "Identity-H", "yes", "yes", "yes"],
            "{first}"
        );
    }
    assert_eq!(fonts_of("second"), first);
}

/// A face that is not a CID-keyed CFF (here a TrueType page-number face) is still embedded, by
/// printpdf, beside the CFF faces the renderer subsets itself, and its text reads back.
#[test]
fn a_truetype_face_is_embedded_beside_the_cff_faces() {
    let Some(_) = prerequisites() else { return };
    let dejavu = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !dejavu.is_file() {
        let _ = writeln!(
            std::io::stderr(),
            "\n!!!!! SKIPPING: {} not installed !!!!!\n",
            dejavu.display()
        );
        return;
    }
    let mut config = FontConfig::debian_defaults();
    if let Ok(dir) = std::env::var("DISCLOSURE_FONT_DIR") {
        config = config.with_dir_first(dir);
    }
    config.dirs.push(dejavu.parent().unwrap().to_path_buf());
    config.page_number =
        disclosure_letters::FontFile::new("DejaVuSans.ttf", 0, "fonts-dejavu-core");
    let fonts = Fonts::load(&config).unwrap();
    let letter = ReplyLetterContent::new(reply_draft()).unwrap().to_letter();
    let bytes = render(&letter, &fonts).unwrap();
    let out = read_back(&bytes, "reply-truetype-page-number");
    let text = squeeze(&out.text);
    assert!(text.contains("—1—"), "{}", out.text);
    assert!(text.contains("可以在收到本答复之日起60日内向某市人民政府申请行政复议"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reply.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let listed = run("pdffonts", &[path.to_str().unwrap()]);
    let dejavu_row = listed
        .lines()
        .find(|l| l.contains("DejaVuSans"))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(dejavu_row.contains("CID TrueType"), "{listed}");
    assert_eq!(
        listed.lines().filter(|l| l.contains("CID Type 0C")).count(),
        2,
        "body and title faces: {listed}"
    );
}
