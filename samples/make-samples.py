#!/usr/bin/env python3
"""Make the sample bundles in samples/ (and the golden-test bundles in
tests/golden/bundles/) from synthetic documents.

    python3 samples/make-samples.py build/tests/fixtures/mkfixture

Every picture and PDF comes from mkfixture (tests/fixtures/): shapes,
noise and made-up labels, never a real person's data. The output is
deterministic (fixed timestamps, fixed generator seeds), so regenerating
gives the same bytes and the expected reports stay valid.
"""
import io
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXED_TIME = (2026, 11, 28, 9, 0, 0)


class GbkZipInfo(zipfile.ZipInfo):
    """A name stored as GBK without the UTF-8 flag, as Windows Explorer and
    WinRAR on a Chinese system write it."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


class Maker:
    def __init__(self, mkfixture):
        self.mkfixture = mkfixture
        self.tmp = tempfile.mkdtemp(prefix="bc-samples-")

    def make(self, kind, *args):
        out = os.path.join(self.tmp, "f.bin")
        subprocess.run([self.mkfixture, kind, out, *map(str, args)], check=True)
        with open(out, "rb") as f:
            return f.read()

    def jpeg_in_window(self, width, height, mode, label, low=100 * 1024, high=200 * 1024):
        """A JPEG whose size lands in WeChat's 100–200 KB window: try
        qualities from high to low and keep the first that fits."""
        best = None
        for quality in range(95, 20, -5):
            data = self.make("jpeg", "--width", width, "--height", height, mode,
                             "--quality", quality, "--label", label)
            best = data
            if low <= len(data) <= high:
                return data
        return best


def write_zip(path, entries, gbk=False):
    """ENTRIES: list of (name, bytes or None for a directory)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info_class = GbkZipInfo if gbk else zipfile.ZipInfo
            info = info_class(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0 if gbk else 3
            if data is None:
                info.external_attr = 0o40755 << 16 | 0x10
                z.writestr(info, b"")
            else:
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(buf.getvalue())} bytes)")


APPLEDOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x00"


def wechat_samples(m):
    licence = m.jpeg_in_window(1800, 1300, "--doc-photo", "LICENCE SAMPLE")
    front = m.jpeg_in_window(1600, 1000, "--color", "ID FRONT SAMPLE")
    back = m.jpeg_in_window(1600, 1000, "--color", "ID BACK SAMPLE")
    gray_front = m.jpeg_in_window(1600, 1000, "--gray3", "ID FRONT SAMPLE")

    # A complete enterprise filing as a Windows user sends it: a zipped
    # folder, GBK names without the UTF-8 flag.
    write_zip(os.path.join(HERE, "wechat", "enterprise-complete.zip"), [
        ("备案材料/", None),
        ("备案材料/营业执照.jpg", licence),
        ("备案材料/法人身份证正面.jpg", front),
        ("备案材料/法人身份证反面.jpg", back),
    ], gbk=True)

    # The mistakes users make most, zipped on a Mac: the ID card's back is
    # missing, the front is a greyscale copy, the commitment letter is a
    # PDF with a password, and the news licence for the declared
    # pre-approval category is not there (check it with
    # -s pre-approval=news).
    write_zip(os.path.join(HERE, "wechat", "common-mistakes.zip"), [
        ("营业执照.jpg", licence),
        ("身份证正面.jpg", gray_front),
        ("互联网信息服务承诺书.pdf", m.make("pdf", "--encrypt-user", "123456")),
        ("__MACOSX/._营业执照.jpg", APPLEDOUBLE),
        (".DS_Store", b"\x00\x00\x00\x01Bud1" + b"\x00" * 24),
    ])


def example_samples(m):
    form = m.make("pdf", "--pages", "1", "--text-page", "1:Application form")
    front = m.make("jpeg", "--width", 800, "--height", 500, "--color", "--label", "FRONT")
    back = m.make("jpeg", "--width", 800, "--height", 500, "--color", "--label", "BACK")
    write_zip(os.path.join(HERE, "example", "pass.zip"), [
        ("申请表.pdf", form),
        ("身份证正面.jpg", front),
        ("身份证反面.jpg", back),
    ])
    write_zip(os.path.join(HERE, "example", "fail.zip"), [
        ("申请表.jpg", front),
        ("身份证正面.jpg", front),
        ("notes.txt", b"remember to sign\n"),
    ])


