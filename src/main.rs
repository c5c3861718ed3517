//! The `concord` command: parse the arguments, run, exit with the code the
//! run chose (0 success, 1 a finding a gate stops on, 2 a usage, input or
//! rule error).

use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = concord::cli::main(std::env::args_os(), &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(code)
}
