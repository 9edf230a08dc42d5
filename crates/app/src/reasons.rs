//! The reasons library (答复条款库, issue #8): the clause of each reply outcome in force for an
//! agency, its history, publishing a new version (legal staff or an administrator), and the clause
//! a reply is issued or previewed with (R-LET-1 法律依据, R-LET-3).
//!
//! Version 1 of every clause is built in (`disclosure_core::reasons::Clause::builtin`); published
//! versions are kept in `reply_clauses`, never changed. A reply takes the version in force when it
//! is issued; the `ReplyIssued` event and `reply_clause_uses` record which, and the letter's bytes
//! are kept, so a later version changes new letters only.
use chrono::NaiveDateTime;
use disclosure_core::actor::{Actor, Role};
use disclosure_core::case::Case;
use disclosure_core::outcome::Outcome;
use disclosure_core::reasons::{
    outcome_from_key, outcome_key, Clause, ClauseDraft, ClauseError, ClauseRef, OUTCOMES,
};
use disclosure_letters::documents::{ReplyLetter, ReplyLetterFacts};
use disclosure_letters::{render, templates};
use disclosure_store::reasons::{self as store_reasons, ClauseRow};
use disclosure_store::{directory, AnyConnection, StoreError};

use crate::documents::{issuing_agency, LetterFailure};
use crate::{LoadedCase, ServiceError, Services};

/// One version of a clause with who published it and why (`None` for the built-in version 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseVersion {
    pub clause: Clause,
    pub published: Option<Publication>,
}

/// Who published a version, when, and the note they gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub by_id: String,
    pub by_name: String,
    pub at: NaiveDateTime,
    pub note: String,
}

/// An outcome's clause in the library: the version in force and every version, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryEntry {
    pub outcome: Outcome,
    pub current: ClauseVersion,
    /// Every version including the current one and version 1, newest first.
    pub history: Vec<ClauseVersion>,
}

/// Why a new version was not published; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ReasonsError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The version itself is refused (wording, provision, note, no change).
    #[error(transparent)]
    Clause(#[from] ClauseError),
    /// Only legal staff and administrators maintain the library.
    #[error("only legal staff and administrators publish clauses")]
    NotAllowed,
    /// The form was filled in on version `seen`; version `current` has been published since.
    #[error("the clause was at version {seen} when the form was opened; it is at {current} now")]
    Superseded { seen: u32, current: u32 },
}

impl From<StoreError> for ReasonsError {
    fn from(e: StoreError) -> Self {
        Self::Service(e.into())
    }
}

impl ReasonsError {
    /// A stable machine code, the key of each surface's Chinese catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Service(e) => e.code(),
            Self::Clause(e) => e.code(),
            Self::NotAllowed => "role_not_allowed",
            Self::Superseded { .. } => "clause_superseded",
        }
    }

    /// Whether the caller asked for something wrong (4xx) rather than the system failing.
    pub fn is_client_error(&self) -> bool {
        match self {
            Self::Service(e) => e.is_client_error(),
            Self::Clause(_) | Self::NotAllowed | Self::Superseded { .. } => true,
        }
    }
}

/// What legal staff submit to publish a new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClauseVersion {
    /// `disclosure_core::reasons::outcome_key` of the outcome.
    pub outcome_key: String,
    /// The version the form showed as in force (a stale form is refused, not silently applied).
    pub seen_version: u32,
    pub citation_key: String,
    pub wording: String,
    pub note: String,
}

impl Services {
    /// The agency's library: every outcome of table 三 with its clause in force and its history.
    pub fn reasons_library(&self, actor: &Actor) -> Result<Vec<LibraryEntry>, ServiceError> {
        let rows = self
            .store
            .read(|c| store_reasons::clause_versions(c, actor.agency_id()))?;
        OUTCOMES
            .iter()
            .map(|outcome| {
                let key = outcome_key(outcome);
                let mut history = vec![ClauseVersion {
                    clause: Clause::builtin(*outcome),
                    published: None,
                }];
                for r in rows.iter().filter(|r| r.outcome_key == key) {
                    history.push(stored_version(*outcome, r)?);
                }
                history.reverse();
                let current = history
                    .first()
                    .cloned()
                    .ok_or_else(|| ServiceError::Corrupt("empty clause history".into()))?;
                Ok(LibraryEntry {
                    outcome: *outcome,
                    current,
                    history,
                })
            })
            .collect()
    }

