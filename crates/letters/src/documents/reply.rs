//! The reply letter (政府信息公开申请答复书): the R-LET-1 elements as plain text and dates.
//!
//! A later integrator maps the outcome types of `disclosure-core` onto [`ReplyLetterDraft`]
//! (one template per outcome); this type only guarantees that no formal element is missing.

use chrono::NaiveDate;

use super::{doc_number, in_order, required, DocumentError, Element};
use crate::{
    layout::{Letter, Paragraph, Signature},
    templates::{self, reply},
};

/// What the caller fills in. Every text field except `attachments` and `contact` is required.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyLetterDraft {
    /// 答复书标题, e.g. `某市某局政府信息公开申请答复书` (a `\n` forces a title line break).
    pub title: String,
    /// 答复书字号, e.g. `某府信公开〔2026〕12号`.
    pub doc_number: String,
    /// 申请人（自然人或法人）名称.
    pub applicant_name: String,
    /// 收到申请的日期.
    pub received_on: NaiveDate,
    /// 申请内容, in the applicant's words.
    pub request: String,
    /// 事实依据: what the agency did and found; one paragraph per line.
    pub facts: String,
    /// 法律依据, e.g. `《中华人民共和国政府信息公开条例》第三十六条第（二）项`.
    pub legal_basis: String,
    /// 答复内容: the decision and how the information is provided; one paragraph per line.
    pub decision: String,
    /// 行政复议机关 (R-LET-2), e.g. `某市人民政府`.
    pub review_body: String,
    /// 人民法院 (R-LET-2), e.g. `某区人民法院`.
    pub court: String,
    /// 机关名称 under the seal (答复行政机关).
    pub agency: String,
    /// 答复日期.
    pub reply_date: NaiveDate,
    /// 附件 names.
    pub attachments: Vec<String>,
    /// 联系人 and 联系电话, e.g. `联系人：李四，联系电话：0000-1234567`.
    pub contact: Option<String>,
}

/// A reply letter with every formal element of R-LET-1 present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyLetterContent {
    title: String,
    doc_number: String,
    applicant_name: String,
    received_on: NaiveDate,
    request: String,
    facts: String,
    legal_basis: String,
    decision: String,
    review_body: String,
    court: String,
    agency: String,
    reply_date: NaiveDate,
    attachments: Vec<String>,
    contact: Option<String>,
}

impl ReplyLetterContent {
    /// Checks that every element is present (R-LET-1), that the 字号 has the year in 〔〕, and that
    /// the reply is not dated before the application arrived.
    pub fn new(draft: ReplyLetterDraft) -> Result<Self, DocumentError> {
        let content = Self {
            title: required(&draft.title, Element::Title)?,
            doc_number: doc_number(&draft.doc_number)?,
            applicant_name: required(&draft.applicant_name, Element::ApplicantName)?,
            received_on: draft.received_on,
            request: required(&draft.request, Element::Request)?,
            facts: required(&draft.facts, Element::Facts)?,
            legal_basis: required(&draft.legal_basis, Element::LegalBasis)?,
            decision: required(&draft.decision, Element::Decision)?,
            review_body: required(&draft.review_body, Element::ReviewBody)?,
            court: required(&draft.court, Element::Court)?,
            agency: required(&draft.agency, Element::Agency)?,
            reply_date: draft.reply_date,
            attachments: draft
                .attachments
                .into_iter()
                .filter(|a| !a.trim().is_empty())
                .collect(),
            contact: draft.contact.filter(|c| !c.trim().is_empty()),
        };
        in_order(
            "收到申请的日期",
            content.received_on,
            "答复日期",
            content.reply_date,
        )?;
        Ok(content)
    }

    /// The 字号.
    pub fn doc_number(&self) -> &str {
        &self.doc_number
    }

