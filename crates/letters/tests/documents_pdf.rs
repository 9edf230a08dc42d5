//! Every document kind and every reply outcome rendered to PDF and read back with poppler
//! (`pdftotext -layout`, `pdfinfo`, `pdfimages`): the formal elements' text, the legal article
//! cited for each outcome, the remedy sentence, A4, size; the case file's 卷内目录.
//!
//! Needs the fonts and `poppler-utils` (see `render_pdf.rs`); skips loudly without them, fails
//! with `CI=true`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::{io::Write as _, path::Path, process::Command};

use disclosure_core::outcome::{
    DisclosureBasis as D, NotProcessedGround as N, OtherGround as O, Outcome,
    UnavailableGround as U, WithholdGround as W,
};
use disclosure_letters::{
    documents::{render_case_file, CaseFile, FiledDocument, ReplyLetter},
    render, samples, FontConfig, Fonts, Seal, SealImage,
};

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
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!! SKIPPING PDF TEST: {problem} !!!!!\n"
    );
    None
}

struct Rendered {
    /// `pdftotext -layout` output.
    layout: String,
    /// The same without white space, so sentences broken over lines can be searched.
    text: String,
    info: String,
    pages: usize,
    size: usize,
    images: String,
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

fn read_back(bytes: &[u8], name: &str) -> Rendered {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    let p = path.to_str().unwrap();
    let layout = run("pdftotext", &["-layout", p, "-"]);
    let info = run("pdfinfo", &[p]);
    let images = run("pdfimages", &["-list", p]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap();
    if let Ok(keep) = std::env::var("LETTERS_SAMPLE_DIR") {
        std::fs::copy(&path, Path::new(&keep).join(format!("{name}.pdf"))).unwrap();
    }
    // Page numbers (`— 1 —`) and page breaks out, so sentences over a page break can be found.
    let text = layout
        .lines()
        .filter(|l| {
            let t = l.trim();
            !(t.starts_with('—') && t.ends_with('—'))
        })
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace() && *c != '\u{c}')
        .collect();
    Rendered {
        text,
        layout,
        info,
        pages,
        size: bytes.len(),
        images,
    }
}

/// The provision each outcome cites, written out by hand from rules.md's table (条例 2019; for
/// 不予处理 5 the table names no article, only its source, the 年报格式).
fn expected_basis(outcome: Outcome) -> String {
    match outcome {
        Outcome::NotProcessed(N::ConfirmOrReissue) => {
            "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）".to_owned()
        }
        other => format!(
            "《中华人民共和国政府信息公开条例》{}",
            expected_article(other)
        ),
    }
}

/// The article of the 条例 each outcome cites.
fn expected_article(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Disclosed(D::AlreadyPublic) => "第三十六条第（一）项",
        Outcome::Disclosed(D::Provided) => "第三十六条第（二）项",
        Outcome::PartiallyDisclosed => "第三十七条",
        Outcome::Withheld(W::StateSecret | W::ForbiddenByLaw | W::Endangers) => "第十四条",
        Outcome::Withheld(W::ThirdPartyRights) => "第十五条",
        Outcome::Withheld(W::InternalAffairs) => "第十六条第一款",
        Outcome::Withheld(W::ProcessInformation | W::EnforcementFile) => "第十六条第二款",
        Outcome::Withheld(W::AdministrativeQuery) => "第三十六条第（七）项",
        Outcome::Unavailable(U::DoesNotExist) => "第三十六条第（四）项",
        Outcome::Unavailable(U::NotThisAgency) => "第三十六条第（五）项",
        Outcome::Unavailable(U::NeedsCreation) => "第三十八条",
        Outcome::Unavailable(U::UnclearAfterCorrection) => "第三十条",
        Outcome::NotProcessed(N::Petition | N::Publication) => "第三十九条",
        Outcome::NotProcessed(N::Repeated) => "第三十六条第（六）项",
        Outcome::NotProcessed(N::Excessive) => "第三十五条",
        Outcome::NotProcessed(N::ConfirmOrReissue) => unreachable!("no article: expected_basis"),
        Outcome::Other(O::CorrectionLapsed) => "第三十条",
        Outcome::Other(O::FeeLapsed) => "第四十二条",
        Outcome::Other(O::Other) => unreachable!("no letter"),
    }
}

