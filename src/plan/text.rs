//! The plan as a timeline in the terminal: the shared Gantt chart of §12.1.1
//! for people who live in a shell.
//!
//! Layout, left to right: a label column (environment, then its intervals
//! indented), a column of dates, and the bar area. The bar area uses one or
//! more columns per day when the period is short (under six weeks) and fits,
//! otherwise weeks starting on Mondays, as many columns per week as fit (or
//! several weeks per column for very long periods). Everything is fitted to
//! the given width, measured in terminal cells.
//!
//! Every distinction is carried by a glyph, so the chart reads the same
//! without colour, when piped, or under `NO_COLOR`; colour only reinforces.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use chrono::{Datelike, NaiveDate};
use unicode_width::UnicodeWidthChar;

use super::{week_start, EnvironmentLane, IntervalRow, OutageRow, Period, Span, Timeline};
use crate::bookings::listing::more_pairs;
use crate::output::sanitize::{guard_lines, visible};
use crate::time::format::describe_range;
use crate::time::when::{date_of, last_day_before, month_start, next_day};

/// How to draw.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// Terminal cells per line; lines never exceed it (a floor of 40 applies).
    pub width: usize,
    pub color: bool,
}

/// The narrowest layout the chart is drawn for.
pub const MIN_WIDTH: usize = 40;

pub const BAR: char = '█';
pub const CLASH: char = '╳';
pub const CANCELLED: char = '╌';
pub const PLANNED_OUTAGE: char = '░';
pub const UNPLANNED_OUTAGE: char = '▒';
pub const AS_OF: char = '┊';
pub const AS_OF_HEAD: char = '▼';
pub const CONTINUES_BEFORE: char = '◂';
pub const CONTINUES_AFTER: char = '▸';
/// The days the programme needs the environment (its `required` window).
pub const REQUIRED: char = '─';
/// Required days on which it is not ready yet (its `readiness`).
pub const NOT_READY: char = '┄';
/// The day it was, or is forecast to be, ready.
pub const READY: char = '◆';
/// The last day of its sandbox (`sandbox_end`).
pub const SANDBOX_END: char = '┤';

/// What a cell means, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ink {
    Plain,
    Heading,
    Bar,
    Clash,
    Cancelled,
    Window,
    NotReady,
    PlannedOutage,
    UnplannedOutage,
    AsOf,
    Faint,
}

impl Ink {
    fn style(self) -> Style {
        match self {
            Ink::Plain => Style::new(),
            Ink::Heading => Style::new().bold(),
            Ink::Bar => Style::new().fg_color(Some(AnsiColor::Blue.into())),
            Ink::Clash => Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
            Ink::Cancelled | Ink::Faint => Style::new().dimmed(),
            Ink::Window => Style::new().fg_color(Some(AnsiColor::Green.into())),
            Ink::NotReady => Style::new().fg_color(Some(AnsiColor::Red.into())),
            Ink::PlannedOutage => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            Ink::UnplannedOutage => Style::new().fg_color(Some(AnsiColor::Magenta.into())),
            Ink::AsOf => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
        }
    }
}

