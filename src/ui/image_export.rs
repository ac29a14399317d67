//! The diagram as an image file: the SVG document as is, or drawn onto a canvas at twice its
//! size (less when that would pass the browser's canvas limit) and saved as PNG.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement,
    HtmlImageElement, Url,
};

/// Browsers refuse canvases wider or taller than about this.
const MAX_CANVAS_SIDE: f64 = 16_000.0;

/// Draws `svg` (`width` × `height` user units) at up to 2× and offers it as a PNG download;
/// returns the scale used.
pub async fn download_png(name: &str, svg: &str, width: f64, height: f64) -> Result<f64, JsValue> {
    let scale = 2.0f64.min(MAX_CANVAS_SIDE / width.max(height).max(1.0));
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let image = HtmlImageElement::new()?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    Url::revoke_object_url(&url)?;
    decoded?;
    let document = leptos::prelude::document();
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_width((width * scale).ceil() as u32);
    canvas.set_height((height * scale).ceil() as u32);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d canvas"))?
        .dyn_into()?;
    context.scale(scale, scale)?;
    context.draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, width, height)?;
    let data = canvas.to_data_url_with_type("image/png")?;
    let anchor: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&data);
    anchor.set_download(name);
    anchor.click();
    Ok(scale)
}
