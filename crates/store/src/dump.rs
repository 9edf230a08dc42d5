//! Whole-database reads for `disclosure export` (moving out, never locked in): every case row, its
//! applicant, the staff, and the documents' metadata; PDFs one by one.
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::conn::AnyConnection;
use crate::model::{CaseRow, User};
use crate::schema::{applicants, cases, documents, users};
use crate::StoreError;

/// An applicant row as stored.
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct ApplicantRow {
    pub id: String,
    pub agency_id: String,
    pub kind: String,
    pub name: String,
    pub id_doc_type: Option<String>,
    pub id_doc_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A document's metadata (its content is read separately, one at a time).
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct DocumentMeta {
    pub id: String,
    pub case_id: String,
    pub kind: String,
    pub title: String,
    pub doc_year: Option<i32>,
    pub doc_seq: Option<i32>,
    pub doc_number: Option<String>,
    pub issued_on: NaiveDate,
    pub sha256: String,
}

/// Every case with its applicant, by agency and number.
pub fn all_cases(
    conn: &mut AnyConnection,
) -> Result<Vec<(CaseRow, Option<ApplicantRow>)>, StoreError> {
    Ok(cases::table
        .left_join(applicants::table)
        .select((cases::all_columns, applicants::all_columns.nullable()))
        .order((
            cases::agency_id.asc(),
            cases::number_year.asc(),
            cases::number_seq.asc(),
        ))
        .load::<(CaseRow, Option<ApplicantRow>)>(conn)?)
}

/// Every staff account, by agency and user name.
pub fn all_users(conn: &mut AnyConnection) -> Result<Vec<User>, StoreError> {
    Ok(users::table
        .order((users::agency_id.asc(), users::username.asc()))
        .load(conn)?)
}

/// Every document's metadata, by case and issue date.
pub fn all_documents(conn: &mut AnyConnection) -> Result<Vec<DocumentMeta>, StoreError> {
    Ok(documents::table
        .select((
            documents::id,
            documents::case_id,
            documents::kind,
            documents::title,
            documents::doc_year,
            documents::doc_seq,
            documents::doc_number,
            documents::issued_on,
            documents::sha256,
        ))
        .order((documents::case_id.asc(), documents::issued_on.asc()))
        .load(conn)?)
}

/// One document's bytes.
pub fn document_content(conn: &mut AnyConnection, id: &str) -> Result<Vec<u8>, StoreError> {
    documents::table
        .find(id)
        .select(documents::content)
        .first::<Vec<u8>>(conn)
        .optional()?
        .ok_or(StoreError::NotFound("document"))
}