/// Draw the timeline.
pub fn render(tl: &Timeline, opts: &TextOptions) -> String {
    let width = opts.width.max(MIN_WIDTH);
    let layout = Layout::new(tl, width);
    let scale = Scale::choose(&tl.period, layout.bar);
    let mut out = Output {
        text: String::new(),
        color: opts.color,
    };

    let title = format!(
        "{} plan, {} to {}, as of {}",
        shown(&tl.programme_name),
        tl.period.first,
        tl.period.last,
        tl.as_of
    );
    out.line(&[(fit(&title, width, false), Ink::Heading)]);
    out.line(&[]);

    let lead = " ".repeat(layout.lead());
    out.line(&[
        (lead.clone(), Ink::Plain),
        (scale.upper_axis(&tl.period), Ink::Plain),
    ]);
    out.line(&[
        (fit("", layout.label + 1, true), Ink::Plain),
        (fit(layout.dates_heading(), layout.dates, true), Ink::Faint),
        (scale.lower_axis(&tl.period), Ink::Plain),
    ]);
    let as_of_col = tl
        .period
        .contains(tl.as_of)
        .then(|| scale.cells(tl.as_of, tl.as_of).0);
    if let Some(col) = as_of_col {
        let note = format!("as of {}", tl.as_of.format("%-d %b"));
        let marker = if col + 2 + note.len() <= scale.cols {
            format!("{}{AS_OF_HEAD} {note}", " ".repeat(col))
        } else {
            let pad = (col + 1).saturating_sub(note.len() + 2);
            format!("{}{note} {AS_OF_HEAD}", " ".repeat(pad))
        };
        out.line(&[(lead.clone(), Ink::Plain), (marker, Ink::AsOf)]);
    }

    if tl.environments.is_empty() {
        out.line(&[(fit("Nothing to show.", width, false), Ink::Plain)]);
    }
    for lane in &tl.environments {
        let mut bar = Canvas::new(scale.cols);
        draw_windows(&mut bar, lane, &scale, &tl.period);
        bar.mark_as_of(as_of_col);
        draw_outages(&mut bar, lane, &scale, tl, as_of_col);
        let label = format!("{}  {}", shown(&lane.id), shown(&lane.name));
        out.row(
            &[
                (fit(&label, layout.label, true), Ink::Heading),
                (" ".repeat(1 + layout.dates), Ink::Plain),
            ],
            &bar,
        );
        for row in &lane.intervals {
            let mut bar = Canvas::new(scale.cols);
            draw_interval(&mut bar, row, &scale, tl);
            bar.mark_as_of(as_of_col);
            let label = format!("  {}  {}", shown(&row.id), shown(&row.name));
            let ink = if row.is_cancelled() {
                Ink::Faint
            } else {
                Ink::Plain
            };
            out.row(
                &[
                    (fit(&label, layout.label, true), ink),
                    (" ".to_owned(), Ink::Plain),
                    (fit(&short_days(&row.span), layout.dates, true), Ink::Faint),
                ],
                &bar,
            );
        }
    }

    out.line(&[]);
    legend(&mut out, tl, &scale, width);
    notes(&mut out, tl, width);
    guard_lines(&out.text).into_owned()
}

/// Registry text in the timeline: on one line (runs of spaces, tabs and
/// line breaks become one space), every other character a terminal or a CI
/// log would act on shown escaped (`crate::output::sanitize`).
fn shown(text: &str) -> String {
    let mut flat = String::with_capacity(text.len());
    for word in text.split([' ', '\n', '\t']).filter(|w| !w.is_empty()) {
        if !flat.is_empty() {
            flat.push(' ');
        }
        flat.push_str(word);
    }
    visible(&flat).into_owned()
}

/// Column widths: label, dates (0 when there is no room), bar area.
struct Layout {
    label: usize,
    dates: usize,
    bar: usize,
}

/// "02 Mar–13 Mar" is the widest the dates column gets.
const DATES_WIDTH: usize = 13;

impl Layout {
    fn new(tl: &Timeline, width: usize) -> Layout {
        let natural = tl
            .environments
            .iter()
            .flat_map(|lane| {
                std::iter::once(text_width(&shown(&lane.id)) + 2 + text_width(&shown(&lane.name)))
                    .chain(
                        lane.intervals
                            .iter()
                            .map(|r| 4 + text_width(&shown(&r.id)) + text_width(&shown(&r.name))),
                    )
            })
            .max()
            .unwrap_or(0);
        let mut label = natural.clamp(12, (width * 2 / 5).max(12));
        let mut dates = DATES_WIDTH + 1;
        if width.saturating_sub(label + 1 + dates) < 30 {
            dates = 0;
        }
        let min_bar = 14;
        if width < label + 1 + dates + min_bar {
            label = width.saturating_sub(1 + dates + min_bar).max(8);
        }
        let bar = width.saturating_sub(label + 1 + dates).max(1);
        Layout { label, dates, bar }
    }

    /// Cells before the bar area.
    fn lead(&self) -> usize {
        self.label + 1 + self.dates
    }

    fn dates_heading(&self) -> &'static str {
        if self.dates > 0 {
            "dates"
        } else {
            ""
        }
    }
}

