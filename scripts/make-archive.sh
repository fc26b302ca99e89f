#!/usr/bin/env bash
# Builds an archive for `dossier diff --batch`: one folder per article, its versions in
# file-name order. War and Peace (edition 12) is split into its 365 chapters; each chapter is an
# article with 3 to 5 versions, each made from the one before by deterministic edits (words
# substituted, a sentence deleted, a paragraph moved, a number changed), seeded by the chapter
# number so every run builds the same bytes. The corpus's real revision pairs are added as
# articles of two versions each (War and Peace editions 11 -> 12 and 2013 -> 2018 whole, the
# site-policy and art-of-command-line pairs).
#
# Usage: scripts/make-archive.sh [OUT_DIR] [CORPUS_DIR]
#   OUT_DIR defaults to a new temporary folder; CORPUS_DIR to ../shared/corpus.
# Prints the archive's path. Then, for instance:
#   cargo build --release
#   time target/release/dossier --no-timeline diff --batch "$(scripts/make-archive.sh)" > steps.jsonl
#
# Needs: python3.

set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$(mktemp -d "${TMPDIR:-/tmp}/dossier-archive.XXXXXX")}"
corpus="${2:-$root/../shared/corpus}"

if [[ ! -d "$corpus/war-and-peace" ]]; then
    echo "no corpus at $corpus" >&2
    exit 2
fi
mkdir -p "$out"

python3 - "$corpus" "$out" <<'PY'
import random
import re
import shutil
import sys
from pathlib import Path

corpus, out = Path(sys.argv[1]), Path(sys.argv[2])

# The real pairs, as they are.
pairs = {
    "real-war-and-peace-editions": ("war-and-peace/wrnpc11.txt", "war-and-peace/wrnpc12.txt"),
    "real-war-and-peace-2013-2018": ("war-and-peace/2600.txt", "war-and-peace/2600-0.txt"),
    "real-site-policy-tos-2017": ("site-policy-tos-2017/old.md", "site-policy-tos-2017/new.md"),
    "real-site-policy-guidelines-2020": (
        "site-policy-community-guidelines-2020/old.md",
        "site-policy-community-guidelines-2020/new.md",
    ),
    "real-art-of-command-line": ("art-of-command-line-61362aa/old.md", "art-of-command-line-61362aa/new.md"),
}
for name, (old, new) in pairs.items():
    folder = out / name
    folder.mkdir(exist_ok=True)
    suffix = Path(old).suffix
    shutil.copyfile(corpus / old, folder / f"1{suffix}")
    shutil.copyfile(corpus / new, folder / f"2{suffix}")

# War and Peace chapter by chapter. The file is CRLF; paragraphs are separated by blank lines.
text = (corpus / "war-and-peace/wrnpc12.txt").read_bytes().decode("ascii").replace("\r\n", "\n")
chapters = re.split(r"\n(?=CHAPTER [IVXLC]+\n)", text)[1:]


def edit(paragraphs, rng):
    """One revision: a few word substitutions, maybe a deleted sentence, a moved paragraph, a number."""
    paragraphs = list(paragraphs)
    words = sorted({word for paragraph in paragraphs for word in re.findall(r"[a-z]{4,}", paragraph)})
    for _ in range(rng.randint(2, 6)):
        index = rng.randrange(len(paragraphs))
        candidates = re.findall(r"[a-z]{4,}", paragraphs[index])
        if candidates and words:
            old, new = rng.choice(candidates), rng.choice(words)
            paragraphs[index] = re.sub(rf"\b{old}\b", new, paragraphs[index], count=1)
    if rng.random() < 0.5:
        index = rng.randrange(len(paragraphs))
        sentences = re.split(r"(?<=[.!?]) ", paragraphs[index])
        if len(sentences) > 1:
            del sentences[rng.randrange(len(sentences))]
            paragraphs[index] = " ".join(sentences)
    if len(paragraphs) > 3 and rng.random() < 0.4:
        moved = paragraphs.pop(rng.randrange(1, len(paragraphs)))
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), moved)
    if rng.random() < 0.3:
        index = rng.randrange(len(paragraphs))
        paragraphs[index] += f" It was {rng.randint(2, 90)} versts away."
    return paragraphs


for number, chapter in enumerate(chapters, start=1):
    rng = random.Random(number)
    folder = out / f"war-and-peace-{number:03d}"
    folder.mkdir(exist_ok=True)
    paragraphs = [paragraph for paragraph in chapter.strip().split("\n\n") if paragraph.strip()]
    for version in range(1, 3 + number % 3 + 1):
        if version > 1:
            paragraphs = edit(paragraphs, rng)
        (folder / f"v{version}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
PY

echo "$out"
