//! `disclosure import ledger FILE.xlsx` (moving in from the Excel ledger) and `disclosure import
//! export FILE.json` (an export of another installation, into an empty database).
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Subcommand;
use disclosure_app::export::Export;
use disclosure_app::ledger_import::{
    check_duplicates, check_with_domain, plan, read_ledger, LedgerMapping, RowProblem,
};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_web::Clock;

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Cases from the office's Excel ledger (依申请公开台账): one case per row, with its reply.
    /// Rows that cannot be mapped are listed by row number and skipped; the rest are written in
    /// one transaction. Run with --dry-run first.
    Ledger {
        /// The workbook (.xlsx; .xls and .ods are read too).
        file: PathBuf,
        /// A TOML file naming the ledger's own headers: `sheet = "…"` and `[columns]` with
        /// received, applicant, applicant_kind, description, replied_on, reply_kind, handler, note.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Check every row and report; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The agency the cases belong to (needed when the database has several).
        #[arg(long, value_name = "ID")]
        agency: Option<String>,
        /// Import rows even when a case with the same 收到日期, 申请人 and 申请内容 already exists
        /// (by default such rows are listed and skipped, so importing a ledger twice changes nothing).
        #[arg(long)]
        allow_duplicate: bool,
    },
    /// An export written by `disclosure export --format json`, into an empty database.
    Export {
        /// The JSON file.
        file: PathBuf,
        /// The folder of PDFs written by `export --documents DIR` (needed when cases have
        /// issued documents).
        #[arg(long, value_name = "DIR")]
        documents: Option<PathBuf>,
    },
}

pub fn run(cmd: &ImportCmd, database: &str, cal: Calendar) -> anyhow::Result<()> {
    let store = super::db_cmd::open(database)?;
    let services = Services::new(store, std::sync::Arc::new(cal));
    services.load_imported_calendar()?;
    let now = Clock::System.now();
    match cmd {
        ImportCmd::Ledger {
            file,
            mapping,
            dry_run,
            agency,
            allow_duplicate,
        } => {
            let mapping = load_mapping(mapping.as_deref())?;
            let agency = pick_agency(&services, agency.as_deref())?;
            let sheet = read_ledger(file, mapping.sheet.as_deref())?;
            let source = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let mut p = plan(&sheet, &mapping.columns, &agency, &source, now.date())
                .with_context(|| format!("{} (sheet {})", file.display(), sheet.name))?;
            check_with_domain(&mut p, &services, now);
            check_duplicates(&mut p, &services, *allow_duplicate)?;
            println!(
                "{source} (sheet {}): {} rows can be imported, {} cannot",
                sheet.name,
                p.cases.len(),
                p.errors.len()
            );
            for e in &p.errors {
                println!("  第{}行: {}", e.row, e.problem.reason_zh());
            }
            if *dry_run {
                println!("dry run: nothing written");
                if !p.errors.is_empty() {
                    bail!(
                        "{} rows cannot be imported (listed above); fix them or import without them",
                        p.errors.len()
                    );
                }
                return Ok(());
            }
            let repeated = p
                .errors
                .iter()
                .filter(|e| {
                    matches!(
                        e.problem,
                        RowProblem::AlreadyImported { .. } | RowProblem::RepeatedInSheet { .. }
                    )
                })
                .count();
            if p.cases.is_empty() && repeated > 0 {
                let first = p
                    .errors
                    .iter()
                    .find(|e| matches!(e.problem, RowProblem::AlreadyImported { .. }))
                    .map(|e| format!(" (e.g. 第{}行: {})", e.row, e.problem.reason_zh()))
                    .unwrap_or_default();
                bail!(
                    "{source} has already been imported: its {repeated} importable row(s) are cases already{first}; nothing written"
                );
            }
            let imported = services.import_ledger(&p, now)?;
            println!(
                "imported {} cases in one transaction ({} rows skipped)",
                imported.cases.len(),
                p.errors.len()
            );
            for (row, number) in &imported.cases {
                println!("  第{row}行 → {number}");
            }
            Ok(())
        }
        ImportCmd::Export { file, documents } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let export: Export = serde_json::from_str(&text)
                .with_context(|| format!("{} is not an export of disclosure", file.display()))?;
            let n = services.restore(&export, documents.as_deref())?;
            println!("imported {n} cases from {}", file.display());
            Ok(())
        }
    }
}

fn load_mapping(path: Option<&Path>) -> anyhow::Result<LedgerMapping> {
    let Some(path) = path else {
        return Ok(LedgerMapping::default());
    };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "mapping file {}: {}",
            path.display(),
            e.to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        )
    })
}

fn pick_agency(services: &Services, wanted: Option<&str>) -> anyhow::Result<String> {
    let agencies = services
        .store
        .read(disclosure_store::directory::list_agencies)?;
    let list = || {
        agencies
            .iter()
            .map(|a| format!("{} ({})", a.id, a.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match wanted {
        Some(id) if agencies.iter().any(|a| a.id == id) => Ok(id.to_string()),
        Some(id) => bail!("no agency {id}; the database has: {}", list()),
        None => match agencies.as_slice() {
            [only] => Ok(only.id.clone()),
            [] => bail!(
                "the database has no agency yet; create it first (e.g. start the server once)"
            ),
            _ => bail!("several agencies: choose one with --agency ({})", list()),
        },
    }
}
