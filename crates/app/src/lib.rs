//! Application services of `disclosure`: the one place that loads a case, asks the domain to decide,
//! and writes the result — so the pages, the JSON API and the CLI never write a rule twice.
#![forbid(unsafe_code)]

pub mod attachments;
pub mod auth;
pub mod demo;
pub mod documents;
mod error;
pub mod export;
mod issued;
pub mod ledger_import;
pub mod login_guard;
pub mod mail;
pub mod mail_zh;
pub mod reasons;
pub mod records;
pub mod reminders;
pub mod reports;
pub mod seed;
mod services;
pub mod submission_guard;
mod tokens;

pub use error::ServiceError;
pub use services::{LoadedCase, Services, SharedCalendar};
