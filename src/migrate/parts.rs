//! A plan cut into consecutive migrations for runners that send a whole file as one query
//! (dbmate, golang-migrate, Prisma). PostgreSQL runs a multi-statement query as one implicit
//! transaction, so `CREATE INDEX CONCURRENTLY` or `ALTER TYPE … ADD VALUE` fails there even
//! when the runner opens no transaction of its own. Each such statement gets a migration of
//! its own; the statements between them stay together.

use super::step::{Body, Plan, Step};
use crate::model::Dialect;

/// The plan as consecutive plans whose files such a runner can apply one after another and
/// roll back last first. A plan with nothing that must run alone is one part, itself; a
/// part that must run alone goes without the plan's session settings (timeouts), which
/// cannot share its query.
///
/// A step is cut into as many units as its longer direction has pieces: the k-th unit
/// runs the k-th piece of the up statements, and rolls back with the down pieces counted
/// from the end, so rolling the units back last first runs the step's down statements in
/// their order.
pub fn single_query_parts(plan: &Plan) -> Vec<Plan> {
    // Elsewhere a multi-statement query makes no transaction (MySQL commits each DDL
    // statement) or the runner splits it: nothing needs a file of its own.
    if plan.dialect != Dialect::Postgres {
        return vec![plan.clone()];
    }
    let mut groups: Vec<(Vec<Step>, bool)> = Vec::new();
    for step in &plan.steps {
        let ups = pieces(&step.up);
        let downs = pieces(&step.down);
        let n = ups.len().max(downs.len());
        for k in 0..n {
            let unit = Step {
                title: if n > 1 {
                    format!("{} ({} of {n})", step.title, k + 1)
                } else {
                    step.title.clone()
                },
                up: ups.get(k).cloned().unwrap_or_else(|| rest(&step.up)),
                down: downs
                    .get(n - 1 - k)
                    .cloned()
                    .unwrap_or_else(|| rest(&step.down)),
            };
            let alone = !unit.up.transactional || !unit.down.transactional;
            match groups.last_mut() {
                Some((steps, true)) if !alone => steps.push(unit),
                _ => groups.push((vec![unit], !alone)),
            }
        }
    }
    if matches!(groups.as_slice(), [] | [(_, true)]) {
        return vec![plan.clone()];
    }
    let last = groups.len() - 1;
    groups
        .into_iter()
        .enumerate()
        .map(|(k, (steps, together))| Plan {
            dialect: plan.dialect,
            mode: plan.mode,
            // A statement that must run alone cannot share its query with session settings.
            prelude: if together {
                plan.prelude.clone()
            } else {
                Vec::new()
            },
            epilogue: if together {
                plan.epilogue.clone()
            } else {
                Vec::new()
            },
            steps,
            verify: if k == last {
                plan.verify.clone()
            } else {
                Vec::new()
            },
            notes: if k == 0 {
                plan.notes.clone()
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// A body as the pieces a runner must send separately: the whole body when it can run in a
/// transaction, else each statement alone (the pre-flight queries go with the first), those
/// that can share a transaction marked so.
fn pieces(body: &Body) -> Vec<Body> {
    if body.transactional || body.statements.len() <= 1 {
        return vec![body.clone()];
    }
    body.statements
        .iter()
        .enumerate()
        .map(|(k, s)| Body {
            statements: vec![s.clone()],
            preflight: if k == 0 {
                body.preflight.clone()
            } else {
                Vec::new()
            },
            transactional: !must_run_alone(s),
            ..body.clone()
        })
        .collect()
}

/// PostgreSQL's statements that cannot run in a transaction block (`CONCURRENTLY`), or whose
/// result cannot be used before it commits (an enum value added).
fn must_run_alone(statement: &str) -> bool {
    let upper = statement.to_ascii_uppercase();
    upper.contains(" CONCURRENTLY ")
        || (upper.starts_with("ALTER TYPE ") && upper.contains(" ADD VALUE "))
}

/// What a unit without a piece of its own in one direction runs that way: nothing, under
/// the step's safety, since another unit of the step does the work.
fn rest(body: &Body) -> Body {
    Body {
        statements: Vec::new(),
        safety: body.safety,
        why: "done by another part of this step".into(),
        preflight: Vec::new(),
        transactional: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::step::{Mode, Safety};

    fn body(statements: &[&str], transactional: bool) -> Body {
        let mut b = Body::new(Safety::Safe, "why");
        b.statements = statements.iter().map(|s| s.to_string()).collect();
        b.transactional = transactional;
        b
    }

    fn plan(steps: Vec<Step>) -> Plan {
        Plan {
            dialect: Dialect::Postgres,
            mode: Mode::Safe,
            prelude: vec!["SET lock_timeout = '5s'".into()],
            epilogue: Vec::new(),
            steps,
            verify: vec!["SELECT 1".into()],
            notes: Vec::new(),
        }
    }

    fn step(title: &str, up: Body, down: Body) -> Step {
        Step {
            title: title.into(),
            up,
            down,
        }
    }

    #[test]
    fn a_plan_that_runs_in_a_transaction_stays_whole() {
        let p = plan(vec![
            step("a", body(&["A1", "A2"], true), body(&["a"], true)),
            step("b", body(&["B"], true), body(&["b"], true)),
        ]);
        assert_eq!(single_query_parts(&p), vec![p]);
    }

    #[test]
    fn statements_that_must_run_alone_get_parts_of_their_own() {
        let p = plan(vec![
            step("t", body(&["T"], true), body(&["t"], true)),
            step(
                "unique",
                body(&["CREATE INDEX CONCURRENTLY ON t", "ADD CONSTRAINT"], false),
                body(&["DROP CONSTRAINT"], true),
            ),
            step("u", body(&["U"], true), body(&["u"], true)),
            step("v", body(&["V"], true), body(&["v"], true)),
        ]);
        let parts = single_query_parts(&p);
        let ups: Vec<Vec<String>> = parts
            .iter()
            .map(|p| {
                p.steps
                    .iter()
                    .flat_map(|s| s.up.statements.clone())
                    .collect()
            })
            .collect();
        // What can share a transaction is sent together: the constraint with U and V.
        assert_eq!(
            ups,
            vec![
                vec!["T".to_string()],
                vec!["CREATE INDEX CONCURRENTLY ON t".to_string()],
                vec![
                    "ADD CONSTRAINT".to_string(),
                    "U".to_string(),
                    "V".to_string()
                ],
            ]
        );
        // Rolled back last part first, the downs run in the plan's down order.
        let downs: Vec<String> = parts
            .iter()
            .rev()
            .flat_map(|p| {
                p.steps
                    .iter()
                    .rev()
                    .flat_map(|s| s.down.statements.clone())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(downs, ["v", "u", "DROP CONSTRAINT", "t"]);
        // Only the parts sent together carry the session settings; verify goes last.
        let preludes: Vec<bool> = parts.iter().map(|p| !p.prelude.is_empty()).collect();
        assert_eq!(preludes, [true, false, true]);
        assert!(parts[..2].iter().all(|p| p.verify.is_empty()));
        assert_eq!(parts[2].verify, p.verify);
    }

    #[test]
    fn a_lone_statement_goes_without_the_session_settings() {
        let p = plan(vec![step(
            "index",
            body(&["CREATE INDEX CONCURRENTLY ON t"], false),
            body(&["DROP INDEX CONCURRENTLY x"], false),
        )]);
        let parts = single_query_parts(&p);
        assert_eq!(parts.len(), 1);
        assert!(parts[0].prelude.is_empty());
        assert_eq!(parts[0].steps, p.steps);
    }

    #[test]
    fn a_down_with_more_pieces_than_its_up_runs_in_order() {
        let p = plan(vec![step(
            "drop unique",
            body(&["DROP CONSTRAINT"], true),
            body(&["CREATE INDEX CONCURRENTLY ON t", "ADD CONSTRAINT"], false),
        )]);
        let parts = single_query_parts(&p);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].steps[0].up.statements, ["DROP CONSTRAINT"]);
        assert!(parts[1].steps[0].up.statements.is_empty());
        assert_eq!(
            parts[1].steps[0].down.statements,
            ["CREATE INDEX CONCURRENTLY ON t"]
        );
        assert_eq!(parts[0].steps[0].down.statements, ["ADD CONSTRAINT"]);
    }
}
