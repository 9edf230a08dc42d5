//! Verifying the hash chains: legal staff can prove the record was not rewritten.
use crate::chain::{event_hash, HashedFields, GENESIS_HASH};
use crate::model::StoredEvent;

/// The first place a chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub case_id: String,
    pub seq: i32,
    pub reason: String,
}

/// The result of a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub events_checked: usize,
    pub first_broken: Option<BrokenLink>,
}

/// Checks events fed one by one, ordered by case and sequence, keeping only the previous event's
/// case, hash and sequence: a database of millions of events is verified page by page in bounded
/// memory (`Store::verify_all_chains`), with the same verdict as checking them all at once.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    prev_case: Option<String>,
    prev_hash: String,
    expected_seq: i32,
    checked: usize,
    broken: Option<BrokenLink>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            prev_case: None,
            prev_hash: GENESIS_HASH.to_string(),
            expected_seq: 1,
            checked: 0,
            broken: None,
        }
    }
}

impl ChainVerifier {
    /// Checks the next event: sequences 1..n without gaps, each `prev_hash` the previous event's
    /// hash, each hash recomputed from the stored fields. Returns false once a link is broken (the
    /// events after it are not looked at).
    pub fn feed(&mut self, e: &StoredEvent) -> bool {
        if self.broken.is_some() {
            return false;
        }
        if self.prev_case.as_deref() != Some(e.case_id.as_str()) {
            self.prev_case = Some(e.case_id.clone());
            self.prev_hash = GENESIS_HASH.to_string();
            self.expected_seq = 1;
        }
        let reason = if e.seq != self.expected_seq {
            Some(format!(
                "sequence {} where {} was expected",
                e.seq, self.expected_seq
            ))
        } else if e.prev_hash != self.prev_hash {
            Some("does not chain to the previous event".into())
        } else {
            let recomputed = event_hash(
                &self.prev_hash,
                &HashedFields {
                    case_id: &e.case_id,
                    seq: e.seq,
                    kind: &e.kind,
                    payload: &e.payload,
                    actor_id: &e.actor_id,
                    actor_name: &e.actor_name,
                    recorded_at: e.recorded_at,
                },
            );
            (recomputed != e.hash)
                .then(|| "content does not match its hash (altered after it was written)".into())
        };
        if let Some(reason) = reason {
            self.broken = Some(BrokenLink {
                case_id: e.case_id.clone(),
                seq: e.seq,
                reason,
            });
            return false;
        }
        self.prev_hash.clone_from(&e.hash);
        self.expected_seq += 1;
        self.checked += 1;
        true
    }

    /// The verdict so far: the events checked before the first broken link, and that link.
    pub fn report(self) -> ChainReport {
        ChainReport {
            events_checked: self.checked,
            first_broken: self.broken,
        }
    }
}

/// Checks events ordered by case and sequence: sequences 1..n without gaps, each `prev_hash` the
/// previous event's hash, each hash recomputed from the stored fields.
pub fn verify_events(events: &[StoredEvent]) -> ChainReport {
    let mut v = ChainVerifier::default();
    for e in events {
        if !v.feed(e) {
            break;
        }
    }
    v.report()
}
