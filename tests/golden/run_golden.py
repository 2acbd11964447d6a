#!/usr/bin/env python3
"""CLI golden tests: run `bundlecheck check` on a bundle with arguments and
compare its output and exit code with the committed expectation.

    run_golden.py BUNDLECHECK SOURCE_ROOT CASES_FILE

Set BC_UPDATE_GOLDEN=1 to rewrite the expected files instead (then review
the diff: a golden is only regenerated on purpose). The tool's version is
the one field not compared, so a release does not churn every golden.
"""
import json
import os
import subprocess
import sys


def parse_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, bundle, args, code = [p.strip() for p in line.split("|")]
            cases.append((name, bundle, args.split(), int(code)))
    return cases


def normalise_json(text):
    objs = []
    for line in text.splitlines():
        obj = json.loads(line)
        obj.get("tool", {}).pop("version", None)
        objs.append(obj)
    return json.dumps(objs, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main():
    binary, root, cases_file = (os.path.abspath(p) for p in sys.argv[1:4])
    expected_dir = os.path.join(os.path.dirname(os.path.abspath(cases_file)), "expected")
    update = os.environ.get("BC_UPDATE_GOLDEN") == "1"
    env = dict(os.environ, BUNDLECHECK_RULESET_PATH=os.path.join(root, "rulesets"))
    passed = failed = 0
    for name, bundle, args, want_code in parse_cases(cases_file):
        is_json = "json" in args
        # bundles are named relative to the source root, as users type them
        proc = subprocess.run([binary, "check", *args, bundle], cwd=root, env=env,
                              capture_output=True, timeout=120)
        out = proc.stdout.decode("utf-8")
        actual = normalise_json(out) if is_json else out
        # a name with a slash keeps its expectation next to a sample, where
        # a newcomer reads it (samples/wechat/x.expected.txt)
        if "/" in name:
            path = os.path.join(root, name + (".expected.json" if is_json else ".expected.txt"))
        else:
            path = os.path.join(expected_dir, name + (".json" if is_json else ".txt"))
        problems = []
        if proc.returncode != want_code:
            problems.append(f"exit code {proc.returncode}, expected {want_code}")
        if update:
            with open(path, "w", encoding="utf-8") as f:
                f.write(actual)
        elif not os.path.exists(path):
            problems.append(f"no expected output {path} (run with BC_UPDATE_GOLDEN=1)")
        else:
            with open(path, encoding="utf-8") as f:
                expected = f.read()
            if expected != actual:
                import difflib
                diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                    "expected", "actual", n=2))
                problems.append("output differs:\n" + diff[:6000])
        if problems:
            failed += 1
            print(f"not ok {passed + failed} - {name}")
            for p in problems:
                print("# " + p.replace("\n", "\n# "))
            if proc.stderr:
                print("# stderr: " + proc.stderr.decode("utf-8", "replace")[:2000])
        else:
            passed += 1
            print(f"ok {passed + failed} - {name}")
    print(f"1..{passed + failed}")
    print(f"# {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
