//! Moving out: every case with its applicant, its full event record and its documents' metadata, as
//! JSON (complete, and importable into an empty database by [`Services::restore`]) or CSV (one line
//! per event, for a spreadsheet). An agency is never locked in.
//!
//! Personal data: [`ExportOptions::applicant`] exports one applicant's cases (a request for one's
//! own data); [`ExportOptions::mask`] masks ID numbers, phone numbers, e-mail and postal addresses
//! and natural persons' names everywhere, including inside the event record, for publication. A
//! masked export leaves out staff accounts and cannot be restored.
use std::io::Write;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use disclosure_core::case::Case;
use disclosure_store::cases as store_cases;
use disclosure_store::dump::{self, ApplicantRow};
use disclosure_store::model::{Agency, NewApplicant, NewEvent, StoredEvent, User};
use disclosure_store::{directory, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::records::{projection, to_event};
use crate::{ServiceError, Services};

/// The `format` field of an export, checked on import.
pub const EXPORT_FORMAT: &str = "disclosure-export";
/// The version of the export's shape.
pub const EXPORT_VERSION: u32 = 1;

/// What to export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Mask personal data (for publication).
    pub mask: bool,
    /// Only the cases of applicants with exactly this name.
    pub applicant: Option<String>,
}

/// The whole export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub version: u32,
    pub exported_at: NaiveDateTime,
    pub masked: bool,
    pub agencies: Vec<ExportAgency>,
    /// Staff accounts with their password hashes (absent from masked exports).
    pub users: Vec<ExportUser>,
    pub cases: Vec<ExportCase>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportAgency {
    pub id: String,
    pub name: String,
    pub doc_prefix: String,
    pub address: String,
    pub contact: String,
    pub review_body: String,
    pub court: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportUser {
    pub id: String,
    pub agency_id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password_hash: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportApplicant {
    pub kind: String,
    pub name: String,
    pub id_doc_type: Option<String>,
    pub id_doc_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportEvent {
    pub seq: i32,
    pub kind: String,
    /// The event as the domain wrote it.
    pub payload: Value,
    pub actor_id: String,
    pub actor_name: String,
    pub recorded_at: NaiveDateTime,
    /// The hash chain link in the source database (for audit; recomputed on import).
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDocument {
    pub id: String,
    pub kind: String,
    pub title: String,
    /// The 字号's year and sequence number (unique per agency), when the letter has one.
    pub doc_year: Option<i32>,
    pub doc_seq: Option<i32>,
    pub doc_number: Option<String>,
    pub issued_on: NaiveDate,
    pub sha256: String,
    /// The PDF's file name in the documents folder, when one was written.
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportCase {
    pub id: String,
    pub agency_id: String,
    /// `YYYY-N`, as on the letters.
    pub number: String,
    pub number_year: i32,
    pub number_seq: i32,
    pub stage: String,
    pub receipt_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub applicant: Option<ExportApplicant>,
    pub events: Vec<ExportEvent>,
    pub documents: Vec<ExportDocument>,
}

/// Why an export could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("not an export of disclosure (format `{0}`)")]
    Format(String),
    #[error("export version {0} is not supported (this program reads version {EXPORT_VERSION})")]
    Version(u32),
    #[error("a masked export cannot be imported: its personal data is gone")]
    Masked,
    #[error("the database already has cases; an export is imported into an empty database")]
    NotEmpty,
    #[error("case {case}: {message}")]
    Case { case: String, message: String },
    #[error("the export has {0} document(s): give the folder written by `export --documents DIR`")]
    DocumentsNeeded(usize),
    #[error("document {file}: {message}")]
    Document { file: String, message: String },
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<StoreError> for RestoreError {
    fn from(e: StoreError) -> Self {
        Self::Service(e.into())
    }
}

impl Services {
    /// Reads every case (or one applicant's) with its record.
    pub fn export(&self, opts: &ExportOptions, now: NaiveDateTime) -> Result<Export, ServiceError> {
        let (agencies, users, cases, events, documents) = self.store.read(|c| {
            Ok((
                directory::list_agencies(c)?,
                dump::all_users(c)?,
                dump::all_cases(c)?,
                store_cases::all_events(c)?,
                dump::all_documents(c)?,
            ))
        })?;
        let mut events_by_case: std::collections::HashMap<String, Vec<StoredEvent>> =
            std::collections::HashMap::new();
        for e in events {
            events_by_case.entry(e.case_id.clone()).or_default().push(e);
        }
        let mut docs_by_case: std::collections::HashMap<String, Vec<ExportDocument>> =
            std::collections::HashMap::new();
        for d in documents {
            let file = format!("{}.pdf", d.id);
            docs_by_case
                .entry(d.case_id.clone())
                .or_default()
                .push(ExportDocument {
                    id: d.id,
                    kind: d.kind,
                    title: d.title,
                    doc_year: d.doc_year,
                    doc_seq: d.doc_seq,
                    doc_number: d.doc_number,
                    issued_on: d.issued_on,
                    sha256: d.sha256,
                    file,
                });
        }
        let cases = cases
            .into_iter()
            .filter(|(_, a)| match &opts.applicant {
                None => true,
                Some(name) => a.as_ref().is_some_and(|a| a.name.trim() == name.trim()),
            })
            .map(|(row, applicant)| {
                let events = events_by_case
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|e| -> Result<ExportEvent, ServiceError> {
                        let mut payload: Value =
                            serde_json::from_str(&e.payload).map_err(|err| {
                                ServiceError::Corrupt(format!(
                                    "event {} of case {}: {err}",
                                    e.seq, e.case_id
                                ))
                            })?;
                        if opts.mask {
                            mask_value(&mut payload);
                        }
                        Ok(ExportEvent {
                            seq: e.seq,
                            kind: e.kind,
                            payload,
                            actor_id: e.actor_id,
                            actor_name: e.actor_name,
                            recorded_at: e.recorded_at,
                            hash: e.hash,
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(ExportCase {
                    number: format!("{}-{}", row.number_year, row.number_seq),
                    documents: docs_by_case.remove(&row.id).unwrap_or_default(),
                    applicant: applicant.map(|a| export_applicant(a, opts.mask)),
                    id: row.id,
                    agency_id: row.agency_id,
                    number_year: row.number_year,
                    number_seq: row.number_seq,
                    stage: row.stage,
                    receipt_date: row.receipt_date,
                    due_date: row.due_date,
                    outcome: row.outcome,
                    events,
                })
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        Ok(Export {
            format: EXPORT_FORMAT.into(),
            version: EXPORT_VERSION,
            exported_at: now,
            masked: opts.mask,
            agencies: agencies.into_iter().map(export_agency).collect(),
            users: if opts.mask {
                Vec::new()
            } else {
                users.into_iter().map(export_user).collect()
            },
            cases,
        })
    }

    /// Writes each exported document's PDF into `dir` under its `file` name.
    pub fn write_documents(&self, export: &Export, dir: &Path) -> Result<usize, ServiceError> {
        std::fs::create_dir_all(dir).map_err(StoreError::Io)?;
        let mut n = 0;
        for d in export.cases.iter().flat_map(|c| &c.documents) {
            let bytes = self.store.read(|c| dump::document_content(c, &d.id))?;
            std::fs::write(dir.join(&d.file), bytes).map_err(StoreError::Io)?;
            n += 1;
        }
        Ok(n)
    }

    /// Imports a (not masked) export into an empty database, in one transaction: agencies and staff
    /// as they were, then each case's events replayed in order — so its projection, deadline and
    /// annual-report figures are recomputed by this program from the record itself. Case numbers
    /// are reallocated in the same order, so a gapless source keeps its numbers. Hash chains are
    /// recomputed (the source's hashes stay in the export for audit). Issued documents are read
    /// from `documents` (the folder of `export --documents`), checked against their SHA-256 and
    /// kept with their 字号; each agency's 字号 sequence continues after the highest one imported,
    /// so no 字号 is ever issued twice.
    pub fn restore(
        &self,
        export: &Export,
        documents: Option<&Path>,
    ) -> Result<usize, RestoreError> {
        if export.format != EXPORT_FORMAT {
            return Err(RestoreError::Format(export.format.clone()));
        }
        if export.version != EXPORT_VERSION {
            return Err(RestoreError::Version(export.version));
        }
        if export.masked {
            return Err(RestoreError::Masked);
        }
        let doc_count = export
            .cases
            .iter()
            .map(|c| c.documents.len())
            .sum::<usize>();
        if doc_count > 0 && documents.is_none() {
            return Err(RestoreError::DocumentsNeeded(doc_count));
        }
        let cal = self.calendar();
        self.store.write(|c| -> Result<usize, RestoreError> {
            let mut highest_doc: std::collections::BTreeMap<(String, i32), i32> =
                std::collections::BTreeMap::new();
            if !dump::all_cases(c)?.is_empty() {
                return Err(RestoreError::NotEmpty);
            }
            let known: Vec<String> = directory::list_agencies(c)?
                .into_iter()
                .map(|a| a.id)
                .collect();
            for a in export.agencies.iter().filter(|a| !known.contains(&a.id)) {
                directory::insert_agency(c, &agency_of(a))?;
            }
            let known_users: Vec<String> = dump::all_users(c)?.into_iter().map(|u| u.id).collect();
            for u in export.users.iter().filter(|u| !known_users.contains(&u.id)) {
                directory::insert_user(c, &user_of(u))?;
            }
            let mut cases: Vec<&ExportCase> = export.cases.iter().collect();
            cases.sort_by_key(|x| (x.agency_id.clone(), x.number_year, x.number_seq));
            for x in &cases {
                let fail = |message: String| RestoreError::Case {
                    case: x.number.clone(),
                    message,
                };
                let stored: Vec<NewEvent> = x
                    .events
                    .iter()
                    .map(|e| NewEvent {
                        kind: e.kind.clone(),
                        payload: e.payload.clone(),
                        actor_id: e.actor_id.clone(),
                        actor_name: e.actor_name.clone(),
                        recorded_at: e.recorded_at,
                    })
                    .collect();
                let mut case = Case::default();
                for e in &x.events {
                    let as_stored = StoredEvent {
                        case_id: x.id.clone(),
                        seq: e.seq,
                        kind: e.kind.clone(),
                        payload: e.payload.to_string(),
                        actor_id: e.actor_id.clone(),
                        actor_name: e.actor_name.clone(),
                        recorded_at: e.recorded_at,
                        prev_hash: String::new(),
                        hash: e.hash.clone(),
                    };
                    case.apply(&to_event(&as_stored).map_err(|e| fail(e.to_string()))?);
                }
                let proj = projection(&case, &cal).map_err(|e| fail(e.to_string()))?;
                let [first, rest @ ..] = stored.as_slice() else {
                    return Err(fail("no events".into()));
                };
                let applicant = x.applicant.as_ref().map(|a| NewApplicant {
                    kind: a.kind.clone(),
                    name: a.name.clone(),
                    id_doc_type: a.id_doc_type.clone(),
                    id_doc_number: a.id_doc_number.clone(),
                    phone: a.phone.clone(),
                    email: a.email.clone(),
                    address: a.address.clone(),
                });
                let reg = store_cases::register(
                    c,
                    &x.agency_id,
                    x.number_year,
                    applicant.as_ref(),
                    &proj,
                    first,
                )?;
                let last = rest.last().map_or(first.recorded_at, |e| e.recorded_at);
                if !rest.is_empty() {
                    store_cases::append(c, &reg.case_id, 1, rest, &proj, last)?;
                }
                if let Some((number, _)) = &case.issued {
                    let seq = i32::try_from(number.seq).unwrap_or(i32::MAX);
                    let e = highest_doc
                        .entry((x.agency_id.clone(), number.year))
                        .or_insert(0);
                    *e = (*e).max(seq);
                }
                for d in &x.documents {
                    let dir = documents.ok_or(RestoreError::DocumentsNeeded(doc_count))?;
                    let doc_err = |message: String| RestoreError::Document {
                        file: d.file.clone(),
                        message,
                    };
                    let content =
                        std::fs::read(dir.join(&d.file)).map_err(|e| doc_err(e.to_string()))?;
                    let sha = hex_sha256(&content);
                    if sha != d.sha256 {
                        return Err(doc_err(format!(
                            "SHA-256 {sha} differs from the export's {}",
                            d.sha256
                        )));
                    }
                    let doc_number = match (d.doc_year, d.doc_seq, &d.doc_number) {
                        (Some(year), Some(seq), Some(printed)) => {
                            let e = highest_doc.entry((x.agency_id.clone(), year)).or_insert(0);
                            *e = (*e).max(seq);
                            Some(disclosure_store::documents::IssuedNumber {
                                year,
                                seq,
                                printed: printed.clone(),
                            })
                        }
                        _ => None,
                    };
                    disclosure_store::documents::insert_document(
                        c,
                        &disclosure_store::documents::NewDocument {
                            case_id: reg.case_id.clone(),
                            agency_id: x.agency_id.clone(),
                            kind: d.kind.clone(),
                            title: d.title.clone(),
                            doc_number,
                            issued_on: d.issued_on,
                            content,
                        },
                        last,
                    )?;
                }
            }
            // The 字号 sequences continue after the highest number imported (bounded: one step
            // per number, and 字号 of one agency's year are counted in thousands at most).
            for ((agency, year), highest) in &highest_doc {
                for _ in 0..=*highest {
                    if store_cases::next_doc_seq(c, agency, *year)? >= *highest {
                        break;
                    }
                }
            }
            Ok(cases.len())
        })
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn export_agency(a: Agency) -> ExportAgency {
    ExportAgency {
        id: a.id,
        name: a.name,
        doc_prefix: a.doc_prefix,
        address: a.address,
        contact: a.contact,
        review_body: a.review_body,
        court: a.court,
        created_at: a.created_at,
    }
}

fn agency_of(a: &ExportAgency) -> Agency {
    Agency {
        id: a.id.clone(),
        name: a.name.clone(),
        doc_prefix: a.doc_prefix.clone(),
        address: a.address.clone(),
        contact: a.contact.clone(),
        review_body: a.review_body.clone(),
        court: a.court.clone(),
        created_at: a.created_at,
    }
}

fn export_user(u: User) -> ExportUser {
    ExportUser {
        id: u.id,
        agency_id: u.agency_id,
        username: u.username,
        display_name: u.display_name,
        role: u.role,
        password_hash: u.password_hash,
        active: u.active,
        created_at: u.created_at,
    }
}

fn user_of(u: &ExportUser) -> User {
    User {
        id: u.id.clone(),
        agency_id: u.agency_id.clone(),
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role.clone(),
        password_hash: u.password_hash.clone(),
        active: u.active,
        created_at: u.created_at,
    }
}

fn export_applicant(a: ApplicantRow, mask: bool) -> ExportApplicant {
    let natural = a.kind == "natural_person";
    if !mask {
        return ExportApplicant {
            kind: a.kind,
            name: a.name,
            id_doc_type: a.id_doc_type,
            id_doc_number: a.id_doc_number,
            phone: a.phone,
            email: a.email,
            address: a.address,
        };
    }
    ExportApplicant {
        name: if natural { mask_name(&a.name) } else { a.name },
        kind: a.kind,
        id_doc_type: a.id_doc_type,
        id_doc_number: a.id_doc_number.as_deref().map(mask_number),
        phone: a.phone.as_deref().map(mask_number),
        email: a.email.as_ref().map(|_| MASK.to_string()),
        address: a.address.as_ref().map(|_| MASK.to_string()),
    }
}

/// What replaces an e-mail or postal address in a masked export.
const MASK: &str = "***";

/// 张三 → 张*, 欧阳娜娜 → 欧***: the family name stays, as in published 答复 examples.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
    }
}

/// Keeps the first 3 and last 2 characters of a number of 8 or more (an ID number's region code
/// prefix and a phone's carrier prefix reveal little); shorter ones become stars entirely.
pub fn mask_number(n: &str) -> String {
    let chars: Vec<char> = n.trim().chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < 3 || i >= chars.len() - 2 {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// Masks the personal data inside an event payload: every `applicant` object (name of a natural
/// person, identity document number, phone, e-mail, address, contact person).
fn mask_value(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "applicant" {
                    if let Value::Object(a) = child {
                        mask_applicant_object(a);
                    }
                } else {
                    mask_value(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_value),
        _ => {}
    }
}

fn mask_applicant_object(a: &mut serde_json::Map<String, Value>) {
    let natural = a.get("kind").and_then(Value::as_str) == Some("natural_person");
    if natural {
        if let Some(Value::String(n)) = a.get_mut("name") {
            *n = mask_name(n);
        }
    }
    if let Some(Value::Object(doc)) = a.get_mut("id_document") {
        if let Some(Value::String(n)) = doc.get_mut("number") {
            *n = mask_number(n);
        } else if let Some(Value::Object(other)) = doc.get_mut("number") {
            if let Some(Value::String(n)) = other.get_mut("number") {
                *n = mask_number(n);
            }
        }
    }
    if let Some(Value::String(p)) = a.get_mut("phone") {
        *p = mask_number(p);
    }
    for key in ["email", "address", "contact_person"] {
        if let Some(v @ Value::String(_)) = a.get_mut(key) {
            *v = Value::String(MASK.into());
        }
    }
}

/// The CSV header: one line per event, with its case's columns repeated.
pub const CSV_HEADER: [&str; 13] = [
    "case_number",
    "agency_id",
    "receipt_date",
    "stage",
    "outcome",
    "applicant_kind",
    "applicant_name",
    "event_seq",
    "event_kind",
    "recorded_at",
    "actor_name",
    "payload",
    "documents",
];

/// Writes the export as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese text correctly).
pub fn write_csv(export: &Export, out: impl Write) -> Result<(), csv::Error> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    for c in &export.cases {
        let docs = c
            .documents
            .iter()
            .map(|d| d.file.as_str())
            .collect::<Vec<_>>()
            .join(";");
        for e in &c.events {
            w.write_record([
                c.number.as_str(),
                c.agency_id.as_str(),
                &c.receipt_date.to_string(),
                c.stage.as_str(),
                c.outcome.as_deref().unwrap_or(""),
                c.applicant.as_ref().map_or("", |a| a.kind.as_str()),
                c.applicant.as_ref().map_or("", |a| a.name.as_str()),
                &e.seq.to_string(),
                e.kind.as_str(),
                &e.recorded_at.to_string(),
                e.actor_name.as_str(),
                &e.payload.to_string(),
                &docs,
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_little() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_number("11010519491231002X"), "110*************2X");
        assert_eq!(mask_number("13912345678"), "139******78");
        assert_eq!(mask_number("12345"), "*****");
    }

    #[test]
    fn masks_the_applicant_inside_an_event_payload() {
        let mut v = serde_json::json!({"kind": "registered", "application": {"applicant": {
            "kind": "natural_person", "name": "张三",
            "id_document": {"type": "resident_id", "number": "11010519491231002X"},
            "phone": "13912345678", "email": "z@example.cn", "address": "人民路1号",
            "contact_person": null}}});
        mask_value(&mut v);
        let a = &v["application"]["applicant"];
        assert_eq!(a["name"], "张*");
        assert_eq!(a["id_document"]["number"], "110*************2X");
        assert_eq!(a["phone"], "139******78");
        assert_eq!(a["email"], "***");
        assert_eq!(a["address"], "***");
        assert_eq!(a["contact_person"], Value::Null);
    }
}
