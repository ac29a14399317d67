//! The review page: one self-contained HTML file with the diagram (inline SVG), what the
//! rules find, the changes since a saved version and their migration, readable with no app
//! and no network. It runs no script: its Content-Security-Policy allows none, and every
//! name and comment is escaped text.

use std::fmt::Write;

use super::svg::{escape, scene_svg};
use crate::layout::auto_layout::layered_layout;
use crate::layout::scene::{build_scene, Scene};
use crate::layout::view::view_scene;
use crate::migrate::review::{review, ReviewRequest, CURRENT};
use crate::migrate::step::Mode;
use crate::model::{DiagramView, Project};
use crate::rules::{lint_project, Finding};

/// The page's policy: nothing loads or runs; inline styles only (the SVG carries its own).
pub const REVIEW_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE: &str = "\
body{font:14px/1.5 ui-sans-serif,system-ui,sans-serif;color:#1d2433;margin:0 auto;max-width:1200px;padding:24px}\
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e3e7ee}\
.summary{color:#4a5568}.diagram{overflow:auto;border:1px solid #e3e7ee;max-height:80vh}\
.diagram svg{display:block}table{border-collapse:collapse;width:100%}\
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eef0f3;vertical-align:top;overflow-wrap:anywhere}\
.error{color:#c53030}.warning{color:#b7791f}.info{color:#2b6cb0}\
pre{background:#f6f8fa;padding:12px;overflow:auto;font:12px ui-monospace,Menlo,Consolas,monospace}\
.safe{color:#2f855a}.risky{color:#c05621}";

/// The review page of `project`; with the changes from the saved version `from` (the
/// newest one when `None` and there is one) to the current model. Given a `view`, the
/// diagram is that view (its stubs name the tables outside it) and the findings are those
/// about its tables; the changes stay the whole project's, since a migration is.
pub fn review_page(
    project: &Project,
    from: Option<&str>,
    view: Option<&DiagramView>,
) -> Result<String, String> {
    let model = &project.model;
    let scene = match view {
        Some(view) => view_scene(model, view),
        None => whole_scene(project),
    };
    let mut findings = lint_project(project, &project.lint);
    if let Some(view) = view {
        findings.retain(|f| f.path.table.is_none_or(|t| view.members.contains(&t)));
    }
    let name = escape(&project.name);
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{REVIEW_CSP}\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Review: {name}</title><style>{STYLE}</style></head><body>\n\
         <h1>{name}</h1>\n<p class=\"summary\" data-testid=\"review-summary\">{} tables, {} collections, {} findings.</p>\n",
        model.tables.len(),
        model.collections.len(),
        findings.len()
    );
    match view {
        Some(view) => {
            let shown = scene.tables.len();
            let _ = write!(
                out,
                "<h2>Diagram: {}</h2>\n<p class=\"summary\" data-testid=\"review-view\">The view shows {shown} of {} tables and collections; the findings are those about them.</p>\n",
                escape(&view.name),
                model.tables.len() + model.collections.len(),
            );
        }
        None => out.push_str("<h2>Diagram</h2>\n"),
    }
    let _ = writeln!(
        out,
        "<div class=\"diagram\" data-testid=\"review-diagram\">{}</div>",
        scene_svg(&scene)
    );
    findings_section(&mut out, project, &findings);
    let from = from.or_else(|| project.versions.last().map(|v| v.name.as_str()));
    if let Some(from) = from {
        changes_section(&mut out, project, from)?;
    } else {
        out.push_str(
            "<h2>Changes</h2>\n<p data-testid=\"review-changes\">No saved version to compare with.</p>\n",
        );
    }
    out.push_str("</body></html>\n");
    Ok(out)
}

/// The whole diagram where the project places it, or laid out afresh when a box has no place.
fn whole_scene(project: &Project) -> Scene {
    let model = &project.model;
    let placed = model
        .tables
        .iter()
        .all(|t| project.layout.positions.contains_key(&t.id))
        && model
            .collections
            .iter()
            .all(|c| project.layout.positions.contains_key(&c.id));
    if placed {
        project.scene()
    } else {
        build_scene(model, &layered_layout(model))
    }
}

fn findings_section(out: &mut String, project: &Project, findings: &[Finding]) {
    out.push_str("<h2>Findings</h2>\n");
    if findings.is_empty() {
        out.push_str("<p data-testid=\"review-findings\">The rules find nothing.</p>\n");
        return;
    }
    out.push_str(
        "<table data-testid=\"review-findings\"><thead><tr><th>Rule</th><th>Severity</th>\
         <th>Where</th><th>Finding</th></tr></thead><tbody>\n",
    );
    for f in findings {
        let place = f
            .path
            .table
            .and_then(|id| project.model.table_by_id(id))
            .map(|t| t.qualified_name())
            .unwrap_or_default();
        let severity = f.severity.word();
        let _ = writeln!(
            out,
            "<tr><td>{} {}</td><td class=\"{severity}\">{severity}</td><td>{}</td><td>{}</td></tr>",
            escape(&f.code),
            escape(&f.name),
            escape(&place),
            escape(&f.message)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn changes_section(out: &mut String, project: &Project, from: &str) -> Result<(), String> {
    let request = ReviewRequest {
        from: from.to_string(),
        to: CURRENT.to_string(),
        dialect: project.source.dialect,
        mode: Mode::Safe,
    };
    let review = review(project, &request)?;
    let _ = writeln!(
        out,
        "<h2>Changes since {}</h2>",
        escape(&format!("\"{from}\""))
    );
    if review.plan.is_empty() {
        out.push_str("<p data-testid=\"review-changes\">No changes.</p>\n");
        return Ok(());
    }
    out.push_str(
        "<table data-testid=\"review-changes\"><thead><tr><th>Change</th><th>Safety</th></tr></thead><tbody>\n",
    );
    for step in &review.plan.steps {
        let safety = step.up.safety();
        let class = if safety == crate::migrate::step::Safety::Safe {
            "safe"
        } else {
            "risky"
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"{class}\">{}</td></tr>",
            escape(&step.title),
            escape(safety.label())
        );
    }
    out.push_str("</tbody></table>\n");
    for finding in &review.findings {
        let _ = writeln!(
            out,
            "<p class=\"warning\">{} {}: {}</p>",
            escape(&finding.code),
            escape(&finding.name),
            escape(&finding.message)
        );
    }
    let _ = write!(
        out,
        "<h2>Migration ({})</h2>\n<h3>Up</h3>\n<pre data-testid=\"review-up\">{}</pre>\n\
         <h3>Down</h3>\n<pre data-testid=\"review-down\">{}</pre>\n",
        escape(&project.source.dialect.to_string()),
        escape(&review.plan.up_script()),
        escape(&review.plan.down_script())
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_project;
    use crate::model::SavedVersion;

    #[test]
    fn has_the_parts_and_no_script() {
        let mut project = example_project();
        project.versions.push(SavedVersion {
            name: "v1".into(),
            model: project.model.clone(),
        });
        project.model.tables[0].columns.pop();
        let page = review_page(&project, None, None).unwrap();
        assert!(page.contains(REVIEW_CSP));
        assert!(page.contains("<svg"));
        assert!(page.contains("<h2>Changes since &quot;v1&quot;</h2>"));
        assert!(page.contains("data-testid=\"review-up\""));
        assert!(!page.contains("<script"));
    }
}
