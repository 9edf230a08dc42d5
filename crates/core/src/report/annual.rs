//! Tables 三 and 四 of the annual report (`docs/domain/annual-report.md`), with the identity
//! 「第一项 + 第二项 = 第三项 + 第四项」 checked per column.
use chrono::{Datelike, NaiveDate};

use crate::applicant::ApplicantKind;
use crate::case::{Case, Review, ReviewKind, ReviewResult};
use crate::outcome::{NotProcessedGround, OtherGround, Outcome, UnavailableGround, WithholdGround};

/// What the report needs of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCase {
    /// How the case is named in an identity breach (its number).
    pub reference: String,
    pub kind: ApplicantKind,
    /// The first receipt date (R-APP-2), even after a correction.
    pub received: NaiveDate,
    /// When and how it concluded.
    pub concluded: Option<(NaiveDate, Outcome)>,
}

impl ReportCase {
    /// From a folded case; `None` for a case not registered.
    pub fn from_case(reference: &str, case: &Case) -> Option<Self> {
        let app = case.application.as_ref()?;
        Some(Self {
            reference: reference.to_string(),
            kind: app.applicant.kind,
            received: case.receipt_date?,
            concluded: case.concluded_on.zip(case.outcome),
        })
    }
}

/// Columns: the six applicant kinds in the table's order, then 总计.
pub const COLUMNS: usize = 7;

/// One row of table 三: its label, its indentation level (0–2), and one count per column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: &'static str,
    pub level: u8,
    pub counts: [u64; COLUMNS],
}

/// Table 三 「收到和处理政府信息公开申请情况」.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table3 {
    pub year: i32,
    pub rows: Vec<Row>,
    /// Cases whose dates break 「一 + 二 = 三（七） + 四」 (e.g. concluded before received).
    pub identity_breaches: Vec<String>,
}

/// The outcome rows in the table's order: (label, level, matcher).
type Matcher = fn(&Outcome) -> bool;
const OUTCOME_ROWS: &[(&str, u8, Matcher)] = &[
    ("（一）予以公开", 1, |o| {
        matches!(o, Outcome::Disclosed(_))
    }),
    (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        1,
        |o| matches!(o, Outcome::PartiallyDisclosed),
    ),
    ("（三）不予公开", 1, |o| {
        matches!(o, Outcome::Withheld(_))
    }),
    ("1.属于国家秘密", 2, |o| {
        *o == Outcome::Withheld(WithholdGround::StateSecret)
    }),
    ("2.其他法律行政法规禁止公开", 2, |o| {
        *o == Outcome::Withheld(WithholdGround::ForbiddenByLaw)
    }),
    ("3.危及“三安全一稳定”", 2, |o| {
        *o == Outcome::Withheld(WithholdGround::Endangers)
    }),
    ("4.保护第三方合法权益", 2, |o| {
        *o == Outcome::Withheld(WithholdGround::ThirdPartyRights)
    }),
    ("5.属于三类内部事务信息", 2, |o| {
        *o == Outcome::Withheld(WithholdGround::InternalAffairs)
    }),
    ("6.属于四类过程性信息", 2, |o| {
        *o == Outcome::Withheld(WithholdGround::ProcessInformation)
    }),
    ("7.属于行政执法案卷", 2, |o| {
        *o == Outcome::Withheld(WithholdGround::EnforcementFile)
    }),
    ("8.属于行政查询事项", 2, |o| {
        *o == Outcome::Withheld(WithholdGround::AdministrativeQuery)
    }),
    ("（四）无法提供", 1, |o| {
        matches!(o, Outcome::Unavailable(_))
    }),
    ("1.本机关不掌握相关政府信息", 2, |o| {
        matches!(
            o,
            Outcome::Unavailable(
                UnavailableGround::DoesNotExist | UnavailableGround::NotThisAgency
            )
        )
    }),
    ("2.没有现成信息需要另行制作", 2, |o| {
        *o == Outcome::Unavailable(UnavailableGround::NeedsCreation)
    }),
    ("3.补正后申请内容仍不明确", 2, |o| {
        *o == Outcome::Unavailable(UnavailableGround::UnclearAfterCorrection)
    }),
    ("（五）不予处理", 1, |o| {
        matches!(o, Outcome::NotProcessed(_))
    }),
    ("1.信访举报投诉类申请", 2, |o| {
        *o == Outcome::NotProcessed(NotProcessedGround::Petition)
    }),
    ("2.重复申请", 2, |o| {
        *o == Outcome::NotProcessed(NotProcessedGround::Repeated)
    }),
    ("3.要求提供公开出版物", 2, |o| {
        *o == Outcome::NotProcessed(NotProcessedGround::Publication)
    }),
    ("4.无正当理由大量反复申请", 2, |o| {
        *o == Outcome::NotProcessed(NotProcessedGround::Excessive)
    }),
    (
        "5.要求行政机关确认或重新出具已获取信息",
        2,
        |o| *o == Outcome::NotProcessed(NotProcessedGround::ConfirmOrReissue),
    ),
    ("（六）其他处理", 1, |o| {
        matches!(o, Outcome::Other(_))
    }),
    (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        2,
        |o| *o == Outcome::Other(OtherGround::CorrectionLapsed),
    ),
    (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        2,
        |o| *o == Outcome::Other(OtherGround::FeeLapsed),
    ),
    ("3.其他", 2, |o| *o == Outcome::Other(OtherGround::Other)),
    ("（七）总计", 1, |_| true),
];

