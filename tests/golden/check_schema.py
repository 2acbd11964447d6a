#!/usr/bin/env python3
"""Validate every committed JSON report and checklist against the published
schemas (docs/report.schema.json, docs/checklist.schema.json), so the
documentation cannot drift from the output.

    check_schema.py SOURCE_ROOT

A small validator of the JSON Schema keywords those schemas use (stdlib
only); a schema keyword it does not know is an error, never skipped.
"""
import glob
import json
import os
import re
import sys

KNOWN = {"$schema", "$id", "$ref", "$defs", "title", "description", "examples", "type", "const",
         "enum", "oneOf", "anyOf", "minimum", "maximum", "pattern", "required", "properties",
         "additionalProperties", "items", "prefixItems", "minItems", "maxItems", "format", "default"}


def type_name(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def resolve(root, ref):
    node = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def check(root, s, v, path, errs):
    unknown = set(s) - KNOWN
    if unknown:
        errs.append(f"{path}: schema keywords not understood: {sorted(unknown)}")
    if "$ref" in s:
        check(root, resolve(root, s["$ref"]), v, path, errs)
    if "type" in s:
        ts = s["type"] if isinstance(s["type"], list) else [s["type"]]
        t = type_name(v)
        if not (t in ts or (t == "integer" and "number" in ts)):
            errs.append(f"{path}: {t} is not {ts}")
    if "const" in s and v != s["const"]:
        errs.append(f"{path}: {v!r} is not {s['const']!r}")
    if "enum" in s and v not in s["enum"]:
        errs.append(f"{path}: {v!r} not in {s['enum']}")
    for key in ("oneOf", "anyOf"):
        if key in s:
            n = 0
            for sub in s[key]:
                e = []
                check(root, sub, v, path, e)
                n += not e
            if (key == "oneOf" and n != 1) or (key == "anyOf" and n == 0):
                errs.append(f"{path}: {key} matched {n} alternatives")
    number = isinstance(v, (int, float)) and not isinstance(v, bool)
    if "minimum" in s and number and v < s["minimum"]:
        errs.append(f"{path}: {v} < {s['minimum']}")
    if "maximum" in s and number and v > s["maximum"]:
        errs.append(f"{path}: {v} > {s['maximum']}")
    if "pattern" in s and isinstance(v, str) and not re.search(s["pattern"], v):
        errs.append(f"{path}: {v!r} does not match {s['pattern']}")
    if isinstance(v, dict):
        for r in s.get("required", []):
            if r not in v:
                errs.append(f"{path}: missing {r}")
        for k, x in v.items():
            if k in s.get("properties", {}):
                check(root, s["properties"][k], x, f"{path}.{k}", errs)
            elif s.get("additionalProperties") is False:
                errs.append(f"{path}: unexpected member {k}")
            elif isinstance(s.get("additionalProperties"), dict):
                check(root, s["additionalProperties"], x, f"{path}.{k}", errs)
    if isinstance(v, list):
        if "minItems" in s and len(v) < s["minItems"]:
            errs.append(f"{path}: fewer than {s['minItems']} items")
        if "maxItems" in s and len(v) > s["maxItems"]:
            errs.append(f"{path}: more than {s['maxItems']} items")
        prefix = s.get("prefixItems", [])
        for i, x in enumerate(v):
            if i < len(prefix):
                check(root, prefix[i], x, f"{path}[{i}]", errs)
            elif isinstance(s.get("items"), dict):
                check(root, s["items"], x, f"{path}[{i}]", errs)


def main():
    root = os.path.abspath(sys.argv[1])
    report_schema = json.load(open(os.path.join(root, "docs", "report.schema.json")))
    checklist_schema = json.load(open(os.path.join(root, "docs", "checklist.schema.json")))
    targets = [(p, report_schema) for p in sorted(glob.glob(os.path.join(root, "tests", "golden", "expected", "*.json")))]
    targets += [(p, report_schema) for p in sorted(glob.glob(os.path.join(root, "samples", "*", "*.expected.json")))]
    targets += [(p, checklist_schema) for p in sorted(glob.glob(os.path.join(root, "tests", "wechat", "expected", "*.json")))]
    if len(targets) < 10:
        print(f"Bail out! only {len(targets)} JSON files found under {root}")
        return 1
    failed = 0
    for n, (path, schema) in enumerate(targets, 1):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # goldens are stored as a pretty list of reports; checklists as one object
        data = json.loads(text)
        objects = data if isinstance(data, list) else [data]
        errs = []
        for obj in objects:
            # the goldens leave the tool's version out (it would churn
            # every file at each release); put a valid one back
            if isinstance(obj.get("tool"), dict):
                obj["tool"].setdefault("version", "0.0.0")
            check(schema, schema, obj, "$", errs)
        name = os.path.relpath(path, root)
        if errs:
            failed += 1
            print(f"not ok {n} - {name}")
            for e in errs[:20]:
                print("# " + e)
        else:
            print(f"ok {n} - {name}")
    print(f"1..{len(targets)}")
    print(f"# {len(targets) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