    /// The clause of `outcome` in force for the actor's agency now.
    pub fn clause_in_force(&self, actor: &Actor, outcome: Outcome) -> Result<Clause, ServiceError> {
        Ok(self
            .store
            .read(|c| clause_in_force_in(c, actor.agency_id(), outcome))?)
    }

    /// Publishes a new version of a clause (legal staff or an administrator), checked by the
    /// domain (the provision fits the outcome, the wording is one finished paragraph, a note says
    /// why, something changed) and refused if another version was published since the form was
    /// opened. One row, appended in one transaction; nothing is written on a refusal.
    pub fn publish_clause(
        &self,
        actor: &Actor,
        new: &NewClauseVersion,
        now: NaiveDateTime,
    ) -> Result<ClauseVersion, ReasonsError> {
        let (by_id, by_name) = match actor {
            Actor::Staff {
                user_id,
                name,
                role: Role::Legal | Role::Admin,
                ..
            } => (user_id.clone(), name.clone()),
            _ => return Err(ReasonsError::NotAllowed),
        };
        let outcome = outcome_from_key(&new.outcome_key)
            .ok_or_else(|| ClauseError::UnknownOutcome(new.outcome_key.clone()))?;
        let draft = ClauseDraft::new(outcome, &new.citation_key, &new.wording, &new.note)?;
        let agency_id = actor.agency_id().to_string();
        self.store
            .write(|c| -> Result<ClauseVersion, ReasonsError> {
                let current = clause_in_force_in(c, &agency_id, outcome)?;
                if current.version.get() != new.seen_version {
                    return Err(ReasonsError::Superseded {
                        seen: new.seen_version,
                        current: current.version.get(),
                    });
                }
                let (clause, note) = draft.publish_after(&current)?;
                let row = ClauseRow {
                    agency_id: agency_id.clone(),
                    outcome_key: outcome_key(&outcome).to_string(),
                    version: version_i32(&clause)?,
                    citation_key: clause.citation.key.to_string(),
                    wording: clause.wording.clone(),
                    note: note.clone(),
                    published_by: by_id.clone(),
                    published_by_name: by_name.clone(),
                    published_at: now,
                };
                store_reasons::insert_clause(c, &row)?;
                Ok(ClauseVersion {
                    clause,
                    published: Some(Publication {
                        by_id,
                        by_name,
                        at: now,
                        note,
                    }),
                })
            })
    }

    /// The drafted reply as it would go out today, with the clause in force: no 字号, a 草稿
    /// watermark, every other element required (issue #5 "Drafts before issue").
    pub fn reply_preview(
        &self,
        loaded: &LoadedCase,
        now: NaiveDateTime,
    ) -> Result<Vec<u8>, ServiceError> {
        let fonts = self.letter_fonts()?;
        let case = &loaded.case;
        let reply = case.reply.clone().ok_or(LetterFailure::NotYet("reply"))?;
        let app = case
            .application
            .as_ref()
            .ok_or(LetterFailure::NotYet("application"))?;
        let (agency, clause) = self.store.read(|c| {
            let agency = directory::agency(c, &loaded.row.agency_id)?;
            let clause = clause_in_force_in(c, &loaded.row.agency_id, reply.outcome)?;
            Ok((agency, clause))
        })?;
        let letter = ReplyLetter::preview(ReplyLetterFacts {
            title: templates::outcome::title(&agency.name, &reply.outcome),
            agency: issuing_agency(&agency),
            doc_number: None,
            applicant_name: app.applicant.name.clone(),
            received_on: case.receipt_date,
            request: app.description.clone(),
            reply,
            clause,
            searches: case.searches.clone(),
            reply_date: Some(now.date()),
            attachments: vec![],
        })
        .map_err(|e| LetterFailure::Element(e.to_string()))?;
        Ok(render(&letter.to_letter(), fonts).map_err(|e| LetterFailure::Render(e.to_string()))?)
    }

