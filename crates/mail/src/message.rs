//! The MIME message of an outbox row: UTF-8 subject (RFC 2047) and body, the document as a PDF
//! attachment under its Chinese file name (RFC 2231), and the row's own `Message-ID`, so every
//! retry of one row is the same message to the receiving side.
use disclosure_store::outbox::ClaimedMail;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;

use crate::MailError;

/// Builds the message of `mail`, sent by `from`.
pub fn build_message(mail: &ClaimedMail, from: &Mailbox) -> Result<Message, MailError> {
    let to: Mailbox = mail
        .recipient
        .trim()
        .parse()
        .map_err(|_| MailError::Address(mail.recipient.clone()))?;
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(mail.message_id.clone()))
        .date_now();
    let text = SinglePart::plain(mail.body.clone());
    let built = match &mail.attachment {
        None => builder.singlepart(text),
        Some(a) => {
            let pdf = ContentType::parse("application/pdf")
                .map_err(|e| MailError::Build(e.to_string()))?;
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(text)
                    .singlepart(Attachment::new(a.name.clone()).body(a.content.clone(), pdf)),
            )
        }
    };
    built.map_err(|e| MailError::Build(e.to_string()))
}
