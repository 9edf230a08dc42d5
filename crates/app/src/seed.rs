//! `disclosure seed`: a deterministic, realistic case load of any size (up to millions of cases),
//! for benchmarks and demonstrations at scale.
//!
//! Every case lives a whole life decided by the domain: each step is a `Command` given to
//! [`decide`] by a staff member of the right role on a working day, the events are folded into the
//! case, and the projection row comes from [`projection`] — the same functions the services use.
//! Only the writing differs: instead of one transaction per command, thousands of whole records go
//! to the store per transaction ([`disclosure_store::bulk`]), with the same rows and hash chain.
//!
//! What a seeded database does not hold: the PDFs of issued replies (a million letters would take
//! hours and tens of gigabytes; the case pages simply list no stored document for them) and mail
//! (seeded applicants give no e-mail address).
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use disclosure_calendar::Calendar;
use disclosure_core::actor::{Actor, Role};
use disclosure_core::case::{
    decide, Case, Command, ConsultationAnswer, Delivery, DeliveryMethod, PartyKind, SearchRecord,
};
use disclosure_core::clock::FEE_PAYMENT_WORKING_DAYS;
use disclosure_core::fee::FeeBasis;
use disclosure_core::outcome::{
    DisclosureBasis, NotProcessedGround, Outcome, UnavailableGround, WithholdGround,
};
use disclosure_core::values::DocNumber;
use disclosure_store::bulk::{self, BulkCase, SequenceKind};
use disclosure_store::directory;
use disclosure_store::model::{Agency, User};

use crate::auth::{hash_password, role_to_str};
use crate::demo::{application, ensure_demo_agency, reply_for, Rng, DEMO_AGENCY, DEMO_PASSWORD};
use crate::records::{projection, to_new_event};
use crate::services::new_applicant;
use crate::{ServiceError, Services};

/// Whole case records written per transaction: large enough that commits do not dominate, small
/// enough that a batch's rows stay a few megabytes in memory.
pub const BATCH: usize = 2000;

/// Officers per agency: assignments are spread over them, as in an office of several 承办人.
pub const OFFICERS_PER_AGENCY: usize = 8;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedPlan {
    pub cases: u64,
    /// Agencies the cases are spread over (the demo agency is the first).
    pub agencies: u32,
    pub seed: u64,
    /// The day the load is "as of": no event is dated after it.
    pub today: NaiveDate,
    /// Receipt dates are spread over this many days before `today`.
    pub span_days: u64,
}

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub cases: u64,
    pub events: u64,
    /// Cases per stage (the stored `cases.stage` text).
    pub by_stage: BTreeMap<String, u64>,
    /// Cases per outcome (the stored `cases.outcome` JSON), concluded cases with an outcome only.
    pub by_outcome: BTreeMap<String, u64>,
}

/// One agency's staff as actors.
#[derive(Debug, Clone)]
struct Staff {
    agency_id: String,
    doc_prefix: String,
    clerk: Actor,
    approver: Actor,
    officers: Vec<Actor>,
}

fn staff_actor(user_id: &str, name: &str, role: Role, agency_id: &str) -> Actor {
    Actor::Staff {
        user_id: user_id.into(),
        name: name.into(),
        role,
        agency_id: agency_id.into(),
    }
}

