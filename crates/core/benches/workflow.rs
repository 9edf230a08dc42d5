//! The pure parts at scale: the deadline clock with pauses (R-TIME-4, R-TIME-5, R-TIME-9),
//! `decide()` for each command, and table 三 of the annual report (R-REP-1) over 1,000,000 cases.
//! Medians are recorded in docs/performance.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benches fail loudly on bad fixtures"
)]

use std::hint::black_box;

use chrono::{Days, NaiveDate, NaiveDateTime};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use disclosure_calendar::Calendar;
use disclosure_core::actor::{Actor, Role};
use disclosure_core::applicant::{Applicant, ApplicantKind};
use disclosure_core::case::{
    decide, Application, Case, Command, ConsultationAnswer, Delivery, DeliveryMethod, PartyKind,
    ProvisionForm, Reply, Review, ReviewKind, ReviewResult, SearchRecord,
};
use disclosure_core::fee::FeeBasis;
use disclosure_core::outcome::{DisclosureBasis, NotProcessedGround, OtherGround, Outcome};
use disclosure_core::receipt::ReceiptFacts;
use disclosure_core::report::annual::{table3, ReportCase};
use disclosure_core::values::DocNumber;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(10, 0, 0).unwrap()
}

fn staff(role: Role) -> Actor {
    Actor::Staff {
        user_id: format!("{role:?}").to_lowercase(),
        name: "某某".into(),
        role,
        agency_id: "A".into(),
    }
}

fn application() -> Application {
    Application {
        agency_id: "A".into(),
        applicant: Applicant {
            kind: ApplicantKind::NaturalPerson,
            name: "张三".into(),
            id_document: None,
            phone: None,
            email: None,
            address: Some("北京市朝阳区某路1号".into()),
            contact_person: None,
        },
        description: "2025年本区老旧小区改造项目的资金安排文件".into(),
        requested_form: ProvisionForm::Paper,
        delivery: DeliveryMethod::Post,
        receipt: ReceiptFacts::InPerson {
            handed_in: d("2026-03-02"),
        },
        oral: false,
    }
}

fn reply() -> Reply {
    Reply {
        outcome: Outcome::Disclosed(DisclosureBasis::Provided),
        facts: "经检索本机关档案及办公系统……".into(),
        decision: "现答复如下：……".into(),
        disclosed_items: vec!["改造项目资金安排表".into()],
        withheld_items: vec![],
        provision: Some(ProvisionForm::Paper),
        competent_agency: None,
        public_interest_reason: None,
        third_party_notified: false,
    }
}

fn search() -> SearchRecord {
    SearchRecord {
        places: "本机关档案室".into(),
        method: "人工检索".into(),
        keywords: "改造 资金".into(),
        result: "检索到相关文件".into(),
        searched_by: "钱承办".into(),
        searched_on: d("2026-03-03"),
        evidence: Vec::new(),
    }
}

/// Applies a command that must be accepted.
fn step(cal: &Calendar, case: &mut Case, cmd: Command, role: Role, on: &str) {
    for e in decide(case, cmd, &staff(role), at(on), cal).unwrap() {
        case.apply(&e);
    }
}

/// A case received 2026-03-02 (Monday), assigned and accepted.
fn handling(cal: &Calendar) -> Case {
    let mut c = Case::default();
    step(
        cal,
        &mut c,
        Command::Register {
            application: application(),
        },
        Role::Clerk,
        "2026-03-02",
    );
    step(
        cal,
        &mut c,
        Command::Assign {
            officer_id: "officer".into(),
            officer_name: "钱承办".into(),
        },
        Role::Approver,
        "2026-03-02",
    );
    step(cal, &mut c, Command::Accept, Role::Officer, "2026-03-03");
    c
}

