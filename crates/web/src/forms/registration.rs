//! The 申请登记表 as a form (R-APP-1, R-APP-2): parsed into an [`Application`]. Malformed values are
//! refused; missing ones are not — an incomplete application is still registered (R-COR-1).
use disclosure_calendar::parse_iso_date;
use disclosure_core::applicant::{Applicant, ApplicantKind, IdDocument};
use disclosure_core::case::{Application, DeliveryMethod, ProvisionForm};
use disclosure_core::receipt::{ElectronicChannel, ReceiptFacts};
use disclosure_core::values::{IdNumber, PhoneNumber};
use serde::Deserialize;

use crate::AppError;

/// The form as submitted; every field text (browsers send empty strings). The API takes the same
/// fields as JSON (without `csrf`).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct RegistrationForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub arrived_on: String,
    #[serde(default)]
    pub confirmed_on: String,
    #[serde(default)]
    pub applicant_kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_type: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub requested_form: String,
    #[serde(default)]
    pub delivery: String,
    #[serde(default)]
    pub oral: Option<String>,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

fn date(field: &'static str, s: &str) -> Result<chrono::NaiveDate, AppError> {
    parse_iso_date(s.trim()).ok_or_else(|| AppError::bad_request("invalid_date", field))
}

impl RegistrationForm {
    /// The application, for the agency of the one who registers it.
    pub fn to_application(&self, agency_id: &str) -> Result<Application, AppError> {
        let arrived = date("arrived_on", &self.arrived_on)?;
        let confirmed = || match opt(&self.confirmed_on) {
            None => Ok(arrived),
            Some(c) => date("confirmed_on", &c),
        };
        let receipt = match self.channel.as_str() {
            "in_person" => ReceiptFacts::InPerson { handed_in: arrived },
            "signed_post" => ReceiptFacts::SignedPost {
                signed_for: arrived,
            },
            "plain_letter" => ReceiptFacts::PlainLetter {
                arrived,
                confirmed: confirmed()?,
            },
            "online" | "email" | "fax" => ReceiptFacts::Electronic {
                channel: match self.channel.as_str() {
                    "online" => ElectronicChannel::Online,
                    "email" => ElectronicChannel::Email,
                    _ => ElectronicChannel::Fax,
                },
                submitted: arrived,
                confirmed: confirmed()?,
            },
            _ => return Err(AppError::bad_request("invalid_choice", "channel")),
        };
        let kind = match self.applicant_kind.as_str() {
            "natural_person" => ApplicantKind::NaturalPerson,
            "business" => ApplicantKind::Business,
            "research" => ApplicantKind::Research,
            "public_interest" => ApplicantKind::PublicInterest,
            "legal_service" => ApplicantKind::LegalService,
            "other_organisation" => ApplicantKind::OtherOrganisation,
            _ => return Err(AppError::bad_request("invalid_choice", "applicant_kind")),
        };
        let id_document = match opt(&self.id_number) {
            None => None,
            Some(n) if self.id_type == "resident_id" || self.id_type.is_empty() => {
                Some(IdDocument::ResidentId(
                    IdNumber::parse(&n).map_err(|e| AppError::value(&e, "id_number"))?,
                ))
            }
            Some(n) => Some(IdDocument::Other {
                kind: self.id_type.clone(),
                number: n,
            }),
        };
        let phone = opt(&self.phone)
            .map(|p| PhoneNumber::parse(&p).map_err(|e| AppError::value(&e, "phone")))
            .transpose()?;
        let email = opt(&self.email);
        if email
            .as_deref()
            .is_some_and(|e| !e.contains('@') || e.contains(char::is_whitespace))
        {
            return Err(AppError::bad_request("invalid_email", "email"));
        }
        let requested_form = match self.requested_form.as_str() {
            "paper" => ProvisionForm::Paper,
            "electronic" => ProvisionForm::Electronic,
            "on_site" => ProvisionForm::OnSite,
            _ => return Err(AppError::bad_request("invalid_choice", "requested_form")),
        };
        let delivery = match self.delivery.as_str() {
            "post" => DeliveryMethod::Post,
            "pick_up" => DeliveryMethod::PickUp,
            "email" => DeliveryMethod::Email,
            "online" => DeliveryMethod::Online,
            "fax" => DeliveryMethod::Fax,
            _ => return Err(AppError::bad_request("invalid_choice", "delivery")),
        };
        if self.name.chars().count() > 200 || self.description.chars().count() > 5000 {
            return Err(AppError::bad_request("too_long", "name/description"));
        }
        Ok(Application {
            agency_id: agency_id.to_string(),
            applicant: Applicant {
                kind,
                name: self.name.trim().to_string(),
                id_document,
                phone,
                email,
                address: opt(&self.address),
                contact_person: opt(&self.contact_person),
            },
            description: self.description.trim().to_string(),
            requested_form,
            delivery,
            receipt,
            oral: self.oral.is_some(),
        })
    }
}
