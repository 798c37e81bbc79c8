//! The pack's timeline as an inline SVG Gantt chart, for the HTML page.
//!
//! The Markdown pack has Mermaid, which wikis draw; an e-mailed page cannot
//! run Mermaid (no scripts), so the HTML pack draws the same [`Timeline`]
//! itself. A pure function of the timeline: no clock, no fonts measured, so
//! the same registry gives the same bytes.
//!
//! Layout, in user units of a fixed 1000-wide `viewBox` (the page scales it
//! to its width; on A4 landscape one unit is about 0.27 mm, so the 10-unit
//! text prints at about 7.5 pt):
//! - a label column on the left, the chart on the right, one column per day;
//! - a header of month names and Monday ticks (day of the month), weekends
//!   shaded;
//! - per environment a heading row, on which its outages are drawn (planned
//!   hatched amber, unplanned solid red, placed by their local times), then
//!   one row per interval, its bar covering the days it touches (as in the
//!   Mermaid chart): confirmed solid, planned light, clashing orange with the
//!   overlap cross-hatched in red, cancelled hatched grey with a dashed edge;
//!   a white arrowhead says a bar continues beyond the period;
//! - a dashed vertical line at the start of the as-of day, and a legend.
//!
//! A printer cannot break an SVG across pages, so a long chart is cut into
//! parts (`render_pages`) that each fit an A4 landscape page, every part with
//! its own header.
//!
//! Every registry string is put on one line and escaped with the pack's HTML
//! escaping, which is also valid XML. Bars carry `<title>` tooltips.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate, Weekday};

use super::escape::html as esc;
use crate::output::sanitize::collapse_spaces as one_line;
use crate::plan::{EnvironmentLane, IntervalRow, OutageRow, Period, Span, Timeline};
use crate::registry::records::Status;
use crate::time::format::describe_range;
use crate::time::Instant;

/// The width of the `viewBox`.
pub const WIDTH: f64 = 1000.0;
/// Where labels start.
const LABEL_X: f64 = 4.0;
/// How far interval labels are indented under their environment.
const INDENT: f64 = 12.0;
/// Where the chart (day columns) starts and ends.
pub const CHART_X: f64 = 330.0;
const CHART_END: f64 = 994.0;
/// Header rows: month names, then Monday ticks.
const MONTH_BASELINE: f64 = 13.0;
const WEEK_TOP: f64 = 18.0;
const WEEK_BASELINE: f64 = 31.0;
const BODY_TOP: f64 = 36.0;
const HEADING_HEIGHT: f64 = 22.0;
const ROW_HEIGHT: f64 = 18.0;
const BAR_HEIGHT: f64 = 12.0;
/// Text sizes.
const TEXT: f64 = 11.0;
const SMALL: f64 = 10.0;
const HEADING_TEXT: f64 = 12.0;

/// Colours, chosen to differ in pattern as well as hue so that a greyscale
/// print still tells them apart.
const INK: &str = "#1f2328";
const MUTED: &str = "#59636e";
const GRID: &str = "#d8dee4";
const MONTH_LINE: &str = "#8c959f";
const HEADING_BG: &str = "#eaeef2";
const CONFIRMED: &str = "#3b6fb6";
const CONFIRMED_EDGE: &str = "#1f4f8a";
const PLANNED: &str = "#a9c4e8";
const CLASHING: &str = "#f08c3a";
const CLASHING_EDGE: &str = "#a33d00";
const CLASH: &str = "#cf222e";
const UNPLANNED: &str = "#cf222e";
const UNPLANNED_EDGE: &str = "#82071e";
const PLANNED_OUTAGE: &str = "#f5d37a";
const PLANNED_OUTAGE_EDGE: &str = "#9a6700";
const CANCELLED_EDGE: &str = "#8c959f";
const AS_OF: &str = "#6e40c9";
const REQUIRED: &str = "#1a7f37";
const NOT_READY: &str = "#cf222e";
/// The band under an environment's heading that shows its required window.
const WINDOW_HEIGHT: f64 = 4.0;

/// The height of the rows of one printed page of the chart: with the
/// header, the as-of label and the legend it stays under the 186 mm an A4
/// landscape page has inside 12 mm margins, after the section's heading.
pub const PAGE_ROWS_HEIGHT: f64 = 480.0;

/// The whole chart as one `<svg>` element (no XML declaration: it is inlined).
pub fn render(tl: &Timeline) -> String {
    render_pages(tl, f64::INFINITY).concat()
}

/// The chart cut into `<svg>` elements whose rows take at most
/// `rows_height` units each, so that each prints on a page of its own: a
/// printer cannot break an SVG. Each part has the month and week header;
/// an environment cut in two is headed again ("continued", its outages
/// drawn again); the legend comes with the last part. Ids inside each part
/// are prefixed with its number, so that the parts can share a page.
pub fn render_pages(tl: &Timeline, rows_height: f64) -> Vec<String> {
    let scale = Scale::new(&tl.period, tl.tz, tl.as_of);
    let pages = paginate(tl, rows_height);
    let count = pages.len();
    pages
        .iter()
        .enumerate()
        .map(|(i, rows)| part(tl, &scale, rows, i + 1, count))
        .collect()
}

