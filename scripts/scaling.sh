#!/usr/bin/env bash
# The scaling harness of issue 17: times each hostile input shape at three sizes, each twice
# the one before, and fails when a doubling costs more than 2.5 times the time or the memory,
# or when the largest size takes 2 s or more, or 400 MB or more.
# Times below 0.2 s count as 0.2 s and peaks below 20 MB as 20 MB: start-up and the clock's
# hundredths would otherwise make noise look like growth. Time is CPU time (user + system),
# shown in brackets beside the wall time: on a shared machine the wall time also counts the
# waiting for a core, which made noise look like growth (SCALING_CLOCK=wall judges wall time).
#
# Needs a release build (cargo build --release --locked), GNU time and python3 (to write the
# inputs). Usage: scripts/scaling.sh            every shape
#                 SHAPES="nesting import-ids" scripts/scaling.sh
# Environment: DOSSIER (default target/release/dossier).
# Prints one line per shape: the sizes, "seconds(cpu)/MB" at each, the worst ratios, and ok,
# FAIL (growth) or OVER (the largest size is over 2 s or 400 MB); exits 1 when a shape is not ok.

set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dossier="${DOSSIER:-$root/target/release/dossier}"
all_shapes="alias-bomb nesting change-map change-map-words history-map timeline-svg import-ids import-entities \
import-brackets import-links diff-moves align-dates align-slashes diff-dates shared-aliases brief-aliases \
one-line-diff"
shapes="${SHAPES:-$all_shapes}"

if [[ ! -x /usr/bin/time ]]; then
    echo "GNU time is missing: sudo apt-get install time" >&2
    exit 2
fi
if [[ ! -x "$dossier" ]]; then
    echo "no release build at $dossier: run cargo build --release --locked" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

# Writes the input of SHAPE at SIZE into the current folder (python3 keeps it readable).
generate() {
    python3 - "$1" "$2" <<'PYTHON'
import json, random, sys
shape, n = sys.argv[1], int(sys.argv[2])
def write(name, text):
    with open(name, "w", encoding="utf-8") as out:
        out.write(text)
def paragraphs(count, words):
    return "\n\n".join(" ".join(f"w{(i * 7 + j) % 997}" for j in range(words)) for i in range(count)) + "\n"
def slides(events):
    return json.dumps({"events": events})
if shape == "alias-bomb":
    write("t.yaml", f"a: &s {'x' * 100_000}\nb: [{'*s,' * n}]\n")
elif shape == "nesting":
    write("t.yaml", "events: " + "[" * n + "]" * n + "\n")
elif shape in ("change-map", "history-map"):
    # Every tenth paragraph edited, in place: the diff is cheap, the map is most of the work.
    old = paragraphs(n, 6).strip().split("\n\n")
    new = [f"{p} edited" if i % 10 == 0 else p for i, p in enumerate(old)]
    write("old.txt", "\n\n".join(old) + "\n")
    write("new.txt", "\n\n".join(new) + "\n")
elif shape == "change-map-words":
    write("old.txt", "\n\n".join(f"w{i % 997}" for i in range(n)) + "\n")
    write("new.txt", "\n\n".join(f"w{i % 997}" for i in range(n) if i % 10) + "\n")
elif shape == "timeline-svg":
    events = "".join(f"  - {{id: e{i}, title: Event {i}, date: 2018-03-{1 + i % 28:02}, tags: [t{i}]}}\n" for i in range(n))
    write("t.yaml", "events:\n" + events)
elif shape == "import-ids":
    write("t.json", slides([{"start_date": {"year": "2018"}, "text": {"headline": "Summit"}} for _ in range(n)]))
elif shape == "import-entities":
    write("t.json", slides([{"start_date": {"year": "2018"}, "text": {"headline": "A", "text": "&" * n}}]))
elif shape == "import-brackets":
    write("t.json", slides([{"start_date": {"year": "2018"}, "text": {"headline": "A", "text": "<" * n}}]))
elif shape == "import-links":
    links = "".join(f"<a href='https://example.org/{i}'>x</a>" for i in range(n))
    write("t.json", slides([{"start_date": {"year": "2018"}, "text": {"headline": "A", "text": links}}]))
elif shape == "diff-moves":
    sentences = ["China and Russia met again.", "Trade grew by ten percent."]
    old = [sentences[i % 2] for i in range(n)]
    new = old[:]
    random.Random(n).shuffle(new)
    write("old.txt", "\n\n".join(old) + "\n")
    write("new.txt", "\n\n".join(new) + "\n")
elif shape == "align-dates":
    write("a.txt", "Russia 1992 " * n + "\n")
    write("t.yaml", "events:\n  - {id: a, title: Russia and China, date: 1991-12-26}\n")
elif shape == "align-slashes":
    write("a.txt", "1992/" * n + "\n")
    write("t.yaml", "events:\n  - {id: a, title: Russia and China, date: 1991-12-26}\n")
elif shape == "diff-dates":
    # The same long sentence of dates, diffed with a timeline: the diff checks each version's dates.
    write("old.txt", "Russia 1992 " * n + "\n")
    write("new.txt", "Russia 1992 " * n + "and 1993.\n")
    write("t.yaml", "events:\n  - {id: a, title: Russia and China, date: 1991-12-26}\n")
elif shape in ("shared-aliases", "brief-aliases"):
    events = "".join(f"  - {{id: e{i}, title: Event {i}, date: 2018, aliases: [the summit, the talks]}}\n" for i in range(n))
    write("t.yaml", "events:\n" + events)
    write("a.txt", "The summit opened. The talks went on in 2018.\n")
elif shape == "one-line-diff":
    sentence = "China and Russia met on Jan. 5 and agreed. "
    old = sentence * (n // len(sentence))
    write("old.txt", old)
    write("new.txt", old + "One more sentence.")
PYTHON
}

# The command that reads SHAPE's input.
command_for() {
    case "$1" in
        alias-bomb | nesting) echo "$dossier --timeline t.yaml timeline check" ;;
        change-map | change-map-words) echo "$dossier --no-timeline diff --format html old.txt new.txt" ;;
        history-map) echo "$dossier --no-timeline history --format svg old.txt new.txt" ;;
        timeline-svg) echo "$dossier --timeline t.yaml timeline show --format svg" ;;
        import-*) echo "$dossier timeline import --from timelinejs-json t.json" ;;
        diff-moves | one-line-diff) echo "$dossier --no-timeline diff old.txt new.txt" ;;
        align-dates | align-slashes) echo "$dossier --timeline t.yaml align a.txt --published 2018" ;;
        diff-dates) echo "$dossier --timeline t.yaml diff old.txt new.txt" ;;
        shared-aliases) echo "$dossier --timeline t.yaml align a.txt" ;;
        brief-aliases) echo "$dossier --timeline t.yaml brief --format html a.txt" ;;
    esac
}