fn bench_clock(c: &mut Criterion) {
    let cal = Calendar::builtin().unwrap();
    // The clock with every kind of pause: a consultation (R-TIME-5), a paid fee (R-TIME-9) and an
    // approved extension (R-TIME-4).
    let mut case = handling(&cal);
    step(
        &cal,
        &mut case,
        Command::StartConsultation {
            party: "某公司".into(),
            party_kind: PartyKind::ThirdParty,
            sent_on: d("2026-03-04"),
        },
        Role::Officer,
        "2026-03-04",
    );
    step(
        &cal,
        &mut case,
        Command::ReceiveConsultationAnswer {
            consultation_id: 1,
            answered_on: d("2026-03-11"),
            answer: ConsultationAnswer::Agrees,
        },
        Role::Officer,
        "2026-03-11",
    );
    step(
        &cal,
        &mut case,
        Command::IssueFeeNotice {
            basis: FeeBasis::PerPage { pages: 300 },
        },
        Role::Officer,
        "2026-03-12",
    );
    step(
        &cal,
        &mut case,
        Command::FeePaid {
            paid_on: d("2026-03-16"),
        },
        Role::Officer,
        "2026-03-16",
    );
    step(
        &cal,
        &mut case,
        Command::RequestExtension {
            days: 20,
            reason: "需要逐一核实".into(),
        },
        Role::Officer,
        "2026-03-20",
    );
    step(
        &cal,
        &mut case,
        Command::ApproveExtension,
        Role::Approver,
        "2026-03-23",
    );
    c.bench_function("clock: deadline with consultation + fee + extension", |b| {
        b.iter(|| black_box(black_box(&case).deadline(&cal)))
    });
    let plain = handling(&cal);
    c.bench_function("clock: deadline, no pause", |b| {
        b.iter(|| black_box(black_box(&plain).deadline(&cal)))
    });
}

