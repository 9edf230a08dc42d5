//! Which commands a role may give a case in its current stage: what the pages offer as actions.
//! `decide` stays the authority (an offered action can still be refused, e.g. for a missing field);
//! this only keeps pages from offering what can never succeed.
use super::{Case, Stage};
use crate::actor::Role;

/// Command names (as [`super::Command::name`]) with the roles and stages that permit them.
const TABLE: &[(&str, &[Role], &[Stage])] = {
    use Role::*;
    use Stage::*;
    &[
        (
            "assign",
            &[Approver, Clerk],
            &[
                Registered,
                UnderReview,
                AwaitingCorrection,
                Handling,
                ReplyDrafted,
                ReplyApproved,
            ],
        ),
        ("request_correction", &[Officer], &[Registered, UnderReview]),
        (
            "receive_correction",
            &[Officer, Clerk],
            &[AwaitingCorrection],
        ),
        ("correction_lapsed", &[Officer], &[AwaitingCorrection]),
        ("accept", &[Officer], &[Registered, UnderReview]),
        ("dismiss", &[Officer], &[Registered, UnderReview, Handling]),
        ("record_search", &[Officer], &[UnderReview, Handling]),
        ("start_consultation", &[Officer], &[Handling]),
        ("receive_consultation_answer", &[Officer], &[Handling]),
        ("consultation_lapsed", &[Officer], &[Handling]),
        ("issue_fee_notice", &[Officer], &[Handling]),
        ("fee_paid", &[Officer], &[Handling]),
        ("fee_lapsed", &[Officer], &[Handling]),
        ("waive_fee", &[Approver], &[Handling]),
        ("request_extension", &[Officer], &[Handling]),
        ("approve_extension", &[Approver], &[Handling]),
        ("reject_extension", &[Approver], &[Handling]),
        ("defer_reply", &[Approver], &[Handling]),
        ("draft_reply", &[Officer], &[UnderReview, Handling]),
        ("return_reply", &[Approver], &[ReplyDrafted, ReplyApproved]),
        ("approve_reply", &[Approver], &[ReplyDrafted]),
        ("issue_reply", &[Approver, Officer], &[ReplyApproved]),
        ("record_delivery", &[Clerk, Officer], &[Issued]),
        (
            "archive",
            &[Clerk, Officer, Legal],
            &[Delivered, Withdrawn, Abandoned],
        ),
        (
            "withdraw",
            &[Clerk, Officer],
            &[
                Registered,
                UnderReview,
                AwaitingCorrection,
                Handling,
                ReplyDrafted,
                ReplyApproved,
            ],
        ),
        ("record_review", &[Legal], &[Issued, Delivered, Archived]),
        ("decide_review", &[Legal], &[Issued, Delivered, Archived]),
    ]
};

/// The command names `role` may give `case` now, in the table's order.
pub fn available_commands(case: &Case, role: Role) -> Vec<&'static str> {
    let Some(stage) = case.stage else {
        return vec![];
    };
    let open_consultation = case.consultations.iter().any(super::Consultation::is_open);
    let fee_pending = case.fee.as_ref().is_some_and(super::FeeState::is_pending);
    TABLE
        .iter()
        .filter(|(_, roles, stages)| roles.contains(&role) && stages.contains(&stage))
        .map(|(name, _, _)| *name)
        .filter(|name| match *name {
            "receive_consultation_answer" | "consultation_lapsed" => open_consultation,
            "issue_fee_notice" => case.fee.is_none(),
            "fee_paid" | "fee_lapsed" | "waive_fee" => fee_pending,
            "request_extension" => case.extension.is_none() && case.extension_pending.is_none(),
            "approve_extension" | "reject_extension" => case.extension_pending.is_some(),
            "request_correction" => case.correction.is_none(),
            "decide_review" => case.reviews.iter().any(|r| r.decided_on.is_none()),
            _ => true,
        })
        .collect()
}
