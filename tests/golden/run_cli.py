#!/usr/bin/env python3
"""Command-line contract tests: exit codes, standard input, several
bundles in one call, -o, usage errors that list the allowed values, the
ruleset and checklist commands.

    run_cli.py BUNDLECHECK SOURCE_ROOT
"""
import json
import os
import subprocess
import sys
import tempfile

BINARY, ROOT = (os.path.abspath(p) for p in sys.argv[1:3])
ENV = dict(os.environ, BUNDLECHECK_RULESET_PATH=os.path.join(ROOT, "rulesets"), LANG="C")
PASS = os.path.join(ROOT, "samples", "example", "pass.zip")
FAIL = os.path.join(ROOT, "samples", "example", "fail.zip")
WECHAT = os.path.join(ROOT, "samples", "wechat", "enterprise-complete.zip")
results = []


def run(*args, stdin=None):
    return subprocess.run([BINARY, *args], input=stdin, capture_output=True, env=ENV, timeout=120)


def case(name):
    def wrap(fn):
        try:
            fn()
            results.append((name, None))
        except AssertionError as e:
            results.append((name, str(e) or "assertion failed"))
        except Exception as e:  # a crash of the test is a failure, not an abort
            results.append((name, f"{type(e).__name__}: {e}"))
        return fn
    return wrap


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


@case("exit 0 on a passing bundle, 1 on a failing one")
def _():
    expect(run("check", "-r", "example-generic", PASS).returncode == 0, "pass.zip")
    expect(run("check", "-r", "example-generic", FAIL).returncode == 1, "fail.zip")


@case("several bundles: one JSON line each, the worst exit code")
def _():
    p = run("check", "-r", "example-generic", "-f", "json", PASS, FAIL)
    lines = p.stdout.decode().splitlines()
    expect(p.returncode == 1, f"exit {p.returncode}")
    expect(len(lines) == 2, f"{len(lines)} lines")
    verdicts = [json.loads(line)["verdict"] for line in lines]
    expect(verdicts == ["pass", "fail"], str(verdicts))


@case("standard input is a bundle")
def _():
    data = open(FAIL, "rb").read()
    p = run("check", "-r", "example-generic", "-f", "json", "-", stdin=data)
    expect(p.returncode == 1, f"exit {p.returncode}")
    report = json.loads(p.stdout)
    expect(report["bundle"]["path"] == "-", report["bundle"]["path"])
    expect(report["bundle"]["size"] == len(data), "size")


@case("standard input over the bundle limit is judged, not buffered without end")
def _():
    data = open(FAIL, "rb").read()
    p = run("check", "-r", "example-generic", "-f", "json", "--limit", "max-bundle-bytes=10K", "-", stdin=data)
    expect(p.returncode == 1, f"exit {p.returncode}")
    codes = [f["code"] for f in json.loads(p.stdout)["findings"]]
    expect("archive-limit-exceeded" in codes, str(codes))


@case("-o writes the report to a file")
def _():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.json")
        p = run("check", "-r", "example-generic", "-f", "json", "-o", out, PASS)
        expect(p.returncode == 0 and p.stdout == b"", "stdout not empty")
        expect(json.load(open(out))["verdict"] == "pass", "file content")


@case("a path that cannot be read: exit 2, the other bundles still judged")
def _():
    p = run("check", "-r", "example-generic", "-f", "json", "/nonexistent/x.zip", PASS)
    expect(p.returncode == 2, f"exit {p.returncode}")
    expect(b"/nonexistent/x.zip" in p.stderr, p.stderr.decode())
    expect(len(p.stdout.decode().splitlines()) == 1, "the readable bundle was not judged")


@case("unknown variable or value: exit 2, allowed values listed")
def _():
    p = run("check", "-s", "subject=martian", WECHAT)
    expect(p.returncode == 2, f"exit {p.returncode}")
    err = p.stderr.decode()
    expect("martian" in err and "enterprise" in err and "individual" in err, err)
    p = run("check", "-s", "colour=blue", WECHAT)
    expect(p.returncode == 2 and "subject" in p.stderr.decode(), p.stderr.decode())