    /// The clause (outcome key, version) a kept document was rendered with, if it is a reply.
    pub fn document_clause(
        &self,
        document_id: &str,
    ) -> Result<Option<(String, i32)>, ServiceError> {
        Ok(self
            .store
            .read(|c| store_reasons::clause_use(c, document_id))?)
    }
}

/// The clause of `outcome` in force for `agency_id`, read in the caller's transaction: the latest
/// published version, or the built-in version 1.
pub(crate) fn clause_in_force_in(
    c: &mut AnyConnection,
    agency_id: &str,
    outcome: Outcome,
) -> Result<Clause, StoreError> {
    match store_reasons::latest_clause(c, agency_id, outcome_key(&outcome))? {
        Some(row) => Ok(stored_version(outcome, &row)?.clause),
        None => Ok(Clause::builtin(outcome)),
    }
}

/// The clause a reply recorded (its `ReplyIssued` event), read back in the caller's transaction;
/// a reply issued before versions were recorded used the built-in version 1.
pub(crate) fn recorded_clause_in(
    c: &mut AnyConnection,
    agency_id: &str,
    outcome: Outcome,
    recorded: Option<&ClauseRef>,
) -> Result<Clause, StoreError> {
    let Some(r) = recorded else {
        return Ok(Clause::builtin(outcome));
    };
    let clause = if r.version.get() == 1 {
        Clause::builtin(r.outcome)
    } else {
        let version = i32::try_from(r.version.get())
            .map_err(|_| StoreError::Corrupt("clause version out of range".into()))?;
        let row = store_reasons::clause_version(c, agency_id, outcome_key(&r.outcome), version)?
            .ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "clause {} version {} is recorded but not stored",
                    outcome_key(&r.outcome),
                    r.version
                ))
            })?;
        stored_version(r.outcome, &row)?.clause
    };
    if clause.citation.key != r.citation {
        return Err(StoreError::Corrupt(format!(
            "clause {} version {} cites {}, the record says {}",
            outcome_key(&r.outcome),
            r.version,
            clause.citation.key,
            r.citation
        )));
    }
    Ok(clause)
}

/// The clause reference an issue records for the case's drafted reply, read in the caller's
/// transaction (the issue path; a case without a draft is refused by `decide`).
pub(crate) fn clause_for_issue(
    c: &mut AnyConnection,
    agency_id: &str,
    case: &Case,
) -> Result<ClauseRef, ServiceError> {
    let outcome = case
        .reply
        .as_ref()
        .map(|r| r.outcome)
        .ok_or(LetterFailure::NotYet("reply"))?;
    Ok(clause_in_force_in(c, agency_id, outcome)?.reference())
}

fn stored_version(outcome: Outcome, row: &ClauseRow) -> Result<ClauseVersion, StoreError> {
    let version = u32::try_from(row.version).unwrap_or(0);
    let clause =
        Clause::restore(outcome, version, &row.citation_key, &row.wording).map_err(|e| {
            StoreError::Corrupt(format!(
                "stored clause {} version {}: {e}",
                row.outcome_key, row.version
            ))
        })?;
    Ok(ClauseVersion {
        clause,
        published: Some(Publication {
            by_id: row.published_by.clone(),
            by_name: row.published_by_name.clone(),
            at: row.published_at,
            note: row.note.clone(),
        }),
    })
}

fn version_i32(clause: &Clause) -> Result<i32, ReasonsError> {
    i32::try_from(clause.version.get()).map_err(|_| ReasonsError::Clause(ClauseError::BadVersion))
}
