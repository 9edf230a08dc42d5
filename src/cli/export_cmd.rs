//! `disclosure export --format json|csv`: every case with its events and documents' metadata, so an
//! agency is never locked in (see `disclosure_app::export`).
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use disclosure_app::export::{write_csv, ExportOptions};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_web::Clock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Complete, and importable with `disclosure import export`.
    Json,
    /// One line per event, for a spreadsheet.
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Where to write (default: standard output).
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Also write each document's PDF into this folder.
    #[arg(long, value_name = "DIR")]
    documents: Option<PathBuf>,
    /// Mask personal data (ID numbers, phones, addresses, natural persons' names) for publication.
    #[arg(long)]
    mask: bool,
    /// Only the cases of the applicant with this name (a request for one's own data).
    #[arg(long, value_name = "NAME")]
    applicant: Option<String>,
}

pub fn run(a: &ExportArgs, database: &str, cal: Calendar) -> anyhow::Result<()> {
    if a.mask && a.documents.is_some() {
        anyhow::bail!("--documents with --mask: the letters themselves carry personal data; export them without --mask");
    }
    let store = super::db_cmd::open(database)?;
    let services = Services::new(store, std::sync::Arc::new(cal));
    let export = services.export(
        &ExportOptions {
            mask: a.mask,
            applicant: a.applicant.clone(),
        },
        Clock::System.now(),
    )?;
    let mut out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    match a.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &export)?;
            writeln!(out)?;
        }
        Format::Csv => write_csv(&export, &mut out)?,
    }
    out.flush()?;
    if let Some(dir) = &a.documents {
        let n = services.write_documents(&export, dir)?;
        eprintln!("{n} documents written to {}", dir.display());
    }
    if let Some(p) = &a.output {
        eprintln!("{} cases written to {}", export.cases.len(), p.display());
    }
    Ok(())
}
