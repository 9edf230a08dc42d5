//! The domain of on-request government information disclosure (政府信息依申请公开): pure rules, no
//! I/O, no database, no clock reads — every date comes in as an argument.
//!
//! Rule ids such as `R-TIME-4` refer to the project's legal rule book (`docs/domain/rules.md`), which
//! cites the 条例 article behind each rule.
#![forbid(unsafe_code)]

pub mod actor;
pub mod applicant;
pub mod case;
pub mod citation;
pub mod clock;
pub mod fee;
pub mod messages_zh;
pub mod outcome;
pub mod reasons;
pub mod receipt;
pub mod report;
pub mod values;

pub use disclosure_calendar as calendar;
