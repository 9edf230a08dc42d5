//! The information-processing fee (信息处理费), 条例 §42 and 国办函〔2020〕109号 (R-FEE-1 … R-FEE-5).
//!
//! Providing information is free; only when volume or frequency clearly exceeds a reasonable range
//! may the agency charge, per item **or** per volume (never both), progressively. Amounts are whole
//! yuan.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The one basis chosen for an application (R-FEE-2): the enum makes "both" unrepresentable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum FeeBasis {
    /// 按件: this is the applicant's `nth` application to the agency in the natural month.
    PerItem { nth: u32 },
    /// 按量: pages of paper, e-mail or copied electronic data.
    PerPage { pages: u32 },
}

impl FeeBasis {
    /// The fee in yuan.
    pub fn amount(&self) -> u64 {
        match *self {
            Self::PerItem { nth } => per_item_fee(nth),
            Self::PerPage { pages } => per_page_fee(pages),
        }
    }
}

/// R-FEE-3: the fee for the applicant's `nth` application (1-based) in one natural month: 1st–10th
/// free; 11th–30th 100 yuan; from the 31st in bands of 10, each band 100 yuan more (31–40: 200,
/// 41–50: 300, …).
pub fn per_item_fee(nth: u32) -> u64 {
    match nth {
        0..=10 => 0,
        11..=30 => 100,
        n => 100 * (2 + u64::from(n - 31) / 10),
    }
}

/// R-FEE-4: the fee for `pages` pages, progressive (超额累进): pages 1–30 free, 31–100 10 yuan each,
/// 101–200 20 yuan each, from 201 40 yuan each.
pub fn per_page_fee(pages: u32) -> u64 {
    let p = u64::from(pages);
    let band = |from: u64, to: u64| p.min(to).saturating_sub(from - 1);
    10 * band(31, 100) + 20 * band(101, 200) + 40 * p.saturating_sub(200)
}

/// R-FEE-3: which application of the month `at` is, given the dates of the same applicant's earlier
/// applications to the agency (any order; other months ignored). The count restarts each calendar
/// month.
pub fn nth_in_natural_month(earlier: &[NaiveDate], at: NaiveDate) -> u32 {
    let same_month = earlier
        .iter()
        .filter(|d| d.year() == at.year() && d.month() == at.month() && **d <= at)
        .count();
    u32::try_from(same_month)
        .unwrap_or(u32::MAX)
        .saturating_add(1)
}