fn part(tl: &Timeline, scale: &Scale, rows: &[Row<'_>], number: usize, count: usize) -> String {
    let ids = Ids(number);
    let last = number == count;
    let body_end = BODY_TOP + rows.iter().map(Row::height).sum::<f64>();
    let legend = last.then(|| legend(tl, &ids, body_end + 26.0));
    let height = match &legend {
        Some(l) => l.bottom + 6.0,
        None => body_end + 22.0,
    }
    .ceil();

    let mut out = String::new();
    let mut label = format!(
        "Timeline of {}, {} to {}, as of {}",
        one_line(&tl.programme_name),
        tl.period.first,
        tl.period.last,
        tl.as_of
    );
    if count > 1 {
        let _ = write!(label, ", part {number} of {count}");
    }
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\" font-size=\"{TEXT}\" fill=\"{INK}\">\n<title id=\"{}\">{}</title>\n",
        ids.get("title"),
        ids.get("title"),
        esc(&label)
    );
    defs(&mut out, &ids);

    // Backgrounds first, so that bars and text are drawn over them.
    let mut y = BODY_TOP;
    for row in rows {
        if let Row::Heading(..) = row {
            let _ = writeln!(
                out,
                "<rect x=\"0\" y=\"{}\" width=\"{WIDTH}\" height=\"{HEADING_HEIGHT}\" fill=\"{HEADING_BG}\"/>",
                n(y)
            );
        }
        y += row.height();
    }
    grid(&mut out, scale, body_end);

    let mut y = BODY_TOP;
    for row in rows {
        match row {
            Row::Heading(lane, continued) => heading(&mut out, scale, &ids, lane, *continued, y),
            Row::Interval(lane, row) => interval(&mut out, scale, &ids, lane, row, y),
            Row::Nothing => {
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" fill=\"{MUTED}\" font-style=\"italic\">Nothing is booked and no outage falls in these months.</text>",
                    n(LABEL_X),
                    n(y + 13.0)
                );
            }
        }
        y += row.height();
    }

    as_of_line(&mut out, scale, tl, body_end);
    if let Some(legend) = legend {
        out.push_str(&legend.svg);
    }
    out.push_str("</svg>");
    out
}

/// Ids inside one part of the chart: `tl2-clash` in the second.
#[derive(Debug, Clone, Copy)]
struct Ids(usize);

impl Ids {
    fn get(&self, name: &str) -> String {
        format!("tl{}-{name}", self.0)
    }

    /// A fill that uses the pattern `name`.
    fn fill(&self, name: &str) -> String {
        format!("url(#{})", self.get(name))
    }
}

/// Where days and instants fall on the chart.
#[derive(Debug, Clone, Copy)]
struct Scale {
    period: Period,
    tz: chrono_tz::Tz,
    as_of: NaiveDate,
    day: f64,
}

impl Scale {
    fn new(period: &Period, tz: chrono_tz::Tz, as_of: NaiveDate) -> Scale {
        Scale {
            period: *period,
            tz,
            as_of,
            day: (CHART_END - CHART_X) / period.days() as f64,
        }
    }

    /// The left edge of `day`'s column (the chart's edges outside the period).
    fn x_day(&self, day: NaiveDate) -> f64 {
        let days = (day - self.period.first)
            .num_days()
            .clamp(0, self.period.days());
        CHART_X + days as f64 * self.day
    }

    /// Where an instant falls, by its local wall-clock time, so that day
    /// columns and times agree on the days the clocks change.
    fn x_instant(&self, at: Instant) -> f64 {
        let local = at.with_timezone(&self.tz).naive_local();
        let midnight = self.period.first.and_hms_opt(0, 0, 0).unwrap_or_default();
        let days = (local - midnight).num_minutes() as f64 / 1440.0;
        CHART_X + days.clamp(0.0, self.period.days() as f64) * self.day
    }

    /// The bar of a span: the days it touches inside the period.
    fn days_bar(&self, span: &Span) -> (f64, f64) {
        let (first, last) = span.days_in(&self.period);
        let x = self.x_day(first);
        (x, self.x_day(last) + self.day - x)
    }
}

/// A row of the chart, top to bottom.
enum Row<'a> {
    /// An environment, and whether it carries on from the part before.
    Heading(&'a EnvironmentLane, bool),
    Interval(&'a EnvironmentLane, &'a IntervalRow),
    Nothing,
}

impl Row<'_> {
    fn height(&self) -> f64 {
        match self {
            Row::Heading(..) => HEADING_HEIGHT,
            Row::Interval(..) | Row::Nothing => ROW_HEIGHT,
        }
    }
}

/// The rows, cut into parts of at most `height` units; an environment's
/// heading is never left at the bottom of a part without its first row.
fn paginate(tl: &Timeline, height: f64) -> Vec<Vec<Row<'_>>> {
    let mut pages: Vec<Vec<Row<'_>>> = Vec::new();
    let mut page: Vec<Row<'_>> = Vec::new();
    let mut used = 0.0;
    for lane in &tl.environments {
        let first = if lane.intervals.is_empty() {
            0.0
        } else {
            ROW_HEIGHT
        };
        if used + HEADING_HEIGHT + first > height && !page.is_empty() {
            pages.push(std::mem::take(&mut page));
            used = 0.0;
        }
        page.push(Row::Heading(lane, false));
        used += HEADING_HEIGHT;
        for row in &lane.intervals {
            if used + ROW_HEIGHT > height && page.len() > 1 {
                pages.push(std::mem::take(&mut page));
                page.push(Row::Heading(lane, true));
                used = HEADING_HEIGHT;
            }
            page.push(Row::Interval(lane, row));
            used += ROW_HEIGHT;
        }
    }
    if page.is_empty() && pages.is_empty() {
        page.push(Row::Nothing);
    }
    if !page.is_empty() {
        pages.push(page);
    }
    pages
}

/// A number for an attribute: one decimal, no trailing `.0`.
fn n(v: f64) -> String {
    let text = format!("{v:.1}");
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

/// An average glyph's width as a share of the text size, generous enough for
/// the wider sans-serif faces (DejaVu Sans, Verdana); no font is measured.
const GLYPH: f64 = 0.52;
/// The same for bold text.
const BOLD_GLYPH: f64 = 0.6;

/// About how wide `text` is at `size`.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * GLYPH
}

fn bold_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * BOLD_GLYPH
}

