//! The reasons library (答复条款库): for every reply outcome of the annual-report taxonomy, the
//! provision the letter cites and the plain-words answer that follows it (R-LET-1 法律依据, R-LET-3).
//!
//! Legal staff publish new versions of a clause; versions are never edited or deleted, and a letter
//! records the version it was issued with, so what an applicant received can always be traced to
//! the clause in force that day. Version 1 of every clause is built in ([`Clause::builtin`]): the
//! wording the product has always printed, frozen — a change of wording is a new version published
//! through the library, never an edit of this file.
//!
//! The provision is chosen from [`crate::citation::CITATIONS`] among those that fit the outcome
//! ([`fitting_citations`]), never typed free: a 不予公开 ground cannot cite §36(4).
use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use crate::citation::{citation, Citation};
use crate::outcome::{
    DisclosureBasis, NotProcessedGround, OtherGround, Outcome, UnavailableGround, WithholdGround,
};

/// The longest wording a clause may have, in characters: the answer is one paragraph of a letter
/// (22 lines of 28 characters is a page; a clause should not take half of it).
pub const WORDING_MAX_CHARS: usize = 300;

/// The longest note (修改说明) a published version may carry, in characters.
pub const NOTE_MAX_CHARS: usize = 200;

/// Every outcome a reply can have, in the order of the annual report's table 三 — the clauses of
/// the library, one per outcome. 无法提供 1 has two clauses: §36(4) (does not exist) and §36(5)
/// (not this agency's) answer differently.
pub const OUTCOMES: [Outcome; 23] = {
    use DisclosureBasis as D;
    use NotProcessedGround as N;
    use UnavailableGround as U;
    use WithholdGround as W;
    [
        Outcome::Disclosed(D::AlreadyPublic),
        Outcome::Disclosed(D::Provided),
        Outcome::PartiallyDisclosed,
        Outcome::Withheld(W::StateSecret),
        Outcome::Withheld(W::ForbiddenByLaw),
        Outcome::Withheld(W::Endangers),
        Outcome::Withheld(W::ThirdPartyRights),
        Outcome::Withheld(W::InternalAffairs),
        Outcome::Withheld(W::ProcessInformation),
        Outcome::Withheld(W::EnforcementFile),
        Outcome::Withheld(W::AdministrativeQuery),
        Outcome::Unavailable(U::DoesNotExist),
        Outcome::Unavailable(U::NotThisAgency),
        Outcome::Unavailable(U::NeedsCreation),
        Outcome::Unavailable(U::UnclearAfterCorrection),
        Outcome::NotProcessed(N::Petition),
        Outcome::NotProcessed(N::Repeated),
        Outcome::NotProcessed(N::Publication),
        Outcome::NotProcessed(N::Excessive),
        Outcome::NotProcessed(N::ConfirmOrReissue),
        Outcome::Other(OtherGround::CorrectionLapsed),
        Outcome::Other(OtherGround::FeeLapsed),
        Outcome::Other(OtherGround::Other),
    ]
};

