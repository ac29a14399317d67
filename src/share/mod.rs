//! Sharing without a server: the whole project travels in the URL's fragment, which browsers
//! never send to a server, and the fragment also says how the page shows it (the editor or a
//! read-only embed).

pub mod fragment;
pub mod link;

pub use fragment::{Fragment, View};
pub use link::{decode_project, encode_project, LinkSize};
