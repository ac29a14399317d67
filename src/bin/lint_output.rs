//! The linter's findings as text for people, JSON for scripts and SARIF 2.1.0 for code
//! scanning (GitHub accepts it with `github/codeql-action/upload-sarif`).

use schemaforge::diagnostic::Severity;
use schemaforge::rules::{Finding, Safety, REGISTRY};
use serde_json::{json, Value};

/// `file:line:column: severity[CODE name] message`, a fix line under each, and a count.
pub fn text(file: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let at = f
            .position
            .map_or(String::new(), |p| format!("{}:{}:", p.line, p.column));
        out.push_str(&format!(
            "{file}:{at} {}[{} {}] {}: {}\n",
            f.severity.word(),
            f.code,
            f.name,
            f.path.label,
            f.message
        ));
        for fix in &f.fixes {
            let safety = match fix.safety {
                Safety::Safe => "safe",
                Safety::Unsafe => "unsafe",
            };
            out.push_str(&format!("  fix ({safety}): {}\n", fix.title));
        }
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    out.push_str(&format!(
        "{} findings: {} errors, {} warnings, {} info\n",
        findings.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    out
}

/// A list of objects with `code`, `name`, `severity`, `path`, `message`, `line`, `column`
/// (and the fixes' titles).
pub fn json(findings: &[Finding]) -> String {
    let list: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "code": f.code,
                "name": f.name,
                "severity": f.severity.word(),
                "path": f.path.label,
                "message": f.message,
                "line": f.position.map(|p| p.line),
                "column": f.position.map(|p| p.column),
                "end_line": f.end.map(|p| p.line),
                "end_column": f.end.map(|p| p.column),
                "fixes": f.fixes.iter().map(|x| json!({"title": x.title, "safety": x.safety})).collect::<Vec<_>>(),
            })
        })
        .collect();
    format!(
        "{}\n",
        serde_json::to_string_pretty(&list).unwrap_or_default()
    )
}

/// SARIF 2.1.0: the rules as the tool's driver rules, each finding a result at its line (line
/// 1 when the text does not show the object: code scanning needs a location).
/// How SARIF names the linted file: a path as given stays a relative reference (code
/// scanning resolves it against the checkout), percent-encoded; an absolute path becomes a
/// `file:` URI, since a reference that starts with a slash is not a valid relative one.
pub fn artifact_uri(file: &str) -> String {
    let path = std::path::Path::new(file);
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("/"));
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let Ok(absolute) = url::Url::from_file_path(&full) else {
        return file.replace('\\', "/");
    };
    if path.is_absolute() {
        return absolute.to_string();
    }
    url::Url::from_directory_path(&cwd)
        .ok()
        .and_then(|base| base.make_relative(&absolute))
        .unwrap_or_else(|| absolute.to_string())
}

pub fn sarif(file: &str, findings: &[Finding]) -> String {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let rules: Vec<Value> = REGISTRY
        .iter()
        .map(|r| {
            let summary = r
                .docs()
                .lines()
                .map(str::trim)
                .skip_while(|l| l.starts_with('#') || l.is_empty())
                .take_while(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            json!({
                "id": r.code(),
                "name": r.name(),
                "shortDescription": {"text": r.name().replace('-', " ")},
                "fullDescription": {"text": summary},
                "help": {"text": r.docs(), "markdown": r.docs()},
                "defaultConfiguration": {"level": level(r.default_severity())},
            })
        })
        .collect();
    let uri = artifact_uri(file);
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let position = f
                .position
                .unwrap_or(schemaforge::diagnostic::Position { line: 1, column: 1 });
            let mut region = json!({"startLine": position.line, "startColumn": position.column});
            // The end where it is known, after the region's last character (SARIF's
            // `endColumn` is exclusive).
            if let (Some(end), Some(_)) = (f.end, f.position) {
                if end > position {
                    region["endLine"] = json!(end.line);
                    region["endColumn"] = json!(end.column);
                }
            }
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": {"text": format!("{}: {}", f.path.label, f.message)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": region,
                    },
                    "logicalLocations": [{"fullyQualifiedName": f.path.label}],
                }],
            });
            if let Some(i) = REGISTRY.iter().position(|r| r.code() == f.code) {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "schemaforge",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&log).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::artifact_uri;

    #[test]
    fn artifact_uris_are_relative_references_or_file_uris() {
        assert_eq!(artifact_uri("schema.sql"), "schema.sql");
        assert_eq!(artifact_uri("db/my schema#1.sql"), "db/my%20schema%231.sql");
        assert_eq!(artifact_uri("/tmp/a b.sql"), "file:///tmp/a%20b.sql");
    }
}
