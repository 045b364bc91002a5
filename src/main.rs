//! The `concord` binary: a thin layer over the library.

use clap::Parser;

fn main() -> concord::cli::Status {
    give_back_large_blocks();
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
