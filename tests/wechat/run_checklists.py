#!/usr/bin/env python3
"""Golden checklists of the wechat-miniprogram ruleset: for six filing
situations, `bundlecheck checklist` in text (zh), markdown (zh) and JSON
must match tests/wechat/expected/ exactly, and the JSON must list exactly the
required documents and notices the situation calls for (so a regenerated
golden cannot silently drop a requirement).

    run_checklists.py BUNDLECHECK SOURCE_ROOT

BC_UPDATE_GOLDEN=1 rewrites the expected files instead (then review the
diff: a golden is only regenerated on purpose). The tool's version is the
one field not compared in JSON. Output is TAP.
"""
import difflib
import json
import os
import subprocess
import sys

OPTIONAL = {"commitment-letter", "authenticity-commitment-letter",
            "authenticity-responsibility-letter", "construction-proposal",
            "party-building-letter", "holding-certificate-photo", "promise-video",
            "subject-other-materials", "applet-other-materials"}
SAME_PERSON = {"principal-id-front", "principal-id-back"}
TWO_PEOPLE = {"subject-principal-id-front", "subject-principal-id-back",
              "applet-principal-id-front", "applet-principal-id-back"}

# name, settings, required documents, notices that must be there
CONTEXTS = [
    ("new-enterprise", ["filing=new", "subject=enterprise"],
     SAME_PERSON | {"business-license"},
     {"certificate-validity-reminder"}),
    ("new-individual", ["filing=new", "subject=individual"],
     SAME_PERSON,
     {"certificate-validity-reminder"}),
    ("enterprise-authorized-different-applet",
     ["subject=enterprise", "subject-principal=authorized", "applet-principal=authorized"],
     TWO_PEOPLE | {"business-license", "subject-authorization-letter", "applet-authorization-letter"},
     {"certificate-validity-reminder", "letter-signing-date-reminder",
      "authorization-province-support", "name-files-by-role"}),
    ("individual-non-local", ["subject=individual", "residence=non-local"],
     SAME_PERSON | {"residence-proof"},
     {"certificate-validity-reminder"}),
    ("enterprise-news-culture", ["subject=enterprise", "pre-approval=news,culture"],
     SAME_PERSON | {"business-license", "pre-approval-news", "pre-approval-culture"},
     {"certificate-validity-reminder"}),
    ("cancel", ["filing=cancel"],
     set(),
     {"filing-cancel-no-attachments"}),
]

FORMATS = [("text", "txt"), ("markdown", "md"), ("json", "json")]


def normalise_json(text):
    obj = json.loads(text)
    obj.get("tool", {}).pop("version", None)
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def semantic(name, text, want_required, want_notices):
    """What the checklist says to prepare, independent of its wording."""
    problems = []
    obj = json.loads(text)
    docs = obj.get("documents", [])
    required = {d["id"] for d in docs if d.get("required")}
    optional = {d["id"] for d in docs if not d.get("required")}
    notices = {n["code"] for n in obj.get("notices", [])}
    if required != want_required:
        problems.append(f"required {sorted(required)}, expected {sorted(want_required)}")
    want_optional = set() if name == "cancel" else OPTIONAL
    if optional != want_optional:
        problems.append(f"optional {sorted(optional)}, expected {sorted(want_optional)}")
    if not want_notices <= notices:
        problems.append(f"notices {sorted(notices)} lack {sorted(want_notices - notices)}")
    for d in docs:
        if not d.get("fields"):
            problems.append(f"{d['id']} has no official request field")
        if not (d.get("source") or "").strip():
            problems.append(f"{d['id']} has no source")
    for n in obj.get("notices", []):
        if not (n.get("source") or "").strip():
            problems.append(f"notice {n['code']} has no source")
    return problems


def main():
    binary, root = sys.argv[1:3]
    expected_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected")
    update = os.environ.get("BC_UPDATE_GOLDEN") == "1"
    env = dict(os.environ, BUNDLECHECK_RULESET_PATH=os.path.join(root, "rulesets"))
    os.makedirs(expected_dir, exist_ok=True)
    n = 0
    passed = failed = 0
    print(f"1..{len(CONTEXTS) * (len(FORMATS) + 1)}")
    for name, settings, want_required, want_notices in CONTEXTS:
        args = [binary, "checklist", "--lang", "zh"]
        for s in settings:
            args += ["-s", s]
        for fmt, ext in FORMATS:
            n += 1
            label = f"{name}.{ext}"
            proc = subprocess.run(args + ["-f", fmt], env=env, capture_output=True, timeout=60)
            problems = []
            out = proc.stdout.decode("utf-8")
            if proc.returncode != 0:
                problems.append(f"exit code {proc.returncode}: {proc.stderr.decode('utf-8', 'replace')}")
            actual = normalise_json(out) if fmt == "json" and proc.returncode == 0 else out
            path = os.path.join(expected_dir, label)
            if update:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(actual)
            elif not os.path.exists(path):
                problems.append(f"no expected output {path} (run with BC_UPDATE_GOLDEN=1)")
            else:
                with open(path, encoding="utf-8") as f:
                    expected = f.read()
                if expected != actual:
                    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                                f"expected/{label}", "actual", lineterm="")
                    problems.append("output differs:\n" + "\n".join(list(diff)[:80]))
            if problems:
                print(f"not ok {n} - checklist {label}")
                for p in problems:
                    for line in p.splitlines():
                        print(f"#   {line}")
                failed += 1
            else:
                print(f"ok {n} - checklist {label}")
                passed += 1
            if fmt == "json":
                n += 1
                try:
                    problems = semantic(name, out, want_required, want_notices)
                except ValueError as e:
                    problems = [f"no JSON checklist: {e}"]
                if problems:
                    print(f"not ok {n} - {name}: required documents and notices")
                    for p in problems:
                        print(f"#   {p}")
                    failed += 1
                else:
                    print(f"ok {n} - {name}: required documents and notices")
                    passed += 1
    print(f"# {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