/// `text` cut to fit `width` at `size`, with an ellipsis when cut.
fn fit(text: &str, width: f64, size: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_owned();
    }
    let keep = ((width / (size * GLYPH)).floor() as usize).saturating_sub(1);
    let mut cut: String = text.chars().take(keep).collect();
    cut = cut.trim_end().to_owned();
    cut.push('…');
    cut
}

fn defs(out: &mut String, ids: &Ids) {
    let _ = write!(
        out,
        "<defs>\n\
<pattern id=\"{}\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"{PLANNED_OUTAGE}\"/><rect width=\"2\" height=\"5\" fill=\"{PLANNED_OUTAGE_EDGE}\"/></pattern>\n\
<pattern id=\"{}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><path d=\"M0 0L6 6M6 0L0 6\" stroke=\"{CLASH}\" stroke-width=\"1.6\"/></pattern>\n\
<pattern id=\"{}\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\"><rect width=\"5\" height=\"5\" fill=\"#f6f8fa\"/><rect width=\"1.2\" height=\"5\" fill=\"{CANCELLED_EDGE}\"/></pattern>\n\
</defs>\n",
        ids.get("planned-outage"),
        ids.get("clash"),
        ids.get("cancelled"),
    );
}

/// Weekends, Monday ticks and month boundaries, with the header text.
fn grid(out: &mut String, s: &Scale, body_end: f64) {
    let p = s.period;
    let days: Vec<NaiveDate> = p.first.iter_days().take(p.days().max(0) as usize).collect();
    out.push_str("<g class=\"grid\">\n");
    for (i, &day) in days.iter().enumerate() {
        let weekend_starts =
            day.weekday() == Weekday::Sat || (i == 0 && day.weekday() == Weekday::Sun);
        if weekend_starts {
            weekend(out, s, day, body_end);
        }
        if day.weekday() == Weekday::Mon {
            monday(out, s, &days, i, body_end);
        }
        if i == 0 || day.day() == 1 {
            month(out, s, &days, i, body_end);
        }
    }
    let _ = writeln!(
        out,
        "<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{}\" stroke=\"{MONTH_LINE}\" stroke-width=\"1\"/>",
        n(body_end),
        x = n(CHART_END)
    );
    let _ = writeln!(
        out,
        "<line x1=\"0\" y1=\"{y}\" x2=\"{WIDTH}\" y2=\"{y}\" stroke=\"{MONTH_LINE}\" stroke-width=\"1\"/>",
        y = n(BODY_TOP - 0.5)
    );
    out.push_str("</g>\n");
}

/// The shading of a weekend starting on `day` (a Saturday, or a Sunday the
/// chart opens on).
fn weekend(out: &mut String, s: &Scale, day: NaiveDate, body_end: f64) {
    let x = s.x_day(day);
    let width = if day.weekday() == Weekday::Sat {
        2.0
    } else {
        1.0
    } * s.day;
    let _ = writeln!(
        out,
        "<rect class=\"weekend\" x=\"{}\" y=\"{WEEK_TOP}\" width=\"{}\" height=\"{}\" fill=\"#000000\" fill-opacity=\"0.05\"/>",
        n(x),
        n(width.min(CHART_END - x)),
        n(body_end - WEEK_TOP)
    );
}

/// The tick of Monday `days[i]` and its day number.
fn monday(out: &mut String, s: &Scale, days: &[NaiveDate], i: usize, body_end: f64) {
    let x = s.x_day(days[i]);
    let label = days[i].day().to_string();
    // The number stands right of its tick, unless a month boundary
    // or the chart's end comes within two days and would cross it.
    let room = days
        .iter()
        .skip(i + 1)
        .take(2)
        .find(|d| d.day() == 1)
        .map_or(CHART_END - x, |&d| s.x_day(d) - x);
    let _ = write!(
        out,
        "<line x1=\"{x}\" y1=\"{WEEK_TOP}\" x2=\"{x}\" y2=\"{}\" stroke=\"{GRID}\" stroke-width=\"0.7\"/>",
        n(body_end),
        x = n(x),
    );
    if text_width(&label, SMALL) + 3.0 <= room {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{WEEK_BASELINE}\" font-size=\"{SMALL}\" fill=\"{MUTED}\">{label}</text>",
            n(x + 2.0)
        );
    }
    out.push('\n');
}

/// A month starting at `days[i]` (or the chart's first day): a boundary
/// line and the name, with the year on the first month shown and on each
/// January, when there is room for it.
fn month(out: &mut String, s: &Scale, days: &[NaiveDate], i: usize, body_end: f64) {
    let day = days[i];
    let x = s.x_day(day);
    // The right edge of `day`'s column.
    let end_of = |day: NaiveDate| (s.x_day(day) + s.day).min(CHART_END);
    let last = days
        .iter()
        .skip(i)
        .take_while(|d| d.month() == day.month())
        .last()
        .copied()
        .unwrap_or(day);
    let name = if i == 0 || day.month() == 1 {
        day.format("%B %Y").to_string()
    } else {
        day.format("%B").to_string()
    };
    let _ = writeln!(
        out,
        "<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{}\" stroke=\"{MONTH_LINE}\" stroke-width=\"1\"/>",
        n(body_end),
        x = n(x)
    );
    if text_width(&name, HEADING_TEXT) + 8.0 <= end_of(last) - x {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{MONTH_BASELINE}\" font-size=\"{HEADING_TEXT}\" font-weight=\"600\">{}</text>",
            n(x + 4.0),
            esc(&name)
        );
    }
}

