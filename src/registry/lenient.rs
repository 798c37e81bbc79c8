//! Values that may be wrong without taking their record down with them.
//!
//! serde stops at the first value it cannot read, and the record it is in is
//! lost: one misspelt severity under the Programme's `rules:` would drop the
//! whole Programme, and every rule that needs its roles and stages would go
//! quiet. The registry format says instead that a bad value is one finding at
//! that value and the rest of the record still counts (§1).
//!
//! So closed-vocabulary fields (phase, sharing, purpose, status, severities...),
//! booleans, lists and nested mappings are read through the functions here,
//! named in `#[serde(deserialize_with = ...)]`. Each reads the value whatever
//! its shape (so the parser is never left in the middle of it), keeps it when
//! it is valid, and otherwise notes what is wrong, with its place, and yields
//! "absent" or a stand-in. serde gives a value's deserializer no way to hand
//! anything else back, so notes go to a per-thread collector that the loader
//! opens around each file ([`collect`]); outside one, notes are dropped. The
//! field types themselves are unchanged, so the JSON Schemas describe the
//! inner types. A required field is typed [`Required`] instead of naming a
//! reader, because serde fails a record outright when a field with
//! `deserialize_with` and no default is left out.
//!
//! Which reader a field takes: a vocabulary value [`optional`] (or
//! `Required<Option<Spanned<T>>>`), a list of texts [`texts`], a list of
//! vocabulary values [`list`], a list of mappings [`items`], an optional
//! mapping [`mapping`], a mapping of mappings [`mappings`], a boolean
//! [`flag`]. A new field of one of these shapes takes its reader, so that a
//! wrong shape there is one finding and not the loss of its record.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::hours::{Days, Hours, WeeklyHours};
use super::spanned::{Loc, Spanned, Text};
use super::vocab::SpannedMap;

/// A closed vocabulary: the names a value may be written with.
pub trait Vocab: Sized + Copy + 'static {
    /// The name it is written with.
    fn name(self) -> &'static str;
    /// Every name, in the order the format lists them.
    fn names() -> &'static [&'static str];
    fn from_name(name: &str) -> Option<Self>;
}

/// A required vocabulary value as output shows it: its name, or `(invalid)`
/// when what was written is not one (that is reported as EP003).
pub fn shown<T: Vocab>(value: Option<&Spanned<T>>) -> &'static str {
    value.map_or(INVALID, |v| v.value.name())
}

/// What output shows for a required value that could not be read.
pub const INVALID: &str = "(invalid)";

/// What was wrong with a value the record could do without.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Problem {
    /// A single value that is not one of the vocabulary's names.
    NotAllowed {
        written: String,
        allowed: &'static [&'static str],
    },
    /// A value of the wrong shape: `expected` is what the field takes
    /// ("a single value", "a list", "true or false"), `found` what it holds.
    Shape {
        expected: &'static str,
        found: String,
    },
    /// A boolean written as `yes`, `no`, `on`, `off` or any other word.
    NotBoolean { written: String },
    /// A required value left empty.
    Empty,
    /// An optional list left empty (`uses:` with nothing after it).
    EmptyList,
    /// A required key of a nested mapping (a contact's `email`) left out.
    Missing { field: &'static str },
    /// A key the record does not have: the entry is left out, the record kept.
    UnknownField {
        field: String,
        expected: &'static [&'static str],
    },
    /// A required text field left out: it is read as [`INVALID`] and the
    /// record kept. Noted at the record's id, or, when `nested`, at the
    /// mapping inside the record that lacks it (a technical contact).
    MissingField {
        field: String,
        nested: bool,
        /// The names it may be written with, when it is a vocabulary value.
        allowed: &'static [&'static str],
    },
}

/// A problem and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub loc: Loc,
    pub problem: Problem,
    /// Where the value now holding [`INVALID`] in its place is, when the
    /// problem left one (text that could not be read, a required text field
    /// left out): whatever the model or the rules would say about that
    /// stand-in is not said, this note says it.
    pub placeholder: Option<Loc>,
}

/// Where a stand-in for a required text field that was left out is: no
/// place in the file, so that nothing said about the stand-in can be
/// mistaken for something said about a value written there.
pub const MISSING_AT: Loc = Loc::new(0, 0, 0);

/// The text being read, so that a scalar read where text belongs can be
/// given back exactly as written (`0123`, not the number 123).
struct Source {
    text: String,
    /// Byte offset of each line's start, worked out when first needed.
    lines: Option<Vec<usize>>,
}

thread_local! {
    /// `None` when nobody is collecting: notes are then dropped.
    static NOTES: RefCell<Option<Vec<Note>>> = const { RefCell::new(None) };
    static SOURCE: RefCell<Option<Source>> = const { RefCell::new(None) };
    /// Notes of missing fields not yet placed at their record's id.
    static UNPLACED: Cell<usize> = const { Cell::new(0) };
    /// What the value just read where text belongs was (see [`TextRead`]).
    static TEXT_READ: Cell<TextRead> = const { Cell::new(TextRead::Text) };
    /// Whether text is read as any value (see [`reading_text_as_any`]).
    static TEXT_AS_ANY: Cell<bool> = const { Cell::new(false) };
}

/// Run `f` with every text value read as any value (`as_any`), or asked
/// for as text. Asking for text is the fast way, and reads every well-formed
/// value exactly as the other does; only a list, a mapping or nothing where
/// text belongs then fails the record, so a file is read that way first and
/// again as any value only when one of its records failed (`load`).
pub fn reading_text_as_any<R>(as_any: bool, f: impl FnOnce() -> R) -> R {
    /// Puts back the enclosing setting, even if `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            TEXT_AS_ANY.with(|t| t.set(self.0));
        }
    }
    let _restore = Restore(TEXT_AS_ANY.with(|t| t.replace(as_any)));
    f()
}