/// Which day each column of the bar area stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scale {
    /// The day column 0 starts with: the period's first day, or the Monday before it.
    origin: NaiveDate,
    /// A day `o` days after the origin starts in column `o * num / den`.
    num: i64,
    den: i64,
    cols: usize,
    weeks: bool,
}

impl Scale {
    fn choose(period: &Period, room: usize) -> Scale {
        let room = room.max(1) as i64;
        let days = period.days();
        if days < 42 && room >= days {
            let per_day = (room / days).min(6);
            return Scale {
                origin: period.first,
                num: per_day,
                den: 1,
                cols: (days * per_day) as usize,
                weeks: false,
            };
        }
        let origin = week_start(period.first);
        let weeks = ((period.last - origin).num_days() + 7) / 7;
        if room >= weeks {
            let per_week = (room / weeks).min(7);
            Scale {
                origin,
                num: per_week,
                den: 7,
                cols: (weeks * per_week) as usize,
                weeks: true,
            }
        } else {
            let weeks_per_col = (weeks + room - 1) / room;
            Scale {
                origin,
                num: 1,
                den: 7 * weeks_per_col,
                cols: ((weeks + weeks_per_col - 1) / weeks_per_col) as usize,
                weeks: true,
            }
        }
    }

    fn col(&self, day: NaiveDate) -> i64 {
        ((day - self.origin).num_days() * self.num).div_euclid(self.den)
    }

    /// The columns days `first..=last` cover (at least one).
    fn cells(&self, first: NaiveDate, last: NaiveDate) -> (usize, usize) {
        let max = self.cols as i64 - 1;
        let a = self.col(first);
        let b = (self.col(next_day(last)) - 1).max(a);
        (a.clamp(0, max) as usize, b.clamp(0, max) as usize)
    }

    /// The columns a span covers inside the period.
    fn cells_of(&self, span: &Span, period: &Period) -> (usize, usize) {
        let (first, last) = span.days_in(period);
        self.cells(first, last)
    }

    /// How many days one column stands for, in words, for the legend.
    fn describe(&self) -> String {
        match (self.weeks, self.num, self.den) {
            (false, 1, _) => "one column per day".to_owned(),
            (false, n, _) => format!("{n} columns per day"),
            (true, 7, 7) => "weeks from Monday, one column per day".to_owned(),
            (true, 1, 7) => "one column per week (from Monday)".to_owned(),
            (true, n, 7) => format!("weeks from Monday, {n} columns per week"),
            (true, _, d) => format!("one column per {} weeks (from Monday)", d / 7),
        }
    }

    /// Periods longer than this are labelled by years and months rather
    /// than months and Mondays, which would be too dense to read.
    const LONG_PERIOD_DAYS: i64 = 550;

    /// Months (with the year at the start and in January), or years for a
    /// long period.
    fn upper_axis(&self, period: &Period) -> String {
        if period.days() > Self::LONG_PERIOD_DAYS {
            self.month_ticks(period, 12, |m, _| m.format("%Y").to_string())
        } else {
            self.month_ticks(period, 1, |m, first| {
                if first || m.month() == 1 {
                    m.format("%b %Y").to_string()
                } else {
                    m.format("%b").to_string()
                }
            })
        }
    }

    /// Mondays (or every day on a wide day scale), or quarters for a long
    /// period.
    fn lower_axis(&self, period: &Period) -> String {
        if period.days() > Self::LONG_PERIOD_DAYS {
            self.month_ticks(period, 3, |m, _| m.format("%b").to_string())
        } else {
            self.day_axis(period)
        }
    }

    /// A label at the start of every `step`-th month of the year (January,
    /// then every `step` months) that begins in the period, and one at the
    /// period's start.
    fn month_ticks(
        &self,
        period: &Period,
        step: u32,
        label: impl Fn(NaiveDate, bool) -> String,
    ) -> String {
        let mut ticks = Vec::new();
        let mut month = month_start(period.first);
        let mut first = true;
        while month <= period.last {
            if first || (month.month() - 1).is_multiple_of(step) {
                let day = month.max(period.first);
                ticks.push((self.cells(day, day).0, label(month, first)));
            }
            first = false;
            match month.checked_add_months(chrono::Months::new(1)) {
                Some(next) => month = next,
                None => break,
            }
        }
        place(&ticks, self.cols)
    }