/// An environment's heading row, with its outages drawn on it.
fn heading(
    out: &mut String,
    s: &Scale,
    ids: &Ids,
    lane: &EnvironmentLane,
    continued: bool,
    y: f64,
) {
    let id = one_line(&lane.id);
    let room = CHART_X - LABEL_X - 6.0 - bold_width(&id, HEADING_TEXT) - 6.0;
    // The sharing mode explains a clash: it stays whole, the name is cut.
    let tail = if continued {
        " (continued)".to_owned()
    } else {
        format!(" · {}", lane.sharing.as_str())
    };
    let name = one_line(&lane.name);
    let name_room = room - text_width(&tail, SMALL);
    let detail = if name_room >= 2.0 * SMALL {
        format!("{}{tail}", fit(&name, name_room, SMALL))
    } else {
        // A very long id leaves no room: cut the whole line, as for any text.
        fit(&format!("{name}{tail}"), room.max(0.0), SMALL)
    };
    let _ = writeln!(
        out,
        "<g class=\"env-heading\"><text x=\"{}\" y=\"{}\" font-size=\"{HEADING_TEXT}\"><tspan font-weight=\"700\">{}</tspan><tspan fill=\"{MUTED}\" font-size=\"{SMALL}\" dx=\"6\">{}</tspan></text></g>",
        n(LABEL_X),
        n(y + 15.0),
        esc(&id),
        esc(&detail)
    );
    if lane.is_empty_in(&s.period) {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL}\" fill=\"{MUTED}\" font-style=\"italic\">nothing in this period</text>",
            n(CHART_X + 6.0),
            n(y + 15.0)
        );
    }
    windows(out, s, lane, y);
    // Longest first, so that a short outage inside a long one stays visible.
    let mut outages: Vec<&OutageRow> = lane.outages.iter().collect();
    outages.sort_by_key(|o| std::cmp::Reverse(o.span.range.length()));
    for o in outages {
        outage(out, s, ids, lane, o, y);
    }
}

/// The environment's own dates on its heading row, under its outages: a
/// band for the required window (red where it is not ready yet), a diamond
/// on the ready day, a bar at the end of the sandbox.
fn windows(out: &mut String, s: &Scale, lane: &EnvironmentLane, y: f64) {
    let w = &lane.windows;
    let id = one_line(&lane.id);
    let top = y + HEADING_HEIGHT - WINDOW_HEIGHT - 1.0;
    let band = |out: &mut String,
                class: &str,
                (a, b): (NaiveDate, NaiveDate),
                fill: &str,
                tip: &str| {
        let x = s.x_day(a);
        let width = s.x_day(b) + s.day - x;
        let _ = writeln!(
            out,
            "<g class=\"window {class}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{WINDOW_HEIGHT}\" fill=\"{fill}\"/></g>",
            esc(tip),
            n(x),
            n(top),
            n(width)
        );
    };
    if let (Some(days), Some((from, to))) = (w.required_in(&s.period), w.required) {
        band(
            out,
            "required",
            days,
            REQUIRED,
            &format!("{id} required {from} to {to}"),
        );
    }
    if let Some(days) = w.not_ready_in(&s.period) {
        let how = w
            .readiness
            .as_ref()
            .map(|r| r.describe(s.as_of))
            .unwrap_or_default();
        band(
            out,
            "not-ready",
            days,
            NOT_READY,
            &format!("{id} required but not ready ({how})"),
        );
    }
    if let Some(d) = w.ready_day_in(&s.period) {
        let x = s.x_day(d) + s.day / 2.0;
        let word = if d > s.as_of {
            "forecast ready"
        } else {
            "ready"
        };
        let _ = writeln!(
            out,
            "<g class=\"window ready\"><title>{}</title><path d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"{REQUIRED}\" stroke=\"#ffffff\" stroke-width=\"0.8\"/></g>",
            esc(&format!("{id} {word} on {d}")),
            n(x),
            n(top - 4.0),
            n(x + 4.0),
            n(top + 2.0),
            n(x),
            n(top + 8.0),
            n(x - 4.0),
            n(top + 2.0)
        );
    }
    if let Some(d) = w.sandbox_end_in(&s.period) {
        let x = s.x_day(d) + s.day;
        let _ = writeln!(
            out,
            "<g class=\"window sandbox-end\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"2\" height=\"{}\" fill=\"{INK}\"/></g>",
            esc(&format!("{id} sandbox ends {d}")),
            n(x - 2.0),
            n(y + 3.0),
            n(HEADING_HEIGHT - 6.0)
        );
    }
}

fn outage(out: &mut String, s: &Scale, ids: &Ids, lane: &EnvironmentLane, o: &OutageRow, y: f64) {
    let x0 = s.x_instant(o.span.range.start);
    let x1 = s.x_instant(o.span.range.end);
    // A short outage is still visible.
    let width = (x1 - x0).max(3.0);
    let x = x0.min(CHART_END - width);
    let (kind, fill, edge) = if o.planned {
        ("planned", ids.fill("planned-outage"), PLANNED_OUTAGE_EDGE)
    } else {
        ("unplanned", UNPLANNED.to_owned(), UNPLANNED_EDGE)
    };
    let top = y + (HEADING_HEIGHT - BAR_HEIGHT) / 2.0;
    let when = if o.ongoing {
        format!(
            "since {}, ongoing",
            crate::plan::local_minute(o.span.range.start, s.tz)
        )
    } else {
        describe_range(&o.span.range, s.tz)
    };
    let mut tip = format!(
        "{} outage {} of {}: {}, {when}",
        if o.planned { "Planned" } else { "Unplanned" },
        one_line(&o.id),
        one_line(&lane.id),
        o.reason
    );
    if let Some(d) = &o.defect {
        let _ = write!(tip, "; defect {}", one_line(d));
    }
    if o.ongoing {
        return ongoing(out, s, o, &tip, x0, top);
    }
    let _ = writeln!(
        out,
        "<g class=\"outage {kind}\" data-id=\"{}\"><title>{}</title><rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_HEIGHT}\" fill=\"{fill}\" stroke=\"{edge}\" stroke-width=\"0.8\"/>{}</g>",
        esc(&o.id),
        esc(&tip),
        n(x),
        n(top),
        n(width),
        arrows(&o.span, x, width, top)
    );
}

