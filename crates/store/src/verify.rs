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

/// Checks events ordered by case and sequence: sequences 1..n without gaps, each `prev_hash` the
/// previous event's hash, each hash recomputed from the stored fields.
pub fn verify_events(events: &[StoredEvent]) -> ChainReport {
    let mut prev_case: Option<&str> = None;
    let mut prev_hash = GENESIS_HASH.to_string();
    let mut expected_seq = 1;
    for (i, e) in events.iter().enumerate() {
        if prev_case != Some(e.case_id.as_str()) {
            prev_case = Some(&e.case_id);
            prev_hash = GENESIS_HASH.to_string();
            expected_seq = 1;
        }
        let broken = |reason: String| ChainReport {
            events_checked: i,
            first_broken: Some(BrokenLink {
                case_id: e.case_id.clone(),
                seq: e.seq,
                reason,
            }),
        };
        if e.seq != expected_seq {
            return broken(format!(
                "sequence {} where {expected_seq} was expected",
                e.seq
            ));
        }
        if e.prev_hash != prev_hash {
            return broken("does not chain to the previous event".into());
        }
        let recomputed = event_hash(
            &prev_hash,
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
        if recomputed != e.hash {
            return broken("content does not match its hash (altered after it was written)".into());
        }
        prev_hash = e.hash.clone();
        expected_seq += 1;
    }
    ChainReport {
        events_checked: events.len(),
        first_broken: None,
    }
}
