#!/usr/bin/env bash
# Renders dossier's pictures and pages in headless Chromium, as a reader would see them, and
# fails when a screenshot is blank (fewer than MIN_COLOURS distinct colours); each is taken at
# two window widths, 1400 and 760 px. Each HTML page is
# also printed to PDF on A4 and on Letter paper; the sample's brief must fit MAX_BRIEF_PAGES
# (default 2) pages on both.
#
#   scripts/browser-check.sh [OUT_DIR] [FILE...]
#
# With no FILE, renders every picture and page dossier makes from the sample (./timeline.yaml
# and its article's versions): `timeline show --format svg|html`, `history --format svg|html`,
# `brief --format html` (all versions, and the first alone, whose date conflict is marked) and
# `diff --format html` when that command succeeds. Screenshots go to OUT_DIR (default:
# target/browser-check). Needs python3 (no PIL: the PNG is decoded with zlib); without
# chromium it says so and exits 0.
set -euo pipefail

cd "$(dirname "$0")/.."
out_dir=${1:-target/browser-check}
shift || true
min_colours=${MIN_COLOURS:-8}
max_brief_pages=${MAX_BRIEF_PAGES:-2}
mkdir -p "$out_dir"

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z $browser ]]; then
    echo "browser-check: skipped: no chromium (apt-get install -y chromium)"
    exit 0
fi

files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
    cargo build --quiet
    dossier=(./target/debug/dossier --color never)
    "${dossier[@]}" timeline show --format svg -o "$out_dir/timeline.svg"
    "${dossier[@]}" timeline show --format html -o "$out_dir/timeline.html"
    "${dossier[@]}" history --format svg -o "$out_dir/history.svg"
    "${dossier[@]}" history --format html -o "$out_dir/history.html"
    "${dossier[@]}" brief --format html -o "$out_dir/brief.html"
    "${dossier[@]}" brief --format html -o "$out_dir/brief-first-version.html" samples/china-russia-2018.txt
    files=("$out_dir"/{timeline.svg,timeline.html,history.svg,history.html,brief.html,brief-first-version.html})
    # Like diff(1), `dossier diff` exits 1 when the texts differ.
    rm -f "$out_dir/diff.html"
    diff_status=0
    "${dossier[@]}" diff --format html -o "$out_dir/diff.html" \
        samples/china-russia-2018.txt samples/china-russia-2018-v2.txt 2>/dev/null || diff_status=$?
    if [[ $diff_status -le 1 && -s $out_dir/diff.html ]]; then
        files+=("$out_dir/diff.html")
    else
        echo "skip diff --format html: the command failed (exit $diff_status)"
    fi
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

status=0
for file in "${files[@]}"; do
    for width in 1400 760; do
        name=$(basename "$file")
        png="$out_dir/${name%.*}-${name##*.}-$width.png"
        rm -f "$png"
        "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
            --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
            --screenshot="$png" --window-size=$width,1000 "file://$(realpath "$file")" >/dev/null 2>&1 || true
        if [[ ! -s $png ]]; then
            echo "FAIL $file: no screenshot" >&2
            status=1
            continue
        fi
        if colours=$(python3 - "$png" "$min_colours" <<'PY'
import struct, sys, zlib

path, minimum = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, header = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
width, height, depth, colour_type = header[:4]
assert depth == 8 and colour_type in (2, 6), f"unexpected PNG format {depth}/{colour_type}"
channels = 3 if colour_type == 2 else 4
stride = width * channels
raw = zlib.decompress(idat)
previous = bytearray(stride)
colours = set()
for row in range(height):
    start = row * (stride + 1)
    kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
    for i in range(stride):
        left = line[i - channels] if i >= channels else 0
        up = previous[i]
        up_left = previous[i - channels] if i >= channels else 0
        if kind == 1:
            line[i] = (line[i] + left) & 255
        elif kind == 2:
            line[i] = (line[i] + up) & 255
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 255
        elif kind == 4:
            p = left + up - up_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
            line[i] = (line[i] + predictor) & 255
    previous = line
    if row % 2 == 0:
        for i in range(0, stride, channels * 2):
            colours.add(bytes(line[i:i + 3]))
print(len(colours))
sys.exit(0 if len(colours) >= minimum else 1)
PY
        ); then
            echo "ok   $file -> $png ($colours colours)"
        else
            echo "FAIL $file -> $png looks blank (${colours:-?} colours)" >&2
            status=1
        fi
    done
