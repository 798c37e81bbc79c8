//! Hygiene of the registry's text (EP601): an id or a name holding a
//! bidirectional control or a zero-width character. Like rustc's
//! `text_direction_codepoint_in_literal`, this is about what a reviewer
//! sees: such a character reorders or hides text in an editor, a diff and a
//! terminal, so two names that look the same can differ, and a pull request
//! can show one thing and say another. envplan's own outputs show these
//! characters escaped (`crate::output::sanitize`); this finding says where
//! they are so that they can be removed.

use crate::diag::{Code, FileId, Finding, Sink};
use crate::output::sanitize::{is_bidi_control, is_zero_width};
use crate::registry::records::Contact;
use crate::registry::spanned::{Spanned, Text};

use super::Context;

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    let reg = cx.model.reg;
    let mut fields: Vec<(FileId, &str, &'static str, &Text)> = Vec::new();
    for r in &reg.programmes {
        fields.push((r.file, r.id.as_str(), "id", &r.id));
        fields.push((r.file, r.id.as_str(), "name", &r.name));
        for (k, v) in r.roles.iter().chain(r.stages.iter()) {
            fields.push((r.file, r.id.as_str(), "code", k));
            fields.push((r.file, r.id.as_str(), "name", v));
        }
    }
    for r in &reg.environments {
        fields.push((r.file, r.id.as_str(), "id", &r.id));
        fields.push((r.file, r.id.as_str(), "name", &r.name));
    }
    for r in &reg.participants {
        fields.push((r.file, r.id.as_str(), "id", &r.id));
        fields.push((r.file, r.id.as_str(), "name", &r.name));
        let mut contacts: Vec<&Spanned<Contact>> = r.environment_manager.iter().collect();
        if let Some(o) = &r.pki_officers {
            contacts.extend(o.nominating_officer.iter());
            contacts.extend(o.sro.iter());
            contacts.extend(o.aro.iter());
            for t in &o.technical_contacts {
                fields.push((r.file, r.id.as_str(), "name", &t.name));
            }
        }
        for c in contacts {
            fields.push((r.file, r.id.as_str(), "name", &c.name));
        }
    }
    for r in &reg.intervals {
        fields.push((r.file, r.id.as_str(), "id", &r.id));
        fields.push((r.file, r.id.as_str(), "name", &r.name));
    }
    for r in &reg.milestones {
        fields.push((r.file, r.id.as_str(), "id", &r.id));
        fields.push((r.file, r.id.as_str(), "name", &r.name));
    }
    for r in &reg.certificates {
        fields.push((r.file, r.id.as_str(), "id", &r.id));
    }
    for r in &reg.availabilities {
        fields.push((r.file, r.id.as_str(), "id", &r.id));
    }
    for r in &reg.outages {
        fields.push((r.file, r.id.as_str(), "id", &r.id));
    }
    for (file, record, field, text) in fields {
        if let Some(finding) = hidden(file, record, field, text) {
            sink.push(finding);
        }
    }
}

/// The EP601 finding for one value, if it holds a hidden character.
fn hidden(file: FileId, record: &str, field: &str, text: &Text) -> Option<Finding> {
    let mut found: Vec<char> = text
        .as_str()
        .chars()
        .filter(|&c| is_bidi_control(c) || is_zero_width(c))
        .collect();
    if found.is_empty() {
        return None;
    }
    found.sort_unstable();
    found.dedup();
    let bidi = found.iter().any(|&c| is_bidi_control(c));
    let listed: Vec<String> = found
        .iter()
        .map(|&c| format!("U+{:04X} {}", c as u32, char_name(c)))
        .collect();
    let what = if bidi {
        "which changes the direction in which the text around it is shown"
    } else {
        "which is invisible"
    };
    // The record id is shown escaped by every human output; here it is the
    // id as written, for the JSON consumer.
    Some(
        Finding::new(
            Code::EP601,
            format!(
                "{field} of `{record}` holds {}, {what}: the value is not what it looks like",
                listed.join(", ")
            ),
        )
        .at(file, text.loc)
        .record(record.to_owned())
        .help(format!(
            "remove the character (editors usually do not show it: retype the {field}, or search for `\\u{{{:x}}}`)",
            found[0] as u32
        )),
    )
}

fn char_name(c: char) -> &'static str {
    match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::spanned::Loc;

    fn text(s: &str) -> Text {
        Spanned::new(s.into(), Loc::new(3, 7, 4))
    }

    #[test]
    fn flags_bidi_and_zero_width_at_the_value() {
        let f = hidden(0, "SIT-A", "name", &text("SIT\u{202e}A\u{200b}")).expect("found");
        assert_eq!(f.code, Code::EP601);
        assert_eq!(
            f.message,
            "name of `SIT-A` holds U+200B ZERO WIDTH SPACE, U+202E RIGHT-TO-LEFT OVERRIDE, which changes the direction in which the text around it is shown: the value is not what it looks like"
        );
        assert_eq!(f.place.map(|p| (p.loc.line, p.loc.column())), Some((3, 7)));
        assert!(hidden(0, "SIT-A", "name", &text("Système d’essai")).is_none());
    }
}
