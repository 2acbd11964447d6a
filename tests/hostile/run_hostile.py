#!/usr/bin/env python3
"""Run bundlecheck on every hostile ZIP that gen_zip.py writes.

Usage: run_hostile.py BUNDLECHECK_BINARY GEN_SCRIPT

For each case in expected.txt (next to this script): generate into a
temporary directory, run `BUNDLECHECK check -r example-generic -f json FILE`
and assert: exit code 1, no signal, every expected finding code present in
the JSON "findings", every "path:VALUE" present in the report, peak RSS of
the child (and its children) under 256 MiB, wall time under 30 s.
Prints TAP and a final line "N passed, M failed"; exits 1 on any failure.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

MAX_RSS_KIB = 256 * 1024
MAX_WALL_S = 30.0


def load_expected(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            cases.append((parts[0], [p for p in parts[1:] if p != "-"]))
    return cases


def run_one(binary, path):
    """run the child; return (status, rusage, wall seconds, stdout)"""
    out = tempfile.TemporaryFile()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(out.fileno(), 1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.execv(binary, [binary, "check", "-r", "example-generic", "-f", "json", path])
        finally:
            os._exit(127)
    deadline = start + MAX_WALL_S
    killed = False
    while True:
        wpid, status, ru = os.wait4(pid, os.WNOHANG)
        if wpid == pid:
            break
        if time.monotonic() > deadline and not killed:
            os.kill(pid, 9)
            killed = True
        time.sleep(0.01)
    wall = time.monotonic() - start
    out.seek(0)
    return status, ru, wall, out.read().decode("utf-8", "replace"), killed


def strings_in(obj):
    if isinstance(obj, dict):
        for v in obj.values():
            yield from strings_in(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings_in(v)
    elif isinstance(obj, str):
        yield obj


def check_case(binary, path, expect):
    problems = []
    status, ru, wall, stdout, killed = run_one(binary, path)
    # ru_maxrss of wait4 covers the child; its own children (the inspection
    # sandbox) are reaped by it and show up in RUSAGE_CHILDREN of the child,
    # which Linux folds into the child's rusage maximum
    if killed:
        problems.append("killed after %.0f s" % MAX_WALL_S)
    elif os.WIFSIGNALED(status):
        problems.append("died of signal %d" % os.WTERMSIG(status))
    elif os.WEXITSTATUS(status) != 1:
        problems.append("exit code %d, want 1" % os.WEXITSTATUS(status))
    if ru.ru_maxrss > MAX_RSS_KIB:
        problems.append("peak RSS %d KiB > %d KiB" % (ru.ru_maxrss, MAX_RSS_KIB))
    if wall > MAX_WALL_S:
        problems.append("wall time %.1f s > %.0f s" % (wall, MAX_WALL_S))
    codes = set()
    strings = set()
    for line in stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            report = json.loads(line)
        except ValueError as e:
            problems.append("invalid JSON line: %s" % e)
            continue
        for f in report.get("findings", []):
            codes.add(f.get("code"))
        strings.update(strings_in(report))
    for want in expect:
        if want.startswith("path:"):
            if want[5:] not in strings:
                problems.append("no entry path %r in the report" % want[5:])
        elif want not in codes:
            problems.append("missing finding %s (got %s)" % (want, ", ".join(sorted(c for c in codes if c)) or "none"))
    return problems, wall, ru.ru_maxrss


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, gen = os.path.abspath(sys.argv[1]), sys.argv[2]
    expected = load_expected(os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected.txt"))
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="bc-hostile-") as tmp:
        subprocess.run([sys.executable, gen, tmp], check=True, stdout=subprocess.DEVNULL)
        generated = set(os.listdir(tmp))
        print("1..%d" % len(expected))
        for n, (name, expect) in enumerate(expected, 1):
            path = os.path.join(tmp, name)
            if name not in generated:
                problems, wall, rss = ["gen_zip.py did not write it"], 0.0, 0
            else:
                problems, wall, rss = check_case(binary, path, expect)
            if problems:
                failed += 1
                print("not ok %d - %s" % (n, name))
                for p in problems:
                    print("#   %s" % p)
            else:
                passed += 1
                print("ok %d - %s (%.2f s, %d MiB)" % (n, name, wall, rss // 1024))
        for extra in sorted(generated - {name for name, _ in expected}):
            print("# note: %s is generated but not listed in expected.txt" % extra)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
