//! The reply letter built from the domain's reply (`disclosure_core::case::Reply`): one template
//! per outcome of the annual-report taxonomy (年报格式 table 三), the legal basis and the answer
//! taken from the reasons library's clause for the outcome — never typed free — and every R-LET-1
//! element enforced. The caller passes the clause in force (or, for a reprint, the recorded one).
//!
//! [`ReplyLetter::new`] is the letter to issue (字号 required); [`ReplyLetter::preview`] the same
//! letter before issue, without a 字号 and with a 草稿 watermark, so the officer and the approver
//! read exactly what will go out.

use chrono::NaiveDate;
use disclosure_core::case::{CompetentAgency, ProvisionForm, Reply, SearchRecord, WithheldItem};
use disclosure_core::citation::Citation;
use disclosure_core::outcome::{DisclosureBasis, Outcome, UnavailableGround};
use disclosure_core::reasons::Clause;
use disclosure_core::values::DocNumber;

use super::agency::Agency;
use super::{in_order, paragraphs, required, required_date, DocumentError, Element, IssuingAgency};
use crate::{
    layout::{Letter, Paragraph},
    templates::{self, outcome as t, reply},
};

/// What the caller gathers from the case and the agency's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyLetterFacts {
    /// The agency's settings (name, 复议机关, court, seal, contact).
    pub agency: IssuingAgency,
    /// 标题; [`templates::outcome::title`] gives the standard one for the outcome.
    pub title: String,
    /// 字号, assigned when the letter is issued; `None` in a preview.
    pub doc_number: Option<DocNumber>,
    /// 申请人（自然人或法人）名称.
    pub applicant_name: String,
    /// 收到申请的日期 (条例 §31).
    pub received_on: Option<NaiveDate>,
    /// The information requested, in the applicant's words.
    pub request: String,
    /// The reply as drafted: outcome, facts, decision, items, form of provision, referral.
    pub reply: Reply,
    /// The reasons library's clause for the reply's outcome: the provision cited and the answer
    /// (R-LET-1 法律依据, R-LET-3).
    pub clause: Clause,
    /// The search records of the case (R-DEC-1); printed for 无法提供 1 (does not exist).
    pub searches: Vec<SearchRecord>,
    /// 答复日期.
    pub reply_date: Option<NaiveDate>,
    /// 附件 names.
    pub attachments: Vec<String>,
}

/// A reply letter with every element of R-LET-1 and of its outcome present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyLetter {
    agency: Agency,
    review_body: String,
    court: String,
    title: String,
    doc_number: Option<DocNumber>,
    applicant_name: String,
    received_on: NaiveDate,
    request: String,
    outcome: Outcome,
    clause: Clause,
    facts: String,
    decision: String,
    disclosed: Vec<String>,
    withheld: Vec<WithheldItem>,
    provision: Option<ProvisionForm>,
    searches: Vec<SearchRecord>,
    competent: Option<CompetentAgency>,
    public_interest: Option<String>,
    reply_date: NaiveDate,
    attachments: Vec<String>,
    draft: bool,
}

impl ReplyLetter {
    /// The letter to issue: every element of R-LET-1, including the 字号, and those its outcome
    /// needs (提供方式 for disclosure, the items and reasons of 部分公开, the search record of
    /// 信息不存在, a complete referral).
    pub fn new(facts: ReplyLetterFacts) -> Result<Self, DocumentError> {
        let number = facts.doc_number.clone();
        let mut letter = Self::check(facts)?;
        letter.doc_number = Some(number.ok_or(DocumentError::Missing {
            element: Element::DocNumber,
        })?);
        Ok(letter)
    }

    /// The same letter before issue: no 字号 yet, a 草稿 watermark; every other element is
    /// required as for [`ReplyLetter::new`], so a preview that renders is a letter that can issue.
    pub fn preview(facts: ReplyLetterFacts) -> Result<Self, DocumentError> {
        let mut letter = Self::check(facts)?;
        letter.doc_number = None;
        letter.draft = true;
        Ok(letter)
    }

