//! The real engines in the browser: PGlite (PostgreSQL compiled to wasm) and sql.js (SQLite
//! compiled to wasm), loaded from `engines/` only when a Verify button is first pressed.

use wasm_bindgen::prelude::*;

use crate::model::Dialect;
use crate::verify::{pglite_extensions, statements, EngineError, Verdict};

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
export async function verify_postgres(statements, names) {
  if (!pglite) pglite = await import(at('engines/pglite/index.js'));
  const extensions = {};
  for (const name of names) {
    extensions[name] = (await import(at('engines/pglite/contrib/' + name + '.js')))[name];
  }
  const db = await pglite.PGlite.create({ extensions });
  try { return await each(statements, (s) => db.exec(s)); }
  finally { await db.close(); }
}
export async function verify_sqlite(statements) {
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
  const db = new sqljs.Database();
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
