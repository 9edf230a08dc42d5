//! The forms of case actions, one field set per command, parsed into a domain [`Command`].
use std::collections::HashMap;

use chrono::NaiveDate;
use disclosure_calendar::parse_iso_date;
use disclosure_core::case::{
    Command, CompetentAgency, ConsultationAnswer, Delivery, DeliveryMethod, PartyKind,
    ProvisionForm, Reply, Review, ReviewKind, ReviewResult, SearchRecord, WithheldItem,
};
use disclosure_core::fee::FeeBasis;
use disclosure_core::outcome::{
    DisclosureBasis, NotProcessedGround, OtherGround, Outcome, UnavailableGround, WithholdGround,
};

use crate::AppError;

/// The name prefix of the page's evidence boxes, one per attachment.
pub const EVIDENCE_PREFIX: &str = "evidence:";

/// The submitted fields of an action form.
#[derive(Debug, Clone, Default)]
pub struct ActionForm(pub HashMap<String, String>);

/// What the action asks for: a domain command, or issuing (whose 字号 the service allocates).
#[derive(Debug, Clone)]
pub enum Action {
    Command(Box<Command>),
    IssueReply,
}

impl ActionForm {
    fn text(&self, k: &str) -> String {
        self.0
            .get(k)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    }

    fn opt(&self, k: &str) -> Option<String> {
        Some(self.text(k)).filter(|s| !s.is_empty())
    }

    fn date(&self, k: &'static str) -> Result<NaiveDate, AppError> {
        parse_iso_date(&self.text(k)).ok_or_else(|| AppError::bad_request("invalid_date", k))
    }

    fn number(&self, k: &'static str) -> Result<u32, AppError> {
        self.text(k)
            .parse()
            .map_err(|_| AppError::bad_request("invalid_number", k))
    }