/// An outage with no end yet: solid from its start to the as-of day, then a
/// thin dashed line to the chart's end (its end is not known), with
/// "ongoing since" written beside it, so that it neither reads as a known
/// outage across the whole chart nor hides a planned outage on its row.
fn ongoing(out: &mut String, s: &Scale, o: &OutageRow, tip: &str, x0: f64, top: f64) {
    let now = s.x_day(s.as_of).max(x0);
    let width = (now - x0).max(3.0);
    let x = x0.min(CHART_END - width);
    let mid = top + BAR_HEIGHT / 2.0;
    let since = o
        .span
        .range
        .start
        .with_timezone(&s.tz)
        .format("%-d %b %H:%M");
    let label_x = (x + width + 4.0).min(CHART_END - 120.0);
    let _ = writeln!(
        out,
        "<g class=\"outage unplanned ongoing\" data-id=\"{}\"><title>{}</title><rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_HEIGHT}\" fill=\"{UNPLANNED}\" stroke=\"{UNPLANNED_EDGE}\" stroke-width=\"0.8\"/><line class=\"still-open\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{UNPLANNED}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/><text x=\"{}\" y=\"{}\" font-size=\"9\" fill=\"{UNPLANNED_EDGE}\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\">ongoing since {}</text></g>",
        esc(&o.id),
        esc(tip),
        n(x),
        n(top),
        n(width),
        n(x + width),
        n(mid),
        n(CHART_END),
        n(mid),
        n(label_x),
        n(mid - 4.0),
        esc(&since.to_string())
    );
}

fn interval(
    out: &mut String,
    s: &Scale,
    ids: &Ids,
    lane: &EnvironmentLane,
    row: &IntervalRow,
    y: f64,
) {
    let top = y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
    let baseline = y + 13.0;
    // Label: id, name, and the dates on the right of the column.
    let (first, last) = (row.span.first_day, row.span.last_day);
    let dates = if first == last {
        first.format("%-d %b").to_string()
    } else {
        format!("{}–{}", first.format("%-d %b"), last.format("%-d %b"))
    };
    let dates_x = CHART_X - 6.0;
    let id = one_line(&row.id);
    let mut name = one_line(&row.name);
    if row.is_cancelled() && !name.to_lowercase().contains("cancelled") {
        name.push_str(" (cancelled)");
    }
    let label_x = LABEL_X + INDENT;
    // The widths are estimates from an average glyph, and a name of wide
    // letters outruns them: a tenth of the room is kept free so that a cut
    // name never runs into the dates.
    let room =
        (dates_x - text_width(&dates, SMALL) - 10.0 - label_x - bold_width(&id, TEXT) - 5.0) * 0.9;
    let label_fill = if row.is_cancelled() { MUTED } else { INK };
    let (kind, fill, edge, dash) = bar_style(ids, row);
    let (x, width) = s.days_bar(&row.span);
    let tip = interval_tip(s, lane, row, &id);

    let _ = write!(
        out,
        "<g class=\"{kind}\" data-id=\"{}\"><title>{}</title>\
<text x=\"{}\" y=\"{}\" fill=\"{label_fill}\"><tspan font-weight=\"600\">{}</tspan><tspan dx=\"5\">{}</tspan></text>\
<text x=\"{}\" y=\"{}\" font-size=\"{SMALL}\" fill=\"{MUTED}\" text-anchor=\"end\">{}</text>\
<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_HEIGHT}\" rx=\"2\" fill=\"{fill}\" stroke=\"{edge}\" stroke-width=\"0.8\"{dash}/>",
        esc(&row.id),
        esc(&tip),
        n(label_x),
        n(baseline),
        esc(&id),
        esc(&fit(&name, room.max(0.0), TEXT)),
        n(dates_x),
        n(baseline),
        esc(&dates),
        n(x),
        n(top),
        n(width),
    );
    clash_overlaps(out, s, ids, row, (x, width), top);
    out.push_str(&arrows(&row.span, x, width, top));
    out.push_str("</g>\n");
}

/// An interval bar's class, fill, edge and dash: cancelled, clashing,
/// planned or confirmed.
fn bar_style(ids: &Ids, row: &IntervalRow) -> (&'static str, String, &'static str, &'static str) {
    if row.is_cancelled() {
        (
            "interval cancelled",
            ids.fill("cancelled"),
            CANCELLED_EDGE,
            " stroke-dasharray=\"3 2\"",
        )
    } else if row.is_clashing() {
        ("interval clashing", CLASHING.to_owned(), CLASHING_EDGE, "")
    } else if row.status == Status::Planned {
        ("interval planned", PLANNED.to_owned(), CONFIRMED, "")
    } else {
        ("interval", CONFIRMED.to_owned(), CONFIRMED_EDGE, "")
    }
}

/// The tooltip of an interval: its dates as written, stage, status,
/// participants, environments used and clashes.
fn interval_tip(s: &Scale, lane: &EnvironmentLane, row: &IntervalRow, id: &str) -> String {
    let mut tip = format!(
        "{} {} on {}: {} to {}, stage {}, {}",
        id,
        one_line(&row.name),
        one_line(&lane.id),
        one_line(&row.span.start_written),
        one_line(row.span.end_written.as_deref().unwrap_or("")),
        one_line(&row.stage),
        row.status.as_str()
    );
    if !row.participants.is_empty() {
        let _ = write!(
            tip,
            "; participants {}",
            one_line(&row.participants.join(", "))
        );
    }
    if !row.uses.is_empty() {
        let _ = write!(tip, "; uses {}", one_line(&row.uses.join(", ")));
    }
    for c in &row.clashes {
        let _ = write!(
            tip,
            "; clashes with {} on {} {}",
            one_line(&c.with_id),
            one_line(&c.environment),
            describe_range(&c.overlap, s.tz)
        );
    }
    if row.clashes_not_shown > 0 {
        let _ = write!(
            tip,
            "; and with {} more (see envplan clashes)",
            row.clashes_not_shown
        );
    }
    tip
}

