#!/usr/bin/env bash
# Runs every command and format on the sample (timeline.yaml, samples/), a few test fixtures and,
# when ../shared/corpus exists, a few corpus pairs, and stores each output (stdout, stderr and
# exit code) in a folder outside the repository. Run it before a refactoring and after each
# step, then compare the folders with `diff -r`: a refactoring that is meant to change nothing
# must leave them identical.
#
# Usage: scripts/golden-outputs.sh OUT_DIR
# Environment: DOSSIER (default target/debug/dossier, built by `cargo build --locked`).

set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dossier="${DOSSIER:-$root/target/debug/dossier}"
out="${1:?usage: scripts/golden-outputs.sh OUT_DIR}"
case "$out" in
"$root"/*) echo "golden-outputs: OUT_DIR must be outside the repository" >&2; exit 2 ;;
esac
mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -f "$out"/*.out "$out"/*.err "$out"/*.code
corpus="$root/../shared/corpus"
[ -d "$corpus" ] || corpus="/work/shared/corpus"

# run NAME ARGS...: runs dossier in the repository root with a fixed width and environment.
run() {
    local name="$1"
    shift
    local code=0
    (cd "$root" && env -u NO_COLOR -u DOSSIER_TIMELINE -u DOSSIER_COLOR -u DOSSIER_WIDTH \
        -u DOSSIER_MAX_INPUT_BYTES -u DOSSIER_ALLOW_OUTSIDE COLUMNS=100 \
        "$dossier" "$@" >"$out/$name.out" 2>"$out/$name.err") || code=$?
    echo "$code" >"$out/$name.code"
}

v1=samples/china-russia-2018.txt
v2=samples/china-russia-2018-v2.txt
v3=samples/china-russia-2018-v3.txt

for format in table markdown csv json svg html; do
    run "timeline-show-$format" timeline show --format "$format"
done
run timeline-show-filtered timeline show --format markdown --from 2018-03 --tag trade
run timeline-check timeline check
run timeline-check-problems --timeline tests/fixtures/timelines/many-problems.yaml timeline check
for format in timelinejs-json timelinejs-csv tilse; do
    run "timeline-export-$format" timeline export --format "$format"
done

for format in table markdown csv json; do
    run "align-$format" align --format "$format"
    run "align-v3-$format" align "$v3" --format "$format"
done
run align-suggest align --suggest
run align-explain align --explain
run align-published align --published 2018-04-10 --format json

# diff PREFIX OLD NEW [FLAGS...]: every format and view of one pair.
diff_all() {
    local prefix="$1" old="$2" new="$3"
    shift 3
    for format in terminal unified markdown html json table svg; do
        run "$prefix-$format" "$@" diff "$old" "$new" --format "$format"
    done
    run "$prefix-color" "$@" --color always diff "$old" "$new"
    run "$prefix-table-color" "$@" --color always diff "$old" "$new" --format table
    run "$prefix-side-by-side" "$@" --color always diff "$old" "$new" --side-by-side
    run "$prefix-context" "$@" diff "$old" "$new" --context 1
    run "$prefix-stat" "$@" diff "$old" "$new" --stat
    run "$prefix-stat-json" "$@" diff "$old" "$new" --stat --format json
}
diff_all diff-sample-v1v2 "$v1" "$v2"
diff_all diff-sample-v2v3 "$v2" "$v3"
diff_all diff-sample-notimeline "$v1" "$v3" --no-timeline
diff_all diff-treaty-swapped tests/fixtures/diff-readme/treaty.txt tests/fixtures/diff-readme/treaty-swapped.txt --no-timeline
diff_all diff-treaty-split tests/fixtures/diff-readme/treaty.txt tests/fixtures/diff-readme/treaty-split.txt --no-timeline
diff_all diff-moved-edited tests/fixtures/diff/moved.txt tests/fixtures/diff/moved-edited.txt --no-timeline
diff_all diff-merged tests/fixtures/diff/split-with-date.txt tests/fixtures/diff/merged.txt --no-timeline
run diff-ignore diff "$v1" "$v2" --ignore-case --ignore-punctuation --ignore-quotes --format json
run diff-batch --no-timeline diff --batch tests/fixtures/batch/archive --format json

for format in table markdown csv json html svg; do
    run "history-$format" history --format "$format"
    run "history-two-$format" history "$v1" "$v3" --format "$format"
done
run history-color --color always history
for format in markdown html csv json; do
    run "brief-$format" brief --format "$format"
    run "brief-two-$format" brief "$v1" "$v3" --format "$format"
done
for table in events changes; do
    run "brief-table-$table" brief --table "$table"
    run "brief-csv-$table" brief --format csv --table "$table"
done

if [ -d "$corpus" ]; then
    for pair in art-of-command-line-61362aa site-policy-community-guidelines-2020 site-policy-tos-2017; do
        for format in terminal json table html markdown; do
            run "corpus-$pair-$format" --no-timeline diff "$corpus/$pair/old.md" "$corpus/$pair/new.md" --format "$format"
        done
        run "corpus-$pair-stat" --no-timeline diff "$corpus/$pair/old.md" "$corpus/$pair/new.md" --stat
        for format in table json html; do
            run "corpus-$pair-history-$format" --no-timeline history "$corpus/$pair/old.md" "$corpus/$pair/new.md" --format "$format"
        done
        run "corpus-$pair-brief" brief "$corpus/$pair/old.md" "$corpus/$pair/new.md" --format json
    done
    run corpus-war-and-peace-json --no-timeline diff "$corpus/war-and-peace/wrnpc11.txt" "$corpus/war-and-peace/wrnpc12.txt" --format json
else
    echo "golden-outputs: $corpus not found, corpus pairs skipped" >&2
fi
echo "golden-outputs: $(ls "$out" | grep -c '\.out$') outputs in $out"