/// The stable key an outcome's clause is stored under (`withheld.third_party_rights`): the
/// `kind` and `ground` of the outcome's JSON form, so a key reads like the event record.
pub fn outcome_key(outcome: &Outcome) -> &'static str {
    use DisclosureBasis as D;
    use NotProcessedGround as N;
    use UnavailableGround as U;
    use WithholdGround as W;
    match outcome {
        Outcome::Disclosed(D::AlreadyPublic) => "disclosed.already_public",
        Outcome::Disclosed(D::Provided) => "disclosed.provided",
        Outcome::PartiallyDisclosed => "partially_disclosed",
        Outcome::Withheld(W::StateSecret) => "withheld.state_secret",
        Outcome::Withheld(W::ForbiddenByLaw) => "withheld.forbidden_by_law",
        Outcome::Withheld(W::Endangers) => "withheld.endangers",
        Outcome::Withheld(W::ThirdPartyRights) => "withheld.third_party_rights",
        Outcome::Withheld(W::InternalAffairs) => "withheld.internal_affairs",
        Outcome::Withheld(W::ProcessInformation) => "withheld.process_information",
        Outcome::Withheld(W::EnforcementFile) => "withheld.enforcement_file",
        Outcome::Withheld(W::AdministrativeQuery) => "withheld.administrative_query",
        Outcome::Unavailable(U::DoesNotExist) => "unavailable.does_not_exist",
        Outcome::Unavailable(U::NotThisAgency) => "unavailable.not_this_agency",
        Outcome::Unavailable(U::NeedsCreation) => "unavailable.needs_creation",
        Outcome::Unavailable(U::UnclearAfterCorrection) => "unavailable.unclear_after_correction",
        Outcome::NotProcessed(N::Petition) => "not_processed.petition",
        Outcome::NotProcessed(N::Repeated) => "not_processed.repeated",
        Outcome::NotProcessed(N::Publication) => "not_processed.publication",
        Outcome::NotProcessed(N::Excessive) => "not_processed.excessive",
        Outcome::NotProcessed(N::ConfirmOrReissue) => "not_processed.confirm_or_reissue",
        Outcome::Other(OtherGround::CorrectionLapsed) => "other.correction_lapsed",
        Outcome::Other(OtherGround::FeeLapsed) => "other.fee_lapsed",
        Outcome::Other(OtherGround::Other) => "other.other",
    }
}

/// The outcome stored under `key`, if it is one of [`OUTCOMES`].
pub fn outcome_from_key(key: &str) -> Option<Outcome> {
    OUTCOMES.into_iter().find(|o| outcome_key(o) == key)
}

/// The outcome as legal staff name it: the row of table 三 with its section, e.g.
/// `（三）不予公开 4.保护第三方合法权益`; the two clauses of 无法提供 1 say which provision they answer.
pub fn outcome_label_zh(outcome: &Outcome) -> String {
    let (section, row) = outcome.report_row();
    let section = section.split('（').take(2).collect::<Vec<_>>().join("（");
    let detail = match outcome {
        Outcome::Unavailable(UnavailableGround::DoesNotExist) => "（信息不存在）",
        Outcome::Unavailable(UnavailableGround::NotThisAgency) => "（不属于本机关负责公开）",
        Outcome::Disclosed(DisclosureBasis::AlreadyPublic) => "（已主动公开）",
        Outcome::Disclosed(DisclosureBasis::Provided) => "（予以提供）",
        _ => "",
    };
    if row.is_empty() {
        format!("{section}{detail}")
    } else {
        format!("{section} {row}{detail}")
    }
}

/// The provisions an outcome's clause may cite (keys of [`crate::citation::CITATIONS`]), the
/// built-in one first. From the outcome table of the rule book (rules.md, "Deciding the reply"):
/// §39 may be cited whole or by its paragraph; 其他处理 2 by §42 or by 109号; 其他处理 3 has no
/// provision of its own (its letter cannot be issued until one is chosen, R-LET-1).
pub fn fitting_citations(outcome: &Outcome) -> &'static [&'static str] {
    use NotProcessedGround as N;
    use UnavailableGround as U;
    use WithholdGround as W;
    match outcome {
        Outcome::Disclosed(DisclosureBasis::AlreadyPublic) => &["36.1"],
        Outcome::Disclosed(DisclosureBasis::Provided) => &["36.2"],
        Outcome::PartiallyDisclosed => &["37"],
        Outcome::Withheld(W::StateSecret | W::ForbiddenByLaw | W::Endangers) => &["14"],
        Outcome::Withheld(W::ThirdPartyRights) => &["15"],
        Outcome::Withheld(W::InternalAffairs) => &["16.1"],
        Outcome::Withheld(W::ProcessInformation | W::EnforcementFile) => &["16.2"],
        Outcome::Withheld(W::AdministrativeQuery) => &["36.7"],
        Outcome::Unavailable(U::DoesNotExist) => &["36.4"],
        Outcome::Unavailable(U::NotThisAgency) => &["36.5"],
        Outcome::Unavailable(U::NeedsCreation) => &["38"],
        Outcome::Unavailable(U::UnclearAfterCorrection) => &["30"],
        Outcome::NotProcessed(N::Petition) => &["39", "39.1"],
        Outcome::NotProcessed(N::Repeated) => &["36.6"],
        Outcome::NotProcessed(N::Publication) => &["39", "39.2"],
        Outcome::NotProcessed(N::Excessive) => &["35"],
        Outcome::NotProcessed(N::ConfirmOrReissue) => &["report-format"],
        Outcome::Other(OtherGround::CorrectionLapsed) => &["30"],
        Outcome::Other(OtherGround::FeeLapsed) => &["42", "fee"],
        Outcome::Other(OtherGround::Other) => &["none"],
    }
}

