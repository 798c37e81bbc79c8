//! `name  value` rows, printed with the names aligned, and the small
//! renderings they share.

use std::fmt::Write as _;

use crate::output::sanitize::visible;
use crate::registry::records::Contact;
use crate::registry::spanned::{OptText, Spanned, Text};

pub(super) use crate::registry::describe::{contact, hours};

/// Rows of `name  value`, printed with the names aligned.
#[derive(Default)]
pub(super) struct Rows(pub(super) Vec<(String, String)>);

impl Rows {
    /// One value on one line: registry text in it is shown escaped
    /// (`crate::output::sanitize`), so it cannot end the line.
    pub(super) fn add(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        if !value.is_empty() {
            self.0.push((name.to_owned(), visible(&value).into_owned()));
        }
    }
    /// A value of several lines (one per role, contact...), each shown as `add` shows one.
    pub(super) fn add_lines(&mut self, name: &str, lines: impl IntoIterator<Item = String>) {
        let lines: Vec<String> = lines
            .into_iter()
            .map(|l| visible(&l).into_owned())
            .collect();
        if !lines.is_empty() {
            self.0.push((name.to_owned(), lines.join("\n")));
        }
    }
    pub(super) fn text(&mut self, name: &str, value: &Text) {
        self.add(name, value.value.clone());
    }
    pub(super) fn opt(&mut self, name: &str, value: &OptText) {
        if let Some(v) = value {
            self.text(name, v);
        }
    }
    pub(super) fn list(&mut self, name: &str, values: &[Text]) {
        self.add(name, join(values.iter().map(|t| t.as_str())));
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

pub(super) fn contact_opt(c: &Option<Spanned<Contact>>) -> String {
    c.as_ref().map(|c| contact(c)).unwrap_or_default()
}

pub(super) fn join_owned(values: impl Iterator<Item = String>) -> String {
    values.collect::<Vec<_>>().join(", ")
}
