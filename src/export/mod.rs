//! Export: writes a [`KnowledgeGraph`](crate::graph::KnowledgeGraph) out as node-link JSON
//! ([`json`], the public, reloadable format) or Graphviz DOT ([`dot`], for drawing).
//!
//! In: a built graph. Out: strings, and files written atomically with [`write_atomic`].

pub mod dot;
pub mod json;
pub mod mentions;

use crate::error::{Error, Result};
use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically: parent folders are created, the bytes go to a temporary
/// file `.{name}.tmp-{pid}` in the same folder, which is synced and renamed over `path`.
/// A reader never sees a half-written file. On failure the temporary file is removed and the
/// error names `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |source: io::Error| Error::io(path, source);
    let name = path.file_name().ok_or_else(|| {
        fail(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file path",
        ))
    })?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(fail)?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| -> io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    match written {
        Ok(()) => {
            // Best effort: make the rename itself durable; not all platforms can open a folder.
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(())
        }
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(fail(e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect()
    }

    #[test]
    fn writes_creates_parents_and_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b/graph.json");
        write_atomic(&path, b"first").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"first");
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        assert!(leftovers(&tmp.path().join("a/b")).is_empty());
    }

    #[test]
    fn error_names_the_target_and_leaves_no_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        // the target is an existing folder: the rename fails
        let target = tmp.path().join("out");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("keep"), b"x").unwrap();
        match write_atomic(&target, b"data") {
            Err(Error::Io { path, .. }) => assert_eq!(path, target),
            other => panic!("expected an Io error, got {other:?}"),
        }
        assert!(leftovers(tmp.path()).is_empty());
        // the parent is a file: the folder cannot be created
        let file = tmp.path().join("plain");
        fs::write(&file, b"x").unwrap();
        let under = file.join("graph.dot");
        match write_atomic(&under, b"data") {
            Err(Error::Io { path, .. }) => assert_eq!(path, under),
            other => panic!("expected an Io error, got {other:?}"),
        }
    }

    #[test]
    fn rejects_a_path_without_file_name() {
        assert!(matches!(
            write_atomic(Path::new("/"), b"x"),
            Err(Error::Io { .. })
        ));
    }
}
