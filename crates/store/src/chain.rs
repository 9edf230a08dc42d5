//! Tamper evidence: each event stores SHA-256(previous hash ‖ canonical event).
use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

/// The hash a case's first event chains to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Timestamps are kept to the microsecond on both backends, and hashed in this form.
pub fn timestamp_text(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// Drops sub-microsecond precision, which PostgreSQL would not keep.
pub fn truncate_to_micros(t: NaiveDateTime) -> NaiveDateTime {
    use chrono::Timelike;
    let nanos = t.nanosecond() / 1000 * 1000;
    t.with_nanosecond(nanos).unwrap_or(t)
}

/// The canonical form of an event's JSON payload: keys sorted (serde_json's map is ordered), no
/// whitespace. The stored payload is always in this form.
pub fn canonical_json(value: &serde_json::Value) -> String {
    value.to_string()
}

/// Everything of an event that the hash covers, field by field.
#[derive(Debug, Clone, Copy)]
pub struct HashedFields<'a> {
    pub case_id: &'a str,
    pub seq: i32,
    pub kind: &'a str,
    pub payload: &'a str,
    pub actor_id: &'a str,
    pub actor_name: &'a str,
    pub recorded_at: NaiveDateTime,
}

/// SHA-256 (hex) of `prev_hash ‖ fields`, each field on its own line.
pub fn event_hash(prev_hash: &str, f: &HashedFields<'_>) -> String {
    let mut h = Sha256::new();
    for part in [
        prev_hash,
        f.case_id,
        &f.seq.to_string(),
        f.kind,
        f.actor_id,
        f.actor_name,
        &timestamp_text(f.recorded_at),
        f.payload,
    ] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}
