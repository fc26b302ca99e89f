//! Page chrome shared by every HTML page: the head (character set, viewport, the content
//! security policy that allows no script and no fetch), the common styles, figures.

use std::io::{self, Write};

use crate::safe_text::escape_html;

/// Page styles shared by the history and brief pages.
pub const PAGE_CSS: &str = "\
body { font-family: Georgia, 'Times New Roman', serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table.grid { border-collapse: collapse; width: 100%; font-size: 0.9em; margin: 0.5em 0 1em; }
table.grid th, table.grid td { border: 1px solid #c8c8c8; padding: 0.25em 0.45em; text-align: left; vertical-align: top; }
table.grid th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.state-edited { background: #fef9c3; } .state-inserted, .state-added { background: #dcfce7; }
.state-deleted, .state-removed, .state-date_changed { background: #fee2e2; } .state-moved { background: #e0f2fe; }
.state-absent { background: #fafafa; } .summary { color: #444; font-style: italic; }
figure.picture { margin: 1em 0; overflow-x: auto; } figure.picture svg { max-width: 100%; height: auto; }
figure.picture figcaption { font-size: 0.9em; color: #444; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
";

/// Opens a self-contained page: no scripts, no external resources. `title` is plain text.
pub fn write_page_start(out: &mut dyn Write, title: &str, css: &[&str]) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    // No script, nothing fetched, even if an escape were ever missed.
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )?;
    writeln!(out, "<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>", escape_html(title), css.concat())
}

/// Closes a page opened by `write_page_start`.
pub fn write_page_end(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "</body>\n</html>")
}

/// An inline picture with its caption.
pub fn write_figure(
    out: &mut dyn Write,
    caption: &str,
    picture: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    writeln!(out, "<figure class=\"picture\">")?;
    picture(out)?;
    writeln!(out, "<figcaption>{}</figcaption>\n</figure>", escape_html(caption))
}