/// What only this outcome's letter says (R-LET-3 in plain words, the items, the referral).
fn expected_specifics(outcome: Outcome) -> Vec<&'static str> {
    match outcome {
        Outcome::Disclosed(D::AlreadyPublic) => vec![
            "已经主动公开",
            "https://example.gov.cn/zrzy/xxgk",
            "本机关以纸质文本形式向您提供",
        ],
        Outcome::Disclosed(D::Provided) => vec![
            "属于公开范围，本机关予以公开",
            "予以公开的信息如下：1.某地块征地批复文件。",
            "附件：某地块征地批复文件",
        ],
        Outcome::PartiallyDisclosed => vec![
            "一、予以公开的信息：1.某地块征地补偿安置方案；2.某地块征地补偿费用明细表（隐去个人信息）。",
            "二、不予公开的信息及理由：1.被征收户的姓名、身份证号码和银行账号，理由：属于个人隐私",
            "本机关以纸质文本形式向您提供",
        ],
        Outcome::Withheld(W::StateSecret) => vec!["国家秘密"],
        Outcome::Withheld(W::ForbiddenByLaw) => vec!["法律、行政法规禁止公开", "《中华人民共和国统计法》第二十五条"],
        Outcome::Withheld(W::Endangers) => vec!["国家安全、公共安全、经济安全、社会稳定"],
        Outcome::Withheld(W::ThirdPartyRights) => vec!["第三方合法权益", "答复不同意公开"],
        Outcome::Withheld(W::InternalAffairs) => vec!["内部事务信息"],
        Outcome::Withheld(W::ProcessInformation) => vec!["过程性信息"],
        Outcome::Withheld(W::EnforcementFile) => vec!["行政执法案卷信息"],
        Outcome::Withheld(W::AdministrativeQuery) => vec!["依照有关法律、行政法规的规定办理"],
        Outcome::Unavailable(U::DoesNotExist) => vec![
            "本机关于2026年3月16日在本机关档案室和公文管理系统以人工查阅和系统全文检索的方式，以“某地块征地批复”为关键词进行了检索，未检索到相关信息。",
            "该政府信息不存在",
        ],
        Outcome::Unavailable(U::NotThisAgency) => vec![
            "不属于本机关负责公开",
            "该政府信息由某市林业局负责公开，联系方式：0000-7654321。",
        ],
        Outcome::Unavailable(U::NeedsCreation) => vec!["加工、分析"],
        Outcome::Unavailable(U::UnclearAfterCorrection) => vec!["补正后的申请内容仍不明确"],
        Outcome::NotProcessed(N::Petition) => vec!["信访、投诉、举报", "12345"],
        Outcome::NotProcessed(N::Repeated) => vec!["不予重复处理", "某自然资信公开〔2026〕3号"],
        Outcome::NotProcessed(N::Publication) => vec!["公开出版物", "新华书店"],
        Outcome::NotProcessed(N::Excessive) => vec!["明显超过合理范围"],
        Outcome::NotProcessed(N::ConfirmOrReissue) => vec!["确认或者重新出具"],
        Outcome::Other(O::CorrectionLapsed) => vec!["逾期未补正，视为放弃申请"],
        Outcome::Other(O::FeeLapsed) => vec!["逾期未按收费通知的要求缴纳信息处理费"],
        Outcome::Other(O::Other) => vec![],
    }
}

