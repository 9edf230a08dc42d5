//! R-REV-2 (潼南 2019): legal staff keep the share of 行政复议 and 行政诉讼 the agency loses within a
//! target (2 %). Computed from table 四, so the figure and the statutory table never disagree.

/// The target share of decided reviews that go against the agency (R-REV-2).
pub const TARGET_PERCENT: u64 = 2;

/// One kind of review: how many were decided in the year and how many corrected the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LossRate {
    /// 结果纠正 (for litigation: the agency lost).
    pub corrected: u64,
    /// 结果维持 + 结果纠正 + 其他结果 (尚未审结 is not decided).
    pub decided: u64,
}

impl LossRate {
    /// The share in per mille, rounded half up; `None` when nothing was decided.
    pub fn per_mille(&self) -> Option<u64> {
        (self.decided > 0).then(|| (self.corrected * 1000 * 2 + self.decided) / (self.decided * 2))
    }

    /// Whether the share exceeds [`TARGET_PERCENT`] (exact comparison, no rounding).
    pub fn above_target(&self) -> bool {
        self.corrected * 100 > TARGET_PERCENT * self.decided
    }

    /// `1.5%`, or `—` when nothing was decided.
    pub fn percent_zh(&self) -> String {
        self.per_mille()
            .map_or_else(|| "—".to_string(), |m| format!("{}.{}%", m / 10, m % 10))
    }
}

/// 行政复议纠错率 and 行政诉讼败诉率 (both litigation columns together) of one table 四.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewRates {
    pub reconsideration: LossRate,
    pub litigation: LossRate,
}

/// The rates from table 四's 15 numbers (see [`super::annual::table4`]: per block 维持, 纠正, 其他,
/// 尚未审结, 总计).
pub fn review_rates(table4: &[u64; 15]) -> ReviewRates {
    let block = |b: usize| LossRate {
        corrected: table4[b + 1],
        decided: table4[b] + table4[b + 1] + table4[b + 2],
    };
    let direct = block(5);
    let after = block(10);
    ReviewRates {
        reconsideration: block(0),
        litigation: LossRate {
            corrected: direct.corrected + after.corrected,
            decided: direct.decided + after.decided,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_rev_2_rates_count_decided_reviews_only_and_compare_exactly_with_two_percent() {
        // 复议: 40 维持, 1 纠正, 9 其他, 5 尚未审结 → 1 of 50 decided = 2.0 %, not above target.
        // 诉讼: direct 30/2/0/1, after 复议 17/0/1/0 → 2 of 50 = 4.0 %, above target.
        let t = [40, 1, 9, 5, 55, 30, 2, 0, 1, 33, 17, 0, 1, 0, 18];
        let r = review_rates(&t);
        assert_eq!(
            r.reconsideration,
            LossRate {
                corrected: 1,
                decided: 50
            }
        );
        assert_eq!(r.reconsideration.percent_zh(), "2.0%");
        assert!(!r.reconsideration.above_target());
        assert_eq!(
            r.litigation,
            LossRate {
                corrected: 2,
                decided: 50
            }
        );
        assert_eq!(r.litigation.percent_zh(), "4.0%");
        assert!(r.litigation.above_target());
        // 1 of 3 = 33.3 %; nothing decided → no rate.
        let one_in_three = LossRate {
            corrected: 1,
            decided: 3,
        };
        assert_eq!(one_in_three.percent_zh(), "33.3%");
        let none = review_rates(&[0, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(none.reconsideration.per_mille(), None);
        assert_eq!(none.reconsideration.percent_zh(), "—");
        assert!(!none.reconsideration.above_target());
    }
}
