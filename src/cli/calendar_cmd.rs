//! `disclosure calendar …`: working-day arithmetic for officers and auditors.
use std::io::{BufRead, BufWriter, Write};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::Subcommand;
use disclosure_calendar::{Calendar, Dated};

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
}

pub fn run(cmd: CalendarCmd, cal: &Calendar) -> anyhow::Result<()> {
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
    }
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
