use std::sync::Arc;

use disclosure_calendar::Calendar;

/// What every handler may use; cheap to clone (shared, read-only).
#[derive(Debug, Clone)]
pub struct AppState {
    pub calendar: Arc<Calendar>,
}
