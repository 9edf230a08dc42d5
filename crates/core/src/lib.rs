//! The domain of on-request government information disclosure (政府信息依申请公开): pure rules, no
//! I/O, no database, no clock reads — every date comes in as an argument.
//!
//! Rule ids such as `R-TIME-4` refer to the project's legal rule book (`../shared/domain/rules.md`,
//! copied into `docs/rules.md`), which cites the 条例 article behind each rule.
#![forbid(unsafe_code)]

pub mod clock;
pub mod receipt;

pub use disclosure_calendar as calendar;
