//! Migrations between two versions of a document model: mongosh scripts, up and down, that
//! reshape the documents already stored (`updateMany` with `$set`, `$rename`, `$unset`, and
//! pipeline updates that restructure), put the new validator in place with `collMod`, and
//! create and drop indexes. Fields are matched by id, so a renamed or moved field is
//! renamed or moved, not dropped and added.

mod field_steps;
pub mod pipeline;
pub mod places;
mod plan;

pub use plan::plan_documents;

use serde::Serialize;

use super::step::{Safety, Step};

/// The ordered steps from one version of the collections to the next.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DocumentPlan {
    pub steps: Vec<Step>,
}

/// A step's safety as it reads for documents.
fn label(s: Safety) -> &'static str {
    match s {
        Safety::Safe => "safe",
        Safety::Locks => "blocks writes",
        Safety::Rewrites => "rewrites documents",
        Safety::LosesData => "loses data",
        Safety::Irreversible => "irreversible",
    }
}

impl DocumentPlan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The up migration as one mongosh script.
    pub fn up_script(&self) -> String {
        script("up", self.steps.iter().map(|s| (s.title.clone(), &s.up)))
    }

    /// The down migration: each step's down, last step first.
    pub fn down_script(&self) -> String {
        script(
            "down",
            self.steps
                .iter()
                .rev()
                .map(|s| (format!("undo {}", s.title), &s.down)),
        )
    }
}

fn script<'a>(
    direction: &str,
    bodies: impl Iterator<Item = (String, &'a super::step::Body)>,
) -> String {
    let mut text = format!("// Schemaforge document migration, {direction} (run with mongosh)\n");
    for (title, body) in bodies {
        if body.statements.is_empty() && body.why.is_empty() {
            continue;
        }
        text.push_str(&format!("\n// {title} [{}]", label(body.safety())));
        if !body.why.is_empty() {
            text.push_str(&format!(": {}", body.why));
        }
        text.push('\n');
        for s in &body.statements {
            text.push_str(s);
            if !s.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    text
}