/// See [`reading_text_as_any`].
pub(crate) fn text_as_any() -> bool {
    TEXT_AS_ANY.with(Cell::get)
}

/// Run `f`, returning what it returned and every note made while it ran, in
/// order, without repeats (a value replayed through an alias is one note).
pub fn collect<R>(f: impl FnOnce() -> R) -> (R, Vec<Note>) {
    collect_in(None, f)
}

/// [`collect`] while `text` is being read: scalars read where text belongs
/// are then given back exactly as written in it.
pub fn collect_in<R>(text: Option<&str>, f: impl FnOnce() -> R) -> (R, Vec<Note>) {
    /// Puts back whatever an enclosing `collect` had, even if `f` panics.
    struct Restore(Option<Vec<Note>>, Option<Source>, usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            NOTES.with(|n| *n.borrow_mut() = outer);
            let source = self.1.take();
            SOURCE.with(|s| *s.borrow_mut() = source);
            UNPLACED.with(|u| u.set(self.2));
        }
    }
    let outer = NOTES.with(|n| n.borrow_mut().replace(Vec::new()));
    let source = text.map(|text| Source {
        text: text.to_owned(),
        lines: None,
    });
    let outer_source = SOURCE.with(|s| std::mem::replace(&mut *s.borrow_mut(), source));
    let restore = Restore(outer, outer_source, UNPLACED.with(|u| u.replace(0)));
    let result = f();
    let mut notes = NOTES.with(|n| n.borrow_mut().take()).unwrap_or_default();
    drop(restore);
    let mut seen = std::collections::HashSet::new();
    notes.retain(|n| seen.insert((n.loc, n.problem.clone())));
    (result, notes)
}

pub(crate) fn note(loc: Loc, problem: Problem) {
    push(Note {
        loc,
        problem,
        placeholder: None,
    });
}

/// Say in the note of the vocabulary field just found missing which names
/// it may be written with, for its hint.
fn name_allowed(names: &'static [&'static str]) {
    NOTES.with(|n| {
        if let Some(note) = n.borrow_mut().as_mut().and_then(|notes| notes.last_mut()) {
            if let Problem::MissingField { allowed, .. } = &mut note.problem {
                *allowed = names;
            }
        }
    });
}

/// A note about a value that now holds a stand-in at `loc` (see
/// [`Note::placeholder`]).
pub(crate) fn note_in_place_of(loc: Loc, problem: Problem) {
    push(Note {
        loc,
        problem,
        placeholder: Some(loc),
    });
}

fn push(note: Note) {
    NOTES.with(|n| {
        if let Some(notes) = n.borrow_mut().as_mut() {
            notes.push(note);
        }
    });
}

/// What a value read where text belongs turned out to be. serde-saphyr
/// refuses a list or a mapping where text is asked for before anything can
/// skip it, so such a value is read as any value instead (`known::Direct`),
/// and this says what was found, for the [`Spanned`] it is in to finish:
/// only that knows the value's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextRead {
    /// Text, as the parser gave it.
    Text,
    /// A number, boolean or the like: its text is to be taken from the source.
    Scalar,
    List,
    Map,
    Empty,
}

pub(crate) fn set_text_read(read: TextRead) {
    TEXT_READ.with(|t| t.set(read));
}

pub(crate) fn take_text_read() -> TextRead {
    TEXT_READ.with(|t| t.replace(TextRead::Text))
}

/// A value that could not be read as text: noted at its place, which now
/// holds [`INVALID`].
pub(crate) fn unreadable_text(loc: Loc, read: TextRead) {
    let problem = match read {
        TextRead::Empty => Problem::Empty,
        TextRead::List | TextRead::Map => Problem::Shape {
            expected: "a single value",
            found: if read == TextRead::List {
                "a list"
            } else {
                "a mapping"
            }
            .into(),
        },
        TextRead::Text | TextRead::Scalar => return,
    };
    push(Note {
        loc,
        problem,
        placeholder: Some(loc),
    });
}

/// A required text field left out: noted with no place yet (its record's
/// id is not known until the record has been read; see [`place_missing`]).
pub(crate) fn missing_text(field: &str) {
    UNPLACED.with(|u| u.set(u.get() + 1));
    push(Note {
        loc: MISSING_AT,
        problem: Problem::MissingField {
            field: shorten(field),
            nested: false,
            allowed: &[],
        },
        placeholder: Some(MISSING_AT),
    });
}

/// Start reading a record: notes of missing fields still unplaced belong to
/// one that could not be read, and stay unplaced.
pub(crate) fn forget_unplaced() {
    UNPLACED.with(|u| u.set(0));
}

/// Place the notes of missing fields made while a record was read at `loc`
/// (its id, or its `kind` when the id is missing too).
pub(crate) fn place_missing(loc: Loc) {
    let unplaced = UNPLACED.with(|u| u.get());
    place_last(unplaced, loc, false);
}

/// How many notes of missing fields are not yet placed.
pub(crate) fn unplaced() -> usize {
    UNPLACED.with(|u| u.get())
}

/// Place the last `count` notes of missing fields at `loc`, the mapping
/// inside a record that lacks them.
pub(crate) fn place_missing_in(count: usize, loc: Loc) {
    place_last(count, loc, true);
}

