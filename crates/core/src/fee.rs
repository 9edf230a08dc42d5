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

/// One band of the per-volume tariff as a fee notice spells it out (R-FEE-4, R-FEE-5: the notice
/// states the arithmetic, not only the total).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageBand {
    /// First page of the band charged here (1-based).
    pub from: u32,
    /// Last page of the band charged here.
    pub to: u32,
    /// Yuan per page in this band (0 for the free band).
    pub yuan_per_page: u64,
}

impl PageBand {
    /// Pages in the band.
    pub fn pages(&self) -> u32 {
        self.to + 1 - self.from
    }

    /// Yuan for the band.
    pub fn subtotal(&self) -> u64 {
        u64::from(self.pages()) * self.yuan_per_page
    }
}

/// R-FEE-4: `pages` split over the bands of the tariff (free 1–30, 10 yuan 31–100, 20 yuan
/// 101–200, 40 yuan from 201), only the bands the pages reach; the subtotals add up to
/// [`per_page_fee`].
pub fn per_page_bands(pages: u32) -> Vec<PageBand> {
    const BANDS: [(u32, u32, u64); 4] = [
        (1, 30, 0),
        (31, 100, 10),
        (101, 200, 20),
        (201, u32::MAX, 40),
    ];
    BANDS
        .iter()
        .filter(|(from, _, _)| pages >= *from)
        .map(|&(from, to, yuan_per_page)| PageBand {
            from,
            to: to.min(pages),
            yuan_per_page,
        })
        .collect()
}

#[cfg(test)]
mod band_tests {
    use super::*;

    #[test]
    fn r_fee_4_bands_of_150_pages_are_30_free_70_at_10_and_50_at_20() {
        // Worked by hand: 70 × 10 + 50 × 20 = 1700.
        let bands = per_page_bands(150);
        assert_eq!(
            bands,
            vec![
                PageBand {
                    from: 1,
                    to: 30,
                    yuan_per_page: 0
                },
                PageBand {
                    from: 31,
                    to: 100,
                    yuan_per_page: 10
                },
                PageBand {
                    from: 101,
                    to: 150,
                    yuan_per_page: 20
                },
            ]
        );
        assert_eq!(bands.iter().map(PageBand::subtotal).sum::<u64>(), 1700);
        assert_eq!(per_page_fee(150), 1700);
    }

    #[test]
    fn r_fee_4_bands_always_add_up_to_the_fee() {
        for pages in [0, 1, 30, 31, 100, 101, 200, 201, 250, 1000] {
            let sum: u64 = per_page_bands(pages).iter().map(PageBand::subtotal).sum();
            assert_eq!(sum, per_page_fee(pages), "{pages} pages");
        }
    }
}
