//! The raw limit of durable registrations on SQLite: `cases::register` (sequence upsert, applicant,
//! case row, first hash-chained event) in a tight loop, one transaction each, on a pool opened with
//! the server's own pragmas (WAL, synchronous = FULL). `scripts/bench-http.sh` divides the HTTP
//! registration rate by this one.
//!
//! `cargo run --release -p disclosure-store --example raw_insert -- DB_PATH SECONDS [THREADS]`
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use disclosure_store::model::{Agency, NewApplicant, NewEvent, Projection};
use disclosure_store::{cases, directory, DatabaseUrl, Store, StoreError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: raw_insert DB_PATH SECONDS [THREADS]")?;
    let secs: u64 = args.next().ok_or("SECONDS")?.parse()?;
    let threads: usize = args.next().map_or(Ok(1), |t| t.parse())?;
    let store = Store::open(&DatabaseUrl::parse(&path)?)?;
    let now = Utc::now().naive_utc();
    store.write(|c| {
        if directory::list_agencies(c)?.iter().any(|a| a.id == "raw") {
            return Ok::<_, StoreError>(());
        }
        directory::insert_agency(
            c,
            &Agency {
                id: "raw".into(),
                name: "基准测试机关".into(),
                doc_prefix: "基准".into(),
                address: "x".into(),
                contact: "x".into(),
                review_body: "x".into(),
                court: "x".into(),
                created_at: now,
            },
        )
    })?;
    let applicant = NewApplicant {
        kind: "natural_person".into(),
        name: "基准申请人".into(),
        id_doc_type: Some("resident_id".into()),
        id_doc_number: Some("11010519491231002X".into()),
        phone: Some("13800138000".into()),
        email: None,
        address: Some("示范市人民路1号".into()),
    };
    let projection = Projection {
        stage: "registered".into(),
        receipt_date: NaiveDate::from_ymd_opt(2026, 9, 28).ok_or("date")?,
        due_date: NaiveDate::from_ymd_opt(2026, 10, 30),
        provisional: false,
        assignee_id: None,
        outcome: None,
        handling_state: None,
        channel: Some("in_person".into()),
        request_text: Some("2025年老旧小区改造资金安排".into()),
        report: disclosure_store::model::ReportFacts {
            applicant_kind: Some("natural_person".into()),
            concluded_on: None,
            reviews: None,
        },
    };
    // A payload the size of a real `registered` event (about 900 bytes of JSON).
    let payload = serde_json::json!({
        "kind": "registered",
        "application": {
            "agency_id": "raw",
            "applicant": {"kind": "natural_person", "name": "基准申请人", "phone": "13800138000",
                "id_document": {"type": "resident_id", "number": "11010519491231002X"},
                "address": "示范市人民路1号", "email": null, "contact_person": null},
            "description": "2025年老旧小区改造资金安排".repeat(8),
            "requested_form": "paper", "delivery": "post",
            "receipt": {"channel": "in_person", "handed_in": "2026-09-28"}, "oral": false
        },
        "receipt_date": "2026-09-28", "missing": []
    });
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let total: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (store, applicant, projection, payload) =
                    (store.clone(), &applicant, &projection, &payload);
                s.spawn(move || -> Result<u64, StoreError> {
                    let mut n = 0u64;
                    while Instant::now() < deadline {
                        let event = NewEvent {
                            kind: "registered".into(),
                            payload: payload.clone(),
                            actor_id: "u-clerk".into(),
                            actor_name: "赵敏（受理）".into(),
                            recorded_at: Utc::now().naive_utc(),
                        };
                        store.write(|c| {
                            cases::register(c, "raw", 2026, Some(applicant), projection, &event)
                        })?;
                        n += 1;
                    }
                    Ok(n)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| "thread panicked".to_string())?
                    .map_err(|e| e.to_string())
            })
            .sum::<Result<u64, String>>()
    })?;
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "raw_insert: {total} registrations in {elapsed:.1} s = {:.0}/s ({threads} thread(s))",
        total as f64 / elapsed
    );
    Ok(())
}
