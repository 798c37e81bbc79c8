//! `certificates.csv`: the certificates section as a spreadsheet, for those
//! who chase renewals.

use crate::output::csv::CsvWriter;

use super::Pack;

pub fn render(p: &Pack) -> Vec<u8> {
    let mut w = CsvWriter::new(Vec::new());
    // Writing into memory cannot fail.
    let _ = w.row([
        "id",
        "participant",
        "participant_name",
        "environment",
        "purpose",
        "expires",
        "last_day",
        "days_left",
        "state",
    ]);
    for c in &p.certificates {
        let _ = w.row([
            c.id.as_str(),
            c.participant.id.as_str(),
            c.participant.name.as_str(),
            c.environment.as_str(),
            c.purpose.as_str(),
            c.expires.as_str(),
            &c.last_day.to_string(),
            &c.days_left.to_string(),
            if c.days_left < 0 {
                "expired"
            } else {
                "expiring"
            },
        ]);
    }
    w.into_inner()
}
