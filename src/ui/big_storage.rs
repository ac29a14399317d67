//! IndexedDB, for what local storage cannot hold: a browser gives local storage a few
//! megabytes per site, and a 2,000-table project is 14 MB of JSON. One object store of text
//! values by key; each call opens the database, does one request and resolves.

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "schemaforge";
const STORE: &str = "saved";

/// Resolves with the request's result once it succeeds; rejects with its error.
async fn finished(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::from_str("IndexedDB request failed"), JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("IndexedDB is not available"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1)?;
    // The first open creates the store.
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(result) = upgrading.result() {
            let db: IdbDatabase = result.unchecked_into();
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    Ok(finished(&request).await?.unchecked_into())
}

fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.message())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "IndexedDB refused".into())
}

/// The text stored under `key`, if any.
pub async fn get(key: &str) -> Result<Option<String>, String> {
    async {
        let db = open().await?;
        let store = db.transaction_with_str(STORE)?.object_store(STORE)?;
        let value = finished(&store.get(&JsValue::from_str(key))?).await?;
        db.close();
        Ok::<_, JsValue>(value.as_string())
    }
    .await
    .map_err(describe)
}

/// Stores `text` under `key`; resolves once it is written.
pub async fn put(key: &str, text: &str) -> Result<(), String> {
    async {
        let db = open().await?;
        let store = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?
            .object_store(STORE)?;
        finished(&store.put_with_key(&JsValue::from_str(text), &JsValue::from_str(key))?).await?;
        db.close();
        Ok::<_, JsValue>(())
    }
    .await
    .map_err(describe)
}

/// Removes what is stored under `key`.
pub async fn delete(key: &str) -> Result<(), String> {
    async {
        let db = open().await?;
        let store = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?
            .object_store(STORE)?;
        finished(&store.delete(&JsValue::from_str(key))?).await?;
        db.close();
        Ok::<_, JsValue>(())
    }
    .await
    .map_err(describe)
}
