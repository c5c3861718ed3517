//! The `concord` command: parse the arguments, run, exit with the code the
//! run chose (0 success, 1 a finding a gate stops on, 2 a usage, input or
//! rule error).

use std::process::ExitCode;

/// A run allocates many small strings (claims, captures, quotes) on every
/// thread; mimalloc does that a fifth faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Standard output flushes at every line break; a corpus's JSON Lines
    // would cost a system call per claim. Streaming output flushes after
    // each review itself.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let stderr = std::io::stderr();
    // `cli::main` flushes the output itself and says when writing fails.
    let code = concord::cli::main_with(
        std::env::args_os(),
        &mut stdout,
        &mut stderr.lock(),
        concord::cli::Terminal::detect(),
    );
    ExitCode::from(code)
}