fn place_last(count: usize, loc: Loc, nested_here: bool) {
    if count == 0 {
        return;
    }
    UNPLACED.with(|u| u.set(u.get().saturating_sub(count)));
    let mut left = count;
    NOTES.with(|n| {
        if let Some(notes) = n.borrow_mut().as_mut() {
            for note in notes.iter_mut().rev() {
                if left == 0 {
                    break;
                }
                if note.loc == MISSING_AT {
                    note.loc = loc;
                    if let Problem::MissingField { nested, .. } = &mut note.problem {
                        *nested = nested_here;
                    }
                    left -= 1;
                }
            }
        }
    });
}

/// The scalar written at `line`, `column` (1-based, in characters), `len`
/// characters long, exactly as written; `None` outside [`collect_in`].
pub(crate) fn source_text(line: usize, column: usize, len: usize) -> Option<String> {
    SOURCE.with(|s| {
        let mut s = s.borrow_mut();
        let source = s.as_mut()?;
        let text = source.text.as_str();
        let lines = source.lines.get_or_insert_with(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let start = *lines.get(line.checked_sub(1)?)?;
        let rest = &text[start..];
        let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let from = rest
            .char_indices()
            .nth(column.checked_sub(1)?)
            .map(|(i, _)| i)?;
        let written: String = rest[from..].chars().take(len).collect();
        (written.chars().count() == len && !written.is_empty()).then_some(written)
    })
}

/// Any value, read to its end, as much as a lenient field needs of it.
#[derive(Debug)]
enum Shape {
    Text(String),
    Bool(bool),
    Null,
    List(Vec<Spanned<Shape>>),
    /// A mapping's entries, so that a nested mapping (a contact, hours, a
    /// window) can be read part by part.
    Map(Vec<(Text, Spanned<Shape>)>),
}

impl Shape {
    /// The value in words, for "must be X, but it is Y".
    fn describe(&self) -> String {
        match self {
            Shape::Text(t) => format!("a single value, `{}`", shorten(t)),
            Shape::Bool(b) => format!("a single value, `{b}`"),
            Shape::Null => "empty".into(),
            Shape::List(_) => "a list".into(),
            Shape::Map(_) => "a mapping".into(),
        }
    }
}

/// Values quoted in messages are cut short: a hostile value must not make a
/// message thousands of characters long.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}…")
    }
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ShapeVisitor;
        impl<'de> Visitor<'de> for ShapeVisitor {
            type Value = Shape;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Shape, E> {
                Ok(Shape::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Shape, E> {
                Ok(Shape::Text(v))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Shape, E> {
                Ok(Shape::Bool(v))
            }
            // A number is text as written (`1_000`, `0123`): the `Spanned`
            // it is in takes it from the source (see `TextRead::Scalar`).
            fn visit_i64<E>(self, v: i64) -> Result<Shape, E> {
                set_text_read(TextRead::Scalar);
                Ok(Shape::Text(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Shape, E> {
                set_text_read(TextRead::Scalar);
                Ok(Shape::Text(v.to_string()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Shape, E> {
                set_text_read(TextRead::Scalar);
                Ok(Shape::Text(v.to_string()))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Shape, E> {
                set_text_read(TextRead::Scalar);
                Ok(Shape::Text(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Shape, E> {
                set_text_read(TextRead::Scalar);
                Ok(Shape::Text(v.to_string()))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Shape, E> {
                Ok(Shape::Text(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_unit<E>(self) -> Result<Shape, E> {
                Ok(Shape::Null)
            }
            fn visit_none<E>(self) -> Result<Shape, E> {
                Ok(Shape::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
                Shape::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Shape>>()? {
                    items.push(item);
                }
                Ok(Shape::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
                // Keys are read as any value (a key may be a list, or
                // empty), and kept as the text a message can quote.
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<Shape>>()? {
                    let text = match key.value {
                        Shape::Text(t) => t,
                        other => other.describe(),
                    };
                    let key = Spanned::new(text.as_str().into(), key.loc);
                    entries.push((key, map.next_value::<Spanned<Shape>>()?));
                }
                Ok(Shape::Map(entries))
            }
        }
        deserializer.deserialize_any(ShapeVisitor)
    }
}

/// A vocabulary value, or a note saying why not.
fn word<T: Vocab>(value: Spanned<Shape>, required: bool) -> Option<Spanned<T>> {
    let loc = value.loc;
    if loc == MISSING_AT {
        name_allowed(T::names());
        return None;
    }
    match value.value {
        Shape::Text(text) => match T::from_name(&text) {
            Some(v) => Some(Spanned::new(v, loc)),
            None => {
                note(
                    loc,
                    Problem::NotAllowed {
                        written: shorten(&text),
                        allowed: T::names(),
                    },
                );
                None
            }
        },
        Shape::Bool(b) => {
            note(
                loc,
                Problem::NotAllowed {
                    written: b.to_string(),
                    allowed: T::names(),
                },
            );
            None
        }
        Shape::Null => {
            if required {
                note(loc, Problem::Empty);
            }
            None
        }
        other => {
            note(
                loc,
                Problem::Shape {
                    expected: "a single value",
                    found: other.describe(),
                },
            );
            None
        }
    }
}

/// An optional vocabulary field: `#[serde(default, deserialize_with = "lenient::optional")]`.
/// Empty is absent; a bad value is noted and absent.
pub fn optional<'de, D, T>(deserializer: D) -> Result<Option<Spanned<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Vocab,
{
    Ok(word(Spanned::<Shape>::deserialize(deserializer)?, false))
}

/// A required vocabulary field (`#[serde(deserialize_with = "lenient::required")]`,
/// no `default`, so leaving it out is still a schema error): a bad or empty
/// value is noted, and the record keeps going without it.
pub fn required<'de, D, T>(deserializer: D) -> Result<Option<Spanned<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Vocab,
{
    Ok(word(Spanned::<Shape>::deserialize(deserializer)?, true))
}

/// A required field whose value is read by one of the lenient readers
/// here. serde treats a field with `deserialize_with` and no `default` as
/// one it cannot do without: leaving it out fails the whole record before
/// the reader is asked. A field of this type has no `deserialize_with`, so
/// serde asks the type itself, with a deserializer that only says which
/// field is missing; the reader then notes that (see `Spanned`) and gives
/// its stand-in, and the record still counts. Without a serde `default`,
/// the JSON Schemas still list the field as required.
#[derive(Debug, Clone)]
pub struct Required<T>(pub T);

impl<T> std::ops::Deref for Required<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<'a, T> IntoIterator for &'a Required<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// How a [`Required`] field's value is read.
pub trait ReadRequired<'de>: Sized {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl<'de, T: ReadRequired<'de>> Deserialize<'de> for Required<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Required)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Required<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// A vocabulary value ([`required`]).
impl<'de, T: Vocab> ReadRequired<'de> for Option<Spanned<T>> {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        required(deserializer)
    }
}

/// A list of texts ([`texts`]).
impl<'de> ReadRequired<'de> for Vec<Text> {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        texts_of(deserializer, true)
    }
}

/// Service hours ([`hours`]).
impl<'de> ReadRequired<'de> for Spanned<Hours> {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        hours(deserializer)
    }
}

/// A vocabulary of codes and descriptions (the Programme's `roles` and
/// `stages`): a value that is not a mapping, or none, is noted, and so is a
/// vocabulary left out; either way the mapping holds one [`INVALID`] code
/// at its place, so that codes used elsewhere are not judged against it.
impl<'de> ReadRequired<'de> for SpannedMap<Text> {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Spanned::<Read<TextMap>>::deserialize(deserializer)?;
        let loc = value.loc;
        let shape = match value.value.0 {
            Ok(TextMap(map)) => return Ok(map),
            Err(shape) => shape,
        };
        let expected = "a mapping of codes and descriptions";
        if let Some(problem) = misfit(loc, shape, expected, Problem::Empty) {
            note_in_place_of(loc, problem);
        }
        let stand_in = || Spanned::new(INVALID.into(), loc);
        Ok(SpannedMap(vec![(stand_in(), stand_in())]))
    }
}

/// The mapping read for a [`SpannedMap<Text>`], entry by entry.
#[derive(Default)]
struct TextMap(SpannedMap<Text>);

impl<'de> Container<'de> for TextMap {
    const EXPECTING: &'static str = "a mapping";
    const NULL_IS_EMPTY: bool = false;

    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Result<Self, Shape>, A::Error> {
        SpannedMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            .map(|m| Ok(TextMap(m)))
    }
}

/// A boolean ([`required_flag`]).
impl<'de> ReadRequired<'de> for Spanned<Option<bool>> {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        required_flag(deserializer)
    }
}

/// A list of vocabulary values: bad entries are noted and left out; a single
/// value where the list belongs is noted and the list is empty.
pub fn list<'de, D, T>(deserializer: D) -> Result<Vec<Spanned<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Vocab,
{
    let value = Spanned::<Shape>::deserialize(deserializer)?;
    match value.value {
        Shape::List(items) => Ok(items.into_iter().filter_map(|i| word(i, true)).collect()),
        Shape::Null => Ok(Vec::new()),
        other => {
            note(
                value.loc,
                Problem::Shape {
                    expected: "a list",
                    found: other.describe(),
                },
            );
            Ok(Vec::new())
        }
    }
}

/// A list whose absence means something (`steps` absent: every step): a
/// bad entry is noted and left out, but the list stays given.
pub fn given_list<'de, D, T>(deserializer: D) -> Result<Option<Vec<Spanned<T>>>, D::Error>
where
    D: Deserializer<'de>,
    T: Vocab,
{
    list(deserializer).map(Some)
}

/// A vocabulary value written as text (the short form of a list entry):
/// `None`, and a note, when it is not one of the words.
pub fn word_of<T: Vocab>(text: &Text) -> Option<Spanned<T>> {
    word(
        Spanned::new(Shape::Text(text.value.to_string()), text.loc),
        true,
    )
}

/// A value that may have been left out with a note (an entry whose
/// vocabulary value is bad). Types implement `Deserialize` for `Maybe<Self>`
/// to take part in [`entries`].
#[derive(Debug)]
pub struct Maybe<T>(pub Option<T>);

/// A list of entries (such as `{purpose, roles}` or a bare purpose): an
/// entry that was left out with a note is dropped, the others stay; a single
/// value where the list belongs is noted and the list is empty.
pub fn entries<'de, D, T>(deserializer: D) -> Result<Vec<Spanned<T>>, D::Error>
where
    D: Deserializer<'de>,
    Maybe<T>: Deserialize<'de>,
{
    container(deserializer, "a list")
}

/// A mapping from keys to vocabulary values (the Programme's `rules:`): an
/// entry with a bad value is noted and left out, the other entries stay.
pub fn map<'de, D, T>(deserializer: D) -> Result<SpannedMap<Spanned<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Vocab,
{
    container(deserializer, "a mapping of keys and values")
}

/// A list or a mapping that reads itself entry by entry, so that one bad
/// entry costs only itself. The other shape, when met instead, is read whole
/// and skipped.
trait Container<'de>: Default + Sized {
    const EXPECTING: &'static str;
    /// Whether nothing written is the empty container (or, as for a list
    /// of texts that the fast pass refuses empty, a value to note).
    const NULL_IS_EMPTY: bool = true;

    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Result<Self, Shape>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err(Shape::List(Vec::new())))
    }

    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Result<Self, Shape>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err(Shape::Map(Vec::new())))
    }
}

impl<'de, T> Container<'de> for Vec<Spanned<T>>
where
    Maybe<T>: Deserialize<'de>,
{
    const EXPECTING: &'static str = "a list";

    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Result<Self, Shape>, A::Error> {
        let mut out = Vec::new();
        while let Some(entry) = seq.next_element::<Spanned<Maybe<T>>>()? {
            if let Some(v) = entry.value.0 {
                out.push(Spanned::new(v, entry.loc));
            }
        }
        Ok(Ok(out))
    }
}

impl<'de, T: Vocab> Container<'de> for SpannedMap<Spanned<T>> {
    const EXPECTING: &'static str = "a mapping";

    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Result<Self, Shape>, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Text>()? {
            let value = map.next_value::<Spanned<Shape>>()?;
            if let Some(v) = word(value, true) {
                entries.push((key, v));
            }
        }
        Ok(Ok(SpannedMap(entries)))
    }
}

/// The container read, or the shape found instead (read whole).
struct Read<C>(Result<C, Shape>);

impl<'de, C: Container<'de>> Deserialize<'de> for Read<C> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ReadVisitor<C>(std::marker::PhantomData<C>);
        impl<'de, C: Container<'de>> Visitor<'de> for ReadVisitor<C> {
            type Value = Read<C>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(C::EXPECTING)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Read<C>, A::Error> {
                C::from_seq(seq).map(Read)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Read<C>, A::Error> {
                C::from_map(map).map(Read)
            }
            fn visit_str<E>(self, v: &str) -> Result<Read<C>, E> {
                Ok(Read(Err(Shape::Text(v.to_owned()))))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Read<C>, E> {
                Ok(Read(Err(Shape::Bool(v))))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Read<C>, E> {
                Ok(Read(Err(Shape::Text(v.to_string()))))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Read<C>, E> {
                Ok(Read(Err(Shape::Text(v.to_string()))))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Read<C>, E> {
                Ok(Read(Err(Shape::Text(v.to_string()))))
            }
            fn visit_unit<E>(self) -> Result<Read<C>, E> {
                Ok(Read(if C::NULL_IS_EMPTY {
                    Ok(C::default())
                } else {
                    Err(Shape::Null)
                }))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Read<C>, E> {
                self.visit_unit()
            }
        }
        d.deserialize_any(ReadVisitor(std::marker::PhantomData))
    }
}

/// A container field: what it holds, or, when something else was written,
/// a note (`expected`, and what was found) and an empty container.
fn container<'de, D, C>(deserializer: D, expected: &'static str) -> Result<C, D::Error>
where
    D: Deserializer<'de>,
    C: Container<'de>,
{
    let value = Spanned::<Read<C>>::deserialize(deserializer)?;
    match value.value.0 {
        Ok(read) => Ok(read),
        Err(shape) => {
            note(
                value.loc,
                Problem::Shape {
                    expected,
                    found: shape.describe(),
                },
            );
            Ok(C::default())
        }
    }
}

/// A boolean, YAML 1.2 core: `true`, `True`, `TRUE`, `false`... (the parser
/// runs with strict booleans, so `yes`, `no`, `on` and `off` arrive as words
/// and are noted). For a required field, use without `default`.
pub fn flag<'de, D>(deserializer: D) -> Result<Option<Spanned<bool>>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(boolean(Spanned::<Shape>::deserialize(deserializer)?, false))
}

/// A required boolean (an outage's `planned`): a bad or empty value is
/// noted and read as unknown (`None`, at the value's place), so the record
/// still counts in every rule that does not depend on it.
pub fn required_flag<'de, D>(deserializer: D) -> Result<Spanned<Option<bool>>, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Spanned::<Shape>::deserialize(deserializer)?;
    let loc = value.loc;
    Ok(Spanned::new(boolean(value, true).map(|b| b.value), loc))
}

fn boolean(value: Spanned<Shape>, required: bool) -> Option<Spanned<bool>> {
    let loc = value.loc;
    if loc == MISSING_AT {
        name_allowed(&["true", "false"]);
        return None;
    }
    match value.value {
        Shape::Bool(b) => Some(Spanned::new(b, loc)),
        Shape::Null => {
            if required {
                note(loc, Problem::Empty);
            }
            None
        }
        Shape::Text(t) => {
            note(
                loc,
                Problem::NotBoolean {
                    written: shorten(&t),
                },
            );
            None
        }
        other => {
            note(
                loc,
                Problem::Shape {
                    expected: "true or false",
                    found: other.describe(),
                },
            );
            None
        }
    }
}

/// What [`text_fields`] read: each field's text, in the order asked for.
pub type TextFields = Vec<Option<Text>>;

/// A small mapping of text values (a contact: `name`, `email`; a window:
/// `from`, `to`), read so that
/// one bad part of it is one note and the record it is in stays: a key
/// outside `fields` is noted and left out, a value that is not text is
/// noted, a required key left out is noted at the mapping. Gives the texts
/// in the order of `fields` (none of them, noted, when the value is not a
/// mapping at all), at the value's place; `None` for an empty value, which
/// is the same as leaving the key out.
pub fn text_fields<'de, D>(
    deserializer: D,
    fields: &'static [&'static str],
    required: &'static [&'static str],
    expected: &'static str,
) -> Result<Option<Spanned<TextFields>>, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Spanned::<Shape>::deserialize(deserializer)?;
    let loc = value.loc;
    let entries = match value.value {
        Shape::Map(entries) => entries,
        Shape::Null => return Ok(None),
        shape => {
            note(
                loc,
                Problem::Shape {
                    expected,
                    found: shape.describe(),
                },
            );
            return Ok(Some(Spanned::new(vec![None; fields.len()], loc)));
        }
    };
    let mut texts: Vec<Option<Text>> = vec![None; fields.len()];
    // A value written but unreadable was noted already: only a key left out
    // is reported missing.
    let mut written = vec![false; fields.len()];
    for (key, value) in entries {
        let Some(at) = fields.iter().position(|f| *f == key.as_str()) else {
            note(
                key.loc,
                Problem::UnknownField {
                    field: shorten(key.as_str()),
                    expected: fields,
                },
            );
            continue;
        };
        written[at] = true;
        texts[at] = text_of(value, "a single value");
    }
    for field in required {
        let at = fields.iter().position(|f| f == field);
        if at.is_some_and(|at| !written[at]) {
            note(loc, Problem::Missing { field });
        }
    }
    Ok(Some(Spanned::new(texts, loc)))
}

/// Service or support hours (an Availability's `service`, `support`): the
/// word `24x7` (any other word is checked by the model, EP005), or a mapping
/// `{days, from, to}` read part by part. A key outside the three is noted
/// and left out; a part that is not text (a list of days for `days`) is
/// noted and left out; a part left out is noted at the mapping. The parts
/// that could be read are kept, so the model still checks them, and the
/// Availability stays: its environment, backups and cut-offs still count.
pub fn hours<'de, D>(deserializer: D) -> Result<Spanned<Hours>, D::Error>
where
    D: Deserializer<'de>,
{
    Spanned::<Shape>::deserialize(deserializer).map(hours_of)
}

/// Optional hours (`support`): empty is absent, anything else as [`hours`].
pub fn optional_hours<'de, D>(deserializer: D) -> Result<Option<Spanned<Hours>>, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Spanned::<Shape>::deserialize(deserializer)?;
    Ok((!matches!(value.value, Shape::Null)).then(|| hours_of(value)))
}

