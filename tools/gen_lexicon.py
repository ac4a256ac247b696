#!/usr/bin/env python3
"""Regenerate src/slug/lexicon.tsv and lexicon.idx, the word table behind gazette's Chinese slugs.

Inputs (all MIT-licensed, all from package registries; nothing is downloaded here). To get them:
  pip download --no-deps -d /tmp/in jieba==0.42.1 pypinyin==0.55.0   (then unpack both)
  and, after any build of the slug crate, ~/.cargo/registry/src/*/pinyin-0.11.0/.

  --jieba    jieba's dict.txt (word, frequency, POS), e.g. from the crates.io package
             jieba-rs 0.11.0 (src/data/dict.txt) or the PyPI package jieba 0.42.1
             (jieba/dict.txt). Origin: fxsjy/jieba, MIT, (c) 2013 Sun Junyi.
  --phrases  pypinyin/phrases_dict.json from the PyPI wheel pypinyin 0.55.0. It is
             mozillazg/phrase-pinyin-data 0.19.0 pinyin.txt (MIT, (c) 2017 mozillazg),
             without the CC-CEDICT-derived large_pinyin.txt.
  --chars    pinyin-data/pinyin.txt inside the crates.io package pinyin 0.11.0, i.e. the
             very table the slug module uses at run time for single characters
             (mozillazg/pinyin-data 0.15.0, MIT).

Outputs, in --out-dir (src/slug):

lexicon.tsv: one line per word, sorted by code point (= UTF-8 byte order):

    word <TAB> frequency [<TAB> reading]

  The first line is `#total <TAB> N`, the sum of all frequencies (for log probabilities).
  A reading (space-separated toneless syllables, u-umlaut written `v`) is stored only when
  it differs from the per-character default, so the file carries segmentation data for all
  kept words but pronunciations only where a phrase actually changes them.

lexicon.idx: a hash table over every word and every prefix of a word (so segmentation can
  stop as soon as no longer word is possible), ready to use without any start-up work.
  Little-endian u32 slots, open addressing with linear probing, slot = FNV-1a-32(key bytes)
  mod slot count; a slot holds (byte offset of the first line whose word starts with the key)
  << 8 | (key length in bytes), 0 when empty. The load factor stays below LOAD. Offsets have
  24 bits, so lexicon.tsv must stay under 16 MiB.

Example:
  python3 tools/gen_lexicon.py --jieba .../dict.txt --phrases .../phrases_dict.json \
      --chars .../pinyin-data/pinyin.txt --min-freq 4 --out-dir src/slug
"""

import argparse
import json
import re
import sys
import struct
import unicodedata
from pathlib import Path

HAN = re.compile(r"^[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+$")
# Frequency given to a polyphone phrase that jieba does not know (jieba's own floor).
PHRASE_ONLY_FREQ = 3
# Upper bound on filled / total slots of lexicon.idx: keeps failed look-ups short.
LOAD = 0.7
MAX_KEY_BYTES = 255


def plain(syllable):
    """Toneless ASCII-ish syllable, the same folding the Rust side applies."""
    out = []
    for ch in unicodedata.normalize("NFD", syllable):
        if unicodedata.combining(ch) and ch != "\u0308":
            continue
        out.append(ch)
    text = unicodedata.normalize("NFC", "".join(out))
    return text.replace("ü", "v").replace("ê", "e").replace("u\u0308", "v")


def load_defaults(path):
    defaults = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            code, readings = line.split(":", 1)
            first = readings.strip().split(",")[0]
            defaults[chr(int(code.strip()[2:], 16))] = plain(first)
    return defaults


def load_jieba(path, min_freq):
    words = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2 or not HAN.match(parts[0]):
                continue
            freq = int(parts[1])
            if freq >= min_freq or len(parts[0]) == 1:
                words[parts[0]] = words.get(parts[0], 0) + freq
    return words