    fn check(f: ReplyLetterFacts) -> Result<Self, DocumentError> {
        let title = required(&f.title, Element::Title)?;
        let applicant_name = required(&f.applicant_name, Element::ApplicantName)?;
        let received_on = required_date(f.received_on, Element::ReceiptDate)?;
        let request = required(&f.request, Element::Request)?;
        let reply = f.reply;
        let facts = required(&reply.facts, Element::Facts)?;
        // R-LET-1: the legal basis is the clause of this very outcome, with a provision to cite.
        let clause = f.clause;
        if clause.outcome != reply.outcome
            || clause.citation.cite_zh.trim().is_empty()
            || clause.wording.trim().is_empty()
        {
            return Err(DocumentError::Missing {
                element: Element::LegalBasis,
            });
        }
        let decision = required(&reply.decision, Element::Decision)?;
        let disclosed: Vec<String> = reply
            .disclosed_items
            .iter()
            .map(|i| i.trim().to_owned())
            .filter(|i| !i.is_empty())
            .collect();
        let mut searches = Vec::new();
        let mut competent = None;
        match reply.outcome {
            Outcome::Disclosed(_) | Outcome::PartiallyDisclosed if reply.provision.is_none() => {
                return Err(DocumentError::Missing {
                    element: Element::Provision,
                });
            }
            _ => {}
        }
        if reply.outcome == Outcome::PartiallyDisclosed {
            if disclosed.is_empty() {
                return Err(DocumentError::Missing {
                    element: Element::DisclosedItems,
                });
            }
            if reply.withheld_items.is_empty()
                || reply
                    .withheld_items
                    .iter()
                    .any(|w| w.item.trim().is_empty() || w.reason.trim().is_empty())
            {
                return Err(DocumentError::Missing {
                    element: Element::WithheldItems,
                });
            }
        }
        match reply.outcome {
            Outcome::Unavailable(UnavailableGround::DoesNotExist) => {
                // R-DEC-1: no 信息不存在 without the search that found nothing.
                searches = f
                    .searches
                    .into_iter()
                    .filter(|s| !s.places.trim().is_empty() && !s.keywords.trim().is_empty())
                    .collect();
                if searches.is_empty() {
                    return Err(DocumentError::Missing {
                        element: Element::SearchRecord,
                    });
                }
            }
            Outcome::Unavailable(UnavailableGround::NotThisAgency) => {
                // 条例 §36(5): name and contact when the competent agency is known; half a
                // referral is not one.
                if let Some(c) = &reply.competent_agency {
                    if c.name.trim().is_empty() || c.contact.trim().is_empty() {
                        return Err(DocumentError::Missing {
                            element: Element::CompetentAgency,
                        });
                    }
                    competent = Some(c.clone());
                }
            }
            _ => {}
        }
        let review_body = required(&f.agency.review_body, Element::ReviewBody)?;
        let court = required(&f.agency.court, Element::Court)?;
        let agency = Agency::check(&f.agency)?;
        let reply_date = required_date(f.reply_date, Element::Date)?;
        in_order(
            templates::elements::RECEIPT_DATE,
            received_on,
            "答复日期",
            reply_date,
        )?;
        let withheld = if reply.outcome == Outcome::PartiallyDisclosed {
            reply.withheld_items.clone()
        } else {
            Vec::new()
        };
        Ok(Self {
            agency,
            review_body,
            court,
            title,
            doc_number: None,
            applicant_name,
            received_on,
            request,
            outcome: reply.outcome,
            clause,
            facts,
            decision,
            disclosed,
            withheld,
            provision: reply.provision,
            searches,
            competent,
            public_interest: reply
                .public_interest_reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned),
            reply_date,
            attachments: f
                .attachments
                .into_iter()
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty())
                .collect(),
            draft: false,
        })
    }

    /// The 字号 (`None` in a preview).
    pub fn doc_number(&self) -> Option<&DocNumber> {
        self.doc_number.as_ref()
    }

    /// The outcome the letter answers.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The provision cited as the legal basis.
    pub fn citation(&self) -> &'static Citation {
        self.clause.citation
    }

    /// The reasons library's clause the letter uses (its version is recorded when it is issued).
    pub fn clause(&self) -> &Clause {
        &self.clause
    }

    /// The reply date.
    pub fn date(&self) -> NaiveDate {
        self.reply_date
    }

    /// The title without the forced line break.
    pub fn title(&self) -> String {
        self.title.replace('\n', "")
    }

    /// The letter: opening, facts (and the search), legal basis, the outcome's answer, the
    /// officer's words, the items, referral and form of provision, the remedy (R-LET-2), the
    /// signature with the seal and the date.
    pub fn to_letter(&self) -> Letter {
        let mut body = vec![Paragraph::indented(reply::opening(
            self.received_on,
            &self.request,
        ))];
        body.extend(paragraphs(&self.facts));
        for s in &self.searches {
            body.push(Paragraph::indented(t::search(
                s.searched_on,
                s.places.trim(),
                s.method.trim(),
                s.keywords.trim(),
                s.result.trim(),
            )));
        }
        body.push(Paragraph::indented(format!(
            "{}{}",
            reply::decision_intro(self.clause.citation.cite_zh),
            self.clause.wording.trim()
        )));
        body.extend(paragraphs(&self.decision));
        match self.outcome {
            Outcome::PartiallyDisclosed => {
                body.push(Paragraph::indented(t::DISCLOSED_HEADING));
                body.extend(self.disclosed_items());
                body.push(Paragraph::indented(t::WITHHELD_HEADING));
                body.extend(self.withheld.iter().enumerate().map(|(i, w)| {
                    Paragraph::indented(t::withheld_item(i + 1, w.item.trim(), w.reason.trim()))
                }));
            }
            Outcome::Disclosed(DisclosureBasis::Provided) if !self.disclosed.is_empty() => {
                body.push(Paragraph::indented(t::DISCLOSED_LIST_INTRO));
                body.extend(self.disclosed_items());
            }
            Outcome::Unavailable(UnavailableGround::NotThisAgency) => {
                body.push(Paragraph::indented(match &self.competent {
                    Some(c) => t::competent_agency(c.name.trim(), c.contact.trim()),
                    None => t::COMPETENT_AGENCY_UNKNOWN.to_owned(),
                }));
            }
            _ => {}
        }
        if let Some(reason) = &self.public_interest {
            body.push(Paragraph::indented(t::public_interest(reason)));
        }
        if let Some(form) = self.provision {
            body.push(Paragraph::indented(t::provision(form.label_zh())));
        }
        body.push(Paragraph::indented(reply::remedy(
            &self.review_body,
            &self.court,
        )));
        body.push(Paragraph::indented(reply::CLOSING));
        Letter {
            title: self.title.clone(),
            doc_number: Some(self.doc_number.as_ref().map_or_else(
                || templates::DOC_NUMBER_PENDING.to_owned(),
                |n| n.to_string(),
            )),
            addressee: Some(self.applicant_name.clone()),
            body,
            attachments: self.attachments.clone(),
            signature: Some(self.agency.signature(self.reply_date)),
            contact: self.agency.contact.clone(),
            table: None,
            draft: self.draft,
            seal: self.agency.seal.clone(),
        }
    }

    fn disclosed_items(&self) -> impl Iterator<Item = Paragraph> + '_ {
        let n = self.disclosed.len();
        self.disclosed
            .iter()
            .enumerate()
            .map(move |(i, item)| Paragraph::indented(t::disclosed_item(i + 1, item, i + 1 == n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples;
    use disclosure_core::outcome::{NotProcessedGround, OtherGround, WithholdGround};

    fn facts(outcome: Outcome) -> ReplyLetterFacts {
        samples::reply_facts(outcome, "张三")
    }

    fn missing(f: ReplyLetterFacts) -> Option<Element> {
        match ReplyLetter::new(f) {
            Err(DocumentError::Missing { element }) => Some(element),
            _ => None,
        }
    }

    #[test]
    fn r_let_1_every_formal_element_missing_in_turn_is_named() {
        type Blank = fn(&mut ReplyLetterFacts);
        let provided = Outcome::Disclosed(DisclosureBasis::Provided);
        let cases: [(Blank, Element); 12] = [
            (|f| f.title = " ".into(), Element::Title),
            (|f| f.doc_number = None, Element::DocNumber),
            (|f| f.applicant_name.clear(), Element::ApplicantName),
            (|f| f.received_on = None, Element::ReceiptDate),
            (|f| f.request.clear(), Element::Request),
            (|f| f.reply.facts = "\n".into(), Element::Facts),
            (|f| f.reply.decision.clear(), Element::Decision),
            (|f| f.agency.review_body.clear(), Element::ReviewBody),
            (|f| f.agency.court.clear(), Element::Court),
            (|f| f.agency.name.clear(), Element::Agency),
            (|f| f.reply_date = None, Element::Date),
            (|f| f.reply.provision = None, Element::Provision),
        ];
        for (blank, element) in cases {
            let mut f = facts(provided);
            blank(&mut f);
            assert_eq!(missing(f), Some(element), "{element:?}");
        }
        assert!(ReplyLetter::new(facts(provided)).is_ok());
    }

    #[test]
    fn r_let_1_the_legal_basis_comes_from_the_citations_table_and_an_outcome_without_one_has_no_letter(
    ) {
        // 其他处理 3 `其他` has no provision to cite: no letter.
        let mut f = facts(Outcome::Other(OtherGround::Other));
        f.reply.facts = "您于2026年3月9日撤回申请。".into();
        f.reply.decision = "本机关终止处理。".into();
        assert_eq!(missing(f), Some(Element::LegalBasis));
        let letter =
            ReplyLetter::new(facts(Outcome::Withheld(WithholdGround::ThirdPartyRights))).unwrap();
        assert_eq!(
            letter.citation().cite_zh,
            "《中华人民共和国政府信息公开条例》第十五条"
        );
    }

    #[test]
    fn r_let_1_the_letter_prints_the_clause_it_is_given_and_refuses_one_of_another_outcome() {
        use disclosure_core::reasons::ClauseDraft;
        let outcome = Outcome::NotProcessed(NotProcessedGround::Petition);
        let wording = "您反映的事项属于信访事项，请向本机关信访接待室提出。";
        let (v2, _) = ClauseDraft::new(outcome, "39.1", wording, "引用到款")
            .unwrap()
            .publish_after(&Clause::builtin(outcome))
            .unwrap();
        let mut f = facts(outcome);
        f.clause = v2;
        let letter = ReplyLetter::new(f).unwrap();
        assert_eq!(letter.clause().version.get(), 2);
        let body: String = letter
            .to_letter()
            .body
            .iter()
            .map(|p| p.text.clone())
            .collect();
        assert!(
            body.contains(
                "根据《中华人民共和国政府信息公开条例》第三十九条第一款的规定，现答复如下：您反映的事项属于信访事项，请向本机关信访接待室提出。"
            ),
            "{body}"
        );
        let mut f = facts(outcome);
        f.clause = Clause::builtin(Outcome::NotProcessed(NotProcessedGround::Repeated));
        assert_eq!(missing(f), Some(Element::LegalBasis));
    }

    #[test]
    fn article_37_a_partial_disclosure_needs_both_lists_and_a_reason_for_each_withheld_part() {
        let mut f = facts(Outcome::PartiallyDisclosed);
        f.reply.disclosed_items = vec![" ".into()];
        assert_eq!(missing(f), Some(Element::DisclosedItems));
        let mut f = facts(Outcome::PartiallyDisclosed);
        f.reply.withheld_items.clear();
        assert_eq!(missing(f), Some(Element::WithheldItems));
        let mut f = facts(Outcome::PartiallyDisclosed);
        f.reply.withheld_items[0].reason = " ".into();
        assert_eq!(missing(f), Some(Element::WithheldItems));
    }

    #[test]
    fn r_dec_1_no_letter_saying_the_information_does_not_exist_without_a_search_record() {
        let mut f = facts(Outcome::Unavailable(UnavailableGround::DoesNotExist));
        f.searches.clear();
        assert_eq!(missing(f), Some(Element::SearchRecord));
    }

    #[test]
    fn article_36_5_a_referral_names_the_agency_and_its_contact_or_says_it_is_unknown() {
        let outcome = Outcome::Unavailable(UnavailableGround::NotThisAgency);
        let mut f = facts(outcome);
        if let Some(c) = f.reply.competent_agency.as_mut() {
            c.contact.clear();
        }
        assert_eq!(missing(f), Some(Element::CompetentAgency));
        let mut f = facts(outcome);
        f.reply.competent_agency = None;
        let body: String = ReplyLetter::new(f)
            .unwrap()
            .to_letter()
            .body
            .iter()
            .map(|p| p.text.clone())
            .collect();
        assert!(
            body.contains("本机关无法确定负责公开该政府信息的行政机关"),
            "{body}"
        );
    }

    #[test]
    fn a_preview_has_no_doc_number_but_needs_every_other_element() {
        let mut f = facts(Outcome::NotProcessed(NotProcessedGround::Repeated));
        f.doc_number = None;
        let preview = ReplyLetter::preview(f.clone()).unwrap();
        let letter = preview.to_letter();
        assert!(letter.draft);
        assert_eq!(letter.doc_number.as_deref(), Some("（字号于签发时编定）"));
        f.agency.court.clear();
        assert_eq!(
            ReplyLetter::preview(f),
            Err(DocumentError::Missing {
                element: Element::Court
            })
        );
    }

    #[test]
    fn the_error_names_the_element_in_chinese_for_the_officer() {
        let mut f = facts(Outcome::PartiallyDisclosed);
        f.agency.review_body.clear();
        let e = ReplyLetter::new(f).unwrap_err();
        assert!(e.to_string().contains("行政复议机关"), "{e}");
    }
}
