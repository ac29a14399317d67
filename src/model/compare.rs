//! Comparing models from two imports: ids follow import order, so equal models can carry
//! different ids.

use super::relational::Model;

/// The model as JSON without any `id`, for comparing what two imports mean.
pub fn without_ids(model: &Model) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("id");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    // Serialising plain data cannot fail; Null would only make a comparison fail loudly.
    let mut v = serde_json::to_value(model.named()).unwrap_or_default();
    strip(&mut v);
    v
}
