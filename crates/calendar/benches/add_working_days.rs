//! `add_working_days` and `working_days_between` on the built-in calendar: target ≤ 100 ns a call.
#![allow(
    clippy::unwrap_used,
    reason = "tests and benches fail loudly on bad fixtures"
)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use disclosure_calendar::Calendar;

fn dates() -> Vec<NaiveDate> {
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    start.iter_days().step_by(7).take(365).collect()
}

fn bench(c: &mut Criterion) {
    let cal = Calendar::builtin().unwrap();
    let ds = dates();
    c.bench_function("add_working_days(d, 20)", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % ds.len();
            black_box(cal.add_working_days(black_box(ds[i]), black_box(20)))
        })
    });
    c.bench_function("working_days_between(d, d+60)", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % ds.len();
            let d = ds[i];
            black_box(cal.working_days_between(black_box(d), d + chrono::Days::new(60)))
        })
    });
    c.bench_function("Calendar::builtin()", |b| {
        b.iter(|| black_box(Calendar::builtin()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
