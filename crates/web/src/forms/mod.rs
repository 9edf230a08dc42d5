//! Inputs as they arrive from forms and query strings, turned into domain values once, here.
pub mod action;
pub mod deadline_query;
pub mod registration;
pub mod submission;