/// Creates the agencies and their staff that are missing (all with the demo password), and returns
/// them as actors. Agency 1 is the demo agency; agency k > 1 is `seed-0k`.
fn ensure_staff(
    services: &Services,
    agencies: u32,
    now: NaiveDateTime,
) -> Result<Vec<Staff>, ServiceError> {
    ensure_demo_agency(services, now)?;
    let existing: BTreeSet<String> = services
        .store
        .read(directory::list_agencies)?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let hash = hash_password(DEMO_PASSWORD)?;
    let mut out = Vec::new();
    for k in 1..=agencies.max(1) {
        let (agency_id, user_prefix) = if k == 1 {
            (DEMO_AGENCY.to_string(), String::new())
        } else {
            (format!("seed-{k:02}"), format!("seed-{k:02}-"))
        };
        let users = |role: Role, j: usize| -> (String, String, String) {
            let r = role_to_str(role);
            let j_suffix = if j == 0 {
                String::new()
            } else {
                format!("-{}", j + 1)
            };
            let username = format!("{user_prefix}{r}{j_suffix}");
            let label = match role {
                Role::Clerk => "受理",
                Role::Officer => "承办",
                Role::Approver => "负责人",
                Role::Legal => "法制审核",
                Role::Admin => "系统管理",
            };
            (
                format!("u-{username}"),
                username,
                format!("{}{}号（{label}）", agency_label(k), j + 1),
            )
        };
        let prefix = if k == 1 {
            services
                .store
                .read(|c| directory::agency(c, DEMO_AGENCY))?
                .doc_prefix
        } else {
            format!("示范{k}府办信公开")
        };
        services.store.write(|c| -> Result<(), ServiceError> {
            if !existing.contains(&agency_id) {
                directory::insert_agency(
                    c,
                    &Agency {
                        id: agency_id.clone(),
                        name: format!("示范市第{k}区人民政府办公室"),
                        doc_prefix: prefix.clone(),
                        address: format!("示范市第{k}区政府路{k}号"),
                        contact: format!("0571-8888{k:04}"),
                        review_body: format!("示范市第{k}区人民政府"),
                        court: format!("示范市第{k}区人民法院"),
                        created_at: now,
                    },
                )?;
            }
            let mut wanted = vec![
                (Role::Clerk, 0),
                (Role::Approver, 0),
                (Role::Legal, 0),
                (Role::Admin, 0),
            ];
            wanted.extend((0..OFFICERS_PER_AGENCY).map(|j| (Role::Officer, j)));
            for (role, j) in wanted {
                let (id, username, name) = users(role, j);
                if directory::user_by_username(c, &username)?.is_some() {
                    continue;
                }
                directory::insert_user(
                    c,
                    &User {
                        id,
                        agency_id: agency_id.clone(),
                        username,
                        display_name: name,
                        role: role_to_str(role).into(),
                        password_hash: hash.clone(),
                        active: true,
                        created_at: now,
                    },
                )?;
            }
            Ok(())
        })?;
        // The actors carry the names stored for the users (the demo users keep theirs).
        let actor = |role: Role, j: usize| -> Result<Actor, ServiceError> {
            let (_, username, _) = users(role, j);
            let u = services
                .store
                .read(|c| directory::user_by_username(c, &username))?
                .ok_or(ServiceError::NotFound)?;
            Ok(staff_actor(&u.id, &u.display_name, role, &agency_id))
        };
        out.push(Staff {
            agency_id: agency_id.clone(),
            doc_prefix: prefix,
            clerk: actor(Role::Clerk, 0)?,
            approver: actor(Role::Approver, 0)?,
            officers: (0..OFFICERS_PER_AGENCY)
                .map(|j| actor(Role::Officer, j))
                .collect::<Result<_, _>>()?,
        });
    }
    Ok(out)
}

fn agency_label(k: u32) -> String {
    if k == 1 {
        "示范区".into()
    } else {
        format!("第{k}区")
    }
}

/// Who gives a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Clerk,
    Officer,
    Approver,
}

/// A step of a case's life: a command, or issuing (which draws the next 字号 of the issuing year).
#[derive(Debug, Clone)]
#[expect(
    clippy::large_enum_variant,
    reason = "a case's plan is a dozen steps, built once and consumed at once"
)]
enum Act {
    Do(Command),
    Issue,
}

#[derive(Debug, Clone)]
struct Step {
    on: NaiveDate,
    who: Who,
    act: Act,
}

/// The next working day on or after `d` (`d` itself when it is one).
fn working_on_or_after(cal: &Calendar, d: NaiveDate) -> NaiveDate {
    let mut day = d;
    for _ in 0..30 {
        if cal.is_working_day(day).unwrap_or(true) {
            return day;
        }
        day = day + Days::new(1);
    }
    d
}

/// `k` working days after `d`.
fn wd(cal: &Calendar, d: NaiveDate, k: u32) -> NaiveDate {
    cal.add_working_days(d, k)
        .map_or(d + Days::new(u64::from(k) * 7 / 5), |x| x.date)
}

