#!/usr/bin/env python3
"""Replay the shared corpora through bundlecheck.

Usage: run_corpus.py BUNDLECHECK MODE
  MODE zip: every file of $SHARED_CORPUS/zip-libzip is checked as a bundle;
  MODE pdf: every file of $SHARED_CORPUS/pdf-qpdf is wrapped in a ZIP as
            letter.pdf (the example-generic ruleset has a document "letter").
Each run must exit 0 or 1, never die of a signal, never take over 60 s.
Prints TAP and a final line "N passed, M failed"; exits 1 on any failure.
"""

import io
import os
import subprocess
import sys
import tempfile
import zipfile

TIMEOUT_S = 60
SKIP = {"LICENSE.txt", "NOTICE.md", "README.md"}


def corpus_files(sub):
    root = os.path.join(os.environ.get("SHARED_CORPUS", ""), sub)
    if not os.path.isdir(root):
        return None
    files = []
    for dirpath, _, names in os.walk(root):
        for n in sorted(names):
            if n not in SKIP:
                files.append(os.path.join(dirpath, n))
    return sorted(files)


def run(binary, path):
    try:
        p = subprocess.run([binary, "check", "-r", "example-generic", "-f", "json", path],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return "timed out after %d s" % TIMEOUT_S
    if p.returncode < 0:
        return "died of signal %d" % -p.returncode
    if p.returncode not in (0, 1):
        return "exit code %d, want 0 or 1" % p.returncode
    return None


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("zip", "pdf"):
        sys.exit(__doc__)
    binary, mode = os.path.abspath(sys.argv[1]), sys.argv[2]
    files = corpus_files("zip-libzip" if mode == "zip" else "pdf-qpdf")
    if files is None:
        print("1..0 # SKIP corpus not found (set SHARED_CORPUS)")
        print("0 passed, 0 failed")
        return
    passed = failed = 0
    print("1..%d" % len(files))
    with tempfile.TemporaryDirectory(prefix="bc-corpus-") as tmp:
        for n, path in enumerate(files, 1):
            target = path
            if mode == "pdf":
                target = os.path.join(tmp, "bundle.zip")
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                    with open(path, "rb") as f:
                        z.writestr("letter.pdf", f.read())
                with open(target, "wb") as f:
                    f.write(buf.getvalue())
            problem = run(binary, target)
            name = os.path.relpath(path, os.environ.get("SHARED_CORPUS", ""))
            if problem:
                failed += 1
                print("not ok %d - %s: %s" % (n, name, problem))
            else:
                passed += 1
                print("ok %d - %s" % (n, name))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
