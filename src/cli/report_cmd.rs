//! `disclosure report compliance` and `disclosure report annual`: the legal staff's reports
//! (R-REP-1, R-TIME-3/4/5, R-COR-1) from the command line, through the same services as the pages.
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use disclosure_app::reports::export;
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_core::report::compliance::Period;
use disclosure_store::model::Agency;
use disclosure_web::Clock;

use super::args::parse_date;

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// Deadline compliance per agency and officer over a period: replies on time and late, 补正
    /// notices, extensions, pauses, cases overdue today, median and 90th percentile days to reply.
    Compliance {
        /// First day of the period (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        from: NaiveDate,
        /// Last day of the period, included (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        to: NaiveDate,
        /// The agency id; default: every agency.
        #[arg(long)]
        agency: Option<String>,
        /// The day "overdue" is measured on; default: today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = ComplianceFormat::Text)]
        format: ComplianceFormat,
        /// Write to this file instead of standard output (required for xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Tables 三 and 四 of the annual report (国办公开办函〔2021〕30号) for YEAR; a locked year prints
    /// its locked figures. Exits non-zero when the identity 一＋二＝三＋四 fails, naming the cases.
    Annual {
        /// The report year, e.g. 2025.
        #[arg(value_parser = clap::value_parser!(i32).range(2004..=2099))]
        year: i32,
        /// The agency id; default: the only agency (required when there are several).
        #[arg(long)]
        agency: Option<String>,
        #[arg(long, value_enum, default_value_t = AnnualFormat::Text)]
        format: AnnualFormat,
        /// Write to this file instead of standard output (required for xlsx and pdf).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Recompute the annual report's facts (`report_facts`) of every case from its events: once after
    /// upgrading a database that held cases before that projection existed (until then the report
    /// folds every event, correct but slow at scale), or to repair it. Safe while the server runs.
    Rebuild {
        /// No progress bar (scripts, logs).
        #[arg(long)]
        quiet: bool,
    },
    /// Put a staff member in a department (科室), the middle level of the compliance report
    /// (agency → department → officer); an empty DEPARTMENT clears it. Recorded as the agency's
    /// administrator (`--as`, default: the only one).
    SetDepartment {
        username: String,
        department: String,
        #[arg(long = "as", value_name = "ADMIN")]
        admin: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ComplianceFormat {
    Text,
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnnualFormat {
    Text,
    Csv,
    Xlsx,
    Json,
    /// Printable, in the letters' faces.
    Pdf,
}

pub fn run(cmd: &ReportCmd, database: &str, cal: Calendar) -> anyhow::Result<()> {
    let services = Services::new(super::db_cmd::open(database)?, Arc::new(cal));
    services.load_imported_calendar()?;
    match cmd {
        ReportCmd::Rebuild { quiet } => {
            let total = services
                .store
                .read(disclosure_store::report_facts::count_cases)
                .unwrap_or(0);
            let bar = if *quiet {
                indicatif::ProgressBar::hidden()
            } else {
                indicatif::ProgressBar::new(total)
            };
            let started = std::time::Instant::now();
            let n = services
                .rebuild_report_facts(Clock::System.now(), |done| bar.set_position(done))
                .map_err(|e| anyhow::anyhow!("report rebuild: {e}"))?;
            bar.finish_and_clear();
            println!(
                "report facts rebuilt for {n} cases in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        ReportCmd::SetDepartment {
            username,
            department,
            admin,
        } => {
            let admin = match admin {
                Some(a) => a.clone(),
                None => {
                    let admins = services
                        .store
                        .read(disclosure_store::calendar_imports::active_admins)?;
                    match admins.as_slice() {
                        [only] => only.username.clone(),
                        _ => bail!("give --as ADMIN: the database has no single administrator"),
                    }
                }
            };
            let user = services
                .store
                .read(|c| disclosure_store::directory::user_by_username(c, &admin))?
                .filter(|u| u.active)
                .with_context(|| format!("--as {admin}: no active user of that name"))?;
            let actor =
                disclosure_app::auth::actor_of(&user).map_err(|e| anyhow::anyhow!("{e}"))?;
            services
                .set_department(
                    &actor,
                    username,
                    Some(department.as_str()),
                    disclosure_web::Clock::System.now(),
                )
                .map_err(|e| anyhow::anyhow!("{username}: {e}"))?;
            println!(
                "{username}: {}",
                if department.trim().is_empty() {
                    "no department"
                } else {
                    department.trim()
                }
            );
            Ok(())
        }
        ReportCmd::Compliance {
            from,
            to,
            agency,
            as_of,
            format,
            out,
        } => {
            if to < from {
                bail!("--to {to} is before --from {from}");
            }
            if *format == ComplianceFormat::Xlsx && out.is_none() {
                bail!("--format xlsx needs --out FILE");
            }
            let agencies = pick_agencies(&services, agency.as_deref(), true)?;
            if agencies.len() > 1 && *format == ComplianceFormat::Xlsx {
                bail!("--format xlsx is one agency at a time: give --agency");
            }
            let as_of = as_of.unwrap_or_else(|| Clock::System.today());
            let period = Period {
                from: *from,
                to: *to,
            };
            let mut bytes = Vec::new();
            for a in &agencies {
                let (report, _) = services.compliance_report(&a.id, period, as_of)?;
                match format {
                    ComplianceFormat::Text => {
                        bytes.extend(export::compliance_text(&a.name, &report).into_bytes());
                    }
                    ComplianceFormat::Csv => {
                        bytes.extend(export::compliance_csv(&a.name, &report).into_bytes());
                    }
                    ComplianceFormat::Xlsx => {
                        bytes = export::compliance_xlsx(&a.name, &report)?;
                    }
                }
            }
            emit(&bytes, out.as_ref())
        }
        ReportCmd::Annual {
            year,
            agency,
            format,
            out,
        } => {
            if matches!(format, AnnualFormat::Xlsx | AnnualFormat::Pdf) && out.is_none() {
                bail!("--format xlsx and --format pdf need --out FILE");
            }
            let agencies = pick_agencies(&services, agency.as_deref(), false)?;
            let a = agencies
                .first()
                .context("no agency in the database: register an agency first")?;
            let report = services.annual_report(&a.id, *year)?;
            let f = report.figures();
            let bytes = match format {
                AnnualFormat::Text => export::annual_text(f).into_bytes(),
                AnnualFormat::Csv => export::annual_csv(f).into_bytes(),
                AnnualFormat::Json => export::annual_json(f)?.into_bytes(),
                AnnualFormat::Xlsx => export::annual_xlsx(f)?,
                AnnualFormat::Pdf => services
                    .clone()
                    .with_fonts(&super::doctor_cmd::font_config())
                    .annual_pdf(f)?,
            };
            emit(&bytes, out.as_ref())?;
            if let Some(lock) = &report.lock {
                eprintln!(
                    "{year}年度已由{}于{}锁定，以上为锁定时的数据",
                    lock.locked_by_name,
                    lock.locked_at.format("%Y-%m-%d %H:%M")
                );
                if report.mismatch() {
                    eprintln!("注意：锁定后案件记录已发生变化，当前数据与锁定数据不一致，请核查");
                }
            }
            if !f.identity_breaches.is_empty() {
                bail!(
                    "R-REP-1: the identity 一＋二＝三＋四 fails; cases: {}",
                    f.identity_breaches.join(", ")
                );
            }
            Ok(())
        }
    }
}

/// The agencies a report covers: the one asked for, or every agency (or the only one).
fn pick_agencies(
    services: &Services,
    agency: Option<&str>,
    all_allowed: bool,
) -> anyhow::Result<Vec<Agency>> {
    let agencies = services.agencies()?;
    match agency {
        Some(id) => match agencies.into_iter().find(|a| a.id == id) {
            Some(a) => Ok(vec![a]),
            None => bail!("no agency with id `{id}`"),
        },
        None if all_allowed || agencies.len() <= 1 => Ok(agencies),
        None => bail!(
            "several agencies: give --agency (one of {})",
            agencies
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn emit(bytes: &[u8], out: Option<&PathBuf>) -> anyhow::Result<()> {
    match out {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))?;
            println!("written to {}", p.display());
        }
        None => std::io::stdout().write_all(bytes)?,
    }
    Ok(())
}
