//! The real engines in the browser: PGlite (PostgreSQL compiled to wasm) and sql.js (SQLite
//! compiled to wasm), loaded from `engines/` only when a Verify button is first pressed: a
//! script applied, or a migration's round trip run stage by stage.

use wasm_bindgen::prelude::*;

use crate::model::Dialect;
use crate::verify::{
    judge_round_trip, pglite_extensions, statements, EngineError, RoundTrip, Scripts, Statement,
    Verdict, POSTGRES_CATALOG, POSTGRES_RESET, SQLITE_CATALOG,
};

#[wasm_bindgen(inline_js = r#"
let pglite = null;
let sqljs = null;
function at(path) { return new URL(path, document.baseURI).href; }
async function each(statements, run) {
  for (let i = 0; i < statements.length; i++) {
    try { await run(statements[i]); }
    catch (e) { return { ok: false, statement: i, message: String(e && e.message || e) }; }
  }
  return { ok: true };
}
async function open_pglite(names) {
  if (!pglite) pglite = await import(at('engines/pglite/index.js'));
  const extensions = {};
  for (const name of names) {
    extensions[name] = (await import(at('engines/pglite/contrib/' + name + '.js')))[name];
  }
  return await pglite.PGlite.create({ extensions });
}
async function open_sqljs() {
  if (!sqljs) {
    if (!window.initSqlJs) {
      await new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = at('engines/sqljs/sql-wasm.js');
        script.onload = resolve;
        script.onerror = () => reject(new Error('cannot load sql.js'));
        document.head.appendChild(script);
      });
    }
    sqljs = await window.initSqlJs({ locateFile: (f) => at('engines/sqljs/' + f) });
  }
  return sqljs;
}
export async function stages_postgres(stages, resets, reset, catalog, names) {
  const db = await open_pglite(names);
  const out = [];
  try {
    for (let k = 0; k < stages.length; k++) {
      // A stage that failed inside its own transaction leaves it open: close it first.
      try { await db.exec('ROLLBACK'); } catch (e) { /* none was open */ }
      if (resets[k]) await db.exec(reset);
      const verdict = await each(stages[k], (s) => db.exec(s));
      if (verdict.ok) {
        const result = await db.query(catalog, [], { rowMode: 'array' });
        verdict.catalog = String(result.rows[0]?.[0] ?? '');
      }
      out.push(verdict);
    }
  } finally { await db.close(); }
  return out;
}
export async function stages_sqlite(stages, resets, catalog) {
  const engine = await open_sqljs();
  let db = null;
  const out = [];
  try {
    for (let k = 0; k < stages.length; k++) {
      if (resets[k] || !db) {
        if (db) db.close();
        db = new engine.Database();
        db.exec('PRAGMA foreign_keys = ON');
      }
      const verdict = await each(stages[k], (s) => db.exec(s));
      if (verdict.ok) {
        const rows = db.exec(catalog)[0]?.values ?? [];
        verdict.catalog = rows.map((r) => r[0] + ';\n').join('');
      }
      out.push(verdict);
    }
  } finally { if (db) db.close(); }
  return out;
}
export async function verify_postgres(statements, names) {
  const db = await open_pglite(names);
  try { return await each(statements, (s) => db.exec(s)); }
  finally { await db.close(); }
}
export async function verify_sqlite(statements) {
  const db = new (await open_sqljs()).Database();
  try {
    db.exec('PRAGMA foreign_keys = ON');
    return await each(statements, (s) => db.exec(s));
  } finally { db.close(); }
}
export function copy_text(text) { return navigator.clipboard.writeText(text); }
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn verify_postgres(
        statements: js_sys::Array,
        extensions: js_sys::Array,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn verify_sqlite(statements: js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn stages_postgres(
        stages: js_sys::Array,
        resets: js_sys::Array,
        reset: &str,
        catalog: &str,
        extensions: js_sys::Array,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn stages_sqlite(
        stages: js_sys::Array,
        resets: js_sys::Array,
        catalog: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn copy_text(text: &str) -> Result<JsValue, JsValue>;
}

/// Copies `text` to the clipboard.
pub async fn copy(text: &str) -> Result<(), String> {
    copy_text(text)
        .await
        .map(|_| ())
        .map_err(|e| format!("cannot copy: {e:?}"))
}

fn field(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Applies `script` (written for `dialect`, PostgreSQL or SQLite) to a fresh in-browser
/// database, statement by statement, and returns the engine's verdict.
pub async fn verify_in_browser(dialect: Dialect, script: &str) -> Verdict {
    let list = statements(script, dialect);
    let array = js_sys::Array::new();
    for s in &list {
        array.push(&JsValue::from_str(&s.text));
    }
    let answer = match dialect {
        Dialect::Sqlite => verify_sqlite(array).await,
        _ => {
            // What PGlite lacks is said before it loads; what it ships is loaded with it.
            let extensions = js_sys::Array::new();
            for bundle in pglite_extensions(&list)? {
                extensions.push(&JsValue::from_str(bundle));
            }
            verify_postgres(array, extensions).await
        }
    }
    .map_err(|e| EngineError::Unavailable(format!("{e:?}")))?;
    if field(&answer, "ok").as_bool() == Some(true) {
        return Ok(());
    }
    let index = field(&answer, "statement").as_f64().unwrap_or(0.0) as usize;
    let statement = list.get(index);
    Err(EngineError::Rejected {
        line: statement.map_or(1, |s| s.line),
        statement: statement.map(|s| s.text.clone()).unwrap_or_default(),
        message: field(&answer, "message")
            .as_string()
            .unwrap_or_else(|| "unknown error".into()),
    })
}

/// The round trip of a migration (its scripts written for `dialect`, PostgreSQL or SQLite)
/// on PGlite or sql.js: the catalogs after each stage, judged as the native engines' are.
pub async fn verify_migration_in_browser(
    dialect: Dialect,
    scripts: &Scripts<'_>,
) -> Result<RoundTrip, EngineError> {
    let stages = scripts.stages();
    let lists: Vec<Vec<Statement>> = stages
        .iter()
        .map(|(_, script)| statements(script, dialect))
        .collect();
    let (texts, resets) = (js_sys::Array::new(), js_sys::Array::new());
    for ((reset, _), list) in stages.iter().zip(&lists) {
        let one = js_sys::Array::new();
        for s in list {
            one.push(&JsValue::from_str(&s.text));
        }
        texts.push(&one);
        resets.push(&JsValue::from_bool(*reset));
    }
    let answer = match dialect {
        Dialect::Sqlite => stages_sqlite(texts, resets, SQLITE_CATALOG).await,
        _ => {
            let all: Vec<Statement> = lists.iter().flatten().cloned().collect();
            let extensions = js_sys::Array::new();
            for bundle in pglite_extensions(&all)? {
                extensions.push(&JsValue::from_str(bundle));
            }
            stages_postgres(texts, resets, POSTGRES_RESET, POSTGRES_CATALOG, extensions).await
        }
    }
    .map_err(|e| EngineError::Unavailable(format!("{e:?}")))?;
    let verdicts = js_sys::Array::from(&answer);
    let catalogs = lists
        .iter()
        .enumerate()
        .map(|(k, list)| {
            let v = verdicts.get(k as u32);
            if field(&v, "ok").as_bool() == Some(true) {
                return Ok(field(&v, "catalog").as_string().unwrap_or_default());
            }
            let index = field(&v, "statement").as_f64().unwrap_or(0.0) as usize;
            let statement = list.get(index);
            Err(EngineError::Rejected {
                line: statement.map_or(1, |s| s.line),
                statement: statement.map(|s| s.text.clone()).unwrap_or_default(),
                message: field(&v, "message")
                    .as_string()
                    .unwrap_or_else(|| "unknown error".into()),
            })
        })
        .collect();
    judge_round_trip(dialect, catalogs)
}
