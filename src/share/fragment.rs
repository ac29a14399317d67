//! What the page's URL asks for. The fragment (after `#`) holds `&`-separated parts:
//! `p=PAYLOAD` is a shared project (see [`super::link`]) and `embed` asks for the read-only,
//! chrome-less diagram; `?embed` in the query is read as well, for wikis that keep only the
//! query of an iframe's address.

/// How the page shows the project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The whole app.
    #[default]
    Editor,
    /// The diagram alone, read-only, for an iframe.
    Embed,
}

/// The parts of a URL the app reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fragment {
    pub view: View,
    /// A shared project's payload, not yet decoded.
    pub payload: Option<String>,
    /// The name of the project's view the diagram opens on (`view=`, percent-encoded).
    pub diagram_view: Option<String>,
}

impl Fragment {
    /// Reads `search` (`?...`, may be empty) and `hash` (`#...`, may be empty).
    pub fn parse(search: &str, hash: &str) -> Fragment {
        let mut fragment = Fragment::default();
        let query = search.strip_prefix('?').unwrap_or(search);
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        for part in query.split('&').chain(hash.split('&')) {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            match key {
                "embed" if value != "0" && value != "false" => fragment.view = View::Embed,
                "p" if !value.is_empty() => fragment.payload = Some(value.to_string()),
                "view" if !value.is_empty() => fragment.diagram_view = Some(percent_decode(value)),
                _ => {}
            }
        }
        fragment
    }

    /// The fragment (with its `#`) that asks for this.
    pub fn to_hash(&self) -> String {
        let mut parts = Vec::new();
        if self.view == View::Embed {
            parts.push("embed".to_string());
        }
        if let Some(name) = &self.diagram_view {
            parts.push(format!("view={}", percent_encode(name)));
        }
        if let Some(payload) = &self.payload {
            parts.push(format!("p={payload}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("#{}", parts.join("&"))
        }
    }
}

/// `text` with every byte but letters, digits and `-._~` as `%XX`, so a view's name travels
/// in a fragment whatever it holds.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text [`percent_encode`] wrote; a `%` not followed by two hex digits stays as it is,
/// and bytes that are not UTF-8 become U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut k = 0;
    while k < bytes.len() {
        let hex = bytes
            .get(k + 1..k + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[k], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                k += 3;
            }
            (b, _) => {
                out.push(b);
                k += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes() {
        let f = Fragment {
            view: View::Embed,
            payload: Some("1.abc-_".into()),
            diagram_view: None,
        };
        assert_eq!(f.to_hash(), "#embed&p=1.abc-_");
        assert_eq!(Fragment::parse("", &f.to_hash()), f);
        let named = Fragment {
            diagram_view: Some("Orders & 100% «billing»=x".into()),
            ..f
        };
        assert_eq!(
            named.to_hash(),
            "#embed&view=Orders%20%26%20100%25%20%C2%ABbilling%C2%BB%3Dx&p=1.abc-_"
        );
        assert_eq!(Fragment::parse("", &named.to_hash()), named);
        // A broken escape is kept as text, never a panic.
        assert_eq!(
            Fragment::parse("", "#view=%zz%4").diagram_view.as_deref(),
            Some("%zz%4")
        );
        assert_eq!(
            Fragment::parse("", "#view=%FF").diagram_view.as_deref(),
            Some("\u{fffd}")
        );
    }

    #[test]
    fn query_and_fragment_both_count() {
        let f = Fragment::parse("?embed=1&x=2", "#p=1.xyz");
        assert_eq!(f.view, View::Embed);
        assert_eq!(f.payload.as_deref(), Some("1.xyz"));
        assert_eq!(Fragment::parse("?embed=0", "").view, View::Editor);
        assert_eq!(Fragment::parse("", ""), Fragment::default());
    }
}
