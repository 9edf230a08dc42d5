//! `disclosure seed --cases N [--agencies K] [--seed S]`: a deterministic, realistic case load of any
//! size, every step decided by the domain and written in large batches (crates/app/src/seed.rs).
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use clap::Args;
use disclosure_app::seed::{seed, SeedPlan};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_web::Clock;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// How many cases to create.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    cases: u64,
    /// How many agencies to spread them over (the demo agency is the first).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=200))]
    agencies: u32,
    /// The random seed; the same seed (and --today) gives the same cases.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Receipt dates are spread over this many days before --today (the default reaches back
    /// about three years, so reports have several years to show).
    #[arg(long, default_value_t = 1060)]
    days: u64,
    /// The day the load is as of (default: today); nothing is dated after it.
    #[arg(long)]
    today: Option<NaiveDate>,
    /// No progress bar (scripts, logs).
    #[arg(long)]
    quiet: bool,
}

pub fn run(a: &SeedArgs, database: &str, cal: Calendar) -> anyhow::Result<()> {
    let services = Services::new(super::db_cmd::open(database)?, Arc::new(cal));
    let plan = SeedPlan {
        cases: a.cases,
        agencies: a.agencies,
        seed: a.seed,
        today: a.today.unwrap_or_else(|| Clock::System.today()),
        span_days: a.days,
    };
    let bar = if a.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(a.cases)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} cases ({per_sec}, {eta} left)",
        )?
        .progress_chars("=> "),
    );
    let started = Instant::now();
    let report = seed(&services, &plan, |done| bar.set_position(done))?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "seeded {} cases ({} events) over {} agencies in {secs:.1} s ({:.0} cases/s)",
        report.cases,
        report.events,
        a.agencies,
        report.cases as f64 / secs.max(1e-9)
    );
    for (stage, n) in &report.by_stage {
        println!("  {stage:<20} {n}");
    }
    Ok(())
}
