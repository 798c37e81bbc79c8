//! Typed indices and the tables they index.
//!
//! The registry holds each kind's records in one list, and the model holds
//! each kind's facts in another list of the same length and order, so a
//! record and its facts share an index. With plain `usize` indices nothing
//! stopped an environment's index from looking up a participant; an
//! [`Ix<K>`] only indexes a [`Table<K, _>`] of the same kind `K`. The kind is
//! a marker type (the registry uses each record's own type), never stored:
//! an index is a `u32`, half the size of a `usize`.
//!
//! A leaf, like `position`: `registry` and `model` both build on it.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// The index of a record of kind `K` within its kind's list.
pub struct Ix<K> {
    raw: u32,
    // `fn() -> K`: an index neither owns a `K` nor depends on `K` being
    // `Send`, `Sync` or `Copy`.
    kind: PhantomData<fn() -> K>,
}

impl<K> Ix<K> {
    /// The index at `position`; a registry has fewer than 2^32 records of a kind.
    pub fn new(position: usize) -> Self {
        Ix::from_raw(u32::try_from(position).expect("fewer than 2^32 records of a kind"))
    }

    pub const fn from_raw(raw: u32) -> Self {
        Ix {
            raw,
            kind: PhantomData,
        }
    }

    /// The position in its list (for output that numbers records, and for
    /// per-kind side tables such as bit sets).
    pub const fn index(self) -> usize {
        self.raw as usize
    }

    pub const fn raw(self) -> u32 {
        self.raw
    }
}

// Written out rather than derived: a derive would require `K` itself to be
// `Clone`, `Eq` and so on, and the markers are record types that need not be.
impl<K> Clone for Ix<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K> Copy for Ix<K> {}
impl<K> PartialEq for Ix<K> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}
impl<K> Eq for Ix<K> {}
impl<K> PartialOrd for Ix<K> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<K> Ord for Ix<K> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.raw.cmp(&other.raw)
    }
}
impl<K> Hash for Ix<K> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}
impl<K> Default for Ix<K> {
    fn default() -> Self {
        Ix::from_raw(0)
    }
}
impl<K> fmt::Debug for Ix<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.raw)
    }
}

/// A list indexed by [`Ix<K>`]: `table[ix]`, and iteration that yields the
/// index with each item, so that no caller counts positions by hand.
pub struct Table<K, T> {
    items: Vec<T>,
    kind: PhantomData<fn() -> K>,
}

impl<K, T> Table<K, T> {
    pub const fn new() -> Self {
        Table {
            items: Vec::new(),
            kind: PhantomData,
        }
    }

    pub fn with_capacity(capacity: usize) -> Self {
        Table {
            items: Vec::with_capacity(capacity),
            kind: PhantomData,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Add an item; returns its index.
    pub fn push(&mut self, item: T) -> Ix<K> {
        let ix = Ix::new(self.items.len());
        self.items.push(item);
        ix
    }

    pub fn get(&self, ix: Ix<K>) -> Option<&T> {
        self.items.get(ix.index())
    }

    pub fn get_mut(&mut self, ix: Ix<K>) -> Option<&mut T> {
        self.items.get_mut(ix.index())
    }

    pub fn first(&self) -> Option<&T> {
        self.items.first()
    }

    /// The items in order, without their indices.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// Every index, in order.
    pub fn indices(&self) -> impl DoubleEndedIterator<Item = Ix<K>> + ExactSizeIterator {
        (0..self.items.len()).map(Ix::new)
    }

    /// Every item with its index, in order.
    pub fn indexed(
        &self,
    ) -> impl DoubleEndedIterator<Item = (Ix<K>, &T)> + ExactSizeIterator + Clone + '_ {
        self.items
            .iter()
            .enumerate()
            .map(|(i, item)| (Ix::new(i), item))
    }

    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// Keep the items for which `keep` is true. Indices of later items change.
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.items.retain(keep);
    }

    pub fn truncate(&mut self, len: usize) {
        self.items.truncate(len);
    }

    /// A table of the same kind, one item per item of this one.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Table<K, U> {
        self.items.iter().map(f).collect()
    }
}

impl<K, T> Index<Ix<K>> for Table<K, T> {
    type Output = T;
    fn index(&self, ix: Ix<K>) -> &T {
        &self.items[ix.index()]
    }
}

impl<K, T> IndexMut<Ix<K>> for Table<K, T> {
    fn index_mut(&mut self, ix: Ix<K>) -> &mut T {
        &mut self.items[ix.index()]
    }
}

impl<K, T> Default for Table<K, T> {
    fn default() -> Self {
        Table::new()
    }
}

impl<K, T: Clone> Clone for Table<K, T> {
    fn clone(&self) -> Self {
        Table {
            items: self.items.clone(),
            kind: PhantomData,
        }
    }
}

impl<K, T: fmt::Debug> fmt::Debug for Table<K, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<K, T> FromIterator<T> for Table<K, T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Table {
            items: iter.into_iter().collect(),
            kind: PhantomData,
        }
    }
}

impl<K, T> Extend<T> for Table<K, T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.items.extend(iter);
    }
}

impl<K, T> From<Vec<T>> for Table<K, T> {
    fn from(items: Vec<T>) -> Self {
        Table {
            items,
            kind: PhantomData,
        }
    }
}

impl<'a, K, T> IntoIterator for &'a Table<K, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<K, T> IntoIterator for Table<K, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, K, T> IntoIterator for &'a mut Table<K, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    enum A {}

    #[test]
    fn indices_follow_positions() {
        let mut t: Table<A, &str> = Table::new();
        let x = t.push("x");
        let y = t.push("y");
        assert_eq!((x.index(), y.index()), (0, 1));
        assert_eq!((t[x], t[y]), ("x", "y"));
        let pairs: Vec<(usize, &str)> = t.indexed().map(|(i, s)| (i.index(), *s)).collect();
        assert_eq!(pairs, [(0, "x"), (1, "y")]);
        assert_eq!(t.indices().collect::<Vec<_>>(), [x, y]);
        assert!(x < y);
        assert_eq!(std::mem::size_of::<Ix<A>>(), 4);
        assert_eq!(std::mem::size_of::<Option<Ix<A>>>(), 8);
    }
}