/// The clash overlaps, on the bar from `x` of `width` (each overlap once).
fn clash_overlaps(
    out: &mut String,
    s: &Scale,
    ids: &Ids,
    row: &IntervalRow,
    (x, width): (f64, f64),
    top: f64,
) {
    let mut drawn: Vec<crate::time::TimeRange> = Vec::new();
    for c in &row.clashes {
        if drawn.contains(&c.overlap) {
            continue;
        }
        drawn.push(c.overlap);
        let cx0 = s.x_instant(c.overlap.start).max(x);
        let cx1 = s.x_instant(c.overlap.end).min(x + width);
        if cx1 <= cx0 {
            continue;
        }
        let _ = write!(
            out,
            "<rect class=\"clash-overlap\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_HEIGHT}\" fill=\"{}\" stroke=\"{CLASH}\" stroke-width=\"1.2\"/>",
            n(cx0),
            n(top),
            n(cx1 - cx0),
            ids.fill("clash")
        );
    }
}

/// White arrowheads inside a bar's ends when it continues beyond the period.
fn arrows(span: &Span, x: f64, width: f64, top: f64) -> String {
    let mut out = String::new();
    if width < 10.0 {
        return out;
    }
    let mid = top + BAR_HEIGHT / 2.0;
    if span.continues_before {
        let _ = write!(
            out,
            "<path class=\"continues\" d=\"M{} {}L{} {}L{} {}Z\" fill=\"#ffffff\"/>",
            n(x + 1.5),
            n(mid),
            n(x + 6.5),
            n(mid - 4.0),
            n(x + 6.5),
            n(mid + 4.0)
        );
    }
    if span.continues_after {
        let end = x + width;
        let _ = write!(
            out,
            "<path class=\"continues\" d=\"M{} {}L{} {}L{} {}Z\" fill=\"#ffffff\"/>",
            n(end - 1.5),
            n(mid),
            n(end - 6.5),
            n(mid - 4.0),
            n(end - 6.5),
            n(mid + 4.0)
        );
    }
    out
}

fn as_of_line(out: &mut String, s: &Scale, tl: &Timeline, body_end: f64) {
    let label = format!("as of {}", tl.as_of.format("%-d %b %Y"));
    if !s.period.contains(tl.as_of) {
        let side = if tl.as_of < s.period.first {
            "before"
        } else {
            "after"
        };
        let _ = writeln!(
            out,
            "<text class=\"as-of-note\" x=\"{}\" y=\"{}\" font-size=\"{SMALL}\" fill=\"{AS_OF}\">{} (the as-of day is {side} this period)</text>",
            n(CHART_X),
            n(body_end + 13.0),
            esc(&label)
        );
        return;
    }
    let x = s.x_day(tl.as_of);
    let anchor = if x > CHART_END - 80.0 {
        "end"
    } else {
        "middle"
    };
    let _ = writeln!(
        out,
        "<g class=\"as-of\"><title>{}</title><line x1=\"{x}\" y1=\"{WEEK_TOP}\" x2=\"{x}\" y2=\"{}\" stroke=\"{AS_OF}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/><text x=\"{x}\" y=\"{}\" font-size=\"{SMALL}\" font-weight=\"600\" fill=\"{AS_OF}\" text-anchor=\"{anchor}\">{}</text></g>",
        esc(&format!("As of {}: the start of the day", tl.as_of)),
        n(body_end + 4.0),
        n(body_end + 15.0),
        esc(&label),
        x = n(x)
    );
}

struct Legend {
    svg: String,
    bottom: f64,
}

/// Swatches and their meaning, flowed left to right.
fn legend(tl: &Timeline, ids: &Ids, top: f64) -> Legend {
    let mut items = mark_items(ids);
    items.extend(window_items(tl));
    items.extend(extra_items(tl));
    let mut svg = String::from("<g class=\"legend\">\n");
    let (mut x, mut y) = (LABEL_X, top);
    for (swatch, label) in items {
        let w = 22.0 + 5.0 + text_width(&label, SMALL) + 16.0;
        if x + w > WIDTH && x > LABEL_X {
            x = LABEL_X;
            y += 18.0;
        }
        let _ = writeln!(
            svg,
            "<g transform=\"translate({} {})\">{swatch}<text x=\"27\" y=\"9\" font-size=\"{SMALL}\">{}</text></g>",
            n(x),
            n(y),
            esc(&label)
        );
        x += w;
    }
    svg.push_str("</g>\n");
    Legend {
        svg,
        bottom: y + 14.0,
    }
}

/// A legend swatch: a bar of the given fill and edge.
fn swatch_bar(fill: &str, edge: &str, extra: &str) -> String {
    format!(
        "<rect x=\"0\" y=\"0\" width=\"22\" height=\"10\" rx=\"2\" fill=\"{fill}\" stroke=\"{edge}\" stroke-width=\"0.8\"{extra}/>"
    )
}

