//! `disclosure calendar …`: working-day arithmetic for officers and auditors.
use std::io::{BufRead, BufWriter, Write};
use std::sync::Arc;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::Subcommand;
use disclosure_app::auth::actor_of;
use disclosure_app::reports::calendar::YearNotice;
use disclosure_app::Services;
use disclosure_calendar::{Calendar, Dated};
use disclosure_core::actor::{Actor, Role};
use disclosure_store::model::User;
use disclosure_store::{directory, DatabaseUrl};
use disclosure_web::Clock;

use super::args::{parse_date, parse_working_days};

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// Print the date N working days after DATE (DATE itself is never counted).
    ///
    /// A result that relies on a year whose official notice is not loaded is provisional: a warning
    /// goes to standard error (in --batch mode the line ends with ` provisional`).
    Add {
        #[arg(value_parser = parse_date, required_unless_present = "batch")]
        date: Option<NaiveDate>,
        #[arg(value_parser = parse_working_days, required_unless_present = "batch", allow_negative_numbers = true)]
        n: Option<u32>,
        /// Read `DATE N` lines from FILE (`-` for standard input) and print one result a line.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["date", "n"])]
        batch: Option<String>,
    },
    /// Print the number of working days in (FROM, TO].
    Count {
        #[arg(value_parser = parse_date)]
        from: NaiveDate,
        #[arg(value_parser = parse_date)]
        to: NaiveDate,
    },
    /// Show the days counted from DATE to reach N working days, with the holidays and make-up days met.
    Explain {
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
        #[arg(value_parser = parse_working_days, allow_negative_numbers = true)]
        n: u32,
    },
    /// List the years whose official notice is loaded.
    Years,
    /// Load a year's official holiday notice into the database (R-TIME-10), in the format of the
    /// built-in data (`date,kind,name`, one year per file). Every open case whose due date changes
    /// gets a 节假日安排更新 entry in its record; the same file imported again changes nothing.
    /// Running servers see the year at once; every later start loads it on top of the built-in data.
    Import {
        /// The CSV file (`-` for standard input).
        file: String,
        /// The user the import is recorded under (an administrator or legal staff); default: the
        /// only active administrator of the database.
        #[arg(long = "as", value_name = "USERNAME")]
        user: Option<String>,
    },
}

