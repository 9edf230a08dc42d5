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
    pub fn calendar(&self) -> &Calendar {
        &self.services.calendar
    }

    /// The page frame for now.
    pub fn layout(&self) -> Layout {
        layout(self.calendar(), self.clock.today())
    }
}
