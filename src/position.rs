//! Where things are written: a file of the registry and a place in it.
//!
//! A leaf: the records (`registry`), the findings (`diag`) and every report
//! name places, so the type lives below all of them and imports nothing of
//! the crate.

use std::fmt;

/// Index of a file in the registry's sorted file list.
pub type FileId = u32;

/// A place in a source file: 1-based line and column (in characters) and the
/// length of the value in characters, for underlining.
///
/// Every value of the registry carries one, so it is kept to eight bytes: the
/// column and the length share a word (a column past four million characters,
/// or an underline longer than 1023, is held at that limit).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub line: u32,
    /// Column in the high 22 bits, underline width in the low 10.
    column_len: u32,
}

const LEN_BITS: u32 = 10;
const MAX_LEN: u32 = (1 << LEN_BITS) - 1;
const MAX_COLUMN: u32 = (1 << (32 - LEN_BITS)) - 1;

impl Loc {
    pub const fn new(line: u32, column: u32, len: u32) -> Self {
        let column = if column > MAX_COLUMN {
            MAX_COLUMN
        } else {
            column
        };
        let len = if len > MAX_LEN { MAX_LEN } else { len };
        Self {
            line,
            column_len: (column << LEN_BITS) | len,
        }
    }

    pub const fn column(&self) -> u32 {
        self.column_len >> LEN_BITS
    }

    pub const fn width(&self) -> u32 {
        self.column_len & MAX_LEN
    }

    /// True when the parser could not say where the value came from.
    pub fn is_unknown(&self) -> bool {
        self.line == 0
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column())
    }
}
