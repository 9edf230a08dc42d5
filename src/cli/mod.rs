//! Argument parsing and dispatch: each subcommand lives in its own file.
mod args;
mod calendar_cmd;
mod db_cmd;
mod deadline_cmd;
mod doctor_cmd;
mod export_cmd;
mod fee_cmd;
mod import_cmd;
mod letters_cmd;
mod mail_cmd;
mod report_cmd;
mod seed_cmd;
mod serve_cmd;
mod token_cmd;

use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use disclosure_calendar::Calendar;

use crate::config::Config;

/// Case management for on-request government information disclosure (政府信息依申请公开).
#[derive(Debug, Parser)]
#[command(name = "disclosure", version, about, long_about = None)]
pub struct Cli {
    /// The configuration file (see docs/disclosure.example.toml); environment variables
    /// `DISCLOSURE_<SECTION>__<KEY>` and `DATABASE_URL` override it.
    #[arg(long, global = true, env = "DISCLOSURE_CONFIG", value_name = "PATH")]
    config: Option<std::path::PathBuf>,

    /// A calendar file (`date,kind,name` lines, as the built-in data) whose years replace or extend
    /// the built-in official calendar, e.g. next year's State Council notice.
    #[arg(
        long,
        global = true,
        env = "DISCLOSURE_CALENDAR_FILE",
        value_name = "PATH"
    )]
    calendar_file: Option<std::path::PathBuf>,

    /// The database: a file path or sqlite://PATH (embedded SQLite), or postgres://… .
    /// Default: `database.url` of the configuration (env DATABASE_URL), else ./data/disclosure.db.
    #[arg(long, global = true, value_name = "URL")]
    database: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Working-day arithmetic on the official calendar (工作日).
    #[command(subcommand)]
    Calendar(calendar_cmd::CalendarCmd),
    /// Compute a reply deadline from a case's dated facts and explain it.
    Deadline(deadline_cmd::DeadlineArgs),
    /// The information-processing fee (国办函〔2020〕109号), in yuan.
    #[command(subcommand)]
    Fee(fee_cmd::FeeCmd),
    /// Run the web application (pages and JSON API).
    Serve(serve_cmd::ServeArgs),
    /// Create the database if needed and apply pending migrations.
    Migrate,
    /// A consistent online copy of the SQLite database (PostgreSQL: use pg_dump).
    Backup {
        /// Where to write the copy; must not exist.
        path: std::path::PathBuf,
    },
    /// Generate a realistic case load of any size (every step decided by the domain; batched writes).
    Seed(seed_cmd::SeedArgs),
    /// Bearer tokens for the JSON API.
    #[command(subcommand)]
    Token(token_cmd::TokenCmd),
    /// Legal oversight of the record.
    #[command(subcommand)]
    Audit(db_cmd::AuditCmd),
    /// Send the mail outbox and the daily 督办 reminders (what `serve` also runs in the background).
    MailWorker(mail_cmd::MailWorkerArgs),
    /// Set the address a staff member's 督办 reminders go to.
    StaffEmail(mail_cmd::StaffEmailArgs),
    /// Legal staff's reports: deadline compliance and the annual-report tables.
    #[command(subcommand)]
    Report(report_cmd::ReportCmd),
    /// Check a deployment (configuration, database, session key, fonts, calendar years, mail)
    /// without changing it; exits non-zero when something is wrong.
    Doctor,
    /// Move in: cases from the Excel ledger, or an export of another installation.
    #[command(subcommand)]
    Import(import_cmd::ImportCmd),
    /// Move out: every case with its events and documents' metadata, as JSON or CSV.
    Export(export_cmd::ExportArgs),
    /// The letters: sample PDFs of every kind, for checking the layout.
    #[command(subcommand)]
    Letters(letters_cmd::LettersCmd),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let env: std::collections::BTreeMap<String, String> = std::env::vars().collect();
    let loaded = Config::load(cli.config.as_deref(), &env);
    if matches!(cli.command, Some(Command::Doctor)) {
        // The doctor reports a bad configuration as a finding among the others.
        let file = match &loaded {
            Ok(c) => cli.calendar_file.clone().or(c.calendar.file.clone()),
            Err(_) => cli.calendar_file.clone(),
        };
        return doctor_cmd::run(
            loaded.as_ref(),
            cli.config.as_deref(),
            cli.database.as_deref(),
            load_calendar(file.as_deref()),
        );
    }
    let config = loaded?;
    let calendar_file = cli.calendar_file.or(config.calendar.file.clone());
    let database = cli.database.unwrap_or(config.database.url.clone());
    let cal = load_calendar(calendar_file.as_deref())?;
    // With no command, run the product: the server on the default database with demo data.
    let command = cli
        .command
        .unwrap_or_else(|| Command::Serve(serve_cmd::ServeArgs::defaults()));
    match command {
        Command::Calendar(c) => calendar_cmd::run(c, cal, &database),
        Command::Deadline(a) => deadline_cmd::run(&a, &cal),
        Command::Serve(a) => serve_cmd::run(&a, &config, &database, cal),
        Command::Seed(a) => seed_cmd::run(&a, &database, cal),
        Command::Migrate => db_cmd::migrate(&database),
        Command::Backup { path } => db_cmd::backup(&database, &path),
        Command::Audit(a) => db_cmd::audit(&database, &a),
        Command::MailWorker(a) => mail_cmd::run(&a, &config.mail, &database, cal),
        Command::StaffEmail(a) => mail_cmd::staff_email(&a, &database),
        Command::Import(c) => import_cmd::run(&c, &database, cal),
        Command::Export(a) => export_cmd::run(&a, &database, cal),
        Command::Doctor => Ok(()), // handled above, before the configuration must be valid
        Command::Token(t) => token_cmd::run(&t, &database, cal),
        Command::Report(r) => report_cmd::run(&r, &database, cal),
        Command::Letters(l) => letters_cmd::run(&l),
        Command::Fee(f) => {
            fee_cmd::run(&f);
            Ok(())
        }
    }
}

fn load_calendar(path: Option<&std::path::Path>) -> anyhow::Result<Calendar> {
    match path {
        None => Ok(Calendar::builtin()?),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read calendar file {}", p.display()))?;
            Calendar::with_overrides(&text)
                .with_context(|| format!("calendar file {}", p.display()))
        }
    }
}

/// Prints a clap error as one line (help and version are printed whole) and picks the exit code.
pub fn report_usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ => {
            // clap's message can span lines (e.g. the missing arguments); keep it, drop the usage.
            let rendered = e.render().to_string();
            let message: Vec<&str> = rendered
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .filter(|l| !l.is_empty())
                .collect();
            eprintln!("{}", message.join(" "));
            ExitCode::from(2)
        }
    }
}
