//! What a planner produces: ordered steps, each with its up and down statements, how risky
//! it is to run on a live database and why, and the queries that count the rows a new
//! constraint would reject, so a team can look before it runs.

use serde::Serialize;

use crate::generate::sql::FidelityNote;
use crate::model::Dialect;

/// How a step treats a live database, from harmless to unrecoverable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Safety {
    /// Catalog only, or brief locks that do not wait on readers or writers for long.
    Safe,
    /// Holds a lock that blocks writes (or reads) while it scans or builds.
    Locks,
    /// Copies or rewrites every row of the table under a lock.
    Rewrites,
    /// Destroys data (a dropped column or table) that its down step cannot bring back.
    LosesData,
    /// Cannot be undone by the down migration at all.
    Irreversible,
}

impl Safety {
    pub fn label(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Locks => "locks the table",
            Safety::Rewrites => "rewrites the table",
            Safety::LosesData => "loses data",
            Safety::Irreversible => "irreversible",
        }
    }
}

/// A query that counts the rows of the database a step would fail on (or lose).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Preflight {
    /// What the count is of, e.g. `rows of orders where user_id is null`.
    pub what: String,
    /// A query returning one number: the rows that would violate the step.
    pub query: String,
}

/// One direction of a step: its statements and what running them risks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Body {
    pub statements: Vec<String>,
    pub safety: Option<Safety>,
    /// One line: why the step has its safety class.
    pub why: String,
    pub preflight: Vec<Preflight>,
    /// False when a statement cannot run inside a transaction (`CREATE INDEX CONCURRENTLY`).
    pub transactional: bool,
}

impl Body {
    pub fn new(safety: Safety, why: impl Into<String>) -> Body {
        Body {
            statements: Vec::new(),
            safety: Some(safety),
            why: why.into(),
            preflight: Vec::new(),
            transactional: true,
        }
    }

    pub fn push(&mut self, statement: impl Into<String>) -> &mut Body {
        self.statements.push(statement.into());
        self
    }

    pub fn safety(&self) -> Safety {
        self.safety.unwrap_or(Safety::Safe)
    }

    /// Takes `safety` and its reason when it is worse than the body's (or no reason is
    /// given yet): a step with several statements is as risky as its riskiest.
    pub fn raise(&mut self, safety: Safety, why: &str) {
        if safety > self.safety() || self.why.is_empty() {
            self.safety = Some(safety);
            self.why = why.to_string();
        }
    }
}

/// One change to the database, both ways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// What the step does, e.g. `add column orders.placed_at`.
    pub title: String,
    pub up: Body,
    pub down: Body,
}

/// How a plan writes risky changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The way careful teams write them: indexes built concurrently, constraints added
    /// `NOT VALID` and validated, NOT NULL through a validated check, timeouts set.
    #[default]
    Safe,
    /// Plain statements.
    Simple,
}

/// The ordered steps from one version of a model to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub dialect: Dialect,
    pub mode: Mode,
    /// Statements before the steps of either direction (timeouts, pragmas).
    pub prelude: Vec<String>,
    /// Statements after the steps of either direction.
    pub epilogue: Vec<String>,
    pub steps: Vec<Step>,
    /// Queries that fail unless the up migration has run: each table it creates or changes,
    /// selected by every column it has afterwards (sqitch's verify scripts).
    pub verify: Vec<String>,
    /// What the target could not hold of either version.
    pub notes: Vec<FidelityNote>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The up migration as one script.
    pub fn up_script(&self) -> String {
        self.script(self.steps.iter().map(|s| (s.title.clone(), &s.up)))
    }

    /// The down migration as one script: each step's down, last step first.
    pub fn down_script(&self) -> String {
        self.script(
            self.steps
                .iter()
                .rev()
                .map(|s| (format!("undo {}", s.title), &s.down)),
        )
    }

    /// The riskiest class among the up steps.
    pub fn up_safety(&self) -> Safety {
        self.steps
            .iter()
            .map(|s| s.up.safety())
            .max()
            .unwrap_or(Safety::Safe)
    }

    /// True when running the down migration destroys data the up migration created (a
    /// table or column it added), so exporting it asks first.
    pub fn down_loses_data(&self) -> bool {
        self.steps
            .iter()
            .any(|s| s.down.safety() >= Safety::LosesData)
    }

    /// The steps that destroy data one way or the other, with the direction: what an
    /// export asks the user to confirm.
    pub fn data_loss(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.steps {
            if s.up.safety() >= Safety::LosesData {
                out.push(format!("up: {} ({})", s.title, s.up.why));
            }
            if s.down.safety() >= Safety::LosesData {
                out.push(format!("down: {} ({})", s.title, s.down.why));
            }
        }
        out
    }

    /// False when some statement must run outside a transaction.
    pub fn transactional(&self, up: bool) -> bool {
        self.steps
            .iter()
            .all(|s| if up { &s.up } else { &s.down }.transactional)
            && !self
                .prelude
                .iter()
                .any(|p| p.starts_with("PRAGMA foreign_keys"))
    }

    fn script<'a>(&self, bodies: impl Iterator<Item = (String, &'a Body)>) -> String {
        let mut text = String::new();
        let end = |s: &str| {
            if self.dialect == Dialect::Mssql {
                format!("{s};\nGO\n")
            } else {
                format!("{s};\n")
            }
        };
        for p in &self.prelude {
            text.push_str(&end(p));
        }
        for (title, body) in bodies {
            // A step with nothing to run is written only when it says what cannot be done.
            if body.statements.is_empty() && body.safety() < Safety::Irreversible {
                continue;
            }
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!(
                "-- {title} [{}]{}\n",
                body.safety().label(),
                if body.why.is_empty() {
                    String::new()
                } else {
                    format!(": {}", body.why)
                }
            ));
            for p in &body.preflight {
                text.push_str(&format!(
                    "-- pre-flight, {} (expect 0):\n--   {};\n",
                    p.what,
                    p.query.replace('\n', "\n--   ")
                ));
            }
            for s in &body.statements {
                text.push_str(&end(s));
            }
        }
        if !self.epilogue.is_empty() {
            text.push('\n');
            for p in &self.epilogue {
                text.push_str(&end(p));
            }
        }
        text
    }
}
