use disclosure_store::StoreError;

/// Why mail could not be set up or a batch could not be processed. A failed *send* is not an error
/// of the worker: it is recorded on the row (retry or failed).
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("mail configuration: {0}")]
    Config(String),
    #[error("the address `{0}` is not a valid e-mail address")]
    Address(String),
    #[error("the message cannot be built: {0}")]
    Build(String),
}
