//! Deadline compliance (R-TIME-3, R-TIME-4, R-TIME-5, R-TIME-9, R-COR-1) on a fixture of 20 cases
//! whose every figure was worked out by hand on the official 2026 calendar (清明 4–6 April, 劳动节
//! 1–5 May with Saturday 9 May worked, 端午 19 June). The working-out is in the comment of each case.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use chrono::NaiveDate;
use disclosure_calendar::Calendar;
use disclosure_core::applicant::{Applicant, ApplicantKind};
use disclosure_core::case::{
    Application, Case, ConsultationAnswer, DeliveryMethod, Event, PartyKind, ProvisionForm,
};
use disclosure_core::clock::PauseReason;
use disclosure_core::fee::FeeBasis;
use disclosure_core::receipt::ReceiptFacts;
use disclosure_core::report::compliance::{
    compliance, nearest_rank, ComplianceCase, ComplianceReport, Figures, Handler, Period,
};
use disclosure_core::values::DocNumber;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const O1: (&str, &str) = ("u-1", "赵一");
const O2: (&str, &str) = ("u-2", "钱二");

/// A case as a list of events, built fluently.
struct B(Vec<Event>);

impl B {
    fn received(on: &str) -> Self {
        let application = Application {
            agency_id: "a".into(),
            applicant: Applicant {
                kind: ApplicantKind::NaturalPerson,
                name: "张三".into(),
                id_document: None,
                phone: None,
                email: None,
                address: Some("某市某路1号".into()),
                contact_person: None,
            },
            description: "某项目环评批复".into(),
            requested_form: ProvisionForm::Paper,
            delivery: DeliveryMethod::Post,
            receipt: ReceiptFacts::InPerson { handed_in: d(on) },
            oral: false,
        };
        Self(vec![Event::Registered {
            application,
            receipt_date: d(on),
            missing: vec![],
        }])
    }
    fn to(mut self, officer: (&str, &str)) -> Self {
        self.0.push(Event::Assigned {
            officer_id: officer.0.into(),
            officer_name: officer.1.into(),
        });
        self
    }
    fn correction(mut self, requested: &str, received: Option<&str>) -> Self {
        self.0.push(Event::CorrectionRequested {
            requested_on: d(requested),
            items: vec!["所需信息的名称".into()],
            reply_by: d(requested) + chrono::Days::new(15),
            late: false,
        });
        if let Some(r) = received {
            self.0.push(Event::CorrectionReceived { received_on: d(r) });
        }
        self
    }
    fn consult(mut self, kind: PartyKind, sent: &str, window: &str) -> Self {
        self.0.push(Event::ConsultationStarted {
            consultation_id: 1,
            party: "某公司".into(),
            party_kind: kind,
            sent_on: d(sent),
            window_ends: d(window),
        });
        self
    }
    fn fee(mut self, noticed: &str, paid: Option<&str>) -> Self {
        self.0.push(Event::FeeNoticed {
            basis: FeeBasis::PerItem { nth: 11 },
            amount_yuan: 100,
            noticed_on: d(noticed),
            pay_by: d(noticed) + chrono::Days::new(28),
        });
        if let Some(p) = paid {
            self.0.push(Event::FeePaid { paid_on: d(p) });
        }
        self
    }
    fn extension(mut self, days: u32, approved: &str) -> Self {
        self.0.push(Event::ExtensionRequested {
            days,
            reason: "需调取档案".into(),
        });
        self.0.push(Event::ExtensionApproved {
            approved_on: d(approved),
            approver_name: "孙负责".into(),
        });
        self
    }
    fn then(mut self, e: Event) -> Self {
        self.0.push(e);
        self
    }
    fn issued(mut self, on: &str) -> Self {
        self.0.push(Event::ReplyIssued {
            doc_number: DocNumber::new("X府信公开", 2026, 1).unwrap(),
            issued_on: d(on),
            clause: None,
        });
        self
    }
    fn case(self) -> Case {
        Case::from_events(&self.0)
    }
}

