//! The month-by-month chart of the compliance page, written as SVG on the server: no script, prints
//! as it shows, and every bar carries its numbers in a `<title>` for screen readers.
use std::fmt::Write as _;

use disclosure_core::report::compliance::Month;

const WIDTH: u32 = 720;
const HEIGHT: u32 = 260;
const LEFT: u32 = 48;
const RIGHT: u32 = 48;
const TOP: u32 = 28;
const BOTTOM: u32 = 40;

/// Bars: replies per month (left axis); line: share replied on time (right axis, 0–100%).
pub fn month_chart_svg(months: &[Month]) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let max = months.iter().map(|m| m.replied).max().unwrap_or(0).max(1);
    let top = nice_ceiling(max);
    let n = u32::try_from(months.len()).unwrap_or(u32::MAX).max(1);
    let slot = f64::from(plot_w) / f64::from(n);
    let bar = (slot * 0.6).max(2.0);
    let y_of = |v: f64, full: f64| f64::from(TOP) + f64::from(plot_h) * (1.0 - v / full);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title" class="chart"><title id="chart-title">按月答复件数与按期答复率</title>"##
    );
    // Axes and grid.
    for i in 0..=4 {
        let y = y_of(f64::from(i) * f64::from(top) / 4.0, f64::from(top));
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#d8dde6"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#5b6475">{}</text><text x="{}" y="{:.1}" font-size="11" fill="#5b6475">{}%</text>"##,
            WIDTH - RIGHT,
            LEFT - 6,
            y + 4.0,
            top * i / 4,
            WIDTH - RIGHT + 6,
            y + 4.0,
            25 * i
        );
    }
    let mut points = Vec::new();
    for (i, m) in months.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(0);
        let cx = f64::from(LEFT) + slot * (f64::from(i) + 0.5);
        let y = y_of(f64::from(m.replied), f64::from(top));
        let h = f64::from(TOP + plot_h) - y;
        let rate = m
            .on_time_percent()
            .map(|p| format!("{p:.0}%"))
            .unwrap_or_else(|| "—".into());
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}" fill="#7b93b8"><title>{}年{}月：收到{}件，答复{}件，按期{}件（{rate}）</title></rect><text x="{cx:.1}" y="{}" font-size="11" text-anchor="middle" fill="#1d2330">{}月</text>"##,
            cx - bar / 2.0,
            m.year,
            m.month,
            m.received,
            m.replied,
            m.on_time,
            HEIGHT - BOTTOM + 16,
            m.month
        );
        if let Some(p) = m.on_time_percent() {
            points.push((cx, y_of(p, 100.0)));
        }
    }
    if !points.is_empty() {
        let path: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            s,
            r##"<polyline points="{}" fill="none" stroke="#a61b1b" stroke-width="2"/>"##,
            path.join(" ")
        );
        for (x, y) in &points {
            let _ = write!(
                s,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="#a61b1b"/>"##
            );
        }
    }
    let _ = write!(
        s,
        r##"<rect x="{LEFT}" y="6" width="12" height="10" fill="#7b93b8"/><text x="{}" y="15" font-size="12">答复件数（左轴）</text><line x1="{}" y1="11" x2="{}" y2="11" stroke="#a61b1b" stroke-width="2"/><text x="{}" y="15" font-size="12">按期答复率（右轴）</text></svg>"##,
        LEFT + 16,
        LEFT + 150,
        LEFT + 170,
        LEFT + 176
    );
    s
}

/// The left axis top: the next multiple of 4, so the four grid steps are whole numbers.
fn nice_ceiling(v: u32) -> u32 {
    v.max(1).div_ceil(4).saturating_mul(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_time_3_chart_has_one_bar_per_month_and_the_on_time_line() {
        let m = |month, replied, on_time| Month {
            year: 2026,
            month,
            received: 3,
            replied,
            on_time,
        };
        let svg = month_chart_svg(&[m(3, 2, 2), m(4, 7, 5), m(5, 0, 0)]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(
            svg.matches("<rect").count(),
            3 + 1,
            "three bars and the legend"
        );
        assert!(svg.contains("<title>2026年4月：收到3件，答复7件，按期5件（71%）</title>"));
        assert!(svg.contains("<title>2026年5月：收到3件，答复0件，按期0件（—）</title>"));
        // Two months with replies: two points on the line.
        assert_eq!(svg.matches("<circle").count(), 2);
    }

    #[test]
    fn axis_tops_divide_into_four_whole_steps() {
        assert_eq!(nice_ceiling(0), 4);
        assert_eq!(nice_ceiling(1), 4);
        assert_eq!(nice_ceiling(7), 8);
        assert_eq!(nice_ceiling(43), 44);
    }
}
