//! The case: an append-only list of events, folded into its current state; and `decide`, the one pure
//! function that turns a command into new events or a refusal (R-FLOW-1).
mod application;
mod attachment;
mod available;
mod command;
mod conclusion;
mod decide;
mod error;
mod event;
mod reply;
mod stage;
mod state;

pub use application::{Application, DeliveryMethod, MissingElement, ProvisionForm};
pub use attachment::Attachment;
pub use available::available_commands;
pub use command::Command;
pub use conclusion::Conclusion;
pub use decide::decide;
pub use error::{DomainError, Field};
pub use event::{
    ConsultationAnswer, Delivery, Event, ImportedReply, PartyKind, Review, ReviewKind,
    ReviewResult, SearchRecord,
};
pub use reply::{CompetentAgency, Reply, WithheldItem};
pub use stage::{HandlingState, Stage};
pub use state::{Case, Consultation, CorrectionState, FeeState};
