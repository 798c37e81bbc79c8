//! EP602 to EP604: applying the registry's `# envplan: allow` comments to the
//! findings of every other rule.
//!
//! This runs after every other rule, on their findings (after the Programme's
//! severity overrides): a finding of a code that a valid suppression names,
//! located on a line the suppression covers, is set aside with the reason.
//! The comments themselves are judged here too: one without a reason or
//! naming a code it may not suppress is a finding, and so is one that ends up
//! suppressing nothing.

use std::collections::HashMap;

use crate::diag::{did_you_mean, Code, FileId, Finding, Suppressed};
use crate::registry::comments::{Directive, Suppression};
use crate::registry::spanned::Loc;
use crate::registry::Registry;

/// The findings split by the comments, and what the comments earned.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings no comment suppressed.
    pub active: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    /// EP602, EP603 and EP604 findings about the comments.
    pub hygiene: Vec<Finding>,
}

/// One code of one valid suppression, ready to match findings.
#[derive(Debug)]
struct Allowance<'s> {
    code: Code,
    loc: Loc,
    lines: (u32, u32),
    record: bool,
    reason: &'s str,
    used: bool,
}

const FORM: &str = "write it as `# envplan: allow EP205 -- the reason`, at the end of the line of the value, or on its own line directly above the record's `kind:`";

pub fn apply(reg: &Registry, findings: Vec<Finding>) -> Applied {
    let mut out = Applied::default();
    let mut by_file: HashMap<FileId, Vec<Allowance<'_>>> = HashMap::new();
    let mut files: Vec<&FileId> = reg.suppressions.keys().collect();
    files.sort();
    for &file in files {
        let allowances = judge(file, &reg.suppressions[&file], &mut out.hygiene);
        by_file.insert(file, allowances);
    }
    // Where a file stops being readable (EP001): suppressions below it
    // cannot have had anything to suppress, so they are not reported unused.
    let mut unread_from: HashMap<FileId, u32> = HashMap::new();
    for f in &findings {
        if let (Code::EP001, Some(place)) = (f.code, f.place) {
            let line = unread_from.entry(place.file).or_insert(place.loc.line);
            *line = (*line).min(place.loc.line);
        }
    }
    for finding in findings {
        let hit = finding.place.and_then(|place| {
            let allowances = by_file.get_mut(&place.file)?;
            let line = place.loc.line;
            // A comment on the line itself is preferred to one on the record.
            let pick = allowances
                .iter()
                .position(|a| !a.record && a.code == finding.code && a.lines.0 == line)
                .or_else(|| {
                    allowances.iter().position(|a| {
                        a.record && a.code == finding.code && a.lines.0 <= line && line <= a.lines.1
                    })
                })?;
            let allowance = &mut allowances[pick];
            allowance.used = true;
            Some(allowance.reason.to_owned())
        });
        match hit {
            Some(reason) => out.suppressed.push(Suppressed { finding, reason }),
            None => out.active.push(finding),
        }
    }
    let mut unused: Vec<(FileId, &Allowance<'_>)> = by_file
        .iter()
        .flat_map(|(&file, list)| list.iter().filter(|a| !a.used).map(move |a| (file, a)))
        .filter(|(file, a)| unread_from.get(file).is_none_or(|&line| a.loc.line < line))
        .collect();
    unused.sort_by_key(|(file, a)| (*file, a.loc));
    for (file, a) in unused {
        let place = if a.record {
            "in this record"
        } else {
            "on this line"
        };
        out.hygiene.push(
            Finding::new(
                Code::EP604,
                format!("this suppression of {} suppressed nothing: there is no {} finding {place}", a.code, a.code),
            )
            .at(file, a.loc)
            .help(format!("remove {} from the comment, or move the comment to the line of the finding it is for", a.code)),
        );
    }
    out
}

/// Check the comments of one file; return the allowances that may suppress.
fn judge<'s>(
    file: FileId,
    suppressions: &'s [Suppression],
    hygiene: &mut Vec<Finding>,
) -> Vec<Allowance<'s>> {
    let mut out = Vec::new();
    for s in suppressions {
        let (codes, reason) = match &s.directive {
            Directive::Unknown(text) => {
                let word = text.split_whitespace().next().unwrap_or("");
                hygiene.push(
                    Finding::new(
                        Code::EP603,
                        format!(
                            "`{}` is not something envplan comments can say",
                            word.escape_debug()
                        ),
                    )
                    .at(file, s.loc)
                    .help(FORM),
                );
                continue;
            }
            Directive::Allow { codes, reason } => (codes, reason),
        };
        if codes.is_empty() {
            hygiene.push(
                Finding::new(Code::EP603, "this suppression names no code")
                    .at(file, s.loc)
                    .help(FORM),
            );
        }
        if reason.is_none() {
            hygiene.push(
                Finding::new(Code::EP602, "this suppression gives no reason, so it suppresses nothing")
                    .at(file, s.loc)
                    .help("add ` -- ` and the reason after the codes, such as `-- agreed at the March EWG`"),
            );
        }
        let Some(lines) = s.covers else {
            if !codes.is_empty() {
                hygiene.push(
                    Finding::new(
                        Code::EP604,
                        "this suppression is on a line of its own that is not directly above a record's `kind:`, so it covers nothing",
                    )
                    .at(file, s.loc)
                    .help("put it at the end of the line of the value, or on its own line directly above the record's `kind:`"),
                );
            }
            continue;
        };
        for (text, loc) in codes {
            let Some(code) = Code::parse(&text.to_ascii_uppercase()) else {
                let hint = did_you_mean(text, Code::ALL.iter().map(|c| c.as_str()))
                    .unwrap_or_else(|| "`envplan explain` lists every code".to_owned());
                hygiene.push(
                    Finding::new(
                        Code::EP603,
                        format!("`{}` is not a rule code", text.escape_debug()),
                    )
                    .at(file, *loc)
                    .help(hint),
                );
                continue;
            };
            if !code.is_suppressible() {
                let why = if code.family() == crate::diag::Family::Files {
                    "it is a loading code (a record that cannot be read would vanish from every rule)"
                } else {
                    "it is about suppression comments themselves"
                };
                hygiene.push(
                    Finding::new(Code::EP603, format!("{code} cannot be suppressed: {why}"))
                        .at(file, *loc)
                        .help(format!("fix what {code} reports instead")),
                );
                continue;
            }
            if let Some(reason) = reason {
                out.push(Allowance {
                    code,
                    loc: *loc,
                    lines,
                    record: s.record,
                    reason,
                    used: false,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(texts: &[(&str, &str)]) -> Vec<(Code, u32)> {
        let texts = texts
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect();
        let loading = Registry::from_texts(std::path::Path::new("r"), texts);
        let applied = apply(&loading.registry, loading.findings);
        let mut got: Vec<(Code, u32)> = applied
            .active
            .iter()
            .chain(&applied.hygiene)
            .map(|f| (f.code, f.place.map_or(0, |p| p.loc.line)))
            .collect();
        got.sort();
        got
    }

    #[test]
    fn nothing_below_a_syntax_error_is_called_unused() {
        let text = "kind: Environment  # envplan: allow EP205 -- above the error\nid: [x\n---\nkind: Environment  # envplan: allow EP205 -- below it\n";
        let got = codes(&[("e.yaml", text)]);
        assert!(got.contains(&(Code::EP604, 1)), "{got:?}");
        assert!(
            !got.iter().any(|&(c, l)| c == Code::EP604 && l > 1),
            "{got:?}"
        );
    }
}
