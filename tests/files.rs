//! Issue 13, hostile input: the files other people wrote. Directory walks that loop, pipes,
//! devices, unreadable and oddly named entries, links and hard links under `fmt` and
//! `--svg`, and output into closed pipes or full disks. Each runs the binary.
#![cfg(unix)]

mod common;
use common::{command, concord, dir_with, stderr, stdout};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A clean record: one proposal, adopted by the rule's standard; `check` exits 0.
const CLEAN: &str = "body B.\nmembers of B: Ana, Ben.\nproposal p: resolve \"x\" in B.\n\
2024-01-01: Ana supports p.\n2024-01-02: Ben supports p.\n2024-01-03: B adopts p.\n\
rule r: adopting p requires unanimity.\n";

const MESSY: &str = "body   B .\n";
const TIDY: &str = "body B.\n";

/// The short report's lines that carry `code`.
fn lines_with(out: &Output, code: &str) -> Vec<String> {
    stdout(out).lines().filter(|l| l.contains(code)).map(String::from).collect()
}

#[test]
fn a_link_to_its_own_directory_is_skipped_once_and_nothing_is_read_twice() {
    let dir = dir_with(&[("case.rules", CLEAN)]);
    symlink(".", dir.path().join("self")).unwrap();
    let out = concord(&["check", "--format", "short", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let skipped = lines_with(&out, "file::skipped");
    assert_eq!(skipped.len(), 1, "{}", stdout(&out));
    assert!(skipped[0].starts_with(
        "./self:1:1: warning[file::skipped] ./self was not read: it is a link that loops back to ."
    ));
    assert_eq!(stdout(&out).lines().count(), 1, "no file is read twice: {}", stdout(&out));
}

#[test]
fn looping_links_at_several_depths_are_each_skipped_once() {
    let dir = dir_with(&[("case.rules", CLEAN)]);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/more.facts"), "body C.\n").unwrap();
    symlink(".", dir.path().join("a")).unwrap();
    symlink(".", dir.path().join("b")).unwrap();
    symlink("..", dir.path().join("sub/up")).unwrap();
    let out = concord(&["check", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["file::skipped"; 3], "{}", stdout(&out));
    assert_eq!(json["summary"]["facts"], 7, "each file read once");
}

#[test]
fn a_second_path_to_a_file_or_directory_already_read_is_skipped() {
    let dir = dir_with(&[("a.facts", "body B.\n")]);
    symlink("a.facts", dir.path().join("b.facts")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    symlink("sub", dir.path().join("z-alias")).unwrap();
    std::fs::write(dir.path().join("sub/c.facts"), "body C.\n").unwrap();
    let out = concord(&["check", "--format", "short", ".", "a.facts"], dir.path());
    assert_eq!(out.status.code(), Some(0), "no duplicate declaration: {}", stdout(&out));
    let skipped = lines_with(&out, "file::skipped");
    assert!(
        skipped[0].ends_with("./b.facts was not read: it is the same file as ./a.facts, already read"),
        "{skipped:?}"
    );
    assert!(skipped[1].ends_with("./z-alias was not read: it is the same directory as ./sub, already read"));
    assert!(skipped[2].ends_with("a.facts was not read: it is the same file as ./a.facts, already read"));
    assert_eq!(skipped.len(), 3);
}

#[test]
fn a_fifo_under_a_directory_is_skipped_not_waited_for() {
    let dir = dir_with(&[("case.rules", CLEAN)]);
    let made = Command::new("mkfifo").arg(dir.path().join("pipe.facts")).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo is not available; the FIFO case is not tested");
        return;
    }
    let out = concord(&["check", "--format", "short", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(lines_with(&out, "pipe.facts was not read: it is a FIFO").len(), 1, "{}", stdout(&out));
}

#[test]
fn a_link_to_an_endless_device_under_a_directory_is_skipped() {
    let dir = dir_with(&[("case.rules", CLEAN)]);
    symlink("/dev/zero", dir.path().join("zero.facts")).unwrap();
    symlink("/dev/urandom", dir.path().join("random.rules")).unwrap();
    let out = concord(&["check", "--format", "short", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(lines_with(&out, "was not read: it is a device").len(), 2, "{}", stdout(&out));
}

#[test]
fn a_pipe_named_on_the_command_line_is_read() {
    let mut child = command(&["check", "--format", "short", "/dev/stdin"], Path::new("."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    std::io::Write::write_all(&mut input, b"body B.\nbody B.\n").unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("/dev/stdin:2:6: error[name::duplicate]"), "{}", stdout(&out));
}

#[test]
fn an_endless_file_named_on_the_command_line_stops_at_the_size_limit() {
    let out = concord(&["check", "--format", "short", "/dev/zero"], Path::new("."));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).starts_with(
            "/dev/zero:1:1: error[file::too-large] /dev/zero was not read: it is larger than 1 GiB"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_file_above_the_size_limit_is_refused_without_reading_it() {
    let dir = dir_with(&[("case.rules", CLEAN)]);
    let big = std::fs::File::create(dir.path().join("big.facts")).unwrap();
    big.set_len((1 << 30) + 1).unwrap(); // sparse: no disk space used
    let out = concord(&["check", "--format", "short", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(lines_with(&out, "./big.facts:1:1: error[file::too-large]").len(), 1, "{}", stdout(&out));
}

/// Whether this process runs as root, which reads every directory whatever its mode.
fn is_root(dir: &Path) -> bool {
    let probe = dir.join("probe");
    std::fs::write(&probe, "").unwrap();
    let root = std::fs::metadata(&probe).unwrap().uid() == 0;
    std::fs::remove_file(probe).unwrap();
    root
}

/// A run as a user who cannot read `locked/` (mode 000): as root, the run is made as
/// `nobody`, since root reads any directory.
fn run_without_access(args: &[&str], dir: &Path) -> Output {
    let mut cmd = command(args, dir);
    if is_root(dir) {
        use std::os::unix::process::CommandExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        cmd.uid(65534).gid(65534);
    }
    std::fs::set_permissions(dir.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = cmd.output().unwrap();
    std::fs::set_permissions(dir.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    out
}

#[test]
fn an_unreadable_directory_under_a_path_is_an_error_not_skipped() {
    let dir = dir_with(&[("case.rules", CLEAN)]);
    std::fs::create_dir(dir.path().join("locked")).unwrap();
    std::fs::write(dir.path().join("locked/broken.facts"), "body\n").unwrap();
    let out = run_without_access(&["check", "--format", "short", "."], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stdout(&out).starts_with("./locked:1:1: error[file::unreadable] cannot read ./locked: "),
        "{}",
        stdout(&out)
    );
    let named = run_without_access(&["check", "--format", "short", "locked"], dir.path());
    assert_eq!(named.status.code(), Some(2));
    assert!(stdout(&named).starts_with("locked:1:1: error[file::unreadable]"), "{}", stdout(&named));
    assert!(!stdout(&named).contains("file::empty"));
}

#[test]
fn a_link_loop_where_a_facts_file_should_be_is_unreadable() {
    let dir = dir_with(&[("case.rules", CLEAN)]);
    symlink("loop.facts", dir.path().join("loop.facts")).unwrap();
    symlink("nothing", dir.path().join("dangling")).unwrap();
    let out = concord(&["check", "--format", "short", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(lines_with(&out, "./loop.facts:1:1: error[file::unreadable]").len(), 1, "{}", stdout(&out));
    assert_eq!(stdout(&out).lines().count(), 1, "a link to nothing of another name is not ours");
}

#[test]
fn file_names_that_are_not_utf8_or_hold_control_characters_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let names: [&[u8]; 3] = [b"b\xff.facts", b"new\nline.facts", b"esc\x1b[31m.facts"];
    for name in names {
        std::fs::write(dir.path().join(OsStr::from_bytes(name)), "body B.\n").unwrap();
    }
    let out = concord(&["check", "--format", "json", "."], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["facts"], 3, "{}", stdout(&out));
    let files: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["location"]["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["./esc\u{1b}[31m.facts", "./new\nline.facts"], "each later B is a duplicate");
    let named = command(&[OsStr::from_bytes(b"check"), OsStr::from_bytes(b"b\xff.facts")], dir.path())
        .output()
        .unwrap();
    assert_eq!(named.status.code(), Some(0), "{}", stdout(&named));
    assert!(stdout(&named).contains("1 fact"), "{}", stdout(&named));
}

#[test]
fn fmt_formats_the_target_of_a_link_and_keeps_the_link() {
    let dir = dir_with(&[("real.facts", MESSY)]);
    symlink("real.facts", dir.path().join("link.facts")).unwrap();
    let out = concord(&["fmt", "link.facts"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(dir.path().join("link.facts")).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(dir.path().join("real.facts")).unwrap(), TIDY);
}

#[test]
fn fmt_refuses_a_file_with_other_hard_links_and_leaves_it_linked() {
    let dir = dir_with(&[("a.facts", MESSY)]);
    std::fs::hard_link(dir.path().join("a.facts"), dir.path().join("b.facts")).unwrap();
    let out = concord(&["fmt", "a.facts"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: cannot write a.facts: it has 2 hard links"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("b.facts")).unwrap(), MESSY);
    assert_eq!(std::fs::metadata(dir.path().join("a.facts")).unwrap().nlink(), 2);
}

#[test]
fn fmt_keeps_owner_group_and_mode_with_setgid() {
    let dir = dir_with(&[("a.facts", MESSY)]);
    let path = dir.path().join("a.facts");
    if is_root(dir.path()) {
        std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o2640)).unwrap();
    let before = std::fs::metadata(&path).unwrap();
    let out = concord(&["fmt", "a.facts"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), TIDY);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(after.mode() & 0o7777, 0o2640);
}

#[test]
fn timeline_svg_refuses_to_write_over_an_input_by_any_name() {
    let dir = dir_with(&[("case.rules", CLEAN)]);
    symlink("case.rules", dir.path().join("chart.svg")).unwrap();
    for (svg, inputs) in [("case.rules", "case.rules"), ("./case.rules", "."), ("chart.svg", ".")] {
        let out = concord(&["timeline", "p", inputs, "--svg", svg], dir.path());
        assert_eq!(out.status.code(), Some(2), "--svg {svg}");
        assert!(
            stderr(&out).contains(&format!("error: --svg {svg} would write over the input file")),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read_to_string(dir.path().join("case.rules")).unwrap(), CLEAN);
    }
}

#[test]
fn timeline_svg_replaces_the_target_of_a_link_and_keeps_the_link() {
    let dir = dir_with(&[("case.rules", CLEAN), ("real.svg", "old")]);
    symlink("real.svg", dir.path().join("chart.svg")).unwrap();
    let out = concord(&["timeline", "p", "case.rules", "--svg", "chart.svg"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(dir.path().join("chart.svg")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(dir.path().join("real.svg")).unwrap().starts_with("<svg"));
    let fresh = concord(&["timeline", "p", "case.rules", "--svg", "new.svg"], dir.path());
    assert_eq!(fresh.status.code(), Some(0));
    let mode = std::fs::metadata(dir.path().join("new.svg")).unwrap().mode();
    assert_eq!(mode & 0o044, 0o044, "a new chart is readable by others, as any new file: {mode:o}");
}

#[test]
fn timeline_svg_into_a_pipe_or_device_is_written_not_replaced() {
    let dir = dir_with(&[("case.rules", CLEAN)]);
    let out = concord(&["timeline", "p", "case.rules", "--svg", "/dev/stdout"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("<svg"), "{}", stdout(&out));
    let null = concord(&["timeline", "p", "case.rules", "--svg", "/dev/null"], dir.path());
    assert_eq!(null.status.code(), Some(0), "{}", stderr(&null));
}

/// A record whose views and reports run past a pipe's buffer (64 KiB).
fn large_record() -> tempfile::TempDir {
    let members: Vec<String> = (0..8000).map(|n| format!("member{n}")).collect();
    let mut text =
        format!("body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n", members.join(", "));
    for m in &members {
        text.push_str(&format!("2024-01-01: {m} supports p.\n"));
    }
    dir_with(&[("big.facts", &text), ("messy.facts", MESSY)])
}

/// Each command and the status it has when its output is all read.
const COMMANDS: [(&[&str], i32); 7] = [
    (&["--help"], 0),
    (&["check", "big.facts"], 0),
    (&["check", "--format", "json", "big.facts"], 0),
    (&["status", "p", "big.facts"], 0),
    (&["timeline", "p", "big.facts"], 0),
    (&["explain", "file::skipped"], 0),
    (&["fmt", "--check", "messy.facts"], 1),
];

#[test]
fn a_closed_pipe_ends_each_command_quietly_with_its_status() {
    let dir = large_record();
    for (args, status) in COMMANDS {
        let mut child =
            command(args, dir.path()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        drop(child.stdout.take()); // the reader goes away at once, as `| head -c0` would
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(status), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn a_closed_standard_error_does_not_panic() {
    let dir = dir_with(&[("case.rules", CLEAN)]);
    let mut child =
        command(&["status", "q", "case.rules"], dir.path()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(2), "no proposal q");
}

#[test]
fn a_full_disk_is_status_2_naming_what_was_not_written() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("note: no /dev/full here; the full-disk case is not tested");
        return;
    };
    let dir = large_record();
    for (args, _) in COMMANDS {
        let out = command(args, dir.path()).stdout(full.try_clone().unwrap()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("to standard output: No space left on device"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}