/// Outcomes of answered cases with realistic weights (per mille): most are disclosed; every row of
/// table 三 that a normal life reaches appears.
const OUTCOMES: [(Outcome, u64); 12] = [
    (Outcome::Disclosed(DisclosureBasis::Provided), 330),
    (Outcome::Disclosed(DisclosureBasis::AlreadyPublic), 170),
    (Outcome::PartiallyDisclosed, 110),
    (Outcome::Withheld(WithholdGround::ProcessInformation), 40),
    (Outcome::Withheld(WithholdGround::ThirdPartyRights), 30),
    (Outcome::Withheld(WithholdGround::InternalAffairs), 20),
    (Outcome::Withheld(WithholdGround::EnforcementFile), 10),
    (Outcome::Withheld(WithholdGround::AdministrativeQuery), 10),
    (Outcome::Unavailable(UnavailableGround::DoesNotExist), 150),
    (Outcome::Unavailable(UnavailableGround::NotThisAgency), 90),
    (Outcome::Unavailable(UnavailableGround::NeedsCreation), 40),
    (Outcome::Disclosed(DisclosureBasis::Provided), 0),
];

fn pick_outcome(rng: &mut Rng) -> Outcome {
    let total: u64 = OUTCOMES.iter().map(|(_, w)| w).sum();
    let mut x = rng.below(total);
    for (o, w) in OUTCOMES {
        if x < w {
            return o;
        }
        x -= w;
    }
    Outcome::Disclosed(DisclosureBasis::Provided)
}

const NOT_PROCESSED: [NotProcessedGround; 5] = [
    NotProcessedGround::Petition,
    NotProcessedGround::Repeated,
    NotProcessedGround::Publication,
    NotProcessedGround::Excessive,
    NotProcessedGround::ConfirmOrReissue,
];

fn search(on: NaiveDate, officer: &str) -> Command {
    Command::RecordSearch {
        search: SearchRecord {
            places: "本机关档案室、办公自动化系统".into(),
            method: "人工检索、关键词检索".into(),
            keywords: "申请所述信息名称".into(),
            result: "见答复".into(),
            searched_by: officer.into(),
            searched_on: on,
            evidence: Vec::new(),
        },
    }
}

fn delivery(rng: &mut Rng, on: NaiveDate) -> Command {
    Command::RecordDelivery {
        delivery: Delivery {
            method: DeliveryMethod::Post,
            delivered_on: on,
            tracking_number: Some(format!("EMS{:010}", rng.below(10_000_000_000))),
            signed_receipt: true,
            impossible_reason: None,
        },
    }
}