/// The legend's swatches for intervals, clashes and outages, always shown.
fn mark_items(ids: &Ids) -> Vec<(String, String)> {
    let bar = swatch_bar;
    vec![
        (bar(CONFIRMED, CONFIRMED_EDGE, ""), "Interval, confirmed or done".into()),
        (bar(PLANNED, CONFIRMED, ""), "Interval, planned".into()),
        (bar(CLASHING, CLASHING_EDGE, ""), "Clashing interval".into()),
        (
            format!(
                "{}<rect x=\"6\" y=\"0\" width=\"10\" height=\"10\" fill=\"{}\" stroke=\"{CLASH}\" stroke-width=\"1.2\"/>",
                bar(CLASHING, CLASHING_EDGE, ""),
                ids.fill("clash")
            ),
            "Clash overlap".into(),
        ),
        (
            bar(&ids.fill("cancelled"), CANCELLED_EDGE, " stroke-dasharray=\"3 2\""),
            "Cancelled".into(),
        ),
        (
            bar(&ids.fill("planned-outage"), PLANNED_OUTAGE_EDGE, ""),
            "Planned outage".into(),
        ),
        (bar(UNPLANNED, UNPLANNED_EDGE, ""), "Unplanned outage".into()),
    ]
}

/// The swatches for environments' own dates, shown when the chart has any.
fn window_items(tl: &Timeline) -> Vec<(String, String)> {
    let mut items = Vec::new();
    let lanes = || tl.environments.iter().map(|l| &l.windows);
    let band = |fill: &str| {
        format!("<rect x=\"0\" y=\"6\" width=\"22\" height=\"{WINDOW_HEIGHT}\" fill=\"{fill}\"/>")
    };
    if lanes().any(|w| w.required_in(&tl.period).is_some()) {
        items.push((band(REQUIRED), "Required by the programme".into()));
    }
    if lanes().any(|w| w.not_ready_in(&tl.period).is_some()) {
        items.push((band(NOT_READY), "Required, not ready".into()));
    }
    if lanes().any(|w| w.ready_day_in(&tl.period).is_some()) {
        items.push((
            format!("<path d=\"M11 1L15 5L11 9L7 5Z\" fill=\"{REQUIRED}\"/>"),
            "Ready (or forecast ready)".into(),
        ));
    }
    if lanes().any(|w| w.sandbox_end_in(&tl.period).is_some()) {
        items.push((
            format!("<rect x=\"10\" y=\"0\" width=\"2\" height=\"10\" fill=\"{INK}\"/>"),
            "Sandbox ends".into(),
        ));
    }
    items
}