fn fixture() -> Vec<(String, Case)> {
    let c = |n: u32, b: B| (format!("2026-{n:04}"), b.case());
    vec![
        // Received Mon 2 March: due 30 March (20 working days, no holiday). Replied 20 March:
        // 14 working days, on time.
        c(1, B::received("2026-03-02").to(O1).issued("2026-03-20")),
        // Replied on the due day itself: on time, 20 working days.
        c(2, B::received("2026-03-02").to(O1).issued("2026-03-30")),
        // Replied 1 April: late by 31 March and 1 April = 2; 22 working days.
        c(3, B::received("2026-03-02").to(O1).issued("2026-04-01")),
        // Received 9 March: the 20th working day skips 清明 (4–6 April) → due 7 April. Replied
        // Friday 10 April: late by 8, 9, 10 April = 3; 23 working days.
        c(4, B::received("2026-03-09").to(O2).issued("2026-04-10")),
        // 补正 on 11 March = the 7th working day after 2 March (in time, R-COR-1); corrected
        // application 16 March restarts the 20 days (R-COR-2) → due 14 April; replied that day:
        // on time; 30 working days from the first receipt.
        c(
            5,
            B::received("2026-03-02")
                .to(O2)
                .correction("2026-03-11", Some("2026-03-16"))
                .issued("2026-04-14"),
        ),
        // 补正 on 13 March, 2 working days after its limit 11 March; still awaiting the applicant.
        c(
            6,
            B::received("2026-03-02")
                .to(O2)
                .correction("2026-03-13", None),
        ),
        // Extension of 10 approved 25 March, before the original due date 30 March (R-TIME-4):
        // due 14 April; replied that day: on time, 30 working days.
        c(
            7,
            B::received("2026-03-02")
                .to(O1)
                .extension(10, "2026-03-25")
                .issued("2026-04-14"),
        ),
        // Extension of 20 approved 31 March, the day after the original due date: a breach of
        // R-TIME-4; due 28 April; replied then: on time, 40 working days.
        c(
            8,
            B::received("2026-03-02")
                .to(O1)
                .extension(20, "2026-03-31")
                .issued("2026-04-28"),
        ),
        // Third party consulted 4 March, answered 10 March: 4 working days paused (5, 6, 9, 10
        // March, R-TIME-5); 2 used before, 18 remain after 10 March → due 3 April; replied then:
        // on time, 24 working days.
        c(
            9,
            B::received("2026-03-02")
                .to(O2)
                .consult(PartyKind::ThirdParty, "2026-03-04", "2026-03-25")
                .then(Event::ConsultationAnswered {
                    consultation_id: 1,
                    answered_on: d("2026-03-10"),
                    answer: ConsultationAnswer::Agrees,
                })
                .issued("2026-04-03"),
        ),
        // Another agency consulted 3 March, silent: the window (15 working days) ends 24 March
        // (R-TIME-7), 15 days paused; 1 used before, 19 remain → due 21 April. Replied 20 April:
        // on time, 34 working days.
        c(
            10,
            B::received("2026-03-02")
                .to(O2)
                .consult(PartyKind::Agency, "2026-03-03", "2026-03-24")
                .then(Event::ConsultationLapsed {
                    consultation_id: 1,
                    on: d("2026-03-24"),
                })
                .issued("2026-04-20"),
        ),
        // Fee noticed 3 June and still unpaid on 30 June: paused 18 working days so far (端午 19
        // June off); a paused clock is not overdue.
        c(11, B::received("2026-06-01").to(O2).fee("2026-06-03", None)),
        // Received 6 May (the 劳动节 break over, Saturday 9 May worked) → due 2 June; open on 30
        // June: overdue by 19 working days.
        c(12, B::received("2026-05-06").to(O1)),
        // Received 1 June → due 30 June: on the due day it is not yet overdue.
        c(13, B::received("2026-06-01").to(O2)),
        // Received 25 June, not yet assigned: only counted as received.
        c(14, B::received("2026-06-25")),
        // Received and replied in February: outside the period.
        c(15, B::received("2026-02-02").to(O1).issued("2026-02-27")),
        // Withdrawn: concluded without a reply, never overdue.
        c(
            16,
            B::received("2026-03-16").to(O2).then(Event::Withdrawn {
                on: d("2026-03-20"),
            }),
        ),
        // Received 28 April; 劳动节 1–5 May off, 9 May worked → due 28 May. Replied 29 May: late by
        // 1; 21 working days.
        c(17, B::received("2026-04-28").to(O1).issued("2026-05-29")),
        // Replied after 2 working days.
        c(18, B::received("2026-05-06").to(O2).issued("2026-05-08")),
        // 补正 on the receipt day itself (limit 13 April): in time; the applicant never answered.
        c(
            19,
            B::received("2026-04-01")
                .to(O2)
                .correction("2026-04-01", None)
                .then(Event::CorrectionLapsed {
                    on: d("2026-04-20"),
                }),
        ),
        // Fee noticed 8 April (1 day used), paid 15 April: 5 working days paused (R-TIME-9); 19
        // remain → due 14 May. Replied 15 May: late by 1; 26 working days.
        c(
            20,
            B::received("2026-04-07")
                .to(O1)
                .fee("2026-04-08", Some("2026-04-15"))
                .issued("2026-05-15"),
        ),
    ]
}