fn hours_of(value: Spanned<Shape>) -> Spanned<Hours> {
    let loc = value.loc;
    if loc == MISSING_AT {
        return Spanned::new(Hours::Unreadable, loc);
    }
    let hours = match value.value {
        Shape::Map(entries) => Hours::Weekly(weekly(loc, entries)),
        Shape::Text(word) => Hours::Named(word),
        Shape::Null => {
            note(loc, Problem::Empty);
            Hours::Unreadable
        }
        shape => {
            note(
                loc,
                Problem::Shape {
                    expected: "24x7 or a mapping with days, from and to",
                    found: shape.describe(),
                },
            );
            Hours::Unreadable
        }
    };
    Spanned::new(hours, loc)
}

const HOURS_FIELDS: &[&str] = &["days", "from", "to"];

fn weekly(loc: Loc, entries: Vec<(Text, Spanned<Shape>)>) -> WeeklyHours {
    let mut hours = WeeklyHours {
        days: None,
        from: None,
        to: None,
    };
    // A part written but unreadable was noted already: only a part left
    // out is reported missing.
    let mut written = [false; 3];
    for (key, value) in entries {
        if let Some(at) = HOURS_FIELDS.iter().position(|f| *f == key.as_str()) {
            written[at] = true;
        }
        match key.as_str() {
            "days" => hours.days = days(value),
            "from" => hours.from = time_text(value),
            "to" => hours.to = time_text(value),
            _ => note(
                key.loc,
                Problem::UnknownField {
                    field: shorten(key.as_str()),
                    expected: HOURS_FIELDS,
                },
            ),
        }
    }
    for (field, written) in HOURS_FIELDS.iter().zip(written) {
        if !written {
            note(loc, Problem::Missing { field });
        }
    }
    hours
}

