//! Issued documents: the exact bytes the agency sent, kept with their 字号 and hash. A letter is
//! rendered once, when it is issued, and every later download returns those bytes (R-LET-1), so a
//! change of template or agency settings never rewrites what an applicant received.
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::schema::documents;
use crate::{AnyConnection, StoreError};

/// A document to keep, as rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub case_id: String,
    pub agency_id: String,
    /// A stable kind key (`receipt`, `reply`, `correction_notice`, …).
    pub kind: String,
    pub title: String,
    /// The 字号 parts, for letters that carry one.
    pub doc_number: Option<IssuedNumber>,
    pub issued_on: NaiveDate,
    pub content: Vec<u8>,
}

/// A 字号 as stored: its year and sequence (unique per agency) and its printed form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedNumber {
    pub year: i32,
    pub seq: i32,
    pub printed: String,
}

/// A stored document without its bytes, for lists.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct DocumentMeta {
    pub id: String,
    pub case_id: String,
    pub agency_id: String,
    pub kind: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub issued_on: NaiveDate,
    pub sha256: String,
    pub size: i64,
    pub created_at: NaiveDateTime,
}

/// Keeps a document inside the caller's transaction; returns its id.
pub fn insert_document(
    conn: &mut AnyConnection,
    doc: &NewDocument,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    let sha = hex::encode(Sha256::digest(&doc.content));
    diesel::insert_into(documents::table)
        .values((
            documents::id.eq(&id),
            documents::case_id.eq(&doc.case_id),
            documents::agency_id.eq(&doc.agency_id),
            documents::kind.eq(&doc.kind),
            documents::title.eq(&doc.title),
            documents::doc_year.eq(doc.doc_number.as_ref().map(|n| n.year)),
            documents::doc_seq.eq(doc.doc_number.as_ref().map(|n| n.seq)),
            documents::doc_number.eq(doc.doc_number.as_ref().map(|n| n.printed.clone())),
            documents::issued_on.eq(doc.issued_on),
            documents::content.eq(&doc.content),
            documents::sha256.eq(&sha),
            documents::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

type MetaColumns = (
    documents::id,
    documents::case_id,
    documents::agency_id,
    documents::kind,
    documents::title,
    documents::doc_number,
    documents::issued_on,
    documents::sha256,
    diesel::expression::SqlLiteral<diesel::sql_types::BigInt>,
    documents::created_at,
);

fn meta_columns() -> MetaColumns {
    (
        documents::id,
        documents::case_id,
        documents::agency_id,
        documents::kind,
        documents::title,
        documents::doc_number,
        documents::issued_on,
        documents::sha256,
        diesel::dsl::sql::<diesel::sql_types::BigInt>("CAST(LENGTH(content) AS BIGINT)"),
        documents::created_at,
    )
}

/// The documents of a case, oldest first (the order of the case file's index).
pub fn documents_of_case(
    conn: &mut AnyConnection,
    case_id: &str,
) -> Result<Vec<DocumentMeta>, StoreError> {
    Ok(documents::table
        .filter(documents::case_id.eq(case_id))
        .order((documents::created_at.asc(), documents::id.asc()))
        .select(meta_columns())
        .load(conn)?)
}

/// One document with its bytes.
pub fn document(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<(DocumentMeta, Vec<u8>)>, StoreError> {
    let meta: Option<DocumentMeta> = documents::table
        .find(id)
        .select(meta_columns())
        .first(conn)
        .optional()?;
    let Some(meta) = meta else {
        return Ok(None);
    };
    let content: Vec<u8> = documents::table
        .find(id)
        .select(documents::content)
        .first(conn)?;
    Ok(Some((meta, content)))
}

/// The latest document of a kind in a case (e.g. the reply a portal user downloads).
pub fn latest_of_kind(
    conn: &mut AnyConnection,
    case_id: &str,
    kind: &str,
) -> Result<Option<(DocumentMeta, Vec<u8>)>, StoreError> {
    let id: Option<String> = documents::table
        .filter(documents::case_id.eq(case_id))
        .filter(documents::kind.eq(kind))
        .order((documents::created_at.desc(), documents::id.desc()))
        .select(documents::id)
        .first(conn)
        .optional()?;
    match id {
        Some(id) => document(conn, &id),
        None => Ok(None),
    }
}