fn report() -> ComplianceReport {
    let cal = Calendar::builtin().unwrap();
    let cases = fixture();
    compliance(
        cases.iter().map(|(n, c)| ComplianceCase {
            id: n,
            number: n,
            case: c,
        }),
        Period {
            from: d("2026-03-01"),
            to: d("2026-06-30"),
        },
        d("2026-06-30"),
        &cal,
    )
}

fn nums<'a>(it: impl IntoIterator<Item = &'a String>) -> Vec<u32> {
    it.into_iter().map(|s| s[5..].parse().unwrap()).collect()
}

fn timed(v: &[disclosure_core::report::compliance::Timed]) -> Vec<(u32, u32)> {
    v.iter()
        .map(|t| (t.case.number[5..].parse().unwrap(), t.working_days_late))
        .collect()
}

#[test]
fn r_time_3_replies_on_time_and_late_by_working_days() {
    let r = report();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let t = &r.total;
    assert_eq!(t.replied(), 12);
    assert_eq!(
        timed(&t.on_time),
        [
            (1, 0),
            (2, 0),
            (5, 0),
            (7, 0),
            (8, 0),
            (9, 0),
            (10, 0),
            (18, 0)
        ]
    );
    assert_eq!(timed(&t.late), [(3, 2), (4, 3), (17, 1), (20, 1)]);
    let due_of = |n: &str| t.late.iter().find(|x| x.case.number == n).unwrap().limit;
    assert_eq!(due_of("2026-0004"), d("2026-04-07"));
    assert_eq!(due_of("2026-0017"), d("2026-05-28"));
    assert_eq!(due_of("2026-0020"), d("2026-05-14"));
}

#[test]
fn r_time_3_median_and_90th_percentile_of_working_days_to_reply() {
    let t = report().total;
    assert_eq!(
        t.days_to_reply,
        [2, 14, 20, 21, 22, 23, 24, 26, 30, 30, 34, 40]
    );
    // Nearest rank: the 6th and the 11th of 12.
    assert_eq!(t.median_days(), Some(23));
    assert_eq!(t.p90_days(), Some(34));
    assert_eq!(nearest_rank(&[], 50), None);
    assert_eq!(nearest_rank(&[7], 90), Some(7));
}

#[test]
fn r_cor_1_correction_notices_within_and_after_seven_working_days() {
    let t = report().total;
    assert_eq!(timed(&t.corrections_in_time), [(5, 0), (19, 0)]);
    assert_eq!(timed(&t.corrections_late), [(6, 2)]);
    assert_eq!(t.corrections_late[0].limit, d("2026-03-11"));
    assert_eq!(t.corrections_in_time[1].limit, d("2026-04-13"));
}

#[test]
fn r_time_4_extensions_with_approver_and_timeliness() {
    let t = report().total;
    let ext: Vec<_> = t
        .extensions
        .iter()
        .map(|e| {
            (
                e.case.number.as_str(),
                e.days,
                e.approver.as_str(),
                e.original_due,
                e.approved_in_time,
            )
        })
        .collect();
    assert_eq!(
        ext,
        [
            ("2026-0007", 10, "孙负责", Some(d("2026-03-30")), true),
            ("2026-0008", 20, "孙负责", Some(d("2026-03-30")), false),
        ]
    );
    assert_eq!(t.extensions_late().count(), 1);
}

#[test]
fn r_time_5_and_r_time_9_pauses_and_their_lengths() {
    let t = report().total;
    let p: Vec<_> = t
        .pauses
        .iter()
        .map(|p| {
            (
                p.case.number.as_str(),
                p.reason,
                p.from,
                p.until,
                p.working_days,
            )
        })
        .collect();
    assert_eq!(
        p,
        [
            (
                "2026-0009",
                PauseReason::ThirdPartyConsultation,
                d("2026-03-04"),
                Some(d("2026-03-10")),
                4
            ),
            (
                "2026-0010",
                PauseReason::AgencyConsultation,
                d("2026-03-03"),
                Some(d("2026-03-24")),
                15
            ),
            (
                "2026-0011",
                PauseReason::FeePayment,
                d("2026-06-03"),
                None,
                18
            ),
            (
                "2026-0020",
                PauseReason::FeePayment,
                d("2026-04-08"),
                Some(d("2026-04-15")),
                5
            ),
        ]
    );
    assert_eq!(t.paused_working_days(), 42);
}

