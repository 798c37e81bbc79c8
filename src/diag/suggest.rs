//! "Did you mean" hints for near-miss names and references.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub fn closest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let score = strsim::jaro_winkler(&lower, &c.to_lowercase());
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// A help line: "did you mean `x`?" when one candidate is close.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// "did you mean `x`?" when one candidate is close, otherwise the whole list.
pub fn did_you_mean_list<'a, I>(input: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: Clone,
{
    let candidates = candidates.into_iter();
    did_you_mean(input, candidates.clone()).unwrap_or_else(|| {
        let all: Vec<String> = candidates.map(|c| format!("`{c}`")).collect();
        if all.is_empty() {
            "remove it".to_owned()
        } else {
            format!("expected one of {}", all.join(", "))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let envs = ["SIT-A", "SIT-B", "UIT", "DIP-PIT"];
        assert_eq!(closest("SIT-C", envs), Some("SIT-A"));
        assert_eq!(closest("sit-b", envs), Some("SIT-B"));
        assert_eq!(
            closest("participant", ["participants", "uses"]),
            Some("participants")
        );
        assert_eq!(closest("XYZZY", envs), None);
    }
}
