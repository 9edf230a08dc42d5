//! The reply deadline of a case, computed from its dated facts (R-TIME-2 … R-TIME-10, R-COR-1/2).
//!
//! Nothing here is typed in by hand: the receipt date, the 补正 dates, the consultation and fee
//! pauses and the approved extension go in; the due date, whether it is provisional, and a step-by-step
//! explanation come out.
mod compute;
mod deadline;
mod explain_zh;
mod facts;

pub use compute::compute_deadline;
pub use deadline::{ClockError, ClockStatus, ClockStep, Deadline};
pub use explain_zh::date_zh;
pub use facts::{ClockFacts, CorrectionFacts, Extension, Pause, PauseReason};

/// R-TIME-3 (条例 §33 ¶1): the reply is due 20 working days after receipt.
pub const REPLY_PERIOD_WORKING_DAYS: u32 = 20;
/// R-TIME-4 (条例 §33 ¶1): one extension of at most 20 working days.
pub const MAX_EXTENSION_WORKING_DAYS: u32 = 20;
/// R-COR-1 (条例 §30): the 补正 notice goes out within 7 working days of receipt.
pub const CORRECTION_NOTICE_WORKING_DAYS: u32 = 7;
/// R-TIME-6 / R-TIME-7 (条例 §32, §34): a consulted party answers within 15 working days.
pub const CONSULTATION_WORKING_DAYS: u32 = 15;
/// R-TIME-9 (109号): the applicant pays within 20 working days from the day after the fee notice.
pub const FEE_PAYMENT_WORKING_DAYS: u32 = 20;