/// A time of day as text (checked by the model), or a note.
fn time_text(value: Spanned<Shape>) -> Option<Text> {
    text_of(value, "a time of day such as \"09:00\"")
}

/// A part of a nested mapping as text, or a note: empty, or `expected`
/// where something else was written.
fn text_of(value: Spanned<Shape>, expected: &'static str) -> Option<Text> {
    match value.value {
        Shape::Text(t) if !t.trim().is_empty() => Some(Spanned::new(t.as_str().into(), value.loc)),
        Shape::Text(_) | Shape::Null => {
            note(value.loc, Problem::Empty);
            None
        }
        other => {
            note(
                value.loc,
                Problem::Shape {
                    expected,
                    found: other.describe(),
                },
            );
            None
        }
    }
}

/// A range of days (`mon-fri`) or a list of days, as text (the days
/// themselves are checked by the model), or a note.
fn days(value: Spanned<Shape>) -> Option<Spanned<Days>> {
    let loc = value.loc;
    match value.value {
        Shape::Text(t) if !t.trim().is_empty() => Some(Spanned::new(Days::Range(t), loc)),
        Shape::List(items) => {
            let mut list = Vec::with_capacity(items.len());
            let mut readable = true;
            for item in items {
                match item.value {
                    Shape::Text(t) => list.push(Spanned::new(t.as_str().into(), item.loc)),
                    other => {
                        readable = false;
                        note(
                            item.loc,
                            Problem::Shape {
                                expected: "a day such as mon",
                                found: other.describe(),
                            },
                        );
                    }
                }
            }
            readable.then(|| Spanned::new(Days::List(list), loc))
        }
        Shape::Text(_) | Shape::Null => {
            note(loc, Problem::Empty);
            None
        }
        other => {
            note(
                loc,
                Problem::Shape {
                    expected: "a range of days such as mon-fri, or a list such as [mon, wed]",
                    found: other.describe(),
                },
            );
            None
        }
    }
}

