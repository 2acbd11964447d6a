#!/usr/bin/env python3
"""Benchmark `bundlecheck check` against merely reading the same bundle.

    python3 bench/bench.py [BUILD_DIR]      (default: build)

Generates two bundles with the fixture generator (synthetic documents):
  typical  a dozen phone photos and a few PDFs, a few MB
  large    hundreds of files, tens of MB
then times, on each, the median of several runs of:
  unzip -t           Info-ZIP testing every entry (CRC)
  read-entries       libzip reading every entry into memory (bench/read-entries.c)
  check              bundlecheck check, inspection children in parallel (default --jobs)
  check --jobs 1     bundlecheck check, one inspection child at a time
  check --in-process bundlecheck check, inspection in-process
and prints the times, the ratios to read-entries and unzip -t, and the
peak resident memory of each (largest process, children included).
Figures, not assertions: nothing here fails on a slow machine.
"""
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = 5


def make(mkfixture, kind, *args):
    with tempfile.NamedTemporaryFile(suffix="." + kind) as f:
        subprocess.run([mkfixture, kind, f.name, *map(str, args)], check=True)
        return open(f.name, "rb").read()


def build_bundle(path, entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 11, 28, 9, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    return len(buf.getvalue())


def bundles(mkfixture, outdir):
    photo = make(mkfixture, "jpeg", "--width", 4000, "--height", 3000, "--doc-photo", "--quality", 85)
    card = make(mkfixture, "jpeg", "--width", 1600, "--height", 1000, "--color", "--quality", 85)
    letter = make(mkfixture, "pdf", "--pages", 3, "--text-page", "1:授权书")
    licence_pdf = make(mkfixture, "pdf", "--pages", 1, "--text-page", "1:许可证")
    typical = [("营业执照.jpg", photo), ("法人身份证正面.jpg", card), ("法人身份证反面.jpg", card),
               ("小程序负责人/身份证正面.jpg", card), ("小程序负责人/身份证反面.jpg", card),
               ("主体负责人授权书.pdf", letter), ("小程序负责人授权书.pdf", letter),
               ("互联网新闻信息服务许可证.pdf", licence_pdf), ("互联网信息服务承诺书.pdf", letter)]
    typical += [(f"其它附件/主体其它附件-{i}.jpg", photo) for i in range(6)]
    large = [(f"批量/{i:04d}-主体其它附件.jpg", card) for i in range(300)]
    large += [(f"批量/{i:04d}-授权书.pdf", letter) for i in range(60)]
    out = {}
    for name, entries in (("typical", typical), ("large", large)):
        path = os.path.join(outdir, name + ".zip")
        size = build_bundle(path, entries)
        out[name] = (path, len(entries), size)
    return out


def run_measured(cmd, env):
    """wall seconds and peak RSS (KiB) of the largest process in the tree"""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--generate":
        # run in its own process so the measuring process stays small: a
        # forked child's peak RSS starts from its parent's size
        for name, info in bundles(sys.argv[2], sys.argv[3]).items():
            print(name, *info)
        return
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    binary = os.path.join(build, "src", "bundlecheck")
    mkfixture = os.path.join(build, "tests", "fixtures", "mkfixture")
    reader = os.path.join(build, "bench", "read-entries")
    env = dict(os.environ, BUNDLECHECK_RULESET_PATH=os.path.join(ROOT, "rulesets"))
    with tempfile.TemporaryDirectory(prefix="bc-bench-") as tmp:
        made = subprocess.run([sys.executable, __file__, "--generate", mkfixture, tmp],
                              check=True, capture_output=True, text=True).stdout.split("\n")
        generated = {}
        for line in filter(None, made):
            name, path, n_files, size = line.split()
            generated[name] = (path, int(n_files), int(size))
        if os.environ.get("BC_BENCH_KEEP"):
            for name, (path, _, _) in generated.items():
                subprocess.run(["cp", path, os.environ["BC_BENCH_KEEP"]], check=True)
        for name, (path, n_files, size) in generated.items():
            commands = {
                "unzip -t": ["unzip", "-tqq", path],
                "read-entries": [reader, path],
                "check": [binary, "check", "-f", "json", "-o", "/dev/null", path],
                "check --jobs 1": [binary, "check", "--jobs", "1", "-f", "json", "-o", "/dev/null", path],
                "check --in-process": [binary, "check", "--in-process", "-f", "json", "-o", "/dev/null", path],
            }
            print(f"\n{name}: {n_files} files, {size / 1e6:.1f} MB")
            results = {}
            for label, cmd in commands.items():
                if not os.path.exists(cmd[0]) and "/" in cmd[0]:
                    print(f"  {label:20s} (not built)")
                    continue
                walls, rss = [], 0
                for _ in range(RUNS):
                    wall, peak, _code = run_measured(cmd, env)
                    walls.append(wall)
                    rss = max(rss, peak)
                results[label] = statistics.median(walls)
                print(f"  {label:20s} {results[label] * 1000:8.1f} ms   peak RSS {rss / 1024:6.1f} MiB")
            base = results.get("read-entries")
            if base:
                for label in ("check", "check --jobs 1", "check --in-process", "unzip -t"):
                    if label in results:
                        print(f"  {label} / read-entries = {results[label] / base:.2f}x")
            if "unzip -t" in results and "check" in results:
                print(f"  check / unzip -t = {results['check'] / results['unzip -t']:.2f}x")
            # one child at a time against no child: what isolation itself costs
            per_file = results.get("check --jobs 1", 0) - results.get("check --in-process", 0)
            print(f"  isolation cost ≈ {per_file * 1000 / n_files:.2f} ms per file (--jobs 1 vs --in-process)")


if __name__ == "__main__":
    main()
