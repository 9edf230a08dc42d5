//! What every page's frame shows besides its content: today's notices to staff.
use chrono::Datelike;
use disclosure_calendar::Calendar;

/// The frame of every page (`templates/base.html`).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// R-TIME-10: from 1 November, next year's official calendar not loaded yet.
    pub calendar_warning: Option<String>,
}

/// From 1 November the State Council's notice for next year is due; until it is loaded every deadline
/// crossing New Year is provisional, and staff must see that on every page.
pub fn layout(cal: &Calendar, today: chrono::NaiveDate) -> Layout {
    let year = today.year();
    let missing = if !cal.is_year_loaded(year) {
        Some(year)
    } else if today.month() >= 11 && !cal.is_year_loaded(year + 1) {
        Some(year + 1)
    } else {
        None
    };
    let calendar_warning = missing.map(|y| {
        format!(
            "{y}年节假日安排尚未载入：落在{y}年的期限按周末及固定日期法定节假日暂定计算，国务院办公厅通知公布后请及时载入。"
        )
    });
    Layout { calendar_warning }
}
