//! EP304: the certificate files named by records.
//!
//! A record's `issued` and `expires` are typed by hand; the PEM file is what
//! the PKI actually issued. Reading the file's notBefore/notAfter catches the
//! typo that would otherwise hide an expiry until testing stops. The file is
//! found through [`super::file`], which refuses anything outside the registry.
//! A file may hold several certificates (a leaf and its chain); the first
//! certificate is the one the record describes.

use chrono::NaiveDate;
use chrono_tz::Tz;
use x509_parser::pem::Pem;

use crate::diag::{Code, Finding, Sink};
use crate::registry::model::Certificate;
use crate::registry::spanned::Text;
use crate::registry::Rec;
use crate::rules::Context;
use crate::time::when::date_of;
use crate::time::Instant;

use super::file::{read_bounded, resolve, FileProblem};

/// What a certificate file says about the certificate it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileDates {
    pub not_before: Instant,
    pub not_after: Instant,
}

/// What was found in a certificate file's bytes.
#[derive(Debug)]
pub struct PemContents {
    /// The first certificate's dates, or why there are none.
    pub first: Result<FileDates, PemProblem>,
    /// A private key sits beside the certificate: it must not be in the repository.
    pub private_key: bool,
}

/// Why a file holds no readable certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemProblem {
    EmptyFile,
    /// Binary data that parses as a certificate: DER, not PEM.
    Der,
    Binary,
    NoPemBlock,
    /// PEM blocks, none of them a certificate; their labels.
    NoCertificate(Vec<String>),
    BadPem(String),
    BadCertificate(String),
}

impl PemProblem {
    fn describe(&self) -> String {
        match self {
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

    fn help(&self) -> &'static str {
        match self {
            PemProblem::Der => "convert it with `openssl x509 -inform der -in FILE -out FILE.pem` and name the .pem file",
            _ => "commit the public certificate in PEM form (the text between `-----BEGIN CERTIFICATE-----` and `-----END CERTIFICATE-----`)",
        }
    }
}

/// Labels that carry a certificate.
fn is_certificate_label(label: &str) -> bool {
    matches!(
        label,
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE"
    )
}

/// Read the PEM blocks of a file and the dates of its first certificate.
pub fn parse(bytes: &[u8]) -> PemContents {
    let nothing = |problem| PemContents {
        first: Err(problem),
        private_key: false,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return nothing(PemProblem::EmptyFile);
    }
    // PEM is text; refusing other bytes up front also keeps the PEM reader on plain lines.
    if std::str::from_utf8(bytes).is_err() {
        let der = x509_parser::parse_x509_certificate(bytes).is_ok();
        return nothing(if der {
            PemProblem::Der
        } else {
            PemProblem::Binary
        });
    }
    let mut labels = Vec::new();
    let mut first = None;
    let mut private_key = false;
    for block in Pem::iter_from_buffer(bytes) {
        let pem = match block {
            Ok(pem) => pem,
            Err(e) => {
                first.get_or_insert(Err(PemProblem::BadPem(e.to_string())));
                break;
            }
        };
        private_key |= pem.label.contains("PRIVATE KEY");
        if first.is_none() && is_certificate_label(&pem.label) {
            first = Some(match pem.parse_x509() {
                Ok(x509) => dates(&x509),
                Err(_) => Err(PemProblem::BadCertificate(
                    "its contents cannot be decoded".into(),
                )),
            });
        }
        labels.push(pem.label);
    }
    let first = match first {
        Some(first) => first,
        None if labels.is_empty() => Err(PemProblem::NoPemBlock),
        None => Err(PemProblem::NoCertificate(labels)),
    };
    PemContents { first, private_key }
}

fn dates(x509: &x509_parser::certificate::X509Certificate<'_>) -> Result<FileDates, PemProblem> {
    let v = x509.validity();
    let instant = |t: &x509_parser::time::ASN1Time| {
        chrono::DateTime::from_timestamp(t.timestamp(), 0)
            .ok_or_else(|| PemProblem::BadCertificate(format!("its date {t} is out of range")))
    };
    Ok(FileDates {
        not_before: instant(&v.not_before)?,
        not_after: instant(&v.not_after)?,
    })
}

/// EP304 for every record that names a `file`.
pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    for (i, c) in reg.certificates.iter().enumerate() {
        let Some(file) = &c.value.file else {
            continue;
        };
        let bytes = resolve(&reg.root, file.as_str()).and_then(|path| read_bounded(&path));
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(problem) => {
                sink.push(file_problem(c, file, &problem));
                continue;
            }
        };
        let contents = parse(&bytes);
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
                            problem.describe()
                        ),
                    )
                    .at(c.file, file.loc)
                    .record(c.id.value.clone())
                    .help(problem.help()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/cert-pem/certs")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn utc(text: &str) -> Instant {
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
            .expect("datetime")
            .and_utc()
    }

    #[test]
    fn reads_the_dates_of_the_first_certificate() {
        let good = parse(&fixture("good.pem"));
        assert_eq!(
            good.first,
            Ok(FileDates {
                not_before: utc("2025-10-05 09:00:00"),
                not_after: utc("2026-10-05 12:00:00"),
            })
        );
        assert!(!good.private_key);
        // The leaf comes first; the issuer after it (valid to 2030) is not described.
        let chain = parse(&fixture("chain.pem"));
        assert_eq!(
            chain.first.map(|d| d.not_after),
            Ok(utc("2026-11-01 12:00:00"))
        );
    }

    #[test]
    fn says_why_a_file_holds_no_certificate() {
        let problem = |name: &str| parse(&fixture(name)).first.err();
        assert_eq!(problem("empty.pem"), Some(PemProblem::EmptyFile));
        assert_eq!(problem("good.der"), Some(PemProblem::Der));
        assert_eq!(problem("notes.pem"), Some(PemProblem::NoPemBlock));
        assert_eq!(
            problem("public-key.pem"),
            Some(PemProblem::NoCertificate(vec!["PUBLIC KEY".into()]))
        );
        assert!(matches!(
            problem("corrupt.pem"),
            Some(PemProblem::BadPem(_))
        ));
        assert!(matches!(
            problem("not-x509.pem"),
            Some(PemProblem::BadCertificate(_))
        ));
        assert_eq!(
            parse(&[0xff, 0xfe, 0x00]).first.err(),
            Some(PemProblem::Binary)
        );
    }

    /// A block labelled as a private key holding the text "not a key"; the
    /// label is assembled so that secret scanners see no key in the source.
    fn fake_key_block() -> String {
        let label = ["PRIVATE", "KEY"].join(" ");
        format!("-----BEGIN {label}-----\nbm90IGEga2V5\n-----END {label}-----\n")
    }

    #[test]
    fn notices_a_private_key_beside_the_certificate() {
        // Not a real key: only the label matters, and no key is ever committed.
        let mut bytes = fixture("good.pem");
        bytes.extend_from_slice(fake_key_block().as_bytes());
        let contents = parse(&bytes);
        assert!(contents.private_key);
        assert!(contents.first.is_ok());
    }
}
