//! The 政府信息公开申请登记表 (R-APP-1, 条例 §29): every element of the application, the channel
//! and the receipt date with how it was fixed; printed for the case file, and for an oral
//! application for the applicant to confirm.

use chrono::NaiveDate;

use super::agency::Agency;
use super::{required, required_date, DocumentError, Element, IssuingAgency};
use crate::{
    layout::{Align, Letter, Table},
    templates::{date, registration as t},
};

/// What the caller fills in from the `Registered` event (strings as they are to be printed:
/// the identity document masked as the product shows it elsewhere).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationFormDraft {
    /// The agency's settings.
    pub agency: IssuingAgency,
    /// 登记编号.
    pub case_number: String,
    /// 收到申请的日期.
    pub received_on: Option<NaiveDate>,
    /// How the receipt date was fixed (条例 §31), e.g. `当面提交，以提交之日为收到申请之日`.
    pub receipt_basis: String,
    /// 申请方式 (当面、邮寄、网上…).
    pub channel: String,
    /// 申请人姓名或名称.
    pub applicant_name: String,
    /// 身份证件名称及号码 (masked).
    pub id_document: String,
    /// 法定代表人或联系人 (organisations).
    pub contact_person: String,
    /// 联系电话.
    pub phone: String,
    /// 通信地址.
    pub address: String,
    /// 电子邮箱.
    pub email: String,
    /// 所需政府信息的名称、文号或者特征性描述.
    pub request: String,
    /// 提供政府信息的方式 (纸质文本、电子文档…).
    pub form: String,
    /// 获取信息的方式 (邮寄、自行领取…).
    pub delivery: String,
    /// 答复期限.
    pub due_on: Option<NaiveDate>,
    /// 登记人.
    pub registered_by: String,
    /// 登记日期.
    pub registered_on: Option<NaiveDate>,
    /// R-APP-1: the application was made orally and written down by the office.
    pub oral: bool,
}

/// A 登记表 with the elements that identify the application present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationForm {
    agency: Agency,
    d: RegistrationFormDraft,
    received_on: NaiveDate,
    registered_on: NaiveDate,
}

impl RegistrationForm {
    /// Requires the agency, the case number, the applicant, the request and the dates; the
    /// other fields print empty when the application lacked them (grounds for 补正, not for
    /// refusing to register).
    pub fn new(d: RegistrationFormDraft) -> Result<Self, DocumentError> {
        let agency = Agency::check(&d.agency)?;
        required(&d.case_number, Element::CaseNumber)?;
        let received_on = required_date(d.received_on, Element::ReceiptDate)?;
        required(&d.receipt_basis, Element::ReceiptBasis)?;
        required(&d.applicant_name, Element::ApplicantName)?;
        required(&d.request, Element::Request)?;
        let registered_on = required_date(d.registered_on, Element::Date)?;
        Ok(Self {
            agency,
            d,
            received_on,
            registered_on,
        })
    }

    /// The registration date.
    pub fn date(&self) -> NaiveDate {
        self.registered_on
    }

    /// The letter: a two-column ruled form.
    pub fn to_letter(&self) -> Letter {
        let d = &self.d;
        let row = |label: &str, value: &str| vec![label.to_owned(), value.trim().to_owned()];
        let mut rows = vec![
            row(t::CASE_NUMBER, &d.case_number),
            row(
                t::RECEIVED,
                &t::received(&date(self.received_on), d.receipt_basis.trim()),
            ),
            row(t::CHANNEL, &d.channel),
            row(t::APPLICANT, &d.applicant_name),
            row(t::ID, &d.id_document),
            row(t::CONTACT_PERSON, &d.contact_person),
            row(t::PHONE, &d.phone),
            row(t::ADDRESS, &d.address),
            row(t::EMAIL, &d.email),
            row(t::REQUEST, &d.request),
            row(t::FORM, &d.form),
            row(t::DELIVERY, &d.delivery),
            row(t::DUE, &d.due_on.map(date).unwrap_or_default()),
            row(
                t::REGISTERED_BY,
                &t::registered(d.registered_by.trim(), &date(self.registered_on)),
            ),
        ];
        rows.push(row(t::REMARKS, if d.oral { t::ORAL_NOTE } else { "" }));
        Letter {
            title: t::title(&self.agency.name),
            doc_number: None,
            addressee: None,
            body: Vec::new(),
            attachments: Vec::new(),
            signature: None,
            contact: None,
            table: Some(Table {
                widths: vec![10, 18],
                align: vec![Align::Centre, Align::Left],
                header: None,
                rows,
            }),
            draft: false,
            seal: self.agency.seal.clone(),
        }
    }
}
