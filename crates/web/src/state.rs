use std::sync::Arc;

use disclosure_app::Services;
use disclosure_calendar::Calendar;

use crate::layout::{layout, Layout};
use crate::Clock;

/// What every handler may use; cheap to clone (shared pool, shared calendar).
#[derive(Debug, Clone)]
pub struct AppState {
    pub services: Services,
    pub clock: Clock,
}

impl AppState {
    /// The calendar in force now: a snapshot to keep for the whole request, since an imported year
    /// can replace the shared one at any moment (R-TIME-10).
    pub fn calendar(&self) -> Arc<Calendar> {
        self.services.calendar()
    }

    /// The page frame for now.
    pub fn layout(&self) -> Layout {
        layout(&self.calendar(), self.clock.today())
    }
}