    /// Day numbers: every day when there is room, otherwise the Mondays.
    fn day_axis(&self, period: &Period) -> String {
        let every_day = !self.weeks && self.num >= 3;
        let mut ticks = Vec::new();
        let mut day = if every_day {
            period.first
        } else {
            week_start(period.first)
        };
        let step = if every_day { 1 } else { 7 };
        while day <= period.last {
            if day >= period.first {
                ticks.push((self.cells(day, day).0, day.format("%d").to_string()));
            }
            match day.checked_add_signed(chrono::Duration::days(step)) {
                Some(next) => day = next,
                None => break,
            }
        }
        place(&ticks, self.cols)
    }
}

/// Lay labels out left to right at their columns, skipping any that would
/// touch the one before or run past the end.
fn place(ticks: &[(usize, String)], cols: usize) -> String {
    let mut line = String::new();
    let mut used = 0;
    for (col, label) in ticks {
        let len = text_width(label);
        if *col < used || col + len > cols {
            continue;
        }
        line.push_str(&" ".repeat(col - used));
        line.push_str(label);
        used = col + len + 1;
        line.push(' ');
    }
    line.trim_end().to_owned()
}

/// One row of the bar area.
struct Canvas {
    cells: Vec<(char, Ink)>,
}

impl Canvas {
    fn new(cols: usize) -> Canvas {
        Canvas {
            cells: vec![(' ', Ink::Plain); cols],
        }
    }

    fn fill(&mut self, (a, b): (usize, usize), glyph: char, ink: Ink) {
        for cell in &mut self.cells[a..=b] {
            *cell = (glyph, ink);
        }
    }

    /// Arrows at the ends of a bar cut by the period's edges.
    fn continuation(&mut self, (a, b): (usize, usize), span: &Span) {
        if span.continues_before {
            self.cells[a].0 = CONTINUES_BEFORE;
        }
        if span.continues_after {
            self.cells[b].0 = CONTINUES_AFTER;
        }
    }

    /// Whether `len` cells from `start`, and the one on each side, carry
    /// nothing but blank or the required window's line.
    fn free(&self, start: usize, len: usize) -> bool {
        let end = start + len;
        if end > self.cells.len() {
            return false;
        }
        let lo = start.saturating_sub(1);
        let hi = end.min(self.cells.len() - 1);
        self.cells[lo..=hi]
            .iter()
            .all(|(c, _)| matches!(*c, ' ' | REQUIRED))
    }

    fn mark_as_of(&mut self, col: Option<usize>) {
        if let Some(cell) = col.and_then(|c| self.cells.get_mut(c)) {
            if cell.0 == ' ' || cell.0 == REQUIRED {
                *cell = (AS_OF, Ink::AsOf);
            }
        }
    }
}

fn draw_interval(bar: &mut Canvas, row: &IntervalRow, scale: &Scale, tl: &Timeline) {
    let cells = scale.cells_of(&row.span, &tl.period);
    let (glyph, ink) = if row.is_cancelled() {
        (CANCELLED, Ink::Cancelled)
    } else {
        (BAR, Ink::Bar)
    };
    bar.fill(cells, glyph, ink);
    for clash in &row.clashes {
        let first = date_of(clash.overlap.start, tl.tz);
        let last = last_day_before(clash.overlap.end, tl.tz).max(first);
        if last < tl.period.first || first > tl.period.last {
            continue;
        }
        let first = first.max(tl.period.first);
        let last = last.min(tl.period.last);
        bar.fill(scale.cells(first, last), CLASH, Ink::Clash);
    }
    bar.continuation(cells, &row.span);
}

/// The environment's own dates on its row, under its outages: the required
/// window, the part of it before it is ready, its ready day and sandbox end.
fn draw_windows(bar: &mut Canvas, lane: &EnvironmentLane, scale: &Scale, period: &Period) {
    let w = &lane.windows;
    if let Some((a, b)) = w.required_in(period) {
        bar.fill(scale.cells(a, b), REQUIRED, Ink::Window);
    }
    if let Some((a, b)) = w.not_ready_in(period) {
        bar.fill(scale.cells(a, b), NOT_READY, Ink::NotReady);
    }
    if let Some(d) = w.sandbox_end_in(period) {
        let (_, last) = scale.cells(d, d);
        bar.fill((last, last), SANDBOX_END, Ink::Window);
    }
    if let Some(d) = w.ready_day_in(period) {
        let (first, _) = scale.cells(d, d);
        bar.fill((first, first), READY, Ink::Window);
    }
}

