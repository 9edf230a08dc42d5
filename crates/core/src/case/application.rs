use serde::{Deserialize, Serialize};

use crate::applicant::Applicant;
use crate::receipt::ReceiptFacts;

/// The form in which the applicant asks to receive the information (条例 §29(3), §40).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvisionForm {
    /// 纸质文本
    Paper,
    /// 电子文档
    Electronic,
    /// 当场阅读、抄录
    OnSite,
}

impl ProvisionForm {
    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::Paper => "纸质文本",
            Self::Electronic => "电子文档",
            Self::OnSite => "当场阅读、抄录",
        }
    }
}

/// How documents reach the applicant (获取方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    /// 邮寄
    Post,
    /// 自行领取
    PickUp,
    /// 电子邮件
    Email,
    /// 在线（申请平台）
    Online,
    /// 传真
    Fax,
}

impl DeliveryMethod {
    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::Post => "邮寄",
            Self::PickUp => "自行领取",
            Self::Email => "电子邮件",
            Self::Online => "网上获取",
            Self::Fax => "传真",
        }
    }
}

/// An Art. 29 element the application lacks: grounds for 补正, never for refusing to register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingElement {
    ApplicantName,
    IdDocument,
    Contact,
    Description,
}

impl MissingElement {
    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::ApplicantName => "申请人姓名或名称",
            Self::IdDocument => "身份证明",
            Self::Contact => "联系方式",
            Self::Description => "所需政府信息的名称、文号或者便于查询的其他特征性描述",
        }
    }
}

/// An application as registered (条例 §29).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub agency_id: String,
    pub applicant: Applicant,
    /// §29(2): the information sought, in the applicant's words.
    pub description: String,
    /// §29(3): the requested form and way of obtaining it.
    pub requested_form: ProvisionForm,
    pub delivery: DeliveryMethod,
    /// The dated facts of arrival that fix the receipt date (§31).
    pub receipt: ReceiptFacts,
    /// R-APP-1: applied orally; the office filled in the form.
    pub oral: bool,
}

impl Application {
    /// The Art. 29 elements that are missing.
    pub fn missing_elements(&self) -> Vec<MissingElement> {
        let a = &self.applicant;
        let mut out = Vec::new();
        if a.name.trim().is_empty() {
            out.push(MissingElement::ApplicantName);
        }
        if a.id_document.is_none() {
            out.push(MissingElement::IdDocument);
        }
        let has_contact = a.phone.is_some()
            || a.email.as_deref().is_some_and(|e| !e.trim().is_empty())
            || a.address.as_deref().is_some_and(|e| !e.trim().is_empty());
        if !has_contact {
            out.push(MissingElement::Contact);
        }
        if self.description.trim().is_empty() {
            out.push(MissingElement::Description);
        }
        out
    }
}