/// The whole planned life of a case received on `r`; steps dated after `today` are not taken.
fn plan(cal: &Calendar, rng: &mut Rng, r: NaiveDate, officer_name: &str, stall: bool) -> Vec<Step> {
    use Who::*;
    let d = |k: u32| wd(cal, r, k);
    let step = |on, who, cmd| Step {
        on,
        who,
        act: Act::Do(cmd),
    };
    let mut s = Vec::new();
    let p = rng.below(1000);
    // Conclude: issue, deliver, archive most delivered cases.
    let conclude = |s: &mut Vec<Step>, rng: &mut Rng, from: u32| {
        s.push(step(d(from), Approver, Command::ApproveReply));
        s.push(Step {
            on: d(from + 1),
            who: Approver,
            act: Act::Issue,
        });
        s.push(step(d(from + 3), Clerk, delivery(rng, d(from + 3))));
        if rng.below(10) < 8 {
            s.push(step(d(from + 8), Clerk, Command::Archive));
        }
    };
    // Assigned on the day of receipt or within two working days (so the newest are still 已登记).
    let assigned = u32::try_from(rng.below(3)).unwrap_or(0);
    s.push(step(
        d(assigned),
        Approver,
        Command::Assign {
            officer_id: String::new(),
            officer_name: String::new(),
        },
    ));
    match p {
        // 撤回 (3%).
        0..30 => {
            s.push(step(d(1), Officer, Command::Accept));
            s.push(step(d(4), Clerk, Command::Withdraw { on: d(4) }));
            if rng.below(2) == 0 {
                s.push(step(d(6), Clerk, Command::Archive));
            }
        }
        // 补正 (6%): half lapse (视为放弃), half come back corrected and are answered.
        30..90 => {
            let asked = d(2);
            let reply_by = asked + Days::new(15);
            s.push(step(
                asked,
                Officer,
                Command::RequestCorrection {
                    items: vec!["请明确所需信息的名称、文号或者其他特征性描述".into()],
                    reply_by,
                },
            ));
            if p < 60 {
                let lapsed = working_on_or_after(cal, reply_by + Days::new(1));
                s.push(step(lapsed, Officer, Command::CorrectionLapsed));
                if rng.below(2) == 0 {
                    s.push(step(wd(cal, lapsed, 3), Clerk, Command::Archive));
                }
            } else {
                let back = d(8);
                s.push(step(
                    back,
                    Clerk,
                    Command::ReceiveCorrection { received_on: back },
                ));
                s.push(step(d(9), Officer, Command::Accept));
                s.push(step(d(10), Officer, search(d(10), officer_name)));
                s.push(step(
                    d(20),
                    Officer,
                    Command::DraftReply {
                        reply: reply_for(pick_outcome(rng)),
                    },
                ));
                conclude(&mut s, rng, 22);
            }
        }
        // 不予处理 (5%): the notice is drafted from review, approved and issued like a reply.
        90..140 => {
            s.push(step(
                d(3),
                Officer,
                Command::Dismiss {
                    ground: *rng.pick(&NOT_PROCESSED),
                    facts: "申请内容系对具体行政管理问题的投诉、举报".into(),
                    decision: "请通过12345政务服务便民热线反映".into(),
                },
            ));
            conclude(&mut s, rng, 5);
        }
        // Fee not paid in time (1%): 视为放弃 (R-TIME-9).
        140..150 => {
            s.push(step(d(1), Officer, Command::Accept));
            s.push(step(d(2), Officer, search(d(2), officer_name)));
            s.push(step(
                d(4),
                Officer,
                Command::IssueFeeNotice {
                    basis: FeeBasis::PerPage {
                        pages: 300 + u32::try_from(rng.below(500)).unwrap_or(0),
                    },
                },
            ));
            s.push(step(
                d(5 + FEE_PAYMENT_WORKING_DAYS),
                Officer,
                Command::FeeLapsed,
            ));
            s.push(step(
                d(8 + FEE_PAYMENT_WORKING_DAYS),
                Clerk,
                Command::Archive,
            ));
        }
        // Answered (85%), some with a consultation, a paid fee or an extension; a few late.
        _ => {
            s.push(step(d(1), Officer, Command::Accept));
            s.push(step(d(2), Officer, search(d(2), officer_name)));
            let mut draft_on = 10 + u32::try_from(rng.below(8)).unwrap_or(0);
            match rng.below(100) {
                0..10 => {
                    s.push(step(
                        d(3),
                        Officer,
                        Command::StartConsultation {
                            party: "示范市恒信商贸有限公司".into(),
                            party_kind: PartyKind::ThirdParty,
                            sent_on: d(3),
                        },
                    ));
                    s.push(step(
                        d(9),
                        Officer,
                        Command::ReceiveConsultationAnswer {
                            consultation_id: 1,
                            answered_on: d(9),
                            answer: ConsultationAnswer::Agrees,
                        },
                    ));
                }
                10..14 => {
                    s.push(step(
                        d(3),
                        Officer,
                        Command::IssueFeeNotice {
                            basis: FeeBasis::PerPage {
                                pages: 200 + u32::try_from(rng.below(300)).unwrap_or(0),
                            },
                        },
                    ));
                    s.push(step(d(6), Officer, Command::FeePaid { paid_on: d(6) }));
                }
                14..22 => {
                    s.push(step(
                        d(12),
                        Officer,
                        Command::RequestExtension {
                            days: 15,
                            reason: "申请内容涉及多个部门，需逐一核实".into(),
                        },
                    ));
                    s.push(step(d(13), Approver, Command::ApproveExtension));
                    draft_on = 24 + u32::try_from(rng.below(6)).unwrap_or(0);
                }
                // Answered late (past 20 working days, no extension): the compliance report's
                // late list has something to show.
                22..25 => draft_on = 21 + u32::try_from(rng.below(5)).unwrap_or(0),
                _ => {}
            }
            s.push(step(
                d(draft_on),
                Officer,
                Command::DraftReply {
                    reply: reply_for(pick_outcome(rng)),
                },
            ));
            if rng.below(20) == 0 {
                s.push(step(
                    d(draft_on + 1),
                    Approver,
                    Command::ReturnReply {
                        reason: "答复依据引用不完整，请补充".into(),
                    },
                ));
                s.push(step(
                    d(draft_on + 2),
                    Officer,
                    Command::DraftReply {
                        reply: reply_for(pick_outcome(rng)),
                    },
                ));
                draft_on += 2;
            }
            conclude(&mut s, rng, draft_on + 1);
        }
    }
    // A few cases stall somewhere (a file left on a desk): the overdue lists show them.
    if stall && s.len() > 1 {
        // Early in its life: assigned, accepted or searched, never answered.
        let keep = 1 + usize::try_from(rng.below((s.len() as u64 - 1).min(3))).unwrap_or(0);
        s.truncate(keep);
    }
    s
}