/// The outages on an environment's row, every one kept visible: the
/// longest are drawn first, so a short outage inside a long one shows on top
/// of it (on equal lengths, unplanned on top of planned). An outage still
/// open is drawn solid only up to the as-of day, since its end is not known,
/// and labelled "ongoing since <day>" in the free cells beside it, so that it
/// reads neither as a known outage across the whole period nor hides a
/// planned outage later on the row.
fn draw_outages(
    bar: &mut Canvas,
    lane: &EnvironmentLane,
    scale: &Scale,
    tl: &Timeline,
    as_of_col: Option<usize>,
) {
    let period = &tl.period;
    let mut outages: Vec<(&OutageRow, (usize, usize))> = lane
        .outages
        .iter()
        .map(|o| (o, outage_cells(o, scale, tl)))
        .collect();
    outages.sort_by_key(|(o, (a, b))| (std::cmp::Reverse(b - a), !o.planned));
    for (o, cells) in &outages {
        let (glyph, ink) = if o.planned {
            (PLANNED_OUTAGE, Ink::PlannedOutage)
        } else {
            (UNPLANNED_OUTAGE, Ink::UnplannedOutage)
        };
        bar.fill(*cells, glyph, ink);
        // An arrow would replace the only cell saying what the outage is.
        if cells.0 == cells.1 {
            continue;
        }
        if !(o.ongoing && tl.as_of < period.last) {
            bar.continuation(*cells, &o.span);
        } else if o.span.continues_before {
            bar.cells[cells.0].0 = CONTINUES_BEFORE;
        }
    }
    for (o, cells) in &outages {
        if o.ongoing && tl.as_of < period.last {
            label_ongoing(bar, o, *cells, tl, as_of_col);
        }
    }
}

/// The columns an outage is drawn on: an ongoing one from its start through
/// the as-of day (or its start day alone when it starts later).
fn outage_cells(o: &OutageRow, scale: &Scale, tl: &Timeline) -> (usize, usize) {
    let (first, last) = o.span.days_in(&tl.period);
    if !o.ongoing {
        return scale.cells(first, last);
    }
    let last = tl.as_of.clamp(first, last);
    scale.cells(first, last)
}

/// "ongoing since 17 Mar" in the cells nothing else is drawn on (the
/// required window's line gives way): right after the drawn part of an
/// ongoing outage and the as-of marker, else before it, else the short
/// "ongoing" after or before, else the first free stretch further along the row; left out
/// when the row has no room at all: the notes below say it in full.
fn label_ongoing(
    bar: &mut Canvas,
    o: &OutageRow,
    (a, b): (usize, usize),
    tl: &Timeline,
    as_of_col: Option<usize>,
) {
    let since = date_of(o.span.range.start, tl.tz).format("%-d %b");
    let long = format!("ongoing since {since}");
    let after = b.max(as_of_col.unwrap_or(0)) + 2;
    let before = |len: usize| a.checked_sub(len + 1);
    let candidates = [
        (long.as_str(), Some(after)),
        (long.as_str(), before(long.len())),
        ("ongoing", Some(after)),
        ("ongoing", before("ongoing".len())),
    ];
    let spot = candidates
        .into_iter()
        .find_map(|(text, start)| {
            start
                .filter(|&s| bar.free(s, text.len()))
                .map(|s| (text, s))
        })
        .or_else(|| {
            (after..bar.cells.len())
                .find(|&s| bar.free(s, long.len()))
                .map(|s| (long.as_str(), s))
        });
    if let Some((text, start)) = spot {
        for (i, c) in text.chars().enumerate() {
            bar.cells[start + i] = (c, Ink::UnplannedOutage);
        }
        // A space either side, so the words stand apart from a window's line.
        let end = start + text.len();
        for side in [start.checked_sub(1), Some(end)].into_iter().flatten() {
            if let Some(cell) = bar.cells.get_mut(side) {
                if cell.0 == REQUIRED {
                    *cell = (' ', Ink::Plain);
                }
            }
        }
    }
}

