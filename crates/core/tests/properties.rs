//! Random command sequences: `decide` never panics, never grants two extensions, never issues a reply
//! without its elements, and the due date never moves earlier than the law allows.
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use chrono::{Days, NaiveDate};
use disclosure_calendar::Calendar;
use disclosure_core::actor::{Actor, Role};
use disclosure_core::applicant::{Applicant, ApplicantKind};
use disclosure_core::case::{
    decide, Application, Attachment, Case, Command, ConsultationAnswer, Delivery, DeliveryMethod,
    Event, PartyKind, ProvisionForm, Reply, Review, ReviewKind, ReviewResult, SearchRecord, Stage,
    WithheldItem,
};
use disclosure_core::fee::FeeBasis;
use disclosure_core::outcome::{DisclosureBasis, NotProcessedGround, Outcome, UnavailableGround};
use disclosure_core::receipt::ReceiptFacts;
use disclosure_core::values::DocNumber;
use proptest::prelude::*;

fn cal() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(|| Calendar::builtin().unwrap())
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn actor(role: Role) -> Actor {
    Actor::Staff {
        user_id: "u".into(),
        name: "某人".into(),
        role,
        agency_id: "A".into(),
    }
}

fn command(k: u8, day: NaiveDate, n: u32) -> Command {
    let reply = |outcome| Reply {
        outcome,
        facts: "经审查".into(),
        decision: "答复如下".into(),
        disclosed_items: vec!["文件".into()],
        withheld_items: vec![],
        provision: Some(ProvisionForm::Paper),
        competent_agency: None,
        public_interest_reason: None,
        third_party_notified: false,
    };
    match k % KINDS {
        0 => Command::Assign {
            officer_id: "o".into(),
            officer_name: "钱".into(),
        },
        1 => Command::RequestCorrection {
            items: vec!["文号".into()],
            reply_by: day + Days::new(10),
        },
        2 => Command::ReceiveCorrection { received_on: day },
        3 => Command::CorrectionLapsed,
        4 => Command::Accept,
        5 => Command::RecordSearch {
            search: SearchRecord {
                places: "档案室".into(),
                method: "人工".into(),
                keywords: "关键词".into(),
                result: "无".into(),
                searched_by: "钱".into(),
                searched_on: day,
                evidence: Vec::new(),
            },
        },
        6 => Command::StartConsultation {
            party: "某公司".into(),
            party_kind: PartyKind::ThirdParty,
            sent_on: day,
        },
        7 => Command::ReceiveConsultationAnswer {
            consultation_id: 1 + n % 2,
            answered_on: day,
            answer: if n.is_multiple_of(2) {
                ConsultationAnswer::Agrees
            } else {
                ConsultationAnswer::Objects("涉及商业秘密".into())
            },
        },
        8 => Command::ConsultationLapsed {
            consultation_id: 1 + n % 2,
        },
        9 => Command::IssueFeeNotice {
            basis: FeeBasis::PerPage {
                pages: 20 + n % 200,
            },
        },
        10 => Command::FeePaid { paid_on: day },
        11 => Command::RequestExtension {
            days: n % 25,
            reason: "量大".into(),
        },
        12 => Command::ApproveExtension,
        13 => Command::DraftReply {
            reply: match n % 5 {
                0 => reply(Outcome::Disclosed(DisclosureBasis::Provided)),
                1 => reply(Outcome::Unavailable(UnavailableGround::DoesNotExist)),
                // Partly disclosed, the withheld part with or without its reason (条例 §37).
                2 => Reply {
                    withheld_items: vec![WithheldItem {
                        item: "第三方联系方式".into(),
                        reason: if n % 10 == 2 { "个人隐私" } else { " " }.into(),
                    }],
                    ..reply(Outcome::PartiallyDisclosed)
                },
                // Disclosed over a possible objection, with or without the public-interest
                // reason and the notice to the third party (R-TIME-6).
                3 => Reply {
                    public_interest_reason: Some(
                        if n % 10 == 3 {
                            "涉及公共安全"
                        } else {
                            ""
                        }
                        .into(),
                    ),
                    third_party_notified: n % 20 == 3,
                    ..reply(Outcome::Disclosed(DisclosureBasis::Provided))
                },
                _ => reply(Outcome::Unavailable(
                    UnavailableGround::UnclearAfterCorrection,
                )),
            },
        },
        14 => Command::ApproveReply,
        15 => Command::IssueReply {
            doc_number: DocNumber::new("X府信公开", 2026, 1 + n).unwrap(),
        },
        16 => Command::RecordDelivery {
            delivery: Delivery {
                method: DeliveryMethod::Post,
                delivered_on: day,
                tracking_number: None,
                signed_receipt: true,
                impossible_reason: None,
            },
        },
        17 => Command::Archive,
        18 => Command::Withdraw { on: day },
        19 => Command::FeeLapsed,
        20 => Command::WaiveFee {
            reason: "困难".into(),
        },
        21 => Command::Dismiss {
            ground: NotProcessedGround::Excessive,
            facts: "大量申请".into(),
            decision: "不予处理".into(),
        },
        22 => Command::RejectExtension {
            reason: "无必要".into(),
        },
        23 => Command::ReturnReply {
            reason: "补充事实".into(),
        },
        24 => Command::AddAttachment {
            attachment: Attachment {
                id: format!("att-{}", n % 3),
                file_name: "检索截图.png".into(),
                content_type: "image/png".into(),
                size: 1 + u64::from(n),
                sha256: "b".repeat(64),
            },
        },
        // A search citing attachments that may or may not exist yet (R-DEC-1 evidence).
        25 => Command::RecordSearch {
            search: SearchRecord {
                places: "政务系统".into(),
                method: "全文检索".into(),
                keywords: "文件".into(),
                result: "未检索到".into(),
                searched_by: "钱".into(),
                searched_on: day,
                evidence: vec![format!("att-{}", n % 4)],
            },
        },
        26 => Command::RecordReview {
            review: Review {
                kind: if n.is_multiple_of(2) {
                    ReviewKind::Reconsideration
                } else {
                    ReviewKind::LitigationDirect
                },
                filed_on: day - Days::new(u64::from(n % 2)),
                result: ReviewResult::Pending,
                decided_on: None,
            },
        },
        _ => Command::DecideReview {
            review_id: n % 3,
            result: ReviewResult::Upheld,
            decided_on: day,
        },
    }
}

