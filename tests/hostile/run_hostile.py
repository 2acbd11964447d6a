#!/usr/bin/env python3
"""Run bundlecheck on every hostile ZIP that gen_zip.py writes and every
hostile PDF that gen_pdf.py writes.

Usage: run_hostile.py BUNDLECHECK_BINARY GEN_ZIP [GEN_PDF]

ZIP cases (expected.txt): each generated file is the bundle. PDF cases
(expected_pdf.txt): each generated file is put, alone, into a bundle as
letter.pdf (stored, so the bundle's ratio limit does not hide a bomb).
Each bundle is checked with `BUNDLECHECK check -r example-generic -f json`
(default isolation: inspection in a child process) plus the case's
--limit options, and the run must: exit 1, not die of a signal, report
every expected finding code (and none of the "!CODE" ones), show every
"path:VALUE" in the report, stay under 256 MiB (see rss below) and finish
in time (30 s; a case that lowers inspect-wall-seconds: that + 3 s).

Memory: wait4() on the CLI returns, in ru_maxrss, the maximum of the CLI's
own peak and the peaks of every process the CLI reaped (Linux's
wait_task_zombie() reports RUSAGE_BOTH), i.e. the inspection children,
which the CLI always reaps with wait4(). That is a max, not a sum: the
CLI and its child run at the same time, so the runner also samples the
CLI's VmHWM every 10 ms and asserts CLI peak + largest peak < 256 MiB, an
upper bound of the whole run (the child is a fork of the CLI, so shared
pages are even counted twice). RUSAGE_CHILDREN of this runner would not
help: its ru_maxrss is also a max, over every run so far.
Prints TAP and a final line "N passed, M failed"; exits 1 on any failure
(a failing case marked "todo" is reported as TAP TODO and not counted).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile

MAX_RSS_KIB = 256 * 1024
MAX_WALL_S = 30.0


class Case:
    """one line of an expected*.txt file"""

    def __init__(self, name, tokens):
        self.name = name
        self.expect = []      # codes and path:VALUE that must be there
        self.forbid = []      # codes that must not be there
        self.args = []        # extra CLI options
        self.todo = False
        self.max_wall = MAX_WALL_S
        for t in tokens:
            if t == "-":
                continue
            if t == "todo":
                self.todo = True
            elif t.startswith("limit:"):
                self.args += ["--limit", t[6:]]
                key, _, value = t[6:].partition("=")
                if key == "inspect-wall-seconds":
                    self.max_wall = min(MAX_WALL_S, float(value) + 3.0)
            elif t.startswith("!"):
                self.forbid.append(t[1:])
            else:
                self.expect.append(t)


def load_expected(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            cases.append(Case(parts[0], parts[1:]))
    return cases


def vm_hwm_kib(pid):
    """the peak RSS so far of a live process, or 0"""
    try:
        with open("/proc/%d/status" % pid, encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run_one(binary, path, args, max_wall):
    """run the CLI; return (status, rusage, wall seconds, stdout, killed,
    the CLI's own last sampled peak RSS in KiB)"""
    out = tempfile.TemporaryFile()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(out.fileno(), 1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.execv(binary, [binary, "check", "-r", "example-generic", "-f", "json"] + args + [path])
        finally:
            os._exit(127)
    deadline = start + max_wall
    killed = False
    own_hwm = 0
    while True:
        wpid, status, ru = os.wait4(pid, os.WNOHANG)
        if wpid == pid:
            break
        own_hwm = max(own_hwm, vm_hwm_kib(pid))
        if time.monotonic() > deadline and not killed:
            os.kill(pid, 9)
            killed = True
        time.sleep(0.01)
    wall = time.monotonic() - start
    out.seek(0)
    return status, ru, wall, out.read().decode("utf-8", "replace"), killed, own_hwm


def strings_in(obj):
    if isinstance(obj, dict):
        for v in obj.values():
            yield from strings_in(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings_in(v)
    elif isinstance(obj, str):
        yield obj


def check_case(binary, path, case):
    problems = []
    status, ru, wall, stdout, killed, own_hwm = run_one(binary, path, case.args, case.max_wall)
    # see the module doc: ru_maxrss already includes the inspection child
    # (as a max); own_hwm + ru_maxrss bounds the CLI and child together
    total_bound = own_hwm + ru.ru_maxrss
    if killed:
        problems.append("killed after %.0f s" % case.max_wall)
    elif os.WIFSIGNALED(status):
        problems.append("died of signal %d" % os.WTERMSIG(status))
    elif os.WEXITSTATUS(status) != 1:
        problems.append("exit code %d, want 1" % os.WEXITSTATUS(status))
    if ru.ru_maxrss > MAX_RSS_KIB:
        problems.append("peak RSS %d KiB > %d KiB" % (ru.ru_maxrss, MAX_RSS_KIB))
    if total_bound > MAX_RSS_KIB:
        problems.append("CLI peak %d KiB + largest peak %d KiB > %d KiB"
                        % (own_hwm, ru.ru_maxrss, MAX_RSS_KIB))
    if wall > case.max_wall:
        problems.append("wall time %.1f s > %.0f s" % (wall, case.max_wall))
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
    got = ", ".join(sorted(c for c in codes if c)) or "none"
    for want in case.expect:
        if want.startswith("path:"):
            if want[5:] not in strings:
                problems.append("no entry path %r in the report" % want[5:])
        elif want not in codes:
            problems.append("missing finding %s (got %s)" % (want, got))
    for unwanted in case.forbid:
        if unwanted in codes:
            problems.append("unexpected finding %s (got %s)" % (unwanted, got))
    return problems, wall, ru.ru_maxrss, own_hwm


def wrap_pdf(pdf_path, bundle_path):
    """a bundle holding only the case, as letter.pdf, stored"""
    with zipfile.ZipFile(bundle_path, "w", zipfile.ZIP_STORED) as z:
        z.write(pdf_path, "letter.pdf")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    # (generator, expectations, wrap each file in a bundle as letter.pdf)
    suites = [(sys.argv[2], "expected.txt", False)]
    if len(sys.argv) == 4:
        suites.append((sys.argv[3], "expected_pdf.txt", True))
    # ASan holds up to 256 MiB of freed memory in quarantine to catch
    # use-after-free, so in sanitizer builds a parser that churns (deep_arrays:
    # 24 MiB peak normally) shows 580 MiB; 16 MiB of quarantine keeps the
    # memory bound meaningful there. Ignored by non-ASan builds.
    asan = os.environ.get("ASAN_OPTIONS", "")
    if "quarantine_size_mb" not in asan:
        os.environ["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "quarantine_size_mb=16"
    passed = failed = todo = 0
    with tempfile.TemporaryDirectory(prefix="bc-hostile-") as tmp:
        plan = []
        for gen, exp, wrap in suites:
            outdir = os.path.join(tmp, os.path.splitext(os.path.basename(gen))[0])
            subprocess.run([sys.executable, gen, outdir], check=True, stdout=subprocess.DEVNULL)
            generated = set(os.listdir(outdir))
            cases = load_expected(os.path.join(here, exp))
            plan += [(outdir, generated, wrap, os.path.basename(gen), c) for c in cases]
            for extra in sorted(generated - {c.name for c in cases}):
                print("# note: %s is generated by %s but not listed in %s" % (extra, os.path.basename(gen), exp))
        print("1..%d" % len(plan))
        for n, (outdir, generated, wrap, gen_name, case) in enumerate(plan, 1):
            path = os.path.join(outdir, case.name)
            own = 0
            if case.name not in generated:
                problems, wall, rss = ["%s did not write it" % gen_name], 0.0, 0
            else:
                if wrap:
                    bundle = os.path.join(tmp, "bundle-" + case.name + ".zip")
                    wrap_pdf(path, bundle)
                    path = bundle
                problems, wall, rss, own = check_case(binary, path, case)
            label = case.name + (" [%s]" % " ".join(case.args) if case.args else "")
            if problems and case.todo:
                todo += 1
                print("not ok %d - %s # TODO known engine problem" % (n, label))
            elif problems:
                failed += 1
                print("not ok %d - %s" % (n, label))
            elif case.todo:
                passed += 1
                print("ok %d - %s # TODO now passes: remove its todo mark" % (n, label))
            else:
                passed += 1
                print("ok %d - %s (%.2f s, peak %d MiB, CLI %d MiB)" % (n, label, wall, rss // 1024, own // 1024))
            for p in problems:
                print("#   %s" % p)
    print("%d passed, %d failed%s" % (passed, failed, ", %d known problems (TODO)" % todo if todo else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