pub fn run(cmd: CalendarCmd, cal: Calendar, database: &str) -> anyhow::Result<()> {
    if let CalendarCmd::Import { file, user } = &cmd {
        return import(file, user.as_deref(), cal, database);
    }
    // The other commands need no database; when there is one, its imported years count too.
    let cal = match existing_store(database)? {
        Some(store) => {
            let services = Services::new(store, Arc::new(cal));
            services.load_imported_calendar()?;
            services.calendar()
        }
        None => Arc::new(cal),
    };
    let cal = &*cal;
    match cmd {
        CalendarCmd::Add {
            batch: Some(file), ..
        } => batch_add(&file, cal),
        CalendarCmd::Add {
            date: Some(date),
            n: Some(n),
            ..
        } => {
            let r = cal.add_working_days(date, n)?;
            println!("{}", r.date);
            warn_provisional(r.provisional);
            Ok(())
        }
        CalendarCmd::Add { .. } => bail!("give DATE and N, or --batch FILE"),
        CalendarCmd::Count { from, to } => {
            let c = cal.working_days_between(from, to)?;
            println!("{}", c.days);
            warn_provisional(c.provisional);
            Ok(())
        }
        CalendarCmd::Explain { date, n } => {
            let e = cal.explain(date, n)?;
            println!("{}", e.end.date);
            for (i, day) in e.counted.iter().enumerate() {
                println!("  {:>3}  {day}", i + 1);
            }
            for note in &e.notes {
                println!("  {}  {} {:?}", note.date, note.name, note.kind);
            }
            warn_provisional(e.end.provisional);
            Ok(())
        }
        CalendarCmd::Years => {
            let years = cal.loaded_years();
            println!(
                "{}",
                years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            Ok(())
        }
        CalendarCmd::Import { .. } => Ok(()), // handled above
    }
}

/// The database when it already exists (an SQLite file that is there, or a server), without
/// creating an empty one just to read the calendar.
fn existing_store(database: &str) -> anyhow::Result<Option<disclosure_store::Store>> {
    match DatabaseUrl::parse(database)? {
        DatabaseUrl::Sqlite(path) if !path.exists() => Ok(None),
        _ => super::db_cmd::open(database).map(Some),
    }
}

/// `disclosure calendar import FILE`.
fn import(file: &str, user: Option<&str>, cal: Calendar, database: &str) -> anyhow::Result<()> {
    let text = if file == "-" {
        std::io::read_to_string(std::io::stdin().lock()).context("cannot read standard input")?
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {file}"))?
    };
    let notice = YearNotice::parse(&text).with_context(|| format!("{file}: not imported"))?;
    let services = Services::new(super::db_cmd::open(database)?, Arc::new(cal));
    services.load_imported_calendar()?;
    let actor = importing_actor(&services, user)?;
    let outcome = services
        .import_calendar_year(&actor, &notice, Clock::System.now())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if outcome.unchanged {
        println!(
            "{}: the same data is already loaded; nothing changed",
            outcome.year
        );
        return Ok(());
    }
    println!(
        "{}: imported ({} lines); {} open cases recomputed",
        outcome.year,
        notice.entries.len(),
        outcome.updated.len()
    );
    let show = |d: Option<NaiveDate>| d.map_or_else(|| "-".to_string(), |d| d.to_string());
    for u in &outcome.updated {
        println!(
            "  {}  {} -> {}{}",
            u.number,
            show(u.previous_due),
            show(u.new_due),
            if u.provisional { " provisional" } else { "" }
        );
    }
    Ok(())
}

/// Who the import is recorded under: the named user, or the only active administrator.
fn importing_actor(services: &Services, user: Option<&str>) -> anyhow::Result<Actor> {
    let user = match user {
        Some(name) => services
            .store
            .read(|c| directory::user_by_username(c, name))?
            .filter(|u| u.active)
            .with_context(|| format!("--as {name}: no active user of that name"))?,
        None => {
            let admins: Vec<User> = services
                .store
                .read(disclosure_store::calendar_imports::active_admins)?;
            match admins.as_slice() {
                [only] => only.clone(),
                [] => bail!("the database has no active administrator: give --as USERNAME"),
                _ => bail!("the database has several administrators: give --as USERNAME"),
            }
        }
    };
    let actor = actor_of(&user).map_err(|e| anyhow::anyhow!("{e}"))?;
    if !matches!(actor.role(), Some(Role::Admin | Role::Legal)) {
        bail!(
            "{}: only administrators and legal staff import the calendar",
            user.username
        );
    }
    Ok(actor)
}

fn warn_provisional(provisional: bool) {
    if provisional {
        eprintln!(
            "provisional: the period runs into a year whose official calendar is not loaded (暂定)"
        );
    }
}

/// Reads `DATE N` lines and writes one date a line; stops at the first bad line with its number.
fn batch_add(file: &str, cal: &Calendar) -> anyhow::Result<()> {
    let input: Box<dyn BufRead> = if file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(file).with_context(|| format!("cannot open {file}"))?;
        Box::new(std::io::BufReader::with_capacity(1 << 16, f))
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut buf = String::new();
    for (idx, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("line {}: cannot read input", idx + 1))?;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let result = (|| -> Result<Dated, String> {
            let (d, n) = trimmed
                .split_once(char::is_whitespace)
                .ok_or_else(|| format!("expected `DATE N`, got `{trimmed}`"))?;
            let date = parse_date(d)?;
            let n = parse_working_days(n)?;
            cal.add_working_days(date, n).map_err(|e| e.to_string())
        })();
        match result {
            Ok(r) => {
                buf.clear();
                write_date(&mut buf, r.date);
                if r.provisional {
                    buf.push_str(" provisional");
                }
                buf.push('\n');
                out.write_all(buf.as_bytes())?;
            }
            Err(e) => {
                out.flush()?;
                bail!("line {}: {e}", idx + 1);
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `YYYY-MM-DD` without going through the formatting machinery (the batch mode's hot path).
fn write_date(buf: &mut String, d: NaiveDate) {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    let digits = [(y / 1000) % 10, (y / 100) % 10, (y / 10) % 10, y % 10];
    for x in digits {
        buf.push(char::from(b'0' + x as u8));
    }
    buf.push('-');
    buf.push(char::from(b'0' + (m / 10) as u8));
    buf.push(char::from(b'0' + (m % 10) as u8));
    buf.push('-');
    buf.push(char::from(b'0' + (day / 10) as u8));
    buf.push(char::from(b'0' + (day % 10) as u8));
}
