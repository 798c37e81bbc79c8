//! A finding is data: what is wrong, how bad it is, where, and which records it
//! is about. Rendering it is the reporters' job.

pub use crate::position::FileId;
use crate::position::Loc;

use super::codes::{Code, Severity};

/// A place in a registry file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub file: FileId,
    pub loc: Loc,
}

impl Place {
    pub fn new(file: FileId, loc: Loc) -> Self {
        Self { file, loc }
    }
}

/// A second place that explains the first ("booked here", "expires here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub place: Place,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where the value it is about was written; `None` for findings about the
    /// registry as a whole (no Programme at all).
    pub place: Option<Place>,
    /// Ids of the records involved, sorted and without repeats.
    pub records: Vec<String>,
    pub help: Option<String>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.default_severity(),
            message: message.into(),
            place: None,
            records: Vec::new(),
            help: None,
            related: Vec::new(),
        }
    }

    pub fn at(mut self, file: FileId, loc: Loc) -> Self {
        self.place = Some(Place::new(file, loc));
        self
    }

    pub fn at_place(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }

    pub fn record(mut self, id: impl Into<String>) -> Self {
        let id = id.into();
        if let Err(pos) = self.records.binary_search(&id) {
            self.records.insert(pos, id);
        }
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn related(mut self, file: FileId, loc: Loc, label: impl Into<String>) -> Self {
        self.related.push(Related {
            place: Place::new(file, loc),
            label: label.into(),
        });
        self
    }
}

/// A finding that a `# envplan: allow` comment set aside, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub finding: Finding,
    pub reason: String,
}
