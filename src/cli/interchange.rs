//! `dossier timeline export` and `dossier timeline import`: TimelineJS JSON and CSV, tilse.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{Context, Output, warn};
use crate::article::{read_through_limit, remember_input};
use crate::error::{Error, Result};
use crate::interchange::{self, Format};
use crate::timeline::Timeline;

/// Standard input, as messages name it.
const STDIN_LABEL: &str = "<stdin>";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InterchangeFormat {
    TimelinejsJson,
    TimelinejsCsv,
    Tilse,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: InterchangeFormat,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import (`-` for standard input)
    pub file: PathBuf,
    /// Its format [default: guessed from the file name and content]
    #[arg(long, value_enum)]
    pub from: Option<InterchangeFormat>,
    /// Refuse the whole file when one event cannot be read [default: leave that event out,
    /// say so on standard error, and exit 1]
    #[arg(long)]
    pub strict: bool,
    /// Write the timeline YAML to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl From<InterchangeFormat> for Format {
    fn from(format: InterchangeFormat) -> Self {
        match format {
            InterchangeFormat::TimelinejsJson => Format::TimelinejsJson,
            InterchangeFormat::TimelinejsCsv => Format::TimelinejsCsv,
            InterchangeFormat::Tilse => Format::Tilse,
        }
    }
}

pub fn run_export(args: ExportArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let timeline = Timeline::load(&context.required_timeline()?)?;
    let mut output = Output::new(args.output.as_deref(), out)?;
    if args.format == InterchangeFormat::TimelinejsCsv {
        context.start_csv(output.writer())?;
    }
    let losses = interchange::export(&timeline, args.format.into(), output.writer())?;
    output.finish()?;
    warn(&losses);
    Ok(super::exit::SUCCESS)
}

pub fn run_import(args: ImportArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let text = read_input(&args.file, context.max_input_bytes)?;
    // Messages name standard input `<stdin>`.
    let source = if args.file == Path::new("-") { Path::new(STDIN_LABEL) } else { args.file.as_path() };
    let format = match args.from {
        Some(format) => Format::from(format),
        None => Format::guess(source, &text).ok_or_else(|| {
            Error::Usage(format!(
                "{}: cannot tell its format; name it with --from timelinejs-json|timelinejs-csv|tilse",
                source.display()
            ))
        })?,
    };
    let imported = interchange::import(source, &text, format)?;
    if args.strict && !imported.skipped.is_empty() {
        return Err(Error::Problems(imported.skipped));
    }
    let yaml = interchange::to_yaml(&imported.timeline);
    // The import must give a timeline `timeline check` accepts: read it back as the loader does.
    let target = args.output.clone().unwrap_or_else(|| PathBuf::from("timeline.yaml"));
    Timeline::parse(&target, &yaml)?;
    let mut output = Output::new(args.output.as_deref(), out)?;
    output.writer().write_all(yaml.as_bytes())?;
    output.finish()?;
    warn(&imported.losses);
    let skipped: Vec<String> = imported
        .skipped
        .iter()
        .map(|problem| format!("{problem}; left out (--strict refuses the file instead)"))
        .collect();
    warn(&skipped);
    // The timeline was written, without the events named above.
    Ok(if skipped.is_empty() { super::exit::SUCCESS } else { super::exit::PARTIAL })
}

fn read_input(path: &Path, max_bytes: u64) -> Result<String> {
    if path == Path::new("-") {
        let bytes = read_through_limit(std::io::stdin().lock(), max_bytes, 0)
            .map_err(|source| Error::Io { path: STDIN_LABEL.to_string(), source })?;
        return text_within_limit(Path::new(STDIN_LABEL), bytes, max_bytes);
    }
    let size = std::fs::metadata(path).map_err(|source| Error::io(path, source))?.len();
    let too_large = |size: &str| {
        Error::problem(
            path.display().to_string(),
            format!("the file has {size} bytes, more than the limit of {max_bytes} (--max-input-bytes)"),
        )
    };
    if size > max_bytes {
        return Err(too_large(&size.to_string()));
    }
    // Read through the limit: a FIFO or a device reports no size.
    let bytes = std::fs::File::open(path)
        .and_then(|file| read_through_limit(file, max_bytes, size))
        .map_err(|source| Error::io(path, source))?;
    remember_input(path);
    text_within_limit(path, bytes, max_bytes)
}

/// The bytes read as text, refused when they went past the limit or are not UTF-8.
fn text_within_limit(path: &Path, bytes: Vec<u8>, max_bytes: u64) -> Result<String> {
    if bytes.len() as u64 > max_bytes && !bytes.contains(&0) {
        return Err(Error::problem(
            path.display().to_string(),
            format!("the file has more bytes than the limit of {max_bytes} (--max-input-bytes)"),
        ));
    }
    String::from_utf8(bytes).map_err(|err| {
        Error::problem(
            path.display().to_string(),
            format!("not UTF-8 text (bad byte at offset {})", err.utf8_error().valid_up_to()),
        )
    })
}