/// A list of texts (an environment's `stages`, a participant's `roles`, an
/// interval's `participants`...). A single value or nothing written where
/// the list belongs would fail the whole record, so in the lenient pass
/// (see [`reading_text_as_any`]) it is noted at its place, whose hint says
/// how to write it as a list, and the list holds one [`INVALID`] there: the
/// record still counts, and whatever the model or the rules would say about
/// that stand-in is not said. The fast pass reads the list as before.
pub fn texts<'de, D>(deserializer: D) -> Result<Vec<Text>, D::Error>
where
    D: Deserializer<'de>,
{
    texts_of(deserializer, false)
}

/// [`texts`]; nothing written where a `required` list belongs is noted as
/// a value missing, and where an optional one does as an empty list.
fn texts_of<'de, D>(deserializer: D, required: bool) -> Result<Vec<Text>, D::Error>
where
    D: Deserializer<'de>,
{
    if !text_as_any() {
        return Vec::<Text>::deserialize(deserializer);
    }
    let value = Spanned::<Read<TextList>>::deserialize(deserializer)?;
    let loc = value.loc;
    match value.value.0 {
        Ok(TextList(list)) => Ok(list),
        Err(shape) => {
            let empty = if required {
                Problem::Empty
            } else {
                Problem::EmptyList
            };
            if let Some(problem) = misfit(loc, shape, "a list", empty) {
                note_in_place_of(loc, problem);
            }
            Ok(vec![Spanned::new(INVALID.into(), loc)])
        }
    }
}

