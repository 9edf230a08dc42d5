//! Files received with a case: checked against the upload limits, recorded as `AttachmentAdded`
//! events and kept with their bytes in the same transaction (R-APP-1, R-FLOW-1).
use chrono::NaiveDateTime;
use disclosure_core::actor::Actor;
use disclosure_core::case::{Attachment, Command};
use disclosure_store::attachments::{self as store_att, AttachmentMeta, NewAttachment};
use disclosure_store::AnyConnection;
use sha2::{Digest, Sha256};

use crate::{LoadedCase, ServiceError, Services};

/// A file as it arrived in a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// How much one submission may carry (configurable: `[uploads]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    pub max_file_bytes: usize,
    pub max_files: usize,
}

impl Default for UploadLimits {
    /// 10 MiB a file, 10 files: a multi-page scan at 300 dpi fits, a video does not.
    fn default() -> Self {
        Self {
            max_file_bytes: 10 * 1024 * 1024,
            max_files: 10,
        }
    }
}

/// Why an upload was refused; nothing is kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadRefusal {
    #[error("{file}: larger than {limit} bytes")]
    TooLarge { file: String, limit: usize },
    #[error("more than {0} files")]
    TooMany(usize),
    #[error("{0}: not a PDF, JPEG, PNG or TIFF file")]
    UnsupportedType(String),
    #[error("{0}: empty file")]
    Empty(String),
    #[error("no file chosen")]
    NoFile,
}

impl UploadRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "attachment_too_large",
            Self::TooMany(_) => "attachment_too_many",
            Self::UnsupportedType(_) => "attachment_type",
            Self::Empty(_) => "attachment_empty",
            Self::NoFile => "attachment_none",
        }
    }
}

/// The type of a scan, recognised from its first bytes — never from the name or the browser's word,
/// which a renamed executable can fake.
pub fn sniff_content_type(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: [(&[u8], &str); 5] = [
        (b"%PDF-", "application/pdf"),
        (b"\xFF\xD8\xFF", "image/jpeg"),
        (b"\x89PNG\r\n\x1A\n", "image/png"),
        (b"II*\0", "image/tiff"),
        (b"MM\0*", "image/tiff"),
    ];
    KINDS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, t)| *t)
}

/// Checks a submission against the limits and makes each file's record.
pub fn check_uploads(
    uploads: &[Upload],
    limits: UploadLimits,
) -> Result<Vec<(Attachment, &Upload)>, UploadRefusal> {
    if uploads.len() > limits.max_files {
        return Err(UploadRefusal::TooMany(limits.max_files));
    }
    uploads
        .iter()
        .map(|u| {
            let name = clean_file_name(&u.file_name);
            if u.bytes.is_empty() {
                return Err(UploadRefusal::Empty(name));
            }
            if u.bytes.len() > limits.max_file_bytes {
                return Err(UploadRefusal::TooLarge {
                    file: name,
                    limit: limits.max_file_bytes,
                });
            }
            let content_type = sniff_content_type(&u.bytes)
                .ok_or_else(|| UploadRefusal::UnsupportedType(name.clone()))?;
            Ok((
                Attachment {
                    id: uuid::Uuid::new_v4().to_string(),
                    file_name: name,
                    content_type: content_type.to_string(),
                    size: u.bytes.len() as u64,
                    sha256: hex::encode(Sha256::digest(&u.bytes)),
                },
                u,
            ))
        })
        .collect()
}

/// The last path component, without control characters, at most 200 characters; a browser may
/// send `C:\fakepath\扫描件.pdf` or nothing at all.
fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string();
    if name.is_empty() {
        "附件".to_string()
    } else {
        name
    }
}

/// Keeps checked files for a case inside the caller's transaction and returns their commands; the
/// caller decides them, so a refused command rolls the bytes back with it.
pub(crate) fn keep_uploads(
    c: &mut AnyConnection,
    case_id: &str,
    actor: &Actor,
    checked: Vec<(Attachment, &Upload)>,
    now: NaiveDateTime,
) -> Result<Vec<Command>, ServiceError> {
    let uploaded_by = match actor {
        Actor::Staff { user_id, .. } => user_id.clone(),
        Actor::Portal { .. } => "portal".to_string(),
    };
    checked
        .into_iter()
        .map(|(attachment, upload)| {
            store_att::insert_attachment(
                c,
                &NewAttachment {
                    id: attachment.id.clone(),
                    case_id: case_id.to_string(),
                    file_name: attachment.file_name.clone(),
                    content_type: attachment.content_type.clone(),
                    sha256: attachment.sha256.clone(),
                    content: upload.bytes.clone(),
                    uploaded_by: uploaded_by.clone(),
                },
                now,
            )?;
            Ok(Command::AddAttachment { attachment })
        })
        .collect()
}

impl Services {
    /// Adds files to a case at `expected_version`: all of them or none.
    pub fn add_attachments(
        &self,
        actor: &Actor,
        case_id: &str,
        expected_version: i32,
        uploads: &[Upload],
        now: NaiveDateTime,
    ) -> Result<LoadedCase, ServiceError> {
        let checked = check_uploads(uploads, self.upload_limits)?;
        if checked.is_empty() {
            return Err(UploadRefusal::NoFile.into());
        }
        self.write_case_commands(actor, case_id, expected_version, now, |c, row, _| {
            keep_uploads(c, &row.id, actor, checked, now)
        })
    }

    /// The files of a case of the actor's agency.
    pub fn case_attachments(
        &self,
        loaded: &LoadedCase,
    ) -> Result<Vec<AttachmentMeta>, ServiceError> {
        Ok(self
            .store
            .read(|c| store_att::attachments_of_case(c, &loaded.row.id))?)
    }

    /// One file of a case with its bytes.
    pub fn case_attachment(
        &self,
        loaded: &LoadedCase,
        id: &str,
    ) -> Result<(AttachmentMeta, Vec<u8>), ServiceError> {
        self.store
            .read(|c| store_att::attachment(c, &loaded.row.id, id))?
            .ok_or(ServiceError::NotFound)
    }
}
