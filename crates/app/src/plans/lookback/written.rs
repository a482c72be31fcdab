//! A task as lists and papers write it: its units by name (the units the
//! task is divided among, else the division as the plan wrote it — phrases
//! such as 其他有关科室 are kept), its time limit read back from the read
//! model, and the texts its units reported.

use std::collections::HashMap;

use gongkai_domain::plan::{TaskAction, TaskEvent, TimeLimit};
use gongkai_store::{TaskRecord, TaskRow, Unit, UnitId};

/// The agency's unit names by id.
pub struct UnitNames(HashMap<UnitId, String>);

impl UnitNames {
    pub fn new(units: &[Unit]) -> UnitNames {
        UnitNames(
            units
                .iter()
                .map(|u| (u.id, u.name.as_str().to_string()))
                .collect(),
        )
    }

    fn names(&self, ids: &[UnitId]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| self.0.get(id).cloned())
            .collect()
    }

    /// The task's lead and partner units: the units it is divided among
    /// where it names any, else as its division text lists them.
    pub fn of(&self, t: &TaskRecord) -> (Vec<String>, Vec<String>) {
        let (lead_written, partners_written) = division_as_written(&t.division);
        let pick = |linked: Vec<String>, written: Vec<String>| {
            if linked.is_empty() { written } else { linked }
        };
        (
            pick(self.names(&t.row.lead), lead_written),
            pick(self.names(&t.row.partners), partners_written),
        )
    }
}

/// The lead and partner units of a division text as the importer writes it
/// (`牵头：A、B；配合：C`); a text in any other form is the lead as a whole
/// (`办公室牵头，各科室配合` stays one phrase).
pub fn division_as_written(division: &str) -> (Vec<String>, Vec<String>) {
    let split = |s: &str| -> Vec<String> {
        s.split(['、', '，', ','])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (mut lead, mut partners, mut other) = (Vec::new(), Vec::new(), Vec::new());
    for part in division
        .split('；')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if let Some(l) = part.strip_prefix("牵头：") {
            lead.extend(split(l));
        } else if let Some(p) = part.strip_prefix("配合：") {
            partners.extend(split(p));
        } else {
            other.push(part.to_string());
        }
    }
    if lead.is_empty() && partners.is_empty() {
        return (other, Vec::new());
    }
    (lead, partners)
}

/// The time limit the read model holds: its kind, checked on the due date
/// (a granted extension's date where there was one).
pub fn limit_of(row: &TaskRow) -> Option<TimeLimit> {
    Some(TimeLimit {
        kind: row.limit_kind?,
        check_on: row.due_on?,
    })
}

/// The text of the last completion report, if any.
pub fn completion_text(events: &[TaskEvent]) -> Option<String> {
    events.iter().rev().find_map(|e| match &e.action {
        TaskAction::CompletionReported { text, .. } => Some(text.clone()),
        _ => None,
    })
}

/// The text of the last report of progress or completion, if any.
pub fn last_report_text(events: &[TaskEvent]) -> Option<String> {
    events.iter().rev().find_map(|e| match &e.action {
        TaskAction::ProgressReported { text, .. } | TaskAction::CompletionReported { text, .. } => {
            Some(text.clone())
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_division_reads_as_the_importer_wrote_it() {
        assert_eq!(
            division_as_written("牵头：办公室、法规科；配合：其他有关科室和单位"),
            (
                strings(&["办公室", "法规科"]),
                strings(&["其他有关科室和单位"])
            )
        );
        assert_eq!(
            division_as_written("配合：财务科"),
            (vec![], strings(&["财务科"]))
        );
        assert_eq!(
            division_as_written("办公室牵头，各科室配合"),
            (strings(&["办公室牵头，各科室配合"]), vec![])
        );
        assert_eq!(division_as_written(""), (vec![], vec![]));
    }
}