    /// The letter: opening with the receipt date and the request, the facts, the legal basis and
    /// the decision, the remedy notice (R-LET-2), the signature with the reply date.
    pub fn to_letter(&self) -> Letter {
        let mut body = vec![Paragraph::indented(reply::opening(
            self.received_on,
            &self.request,
        ))];
        body.extend(
            self.facts
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(Paragraph::indented),
        );
        body.push(Paragraph::indented(reply::decision_intro(
            &self.legal_basis,
        )));
        body.extend(
            self.decision
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(Paragraph::indented),
        );
        body.push(Paragraph::indented(reply::remedy(
            &self.review_body,
            &self.court,
        )));
        body.push(Paragraph::indented(reply::CLOSING));
        Letter {
            title: self.title.clone(),
            doc_number: Some(self.doc_number.clone()),
            addressee: Some(self.applicant_name.clone()),
            body,
            attachments: self.attachments.clone(),
            signature: Some(Signature {
                agency: self.agency.clone(),
                date: self.reply_date,
            }),
            contact: self.contact.clone(),
            table: None,
            draft: false,
            seal: crate::Seal::HandStamp,
        }
    }

    /// The reply date as printed (`2026年3月20日`).
    pub fn reply_date_text(&self) -> String {
        templates::date(self.reply_date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ReplyLetterDraft {
        ReplyLetterDraft {
            title: "某市自然资源局政府信息公开申请答复书".into(),
            doc_number: "某自然资信公开〔2026〕12号".into(),
            applicant_name: "张三".into(),
            received_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            request: "某地块2025年的征地批复文件".into(),
            facts: "经检索，本机关保存有您申请获取的信息。".into(),
            legal_basis: "《中华人民共和国政府信息公开条例》第三十六条第（二）项".into(),
            decision: "您申请获取的信息属于公开范围，现予以公开，详见附件。".into(),
            review_body: "某市人民政府".into(),
            court: "某区人民法院".into(),
            agency: "某市自然资源局".into(),
            reply_date: NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
            attachments: vec!["征地批复文件".into()],
            contact: Some("联系人：李四，联系电话：0000-1234567".into()),
        }
    }

    #[test]
    fn every_r_let_1_element_is_required() {
        type Blank = fn(&mut ReplyLetterDraft);
        let cases: [(Blank, Element); 10] = [
            (|d| d.title.clear(), Element::Title),
            (|d| d.doc_number = " ".into(), Element::DocNumber),
            (|d| d.applicant_name.clear(), Element::ApplicantName),
            (|d| d.request.clear(), Element::Request),
            (|d| d.facts.clear(), Element::Facts),
            (|d| d.legal_basis.clear(), Element::LegalBasis),
            (|d| d.decision = "\n".into(), Element::Decision),
            (|d| d.review_body.clear(), Element::ReviewBody),
            (|d| d.court.clear(), Element::Court),
            (|d| d.agency.clear(), Element::Agency),
        ];
        for (blank, element) in cases {
            let mut d = draft();
            blank(&mut d);
            assert_eq!(
                ReplyLetterContent::new(d),
                Err(DocumentError::Missing { element })
            );
        }
        assert!(ReplyLetterContent::new(draft()).is_ok());
    }

    #[test]
    fn a_reply_cannot_predate_the_application() {
        let mut d = draft();
        d.reply_date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert!(matches!(
            ReplyLetterContent::new(d),
            Err(DocumentError::DatesOutOfOrder { .. })
        ));
    }

    #[test]
    fn the_letter_carries_every_element() {
        let letter = ReplyLetterContent::new(draft()).unwrap().to_letter();
        let body: String = letter.body.iter().map(|p| p.text.as_str()).collect();
        assert!(
            body.contains("本机关于2026年3月2日收到您提出的政府信息公开申请"),
            "{body}"
        );
        assert!(body.contains("“某地块2025年的征地批复文件”"));
        assert!(body.contains("经检索"));
        assert!(body.contains("根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定"));
        assert!(body.contains("60日内向某市人民政府申请行政复议"));
        assert!(body.contains("6个月内向某区人民法院提起行政诉讼"));
        assert_eq!(letter.addressee.as_deref(), Some("张三"));
        assert_eq!(
            letter.doc_number.as_deref(),
            Some("某自然资信公开〔2026〕12号")
        );
        let sig = letter.signature.unwrap();
        assert_eq!(sig.agency, "某市自然资源局");
        assert_eq!(templates::date(sig.date), "2026年3月20日");
    }
}
