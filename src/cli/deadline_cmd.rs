//! `disclosure deadline …`: the reply deadline from a case's dated facts, with its explanation.
use chrono::NaiveDate;
use clap::Args;
use disclosure_calendar::Calendar;
use disclosure_core::clock::{
    compute_deadline, ClockFacts, ClockStatus, CorrectionFacts, Extension, Pause, PauseReason,
};

use super::args::{parse_date, parse_date_pair};

#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// The receipt date (收到申请之日, 条例第三十一条).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    received: NaiveDate,
    /// 补正: the day the notice went out and the day the corrected application arrived.
    #[arg(long, value_name = "REQUESTED,RECEIVED", value_parser = |s: &str| parse_date_pair(s, false))]
    correction: Option<(NaiveDate, Option<NaiveDate>)>,
    /// A pause in the clock: the working days in (FROM, TO] are not counted. Repeatable.
    #[arg(long, value_name = "FROM,TO", value_parser = |s: &str| parse_date_pair(s, false))]
    pause: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// A third-party consultation (条例第三十二条): sent, and answered if it was; ends at the latest
    /// when its 15-working-day window lapses. Repeatable.
    #[arg(long, value_name = "SENT[,ANSWERED]", value_parser = |s: &str| parse_date_pair(s, true))]
    consult: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// A fee notice and, if paid, the payment date (国办函〔2020〕109号). Repeatable.
    #[arg(long, value_name = "NOTICED[,PAID]", value_parser = |s: &str| parse_date_pair(s, true))]
    fee: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// An approved extension of N working days (at most 20, 条例第三十三条).
    #[arg(long, value_name = "N", requires = "approver", value_parser = super::args::parse_working_days)]
    extend: Option<u32>,
    /// Who approved the extension (政府信息公开工作机构负责人).
    #[arg(long, value_name = "NAME", requires = "extend")]
    approver: Option<String>,
    /// The day the extension was approved (must not be after the original due date).
    #[arg(long, value_name = "DATE", requires = "extend", value_parser = parse_date)]
    approved_on: Option<NaiveDate>,
}

pub fn run(a: &DeadlineArgs, cal: &Calendar) -> anyhow::Result<()> {
    let pauses = a
        .pause
        .iter()
        .map(|p| (PauseReason::Other, p))
        .chain(
            a.consult
                .iter()
                .map(|p| (PauseReason::ThirdPartyConsultation, p)),
        )
        .chain(a.fee.iter().map(|p| (PauseReason::FeePayment, p)))
        .map(|(reason, &(from, until))| Pause {
            reason,
            from,
            until,
        })
        .collect();
    let facts = ClockFacts {
        received: a.received,
        correction: a.correction.map(|(requested, received)| CorrectionFacts {
            requested,
            received,
        }),
        pauses,
        extension: a.extend.map(|days| Extension {
            days,
            approver: a.approver.clone().unwrap_or_default(),
            approved_on: a.approved_on,
        }),
        deferred_until: None,
    };
    let deadline = compute_deadline(&facts, cal)?;
    match (deadline.due, deadline.status) {
        (Some(due), _) => println!("{}", due.date),
        (None, ClockStatus::AwaitingCorrection) => println!("awaiting-correction"),
        (None, _) => println!("paused"),
    }
    for line in deadline.explain_zh() {
        println!("  {line}");
    }
    Ok(())
}
