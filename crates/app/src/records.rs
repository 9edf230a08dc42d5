//! Between the domain's events and the store's rows.
use chrono::NaiveDateTime;
use disclosure_calendar::Calendar;
use disclosure_core::actor::Actor;
use disclosure_core::case::{Case, Event, Stage};
use disclosure_store::model::{NewEvent, Projection, ReportFacts, StoredEvent};

use crate::ServiceError;

/// A domain event as the store keeps it, with who recorded it and when.
pub fn to_new_event(e: &Event, actor: &Actor, at: NaiveDateTime) -> Result<NewEvent, ServiceError> {
    Ok(NewEvent {
        kind: e.kind().to_string(),
        payload: serde_json::to_value(e).map_err(|err| ServiceError::Corrupt(err.to_string()))?,
        actor_id: match actor {
            Actor::Staff { user_id, .. } => user_id.clone(),
            Actor::Portal { .. } => "portal".to_string(),
        },
        actor_name: actor.display_name().to_string(),
        recorded_at: at,
    })
}

/// A stored event back as a domain event.
pub fn to_event(s: &StoredEvent) -> Result<Event, ServiceError> {
    serde_json::from_str(&s.payload)
        .map_err(|e| ServiceError::Corrupt(format!("event {} of case {}: {e}", s.seq, s.case_id)))
}

/// The stage as stored in `cases.stage` (its serde name).
pub fn stage_text(stage: Stage) -> String {
    serde_json::to_value(stage)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The projection row of a case, recomputed from its events and the calendar.
pub fn projection(case: &Case, cal: &Calendar) -> Result<Projection, ServiceError> {
    let receipt_date = case
        .receipt_date
        .ok_or_else(|| ServiceError::Corrupt("a case without a receipt date".into()))?;
    let deadline = match case.deadline(cal) {
        Some(Ok(d)) if !case.stage.is_some_and(|s| s.is_concluded()) => Some(d),
        _ => None,
    };
    Ok(Projection {
        stage: case.stage.map(stage_text).unwrap_or_default(),
        receipt_date,
        due_date: deadline.as_ref().and_then(|d| d.due.map(|x| x.date)),
        provisional: deadline.as_ref().is_some_and(|d| d.provisional),
        assignee_id: case.assignee.as_ref().map(|(id, _)| id.clone()),
        outcome: case.outcome.and_then(|o| serde_json::to_string(&o).ok()),
        handling_state: (case.stage == Some(Stage::Handling)).then(|| {
            serde_json::to_value(case.handling_state())
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        }),
        channel: case
            .application
            .as_ref()
            .map(|a| a.receipt.channel_code().to_string()),
        request_text: case.application.as_ref().map(|a| a.description.clone()),
        report: report_facts(case),
    })
}

/// What the annual report reads of a case beyond its receipt date and outcome (R-REP-1), kept in
/// `report_facts` with the projection.
pub fn report_facts(case: &Case) -> ReportFacts {
    ReportFacts {
        applicant_kind: case.application.as_ref().and_then(|a| {
            serde_json::to_value(a.applicant.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
        }),
        concluded_on: case.concluded_on,
        reviews: (!case.reviews.is_empty())
            .then(|| serde_json::to_string(&case.reviews).ok())
            .flatten(),
    }
}
