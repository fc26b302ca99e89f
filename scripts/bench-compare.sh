#!/usr/bin/env bash
# Times whole processes side by side: dossier (release build), git diff --no-index
# --word-diff=porcelain, wdiff and dwdiff, on the corpus pairs; then dossier's growth on
# 1..16 MB inputs with the same edit rate, and two unrelated texts. Wall time and peak memory
# (RSS) come from /usr/bin/time -v; each figure is the median of several runs. The machine may
# be shared: read the ratios, measured in the same minute, rather than the absolute times.
#
# Needs: a release build (cargo build --release), git, GNU time; wdiff and dwdiff are measured
# when installed (sudo apt-get install wdiff dwdiff time). Installs nothing itself.
#
# Usage: scripts/bench-compare.sh [CORPUS_DIR]     (default: ../shared/corpus)
# Environment: RUNS (default 5), DOSSIER (default target/release/dossier), INSTRUCTIONS=1 to
# count the growth runs' instructions under valgrind (slow; repeatable on a busy machine).

set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/corpus}"
runs="${RUNS:-5}"
dossier="${DOSSIER:-$root/target/release/dossier}"

if [[ ! -x /usr/bin/time ]]; then
    echo "GNU time is missing: sudo apt-get install time" >&2
    exit 2
fi
if [[ ! -x "$dossier" ]]; then
    echo "no release build at $dossier: run cargo build --release" >&2
    exit 2
fi
if [[ ! -d "$corpus" ]]; then
    echo "no corpus at $corpus" >&2
    exit 2
fi
for tool in wdiff dwdiff; do
    command -v "$tool" >/dev/null || echo "note: $tool not installed (sudo apt-get install wdiff dwdiff); skipped" >&2
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# measure NAME COMMAND... : prints "seconds megabytes" (medians over $runs runs). Exit code 1
# means "files differ" for the diff tools; anything above 1 is a failure.
measure() {
    local stats="$work/stats"
    : >"$stats"
    for ((run = 0; run < runs; run++)); do
        local status=0
        /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || status=$?
        if ((status > 1)); then
            echo "failed ($status): $*" >&2
            cat "$work/stderr" "$work/time" >&2
            echo "- - -"
            return
        fi
        local wall rss cpu
        wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time")"
        rss="$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/time")"
        cpu="$(awk -F': ' '/(User|System) time/ { s += $2 } END { printf "%.2f", s }' "$work/time")"
        echo "$wall $rss $cpu" >>"$stats"
    done
    local seconds megabytes cpu_seconds
    seconds="$(sort -g -k1,1 "$stats" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
    megabytes="$(sort -g -k2,2 "$stats" | awk '{ v[NR] = $2 } END { print v[int((NR + 1) / 2)] }')"
    cpu_seconds="$(sort -g -k3,3 "$stats" | awk '{ v[NR] = $3 } END { print v[int((NR + 1) / 2)] }')"
    echo "$seconds $megabytes $cpu_seconds"
}

# instructions COMMAND... : instructions of one run under callgrind (repeatable where wall time
# is not, on a shared machine; slow, so only with INSTRUCTIONS=1), else "-".
instructions() {
    if [[ "${INSTRUCTIONS:-0}" != 1 ]] || ! command -v valgrind >/dev/null; then
        echo "-"
        return
    fi
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$work/callgrind" || true
    local count
    count="$(awk '/refs:/ { gsub(",", "", $NF); print $NF }' "$work/callgrind")"
    if [[ "$count" =~ ^[0-9]+$ ]]; then echo "$count"; else echo "-"; fi
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'
}

compare_pair() {
    local label="$1" old="$2" new="$3"
    echo
    echo "## $label  ($(du -h "$old" | cut -f1) -> $(du -h "$new" | cut -f1), median of $runs runs)"
    local git_s git_mb wdiff_s="-" wdiff_mb="-"
    read -r git_s git_mb _ < <(measure git diff --no-index --word-diff=porcelain "$old" "$new")
    if command -v wdiff >/dev/null; then
        read -r wdiff_s wdiff_mb _ < <(measure wdiff "$old" "$new")
    fi
    printf '%-44s %9s %9s %8s %10s\n' tool seconds "peak MB" "vs git" "vs wdiff"
    row() {
        printf '%-44s %9s %9s %8s %10s\n' "$1" "$2" "$3" "$(ratio "$2" "$git_s")" "$(ratio "$2" "$wdiff_s")"
    }
    local s mb
    read -r s mb _ < <(measure "$dossier" --no-timeline diff --format json "$old" "$new")
    row "dossier diff --format json" "$s" "$mb"
    row "git diff --no-index --word-diff=porcelain" "$git_s" "$git_mb"
    if command -v wdiff >/dev/null; then
        row "wdiff" "$wdiff_s" "$wdiff_mb"
    fi
    if command -v dwdiff >/dev/null; then
        read -r s mb _ < <(RUNS=1 measure dwdiff "$old" "$new")
        row "dwdiff (1 run)" "$s" "$mb"
    fi
}