@case("aliases: id, Chinese name and numeric id give the same report")
def _():
    outs = []
    for value in ("individual", "个人", "5"):
        p = run("check", "-f", "json", "-s", "subject=" + value, WECHAT)
        report = json.loads(p.stdout)
        outs.append((report["context"]["subject"], [f["code"] for f in report["findings"]]))
    expect(outs[0] == outs[1] == outs[2], str(outs))
    expect(outs[0][0] == "individual", str(outs[0]))


@case("usage errors: exit 2")
def _():
    for args in (["check"], ["check", "-f", "xml", PASS], ["frobnicate"], ["check", "--fail-on", "info", PASS],
                 ["check", "--limit", "max-entries=lots", PASS], ["check", "-r", "no-such-ruleset", PASS],
                 ["check", "--jobs", "0", PASS], ["check", "-j", "17", PASS]):
        p = run(*args)
        expect(p.returncode == 2, f"{args}: exit {p.returncode}")
        expect(p.stderr != b"", f"{args}: no message")


@case("--version and --help")
def _():
    p = run("--version")
    expect(p.returncode == 0 and p.stdout.startswith(b"bundlecheck "), p.stdout.decode())
    p = run("--help")
    expect(p.returncode == 0 and b"checklist" in p.stdout, p.stdout.decode())


@case("ruleset list, show and lint")
def _():
    p = run("ruleset", "list")
    expect(p.returncode == 0, "list")
    names = p.stdout.decode().split()
    expect("wechat-miniprogram" in names and "example-generic" in names, str(names))
    p = run("ruleset", "show", "wechat-miniprogram")
    expect(p.returncode == 0 and b"pre-approval" in p.stdout, "show")
    p = run("ruleset", "lint", os.path.join(ROOT, "rulesets", "wechat-miniprogram.yaml"))
    expect(p.returncode == 0, p.stderr.decode())
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write("format: 1\nname: broken\nversion: 1\nupdated: 2026-13-40\ntitle: {en: x}\n"
                "variables: []\ndocuments:\n  - id: Bad_Id\n    name: {en: x}\n")
    try:
        p = run("ruleset", "lint", f.name)
        err = p.stderr.decode()
        expect(p.returncode == 2, f"exit {p.returncode}")
        # every problem, each with file:line:column
        located = [line for line in err.splitlines() if line.startswith(f.name + ":")]
        expect(len(located) >= 2, err)
    finally:
        os.unlink(f.name)


@case("checklist in text, JSON and Markdown")
def _():
    p = run("checklist", "-s", "subject=individual", "--lang", "zh")
    expect(p.returncode == 0 and "身份证".encode() in p.stdout, p.stdout.decode()[:300])
    p = run("checklist", "-s", "subject=individual", "-f", "json")
    doc_ids = [d["id"] for d in json.loads(p.stdout)["documents"]]
    expect("principal-id-front" in doc_ids and "business-license" not in doc_ids, str(doc_ids))
    p = run("checklist", "-f", "markdown", "--lang", "zh")
    expect(p.returncode == 0 and b"- [ ]" in p.stdout, "markdown checkboxes")


@case("a file that is not a ZIP is judged: archive-unreadable, exit 1")
def _():
    with tempfile.NamedTemporaryFile(suffix=".zip") as f:
        f.write(b"not a zip")
        f.flush()
        p = run("check", "-r", "example-generic", "-f", "json", f.name)
        expect(p.returncode == 1, f"exit {p.returncode}")
        expect(json.loads(p.stdout)["findings"][0]["code"] == "archive-unreadable", p.stdout.decode())


def main():
    failed = 0
    for i, (name, problem) in enumerate(results, 1):
        if problem is None:
            print(f"ok {i} - {name}")
        else:
            failed += 1
            print(f"not ok {i} - {name}\n# " + problem.replace("\n", "\n# "))
    print(f"1..{len(results)}")
    print(f"# {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