/// "14 Mar" or "02 Mar–13 Mar": the days as written, not cut by the period.
fn short_days(span: &Span) -> String {
    if span.first_day == span.last_day {
        span.first_day.format("%d %b").to_string()
    } else {
        format!(
            "{}–{}",
            span.first_day.format("%d %b"),
            span.last_day.format("%d %b")
        )
    }
}

fn legend(out: &mut Output, tl: &Timeline, scale: &Scale, width: usize) {
    let mut items: Vec<(String, Ink, String)> = vec![
        (BAR.to_string(), Ink::Bar, "interval".into()),
        (CLASH.to_string(), Ink::Clash, "clash".into()),
        (CANCELLED.to_string(), Ink::Cancelled, "cancelled".into()),
        (
            PLANNED_OUTAGE.to_string(),
            Ink::PlannedOutage,
            "planned outage".into(),
        ),
        (
            UNPLANNED_OUTAGE.to_string(),
            Ink::UnplannedOutage,
            "unplanned outage".into(),
        ),
    ];
    let lanes = || tl.environments.iter().map(|l| &l.windows);
    if lanes().any(|w| w.required_in(&tl.period).is_some()) {
        items.push((REQUIRED.to_string(), Ink::Window, "required".into()));
    }
    if lanes().any(|w| w.not_ready_in(&tl.period).is_some()) {
        items.push((
            NOT_READY.to_string(),
            Ink::NotReady,
            "required, not ready".into(),
        ));
    }
    if lanes().any(|w| w.ready_day_in(&tl.period).is_some()) {
        items.push((READY.to_string(), Ink::Window, "ready (or forecast)".into()));
    }
    if lanes().any(|w| w.sandbox_end_in(&tl.period).is_some()) {
        items.push((SANDBOX_END.to_string(), Ink::Window, "sandbox ends".into()));
    }
    if tl.outages().any(|(_, o)| o.ongoing) && tl.as_of < tl.period.last {
        items.push((
            format!("{UNPLANNED_OUTAGE} ongoing since …"),
            Ink::UnplannedOutage,
            "(still open)".into(),
        ));
    }
    if tl.period.contains(tl.as_of) {
        items.push((AS_OF.to_string(), Ink::AsOf, format!("as of {}", tl.as_of)));
    }
    items.push((
        format!("{CONTINUES_BEFORE}{CONTINUES_AFTER}"),
        Ink::Plain,
        "continues beyond the period".into(),
    ));
    let mut line: Vec<(String, Ink)> = vec![("Legend: ".into(), Ink::Heading)];
    let mut used = 8;
    for (glyph, ink, words) in items {
        let len = text_width(&glyph) + 1 + text_width(&words) + 2;
        if used + len > width + 2 && used > 8 {
            out.line(&line);
            line = vec![(" ".repeat(8), Ink::Plain)];
            used = 8;
        }
        line.push((glyph, ink));
        line.push((format!(" {words}  "), Ink::Plain));
        used += len;
    }
    trim_last(&mut line);
    out.line(&line);
    let scale_note = format!("Scale: {}; dates in {}.", scale.describe(), tl.tz.name());
    for l in wrap(&scale_note, width, "        ", "        ") {
        out.line(&[(l, Ink::Plain)]);
    }
}

fn trim_last(line: &mut [(String, Ink)]) {
    if let Some(last) = line.last_mut() {
        last.0 = last.0.trim_end().to_owned();
    }
}