/// Which clause a letter was issued with: recorded in the `ReplyIssued` event and beside the kept
/// document, so the case shows 「适用条款：…（第N版）」 without re-reading the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseRef {
    pub outcome: Outcome,
    pub version: NonZeroU32,
    /// The key of the provision the version cites (in [`crate::citation::CITATIONS`]).
    pub citation: String,
}

impl ClauseRef {
    /// 「适用条款：《…》第十五条（第2版）」, for the case page and its timeline.
    pub fn label_zh(&self) -> String {
        let cite = citation(&self.citation)
            .map(|c| c.cite_zh)
            .filter(|c| !c.is_empty())
            .unwrap_or("无");
        format!("适用条款：{cite}（第{}版）", self.version)
    }
}

/// One version of an outcome's clause, as a letter uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub outcome: Outcome,
    pub version: NonZeroU32,
    pub citation: &'static Citation,
    /// The answer in plain words printed after 「根据…的规定，现答复如下：」 (R-LET-3).
    pub wording: String,
}

impl Clause {
    /// Version 1: the built-in clause of the outcome, what letters said before the library could be
    /// edited.
    pub fn builtin(outcome: Outcome) -> Self {
        Self {
            outcome,
            version: NonZeroU32::MIN,
            citation: outcome.citation(),
            wording: builtin_wording(&outcome).to_owned(),
        }
    }

    /// A stored version read back: the citation key must still be one of the table's, and fit.
    pub fn restore(
        outcome: Outcome,
        version: u32,
        citation_key: &str,
        wording: &str,
    ) -> Result<Self, ClauseError> {
        let version = NonZeroU32::new(version).ok_or(ClauseError::BadVersion)?;
        let citation = fitting(&outcome, citation_key)?;
        Ok(Self {
            outcome,
            version,
            citation,
            wording: wording.to_owned(),
        })
    }

    /// What a letter records of the clause it used.
    pub fn reference(&self) -> ClauseRef {
        ClauseRef {
            outcome: self.outcome,
            version: self.version,
            citation: self.citation.key.to_owned(),
        }
    }
}

/// A new version of a clause as legal staff submit it, checked: the wording is one finished
/// paragraph of bounded length, the provision exists and fits the outcome, the change is explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseDraft {
    outcome: Outcome,
    citation: &'static Citation,
    wording: String,
    note: String,
}