/// An id in UUID form drawn from the generator, so the same seed gives the same ids.
fn rng_id(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

fn rng_tracking_code(rng: &mut Rng) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    (0..10)
        .map(|_| {
            char::from(ALPHABET[usize::try_from(rng.below(ALPHABET.len() as u64)).unwrap_or(0)])
        })
        .collect()
}

/// The time of day a step is recorded: office hours.
fn office_time(rng: &mut Rng, on: NaiveDate) -> NaiveDateTime {
    let minutes = u32::try_from(rng.below(8 * 60)).unwrap_or(0);
    on.and_time(NaiveTime::from_hms_opt(8 + minutes / 60, minutes % 60, 0).unwrap_or_default())
}

/// Gapless counters continued from the database, per (agency, kind, year).
#[derive(Debug, Default)]
struct Counters {
    next: BTreeMap<(String, SequenceKind, i32), i32>,
    touched: BTreeSet<(String, SequenceKind, i32)>,
}

impl Counters {
    fn peek(
        &mut self,
        services: &Services,
        agency: &str,
        kind: SequenceKind,
        year: i32,
    ) -> Result<i32, ServiceError> {
        let key = (agency.to_string(), kind, year);
        if let Some(v) = self.next.get(&key) {
            return Ok(*v);
        }
        let v = services
            .store
            .read(|c| bulk::next_value(c, agency, kind, year))?;
        self.next.insert(key, v);
        Ok(v)
    }

    fn take(&mut self, agency: &str, kind: SequenceKind, year: i32) {
        let key = (agency.to_string(), kind, year);
        if let Some(v) = self.next.get_mut(&key) {
            *v += 1;
        }
        self.touched.insert(key);
    }
}

