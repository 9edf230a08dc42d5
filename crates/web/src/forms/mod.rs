//! Inputs as they arrive from forms and query strings, turned into domain values once, here.
pub mod deadline_query;
