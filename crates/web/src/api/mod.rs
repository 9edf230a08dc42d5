//! The JSON API under `/api/v1` (and the health probe).
pub mod deadline;
pub mod health;
