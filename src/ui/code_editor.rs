//! The binding to the code editor (CodeMirror 6, bundled from tools/editor into
//! `editor/schemaforge-editor.js`, loaded by `load` when an editor is first shown, so the
//! app starts without it). The editor keeps no undo of its own; the app's undo covers the
//! text.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::diagnostic::Position;
use crate::rules::Finding;

#[wasm_bindgen(inline_js = r#"
let loading = null;
export function load_editor() {
  if (window.SchemaforgeEditor) return Promise.resolve();
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL('editor/schemaforge-editor.js', document.baseURI).href;
      script.onload = () => resolve();
      script.onerror = () => {
        loading = null;
        reject(new Error('editor/schemaforge-editor.js could not be loaded'));
      };
      document.head.appendChild(script);
    });
  }
  return loading;
}
"#)]
extern "C" {
    fn load_editor() -> js_sys::Promise;
}

/// Loads the editor's script once (later calls wait for the same load).
pub async fn load() -> Result<(), String> {
    wasm_bindgen_futures::JsFuture::from(load_editor())
        .await
        .map(|_| ())
        .map_err(describe)
}

#[wasm_bindgen]
extern "C" {
    /// One mounted editor.
    pub type CodeEditor;

    #[wasm_bindgen(catch, js_namespace = SchemaforgeEditor, js_name = create)]
    fn create_editor(
        parent: &web_sys::HtmlElement,
        options: &Object,
    ) -> Result<CodeEditor, JsValue>;

    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &CodeEditor, text: &str);

    #[wasm_bindgen(method, js_name = setLanguage)]
    pub fn set_language(this: &CodeEditor, name: &str);

    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &CodeEditor, list: &Array);

    #[wasm_bindgen(method, js_name = goTo)]
    fn go_to(this: &CodeEditor, line: u32, column: u32, select_word: bool);

    #[wasm_bindgen(method)]
    pub fn destroy(this: &CodeEditor);
}

/// A mounted editor and the callback it reports typing through (dropped with it).
pub struct MountedEditor {
    pub editor: CodeEditor,
    _on_change: Closure<dyn FnMut(String)>,
}

/// Mounts an editor in `parent` showing `text` in `language` (`sql:postgres`, `dbml`, ...);
/// `on_change` receives the whole text after each change the user makes.
pub fn mount(
    parent: &web_sys::HtmlElement,
    text: &str,
    language: &str,
    on_change: impl FnMut(String) + 'static,
) -> Result<MountedEditor, String> {
    let on_change = Closure::<dyn FnMut(String)>::new(on_change);
    let options = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&options, &JsValue::from_str(key), value);
    set("text", &JsValue::from_str(text))
        .and_then(|_| set("language", &JsValue::from_str(language)))
        .and_then(|_| set("onChange", on_change.as_ref()))
        .map_err(describe)?;
    let editor = create_editor(parent, &options).map_err(describe)?;
    Ok(MountedEditor {
        editor,
        _on_change: on_change,
    })
}

fn describe(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            Reflect::get(&e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}

/// The editor's language name for a view and dialect.
pub fn language_name(format: crate::model::SourceFormat, dialect: crate::model::Dialect) -> String {
    match format {
        crate::model::SourceFormat::Dbml => "dbml".into(),
        crate::model::SourceFormat::Sql => format!("sql:{}", dialect.name()),
    }
}

impl CodeEditor {
    /// Shows findings that have a position as gutter markers and underlines.
    pub fn show_findings<'a>(&self, findings: impl IntoIterator<Item = &'a Finding>) {
        let list = Array::new();
        for f in findings {
            let Some(at) = f.position else { continue };
            let d = Object::new();
            let message = if f.path.label.is_empty() {
                format!("{} {}: {}", f.code, f.name, f.message)
            } else {
                format!("{} {}: {}: {}", f.code, f.name, f.path.label, f.message)
            };
            let fields: [(&str, JsValue); 5] = [
                ("line", at.line.into()),
                ("column", at.column.into()),
                ("severity", f.severity.word().into()),
                ("message", message.into()),
                ("source", f.code.clone().into()),
            ];
            let end: Vec<(&str, JsValue)> = f
                .end
                .map(|e| vec![("endLine", e.line.into()), ("endColumn", e.column.into())])
                .unwrap_or_default();
            if fields
                .iter()
                .chain(&end)
                .all(|(k, v)| Reflect::set(&d, &JsValue::from_str(k), v).is_ok())
            {
                list.push(&d);
            }
        }
        self.set_diagnostics(&list);
    }

    /// Puts the cursor at `at` and shows it; `select_word` selects the name written there.
    pub fn go_to_position(&self, at: Position, select_word: bool) {
        self.go_to(at.line, at.column, select_word);
    }
}
