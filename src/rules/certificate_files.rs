//! EP304: a certificate record against the file it names.
//!
//! Reading the file's notBefore/notAfter (`crate::certificates::pem`)
//! catches the typo in `issued` or `expires` that would otherwise hide an
//! expiry until testing stops; this module says what is wrong and how to
//! mend it.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::certificates::file::FileProblem;
use crate::certificates::pem::{self, PemProblem};
use crate::diag::{Code, Finding, Sink};
use crate::registry::records::Certificate;
use crate::registry::spanned::Text;
use crate::registry::Rec;
use crate::time::when::date_of;
use crate::time::Instant;

use super::Context;

/// EP304 for every record that names a `file`.
pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    for (i, c) in reg.certificates.indexed() {
        let Some(file) = &c.value.file else {
            continue;
        };
        let contents = match pem::read(&reg.root, file.as_str()) {
            Ok(contents) => contents,
            Err(problem) => {
                sink.push(file_problem(c, file, &problem));
                continue;
            }
        };
        if contents.private_key {
            sink.push(
                Finding::new(
                    Code::EP304,
                    format!(
                        "certificate `{}`: file `{}` holds a private key",
                        c.id.value, file.value
                    ),
                )
                .at(c.file, file.loc)
                .record(c.id.value.clone())
                .help("remove the private key from the file and from the repository's history, and have the certificate reissued: a key that was committed must be treated as compromised"),
            );
        }
        let dates = match contents.first {
            Ok(dates) => dates,
            Err(problem) => {
                sink.push(
                    Finding::new(
                        Code::EP304,
                        format!(
                            "certificate `{}`: file `{}` {}",
                            c.id.value,
                            file.value,
                            describe(&problem)
                        ),
                    )
                    .at(c.file, file.loc)
                    .record(c.id.value.clone())
                    .help(problem_help(&problem)),
                );
                continue;
            }
        };
        let f = &m.certificates[i];
        let tz = m.settings.tz;
        if let Some(expires) = f.expires {
            let recorded = expires.local_date(tz);
            let finding = compare(
                c,
                file,
                "expires",
                "notAfter",
                recorded,
                dates.not_after,
                tz,
            );
            if let Some(finding) = finding {
                sink.push(finding.at(c.file, c.expires.loc));
            }
        }
        if let (Some(issued), Some(text)) = (f.issued, &c.issued) {
            let recorded = issued.local_date(tz);
            let finding = compare(
                c,
                file,
                "issued",
                "notBefore",
                recorded,
                dates.not_before,
                tz,
            );
            if let Some(finding) = finding {
                sink.push(finding.at(c.file, text.loc));
            }
        }
    }
}

/// The finding for a file that could not be read.
fn file_problem(c: &Rec<Certificate>, file: &Text, problem: &FileProblem) -> Finding {
    let not_read = matches!(
        problem,
        FileProblem::Absolute | FileProblem::ClimbsOut | FileProblem::LinksOut
    );
    let message = match problem {
        FileProblem::Empty => format!("certificate `{}`: `file` is empty", c.id.value),
        _ => format!(
            "certificate `{}`: file `{}` {problem}{}",
            c.id.value,
            file.value,
            if not_read { "; it was not read" } else { "" }
        ),
    };
    Finding::new(Code::EP304, message)
        .at(c.file, file.loc)
        .record(c.id.value.clone())
        .help(problem.help())
}

/// A finding (without its place) when the file's day differs from the record's.
fn compare(
    c: &Rec<Certificate>,
    file: &Text,
    field: &str,
    x509_field: &str,
    recorded: NaiveDate,
    in_file: Instant,
    tz: Tz,
) -> Option<Finding> {
    let file_day = date_of(in_file, tz);
    if file_day == recorded {
        return None;
    }
    let utc = in_file.format("%Y-%m-%d %H:%M:%S UTC");
    let shown = if in_file.date_naive() == file_day {
        format!("{x509_field} {utc}")
    } else {
        format!("{x509_field} {utc}, which is {file_day} in {}", tz.name())
    };
    let finding = Finding::new(
        Code::EP304,
        format!(
            "certificate `{}` has `{field}: {recorded}` but its file `{}` says {file_day} ({shown})",
            c.id.value, file.value
        ),
    )
    .record(c.id.value.clone())
    .help(format!(
        "correct `{field}:` to {file_day}, or point `file:` at the certificate this record describes"
    ))
    .related(c.file, file.loc, "the certificate file");
    Some(finding)
}

fn describe(problem: &PemProblem) -> String {
    match problem {
        PemProblem::EmptyFile => "is empty".into(),
        PemProblem::Der => "holds a binary (DER) certificate, not PEM".into(),
        PemProblem::Binary => "is a binary file, not a PEM certificate".into(),
        PemProblem::NoPemBlock => {
            "is not a PEM certificate: it has no `-----BEGIN CERTIFICATE-----` block".into()
        }
        PemProblem::NoCertificate(labels) => format!(
            "holds no certificate, only {}",
            labels
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        PemProblem::BadPem(e) => format!("is not valid PEM: {e}"),
        PemProblem::BadCertificate(why) => {
            format!("holds a `CERTIFICATE` block that is not an X.509 certificate ({why})")
        }
    }
}

fn problem_help(problem: &PemProblem) -> &'static str {
    match problem {
        PemProblem::Der => "convert it with `openssl x509 -inform der -in FILE -out FILE.pem` and name the .pem file",
        _ => "commit the public certificate in PEM form (the text between `-----BEGIN CERTIFICATE-----` and `-----END CERTIFICATE-----`)",
    }
}
