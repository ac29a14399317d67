//! A share link, whatever its fragment holds, opens a project or gives a message, never a
//! panic, within bounded memory; a project that opens makes a link that opens it again.
//! The input is read both as the link's text and as the JSON a link would carry, so the
//! fuzzer reaches the project reader through the codec.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemaforge::share::link::{decode_project, encode_json, encode_project};

fn opens_again(payload: &str) {
    if let Ok(project) = decode_project(payload) {
        let again = decode_project(&encode_project(&project)).expect("a shared project re-opens");
        assert_eq!(again.model, project.model);
        assert_eq!(again.layout, project.layout);
    }
}

fuzz_target!(|data: &[u8]| {
    opens_again(&String::from_utf8_lossy(data));
    opens_again(&encode_json(data));
});
