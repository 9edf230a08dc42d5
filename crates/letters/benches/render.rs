//! One reply letter, laid out and rendered (fonts loaded once, as in the server). The issue's
//! budget: ≤ 5 ms median in release, ≤ 100 KB for a one-page reply.
//!
//! ```sh
//! cargo bench -p disclosure-letters --bench render
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "bench code: a failure aborts the run"
)]

use criterion::{criterion_group, criterion_main, Criterion};
use disclosure_core::outcome::{DisclosureBasis, Outcome};
use disclosure_letters::{documents::ReplyLetter, render, samples, FontConfig, Fonts};

fn reply_letter(c: &mut Criterion) {
    let mut config = FontConfig::debian_defaults();
    if let Ok(dir) = std::env::var("DISCLOSURE_FONT_DIR") {
        config = config.with_dir_first(dir);
    }
    let fonts = Fonts::load(&config).expect("the letter fonts (see docs/letters.md)");
    let letter = ReplyLetter::new(samples::reply_facts(
        Outcome::Disclosed(DisclosureBasis::Provided),
        "王喆",
    ))
    .unwrap()
    .to_letter();
    let bytes = render(&letter, &fonts).unwrap();
    eprintln!("one reply letter: {} bytes", bytes.len());
    assert!(bytes.len() <= 100 * 1024, "{} bytes", bytes.len());
    c.bench_function("render one reply letter", |b| {
        b.iter(|| render(std::hint::black_box(&letter), &fonts).unwrap())
    });
}

criterion_group!(benches, reply_letter);
criterion_main!(benches);