    fn lines(&self, k: &str) -> Vec<String> {
        self.text(k)
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// The attachments ticked as a search's evidence: the page sends one box per attachment
    /// (`evidence:{id}`), the API an array `evidence`.
    fn evidence(&self) -> Vec<String> {
        let mut ids = self.lines("evidence");
        let mut ticked: Vec<String> = self
            .0
            .iter()
            .filter(|(k, v)| k.starts_with(EVIDENCE_PREFIX) && !v.trim().is_empty())
            .map(|(k, _)| k[EVIDENCE_PREFIX.len()..].to_string())
            .collect();
        ticked.sort();
        ids.extend(ticked);
        ids
    }

    fn checked(&self, k: &str) -> bool {
        self.0.contains_key(k)
    }

    /// The command of `action` for an actor named `actor_name`.
    pub fn to_action(&self, action: &str, actor_name: &str) -> Result<Action, AppError> {
        let cmd = match action {
            "assign" => {
                let officer = self.text("officer");
                let (id, name) = officer
                    .split_once('|')
                    .ok_or_else(|| AppError::bad_request("invalid_choice", "officer"))?;
                Command::Assign {
                    officer_id: id.to_string(),
                    officer_name: name.to_string(),
                }
            }
            "request_correction" => Command::RequestCorrection {
                items: self.lines("items"),
                reply_by: self.date("reply_by")?,
            },
            "receive_correction" => Command::ReceiveCorrection {
                received_on: self.date("received_on")?,
            },
            "correction_lapsed" => Command::CorrectionLapsed,
            "accept" => Command::Accept,
            "dismiss" => Command::Dismiss {
                ground: not_processed(&self.text("ground"))?,
                facts: self.text("facts"),
                decision: self.text("decision"),
            },
            "record_search" => Command::RecordSearch {
                search: SearchRecord {
                    places: self.text("places"),
                    method: self.text("method"),
                    keywords: self.text("keywords"),
                    result: self.text("result"),
                    searched_by: actor_name.to_string(),
                    searched_on: self.date("searched_on")?,
                    evidence: self.evidence(),
                },
            },
            "start_consultation" => Command::StartConsultation {
                party: self.text("party"),
                party_kind: match self.text("party_kind").as_str() {
                    "agency" => PartyKind::Agency,
                    _ => PartyKind::ThirdParty,
                },
                sent_on: self.date("sent_on")?,
            },
            "receive_consultation_answer" => Command::ReceiveConsultationAnswer {
                consultation_id: self.number("consultation_id")?,
                answered_on: self.date("answered_on")?,
                answer: match self.text("answer").as_str() {
                    "object" => ConsultationAnswer::Objects(self.text("reason")),
                    _ => ConsultationAnswer::Agrees,
                },
            },
            "consultation_lapsed" => Command::ConsultationLapsed {
                consultation_id: self.number("consultation_id")?,
            },
            "issue_fee_notice" => Command::IssueFeeNotice {
                basis: match self.text("basis").as_str() {
                    "per_item" => FeeBasis::PerItem {
                        nth: self.number("quantity")?,
                    },
                    _ => FeeBasis::PerPage {
                        pages: self.number("quantity")?,
                    },
                },
            },
            "fee_paid" => Command::FeePaid {
                paid_on: self.date("paid_on")?,
            },
            "fee_lapsed" => Command::FeeLapsed,
            "waive_fee" => Command::WaiveFee {
                reason: self.text("reason"),
            },
            "request_extension" => Command::RequestExtension {
                days: self.number("days")?,
                reason: self.text("reason"),
            },
            "approve_extension" => Command::ApproveExtension,
            "reject_extension" => Command::RejectExtension {
                reason: self.text("reason"),
            },
            "draft_reply" => Command::DraftReply {
                reply: self.reply()?,
            },
            "return_reply" => Command::ReturnReply {
                reason: self.text("reason"),
            },
            "approve_reply" => Command::ApproveReply,
            "issue_reply" => return Ok(Action::IssueReply),
            "record_delivery" => Command::RecordDelivery {
                delivery: Delivery {
                    method: delivery_method(&self.text("method"))?,
                    delivered_on: self.date("delivered_on")?,
                    tracking_number: self.opt("tracking_number"),
                    signed_receipt: self.checked("signed_receipt"),
                    impossible_reason: self.opt("impossible_reason"),
                },
            },
            "archive" => Command::Archive,
            "withdraw" => Command::Withdraw {
                on: self.date("on")?,
            },
            "record_review" => Command::RecordReview {
                review: Review {
                    kind: match self.text("kind").as_str() {
                        "litigation_direct" => ReviewKind::LitigationDirect,
                        "litigation_after_reconsideration" => {
                            ReviewKind::LitigationAfterReconsideration
                        }
                        _ => ReviewKind::Reconsideration,
                    },
                    filed_on: self.date("filed_on")?,
                    result: match self.text("result").as_str() {
                        "upheld" => ReviewResult::Upheld,
                        "corrected" => ReviewResult::Corrected,
                        "other" => ReviewResult::Other,
                        _ => ReviewResult::Pending,
                    },
                    decided_on: self
                        .opt("decided_on")
                        .map(|_| self.date("decided_on"))
                        .transpose()?,
                },
            },
            "decide_review" => Command::DecideReview {
                // People count reviews from 1; the record from 0.
                review_id: self
                    .number("review")?
                    .checked_sub(1)
                    .ok_or_else(|| AppError::bad_request("invalid_number", "review"))?,
                result: match self.text("result").as_str() {
                    "upheld" => ReviewResult::Upheld,
                    "corrected" => ReviewResult::Corrected,
                    "other" => ReviewResult::Other,
                    _ => ReviewResult::Pending,
                },
                decided_on: self.date("decided_on")?,
            },
            _ => return Err(AppError::not_found()),
        };
        Ok(Action::Command(Box::new(cmd)))
    }

    fn reply(&self) -> Result<Reply, AppError> {
        let withheld_items = self
            .lines("withheld")
            .into_iter()
            .map(|l| {
                let (item, reason) = l
                    .split_once(['|', '｜'])
                    .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                    .unwrap_or((l.clone(), String::new()));
                WithheldItem { item, reason }
            })
            .collect();
        Ok(Reply {
            outcome: outcome(&self.text("outcome"))?,
            facts: self.text("facts"),
            decision: self.text("decision"),
            disclosed_items: self.lines("disclosed"),
            withheld_items,
            provision: match self.text("provision").as_str() {
                "paper" => Some(ProvisionForm::Paper),
                "electronic" => Some(ProvisionForm::Electronic),
                "on_site" => Some(ProvisionForm::OnSite),
                _ => None,
            },
            competent_agency: self.opt("competent_name").map(|name| CompetentAgency {
                name,
                contact: self.text("competent_contact"),
            }),
            public_interest_reason: self.opt("public_interest_reason"),
            third_party_notified: self.checked("third_party_notified"),
        })
    }
}

fn delivery_method(s: &str) -> Result<DeliveryMethod, AppError> {
    Ok(match s {
        "post" => DeliveryMethod::Post,
        "pick_up" => DeliveryMethod::PickUp,
        "email" => DeliveryMethod::Email,
        "online" => DeliveryMethod::Online,
        "fax" => DeliveryMethod::Fax,
        _ => return Err(AppError::bad_request("invalid_choice", "method")),
    })
}

fn not_processed(s: &str) -> Result<NotProcessedGround, AppError> {
    Ok(match s {
        "petition" => NotProcessedGround::Petition,
        "repeated" => NotProcessedGround::Repeated,
        "publication" => NotProcessedGround::Publication,
        "excessive" => NotProcessedGround::Excessive,
        "confirm_or_reissue" => NotProcessedGround::ConfirmOrReissue,
        _ => return Err(AppError::bad_request("invalid_choice", "ground")),
    })
}

/// The outcome choices of the reply form: (value, label), in the annual report's order.
pub const OUTCOME_CHOICES: &[(&str, &str)] = &[
    ("disclosed_provided", "予以公开（提供信息或告知获取方式）"),
    (
        "disclosed_already_public",
        "予以公开（已主动公开，告知获取方式）",
    ),
    ("partially_disclosed", "部分公开（区分处理）"),
    ("withheld_state_secret", "不予公开：属于国家秘密"),
    (
        "withheld_forbidden_by_law",
        "不予公开：其他法律行政法规禁止公开",
    ),
    ("withheld_endangers", "不予公开：危及“三安全一稳定”"),
    ("withheld_third_party", "不予公开：保护第三方合法权益"),
    ("withheld_internal", "不予公开：属于三类内部事务信息"),
    ("withheld_process", "不予公开：属于四类过程性信息"),
    ("withheld_enforcement", "不予公开：属于行政执法案卷"),
    ("withheld_query", "不予公开：属于行政查询事项"),
    ("unavailable_not_exist", "无法提供：经检索信息不存在"),
    (
        "unavailable_not_this_agency",
        "无法提供：不属于本机关公开职责",
    ),
    (
        "unavailable_needs_creation",
        "无法提供：没有现成信息需要另行制作",
    ),
    ("unavailable_unclear", "无法提供：补正后申请内容仍不明确"),
    ("other", "其他处理"),
];

fn outcome(s: &str) -> Result<Outcome, AppError> {
    use UnavailableGround as U;
    use WithholdGround as W;
    Ok(match s {
        "disclosed_provided" => Outcome::Disclosed(DisclosureBasis::Provided),
        "disclosed_already_public" => Outcome::Disclosed(DisclosureBasis::AlreadyPublic),
        "partially_disclosed" => Outcome::PartiallyDisclosed,
        "withheld_state_secret" => Outcome::Withheld(W::StateSecret),
        "withheld_forbidden_by_law" => Outcome::Withheld(W::ForbiddenByLaw),
        "withheld_endangers" => Outcome::Withheld(W::Endangers),
        "withheld_third_party" => Outcome::Withheld(W::ThirdPartyRights),
        "withheld_internal" => Outcome::Withheld(W::InternalAffairs),
        "withheld_process" => Outcome::Withheld(W::ProcessInformation),
        "withheld_enforcement" => Outcome::Withheld(W::EnforcementFile),
        "withheld_query" => Outcome::Withheld(W::AdministrativeQuery),
        "unavailable_not_exist" => Outcome::Unavailable(U::DoesNotExist),
        "unavailable_not_this_agency" => Outcome::Unavailable(U::NotThisAgency),
        "unavailable_needs_creation" => Outcome::Unavailable(U::NeedsCreation),
        "unavailable_unclear" => Outcome::Unavailable(U::UnclearAfterCorrection),
        "other" => Outcome::Other(OtherGround::Other),
        _ => return Err(AppError::bad_request("invalid_choice", "outcome")),
    })
}
