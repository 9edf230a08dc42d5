//! What legal staff report on: the statutory annual-report tables (国办公开办函〔2021〕30号, R-REP-1)
//! and deadline compliance, both computed from case facts.
pub mod annual;
pub mod compliance;
pub mod review_rates;