done

# The number of pages of a PDF: pdfinfo when poppler-utils is there, else its page objects
# (Chromium writes them uncompressed).
pdf_pages() {
    if command -v pdfinfo >/dev/null; then
        pdfinfo "$1" | awk '/^Pages:/ { print $2 }'
    else
        python3 -c 'import re, sys; print(len(re.findall(rb"/Type\s*/Page\b(?!s)", open(sys.argv[1], "rb").read())))' "$1"
    fi
}

for file in "${files[@]}"; do
    [[ $file == *.html ]] || continue
    name=$(basename "$file" .html)
    for paper in A4 Letter; do
        # The pages leave the paper to the printer; here it is set, as a reader's print dialog would.
        printable="$out_dir/$name-$paper.print.html"
        pdf="$out_dir/$name-$paper.pdf"
        sed "s|</style>|@page { size: $paper; }\n</style>|" "$file" >"$printable"
        rm -f "$pdf"
        "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
            --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
            --no-pdf-header-footer --print-to-pdf="$pdf" "file://$(realpath "$printable")" >/dev/null 2>&1 || true
        if [[ ! -s $pdf ]]; then
            echo "FAIL $file: no PDF on $paper" >&2
            status=1
            continue
        fi
        pages=$(pdf_pages "$pdf")
        if [[ $name == brief && $pages -gt $max_brief_pages ]]; then
            echo "FAIL $file prints on $pages $paper pages (at most $max_brief_pages) -> $pdf" >&2
            status=1
        else
            echo "ok   $file prints on $pages $paper page(s) -> $pdf"
        fi
    done
done
# TimelineJS itself reads dossier's BCE years: the export of a timeline holding Caesar's death
# (-0043-03-15, astronomical) must show "March 15, 44 BCE". TimelineJS comes from the npm
# registry into the output folder; without npm, or offline, the check says so and is skipped.
timelinejs_version=3.9.11
timelinejs="$out_dir/timelinejs/node_modules/@knight-lab/timelinejs/dist"
if [[ ! -f $timelinejs/js/timeline.js ]] && command -v npm >/dev/null 2>&1; then
    npm install --silent --prefix "$out_dir/timelinejs" "@knight-lab/timelinejs@$timelinejs_version" >/dev/null 2>&1 || true
fi
if [[ -f $timelinejs/js/timeline.js ]]; then
    page="$out_dir/timelinejs-bce.html"
    {
        printf '<!doctype html><html><head><meta charset="utf-8">'
        printf '<link rel="stylesheet" href="%s"><script src="%s"></script></head>' \
            "timelinejs/node_modules/@knight-lab/timelinejs/dist/css/timeline.css" \
            "timelinejs/node_modules/@knight-lab/timelinejs/dist/js/timeline.js"
        printf '<body><div id="tl" style="width:1200px;height:700px"></div><script>new TL.Timeline("tl", '
        ./target/debug/dossier --timeline tests/fixtures/interchange/bce.yaml timeline export --format timelinejs-json
        printf ', {hash_bookmark: false});</script></body></html>'
    } >"$page"
    dom=$("$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
        --virtual-time-budget=5000 --dump-dom "file://$(realpath "$page")" 2>/dev/null || true)
    if grep -q 'March 15, 44 <span>BCE' <<<"$dom"; then
        echo "ok   TimelineJS $timelinejs_version shows the exported -0043-03-15 as March 15, 44 BCE"
    else
        echo "FAIL TimelineJS $timelinejs_version does not show the exported -0043-03-15 as March 15, 44 BCE -> $page" >&2
        status=1
    fi
else
    echo "browser-check: TimelineJS check skipped: npm could not install @knight-lab/timelinejs"
fi
exit $status