def load_readings(path, defaults):
    """Phrase readings that differ from reading the characters one by one."""
    with open(path, encoding="utf-8") as f:
        phrases = json.load(f)
    readings, same = {}, {}
    for phrase, syllables in phrases.items():
        if len(phrase) < 2 or not HAN.match(phrase) or len(syllables) != len(phrase):
            continue
        reading = " ".join(plain(s[0]) for s in syllables)
        if reading == " ".join(defaults.get(ch, "?") for ch in phrase):
            same[phrase] = reading
        else:
            readings[phrase] = reading
    guards = add_guards(readings, same, defaults)
    return readings, len(phrases), len(same), guards


def runtime_reading(word, readings, defaults, max_len):
    """What the Rust side reads for `word`: longest stored phrase first, else one character."""
    out, i = [], 0
    while i < len(word):
        for j in range(min(len(word), i + max_len), i + 1, -1):
            if word[i:j] in readings:
                out.append(readings[word[i:j]])
                i = j
                break
        else:
            out.append(defaults.get(word[i], "?"))
            i += 1
    return " ".join(out)


def add_guards(readings, same, defaults):
    """Keep a default-equal reading too when dropping it would let a shorter phrase inside it win.

    E.g. if ABC reads like its characters but AB does not, the runtime would read AB's reading
    into ABC unless ABC itself is stored.
    """
    guards = 0
    changed = True
    while changed:
        changed = False
        max_len = max(len(p) for p in readings)
        for phrase, reading in same.items():
            if phrase not in readings and runtime_reading(phrase, readings, defaults, max_len) != reading:
                readings[phrase] = reading
                guards += 1
                changed = True
    return guards


def render(words, readings, total):
    """The lexicon.tsv bytes, and the byte offset of each word's line in sorted order."""
    lines, offsets, offset = [f"#total\t{total}\n".encode()], [], 0
    offset = len(lines[0])
    for word in sorted(words):
        reading = readings.get(word)
        line = (f"{word}\t{words[word]}\t{reading}\n" if reading else f"{word}\t{words[word]}\n").encode()
        offsets.append((word, offset))
        lines.append(line)
        offset += len(line)
    return b"".join(lines), offsets


def fnv1a(data):
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def build_index(offsets):
    """Open-addressing table from every word and word prefix to the first line starting with it."""
    keys = {}
    for word, offset in offsets:  # sorted, so the first line seen for a prefix is the first in the file
        for end in range(1, len(word) + 1):
            keys.setdefault(word[:end].encode(), offset)
    size = int(len(keys) / LOAD) + 1
    slots = [0] * size
    for key, offset in keys.items():
        i = fnv1a(key) % size
        while slots[i]:
            i = (i + 1) % size
        slots[i] = offset << 8 | len(key)
    return slots


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jieba", required=True)
    ap.add_argument("--phrases", required=True)
    ap.add_argument("--chars", required=True)
    ap.add_argument("--min-freq", type=int, default=4)
    ap.add_argument("--out-dir", required=True)
    args = ap.parse_args()

    defaults = load_defaults(args.chars)
    words = load_jieba(args.jieba, args.min_freq)
    readings, n_phrases, n_same, n_guards = load_readings(args.phrases, defaults)
    for phrase in readings:
        words.setdefault(phrase, PHRASE_ONLY_FREQ)

    words = {w: f for w, f in words.items() if len(w.encode()) <= MAX_KEY_BYTES}
    total = sum(words.values())
    text, offsets = render(words, readings, total)
    if len(text) >= 1 << 24:
        sys.exit("lexicon.tsv would exceed the index's 24-bit offsets; raise --min-freq")
    out_dir = Path(args.out_dir)
    (out_dir / "lexicon.tsv").write_bytes(text)
    index = build_index(offsets)
    (out_dir / "lexicon.idx").write_bytes(b"".join(struct.pack("<I", slot) for slot in index))
    print(
        f"lexicon.tsv: {len(text)} bytes; lexicon.idx: {4 * len(index)} bytes, "
        f"{sum(1 for s in index if s)} keys in {len(index)} slots",
        file=sys.stderr,
    )
    print(
        f"phrases: {n_phrases}, same as per-character default: {n_same} ({n_guards} of them kept as guards), "
        f"kept readings: {len(readings)}; "
        f"words: {len(words)}, total frequency: {total}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
