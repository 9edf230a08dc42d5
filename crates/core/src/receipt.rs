//! The receipt date of an application (收到申请之日), fixed by how it arrived (R-APP-2, 条例 §31).
//!
//! Every deadline of a case counts from this date, so it is derived from the dated facts a clerk
//! records, never typed in directly.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The electronic channels of 条例 §31(3): the receipt date is the day both sides confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElectronicChannel {
    /// The agency's online application platform (在线申请).
    Online,
    /// E-mail (电子邮件).
    Email,
    /// The agency's fax (传真).
    Fax,
}

/// The facts a clerk records on arrival, one shape per channel of 条例 §31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum ReceiptFacts {
    /// §31(1): handed in at the reception point — the day it is handed in.
    InPerson { handed_in: NaiveDate },
    /// §31(2): post that needs a signature (挂号, EMS…) — the day the agency signs for it.
    SignedPost { signed_for: NaiveDate },
    /// §31(2): a plain letter (平常信函) — the day the office confirms with the applicant, which the
    /// office must do on the day the letter arrives.
    PlainLetter {
        arrived: NaiveDate,
        confirmed: NaiveDate,
    },
    /// §31(3): online, e-mail or fax — the day both sides confirm (双方确认之日).
    Electronic {
        channel: ElectronicChannel,
        submitted: NaiveDate,
        confirmed: NaiveDate,
    },
}

/// Which paragraph of §31 fixed the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptBasis {
    HandedIn,
    SignedFor,
    ConfirmedWithApplicant,
    ConfirmedByBothSides(ElectronicChannel),
}

/// The receipt date and how it was fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt {
    pub date: NaiveDate,
    pub basis: ReceiptBasis,
    /// A plain letter confirmed after the day it arrived: R-APP-2 wants confirmation on the day of
    /// arrival, so this is a compliance breach shown to legal staff (the date still follows §31).
    pub confirmed_late: bool,
}

/// Dated facts that contradict each other.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    #[error("R-APP-2 (条例第三十一条): confirmation {confirmed} is before the application arrived on {arrived}")]
    ConfirmedBeforeArrival {
        arrived: NaiveDate,
        confirmed: NaiveDate,
    },
}

/// Every channel, by its stable code and the name a clerk knows it by, for forms and filters.
pub const CHANNELS: [(&str, &str); 6] = [
    ("in_person", "当面提交"),
    ("signed_post", "邮寄（挂号/EMS等需签收）"),
    ("plain_letter", "平常信函"),
    ("online", "在线申请"),
    ("email", "电子邮件"),
    ("fax", "传真"),
];

impl ReceiptFacts {
    /// The channel it came by, as a stable code of [`CHANNELS`] (lists filter on it).
    pub fn channel_code(&self) -> &'static str {
        match self {
            Self::InPerson { .. } => "in_person",
            Self::SignedPost { .. } => "signed_post",
            Self::PlainLetter { .. } => "plain_letter",
            Self::Electronic { channel, .. } => match channel {
                ElectronicChannel::Online => "online",
                ElectronicChannel::Email => "email",
                ElectronicChannel::Fax => "fax",
            },
        }
    }

    /// The receipt date per 条例 §31 (R-APP-2).
    pub fn receipt(&self) -> Result<Receipt, ReceiptError> {
        let (date, basis, confirmed_late) = match *self {
            Self::InPerson { handed_in } => (handed_in, ReceiptBasis::HandedIn, false),
            Self::SignedPost { signed_for } => (signed_for, ReceiptBasis::SignedFor, false),
            Self::PlainLetter { arrived, confirmed } => {
                check_order(arrived, confirmed)?;
                (
                    confirmed,
                    ReceiptBasis::ConfirmedWithApplicant,
                    confirmed > arrived,
                )
            }
            Self::Electronic {
                channel,
                submitted,
                confirmed,
            } => {
                check_order(submitted, confirmed)?;
                (
                    confirmed,
                    ReceiptBasis::ConfirmedByBothSides(channel),
                    false,
                )
            }
        };
        Ok(Receipt {
            date,
            basis,
            confirmed_late,
        })
    }
}

fn check_order(arrived: NaiveDate, confirmed: NaiveDate) -> Result<(), ReceiptError> {
    if confirmed < arrived {
        return Err(ReceiptError::ConfirmedBeforeArrival { arrived, confirmed });
    }
    Ok(())
}
