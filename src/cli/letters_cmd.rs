//! `disclosure letters sample [--kind K] [--out DIR]`: one PDF of every letter kind and reply
//! outcome from the letters crate's samples (rare-character names included), and the sample case
//! file, so staff and legal staff can check the layout on paper before a letter goes out.
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use disclosure_letters::documents::{render_case_file, CaseFile, FiledDocument};
use disclosure_letters::{render, samples, Fonts};

/// The name of the sample case file.
const CASE_FILE: &str = "case-file";

/// The samples that make up the sample case file (in the order of `samples::all`).
const IN_CASE_FILE: [&str; 5] = [
    "registration-form",
    "receipt",
    "correction-notice",
    "reply-disclosed-provided",
    "delivery-receipt",
];

#[derive(Debug, Subcommand)]
pub enum LettersCmd {
    /// Write sample PDFs of the letters: `<kind>.pdf` in DIR for every kind (or only those whose
    /// name starts with K), and `case-file.pdf`.
    Sample {
        /// Only the kinds whose name starts with K, e.g. `reply-withheld`, `fee-notice`,
        /// `case-file`; `--kind list` prints the names.
        #[arg(long, value_name = "K")]
        kind: Option<String>,
        /// The directory to write into (created if missing).
        #[arg(long, value_name = "DIR", default_value = "letters-samples")]
        out: PathBuf,
    },
}

pub fn run(cmd: &LettersCmd) -> anyhow::Result<()> {
    let LettersCmd::Sample { kind, out } = cmd;
    let all = samples::all().context("the built-in samples are incomplete")?;
    let mut names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
    names.push(CASE_FILE);
    let kind = kind.as_deref().map(str::trim);
    if kind == Some("list") {
        for n in names {
            println!("{n}");
        }
        return Ok(());
    }
    let wanted = |name: &str| kind.is_none_or(|k| name.starts_with(k));
    if !names.iter().any(|n| wanted(n)) {
        anyhow::bail!(
            "no letter kind starts with `{}`; the kinds are: {}",
            kind.unwrap_or_default(),
            names.join(", ")
        );
    }
    let fonts = Fonts::load(&super::doctor_cmd::font_config())
        .context("the letter fonts are not installed")?;
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create the directory {}", out.display()))?;
    let write = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = out.join(format!("{name}.pdf"));
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        println!("{} ({} bytes)", path.display(), bytes.len());
        Ok(())
    };
    let mut filed = Vec::new();
    for s in &all {
        let in_file = wanted(CASE_FILE) && IN_CASE_FILE.contains(&s.name.as_str());
        if !wanted(&s.name) && !in_file {
            continue;
        }
        let bytes = render(&s.letter, &fonts).with_context(|| format!("sample {}", s.name))?;
        if wanted(&s.name) {
            write(&s.name, &bytes)?;
        }
        if in_file {
            filed.push(FiledDocument {
                title: s.letter.title.replace('\n', ""),
                doc_number: s.doc_number.clone(),
                date: s.date,
                pdf: bytes,
            });
        }
    }
    if wanted(CASE_FILE) {
        let file = CaseFile {
            agency: samples::agency().name,
            case_number: "2026-0012".into(),
            documents: filed,
        };
        write(CASE_FILE, &render_case_file(&file, &fonts)?)?;
    }
    Ok(())
}
