//! A written migration as one .zip, what the browser downloads: the files under their
//! relative paths, deflated, dated by the migration's version when it is a timestamp (so the
//! same plan gives the same bytes on any machine, at any time).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::formats::File;

/// The files as a zip archive. `version` (`YYYYMMDDhhmmss`) dates the entries; another
/// version leaves them at the format's epoch, 1980-01-01.
pub fn zip_files(files: &[File], version: &str) -> Result<Vec<u8>, String> {
    let mut options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    if let Some(stamp) = timestamp(version) {
        options = options.last_modified_time(stamp);
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for f in files {
        zip.start_file(f.path.as_str(), options)
            .map_err(|e| format!("cannot add {} to the archive: {e}", f.path))?;
        zip.write_all(f.contents.as_bytes())
            .map_err(|e| format!("cannot add {} to the archive: {e}", f.path))?;
    }
    zip.finish()
        .map(Cursor::into_inner)
        .map_err(|e| format!("cannot finish the archive: {e}"))
}

fn timestamp(version: &str) -> Option<DateTime> {
    if version.len() != 14 || !version.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let field = |r: std::ops::Range<usize>| version[r].parse::<u16>().ok();
    DateTime::from_date_and_time(
        field(0..4)?,
        u8::try_from(field(4..6)?).ok()?,
        u8::try_from(field(6..8)?).ok()?,
        u8::try_from(field(8..10)?).ok()?,
        u8::try_from(field(10..12)?).ok()?,
        u8::try_from(field(12..14)?).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn files() -> Vec<File> {
        vec![
            File {
                path: "migrations/20261207101500_add_orders/migration.sql".into(),
                contents: "CREATE TABLE orders (id int);\n".repeat(50),
            },
            File {
                path: "migrations/migration_lock.toml".into(),
                contents: "provider = \"postgresql\"\n".into(),
            },
        ]
    }

    #[test]
    fn the_archive_holds_each_file_under_its_path() {
        let bytes = zip_files(&files(), "20261207101500").expect("zip");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        assert_eq!(archive.len(), 2);
        for f in files() {
            let mut entry = archive.by_name(&f.path).expect("entry");
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("read");
            assert_eq!(text, f.contents);
            let when = entry.last_modified().expect("a date");
            assert_eq!((when.year(), when.month(), when.day()), (2026, 12, 7));
            assert_eq!((when.hour(), when.minute()), (10, 15));
        }
    }

    #[test]
    fn the_same_files_give_the_same_bytes() {
        assert_eq!(
            zip_files(&files(), "0042").expect("zip"),
            zip_files(&files(), "0042").expect("zip")
        );
    }
}
