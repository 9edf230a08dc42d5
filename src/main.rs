//! `disclosure` — the command line of the case-management system for on-request government
//! information disclosure (政府信息依申请公开). Errors are reported here, at the binary's edge.
#![forbid(unsafe_code)]

mod cli;
mod config;
mod logging;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => return cli::report_usage_error(&e),
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line that says what was wrong, as auditors' scripts expect.
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
