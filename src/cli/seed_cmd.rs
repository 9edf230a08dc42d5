//! `disclosure seed --cases N [--seed S]`: realistic cases driven through the same services.
use std::sync::Arc;

use clap::Args;
use disclosure_app::demo::{ensure_demo_agency, seed_cases};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_web::Clock;

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// How many cases to create.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=2_000_000))]
    cases: u64,
    /// The random seed; the same seed gives the same cases.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Receipt dates are spread over this many days before today (the default reaches back into
    /// 2024, so reports have several years to show).
    #[arg(long, default_value_t = 1060)]
    days: u64,
}

pub fn run(a: &SeedArgs, database: &str, cal: Calendar) -> anyhow::Result<()> {
    // Issuing a reply keeps its letter, so seeding needs the letter fonts like the server does.
    let services = Services::new(super::db_cmd::open(database)?, Arc::new(cal))
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    if let Some(problem) = &services.fonts_problem {
        anyhow::bail!("the letter fonts are needed to issue replies: {problem}");
    }
    let clock = Clock::System;
    ensure_demo_agency(&services, clock.now())?;
    let n = usize::try_from(a.cases)?;
    seed_cases(&services, n, a.seed, clock.today(), a.days)?;
    println!("seeded {n} cases");
    Ok(())
}