def golden_bundles(m):
    """One small bundle per situation the golden tests pin down."""
    out = os.path.join(ROOT, "tests", "golden", "bundles")
    form = m.make("pdf", "--pages", "1", "--text-page", "1:Application form")
    front = m.make("jpeg", "--width", 800, "--height", 500, "--color", "--label", "FRONT")
    back = m.make("jpeg", "--width", 800, "--height", 500, "--color", "--label", "BACK")
    gray = m.make("jpeg", "--width", 800, "--height", 500, "--gray3", "--label", "BACK")
    small = m.make("jpeg", "--width", 600, "--height", 300, "--color", "--label", "SMALL")
    letter = m.make("pdf", "--pages", "2", "--text-page", "1:Letter of authorization")
    blank_letter = m.make("pdf", "--pages", "3", "--text-page", "1:Letter of authorization",
                          "--blank-page", "2")
    no_phrase = m.make("pdf", "--pages", "1", "--text-page", "1:Some other letter")
    encrypted = m.make("pdf", "--encrypt-user", "secret")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr(zipfile.ZipInfo("x.pdf", date_time=FIXED_TIME), form)
    base = [("申请表.pdf", form), ("身份证正面.jpg", front), ("身份证反面.jpg", back)]

    write_zip(os.path.join(out, "gbk-wrapped.zip"),
              [("申请材料/", None)] + [("申请材料/" + n, d) for n, d in base], gbk=True)
    write_zip(os.path.join(out, "macos-junk.zip"), base + [
        ("__MACOSX/._申请表.pdf", APPLEDOUBLE),
        ("__MACOSX/._身份证正面.jpg", APPLEDOUBLE),
        (".DS_Store", b"\x00\x00\x00\x01Bud1" + b"\x00" * 24),
        ("Thumbs.db", b"\xd0\xcf\x11\xe0" + b"\x00" * 28),
    ])
    write_zip(os.path.join(out, "file-problems.zip"), [
        ("申请表.jpg", front),               # type-not-allowed
        ("身份证正面.png", front),           # extension-mismatch
        ("身份证反面.jpg", b""),             # file-empty
        ("notes.txt", b"call back\n"),       # unmatched-file
        ("other photo.jpg", front),          # ambiguous-file
        ("营业执照.jpg", front),             # file-not-needed (a person's filing)
        ("材料.zip", inner.getvalue()),      # archive-nested
    ])
    write_zip(os.path.join(out, "counts.zip"), [
        ("申请表.pdf", form),
        ("申请表(1).pdf", letter),           # too-many-files
        ("身份证正面.jpg", front),
        ("身份证正面 - 副本.jpg", front),    # duplicate-file
        # no back: missing-document
    ])
    write_zip(os.path.join(out, "inspection.zip"), [
        ("申请表.pdf", form),
        ("身份证正面.jpg", small),           # image-too-small
        ("身份证反面.jpg", gray),            # image-not-color
        ("授权书.pdf", blank_letter),        # pdf-blank-page
        ("letter of authorization 2.pdf", no_phrase),  # pdf-missing-text
        ("其他/encrypted other.pdf", encrypted),       # pdf-encrypted
    ])
    write_zip(os.path.join(out, "warning-only.zip"), base + [
        ("notes.txt", b"call back\n"),         # unmatched-file: a warning only
    ])
    write_zip(os.path.join(out, "unsafe.zip"), [
        ("申请表.pdf", form), ("身份证正面.jpg", front), ("身份证反面.jpg", back),
        ("../../etc/evil.pdf", form),        # archive-unsafe-path
    ])
    with open(os.path.join(out, "not-a-zip.zip"), "wb") as f:
        f.write(b"This is a note saved with the wrong name.\n")
    print("wrote tests/golden/bundles/not-a-zip.zip")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    m = Maker(sys.argv[1])
    wechat_samples(m)
    example_samples(m)
    golden_bundles(m)


if __name__ == "__main__":
    main()
