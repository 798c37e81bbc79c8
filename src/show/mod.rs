//! One record described for a person (`envplan show ID`): where it is written,
//! its fields in the order the registry format lists them, what follows from
//! them as of a day (days left, whether an interval is under way...), and every
//! record that refers to it, each with the field that does and its place.
//!
//! Ids are unique within a kind only, so one id may name several records;
//! all of them are shown.
//!
//! One concern per file: finding the records and laying the description out
//! (here), what follows from the fields as of the day (`facts`), and aligned
//! `name  value` rows (`rows`). The fields themselves are the kind's
//! `Describe`, as the `--since` history diff reads them; what refers to a
//! record comes from the model's reference graph (`model::references`).

mod facts;
mod rows;

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::diag::{closest, did_you_mean};
use crate::model::{Model, Reference};
use crate::output::sanitize::{guard_lines, visible};
use crate::registry::describe::{Describe, Value};
use crate::registry::document::Kind;
use crate::registry::kinds::{each_kind, with_kind};
use crate::registry::{RecordKind, Registry};
use crate::table::Ix;

/// Why `show` found nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotFound {
    pub message: String,
    pub help: String,
}

/// Describe every record with this id.
pub fn show(model: &Model<'_>, as_of: NaiveDate, id: &str) -> Result<String, NotFound> {
    let reg = model.reg;
    let found: Vec<(Kind, u32)> = Kind::ALL
        .into_iter()
        .filter_map(|k| model.find_raw(k, id).map(|i| (k, i)))
        .collect();
    if found.is_empty() {
        return Err(not_found(reg, id));
    }
    let refs = model.references();
    let mut out = String::new();
    for (n, (kind, idx)) in found.into_iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let shown = Shown {
            model,
            as_of,
            kind,
            idx,
        };
        shown.write(&refs.all, &mut out);
    }
    Ok(guard_lines(&out).into_owned())
}

fn not_found(reg: &Registry, id: &str) -> NotFound {
    let broken: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| reg.is_broken(*k, id))
        .collect();
    if !broken.is_empty() {
        return NotFound {
            message: format!("a record with the id `{id}` exists, but it could not be read"),
            help: "run `envplan check` to see what is wrong with it".into(),
        };
    }
    let all = all_ids(reg);
    let help = did_you_mean(id, all.iter().map(String::as_str))
        .or_else(|| {
            // Ids are case-sensitive; a case-only difference is worth saying.
            closest(id, all.iter().map(String::as_str))
                .filter(|c| c.eq_ignore_ascii_case(id))
                .map(|c| format!("ids are case-sensitive: did you mean `{c}`?"))
        })
        .unwrap_or_else(|| "run `envplan check` or look in the registry for the ids in use".into());
    NotFound {
        message: format!("no record has the id `{id}`"),
        help,
    }
}

fn all_ids(reg: &Registry) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    each_kind!(T => {
        ids.extend(reg.records::<T>().iter().map(|r| r.id().value.to_string()));
    });
    ids.sort();
    ids.dedup();
    ids
}

struct Shown<'a, 'r> {
    model: &'a Model<'r>,
    as_of: NaiveDate,
    kind: Kind,
    /// The position in its kind's list (the kind is known only at run time).
    idx: u32,
}

impl Shown<'_, '_> {
    fn write(&self, refs: &[Reference<'_>], out: &mut String) {
        let reg = self.model.reg;
        let (file, id, name) = self.header();
        let _ = writeln!(
            out,
            "{} {}{}",
            self.kind,
            visible(id),
            name.map(|n| format!(": {}", visible(n)))
                .unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "  written in {}:{}",
            visible(&reg.file(file).rel),
            id_line(self)
        );
        out.push('\n');
        self.fields().write(out);

        let facts = self.facts();
        if !facts.0.is_empty() {
            let _ = writeln!(out, "\nAs of {}", self.as_of);
            facts.write(out);
        }

        let mut incoming: Vec<&Reference<'_>> = refs
            .iter()
            .filter(|r| r.to_kind == self.kind && r.to_id == id)
            .collect();
        incoming.sort_by_key(|r| (reg.file(r.file).rel.as_str(), r.loc.line, r.loc.column()));
        incoming.dedup_by(|a, b| {
            a.from_kind == b.from_kind && a.from_id == b.from_id && a.field == b.field
        });
        out.push('\n');
        if incoming.is_empty() {
            let _ = writeln!(out, "Referenced by nothing");
            return;
        }
        let _ = writeln!(out, "Referenced by");
        let rows: Vec<[String; 4]> = incoming
            .iter()
            .map(|r| {
                [
                    r.from_kind.name().to_owned(),
                    visible(r.from_id).into_owned(),
                    r.field.to_owned(),
                    format!("{}:{}", visible(&reg.file(r.file).rel), r.loc.line),
                ]
            })
            .collect();
        let widths: Vec<usize> = (0..3)
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        for r in rows {
            let _ = writeln!(
                out,
                "  {:<w0$}  {:<w1$}  {:<w2$}  {}",
                r[0],
                r[1],
                r[2],
                r[3],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2]
            );
        }
    }