impl ClauseDraft {
    /// Checks what was typed; whitespace around the wording and the note is dropped.
    pub fn new(
        outcome: Outcome,
        citation_key: &str,
        wording: &str,
        note: &str,
    ) -> Result<Self, ClauseError> {
        let citation = fitting(&outcome, citation_key.trim())?;
        let wording = wording.trim();
        if wording.is_empty() {
            return Err(ClauseError::EmptyWording);
        }
        let len = wording.chars().count();
        if len > WORDING_MAX_CHARS {
            return Err(ClauseError::WordingTooLong {
                len,
                max: WORDING_MAX_CHARS,
            });
        }
        if wording.chars().any(char::is_control) {
            return Err(ClauseError::WordingNotOneParagraph);
        }
        if !wording.ends_with('。') {
            return Err(ClauseError::WordingUnfinished);
        }
        let note = note.trim();
        if note.is_empty() {
            return Err(ClauseError::NoteRequired);
        }
        let len = note.chars().count();
        if len > NOTE_MAX_CHARS {
            return Err(ClauseError::NoteTooLong {
                len,
                max: NOTE_MAX_CHARS,
            });
        }
        Ok(Self {
            outcome,
            citation,
            wording: wording.to_owned(),
            note: note.to_owned(),
        })
    }

    /// The version that follows `current` (the clause in force): the next number, refused when it
    /// would say exactly what `current` says.
    pub fn publish_after(self, current: &Clause) -> Result<(Clause, String), ClauseError> {
        if current.outcome != self.outcome {
            return Err(ClauseError::OutcomeMismatch);
        }
        if current.citation.key == self.citation.key && current.wording == self.wording {
            return Err(ClauseError::Unchanged {
                version: current.version.get(),
            });
        }
        let version = current
            .version
            .checked_add(1)
            .ok_or(ClauseError::BadVersion)?;
        Ok((
            Clause {
                outcome: self.outcome,
                version,
                citation: self.citation,
                wording: self.wording,
            },
            self.note,
        ))
    }
}

/// The provision `key` if it exists and fits `outcome`.
fn fitting(outcome: &Outcome, key: &str) -> Result<&'static Citation, ClauseError> {
    let c = citation(key).ok_or_else(|| ClauseError::UnknownCitation(key.to_owned()))?;
    if fitting_citations(outcome).contains(&c.key) {
        Ok(c)
    } else {
        Err(ClauseError::CitationDoesNotFit {
            outcome: *outcome,
            citation: c.key,
        })
    }
}

/// Why a clause version was refused; nothing is published. Chinese messages:
/// [`crate::messages_zh::clause_error`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClauseError {
    #[error("unknown outcome {0:?}")]
    UnknownOutcome(String),
    #[error("R-LET-1: no provision {0:?} in the citations table")]
    UnknownCitation(String),
    #[error("R-LET-1: {citation} does not fit the outcome {outcome:?}")]
    CitationDoesNotFit {
        outcome: Outcome,
        citation: &'static str,
    },
    #[error("R-LET-3: the wording is empty")]
    EmptyWording,
    #[error("R-LET-3: the wording has {len} characters, more than {max}")]
    WordingTooLong { len: usize, max: usize },
    #[error("R-LET-3: the wording must be one paragraph (no line breaks or control characters)")]
    WordingNotOneParagraph,
    #[error("R-LET-3: the wording must end with 。")]
    WordingUnfinished,
    #[error("a new version needs a note saying what changed and why")]
    NoteRequired,
    #[error("the note has {len} characters, more than {max}")]
    NoteTooLong { len: usize, max: usize },
    #[error("the new version says exactly what version {version} says")]
    Unchanged { version: u32 },
    #[error("the version belongs to another outcome")]
    OutcomeMismatch,
    #[error("clause versions are numbered from 1")]
    BadVersion,
}

impl ClauseError {
    /// A stable snake_case code for the API and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownOutcome(_) => "clause_unknown_outcome",
            Self::UnknownCitation(_) => "clause_unknown_citation",
            Self::CitationDoesNotFit { .. } => "clause_citation_does_not_fit",
            Self::EmptyWording => "clause_wording_empty",
            Self::WordingTooLong { .. } => "clause_wording_too_long",
            Self::WordingNotOneParagraph => "clause_wording_not_one_paragraph",
            Self::WordingUnfinished => "clause_wording_unfinished",
            Self::NoteRequired => "clause_note_required",
            Self::NoteTooLong { .. } => "clause_note_too_long",
            Self::Unchanged { .. } => "clause_unchanged",
            Self::OutcomeMismatch => "clause_outcome_mismatch",
            Self::BadVersion => "clause_bad_version",
        }
    }
}