#[test]
fn r_let_1_r_let_2_r_let_3_every_reply_outcome_prints_every_formal_element_and_its_article() {
    let Some(fonts) = prerequisites() else { return };
    for (stem, outcome) in samples::outcomes() {
        let letter = ReplyLetter::new(samples::reply_facts(outcome, "王喆")).unwrap();
        let bytes = render(&letter.to_letter(), &fonts).unwrap();
        let out = read_back(&bytes, &format!("reply-{stem}"));
        let kind = match outcome {
            Outcome::NotProcessed(_) | Outcome::Other(_) => "告知书",
            _ => "答复书",
        };
        let mut needles = vec![
            format!("某市自然资源局政府信息公开申请{kind}"),
            "某自然资信公开〔2026〕12号".to_owned(),
            "王喆：".to_owned(),
            "本机关于2026年3月2日收到您提出的政府信息公开申请，申请获取“某地块2025年的征地批复文件”。".to_owned(),
            format!("根据{}的规定，现答复如下：", expected_basis(outcome)),
            "如对本答复不服，可以在收到本答复之日起60日内向某市人民政府申请行政复议，或者在6个月内向某区人民法院提起行政诉讼。".to_owned(),
            "（盖章）".to_owned(),
            "某市自然资源局2026年3月20日".to_owned(),
            "（联系人：李四，联系电话：0000-1234567）".to_owned(),
        ];
        needles.extend(expected_specifics(outcome).into_iter().map(str::to_owned));
        for needle in needles {
            assert!(
                out.text.contains(&needle),
                "{stem}: {needle} not in the text layer:\n{}",
                out.layout
            );
        }
        assert!(
            out.info
                .contains("Page size:       595.276 x 841.89 pts (A4)"),
            "{stem}: {}",
            out.info
        );
        // (稿 alone occurs in 过程稿.)
        assert!(
            !out.text.contains('草'),
            "{stem}: an issued letter has no watermark"
        );
        if out.pages == 1 {
            assert!(
                (20 * 1024..100 * 1024).contains(&out.size),
                "{stem}: a one-page letter of {} bytes",
                out.size
            );
        }
    }
}

#[test]
fn a_preview_reads_as_the_letter_with_a_draft_watermark_and_no_doc_number() {
    let Some(fonts) = prerequisites() else { return };
    let outcome = Outcome::Unavailable(U::DoesNotExist);
    let mut facts = samples::reply_facts(outcome, "陈玥");
    facts.doc_number = None;
    let preview = ReplyLetter::preview(facts.clone()).unwrap();
    let out = read_back(&render(&preview.to_letter(), &fonts).unwrap(), "preview");
    // The watermark's two characters, drawn diagonally, come out between the lines.
    assert!(
        out.text.contains('草') && out.text.contains('稿'),
        "{}",
        out.layout
    );
    let text: String = out.text.chars().filter(|c| !"草稿".contains(*c)).collect();
    assert!(text.contains("（字号于签发时编定）"), "{}", out.layout);
    assert!(!text.contains("〔2026〕12号"));
    assert!(text.contains("第三十六条第（四）项"), "{}", out.layout);
    // Issued, the same letter has the number and loses the watermark; the lines are the same.
    facts.doc_number = samples::doc_number(12);
    let issued = ReplyLetter::new(facts).unwrap();
    let a = disclosure_letters::layout(&preview.to_letter());
    let b = disclosure_letters::layout(&issued.to_letter());
    assert_eq!(a.pages.len(), b.pages.len());
    for (pa, pb) in a.pages.iter().zip(&b.pages) {
        let rows =
            |p: &disclosure_letters::PageLayout| p.lines.iter().map(|l| l.row).collect::<Vec<_>>();
        assert_eq!(
            rows(pa),
            rows(pb),
            "the preview keeps the layout of the letter"
        );
    }
}