    /// The fields as `Describe` renders them for every command, in the
    /// order the registry format lists them; the name is in the header.
    fn fields(&self) -> rows::Rows {
        let reg = self.model.reg;
        let fields =
            with_kind!(self.kind, T => reg.records::<T>()[Ix::from_raw(self.idx)].value.fields());
        let mut rows = rows::Rows::default();
        for (label, value) in fields.0 {
            match value {
                Value::One(_) if label == "name" => {}
                Value::One(v) => rows.add(&label, v),
                Value::Many(vs) => rows.add(&label, vs.join(", ")),
            }
        }
        rows
    }

    /// File, id and name (when the kind has one).
    fn header(&self) -> (crate::diag::FileId, &str, Option<&str>) {
        let reg = self.model.reg;
        with_kind!(self.kind, T => {
            let r = &reg.records::<T>()[Ix::from_raw(self.idx)];
            (r.file, r.id().as_str(), r.value.name().map(|n| n.as_str()))
        })
    }
}

/// The line of the record's id, where a reader finds the record.
fn id_line(s: &Shown<'_, '_>) -> u32 {
    let reg = s.model.reg;
    with_kind!(s.kind, T => reg.records::<T>()[Ix::from_raw(s.idx)].id().loc.line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Sink;
    use crate::history::diff::diff;

    fn registry(service: &str) -> Registry {
        let text = format!(
            "kind: Programme\nid: P\nname: P\ntimezone: Europe/London\nroles: {{}}\nstages: {{s: S}}\n---\nkind: Environment\nid: E\nname: E\nowner: E\nphase: sit\nstages: [s]\n---\nkind: Availability\nid: E-HOURS\nenvironment: E\nservice: {service}\n"
        );
        Registry::from_texts(
            std::path::Path::new("/nowhere"),
            vec![("r.yaml".to_owned(), text)],
        )
        .registry
    }

    /// A field's label can hold registry text (a key under `milestones`),
    /// so it is escaped like a value: no control character reaches the
    /// terminal from either.
    #[test]
    fn a_label_from_the_registry_is_escaped() {
        let text = "kind: Programme\nid: P\nname: P\ntimezone: Europe/London\nroles: {}\nstages: {s: S}\n---\nkind: Participant\nid: A\nname: A\ntype: supplier\nroles: [SUP-D]\nmilestones:\n  \"M\\e[2J\": 2024-01-01\n";
        let reg = Registry::from_texts(
            std::path::Path::new("/nowhere"),
            vec![("r.yaml".to_owned(), text.to_owned())],
        )
        .registry;
        let mut sink = Sink::new();
        let model = crate::model::build(&reg, &mut sink);
        let as_of = NaiveDate::from_ymd_opt(2026, 1, 5).expect("a day");
        let shown = show(&model, as_of, "A").expect("shown");
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(
            shown.contains("milestones.M\\u{1b}[2J  2024-01-01"),
            "{shown}"
        );
    }

    /// A field reads the same in `show` and in the `--since` history diff
    /// (they once printed hours as `09:00-17:00` and `09:00–17:00`): both
    /// render it through `registry::describe`.
    #[test]
    fn show_and_the_history_diff_render_a_field_alike() {
        let old = registry(r#"{days: mon-fri, from: "09:00", to: "17:00"}"#);
        let new = registry(r#"{days: mon-sat, from: "08:00", to: "17:00"}"#);
        let mut sink = Sink::new();
        let model = crate::model::build(&new, &mut sink);
        let as_of = NaiveDate::from_ymd_opt(2026, 1, 5).expect("a day");
        let shown = show(&model, as_of, "E-HOURS").expect("shown");
        let changes = diff(&old, &new, model.settings.tz);
        let said = changes
            .iter()
            .find(|c| c.id == "E-HOURS")
            .expect("a change")
            .describe(str::to_owned);
        let written = new
            .availabilities
            .first()
            .expect("one")
            .service
            .as_written();
        assert_eq!(written, "mon-sat 08:00-17:00");
        assert!(
            shown
                .lines()
                .any(|l| l.trim_start().starts_with("service ") && l.ends_with(&written)),
            "{shown}"
        );

        assert!(said.contains(&written), "{said}");
        assert!(said.contains("mon-fri 09:00-17:00"), "{said}");
    }
}
