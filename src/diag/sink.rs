//! Where rules put their findings. The sink applies the Programme's severity
//! overrides, so no rule needs to know about them.

use std::collections::HashMap;

use super::codes::RuleSetting;

use super::codes::{Code, Severity};
use super::finding::Finding;

#[derive(Debug, Default)]
pub struct Sink {
    findings: Vec<Finding>,
    overrides: HashMap<Code, RuleSetting>,
}

impl Sink {
    pub fn new() -> Self {
        Self::default()
    }

    /// Set how `code` is reported from now on. Loading codes cannot be turned
    /// off (the caller reports an attempt); they become warnings at most.
    pub fn set_override(&mut self, code: Code, setting: RuleSetting) {
        self.overrides.insert(code, setting);
    }

    pub fn push(&mut self, mut finding: Finding) {
        match self.overrides.get(&finding.code) {
            Some(RuleSetting::Off) if !finding.code.is_loading() => return,
            Some(RuleSetting::Error) => finding.severity = Severity::Error,
            Some(RuleSetting::Warning) | Some(RuleSetting::Off) => {
                finding.severity = Severity::Warning
            }
            None => {}
        }
        self.findings.push(finding);
    }

    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        for finding in findings {
            self.push(finding);
        }
    }

    /// Take the findings so far, keeping the overrides for those to come.
    pub fn take(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_change_severity_or_drop() {
        let mut sink = Sink::new();
        sink.set_override(Code::EP205, RuleSetting::Off);
        sink.set_override(Code::EP101, RuleSetting::Warning);
        sink.set_override(Code::EP401, RuleSetting::Error);
        sink.set_override(Code::EP003, RuleSetting::Off);
        sink.push(Finding::new(Code::EP205, "outside"));
        sink.push(Finding::new(Code::EP101, "no manager"));
        sink.push(Finding::new(Code::EP401, "no defect"));
        sink.push(Finding::new(Code::EP003, "schema"));
        let got: Vec<_> = sink
            .into_findings()
            .into_iter()
            .map(|f| (f.code, f.severity))
            .collect();
        assert_eq!(
            got,
            vec![
                (Code::EP101, Severity::Warning),
                (Code::EP401, Severity::Error),
                (Code::EP003, Severity::Warning),
            ]
        );
    }
}
