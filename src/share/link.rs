//! The share link's payload: the project as compact JSON, deflated (raw DEFLATE), in
//! base64url without padding, after a version tag. Reading one is bounded: the text, the
//! inflated bytes and the JSON's nesting all have limits, and the project must pass
//! `Model::validate` (through [`Project::from_json`]) before anything shows it.

use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

use crate::model::Project;

/// The payload's version tag: a later encoding gets another, and this one stays readable.
pub const TAG: &str = "1.";
/// The longest payload read, in characters: far above any link a browser keeps, so a longer
/// one is not a link anyone made.
pub const MAX_PAYLOAD: usize = 8 << 20;
/// The most bytes a payload may inflate to. A project that big is not shared by link, and a
/// few kilobytes of DEFLATE can claim gigabytes (a decompression bomb): reading stops here.
pub const MAX_INFLATED: usize = 64 << 20;
/// Links up to this length survive chat tools, wikis and mail clients alike.
pub const SHORT_LINK: usize = 2_000;
/// Past this length some wikis and chat tools cut links: the project file is the better way.
pub const LONG_LINK: usize = 8_000;

/// The payload for `project`: its JSON (derived caches are never serialised) deflated at the
/// best level, since links are made rarely and read often.
pub fn encode_project(project: &Project) -> String {
    // Serialising plain data with string keys cannot fail.
    encode_json(&serde_json::to_vec(project).unwrap_or_default())
}

/// The payload for a project's JSON text.
pub fn encode_json(json: &[u8]) -> String {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(json);
    let deflated = encoder.finish().unwrap_or_default();
    format!("{TAG}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// The project in a payload, or what is wrong with it (with the character where the text
/// breaks, when it does). Nothing is shown unless this succeeds.
pub fn decode_project(payload: &str) -> Result<Project, String> {
    if payload.len() > MAX_PAYLOAD {
        return Err(format!(
            "the link is too long to be a shared project ({} characters; at most {MAX_PAYLOAD} are read)",
            payload.len()
        ));
    }
    let Some(body) = payload.strip_prefix(TAG) else {
        let tag: String = payload.chars().take_while(|c| *c != '.').take(8).collect();
        return Err(if payload.contains('.') {
            format!("the link was made by a newer Schemaforge (encoding {tag:?}); this one reads encoding \"1\"")
        } else {
            "the link holds no project (its version tag is missing)".into()
        });
    };
    let deflated = URL_SAFE_NO_PAD
        .decode(body.trim_end())
        .map_err(|e| match e {
            base64::DecodeError::InvalidByte(at, _) => format!(
                "the link is damaged: character {} is not base64url",
                at + TAG.len() + 1
            ),
            base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidLastSymbol(..) => {
                "the link is cut short: its last characters are missing".into()
            }
            base64::DecodeError::InvalidPadding => "the link is damaged: it has padding".into(),
        })?;
    let mut json = Vec::new();
    DeflateDecoder::new(deflated.as_slice())
        .take(MAX_INFLATED as u64 + 1)
        .read_to_end(&mut json)
        .map_err(|e| {
            format!("the link is damaged or cut short: its compressed data does not inflate ({e})")
        })?;
    if json.len() > MAX_INFLATED {
        return Err(format!(
            "the link's project would take more than {} MB: it is refused",
            MAX_INFLATED >> 20
        ));
    }
    let json =
        String::from_utf8(json).map_err(|_| "the link's project is not UTF-8 text".to_string())?;
    let project = Project::from_json(&json)
        .map_err(|d| format!("the link's project cannot be read: {}", d.message))?;
    Ok(crate::edit::text::with_spans(project))
}

/// How far a link of `chars` characters travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkSize {
    /// Fits everywhere.
    Short,
    /// Works in browsers; some chat tools and wikis cut it.
    Long,
    /// Better sent as the project file.
    TooLong,
}

impl LinkSize {
    pub fn of(chars: usize) -> LinkSize {
        if chars <= SHORT_LINK {
            LinkSize::Short
        } else if chars <= LONG_LINK {
            LinkSize::Long
        } else {
            LinkSize::TooLong
        }
    }

    /// What the share dialog says about it.
    pub fn advice(self) -> &'static str {
        match self {
            LinkSize::Short => "Short enough for any chat tool, wiki or mail.",
            LinkSize::Long => {
                "Opens in any browser, but some chat tools and wikis cut links this long."
            }
            LinkSize::TooLong => {
                "Too long for most chat tools and wikis: send the project file instead."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_project;

    #[test]
    fn the_example_comes_back_equal() {
        let project = example_project();
        let payload = encode_project(&project);
        assert!(payload.starts_with(TAG));
        assert!(payload[TAG.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode_project(&payload), Ok(project));
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        let payload = encode_project(&example_project());
        let cut = &payload[..payload.len() / 2];
        assert!(decode_project(cut).unwrap_err().contains("cut short"));
        let garbage = format!("{TAG}abc$def");
        assert!(decode_project(&garbage)
            .unwrap_err()
            .contains("character 6 is not base64url"));
        assert!(decode_project("hello").unwrap_err().contains("no project"));
        assert!(decode_project("9.abc").unwrap_err().contains("newer"));
    }

    #[test]
    fn a_bomb_stops_at_the_limit() {
        let zeros = vec![b' '; MAX_INFLATED + 10];
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&zeros).unwrap();
        let payload = format!("{TAG}{}", URL_SAFE_NO_PAD.encode(encoder.finish().unwrap()));
        assert!(payload.len() < 200_000, "{}", payload.len());
        assert!(decode_project(&payload).unwrap_err().contains("refused"));
    }

    #[test]
    fn sizes_have_advice() {
        assert_eq!(LinkSize::of(SHORT_LINK), LinkSize::Short);
        assert_eq!(LinkSize::of(SHORT_LINK + 1), LinkSize::Long);
        assert_eq!(LinkSize::of(LONG_LINK + 1), LinkSize::TooLong);
    }
}