/// The clashes and outages in words, since a bar cannot say which is which.
fn notes(out: &mut Output, tl: &Timeline, width: usize) {
    let windows: Vec<_> = tl
        .environments
        .iter()
        .filter(|l| l.windows.show_in(&tl.period))
        .filter_map(|l| Some((l, l.windows.describe(tl.as_of)?)))
        .collect();
    if !windows.is_empty() {
        out.line(&[]);
        out.line(&[("Environments".into(), Ink::Heading)]);
        for (lane, text) in windows {
            for l in wrap(&format!("{}: {text}", lane.id), width, "  ", "    ") {
                out.line(&[(l, Ink::Plain)]);
            }
        }
    }
    if !tl.clashes.is_empty() {
        out.line(&[]);
        out.line(&[("Clashes".into(), Ink::Heading)]);
        for c in &tl.clashes {
            let text = format!(
                "{CLASH} {} and {} on {}, {}",
                shown(&c.earlier),
                shown(&c.later),
                shown(&c.environment),
                describe_range(&c.overlap, tl.tz)
            );
            for l in wrap(&text, width, "  ", "    ") {
                out.line(&[(l, Ink::Plain)]);
            }
        }
        for (env, count) in &tl.clashes_not_shown {
            let text = more_pairs(*count, &shown(env));
            for l in wrap(&text, width, "  ", "    ") {
                out.line(&[(l, Ink::Plain)]);
            }
        }
    }
    let outages: Vec<_> = tl.outages().collect();
    if !outages.is_empty() {
        out.line(&[]);
        out.line(&[("Outages".into(), Ink::Heading)]);
        for (lane, o) in outages {
            let glyph = if o.planned {
                PLANNED_OUTAGE
            } else {
                UNPLANNED_OUTAGE
            };
            let when = if o.ongoing {
                format!(
                    "since {}, ongoing",
                    super::local_minute(o.span.range.start, tl.tz)
                )
            } else {
                describe_range(&o.span.range, tl.tz)
            };
            let mut text = format!(
                "{glyph} {} on {}: {} {}, {when}",
                shown(&o.id),
                shown(&lane.id),
                if o.planned { "planned" } else { "unplanned" },
                o.reason,
            );
            if let Some(defect) = &o.defect {
                let _ = write!(text, ", defect {}", shown(defect));
            }
            for l in wrap(&text, width, "  ", "    ") {
                out.line(&[(l, Ink::Plain)]);
            }
        }
    }
}

fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|l| fit(&l, width, false))
        .collect()
}

/// The text being built, with colour when asked for.
struct Output {
    text: String,
    color: bool,
}

impl Output {
    fn line(&mut self, parts: &[(String, Ink)]) {
        for (text, ink) in parts {
            self.paint(text, *ink);
        }
        self.end_line();
    }

    fn paint(&mut self, text: &str, ink: Ink) {
        let style = ink.style();
        if self.color && !style.is_plain() && !text.trim().is_empty() {
            let _ = write!(
                self.text,
                "{}{text}{}",
                style.render(),
                style.render_reset()
            );
        } else {
            self.text.push_str(text);
        }
    }

    /// A chart row: its label parts, then the bar area.
    fn row(&mut self, parts: &[(String, Ink)], canvas: &Canvas) {
        for (text, ink) in parts {
            self.paint(text, *ink);
        }
        let mut run = String::new();
        let mut ink = None;
        for (c, i) in &canvas.cells {
            if ink != Some(*i) {
                if let Some(prev) = ink {
                    self.paint(&run, prev);
                }
                run.clear();
                ink = Some(*i);
            }
            run.push(*c);
        }
        if let Some(prev) = ink {
            self.paint(&run, prev);
        }
        self.end_line();
    }

    fn end_line(&mut self) {
        while self.text.ends_with(' ') {
            self.text.pop();
        }
        self.text.push('\n');
    }
}

