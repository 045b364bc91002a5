//! The `concord` binary: a thin layer over the library.

use clap::Parser;

fn main() -> concord::cli::Status {
    give_back_large_blocks();
    widen_pipe();
    let args = match concord::cli::Args::try_parse() {
        Ok(args) => args,
        Err(e) => return concord::cli::usage(e),
    };
    concord::cli::run(args)
}

/// glibc's malloc raises the size from which it maps a block of its own each time it
/// frees such a block, up to 32 MiB; a smaller block freed stays with the process. A
/// large record's positions are freed group by group while the model's vector fills, so
/// they stayed: a fixed size gives them back (peak with 10⁶ positions 51 → 44 MiB, with
/// 10⁷ 392 → 355 MiB, no slower; a run whose report is far larger than its input maps
/// fresh memory for each large vector, about 0.2 s of system time at 10⁵ offenders a
/// verdict). Other allocators return such blocks themselves.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn give_back_large_blocks() {
    // SAFETY: `mallopt` only sets a parameter of the allocator, which takes its lock.
    unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 10) };
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_large_blocks() {}

/// When standard output is a pipe, its buffer is widened from 64 KiB to 1 MiB (the most
/// Linux allows without privilege unless `pipe-max-size` is raised; a wider one is left
/// as it is): a large report, such as the JSON of a record with millions of offenders read
/// by another program, is then written in a sixteenth as many hand-overs between the two
/// (the large bench with its report read as `run.sh` reads it: 1.93–2.06 → 1.86 s,
/// medians of 7 and 9). Anything else than a pipe refuses, which changes nothing; so does
/// a user past the kernel's budget of pipe memory.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn widen_pipe() {
    const WIDE: libc::c_int = 1 << 20;
    // SAFETY: `fcntl` with F_GETPIPE_SZ and F_SETPIPE_SZ only reads and sets the size of
    // descriptor 1's pipe, and fails harmlessly when it is no pipe or is closed.
    unsafe {
        let size = libc::fcntl(1, libc::F_GETPIPE_SZ);
        if size > 0 && size < WIDE {
            libc::fcntl(1, libc::F_SETPIPE_SZ, WIDE);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn widen_pipe() {}
