//! Finding records by id.

use crate::registry::document::Kind;
use crate::registry::Registry;

/// Each kind's records as indices sorted by id. A hash map from id to index
/// took four times the memory (it was the largest thing the model added to
/// the registry), and a binary search is quick enough for the references a
/// registry makes.
#[derive(Debug)]
pub struct IdIndex<'r> {
    reg: &'r Registry,
    by_kind: [Vec<u32>; Kind::ALL.len()],
}

impl<'r> IdIndex<'r> {
    pub fn new(reg: &'r Registry) -> Self {
        let by_kind = Kind::ALL.map(|kind| {
            let count = u32::try_from(reg.count(kind)).expect("fewer than 2^32 records");
            let mut order: Vec<u32> = (0..count).collect();
            // An id that could not be read (EP003) names nothing: a
            // reference that happens to spell the stand-in finds nothing.
            if reg.has_unreadable() {
                order.retain(|&i| !reg.id_unreadable_at(kind, i as usize));
            }
            // Stable: of records sharing an id (loading keeps only the first), the first is found.
            order.sort_by_key(|&i| reg.id_at(kind, i as usize));
            order
        });
        IdIndex { reg, by_kind }
    }

    /// The position of the record of `kind` with this id (the kind is known
    /// only at run time here; `Model::find` gives it its type).
    pub fn get(&self, kind: Kind, id: &str) -> Option<u32> {
        let order = &self.by_kind[kind as usize];
        let at = order.partition_point(|&i| self.reg.id_at(kind, i as usize) < id);
        order
            .get(at)
            .copied()
            .filter(|&i| self.reg.id_at(kind, i as usize) == id)
    }

    /// Every id of `kind`, in id order.
    pub fn ids(&self, kind: Kind) -> impl Iterator<Item = &'r str> + '_ {
        self.by_kind[kind as usize]
            .iter()
            .map(move |&i| self.reg.id_at(kind, i as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_id_and_nothing_else() {
        let texts = vec![(
            "envs.yaml".to_owned(),
            ["B", "A", "C", "AA"]
                .iter()
                .map(|id| {
                    format!(
                        "kind: Environment\nid: {id}\nname: n\nowner: X\nphase: sit\nstages: [s]\n"
                    )
                })
                .collect::<Vec<_>>()
                .join("---\n"),
        )];
        let loading = Registry::from_texts(std::path::Path::new("."), texts);
        let index = IdIndex::new(&loading.registry);
        for (i, id) in ["B", "A", "C", "AA"].iter().enumerate() {
            assert_eq!(index.get(Kind::Environment, id), Some(i as u32));
        }
        assert_eq!(index.get(Kind::Environment, "AB"), None);
        assert_eq!(index.get(Kind::Environment, ""), None);
        assert_eq!(index.get(Kind::Environment, "D"), None);
        assert_eq!(index.get(Kind::Participant, "A"), None);
        let ids: Vec<&str> = index.ids(Kind::Environment).collect();
        assert_eq!(ids, ["A", "AA", "B", "C"]);
    }
}
