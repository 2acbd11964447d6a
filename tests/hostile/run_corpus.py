#!/usr/bin/env python3
"""Replay the shared corpora through bundlecheck.

Usage: run_corpus.py BUNDLECHECK MODE
  MODE zip: every file of $SHARED_CORPUS/zip-libzip is checked as a bundle;
  MODE pdf: every file of $SHARED_CORPUS/pdf-qpdf is wrapped in a ZIP as
            letter.pdf (the example-generic ruleset has a document "letter").
Each run must exit 0 or 1, never die of a signal, never take over 60 s,
and stay under 256 MiB peak RSS for the whole process tree (the CLI and its
inspection children). A missing corpus fails the suite (it would otherwise
pass without testing anything) unless BC_ALLOW_NO_CORPUS=1.
Prints TAP and a final line "N passed, M failed"; exits 1 on any failure.
"""

import io
import os
import signal
import subprocess
import threading
import sys
import tempfile
import zipfile

TIMEOUT_S = 60
MAX_RSS_KIB = 256 * 1024
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
    """None when the run was clean, else what went wrong; also the peak RSS
    in KiB. wait4's rusage covers the CLI and every child it waited for."""
    proc = subprocess.Popen([binary, "check", "-r", "example-generic", "-f", "json", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timer = threading.Timer(TIMEOUT_S, lambda: proc.send_signal(signal.SIGKILL))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss
    if proc.returncode == -signal.SIGKILL:
        return "killed after %d s (timeout)" % TIMEOUT_S, rss
    if proc.returncode < 0:
        return "died of signal %d" % -proc.returncode, rss
    if proc.returncode not in (0, 1):
        return "exit code %d, want 0 or 1" % proc.returncode, rss
    if rss > MAX_RSS_KIB:
        return "peak RSS %d MiB over 256 MiB" % (rss // 1024), rss
    return None, rss


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("zip", "pdf"):
        sys.exit(__doc__)
    binary, mode = os.path.abspath(sys.argv[1]), sys.argv[2]
    files = corpus_files("zip-libzip" if mode == "zip" else "pdf-qpdf")
    if files is None:
        if os.environ.get("BC_ALLOW_NO_CORPUS") == "1":
            print("1..0 # SKIP corpus not found (set SHARED_CORPUS)")
            return
        print("Bail out! corpus not found: SHARED_CORPUS=%r" % os.environ.get("SHARED_CORPUS"))
        sys.exit(1)
    peak = 0
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
            problem, rss = run(binary, target)
            peak = max(peak, rss)
            name = os.path.relpath(path, os.environ.get("SHARED_CORPUS", ""))
            if problem:
                failed += 1
                print("not ok %d - %s: %s" % (n, name, problem))
            else:
                passed += 1
                print("ok %d - %s" % (n, name))
    print("# largest peak RSS of one run: %.1f MiB" % (peak / 1024))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