fn bench_decide(c: &mut Criterion) {
    let cal = Calendar::builtin().unwrap();
    let mut g = c.benchmark_group("decide");
    // (name, case it is given to, command, role, day) — each one accepted.
    let registered = {
        let mut c = Case::default();
        step(
            &cal,
            &mut c,
            Command::Register {
                application: application(),
            },
            Role::Clerk,
            "2026-03-02",
        );
        c
    };
    let handling_case = handling(&cal);
    let searched = {
        let mut c = handling(&cal);
        step(
            &cal,
            &mut c,
            Command::RecordSearch { search: search() },
            Role::Officer,
            "2026-03-04",
        );
        c
    };
    let drafted = {
        let mut c = searched.clone();
        step(
            &cal,
            &mut c,
            Command::DraftReply { reply: reply() },
            Role::Officer,
            "2026-03-10",
        );
        c
    };
    let approved = {
        let mut c = drafted.clone();
        step(
            &cal,
            &mut c,
            Command::ApproveReply,
            Role::Approver,
            "2026-03-11",
        );
        c
    };
    let issued = {
        let mut c = approved.clone();
        step(
            &cal,
            &mut c,
            Command::IssueReply {
                doc_number: DocNumber::new("某府信公开", 2026, 1).unwrap(),
            },
            Role::Approver,
            "2026-03-12",
        );
        c
    };
    let delivered = {
        let mut c = issued.clone();
        step(
            &cal,
            &mut c,
            Command::RecordDelivery {
                delivery: Delivery {
                    method: DeliveryMethod::Post,
                    delivered_on: d("2026-03-13"),
                    tracking_number: None,
                    signed_receipt: true,
                    impossible_reason: None,
                },
            },
            Role::Clerk,
            "2026-03-13",
        );
        c
    };
    let consulting = {
        let mut c = handling(&cal);
        step(
            &cal,
            &mut c,
            Command::StartConsultation {
                party: "某公司".into(),
                party_kind: PartyKind::ThirdParty,
                sent_on: d("2026-03-04"),
            },
            Role::Officer,
            "2026-03-04",
        );
        c
    };
    let fee_noticed = {
        let mut c = handling(&cal);
        step(
            &cal,
            &mut c,
            Command::IssueFeeNotice {
                basis: FeeBasis::PerPage { pages: 300 },
            },
            Role::Officer,
            "2026-03-04",
        );
        c
    };
    let extension_asked = {
        let mut c = handling(&cal);
        step(
            &cal,
            &mut c,
            Command::RequestExtension {
                days: 20,
                reason: "需要逐一核实".into(),
            },
            Role::Officer,
            "2026-03-20",
        );
        c
    };
    let awaiting_correction = {
        let mut c = registered.clone();
        step(
            &cal,
            &mut c,
            Command::RequestCorrection {
                items: vec!["请明确所需信息".into()],
                reply_by: d("2026-03-20"),
            },
            Role::Officer,
            "2026-03-03",
        );
        c
    };
    let empty = Case::default();
    let cases: Vec<(&str, &Case, Command, Role, &str)> = vec![
        (
            "register",
            &empty,
            Command::Register {
                application: application(),
            },
            Role::Clerk,
            "2026-03-02",
        ),
        (
            "assign",
            &registered,
            Command::Assign {
                officer_id: "officer".into(),
                officer_name: "钱承办".into(),
            },
            Role::Approver,
            "2026-03-02",
        ),
        (
            "request_correction",
            &registered,
            Command::RequestCorrection {
                items: vec!["请明确所需信息".into()],
                reply_by: d("2026-03-20"),
            },
            Role::Officer,
            "2026-03-03",
        ),
        (
            "receive_correction",
            &awaiting_correction,
            Command::ReceiveCorrection {
                received_on: d("2026-03-10"),
            },
            Role::Clerk,
            "2026-03-10",
        ),
        (
            "correction_lapsed",
            &awaiting_correction,
            Command::CorrectionLapsed,
            Role::Officer,
            "2026-03-23",
        ),
        (
            "accept",
            &registered,
            Command::Accept,
            Role::Officer,
            "2026-03-03",
        ),
        (
            "dismiss",
            &handling_case,
            Command::Dismiss {
                ground: NotProcessedGround::Petition,
                facts: "系投诉".into(),
                decision: "请通过12345反映".into(),
            },
            Role::Officer,
            "2026-03-04",
        ),
        (
            "record_search",
            &handling_case,
            Command::RecordSearch { search: search() },
            Role::Officer,
            "2026-03-04",
        ),
        (
            "start_consultation",
            &handling_case,
            Command::StartConsultation {
                party: "某公司".into(),
                party_kind: PartyKind::ThirdParty,
                sent_on: d("2026-03-04"),
            },
            Role::Officer,
            "2026-03-04",
        ),
        (
            "receive_consultation_answer",
            &consulting,
            Command::ReceiveConsultationAnswer {
                consultation_id: 1,
                answered_on: d("2026-03-09"),
                answer: ConsultationAnswer::Agrees,
            },
            Role::Officer,
            "2026-03-09",
        ),
        (
            "consultation_lapsed",
            &consulting,
            Command::ConsultationLapsed { consultation_id: 1 },
            Role::Officer,
            "2026-04-01",
        ),
        (
            "issue_fee_notice",
            &handling_case,
            Command::IssueFeeNotice {
                basis: FeeBasis::PerPage { pages: 300 },
            },
            Role::Officer,
            "2026-03-04",
        ),
        (
            "fee_paid",
            &fee_noticed,
            Command::FeePaid {
                paid_on: d("2026-03-06"),
            },
            Role::Officer,
            "2026-03-06",
        ),
        (
            "fee_lapsed",
            &fee_noticed,
            Command::FeeLapsed,
            Role::Officer,
            "2026-04-10",
        ),
        (
            "waive_fee",
            &fee_noticed,
            Command::WaiveFee {
                reason: "申请人经济困难".into(),
            },
            Role::Approver,
            "2026-03-05",
        ),
        (
            "request_extension",
            &handling_case,
            Command::RequestExtension {
                days: 20,
                reason: "需要逐一核实".into(),
            },
            Role::Officer,
            "2026-03-20",
        ),
        (
            "approve_extension",
            &extension_asked,
            Command::ApproveExtension,
            Role::Approver,
            "2026-03-23",
        ),
        (
            "reject_extension",
            &extension_asked,
            Command::RejectExtension {
                reason: "理由不充分".into(),
            },
            Role::Approver,
            "2026-03-23",
        ),
        (
            "draft_reply",
            &searched,
            Command::DraftReply { reply: reply() },
            Role::Officer,
            "2026-03-10",
        ),
        (
            "return_reply",
            &drafted,
            Command::ReturnReply {
                reason: "请补充依据".into(),
            },
            Role::Approver,
            "2026-03-11",
        ),
        (
            "approve_reply",
            &drafted,
            Command::ApproveReply,
            Role::Approver,
            "2026-03-11",
        ),
        (
            "issue_reply",
            &approved,
            Command::IssueReply {
                doc_number: DocNumber::new("某府信公开", 2026, 1).unwrap(),
            },
            Role::Approver,
            "2026-03-12",
        ),
        (
            "record_delivery",
            &issued,
            Command::RecordDelivery {
                delivery: Delivery {
                    method: DeliveryMethod::Post,
                    delivered_on: d("2026-03-13"),
                    tracking_number: None,
                    signed_receipt: true,
                    impossible_reason: None,
                },
            },
            Role::Clerk,
            "2026-03-13",
        ),
        (
            "archive",
            &delivered,
            Command::Archive,
            Role::Clerk,
            "2026-03-16",
        ),
        (
            "withdraw",
            &handling_case,
            Command::Withdraw {
                on: d("2026-03-05"),
            },
            Role::Clerk,
            "2026-03-05",
        ),
        (
            "record_review",
            &delivered,
            Command::RecordReview {
                review: Review {
                    kind: ReviewKind::Reconsideration,
                    filed_on: d("2026-04-01"),
                    result: ReviewResult::Pending,
                    decided_on: None,
                },
            },
            Role::Legal,
            "2026-04-02",
        ),
    ];
    for (name, case, cmd, role, on) in cases {
        let actor = staff(role);
        let now = at(on);
        // Every benched command is one the rules accept: a refusal would measure the wrong path.
        decide(case, cmd.clone(), &actor, now, &cal)
            .unwrap_or_else(|e| panic!("{name} refused: {e}"));
        g.bench_function(name, |b| {
            b.iter_batched(
                || cmd.clone(),
                |cmd| black_box(decide(black_box(case), cmd, &actor, now, &cal)),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

/// 1,000,000 report cases over 2024–2026, every applicant kind and outcome row.
fn report_cases() -> Vec<ReportCase> {
    const KINDS: [ApplicantKind; 6] = [
        ApplicantKind::NaturalPerson,
        ApplicantKind::Business,
        ApplicantKind::Research,
        ApplicantKind::PublicInterest,
        ApplicantKind::LegalService,
        ApplicantKind::OtherOrganisation,
    ];
    const OUTCOMES: [Outcome; 5] = [
        Outcome::Disclosed(DisclosureBasis::Provided),
        Outcome::PartiallyDisclosed,
        Outcome::Unavailable(disclosure_core::outcome::UnavailableGround::DoesNotExist),
        Outcome::NotProcessed(NotProcessedGround::Repeated),
        Outcome::Other(OtherGround::CorrectionLapsed),
    ];
    let start = d("2024-01-02");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..1_000_000u32)
        .map(|i| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
            let received = start + Days::new(r % 1060);
            let concluded = (!r.is_multiple_of(10)).then(|| {
                (
                    received + Days::new(5 + (r >> 8) % 40),
                    OUTCOMES[((r >> 16) % 5) as usize],
                )
            });
            ReportCase {
                reference: format!("2026-{i:06}"),
                kind: KINDS[((r >> 24) % 6) as usize],
                received,
                concluded,
            }
        })
        .collect()
}

fn bench_annual(c: &mut Criterion) {
    let cases = report_cases();
    let mut g = c.benchmark_group("annual report");
    g.sample_size(20);
    g.bench_function("table3 over 1,000,000 cases", |b| {
        b.iter(|| black_box(table3(2025, black_box(&cases))))
    });
    g.finish();
}

criterion_group!(benches, bench_clock, bench_decide, bench_annual);
criterion_main!(benches);
