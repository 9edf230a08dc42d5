//! 邮件 on the case page: every mail the case caused, with what became of it. A mail the server
//! refused for good (5xx) is not retried, so the officer must see it at once and deliver another way
//! (post, in person); a mail that is still being retried says when it will be tried next.
use chrono::NaiveDateTime;
use disclosure_store::outbox::{MailStatus, OutboxEntry};

use crate::messages_zh::mail_kind_label;

/// One mail as the case page shows it.
#[derive(Debug, Clone)]
pub struct MailRow {
    pub kind: &'static str,
    /// The applicant's address is on the page already; here only enough to tell mails apart.
    pub recipient: String,
    pub subject: String,
    pub state: &'static str,
    /// `sent`, `failed` or `pending`: the CSS class of the state.
    pub class: &'static str,
    /// When it was accepted, or the server's refusal, or when it is tried next.
    pub detail: String,
    pub attempts: i32,
}

fn when(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `zhangsan@example.cn` → `zh***@example.cn`.
pub fn mask_address(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let keep = if local.chars().count() > 3 { 2 } else { 1 };
            let head: String = local.chars().take(keep).collect();
            format!("{head}***@{domain}")
        }
        None => "***".into(),
    }
}

/// The rows of a case's mails, oldest first, and how many failed for good.
pub fn mail_rows(entries: Vec<OutboxEntry>) -> (Vec<MailRow>, usize) {
    let failed = entries
        .iter()
        .filter(|e| e.status == MailStatus::Failed)
        .count();
    let rows = entries
        .into_iter()
        .map(|e| {
            let (class, detail) = match e.status {
                MailStatus::Sent => (
                    "sent",
                    format!(
                        "{} {}",
                        e.sent_at.map(when).unwrap_or_default(),
                        e.smtp_response.unwrap_or_default()
                    ),
                ),
                MailStatus::Failed => ("failed", e.last_error.unwrap_or_default()),
                MailStatus::Pending | MailStatus::Sending => (
                    "pending",
                    match e.last_error {
                        Some(err) => format!("{}；{}", when(e.next_attempt_at), err),
                        None => String::new(),
                    },
                ),
            };
            MailRow {
                kind: mail_kind_label(&e.kind),
                recipient: mask_address(&e.recipient),
                subject: e.subject,
                state: e.status.label_zh(),
                class,
                detail: detail.trim().to_string(),
                attempts: e.attempts,
            }
        })
        .collect();
    (rows, failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_masked_but_distinguishable() {
        assert_eq!(mask_address("zhangsan@example.cn"), "zh***@example.cn");
        assert_eq!(mask_address("li@example.cn"), "l***@example.cn");
        assert_eq!(mask_address("nonsense"), "***");
    }
}