/// Generates one case's whole record: registration and every planned step up to `today`, each
/// decided by the domain.
fn generate_case(
    services: &Services,
    staff: &Staff,
    counters: &mut Counters,
    seed: u64,
    index: u64,
    received: NaiveDate,
    today: NaiveDate,
) -> Result<BulkCase, ServiceError> {
    let cal_now = services.calendar();
    let cal = &*cal_now;
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
    let mut app = application(&mut rng, received);
    app.agency_id = staff.agency_id.clone();
    let officer = rng.pick(&staff.officers).clone();
    let officer_name = officer.display_name().to_string();
    let registered_at = office_time(&mut rng, received);
    let applicant = new_applicant(&app);
    let mut case = Case::default();
    let mut events = Vec::new();
    for e in decide(
        &case,
        Command::Register { application: app },
        &staff.clerk,
        registered_at,
        cal,
    )? {
        case.apply(&e);
        events.push(to_new_event(&e, &staff.clerk, registered_at)?);
    }
    let year = registered_at.year();
    let seq = counters.peek(services, &staff.agency_id, SequenceKind::Case, year)?;
    counters.take(&staff.agency_id, SequenceKind::Case, year);
    let mut last = registered_at;
    // One case in two hundred stalls (every seed of more than 7 cases has one): the overdue lists and
    // the 督办 digests have something to show.
    let stall = index % 200 == 7;
    for step in plan(cal, &mut rng, received, &officer_name, stall) {
        if step.on > today {
            break;
        }
        let actor = match step.who {
            Who::Clerk => &staff.clerk,
            Who::Officer => &officer,
            Who::Approver => &staff.approver,
        };
        let mut at = office_time(&mut rng, step.on);
        if at <= last {
            at = last + chrono::Duration::minutes(5);
        }
        let mut doc = None;
        let cmd = match step.act {
            Act::Do(Command::Assign { .. }) => Command::Assign {
                officer_id: match &officer {
                    Actor::Staff { user_id, .. } => user_id.clone(),
                    Actor::Portal { .. } => String::new(),
                },
                officer_name: officer_name.clone(),
            },
            Act::Do(cmd) => cmd,
            Act::Issue => {
                let y = at.year();
                let seq = counters.peek(services, &staff.agency_id, SequenceKind::Doc, y)?;
                doc = Some(y);
                Command::IssueReply {
                    doc_number: DocNumber::new(
                        &staff.doc_prefix,
                        y,
                        u32::try_from(seq).unwrap_or(0),
                    )
                    .map_err(|e| ServiceError::Corrupt(e.to_string()))?,
                }
            }
        };
        // A step the rules refuse ends the life there, as a clerk's refused command changes nothing.
        let Ok(decided) = decide(&case, cmd, actor, at, cal) else {
            break;
        };
        if let Some(y) = doc {
            counters.take(&staff.agency_id, SequenceKind::Doc, y);
        }
        for e in &decided {
            case.apply(e);
            events.push(to_new_event(e, actor, at)?);
        }
        last = at;
    }
    Ok(BulkCase {
        id: rng_id(&mut rng),
        agency_id: staff.agency_id.clone(),
        number_year: year,
        number_seq: seq,
        tracking_code: rng_tracking_code(&mut rng),
        applicant_id: rng_id(&mut rng),
        applicant,
        projection: projection(&case, cal)?,
        events,
    })
}

/// Generates `plan.cases` cases over `plan.agencies` agencies and writes them, [`BATCH`] whole
/// records per transaction; `progress` is told how many cases are written so far. The same plan on
/// the same empty database gives the same records (ids, numbers, tracking codes and hashes).
pub fn seed(
    services: &Services,
    plan: &SeedPlan,
    mut progress: impl FnMut(u64),
) -> Result<SeedReport, ServiceError> {
    let now = plan
        .today
        .and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default());
    let staff = ensure_staff(services, plan.agencies, now)?;
    let cal_now = services.calendar();
    let cal = &*cal_now;
    // Receipt dates first, sorted, so case numbers follow registration order as they would.
    let mut rng = Rng::new(plan.seed);
    let mut received: Vec<(NaiveDate, u8)> = (0..plan.cases)
        .map(|_| {
            let back = rng.below(plan.span_days.max(1));
            let d = working_on_or_after(cal, plan.today - Days::new(back));
            let d = if d > plan.today {
                plan.today - Days::new(back)
            } else {
                d
            };
            let agency = u8::try_from(rng.below(u64::from(plan.agencies.max(1)))).unwrap_or(0);
            (d, agency)
        })
        .collect();
    received.sort();
    let mut counters = Counters::default();
    let mut report = SeedReport::default();
    let mut index = 0u64;
    for chunk in received.chunks(BATCH) {
        let mut batch = Vec::with_capacity(chunk.len());
        for (d, agency) in chunk {
            let staff = &staff[usize::from(*agency).min(staff.len() - 1)];
            let c = generate_case(
                services,
                staff,
                &mut counters,
                plan.seed,
                index,
                *d,
                plan.today,
            )?;
            index += 1;
            report.events += c.events.len() as u64;
            *report
                .by_stage
                .entry(c.projection.stage.clone())
                .or_default() += 1;
            if let Some(o) = &c.projection.outcome {
                *report.by_outcome.entry(o.clone()).or_default() += 1;
            }
            batch.push(c);
        }
        let touched = std::mem::take(&mut counters.touched);
        services.store.write(|c| -> Result<(), ServiceError> {
            bulk::insert_cases(c, &batch)?;
            for key in &touched {
                let next = counters.next.get(key).copied().unwrap_or(1);
                bulk::set_next_value(c, &key.0, key.1, key.2, next)?;
            }
            Ok(())
        })?;
        report.cases += batch.len() as u64;
        progress(report.cases);
    }
    Ok(report)
}
