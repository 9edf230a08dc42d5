//! Prometheus `/metrics`: request latency by route pattern (collected by [`crate::telemetry`]) and the
//! state of the work, counted from the database at each scrape so that every instance on a shared
//! PostgreSQL database reports the same numbers.
//!
//! Served only on the admin address (`server.admin_bind`): the counts are not for the public, and
//! the admin listener is meant to stay on a private network.
use std::sync::LazyLock;
use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::AppState;

/// How many working days ahead a case counts as "due soon" (the workbench's warning horizon).
pub const DUE_SOON_WORKING_DAYS: u32 = 3;

/// Latency buckets in seconds: pages and the API answer in milliseconds; PDFs take longer.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process-wide request metrics (the server has one of each route, whatever its workers).
struct RequestMetrics {
    registry: Registry,
    latency: Option<HistogramVec>,
}

static REQUESTS: LazyLock<RequestMetrics> = LazyLock::new(|| {
    let registry = Registry::new();
    let latency = HistogramVec::new(
        HistogramOpts::new(
            "disclosure_http_request_duration_seconds",
            "Time to answer an HTTP request, by method, route pattern and status class.",
        )
        .buckets(BUCKETS.to_vec()),
        &["method", "route", "status"],
    )
    .ok()
    .filter(|h| registry.register(Box::new(h.clone())).is_ok());
    RequestMetrics { registry, latency }
});

/// Records one answered request.
pub(crate) fn observe_request(method: &str, route: &str, status: u16, elapsed: Duration) {
    if let Some(h) = &REQUESTS.latency {
        let class = match status {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        h.with_label_values(&[method, route, class])
            .observe(elapsed.as_secs_f64());
    }
}

/// Why the metrics could not be produced.
#[derive(Debug, thiserror::Error)]
enum MetricsError {
    #[error("database: {0}")]
    Store(#[from] disclosure_store::StoreError),
    #[error("metrics: {0}")]
    Prometheus(#[from] prometheus::Error),
    #[error("metrics text: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
}

/// The gauges of the work, counted now.
fn work_metrics(state: &AppState) -> Result<Registry, MetricsError> {
    let cal = state.calendar();
    let today = state.clock.today();
    let soon = cal
        .add_working_days(today, DUE_SOON_WORKING_DAYS)
        .map(|d| d.date)
        .unwrap_or(today);
    let counts = state
        .services
        .store
        .read(|c| disclosure_store::stats::ops_counts(c, today, soon))?;
    let registry = Registry::new();
    let open = IntGaugeVec::new(
        Opts::new(
            "disclosure_cases_open",
            "Cases not yet concluded, by stage.",
        ),
        &["stage"],
    )?;
    for (stage, n) in &counts.open_by_stage {
        open.with_label_values(&[stage.as_str()]).set(*n);
    }
    registry.register(Box::new(open))?;
    let gauge = |name: &str, help: &str, value: i64| -> Result<(), MetricsError> {
        let g = IntGauge::new(name, help)?;
        g.set(value);
        registry.register(Box::new(g))?;
        Ok(())
    };
    gauge(
        "disclosure_cases_overdue",
        "Open cases past their reply due date (R-TIME-3, R-TIME-4).",
        counts.overdue,
    )?;
    gauge(
        "disclosure_cases_due_soon",
        "Open cases due today or within the next 3 working days.",
        counts.due_soon,
    )?;
    gauge(
        "disclosure_mail_outbox_backlog",
        "Mails waiting to be sent.",
        counts.outbox_backlog,
    )?;
    gauge(
        "disclosure_mail_outbox_failures",
        "Mails given up, or waiting for a retry after an error.",
        counts.outbox_failures,
    )?;
    let outbox = IntGaugeVec::new(
        Opts::new("disclosure_mail_outbox", "Outbox rows by status."),
        &["status"],
    )?;
    for (status, n) in &counts.outbox_by_status {
        outbox.with_label_values(&[status.as_str()]).set(*n);
    }
    registry.register(Box::new(outbox))?;
    let years = IntGaugeVec::new(
        Opts::new(
            "disclosure_calendar_year_loaded",
            "1 for each year whose official working-day notice is loaded (R-TIME-10).",
        ),
        &["year"],
    )?;
    for y in cal.loaded_years() {
        years.with_label_values(&[y.to_string().as_str()]).set(1);
    }
    registry.register(Box::new(years))?;
    let next_year = IntGauge::new(
        "disclosure_calendar_next_year_loaded",
        "1 when next year's official notice is loaded; 0 means next year's deadlines are provisional.",
    )?;
    next_year.set(i64::from(
        cal.is_year_loaded(chrono::Datelike::year(&today) + 1),
    ));
    registry.register(Box::new(next_year))?;
    Ok(registry)
}

fn render(state: &AppState) -> Result<String, MetricsError> {
    let work = work_metrics(state)?;
    let mut families = REQUESTS.registry.gather();
    families.extend(work.gather());
    let mut out = Vec::new();
    TextEncoder::new().encode(&families, &mut out)?;
    Ok(String::from_utf8(out)?)
}

/// `GET /metrics` in the Prometheus text format.
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let state = state.into_inner();
    match web::block(move || render(&state)).await {
        Ok(Ok(text)) => HttpResponse::Ok()
            .content_type("text/plain; version=0.0.4; charset=utf-8")
            .body(text),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "metrics unavailable");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain; charset=utf-8")
                .body(format!("metrics unavailable: {e}\n"))
        }
        Err(e) => {
            tracing::error!(error = %e, "metrics unavailable");
            HttpResponse::ServiceUnavailable().finish()
        }
    }
}