#[test]
fn an_electronic_seal_is_drawn_as_an_image_instead_of_the_hand_stamp_mark() {
    let Some(fonts) = prerequisites() else { return };
    // A 64 × 64 red ring on transparent ground.
    let mut rgba = Vec::with_capacity(64 * 64 * 4);
    for y in 0..64i32 {
        for x in 0..64i32 {
            let r2 = (x - 32).pow(2) + (y - 32).pow(2);
            let on = (26 * 26..=31 * 31).contains(&r2);
            rgba.extend_from_slice(&[200, 20, 20, if on { 255 } else { 0 }]);
        }
    }
    let mut facts = samples::reply_facts(Outcome::Withheld(W::StateSecret), "孙犇");
    facts.agency.seal = Seal::Image(SealImage::from_rgba(64, 64, rgba).unwrap());
    let letter = ReplyLetter::new(facts).unwrap().to_letter();
    let out = read_back(&render(&letter, &fonts).unwrap(), "e-seal");
    assert!(!out.text.contains("（盖章）"), "{}", out.layout);
    let seal_images = out
        .images
        .lines()
        .skip(2)
        .filter(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            cells.get(2) == Some(&"image")
                && cells.get(3) == Some(&"64")
                && cells.get(4) == Some(&"64")
        })
        .count();
    assert_eq!(seal_images, 1, "{}", out.images);
    assert!(SealImage::from_rgba(64, 64, vec![0; 10]).is_none());
}

#[test]
fn every_other_document_kind_renders_on_a4_with_its_elements() {
    let Some(fonts) = prerequisites() else { return };
    let expect: &[(&str, &[&str])] = &[
        (
            "registration-form",
            &[
                "政府信息公开申请登记表",
                "登记编号",
                "2026-0012",
                "王喆",
                "2026年3月2日（当面提交，以提交之日",
                "所需政府信息的名称",
                "某地块2025年的征地批复文件",
                "答复期限",
                "2026年3月30日",
                "赵六",
            ],
        ),
        (
            "receipt",
            &[
                "政府信息公开申请登记回执",
                "最迟于2026年3月30日作出答复",
                "K7Q2-9XPM",
            ],
        ),
        (
            "correction-notice",
            &[
                "政府信息公开申请补正告知书",
                "第三十条",
                "请您最迟于2026年3月20日将补正后的申请提交本机关",
                "视为放弃申请",
                "某市自然资源局2026年3月5日",
            ],
        ),
        (
            "extension-notice",
            &[
                "政府信息公开申请延期答复告知书",
                "2026年3月30日前",
                "答复期限延长至2026年4月28日",
                "政府信息公开工作机构负责人同意",
                "第三十三条第一款",
            ],
        ),
        (
            "consultation-letter-third-party",
            &[
                "政府信息公开征求意见书",
                "某房地产开发有限公司：",
                "第三十二条",
                "15个工作日内（最迟于2026年3月31日）",
            ],
        ),
        (
            "consultation-letter-agency",
            &["某市住房和城乡建设局：", "第三十四条", "视为同意公开"],
        ),
        (
            "consultation-notice",
            &["征求第三方意见告知书", "不计算在答复期限内"],
        ),
        (
            "fee-notice-per-page",
            &[
                "政府信息公开信息处理费收费通知书",
                "国办函〔2020〕109号",
                "第101—150页共50页，每页20元，计1000元",
                "合计应缴纳信息处理费1700元",
                "最迟于2026年4月3日",
            ],
        ),
        (
            "fee-notice-per-item",
            &["第35件申请，适用每件200元的标准，应缴纳信息处理费200元"],
        ),
        (
            "delivery-receipt",
            &[
                "送达回证",
                "送达文书",
                "某市自然资源局政府信息公开申请答复书",
                "某自然资信公开〔2026〕12号",
                "受送达人签名（盖章）",
                "______年____月____日",
                "送达人签名",
                "邮寄",
            ],
        ),
    ];
    let all = samples::all().unwrap();
    for (name, needles) in expect {
        let s = all.iter().find(|s| s.name == *name).expect(name);
        let out = read_back(&render(&s.letter, &fonts).unwrap(), name);
        for needle in *needles {
            assert!(
                out.text.contains(needle),
                "{name}: {needle} not in:\n{}",
                out.layout
            );
        }
        assert!(out.info.contains("(A4)"), "{name}: {}", out.info);
        assert!(out.pages <= 2, "{name}: {} pages", out.pages);
        if out.pages == 1 {
            assert!(out.size < 100 * 1024, "{name}: {} bytes", out.size);
        }
    }
}