/// What to note of a value written where a container belongs that is not
/// one: `empty` for nothing, the shape found otherwise; `None` when the
/// field was left out, which is noted already (see [`Required`]).
fn misfit(loc: Loc, shape: Shape, expected: &'static str, empty: Problem) -> Option<Problem> {
    (loc != MISSING_AT).then(|| match shape {
        Shape::Null => empty,
        shape => Problem::Shape {
            expected,
            found: shape.describe(),
        },
    })
}

/// A list of mappings (cut-offs, technical contacts, appointments): a
/// single value or a mapping where the list belongs is noted at its place,
/// and the list is empty; the record still counts.
pub fn items<'de, D, T>(deserializer: D) -> Result<Vec<Spanned<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    if !text_as_any() {
        return fast(deserializer);
    }
    list_of::<_, Structs<T>, T>(deserializer, None, |s| s.0)
}

/// The fast pass (see [`reading_text_as_any`]) reads a container as serde
/// does: a value of the wrong shape fails the record there, and the file is
/// read again with the readers here, which note it instead. Both read a good
/// value alike (a unit test in `load` checks it), and the fast pass does not
/// pay for reading every value through [`Read`].
fn fast<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize(deserializer)
}

/// [`items`], where a value that is not a list is noted as a stand-in and
/// the list holds `stand_in` of its place (a connection to an environment
/// that is not known: see `entries::connections`).
pub fn items_or<'de, D, T>(
    deserializer: D,
    stand_in: Option<fn(Loc) -> T>,
) -> Result<Vec<Spanned<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    if !text_as_any() {
        return fast(deserializer);
    }
    list_of::<_, Items<T>, T>(deserializer, stand_in, |i| i.0)
}

/// A list read as the container `C`: see [`items_or`].
fn list_of<'de, D, C, T>(
    deserializer: D,
    stand_in: Option<fn(Loc) -> T>,
    take: fn(C) -> Vec<Spanned<T>>,
) -> Result<Vec<Spanned<T>>, D::Error>
where
    D: Deserializer<'de>,
    C: Container<'de>,
{
    let value = Spanned::<Read<C>>::deserialize(deserializer)?;
    let loc = value.loc;
    match value.value.0 {
        Ok(list) => Ok(take(list)),
        Err(shape) => {
            if let Some(problem) = misfit(loc, shape, "a list", Problem::EmptyList) {
                push(Note {
                    loc,
                    problem,
                    placeholder: stand_in.is_some().then_some(loc),
                });
            }
            Ok(stand_in
                .map(|make| vec![Spanned::new(make(loc), loc)])
                .unwrap_or_default())
        }
    }
}

/// The list [`items`] reads.
struct Items<T>(Vec<Spanned<T>>);

impl<T> Default for Items<T> {
    fn default() -> Self {
        Items(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Container<'de> for Items<T> {
    const EXPECTING: &'static str = "a list";
    const NULL_IS_EMPTY: bool = false;

    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Result<Self, Shape>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Spanned<T>>()? {
            out.push(item);
        }
        Ok(Ok(Items(out)))
    }
}

/// The list [`items`] reads: each entry a mapping, and an entry that is
/// not one noted and left out.
struct Structs<T>(Vec<Spanned<T>>);

impl<T> Default for Structs<T> {
    fn default() -> Self {
        Structs(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Container<'de> for Structs<T> {
    const EXPECTING: &'static str = "a list";
    const NULL_IS_EMPTY: bool = false;

    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Result<Self, Shape>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Spanned<Read<One<T>>>>()? {
            if let Some(value) = one_of(item, MAPPING_ENTRIES, true, false) {
                out.push(value);
            }
        }
        Ok(Ok(Structs(out)))
    }
}

/// An optional mapping inside a record (`readiness`, `pki_officers`, a
/// milestone's `applies_to`...): a list or a single value where it belongs
/// is noted at its place and read as absent; the record still counts.
/// Empty is absent, as it always was.
pub fn mapping<'de, D, T>(deserializer: D) -> Result<Option<Spanned<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    if !text_as_any() {
        return fast(deserializer);
    }
    Ok(one_of(
        Spanned::<Read<One<T>>>::deserialize(deserializer)?,
        "a mapping",
        false,
        false,
    ))
}

