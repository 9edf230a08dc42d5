use std::sync::Arc;

use disclosure_calendar::Calendar;

use crate::layout::{layout, Layout};
use crate::Clock;

/// What every handler may use; cheap to clone (shared, read-only).
#[derive(Debug, Clone)]
pub struct AppState {
    pub calendar: Arc<Calendar>,
    pub clock: Clock,
}

impl AppState {
    /// The page frame for now.
    pub fn layout(&self) -> Layout {
        layout(&self.calendar, self.clock.today())
    }
}
