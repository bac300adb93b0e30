#!/usr/bin/env python3
"""Turns Microsoft's Exchange web-file hash lists into shellcarve's compact baseline table.

    scripts/make-exchange-baselines.py [INPUT.csv[.xz]] [OUTPUT.bin]

Defaults: ../shared/corpus/exchange/exchange-web-baselines.csv.xz (or /work/shared/corpus/...)
and rules/exchange-baselines.bin. Input columns: path (relative to the Exchange install
folder, backslashes, leading backslash), sha256 (lower-case hex), builds (space-separated).
The source is CSS-Exchange's Security/src/Baselines (MIT; see docs/exchange-baselines.md).

Normalisations (each one said on stderr with its count):
  * builds written with leading zeros (15.01.1034.026) become 15.1.1034.26;
  * a byte-order mark before a hash (one row: files were concatenated) is dropped;
  * paths are compared case-insensitively (ASCII, as Windows compares these all-ASCII
    names); spellings of one path are merged and the most frequent spelling is kept (ties:
    the smallest byte string); rows with the same path and hash merge their builds.

The output format is documented in src/detect/exchange_baselines.h; this script and that
parser must change together. Same input -> same bytes (sorted everywhere, zlib level 9,
no timestamps). Python 3 standard library only.
"""
import collections
import csv
import io
import lzma
import os
import re
import struct
import sys
import zlib

MAGIC = b"SCEXBASE"
VERSION = 1
# The extensions CSS-Exchange hashed (SOURCES.md of the corpus, the list's own filter): the
# integrity pass checks every file with one of them, so a planted x.asp is still `unknown`.
WEB_EXTENSIONS = ["asax", "ascx", "ashx", "asmx", "asp", "aspx", "config", "cshtml", "css",
                  "htm", "html", "js", "master", "svc", "xml"]
MAX_U16 = 0xFFFF


def normalise_build(text):
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        sys.exit(f"not a build number: {text!r}")
    return ".".join(str(int(p)) for p in parts)


def build_key(build):
    return tuple(int(p) for p in build.split("."))


def read_rows(source):
    raw = lzma.open(source, "rb").read() if source.endswith(".xz") else open(source, "rb").read()
    reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
    header = next(reader)
    if header != ["path", "sha256", "builds"]:
        sys.exit(f"{source}: unexpected header {header}")
    rows = []
    notes = collections.Counter()
    for line, row in enumerate(reader, start=2):
        if len(row) != 3:
            sys.exit(f"{source}:{line}: {len(row)} columns")
        path, sha, builds = row
        if sha.startswith("\ufeff"):
            sha = sha[1:]
            notes["byte-order mark removed before a hash"] += 1
        if not re.fullmatch(r"[0-9a-f]{64}", sha):
            sys.exit(f"{source}:{line}: bad sha256 {sha!r}")
        if not path.isascii() or not path.startswith("\\") or len(path) > MAX_U16:
            sys.exit(f"{source}:{line}: unexpected path {path!r}")
        names = builds.split()
        if not names:
            sys.exit(f"{source}:{line}: no builds")
        normalised = set()
        for b in names:
            n = normalise_build(b)
            if n != b:
                notes[f"build {b} written as {n}"] += 1
            normalised.add(n)
        rows.append((path, sha, normalised))
    return rows, notes


def shared_prefix(a, b):
    n = 0
    limit = min(len(a), len(b), MAX_U16)
    while n < limit and a[n] == b[n]:
        n += 1
    return n


def encode(rows):
    builds = sorted({b for _, _, bs in rows for b in bs}, key=build_key)
    if len(builds) > MAX_U16:
        sys.exit("too many builds")
    build_index = {b: i for i, b in enumerate(builds)}

    spellings = collections.defaultdict(collections.Counter)
    for path, _, _ in rows:
        spellings[path.lower()][path] += 1
    folded = sorted(spellings, key=lambda p: p.encode())
    path_index = {p: i for i, p in enumerate(folded)}
    spelled = [min(spellings[p].items(), key=lambda kv: (-kv[1], kv[0].encode()))[0] for p in folded]

    merged = collections.defaultdict(set)  # (path index, sha) -> build indices
    for path, sha, bs in rows:
        merged[(path_index[path.lower()], sha)].update(build_index[b] for b in bs)
    keys = sorted(merged)
    sets = sorted({tuple(sorted(merged[k])) for k in keys})
    if len(sets) > MAX_U16:
        sys.exit("too many distinct build sets")
    set_index = {s: i for i, s in enumerate(sets)}
    set_bytes = (len(builds) + 7) // 8

    out = bytearray()
    out += struct.pack("<I", len(builds))
    for b in builds:
        out += struct.pack("<B", len(b)) + b.encode("ascii")
    out += struct.pack("<I", len(WEB_EXTENSIONS))
    for e in WEB_EXTENSIONS:
        out += struct.pack("<B", len(e)) + e.encode("ascii")
    out += struct.pack("<I", len(sets))
    for s in sets:
        bits = bytearray(set_bytes)
        for i in s:
            bits[i // 8] |= 1 << (i % 8)
        out += bits
    out += struct.pack("<I", len(spelled))
    previous = b""
    for p in spelled:
        e = p.encode("ascii")
        n = shared_prefix(previous, e)
        out += struct.pack("<HH", n, len(e) - n) + e[n:]
        previous = e
    per_path = collections.Counter(k[0] for k in keys)
    if max(per_path.values()) > MAX_U16:
        sys.exit("too many hashes for one path")
    for i in range(len(spelled)):
        out += struct.pack("<H", per_path[i])
    out += struct.pack("<I", len(keys))
    for _, sha in keys:
        out += bytes.fromhex(sha)
    for k in keys:
        out += struct.pack("<H", set_index[tuple(sorted(merged[k]))])

    payload = bytes(out)
    header = MAGIC + struct.pack("<II", VERSION, len(payload))
    summary = (f"{len(builds)} builds ({builds[0]} .. {builds[-1]}), {len(sets)} build sets, "
               f"{len(spelled)} paths ({sum(len(v) for v in spellings.values())} spellings), "
               f"{len(keys)} path+hash rows")
    return header + zlib.compress(payload, 9), summary


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    default_in = os.path.join(os.path.dirname(root), "shared/corpus/exchange/exchange-web-baselines.csv.xz")
    if not os.path.exists(default_in):
        default_in = "/work/shared/corpus/exchange/exchange-web-baselines.csv.xz"
    source = sys.argv[1] if len(sys.argv) > 1 else default_in
    target = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "rules/exchange-baselines.bin")
    rows, notes = read_rows(source)
    data, summary = encode(rows)
    for note, count in sorted(notes.items()):
        print(f"note: {note} ({count}x)", file=sys.stderr)
    with open(target + ".tmp", "wb") as f:
        f.write(data)
    os.replace(target + ".tmp", target)
    print(f"{target}: {len(data)} bytes; {len(rows)} input rows; {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