fn column(kind: ApplicantKind) -> usize {
    match kind {
        ApplicantKind::NaturalPerson => 0,
        ApplicantKind::Business => 1,
        ApplicantKind::Research => 2,
        ApplicantKind::PublicInterest => 3,
        ApplicantKind::LegalService => 4,
        ApplicantKind::OtherOrganisation => 5,
    }
}

/// Computes table 三 for `year` in one pass over the cases.
pub fn table3<'a>(year: i32, cases: impl IntoIterator<Item = &'a ReportCase>) -> Table3 {
    table3_weighted(year, cases.into_iter().map(|c| (c, 1)))
}

/// Table 三 over cases each standing for `weight` cases alike (same applicant kind, same dates as
/// far as the year can tell, same outcome): what the database's `GROUP BY` gives, so a year of a
/// million-case agency is a few dozen rows. A breach is named once whatever its weight.
pub fn table3_weighted<'a>(
    year: i32,
    cases: impl IntoIterator<Item = (&'a ReportCase, u64)>,
) -> Table3 {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    let mut new = [0u64; COLUMNS];
    let mut carried = [0u64; COLUMNS];
    let mut forward = [0u64; COLUMNS];
    let mut results = vec![[0u64; COLUMNS]; OUTCOME_ROWS.len()];
    let mut breaches = Vec::new();
    let bump = |row: &mut [u64; COLUMNS], col: usize, n: u64| {
        row[col] += n;
        row[COLUMNS - 1] += n;
    };
    for (c, n) in cases {
        let col = column(c.kind);
        let concluded_on = c.concluded.map(|(d, _)| d);
        if concluded_on.is_some_and(|d| d < c.received) {
            breaches.push(c.reference.clone());
            continue;
        }
        if c.received.year() == year {
            bump(&mut new, col, n);
        }
        if c.received < first && concluded_on.is_none_or(|d| d >= first) {
            bump(&mut carried, col, n);
        }
        if c.received <= last && concluded_on.is_none_or(|d| d > last) {
            bump(&mut forward, col, n);
        }
        if let Some((d, outcome)) = c.concluded {
            if d.year() == year {
                for (i, (_, _, matches)) in OUTCOME_ROWS.iter().enumerate() {
                    if matches(&outcome) {
                        bump(&mut results[i], col, n);
                    }
                }
            }
        }
    }
    let mut rows = vec![
        Row {
            label: "一、本年新收政府信息公开申请数量",
            level: 0,
            counts: new,
        },
        Row {
            label: "二、上年结转政府信息公开申请数量",
            level: 0,
            counts: carried,
        },
        Row {
            label: "三、本年度办理结果",
            level: 0,
            counts: [0; COLUMNS],
        },
    ];
    rows.extend(
        OUTCOME_ROWS
            .iter()
            .zip(results)
            .map(|(&(label, level, _), counts)| Row {
                label,
                level,
                counts,
            }),
    );
    rows.push(Row {
        label: "四、结转下年度继续办理",
        level: 0,
        counts: forward,
    });
    let total = rows[rows.len() - 2].counts;
    let balanced = (0..COLUMNS).all(|i| new[i] + carried[i] == total[i] + forward[i]);
    if !balanced && breaches.is_empty() {
        breaches.push("（合计不平衡）".to_string());
    }
    Table3 {
        year,
        rows,
        identity_breaches: breaches,
    }
}

/// The 15 numbers of table 四: 行政复议, then 行政诉讼 未经复议直接起诉, then 复议后起诉; each as
/// 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
pub fn table4<'a>(year: i32, reviews: impl IntoIterator<Item = &'a Review>) -> [u64; 15] {
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    let mut out = [0u64; 15];
    for r in reviews.into_iter().filter(|r| r.filed_on.year() == year) {
        let block = match r.kind {
            ReviewKind::Reconsideration => 0,
            ReviewKind::LitigationDirect => 5,
            ReviewKind::LitigationAfterReconsideration => 10,
        };
        let decided_in_time = r.decided_on.is_some_and(|d| d <= last);
        let slot = match r.result {
            ReviewResult::Upheld if decided_in_time => 0,
            ReviewResult::Corrected if decided_in_time => 1,
            ReviewResult::Other if decided_in_time => 2,
            _ => 3,
        };
        out[block + slot] += 1;
        out[block + 4] += 1;
    }
    out
}
