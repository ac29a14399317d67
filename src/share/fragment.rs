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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes() {
        let f = Fragment {
            view: View::Embed,
            payload: Some("1.abc-_".into()),
        };
        assert_eq!(f.to_hash(), "#embed&p=1.abc-_");
        assert_eq!(Fragment::parse("", &f.to_hash()), f);
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