/// How many command kinds `command` draws from.
const KINDS: u8 = 28;

/// The kind of the command that moves a case one step along the happy path, so random sequences
/// reach drafting, approval and issue often instead of almost never.
fn progress_kind(case: &Case) -> u8 {
    match case.stage {
        Some(Stage::Registered | Stage::UnderReview) => 4,
        Some(Stage::AwaitingCorrection) => 2,
        Some(Stage::Handling) if case.consultations.iter().any(|c| c.is_open()) => 7,
        Some(Stage::Handling) if case.fee.as_ref().is_some_and(|f| f.is_pending()) => 10,
        Some(Stage::Handling) => 13,
        Some(Stage::ReplyDrafted) => 14,
        Some(Stage::ReplyApproved) => 15,
        Some(Stage::Issued) => 16,
        _ => 17,
    }
}

fn natural_role(k: u8) -> Role {
    match k % KINDS {
        0 | 12 | 14 | 20 | 22 | 23 => Role::Approver,
        16..=18 => Role::Clerk,
        26 | 27 => Role::Legal,
        _ => Role::Officer,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn random_sequences_keep_the_law(steps in prop::collection::vec((0u8..KINDS + 12, 0u8..5, 0u64..4, 0u32..400), 1..40)) {
        let mut case = Case::default();
        let reg = Command::Register {
            application: Application {
                agency_id: "A".into(),
                applicant: Applicant { kind: ApplicantKind::Business, name: "某公司".into(), id_document: None, phone: None, email: None, address: Some("某地".into()), contact_person: None },
                description: "某文件".into(),
                requested_form: ProvisionForm::Electronic,
                delivery: DeliveryMethod::Email,
                receipt: ReceiptFacts::SignedPost { signed_for: start() },
                oral: false,
            },
        };
        for e in decide(&case, reg, &actor(Role::Clerk), start().and_hms_opt(9, 0, 0).unwrap(), cal()).unwrap() {
            case.apply(&e);
        }
        let roles = [Role::Clerk, Role::Officer, Role::Approver, Role::Legal, Role::Admin];
        let mut today = start();
        let mut extensions_granted = 0;
        // (stage, outcome, conclusion date) once the case concluded.
        let mut concluded: Option<(Stage, Option<Outcome>, NaiveDate)> = None;
        for (k, r, advance, n) in steps {
            // A third of the draws push the case along its happy path.
            let k = if k >= KINDS { progress_kind(&case) } else { k };
            today = today + Days::new(advance);
            let before_due = case.deadline(cal()).and_then(|d| d.ok()).and_then(|d| d.due);
            // Mostly the role that may give the command, sometimes any role (which must be refused).
            let role = if r < 4 { natural_role(k) } else { roles[(n % 5) as usize] };
            let result = decide(&case, command(k, today, n), &actor(role), today.and_hms_opt(10, 0, 0).unwrap(), cal());
            let Ok(events) = result else { continue };
            for e in &events {
                if matches!(e, Event::ExtensionApproved { .. }) {
                    extensions_granted += 1;
                }
                if let Event::ReplyIssued { .. } = e {
                    prop_assert!(!case.consultations.iter().any(|c| c.is_open()), "R-TIME-5");
                    prop_assert!(!case.fee.as_ref().is_some_and(|f| f.is_pending()), "R-TIME-9");
                    let reply = case.reply.as_ref().expect("an issued reply has a draft");
                    prop_assert!(!reply.facts.trim().is_empty() && !reply.decision.trim().is_empty());
                    if reply.outcome == Outcome::Unavailable(UnavailableGround::DoesNotExist) {
                        prop_assert!(case.has_search_record(), "R-DEC-1");
                    }
                    if reply.outcome == Outcome::PartiallyDisclosed {
                        prop_assert!(!reply.withheld_items.is_empty(), "条例 §37");
                        prop_assert!(reply.withheld_items.iter().all(|w| !w.reason.trim().is_empty()), "条例 §37");
                    }
                    if matches!(reply.outcome, Outcome::Disclosed(_)) && case.has_objection() {
                        prop_assert!(reply.third_party_notified, "R-TIME-6");
                        prop_assert!(reply.public_interest_reason.as_deref().is_some_and(|r| !r.trim().is_empty()), "R-TIME-6");
                    }
                    if reply.outcome == Outcome::Unavailable(UnavailableGround::UnclearAfterCorrection) {
                        prop_assert!(case.correction.as_ref().is_some_and(|c| c.received_on.is_some()), "R-COR-4");
                    }
                }
                case.apply(e);
            }
            prop_assert!(extensions_granted <= 1, "R-TIME-4: at most one extension");
            // R-DEC-1: a search's evidence is always a file kept with the case.
            for search in &case.searches {
                for id in &search.evidence {
                    prop_assert!(case.attachments.iter().any(|a| &a.id == id), "evidence {} unknown", id);
                }
            }
            // R-REV-1: one filing is one review (table 四 counts it once); a decision never
            // precedes its filing.
            for (i, a) in case.reviews.iter().enumerate() {
                prop_assert!(!case.reviews[i + 1..].iter().any(|b| b.kind == a.kind && b.filed_on == a.filed_on), "review recorded twice");
                if let Some(d) = a.decided_on {
                    prop_assert!(d >= a.filed_on);
                }
            }
            // While the clock runs and nothing restarts it, the due date never moves earlier.
            let after_due = case.deadline(cal()).and_then(|d| d.ok()).and_then(|d| d.due);
            if let (Some(b), Some(a)) = (before_due, after_due) {
                let restarted = events.iter().any(|e| matches!(e, Event::CorrectionReceived { .. }));
                prop_assert!(restarted || a.date >= b.date, "due moved from {} to {}", b.date, a.date);
            }
            // R-FLOW-1: once concluded, the outcome and the conclusion date are fixed, and the case
            // only moves forward (delivered, archived) — never back into handling.
            if let Some((stage, outcome, on)) = &concluded {
                prop_assert_eq!(&case.outcome, outcome);
                prop_assert_eq!(case.concluded_on, Some(*on));
                let now = case.stage.unwrap();
                prop_assert!(now.is_concluded(), "{:?} reopened as {:?}", stage, now);
            } else if let (Some(on), Some(stage)) = (case.concluded_on, case.stage) {
                concluded = Some((stage, case.outcome, on));
            }
            if case.stage == Some(Stage::Issued) {
                prop_assert!(case.issued.is_some() && case.outcome.is_some());
            }
        }
    }
}