echo "# Whole-process comparison on the corpus pairs"
for folder in "$corpus"/*/; do
    if [[ -f "$folder/old.md" && -f "$folder/new.md" ]]; then
        compare_pair "$(basename "$folder")" "$folder/old.md" "$folder/new.md"
    fi
done
wp="$corpus/war-and-peace"
if [[ -f "$wp/wrnpc11.txt" ]]; then
    compare_pair "war-and-peace wrnpc11 -> wrnpc12" "$wp/wrnpc11.txt" "$wp/wrnpc12.txt"
    compare_pair "war-and-peace 2600 -> 2600-0" "$wp/2600.txt" "$wp/2600-0.txt"
fi

if [[ ! -f "$wp/wrnpc11.txt" ]]; then
    echo "no War and Peace in the corpus: growth and unrelated-text runs skipped" >&2
    exit 0
fi

# Growth: N MB of the book (each copy marked so no paragraph repeats), and the same with one
# line in 40 edited (a word replaced), so the edit rate is the same at every size.
echo
echo "# Linear growth: same edit rate, doubling size (median of $runs runs; CPU = user + system seconds,"
echo "# which waiting for a busy core does not inflate; instructions with INSTRUCTIONS=1, one callgrind run)"
printf '%6s %9s %9s %9s %10s %9s %14s %10s\n' MB seconds "x/double" "CPU s" "x/double" "peak MB" instructions "x/double"
previous=""
previous_cpu=""
previous_count=""
for size in 1 2 4 8 16; do
    old="$work/grow-$size-old.txt"
    new="$work/grow-$size-new.txt"
    bytes=$((size * 1024 * 1024))
    copy=0
    : >"$old"
    while (($(stat -c %s "$old") < bytes)); do
        copy=$((copy + 1))
        awk -v copy="$copy" '{ sub(/\r$/, ""); if (length($0) > 0) print $0 " copy" copy; else print "" }' \
            "$wp/wrnpc11.txt" >>"$old"
    done
    head -c "$bytes" "$old" >"$old.cut" && mv "$old.cut" "$old"
    awk 'NR % 40 == 0 { sub(/ the /, " a ") } { print }' "$old" >"$new"
    read -r s mb cpu < <(measure "$dossier" --no-timeline diff --format json "$old" "$new")
    count="$(instructions "$dossier" --no-timeline diff --format json "$old" "$new")"
    growth="-"
    cpu_growth="-"
    count_growth="-"
    if [[ -n "$previous" ]]; then
        growth="$(ratio "$s" "$previous")"
        cpu_growth="$(ratio "$cpu" "$previous_cpu")"
        count_growth="$(ratio "$count" "$previous_count")"
    fi
    printf '%6s %9s %9s %9s %10s %9s %14s %10s\n' "$size" "$s" "$growth" "$cpu" "$cpu_growth" "$mb" "$count" "$count_growth"
    previous="$s"
    previous_cpu="$cpu"
    previous_count="$count"
done

# Unrelated texts of about 3 MB: the book against the 2013 edition with every line reversed
# (no word in common), the case where an unbounded diff goes quadratic.
echo
echo "# Unrelated texts (median of $runs runs)"
rev "$wp/2600.txt" >"$work/unrelated.txt"
read -r s mb _ < <(measure "$dossier" --no-timeline diff --format json "$wp/wrnpc11.txt" "$work/unrelated.txt")
printf '%-44s %9s %9s\n' "dossier diff --format json" "$s" "$mb"
read -r s mb _ < <(measure git diff --no-index --word-diff=porcelain "$wp/wrnpc11.txt" "$work/unrelated.txt")
printf '%-44s %9s %9s\n' "git diff --no-index --word-diff=porcelain" "$s" "$mb"

# The other figures of issue 6, from the project root: the timeline shown as JSON with 10,000
# generated events, start-up on the sample, and the brief on the sample.
echo
echo "# Timeline and brief (median of $runs runs)"
events="$work/timeline-10000.yaml"
{
    echo "title: Generated timeline"
    echo "events:"
    for ((event = 1; event <= 10000; event++)); do
        printf '  - id: event-%d\n    title: Generated event number %d\n    date: %04d-%02d-%02d\n' \
            "$event" "$event" $((1900 + event % 120)) $((1 + event % 12)) $((1 + event % 28))
        printf '    actors: [Actor %d]\n    places: [Place %d]\n    tags: [tag-%d]\n' \
            $((event % 50)) $((event % 30)) $((event % 10))
    done
} >"$events"
cd "$root"
printf '%-52s %9s %9s %8s\n' command seconds "peak MB" target
read -r s mb _ < <(measure "$dossier" --timeline "$events" timeline show --format json)
printf '%-52s %9s %9s %8s\n' "timeline show --format json (10,000 events)" "$s" "$mb" "< 0.5"
read -r s mb _ < <(measure "$dossier" --color never timeline show)
printf '%-52s %9s %9s %8s\n' "timeline show (sample: start-up)" "$s" "$mb" "< 0.02"
read -r s mb _ < <(measure "$dossier" --color never brief)
printf '%-52s %9s %9s %8s\n' "brief (sample)" "$s" "$mb" "< 0.05"
