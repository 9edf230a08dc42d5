//! The statutory annual-report tables (国办公开办函〔2021〕30号, R-REP-1), computed from case facts.
pub mod annual;
