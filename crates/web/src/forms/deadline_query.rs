//! The deadline calculator's input (期限计算器), shared by the page and the API.
use chrono::NaiveDate;
use disclosure_calendar::parse_iso_date;
use disclosure_core::clock::{
    ClockFacts, CorrectionFacts, Extension, Pause, PauseReason, MAX_EXTENSION_WORKING_DAYS,
};
use serde::Deserialize;

use crate::AppError;

/// Every field is optional text (dates `YYYY-MM-DD`): browsers send empty strings for empty inputs.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    pub received: Option<String>,
    pub correction_requested: Option<String>,
    pub correction_received: Option<String>,
    pub consult_from: Option<String>,
    pub consult_until: Option<String>,
    pub fee_from: Option<String>,
    pub fee_until: Option<String>,
    pub pause_from: Option<String>,
    pub pause_until: Option<String>,
    pub extension_days: Option<String>,
    pub approver: Option<String>,
    pub approved_on: Option<String>,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn date(field: &str, v: &Option<String>) -> Result<Option<NaiveDate>, AppError> {
    match present(v) {
        None => Ok(None),
        Some(s) => parse_iso_date(s)
            .map(Some)
            .ok_or_else(|| AppError::bad_request("invalid_date", format!("{field}: `{s}`"))),
    }
}

fn period(
    field: &str,
    from: &Option<String>,
    until: &Option<String>,
    open_allowed: bool,
) -> Result<Option<(NaiveDate, Option<NaiveDate>)>, AppError> {
    match (date(field, from)?, date(field, until)?) {
        (None, None) => Ok(None),
        (Some(f), u) if u.is_some() || open_allowed => Ok(Some((f, u))),
        _ => Err(AppError::bad_request(
            "incomplete_period",
            field.to_string(),
        )),
    }
}

impl DeadlineQuery {
    /// Whether the form was submitted at all (an empty form is just shown).
    pub fn is_empty(&self) -> bool {
        present(&self.received).is_none()
    }

    /// The clock facts, or the first thing wrong with the input.
    pub fn to_facts(&self) -> Result<ClockFacts, AppError> {
        let received = date("received", &self.received)?
            .ok_or_else(|| AppError::bad_request("missing_received_date", "received"))?;
        let correction = period(
            "correction",
            &self.correction_requested,
            &self.correction_received,
            true,
        )?
        .map(|(requested, received)| CorrectionFacts {
            requested,
            received,
        });
        let mut pauses = Vec::new();
        for (field, from, until, reason, open) in [
            (
                "consult",
                &self.consult_from,
                &self.consult_until,
                PauseReason::ThirdPartyConsultation,
                true,
            ),
            (
                "fee",
                &self.fee_from,
                &self.fee_until,
                PauseReason::FeePayment,
                true,
            ),
            (
                "pause",
                &self.pause_from,
                &self.pause_until,
                PauseReason::Other,
                false,
            ),
        ] {
            if let Some((from, until)) = period(field, from, until, open)? {
                pauses.push(Pause {
                    reason,
                    from,
                    until,
                });
            }
        }
        let extension = match present(&self.extension_days) {
            None => None,
            Some(s) => {
                let days = s
                    .parse::<u32>()
                    .ok()
                    .filter(|d| (1..=MAX_EXTENSION_WORKING_DAYS).contains(d))
                    .ok_or_else(|| {
                        AppError::bad_request(
                            "invalid_working_days",
                            format!("extension_days: `{s}`"),
                        )
                    })?;
                Some(Extension {
                    days,
                    approver: present(&self.approver).unwrap_or_default().to_string(),
                    approved_on: date("approved_on", &self.approved_on)?,
                })
            }
        };
        Ok(ClockFacts {
            received,
            correction,
            pauses,
            extension,
            deferred_until: None,
        })
    }
}
