//! `disclosure fee …`: the information-processing fee of 国办函〔2020〕109号 (R-FEE-3, R-FEE-4).
use clap::Subcommand;
use disclosure_core::fee::{per_item_fee, per_page_fee};

#[derive(Debug, Subcommand)]
pub enum FeeCmd {
    /// Fee in yuan for the applicant's K-th application to the agency in one natural month.
    PerItem {
        #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=100_000))]
        nth: u32,
    },
    /// Fee in yuan for P pages (progressive tiers).
    PerPage {
        #[arg(long, value_name = "P", value_parser = clap::value_parser!(u32).range(0..=10_000_000))]
        pages: u32,
    },
}

pub fn run(cmd: &FeeCmd) {
    let yuan = match *cmd {
        FeeCmd::PerItem { nth } => per_item_fee(nth),
        FeeCmd::PerPage { pages } => per_page_fee(pages),
    };
    println!("{yuan}");
}
