//! Replacing a file atomically, the one way `fmt` and `timeline --svg` write files: the
//! new bytes go to a file beside the old one, which is then renamed over it, so an
//! interrupted run never leaves half a file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` into `path` when it is a pipe or a device (`--svg /dev/stdout`), which
/// has no contents to replace; else as [`replace_file`].
pub fn replace_file_or_stream(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            std::fs::OpenOptions::new().write(true).open(path)?.write_all(bytes)
        }
        _ => replace_file(path, bytes),
    }
}

/// Replaces the file at `path` (or creates it) with `bytes`. A link is followed: its
/// target is replaced and the link kept. The owner, group and mode (setgid included) of
/// the file replaced are kept; a file with other hard links, or that is not a regular
/// file, is refused, since a new file in its place would not be seen through them.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = link_target(path)?;
    let old = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(meta) = &old {
        replaceable(meta)?;
    }
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".concord-");
    #[cfg(unix)]
    {
        // A new file gets the usual mode (less the umask), not the temporary file's 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Some(meta) = &old {
        keep_owner_and_mode(tmp.as_file(), meta)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// The file a path names: itself, or where its links lead.
fn link_target(path: &Path) -> io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            io::Error::new(e.kind(), format!("it is a link to nothing that can be written ({e})"))
        }),
        _ => Ok(path.to_path_buf()),
    }
}

/// Refuses what a rename would not replace in place for every name of it.
fn replaceable(meta: &std::fs::Metadata) -> io::Result<()> {
    if !meta.is_file() {
        let what = if meta.is_dir() { "a directory" } else { "not a regular file" };
        return Err(io::Error::other(format!("it is {what}")));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(io::Error::other(format!(
                "it has {} hard links: replacing it would break them, and writing it in place \
                 could leave it half written; remove the other links first",
                meta.nlink()
            )));
        }
    }
    Ok(())
}

/// Gives the new file the old one's owner, group and mode, or fails saying which.
#[cfg(unix)]
fn keep_owner_and_mode(file: &std::fs::File, old: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let new = file.metadata()?;
    let uid = (new.uid() != old.uid()).then_some(old.uid());
    let gid = (new.gid() != old.gid()).then_some(old.gid());
    if uid.is_some() || gid.is_some() {
        std::os::unix::fs::fchown(file, uid, gid).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot keep its owner and group, so it is left as it was ({e})"),
            )
        })?;
    }
    // After the owner: a change of owner clears setuid and setgid.
    let mode = old.mode() & 0o7777;
    file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    if file.metadata()?.mode() & 0o7777 != mode {
        return Err(io::Error::other(format!("cannot keep its mode {mode:o}, so it is left as it was")));
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &std::fs::File, old: &std::fs::Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())
}
