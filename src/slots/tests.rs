//! Unit tests of the slot search.