# Three sizes, each twice the one before.
sizes_for() {
    case "$1" in
        alias-bomb) echo "12500 25000 50000" ;;
        nesting) echo "20000 40000 80000" ;;
        change-map | history-map) echo "25000 50000 100000" ;;
        change-map-words) echo "250000 500000 1000000" ;;
        timeline-svg) echo "10000 20000 40000" ;;
        import-ids) echo "5000 10000 20000" ;;
        import-entities | import-brackets) echo "1000000 2000000 4000000" ;;
        import-links) echo "20000 40000 80000" ;;
        diff-moves) echo "10000 20000 40000" ;;
        align-dates | diff-dates) echo "5000 10000 20000" ;;
        align-slashes) echo "12500 25000 50000" ;;
        shared-aliases | brief-aliases) echo "20000 40000 80000" ;;
        one-line-diff) echo "12000000 24000000 48000000" ;;
    esac
}

# Prints "seconds cpu-seconds megabytes" for one run of COMMAND; a run over 60 s is stopped
# and counts as 60.
measure() {
    local status=0
    # shellcheck disable=SC2086 # the command is a list of words
    timeout 60 /usr/bin/time -f '%e %U %S %M' -o time.txt $1 >/dev/null 2>stderr.txt || status=$?
    if ((status == 124)) || [[ ! -s time.txt ]]; then
        echo "60 60 0"
        return
    fi
    # GNU time writes "Command exited with non-zero status N" first when the run failed.
    tail -n 1 time.txt | awk '{ printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }'
}

failed=0
printf '%-17s %-26s %-50s %-14s %s\n' shape sizes "seconds(cpu)/MB at each size" "worst ratios" verdict
for shape in $shapes; do
    command="$(command_for "$shape")"
    if [[ -z "$command" ]]; then
        echo "unknown shape: $shape" >&2
        exit 2
    fi
    read -r -a sizes <<<"$(sizes_for "$shape")"
    figures=() times=() memories=()
    clock="${SCALING_CLOCK:-cpu}"
    for size in "${sizes[@]}"; do
        rm -f ./*.txt ./*.yaml ./*.json
        generate "$shape" "$size"
        read -r seconds cpu megabytes <<<"$(measure "$command")"
        figures+=("$seconds($cpu)/$megabytes")
        if [[ "$clock" == wall ]]; then times+=("$seconds"); else times+=("$cpu"); fi
        memories+=("$megabytes")
    done
    verdict="$(python3 - "${times[@]}" "${memories[@]}" <<'PYTHON'
import sys
values = [float(value) for value in sys.argv[1:]]
times, memories = values[:3], values[3:]
def worst(figures, floor):
    figures = [max(figure, floor) for figure in figures]
    return max(figures[1] / figures[0], figures[2] / figures[1])
time_ratio, memory_ratio = worst(times, 0.2), worst(memories, 20)
if time_ratio > 2.5 or memory_ratio > 2.5 or max(times) >= 60:
    verdict = "FAIL"
elif times[2] >= 2 or memories[2] >= 400:
    verdict = "OVER"
else:
    verdict = "ok"
print(f"{time_ratio:.2f}x/{memory_ratio:.2f}x {verdict}")
PYTHON
)"
    printf '%-17s %-26s %-50s %s\n' "$shape" "${sizes[*]}" "${figures[*]}" "$verdict"
    [[ "$verdict" == *ok ]] || failed=1
done
exit "$failed"
