//! Reading a file the user picked and offering one for download.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, Url};

/// The text of a picked file; invalid UTF-8 becomes replacement characters.
pub async fn read_text(file: &File) -> Result<String, String> {
    let promise = file.text();
    let value = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| format!("cannot read {}: {e:?}", file.name()))?;
    value
        .as_string()
        .ok_or_else(|| format!("cannot read {}: not text", file.name()))
}

/// The file picked in a file input, if any.
pub fn picked(input: &leptos::prelude::NodeRef<leptos::html::Input>) -> Option<File> {
    use leptos::prelude::GetUntracked;
    input
        .get_untracked()
        .and_then(|i| i.files())
        .and_then(|files| files.get(0))
}

/// Offers `content` as a download named `name`.
pub fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    offer(name, mime, &JsValue::from_str(content))
}

/// Offers `bytes` (an archive) as a download named `name`.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    offer(name, mime, &js_sys::Uint8Array::from(bytes))
}

fn offer(name: &str, mime: &str, content: &JsValue) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(content);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_buffer_source_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let anchor: HtmlAnchorElement = leptos::prelude::document()
        .create_element("a")?
        .dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    Url::revoke_object_url(&url)
}

/// Reads a large file a few megabytes at a time, handing the thread back to the browser
/// between pieces and reporting the fraction read; invalid UTF-8 becomes replacement
/// characters, as with [`read_text`].
pub async fn read_text_in_steps(file: &File, on_progress: impl Fn(f64)) -> Result<String, String> {
    const PIECE: f64 = 4.0 * 1024.0 * 1024.0;
    let fail = |e: JsValue| format!("cannot read {}: {e:?}", file.name());
    let size = file.size();
    let mut text = String::with_capacity(size as usize);
    let mut pending: Vec<u8> = Vec::new();
    let mut at = 0.0;
    while at < size {
        let end = (at + PIECE).min(size);
        let blob = file.slice_with_f64_and_f64(at, end).map_err(fail)?;
        let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
            .await
            .map_err(fail)?;
        pending.extend_from_slice(&js_sys::Uint8Array::new(&buffer).to_vec());
        let last = end >= size;
        let used = append_utf8(&mut text, &pending, last);
        pending.drain(..used);
        at = end;
        on_progress(at / size.max(1.0));
        super::stepwise_import::yield_to_browser().await;
    }
    Ok(text)
}

/// Appends the valid UTF-8 of `bytes` to `text`, replacing invalid sequences; an incomplete
/// sequence at the end is left for the next piece unless this is the `last`. Returns the
/// number of bytes used.
fn append_utf8(text: &mut String, bytes: &[u8], last: bool) -> usize {
    let mut at = 0;
    while at < bytes.len() {
        match std::str::from_utf8(&bytes[at..]) {
            Ok(s) => {
                text.push_str(s);
                return bytes.len();
            }
            Err(e) => {
                let valid = at + e.valid_up_to();
                text.push_str(std::str::from_utf8(&bytes[at..valid]).unwrap_or_default());
                match e.error_len() {
                    Some(bad) => {
                        text.push('\u{fffd}');
                        at = valid + bad;
                    }
                    None if last => {
                        text.push('\u{fffd}');
                        return bytes.len();
                    }
                    None => return valid,
                }
            }
        }
    }
    at
}
