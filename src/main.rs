use std::process::ExitCode;

/// mimalloc: a diff of a book allocates and frees a few hundred thousand small strings and
/// vectors, on several threads; the system allocator grows each thread's heap a page at a time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    dossier::cli::main()
}
