//! Each record kind described once: its id, its name, its fields as a
//! person sees them (a label and the value rendered as text) and the
//! references it holds to other records. `envplan show`, the `--since`
//! history diff, the model's reference graph and id de-duplication all read
//! a kind through [`Describe`], so a field is rendered one way everywhere.
//! Each kind's `impl Describe` stands beside its record type (`records.rs`,
//! `milestone.rs`), so a kind is described in one place; this file holds the
//! trait and the helpers the impls write with.

use super::document::Kind;
use super::records::{Contact, Hours};
use super::spanned::{Spanned, Text};
use super::RecordKind;

/// A reference one record holds to another, by id, as written.
#[derive(Debug, Clone, Copy)]
pub struct Holds<'r> {
    /// The field that holds it (`environment`, `uses`, `applies_to`...).
    pub field: &'static str,
    pub to: Kind,
    pub id: &'r Text,
}

/// What a person (and every command) knows of a record kind.
pub trait Describe: RecordKind {
    /// Its `name`, for kinds that have one.
    fn name(&self) -> Option<&Text>;
    /// Its fields in the order the format lists them, flattened: a nested
    /// field is labelled with its path (`connectivity.SIT-A.message`). The
    /// name comes first, for kinds that have one.
    fn fields(&self) -> Fields {
        let mut f = Fields::default();
        if let Some(name) = self.name() {
            f.text("name", name);
        }
        self.write_fields(&mut f);
        f
    }
    /// Every field but the name, as `fields` lists them.
    fn write_fields(&self, f: &mut Fields);
    /// Every reference it holds, in the order written.
    fn references(&self) -> Vec<Holds<'_>>;
}

/// A field's value, flattened: one text, or a list compared as a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    One(String),
    Many(Vec<String>),
}

/// A record's fields in the order written in the format.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fields(pub Vec<(String, Value)>);

impl Fields {
    pub(crate) fn one(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), Value::One(value.into())));
    }
    pub(crate) fn text(&mut self, name: &str, value: &Text) {
        self.one(name, value.value.clone());
    }
    pub(crate) fn opt(&mut self, name: &str, value: Option<&Text>) {
        if let Some(v) = value {
            self.text(name, v);
        }
    }
    pub(crate) fn shown<T: std::fmt::Display>(&mut self, name: &str, value: Option<&Spanned<T>>) {
        if let Some(v) = value {
            self.one(name, v.value.to_string());
        }
    }
    pub(crate) fn many<I: IntoIterator<Item = String>>(
        &mut self,
        name: impl Into<String>,
        values: I,
    ) {
        let values: Vec<String> = values.into_iter().collect();
        if !values.is_empty() {
            self.0.push((name.into(), Value::Many(values)));
        }
    }
    pub(crate) fn texts(&mut self, name: &str, values: &[Text]) {
        self.many(name, values.iter().map(|t| t.value.to_string()));
    }
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// A contact as one text.
pub fn contact(c: &Contact) -> String {
    format!("{} <{}>", c.name.value, c.email.value)
}

/// Hours as written (`Mon-Fri 08:00-18:00`, `24x7`).
pub fn hours(h: &Hours) -> String {
    h.as_written()
}

/// References as they are pushed: `refs.add(field, kind, text)`.
#[derive(Default)]
pub(crate) struct Refs<'r>(pub(crate) Vec<Holds<'r>>);

impl<'r> Refs<'r> {
    pub(crate) fn add(&mut self, field: &'static str, to: Kind, id: &'r Text) {
        self.0.push(Holds { field, to, id });
    }
    pub(crate) fn opt(&mut self, field: &'static str, to: Kind, id: Option<&'r Text>) {
        if let Some(id) = id {
            self.add(field, to, id);
        }
    }
    pub(crate) fn all(
        &mut self,
        field: &'static str,
        to: Kind,
        ids: impl IntoIterator<Item = &'r Text>,
    ) {
        for id in ids {
            self.add(field, to, id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::Registry;

    fn registry(text: &str) -> Registry {
        let loaded = Registry::from_texts(
            std::path::Path::new("/nowhere"),
            vec![("all.yaml".to_owned(), text.to_owned())],
        );
        assert!(loaded.findings.is_empty(), "{:#?}", loaded.findings);
        loaded.registry
    }

    /// Every reference of every kind is described, with its field: the
    /// testdata file fills in every field of every kind.
    #[test]
    fn every_kind_names_its_references() {
        let reg = registry(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/history/testdata/every-field.yaml"
            ))
            .unwrap(),
        );
        let mut seen: Vec<(Kind, &str, Kind)> = Vec::new();
        each_kind!(T => {
            for r in reg.records::<T>() {
                for h in r.references() {
                    seen.push((T::KIND, h.field, h.to));
                }
            }
        });
        seen.sort_by_key(|(k, f, t)| (*k as usize, *f, *t as usize));
        seen.dedup();
        let expected = [
            (Kind::Environment, "components", Kind::Environment),
            (Kind::Environment, "connects_to", Kind::Environment),
            (Kind::Environment, "connectivity", Kind::Interval),
            (Kind::Environment, "owner", Kind::Participant),
            (Kind::Environment, "staging", Kind::Environment),
            (Kind::Participant, "connectivity", Kind::Environment),
            (Kind::Participant, "dcp", Kind::Participant),
            (Kind::Participant, "milestones", Kind::Milestone),
            (Kind::Participant, "technical_contacts", Kind::Environment),
            (Kind::Interval, "environment", Kind::Environment),
            (Kind::Interval, "participants", Kind::Participant),
            (Kind::Interval, "uses", Kind::Environment),
            (Kind::Certificate, "environment", Kind::Environment),
            (Kind::Certificate, "participant", Kind::Participant),
            (Kind::Certificate, "replaces", Kind::Certificate),
            (Kind::Availability, "environment", Kind::Environment),
            (Kind::Outage, "environment", Kind::Environment),
        ];
        for e in expected {
            assert!(seen.contains(&e), "{e:?} missing from {seen:#?}");
        }
    }

    /// A milestone due a date names no interval; one due an id names it.
    #[test]
    fn a_due_date_is_not_a_reference() {
        let text = "kind: Programme\nid: P\nname: P\ntimezone: Europe/London\nroles: {}\nstages: {s: S}\n---\nkind: Milestone\nid: M\nname: M\ndue: 2026-01-31\n---\nkind: Milestone
\nid: N\nname: N\ndue: CIT-1\napplies_to: {environment: E}\n";
        let reg = registry(text);
        let refs: Vec<Vec<(&str, Kind, &str)>> = reg
            .milestones
            .iter()
            .map(|m| {
                m.references()
                    .iter()
                    .map(|h| (h.field, h.to, h.id.as_str()))
                    .collect()
            })
            .collect();
        assert_eq!(
            refs,
            [
                vec![],
                vec![
                    ("due", Kind::Interval, "CIT-1"),
                    ("applies_to", Kind::Environment, "E")
                ]
            ]
        );
    }
}