/// Version 1's answer in plain words (R-LET-3), after `根据…的规定，现答复如下：`. Frozen: letters
/// issued with version 1 said exactly this.
fn builtin_wording(outcome: &Outcome) -> &'static str {
    use NotProcessedGround as N;
    use UnavailableGround as U;
    use WithholdGround as W;
    match outcome {
        Outcome::Disclosed(DisclosureBasis::AlreadyPublic) => {
            "您申请获取的政府信息已经主动公开，您可以通过下列方式、途径获取。"
        }
        Outcome::Disclosed(DisclosureBasis::Provided) => {
            "您申请获取的政府信息属于公开范围，本机关予以公开。"
        }
        Outcome::PartiallyDisclosed => {
            "您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关向您提供可以公开的内容，并对不予公开的内容说明理由。"
        }
        Outcome::Withheld(W::StateSecret) => {
            "您申请获取的政府信息属于依法确定为国家秘密的政府信息，本机关不予公开。"
        }
        Outcome::Withheld(W::ForbiddenByLaw) => {
            "您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，本机关不予公开。"
        }
        Outcome::Withheld(W::Endangers) => {
            "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关不予公开。"
        }
        Outcome::Withheld(W::ThirdPartyRights) => {
            "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关不予公开。"
        }
        Outcome::Withheld(W::InternalAffairs) => {
            "您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，本机关不予公开。"
        }
        Outcome::Withheld(W::ProcessInformation) => {
            "您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息，本机关不予公开。"
        }
        Outcome::Withheld(W::EnforcementFile) => {
            "您申请获取的政府信息属于行政执法案卷信息，本机关不予公开。"
        }
        Outcome::Withheld(W::AdministrativeQuery) => {
            "您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定，请您依照有关法律、行政法规的规定办理。"
        }
        Outcome::Unavailable(U::DoesNotExist) => {
            "经检索，本机关没有您申请公开的政府信息，该政府信息不存在。"
        }
        Outcome::Unavailable(U::NotThisAgency) => "您申请获取的政府信息不属于本机关负责公开。",
        Outcome::Unavailable(U::NeedsCreation) => {
            "本机关没有您申请获取的现成信息，提供该信息需要对现有政府信息进行加工、分析，本机关不予提供。"
        }
        Outcome::Unavailable(U::UnclearAfterCorrection) => {
            "您补正后的申请内容仍不明确，本机关无法确定您申请获取的政府信息，无法提供。"
        }
        Outcome::NotProcessed(N::Petition) => {
            "您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，请您通过相应渠道提出。"
        }
        Outcome::NotProcessed(N::Repeated) => {
            "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同的政府信息，本机关不予重复处理。"
        }
        Outcome::NotProcessed(N::Publication) => {
            "您要求提供的信息属于政府公开出版物，本机关不予处理，您可以通过下列途径获取。"
        }
        Outcome::NotProcessed(N::Excessive) => {
            "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。"
        }
        Outcome::NotProcessed(N::ConfirmOrReissue) => {
            "您要求本机关确认或者重新出具您已获取的信息，不属于获取政府信息的申请，本机关不予处理。"
        }
        Outcome::Other(OtherGround::CorrectionLapsed) => {
            "您无正当理由逾期未补正，视为放弃申请，本机关不再处理您的政府信息公开申请。"
        }
        Outcome::Other(OtherGround::FeeLapsed) => {
            "您逾期未按收费通知的要求缴纳信息处理费，视为放弃申请，本机关不再处理您的政府信息公开申请。"
        }
        Outcome::Other(OtherGround::Other) => "本机关不再处理您的政府信息公开申请。",
    }
}