/// The swatches for continuation, weekends and the as-of day.
fn extra_items(tl: &Timeline) -> [(String, String); 3] {
    [
        (
            format!("{}<path d=\"M20.5 5L15.5 1L15.5 9Z\" fill=\"#ffffff\"/>", swatch_bar(CONFIRMED, CONFIRMED_EDGE, "")),
            "Continues beyond the period".into(),
        ),
        (
            "<rect x=\"0\" y=\"0\" width=\"22\" height=\"10\" fill=\"#000000\" fill-opacity=\"0.05\"/>".into(),
            "Weekend".into(),
        ),
        (
            format!("<line x1=\"11\" y1=\"-2\" x2=\"11\" y2=\"12\" stroke=\"{AS_OF}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"),
            format!("As of {}", tl.as_of),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_month() -> Timeline {
        crate::plan::testing::timeline(
            "pack-month",
            "2026-11-03",
            Some(("2026-11-01", "2027-01-31")),
            None,
            None,
        )
    }

    fn attr(node: &roxmltree::Node<'_, '_>, name: &str) -> f64 {
        node.attribute(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .parse()
            .expect("number")
    }

    /// The group of the interval or outage `id`.
    fn group<'a, 'i>(doc: &'a roxmltree::Document<'i>, id: &str) -> roxmltree::Node<'a, 'i> {
        doc.descendants()
            .find(|n| n.has_tag_name("g") && n.attribute("data-id") == Some(id))
            .unwrap_or_else(|| panic!("no group for {id}"))
    }

    fn bar<'a, 'i>(g: roxmltree::Node<'a, 'i>) -> roxmltree::Node<'a, 'i> {
        g.children()
            .find(|n| n.attribute("class") == Some("bar"))
            .expect("bar")
    }

    #[test]
    fn bars_sit_on_their_days() {
        let tl = pack_month();
        let svg = render(&tl);
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        let day = (CHART_END - CHART_X) / 92.0;
        // CIT-4 runs 16 to 20 November: columns 15 to 19 of the period.
        let cit = bar(group(&doc, "CIT-4"));
        assert!((attr(&cit, "x") - (CHART_X + 15.0 * day)).abs() < 0.06);
        assert!((attr(&cit, "width") - 5.0 * day).abs() < 0.11);
        // FUNC-3 began in October: its bar starts at the chart's edge and
        // says that it continues.
        let func3 = group(&doc, "FUNC-3");
        assert!((attr(&bar(func3), "x") - CHART_X).abs() < 0.06);
        assert!(func3
            .children()
            .any(|n| n.attribute("class") == Some("continues")));
        // FUNC-4 ends on 29 January: its bar ends two days before the chart.
        let func4 = bar(group(&doc, "FUNC-4"));
        let end = attr(&func4, "x") + attr(&func4, "width");
        assert!((end - (CHART_END - 2.0 * day)).abs() < 0.15, "{end}");
        // Every bar lies inside the chart.
        for rect in doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("bar"))
        {
            let (x, w) = (attr(&rect, "x"), attr(&rect, "width"));
            assert!(x >= CHART_X - 0.01 && x + w <= CHART_END + 0.01, "{x} {w}");
        }
    }

    #[test]
    fn outages_are_placed_by_their_times() {
        let tl = pack_month();
        let svg = render(&tl);
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        let day = (CHART_END - CHART_X) / 92.0;
        // OUT-108: 14 November 08:00 to 16:00, from a third into day 13's
        // column; a third of a column is narrower than the 3 units a bar
        // always gets.
        let g = group(&doc, "OUT-108");
        assert_eq!(g.attribute("class"), Some("outage planned"));
        let b = bar(g);
        assert!((attr(&b, "x") - (CHART_X + (13.0 + 8.0 / 24.0) * day)).abs() < 0.06);
        assert!(day / 3.0 < 3.0);
        assert_eq!(attr(&b, "width"), 3.0);
        // OUT-105 is unplanned and still ongoing: solid to the as-of day
        // (3 November, day 2 of the chart), then a dashed line to its end.
        let g = group(&doc, "OUT-105");
        assert_eq!(g.attribute("class"), Some("outage unplanned ongoing"));
        let b = bar(g);
        assert!((attr(&b, "x") + attr(&b, "width") - (CHART_X + 2.0 * day)).abs() < 0.11);
        let line = g
            .children()
            .find(|n| n.attribute("class") == Some("still-open"))
            .expect("dashed line");
        assert!((attr(&line, "x2") - CHART_END).abs() < 0.11);
    }

    #[test]
    fn clashes_cancellations_and_as_of_are_drawn() {
        let tl = pack_month();
        let svg = render(&tl);
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        let day = (CHART_END - CHART_X) / 92.0;
        for id in ["MIG-2", "NFT-2"] {
            let g = group(&doc, id);
            assert_eq!(g.attribute("class"), Some("interval clashing"), "{id}");
            // The overlap, 16 to 20 November, is marked on both bars.
            let overlap = g
                .children()
                .find(|n| n.attribute("class") == Some("clash-overlap"))
                .expect("overlap");
            assert!((attr(&overlap, "x") - (CHART_X + 15.0 * day)).abs() < 0.06);
            assert!((attr(&overlap, "width") - 5.0 * day).abs() < 0.11);
        }
        assert_eq!(
            group(&doc, "PP-0").attribute("class"),
            Some("interval cancelled")
        );
        let as_of = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("as-of"))
            .expect("as-of line");
        let line = as_of
            .children()
            .find(|n| n.has_tag_name("line"))
            .expect("line");
        assert!((attr(&line, "x1") - (CHART_X + 2.0 * day)).abs() < 0.06);
    }

    #[test]
    fn hostile_text_is_escaped_and_cut_to_fit() {
        let tl = crate::plan::testing::timeline("plan-hostile", "2026-03-02", None, None, None);
        let svg = render(&tl);
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        assert!(!svg.contains("<b>") && !svg.contains("<script"));
        let text: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        assert!(text.contains("<b>bold</b>"), "{text}");
        assert!(text.contains("Two lines: second line"));
        assert!(fit("a very long interval name indeed", 60.0, 10.0).ends_with('…'));
        assert_eq!(fit("short", 60.0, 10.0), "short");
    }

    #[test]
    fn a_long_name_is_cut_and_the_sharing_mode_kept() {
        let mut tl = pack_month();
        tl.environments[0].name = "A very long environment name that cannot fit".repeat(3);
        let sharing = tl.environments[0].sharing.as_str();
        let svg = render(&tl);
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        let heading = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("env-heading"))
            .expect("heading");
        let detail = heading
            .descendants()
            .filter(|n| n.has_tag_name("tspan"))
            .nth(1)
            .and_then(|n| n.text())
            .expect("detail");
        assert!(detail.ends_with(&format!("… · {sharing}")), "{detail}");
    }

    #[test]
    fn long_charts_are_cut_into_parts_that_each_print_on_a_page() {
        let tl = pack_month();
        let whole = render(&tl);
        let parts = render_pages(&tl, 60.0);
        assert!(parts.len() > 2, "{}", parts.len());
        let mut ids = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let doc = roxmltree::Document::parse(part).expect("valid XML");
            // Each part's rows fit the height asked for.
            let height: f64 = doc
                .root_element()
                .attribute("height")
                .and_then(|h| h.parse().ok())
                .expect("height");
            let legend = doc
                .descendants()
                .any(|n| n.attribute("class") == Some("legend"));
            assert_eq!(legend, i + 1 == parts.len(), "legend only at the end");
            let chrome = BODY_TOP + if legend { 80.0 } else { 22.0 };
            assert!(height <= chrome + 60.0 + 1.0, "part {i}: {height}");
            // Pattern ids are the part's own.
            for n in doc.descendants().filter(|n| n.has_tag_name("pattern")) {
                let id = n.attribute("id").expect("id");
                assert!(id.starts_with(&format!("tl{}-", i + 1)), "{id}");
            }
            ids.extend(
                doc.descendants()
                    .filter(|n| n.has_tag_name("g"))
                    .filter(|n| {
                        n.attribute("class")
                            .is_some_and(|c| c.starts_with("interval"))
                    })
                    .filter_map(|n| n.attribute("data-id").map(str::to_owned)),
            );
        }
        // Every interval is drawn once, in the same order as in one piece.
        let whole_doc = roxmltree::Document::parse(&whole).expect("valid XML");
        let in_one: Vec<String> = whole_doc
            .descendants()
            .filter(|n| n.has_tag_name("g"))
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.starts_with("interval"))
            })
            .filter_map(|n| n.attribute("data-id").map(str::to_owned))
            .collect();
        assert_eq!(ids, in_one);
        // SIT-A does not fit: its last interval goes on with the heading again.
        assert!(parts[1].contains("SIT A (continued)"), "{}", parts[1]);
        assert!(parts[1].contains("data-id=\"FUNC-4\""));
    }

    #[test]
    fn an_empty_period_says_so() {
        let tl = crate::plan::testing::timeline(
            "plan-basic",
            "2026-03-18",
            Some(("2030-01-01", "2030-01-31")),
            Some("PREPROD"),
            None,
        );
        let svg = render(&tl);
        roxmltree::Document::parse(&svg).expect("valid XML");
        assert!(svg.contains("nothing in this period"));
        assert!(svg.contains("the as-of day is before this period"));
    }
}
