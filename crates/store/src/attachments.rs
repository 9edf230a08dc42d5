//! Files received with a case (scans of the application, identity documents, 补正 material): the
//! bytes as received, beside the `AttachmentAdded` event that records their name and SHA-256.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::attachments;
use crate::{AnyConnection, StoreError};

/// A file to keep; its id is the one its event carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub id: String,
    pub case_id: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub content: Vec<u8>,
    /// The user id, or `portal`.
    pub uploaded_by: String,
}

/// A kept file without its bytes, for lists.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct AttachmentMeta {
    pub id: String,
    pub case_id: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub size: i64,
    pub uploaded_by: String,
    pub uploaded_at: NaiveDateTime,
}

/// Keeps a file inside the caller's transaction.
pub fn insert_attachment(
    conn: &mut AnyConnection,
    a: &NewAttachment,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(attachments::table)
        .values((
            attachments::id.eq(&a.id),
            attachments::case_id.eq(&a.case_id),
            attachments::filename.eq(&a.file_name),
            attachments::content_type.eq(&a.content_type),
            attachments::content.eq(&a.content),
            attachments::sha256.eq(&a.sha256),
            attachments::uploaded_by.eq(&a.uploaded_by),
            attachments::uploaded_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

type MetaColumns = (
    attachments::id,
    attachments::case_id,
    attachments::filename,
    attachments::content_type,
    attachments::sha256,
    diesel::expression::SqlLiteral<diesel::sql_types::BigInt>,
    attachments::uploaded_by,
    attachments::uploaded_at,
);

fn meta_columns() -> MetaColumns {
    (
        attachments::id,
        attachments::case_id,
        attachments::filename,
        attachments::content_type,
        attachments::sha256,
        diesel::dsl::sql::<diesel::sql_types::BigInt>("CAST(LENGTH(content) AS BIGINT)"),
        attachments::uploaded_by,
        attachments::uploaded_at,
    )
}

/// The files of a case, in the order received.
pub fn attachments_of_case(
    conn: &mut AnyConnection,
    case_id: &str,
) -> Result<Vec<AttachmentMeta>, StoreError> {
    Ok(attachments::table
        .filter(attachments::case_id.eq(case_id))
        .order((attachments::uploaded_at.asc(), attachments::id.asc()))
        .select(meta_columns())
        .load(conn)?)
}

/// One file of a case with its bytes; `None` when the case has no such file.
pub fn attachment(
    conn: &mut AnyConnection,
    case_id: &str,
    id: &str,
) -> Result<Option<(AttachmentMeta, Vec<u8>)>, StoreError> {
    let found: Option<(AttachmentMeta, Vec<u8>)> = attachments::table
        .filter(attachments::case_id.eq(case_id))
        .filter(attachments::id.eq(id))
        .select((meta_columns(), attachments::content))
        .first(conn)
        .optional()?;
    Ok(found)
}
