//! `name  value` rows, printed with the names aligned, and the small
//! renderings they share.

use std::fmt::Write as _;

use crate::output::sanitize::visible;
pub(super) use crate::registry::describe::hours;

/// Rows of `name  value`, printed with the names aligned.
#[derive(Default)]
pub(super) struct Rows(pub(super) Vec<(String, String)>);

impl Rows {
    /// One value on one line: registry text in it is shown escaped
    /// (`crate::output::sanitize`), so it cannot end the line. The name is
    /// escaped too: a field's label may hold registry text (the key of
    /// `roles.SUP-D` or `milestones.TRAINING`).
    pub(super) fn add(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        if !value.is_empty() {
            self.0
                .push((visible(name).into_owned(), visible(&value).into_owned()));
        }
    }
    /// A value of several lines (one per role, contact...), each shown as `add` shows one.
    pub(super) fn add_lines(&mut self, name: &str, lines: impl IntoIterator<Item = String>) {
        let lines: Vec<String> = lines
            .into_iter()
            .map(|l| visible(&l).into_owned())
            .collect();
        if !lines.is_empty() {
            self.0.push((visible(name).into_owned(), lines.join("\n")));
        }
    }
    pub(super) fn write(&self, out: &mut String) {
        let width = self
            .0
            .iter()
            .map(|(n, _)| n.chars().count())
            .max()
            .unwrap_or(0);
        for (name, value) in &self.0 {
            let mut lines = value.lines();
            let first = lines.next().unwrap_or_default();
            let _ = writeln!(out, "  {name:<width$}  {first}");
            for more in lines {
                let _ = writeln!(out, "  {:<width$}  {more}", "");
            }
        }
    }
}

pub(super) fn join<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values.collect::<Vec<_>>().join(", ")
}

pub(super) fn join_owned(values: impl Iterator<Item = String>) -> String {
    values.collect::<Vec<_>>().join(", ")
}