#[test]
fn the_case_file_starts_with_an_index_of_every_document_with_its_pages() {
    let Some(fonts) = prerequisites() else { return };
    let all = samples::all().unwrap();
    let picked = [
        "registration-form",
        "receipt",
        "correction-notice",
        "reply-partially-disclosed",
        "delivery-receipt",
    ];
    let mut documents = Vec::new();
    let mut pages = Vec::new();
    for name in picked {
        let s = all.iter().find(|s| s.name == name).unwrap();
        let pdf = render(&s.letter, &fonts).unwrap();
        pages.push(read_back(&pdf, name).pages);
        documents.push(FiledDocument {
            title: s.letter.title.replace('\n', ""),
            doc_number: s.doc_number.clone(),
            date: s.date,
            pdf,
        });
    }
    // Measured by pdfinfo: the correction notice and the reply with both lists take two pages,
    // the others one; so the file's pages are 1, 2, 3-4, 5-6, 7.
    assert_eq!(pages, vec![1, 1, 2, 2, 1]);
    let file = CaseFile {
        agency: "某市自然资源局".into(),
        case_number: "2026-0012".into(),
        documents,
    };
    let bytes = render_case_file(&file, &fonts).unwrap();
    let out = read_back(&bytes, "case-file");
    assert_eq!(
        out.pages,
        1 + 7,
        "one index page and the seven pages of the documents"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let index = run(
        "pdftotext",
        &["-layout", "-f", "1", "-l", "1", path.to_str().unwrap(), "-"],
    );
    let squeezed: String = index.chars().filter(|c| !c.is_whitespace()).collect();
    for needle in [
        "卷内目录",
        "立卷单位：某市自然资源局",
        "案件编号：2026-0012",
        "序号",
        "文件题名",
        "字号",
        "日期",
        "页号",
    ] {
        assert!(squeezed.contains(needle), "{needle} not in:\n{index}");
    }
    // One line per entry: its number, the first part of its title, its date and its pages.
    let entry = |no: &str, date: &str, pages: &str| {
        index.lines().any(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            cells.first() == Some(&no) && cells.contains(&date) && cells.last() == Some(&pages)
        })
    };
    assert!(entry("1", "20260302", "1"), "{index}");
    assert!(entry("2", "20260302", "2"), "{index}");
    assert!(entry("3", "20260305", "3-4"), "{index}");
    assert!(entry("4", "20260320", "5-6"), "{index}");
    assert!(entry("5", "20260320", "7"), "{index}");
    // The reply's 字号 (wrapped in its cell).
    assert!(squeezed.contains("某自然资信公开"), "{index}");
    assert!(squeezed.contains("〔2026〕12号"), "{index}");
    // The documents follow as issued.
    for needle in [
        "政府信息公开申请登记表",
        "政府信息公开申请登记回执",
        "补正告知书",
        "第三十七条",
        "送达回证",
    ] {
        assert!(out.text.contains(needle), "{needle} not in the case file");
    }
}

/// printpdf names fonts with random ids, so two renderings differ in bytes (which is why the
/// issued bytes are stored and the case file copies them); what they say is the same.
#[test]
fn rendering_the_same_letter_twice_says_the_same_thing() {
    let Some(fonts) = prerequisites() else { return };
    let letter = ReplyLetter::new(samples::reply_facts(Outcome::PartiallyDisclosed, "李堃"))
        .unwrap()
        .to_letter();
    let a = read_back(&render(&letter, &fonts).unwrap(), "twice-a");
    let b = read_back(&render(&letter, &fonts).unwrap(), "twice-b");
    assert_eq!(a.layout, b.layout);
    assert_eq!(a.pages, b.pages);
}
