//! `disclosure migrate`, `disclosure backup PATH`, `disclosure audit verify`: the database commands.
use std::path::Path;

use anyhow::{bail, Context};
use clap::Subcommand;
use disclosure_store::{DatabaseUrl, Store};

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Check every case's hash chain; print `ok N events` or the first broken link (exit 1).
    Verify,
}

/// Opens (creating and migrating) the database named on the command line or in the configuration.
pub fn open(url: &str) -> anyhow::Result<Store> {
    let url = DatabaseUrl::parse(url)?;
    Store::open(&url).with_context(|| format!("database {}", url.redacted()))
}

pub fn migrate(url: &str) -> anyhow::Result<()> {
    let parsed = DatabaseUrl::parse(url)?;
    let store = open(url)?;
    // `open` already applied what was pending; report the state.
    println!("migrations: up to date ({})", parsed.redacted());
    drop(store);
    Ok(())
}

pub fn backup(url: &str, target: &Path) -> anyhow::Result<()> {
    let store = open(url)?;
    store
        .backup_to(target)
        .with_context(|| format!("backup to {}", target.display()))?;
    println!("backup written to {}", target.display());
    Ok(())
}

pub fn audit(url: &str, cmd: &AuditCmd) -> anyhow::Result<()> {
    match cmd {
        AuditCmd::Verify => {
            let report = open(url)?.verify_all_chains()?;
            match report.first_broken {
                None => {
                    println!("ok {} events", report.events_checked);
                    Ok(())
                }
                Some(b) => bail!(
                    "broken chain: case {} event {}: {}",
                    b.case_id,
                    b.seq,
                    b.reason
                ),
            }
        }
    }
}
