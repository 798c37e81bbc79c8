//! Contacts coverage (issue 12, section 6): one table of the participants
//! that lack an environment manager (EP101) or the PKI officers their
//! certificate purposes need (EP102), instead of a wall of warnings.

use super::super::doc::{header, Cell, Section, Span};
use super::super::Pack;
use super::participant;

pub fn section(p: &Pack) -> Section<'_> {
    let mut s = Section::new("contacts", "Contacts coverage").nav("Contacts");
    let rows = p
        .more
        .contacts
        .iter()
        .map(|c| {
            vec![
                Cell::new(participant(&c.participant)),
                if c.manager_missing {
                    Cell::text("missing").class("missing").strong()
                } else {
                    Cell::text("in place")
                },
                if c.officers.is_empty() {
                    Cell::text("in place")
                } else {
                    Cell::new(
                        c.officers
                            .iter()
                            .enumerate()
                            .flat_map(|(n, m)| {
                                let sep = (n > 0).then_some(Span::Break { md: "; " });
                                sep.into_iter().chain([Span::Message(m.clone())])
                            })
                            .collect(),
                    )
                    .class("warnbg")
                },
            ]
        })
        .collect();
    s.table_or(
        header(["Participant", "Environment manager", "PKI officers"]),
        rows,
        "Every participant has an environment manager and the PKI officers it needs (or EP101 and EP102 are switched off).",
    );
    s
}