/// Terminal cells `text` takes.
fn text_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` in exactly `width` cells when `pad`, at most `width` otherwise,
/// cut with an ellipsis when too long.
fn fit(text: &str, width: usize, pad: bool) -> String {
    let mut out = String::new();
    let mut used = 0;
    if text_width(text) <= width {
        out.push_str(text);
        used = text_width(text);
    } else if width > 0 {
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(c);
            used += w;
        }
        out.push('…');
        used += 1;
    }
    if pad {
        out.push_str(&" ".repeat(width.saturating_sub(used)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::time::when::parse_date(s).expect("date")
    }

    fn period(a: &str, b: &str) -> Period {
        Period::new(d(a), d(b)).expect("period")
    }

    #[test]
    fn short_periods_use_days_long_ones_weeks() {
        let s = Scale::choose(&period("2026-03-01", "2026-03-31"), 70);
        assert!(!s.weeks);
        assert_eq!((s.num, s.cols), (2, 62));
        assert_eq!(s.cells(d("2026-03-02"), d("2026-03-03")), (2, 5));

        let s = Scale::choose(&period("2026-03-01", "2026-05-31"), 70);
        assert!(s.weeks);
        assert_eq!(s.origin, d("2026-02-23"));
        // 14 weeks (23 Feb to 31 May) at 5 columns each.
        assert_eq!((s.num, s.cols), (5, 70));
        // A week starting on Monday 2 March fills columns 5..=9.
        assert_eq!(s.cells(d("2026-03-02"), d("2026-03-08")), (5, 9));
        // A single day always gets a column.
        let (a, b) = s.cells(d("2026-03-04"), d("2026-03-04"));
        assert!(a <= b);
    }

    #[test]
    fn very_long_periods_put_weeks_together() {
        let s = Scale::choose(&period("2020-01-01", "2029-12-31"), 60);
        assert!(s.weeks);
        assert!(s.cols <= 60, "{s:?}");
        let (_, last) = s.cells(d("2029-12-31"), d("2029-12-31"));
        assert!(last < s.cols);
    }

    #[test]
    fn axes_stay_inside_the_bar_area() {
        for room in [14, 20, 37, 60, 91, 200] {
            for (a, b) in [
                ("2026-03-01", "2026-05-31"),
                ("2026-03-01", "2026-03-10"),
                ("2025-01-01", "2027-12-31"),
            ] {
                let p = period(a, b);
                let s = Scale::choose(&p, room);
                assert!(s.cols <= room, "{room} {a} {b} {s:?}");
                assert!(text_width(&s.upper_axis(&p)) <= s.cols);
                assert!(text_width(&s.lower_axis(&p)) <= s.cols);
            }
        }
    }

    #[test]
    fn labels_are_cut_to_fit() {
        assert_eq!(fit("Functional cycle", 10, true), "Functiona…");
        assert_eq!(fit("SIT", 6, true), "SIT   ");
        assert_eq!(fit("SIT", 6, false), "SIT");
        // Wide characters count twice.
        assert_eq!(text_width(&fit("試験環境の計画", 7, false)), 7);
    }

    #[test]
    fn chart_rows_use_the_glyphs() {
        let tl = crate::plan::testing::basic();
        let out = render(
            &tl,
            &TextOptions {
                width: 100,
                color: false,
            },
        );
        let line = |start: &str| {
            out.lines()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("{start} in {out}"))
        };
        assert!(line("  FUNC-1 ").contains("███╳╳"), "{out}");
        assert!(line("  NFT-X ").contains(CANCELLED));
        assert!(line("SIT-B ").contains(PLANNED_OUTAGE));
        // Ongoing: drawn to the as-of day, then "ongoing since".
        assert!(line("UIT ").contains("ongoing since"), "{out}");
        assert!(!line("UIT ").ends_with(CONTINUES_AFTER));
        assert!(line("PREPROD ").ends_with(AS_OF));
        assert!(!out.contains('\u{1b}'));
        let coloured = render(
            &tl,
            &TextOptions {
                width: 100,
                color: true,
            },
        );
        assert!(coloured.contains("\u{1b}[31m") || coloured.contains("\u{1b}[1m\u{1b}[31m"));
    }

    #[test]
    fn long_periods_are_labelled_by_years() {
        let p = period("2025-01-01", "2027-12-31");
        let s = Scale::choose(&p, 60);
        // 3 weeks a column: 1 Jan 2026 is 367 days after Monday 30 Dec 2024, column 17.
        assert_eq!(s.upper_axis(&p), "2025             2026             2027");
        assert!(s.lower_axis(&p).starts_with("Jan"), "{}", s.lower_axis(&p));
    }

    #[test]
    fn ticks_never_collide() {
        let line = place(
            &[
                (0, "Mar 2026".into()),
                (4, "Apr".into()),
                (12, "May".into()),
            ],
            20,
        );
        assert_eq!(line, "Mar 2026    May");
    }
}
