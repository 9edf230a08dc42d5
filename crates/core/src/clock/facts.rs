use chrono::NaiveDate;

/// The dated facts of one case that move its reply deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockFacts {
    /// The receipt date (条例 §31, see [`crate::receipt`]).
    pub received: NaiveDate,
    /// The one 补正 of the case, if any (R-COR-1: only once).
    pub correction: Option<CorrectionFacts>,
    /// Consultations and fee waits (R-TIME-5, R-TIME-9), in any order.
    pub pauses: Vec<Pause>,
    /// The one approved extension, if any (R-TIME-4).
    pub extension: Option<Extension>,
    /// R-TIME-8 (条例 §35): a later reply date the agency fixed and told the applicant, when a
    /// reasonable mass of requests cannot be answered within §33. A date, not working days.
    pub deferred_until: Option<NaiveDate>,
}

/// The 补正 notice and, once it arrives, the corrected application (R-COR-1, R-COR-2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionFacts {
    /// The day the 补正告知书 went out.
    pub requested: NaiveDate,
    /// The day the corrected application was received; the 20 days restart from it.
    pub received: Option<NaiveDate>,
}

/// Why the clock stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PauseReason {
    /// 征求第三方意见 (条例 §32): ends on the answer, or when the 15-working-day window lapses.
    ThirdPartyConsultation,
    /// 征求其他机关意见 (条例 §34; not counted per §33 ¶2): same window; silence counts as consent.
    AgencyConsultation,
    /// Waiting for the information-processing fee (R-TIME-9, the project's rule): ends on payment.
    FeePayment,
    /// Any other pause the law provides, with an explicit end (e.g. given on the CLI).
    Other,
}

/// One period during which the reply clock does not run: the working days in `(from, until]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pause {
    pub reason: PauseReason,
    /// The day the 征求意见书 or 收费通知书 was sent (it is still counted).
    pub from: NaiveDate,
    /// The day of the answer or payment; `None` while it is outstanding.
    pub until: Option<NaiveDate>,
}

/// The one extension of R-TIME-4, approved by the head of the office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// Working days added, 1..=20.
    pub days: u32,
    /// The approver (政府信息公开工作机构负责人) who consented.
    pub approver: String,
    /// The day of approval, when known: it must not be after the original due date.
    pub approved_on: Option<NaiveDate>,
}
