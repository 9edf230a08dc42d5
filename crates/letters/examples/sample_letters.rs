//! Renders a sample reply letter and receipt into a directory, with sizes and render times.
//!
//! ```sh
//! cargo run --release -p disclosure-letters --example sample_letters -- /tmp/letters
//! pdftoppm -png -r 60 /tmp/letters/reply.pdf /tmp/letters/reply   # look at it
//! ```
//!
//! The fonts are found through `FontConfig::debian_defaults()`, with `DISCLOSURE_FONT_DIR` first.

use std::{error::Error, path::PathBuf, time::Instant};

use chrono::NaiveDate;
use disclosure_letters::{
    documents::{ReceiptContent, ReceiptDraft, ReplyLetterContent, ReplyLetterDraft},
    render, FontConfig, Fonts,
};

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "letters-samples".into()),
    );
    std::fs::create_dir_all(&out)?;
    let mut config = FontConfig::debian_defaults();
    if let Ok(dir) = std::env::var("DISCLOSURE_FONT_DIR") {
        config = config.with_dir_first(dir);
    }
    let started = Instant::now();
    let fonts = Fonts::load(&config)?;
    println!("fonts loaded in {:?}: {fonts:?}", started.elapsed());

    let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("bad date");
    let reply = ReplyLetterContent::new(ReplyLetterDraft {
        title: "某市自然资源局政府信息公开申请答复书".into(),
        doc_number: "某自然资信公开〔2026〕12号".into(),
        applicant_name: "张三".into(),
        received_on: date(3, 2)?,
        request: "某地块2025年的征地批复文件".into(),
        facts: "经检索，本机关保存有您申请获取的政府信息。".into(),
        legal_basis: "《中华人民共和国政府信息公开条例》第三十六条第（二）项".into(),
        decision: "您申请获取的信息属于公开范围，现予以公开，详见附件。".into(),
        review_body: "某市人民政府".into(),
        court: "某区人民法院".into(),
        agency: "某市自然资源局".into(),
        reply_date: date(3, 20)?,
        attachments: vec!["某地块征地批复文件".into()],
        contact: Some("联系人：李四，联系电话：0000-1234567".into()),
    })?;
    let receipt = ReceiptContent::new(ReceiptDraft {
        agency: "某市自然资源局".into(),
        case_number: "2026-0012".into(),
        applicant_name: "张三".into(),
        received_on: date(3, 2)?,
        receipt_basis: "您当面提交申请，以提交之日为收到申请之日。".into(),
        due_on: date(3, 30)?,
        tracking_code: "K7Q2-9XPM".into(),
        enquiry: "查询网址：https://example.gov.cn/ysqgk，咨询电话：0000-1234567。".into(),
        issued_on: date(3, 2)?,
    })?;

    for (name, letter) in [
        ("reply", reply.to_letter()),
        ("receipt", receipt.to_letter()),
    ] {
        let started = Instant::now();
        let bytes = render(&letter, &fonts)?;
        let elapsed = started.elapsed();
        let path = out.join(format!("{name}.pdf"));
        std::fs::write(&path, &bytes)?;
        println!(
            "{}: {} bytes, rendered in {elapsed:?}",
            path.display(),
            bytes.len()
        );
    }
    Ok(())
}