/// A mapping from keys to mappings (a participant's `connectivity`, per
/// environment): a value of the wrong shape is noted and its entry keeps
/// the key with an empty stand-in at that place (so that what it would have
/// said is not taken as unsaid); a value that is not a mapping at all is
/// noted and read as empty.
pub fn mappings<'de, D, T>(deserializer: D) -> Result<SpannedMap<Spanned<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    if !text_as_any() {
        return fast(deserializer);
    }
    let value = Spanned::<Read<Mappings<T>>>::deserialize(deserializer)?;
    let loc = value.loc;
    match value.value.0 {
        Ok(Mappings(map)) => Ok(map),
        // Not a mapping at all: one entry, of a key that could not be read,
        // stands for all it may have said.
        Err(shape) => {
            if let Some(problem) = misfit(loc, shape, "a mapping", Problem::Empty) {
                note_in_place_of(loc, problem);
            }
            let key = Spanned::new(INVALID.into(), loc);
            Ok(SpannedMap(vec![(key, Spanned::new(T::default(), loc))]))
        }
    }
}

/// An optional mapping of keys to texts (a participant's `milestones`):
/// a value that is not a mapping is noted and read as empty.
pub fn text_map<'de, D>(deserializer: D) -> Result<SpannedMap<Text>, D::Error>
where
    D: Deserializer<'de>,
{
    if !text_as_any() {
        return fast(deserializer);
    }
    let value = Spanned::<Read<TextMap>>::deserialize(deserializer)?;
    match value.value.0 {
        Ok(TextMap(map)) => Ok(map),
        Err(Shape::Null) => Ok(SpannedMap::default()),
        Err(shape) => {
            if let Some(problem) = misfit(value.loc, shape, "a mapping", Problem::Empty) {
                note(value.loc, problem);
            }
            Ok(SpannedMap::default())
        }
    }
}

/// What a list of mappings (`technical_contacts`, `cutoffs`) is.
const MAPPING_ENTRIES: &str = "a list whose entries are mappings";

/// A mapping read as `T`, at its place; anything else noted (`expected`)
/// and `None`. Nothing written is `None`, noted only when `empty_is_bad`.
/// When the caller puts a stand-in at the place, `in_place` says so in
/// the note (see [`Note::placeholder`]).
fn one_of<T>(
    value: Spanned<Read<One<T>>>,
    expected: &'static str,
    empty_is_bad: bool,
    in_place: bool,
) -> Option<Spanned<T>> {
    let loc = value.loc;
    let problem = match value.value.0 {
        Ok(One(Some(inner))) => return Some(Spanned::new(inner, loc)),
        Ok(One(None)) | Err(Shape::Null) if !empty_is_bad => return None,
        Ok(One(None)) | Err(Shape::Null) => Problem::Empty,
        Err(shape) => Problem::Shape {
            expected,
            found: if expected == MAPPING_ENTRIES {
                format!("this entry is {}", shape.describe())
            } else {
                shape.describe()
            },
        },
    };
    push(Note {
        loc,
        problem,
        placeholder: in_place.then_some(loc),
    });
    None
}

/// One mapping, read as the struct `T` with its keys checked as a
/// record's are (`known`), or the shape found instead.
struct One<T>(Option<T>);

impl<T> Default for One<T> {
    fn default() -> Self {
        One(None)
    }
}

impl<'de, T: Deserialize<'de>> Container<'de> for One<T> {
    const EXPECTING: &'static str = "a mapping";

    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Result<Self, Shape>, A::Error> {
        let read = T::deserialize(super::known::Filtered(
            serde::de::value::MapAccessDeserializer::new(map),
        ))?;
        Ok(Ok(One(Some(read))))
    }
}

/// The mapping [`mappings`] reads.
struct Mappings<T>(SpannedMap<Spanned<T>>);

impl<T> Default for Mappings<T> {
    fn default() -> Self {
        Mappings(SpannedMap::default())
    }
}

impl<'de, T: Deserialize<'de> + Default> Container<'de> for Mappings<T> {
    const EXPECTING: &'static str = "a mapping";

    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Result<Self, Shape>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(key) = map.next_key::<Text>()? {
            let value = map.next_value::<Spanned<Read<One<T>>>>()?;
            let loc = value.loc;
            let value = one_of(value, "a mapping", true, true)
                .unwrap_or_else(|| Spanned::new(T::default(), loc));
            entries.push((key, value));
        }
        Ok(Ok(Mappings(SpannedMap(entries))))
    }
}

/// An optional list of texts whose absence means something (an
/// environment's `roles` absent: open to every role), read as [`texts`].
pub fn given_texts<'de, D>(deserializer: D) -> Result<Option<Vec<Text>>, D::Error>
where
    D: Deserializer<'de>,
{
    texts(deserializer).map(Some)
}

/// The list [`texts`] reads, entry by entry.
#[derive(Default)]
struct TextList(Vec<Text>);

impl<'de> Container<'de> for TextList {
    const EXPECTING: &'static str = "a list";
    const NULL_IS_EMPTY: bool = false;

    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Result<Self, Shape>, A::Error> {
        let mut out = Vec::new();
        while let Some(text) = seq.next_element::<Text>()? {
            out.push(text);
        }
        Ok(Ok(TextList(out)))
    }
}
