//! Renders one PDF of every document kind and every reply outcome (`disclosure_letters::samples`)
//! and the case file of the sample case into a directory, with sizes and render times.
//!
//! ```sh
//! cargo run --release -p disclosure-letters --example sample_letters -- /tmp/letters
//! pdftoppm -png -r 60 /tmp/letters/reply-partially-disclosed.pdf /tmp/letters/partial
//! ```
//!
//! The fonts are found through `FontConfig::debian_defaults()`, with `DISCLOSURE_FONT_DIR` first.

use std::{error::Error, path::PathBuf, time::Instant};

use disclosure_letters::{
    documents::{render_case_file, CaseFile, FiledDocument},
    render, samples, FontConfig, Fonts,
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
    println!("fonts loaded in {:?}", started.elapsed());

    let mut filed = Vec::new();
    for s in samples::all()? {
        let started = Instant::now();
        let bytes = render(&s.letter, &fonts)?;
        let elapsed = started.elapsed();
        let path = out.join(format!("{}.pdf", s.name));
        std::fs::write(&path, &bytes)?;
        println!(
            "{}: {} bytes, rendered in {elapsed:?}",
            path.display(),
            bytes.len()
        );
        let in_file = [
            "registration-form",
            "receipt",
            "correction-notice",
            "reply-disclosed-provided",
            "delivery-receipt",
        ];
        if in_file.contains(&s.name.as_str()) {
            filed.push(FiledDocument {
                title: s.letter.title.replace('\n', ""),
                doc_number: s.doc_number.clone(),
                date: s.date,
                pdf: bytes,
            });
        }
    }
    let file = CaseFile {
        agency: samples::agency().name,
        case_number: "2026-0012".into(),
        documents: filed,
    };
    let bytes = render_case_file(&file, &fonts)?;
    let path = out.join("case-file.pdf");
    std::fs::write(&path, &bytes)?;
    println!("{}: {} bytes", path.display(), bytes.len());
    Ok(())
}