#[test]
fn r_time_3_open_cases_overdue_on_the_report_day() {
    let t = report().total;
    let o: Vec<_> = t
        .overdue
        .iter()
        .map(|o| (o.case.number.as_str(), o.due, o.working_days))
        .collect();
    assert_eq!(o, [("2026-0012", d("2026-06-02"), 19)]);
}

#[test]
fn r_time_3_figures_per_officer() {
    let r = report();
    let officer = |(id, name): (&str, &str)| -> &Figures {
        &r.by_handler[&Handler::Officer {
            id: id.into(),
            name: name.into(),
        }]
    };
    let o1 = officer(O1);
    assert_eq!(
        nums(o1.replied_cases().into_iter().map(|c| &c.number)),
        [1, 2, 3, 7, 8, 17, 20]
    );
    assert_eq!(o1.late.len(), 3);
    assert_eq!((o1.median_days(), o1.p90_days()), (Some(22), Some(40)));
    assert_eq!(o1.extensions.len(), 2);
    assert_eq!(o1.overdue.len(), 1);
    assert!(o1.corrections_in_time.is_empty() && o1.corrections_late.is_empty());
    assert_eq!(o1.paused_working_days(), 5);

    let o2 = officer(O2);
    assert_eq!(
        nums(o2.replied_cases().into_iter().map(|c| &c.number)),
        [4, 5, 9, 10, 18]
    );
    assert_eq!(timed(&o2.late), [(4, 3)]);
    assert_eq!((o2.median_days(), o2.p90_days()), (Some(24), Some(34)));
    assert_eq!(o2.corrections_in_time.len() + o2.corrections_late.len(), 3);
    assert_eq!(o2.paused_working_days(), 4 + 15 + 18);
    assert!(o2.overdue.is_empty());

    assert_eq!(r.by_handler[&Handler::Unassigned], Figures::default());
    assert_eq!(r.by_handler.len(), 3);
}

#[test]
fn r_time_3_month_by_month_volume_and_on_time_rate() {
    let r = report();
    let m: Vec<_> = r
        .months
        .iter()
        .map(|m| (m.month, m.received, m.replied, m.on_time))
        .collect();
    assert_eq!(m, [(3, 11, 2, 2), (4, 3, 7, 5), (5, 2, 3, 1), (6, 3, 0, 0)]);
    assert_eq!(
        r.months[1].on_time_percent().map(|p| (p * 10.0).round()),
        Some(714.0)
    );
    assert_eq!(r.months[3].on_time_percent(), None);
}

#[test]
fn r_time_3_figures_per_agency_department_and_officer() {
    let mut r = report();
    // Without departments: one group holding every officer (the agency → officer layout).
    let groups = r.by_department();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].department, None);
    assert_eq!(groups[0].officers.len(), 3);

    r.departments = [("u-1", "政务公开科"), ("u-2", "法规科")]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let groups = r.by_department();
    let names: Vec<Option<&str>> = groups.iter().map(|g| g.department.as_deref()).collect();
    assert_eq!(names, [Some("政务公开科"), Some("法规科"), None]);
    // 政务公开科 is 赵一 alone: the figures of r_time_3_figures_per_officer.
    let g1 = &groups[0];
    assert_eq!(g1.officers.len(), 1);
    assert_eq!(g1.total.replied(), 7);
    assert_eq!(g1.total.late.len(), 3);
    assert_eq!(
        (g1.total.median_days(), g1.total.p90_days()),
        (Some(22), Some(40))
    );
    let g2 = &groups[1];
    assert_eq!(g2.total.replied(), 5);
    assert_eq!(timed(&g2.total.late), [(4, 3)]);
    assert_eq!(g2.total.paused_working_days(), 4 + 15 + 18);
    // The cases not assigned to anyone have no department.
    assert_eq!(groups[2].officers[0].0, Handler::Unassigned);
    assert_eq!(groups[2].total, Figures::default());

    // Both officers in one department: it holds every case of the agency, 7 + 5 replies, 3 + 1 late,
    // 5 + 37 working days paused, and its median is that of the twelve replies together.
    for v in r.departments.values_mut() {
        *v = "政务公开科".into();
    }
    let groups = r.by_department();
    assert_eq!(groups.len(), 2);
    let one = &groups[0];
    assert_eq!(one.officers.len(), 2);
    assert_eq!(one.total.replied(), 12);
    assert_eq!(one.total.late.len(), 4);
    assert_eq!(one.total.paused_working_days(), 42);
    assert_eq!(one.total, r.total);
}
