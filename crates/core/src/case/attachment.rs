use serde::{Deserialize, Serialize};

/// A file kept with a case — the scanned application, an identity document, 补正 material — as the
/// audit log records it: what was received and its SHA-256, so the file on record can be shown to
/// be the one received (R-APP-1 written applications, R-FLOW-1 归档). The bytes live in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The store's id of the kept bytes.
    pub id: String,
    /// The name it was uploaded under.
    pub file_name: String,
    /// The type recognised from its content (`application/pdf`, `image/jpeg`, …).
    pub content_type: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
}

impl Attachment {
    /// Whether the record is complete enough to keep: a name, some bytes, a well-formed digest.
    pub fn is_well_formed(&self) -> bool {
        !self.id.trim().is_empty()
            && !self.file_name.trim().is_empty()
            && self.file_name.chars().count() <= 200
            && self.size > 0
            && self.sha256.len() == 64
            && self
                .sha256
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    }
}
