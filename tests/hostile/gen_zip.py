#!/usr/bin/env python3
"""Write every hostile ZIP of docs (hostile-inputs.md, catalogue Z1-Z19)
into the directory given as argv[1]. Python 3 stdlib only; each file is
named after the defect it holds and tests/hostile/expected.txt says which
finding codes bundlecheck must report for it.

Usage: gen_zip.py OUTDIR
"""

import io
import os
import struct
import sys
import zipfile
import zlib

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


class E:
    """One entry of a hand-written archive; every field can lie."""

    def __init__(self, name, data=b"", method=8, flags=0, extra=b"", cd_extra=None,
                 lfh_name=None, lfh_method=None, declared=None, made_by=20,
                 ext_attr=0, comp=None, crc=None, zip64=False):
        self.name = name if isinstance(name, bytes) else name.encode("utf-8")
        self.data = data
        self.method = method
        self.flags = flags
        self.extra = extra
        self.cd_extra = extra if cd_extra is None else cd_extra
        self.lfh_name = self.name if lfh_name is None else lfh_name
        self.lfh_method = method if lfh_method is None else lfh_method
        if comp is None:
            comp = deflate(data) if method == 8 else data
        self.comp = comp
        self.usize = len(data) if declared is None else declared
        self.crc = zlib.crc32(data) if crc is None else crc
        self.made_by = made_by
        self.ext_attr = ext_attr
        self.zip64 = zip64


def lfh(e):
    if e.zip64:
        z = struct.pack("<HHQQ", 1, 16, e.usize, len(e.comp))
        return struct.pack("<IHHHHHIIIHH", 0x04034b50, 45, e.flags, e.lfh_method, 0, 0x21,
                           e.crc, 0xFFFFFFFF, 0xFFFFFFFF, len(e.lfh_name), len(z) + len(e.extra)) \
            + e.lfh_name + z + e.extra
    return struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, e.flags, e.lfh_method, 0, 0x21,
                       e.crc, len(e.comp), e.usize, len(e.lfh_name), len(e.extra)) + e.lfh_name + e.extra


def cdrec(e, off):
    if e.zip64:
        z = struct.pack("<HHQQ", 1, 16, e.usize, len(e.comp))
        return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, e.made_by, 45, e.flags, e.method, 0, 0x21,
                           e.crc, 0xFFFFFFFF, 0xFFFFFFFF, len(e.name), len(z) + len(e.cd_extra), 0, 0, 0,
                           e.ext_attr, off) + e.name + z + e.cd_extra
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, e.made_by, 20, e.flags, e.method, 0, 0x21,
                       e.crc, len(e.comp), e.usize, len(e.name), len(e.cd_extra), 0, 0, 0,
                       e.ext_attr, off) + e.name + e.cd_extra


def eocd(n, cd_size, cd_off, comment=b"", disk=0, comment_len=None):
    return struct.pack("<IHHHHIIH", 0x06054b50, disk, disk, n, n, cd_size, cd_off,
                       len(comment) if comment_len is None else comment_len) + comment


def build(entries, comment=b""):
    out = bytearray()
    cd = bytearray()
    for e in entries:
        off = len(out)
        out += lfh(e) + e.comp
        cd += cdrec(e, off)
    cd_off = len(out)
    return bytes(out + cd + eocd(len(entries), len(cd), cd_off, comment))


def zbytes(entries):
    """stdlib zipfile, as the catalogue's recipes do"""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return b.getvalue()


def gbk(s):
    return s.encode("gbk")


def upath(raw, utf8):
    body = struct.pack("<BI", 1, zlib.crc32(raw)) + utf8.encode("utf-8")
    return struct.pack("<HH", 0x7075, len(body)) + body


# -- Z2: Fifield's quoted overlap ------------------------------------------

def overlap_bomb(n=40, kernel_zeros=1 << 20):
    kernel = deflate(bytes(kernel_zeros))
    names = [("%02d" % i).encode() for i in range(n)]
    # back to front: entry i's data quotes LFH_{i+1} in a stored block
    usize = kernel_zeros
    csize = len(kernel)
    crc = zlib.crc32(bytes(kernel_zeros))
    plain_tail = bytes(kernel_zeros)
    headers = [None] * n
    meta = [None] * n
    for i in range(n - 1, -1, -1):
        h = struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, 8, 0, 0x21, crc, csize, usize,
                        len(names[i]), 0) + names[i]
        headers[i] = h
        meta[i] = (crc, csize, usize)
        if i > 0:
            plain_tail = h + plain_tail
            usize = len(h) + usize
            csize = 5 + len(h) + csize
            crc = zlib.crc32(plain_tail)
    # LFH_0, then for each i a stored block quoting LFH_{i+1}, then the kernel
    out = bytearray()
    for i in range(n):
        if i == 0:
            out += headers[0]
        if i + 1 < n:
            h = headers[i + 1]
            out += struct.pack("<BHH", 0, len(h), len(h) ^ 0xFFFF) + h
    out += kernel
    pos = 0
    offsets = []
    for i in range(n):
        offsets.append(pos)
        pos += len(headers[i]) + (5 if i + 1 < n else 0)
    cd = bytearray()
    for i in range(n):
        crc, csize, usize = meta[i]
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, 8, 0, 0x21, crc, csize, usize,
                          len(names[i]), 0, 0, 0, 0, 0, offsets[i]) + names[i]
    cd_off = len(out)
    return bytes(out + cd + eocd(n, len(cd), cd_off))


def full_overlap(n=60):
    # under every max-entries default, so the overlap check (not the count) fires
    e = E("bomb.pdf", bytes(1 << 20))
    one = lfh(e) + e.comp
    cd = cdrec(e, 0) * n
    return one + cd + eocd(n, len(cd), len(one))


# -- Z3 ---------------------------------------------------------------------

def patch_sizes(data, size):
    b = bytearray(data)
    lf = b.find(b"PK\x03\x04")
    cd = b.find(b"PK\x01\x02")
    struct.pack_into("<I", b, lf + 22, size)
    struct.pack_into("<I", b, cd + 24, size)
    return bytes(b)


# -- Z6: traditional PKWARE encryption ----------------------------------------

def _crc_byte(crc, b):
    return zlib.crc32(bytes([b]), crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF


class ZipCrypto:
    def __init__(self, password):
        self.k = [0x12345678, 0x23456789, 0x34567890]
        for c in password:
            self.update(c)

    def update(self, c):
        k = self.k
        k[0] = _crc_byte(k[0], c)
        k[1] = ((k[1] + (k[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k[2] = _crc_byte(k[2], k[1] >> 24)

    def encrypt(self, data):
        out = bytearray()
        for p in data:
            t = (self.k[2] | 2) & 0xFFFF
            out.append(p ^ (((t * (t ^ 1)) >> 8) & 0xFF))
            self.update(p)
        return bytes(out)


def zipcrypto():
    comp = deflate(PDF)
    crc = zlib.crc32(PDF)
    header = bytes(range(1, 12)) + bytes([crc >> 24])
    enc = ZipCrypto(b"s3cret").encrypt(header + comp)
    return build([E("营业执照.pdf", PDF, flags=0x801, comp=enc, crc=crc)])


# -- Z11 / zeros ------------------------------------------------------------

def many_entries(n=100001):
    out = bytearray()
    cd = bytearray()
    for i in range(n):
        name = b"%06d.txt" % i
        off = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0) + name
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, 0, 0, 0x21, 0, 0, 0,
                          len(name), 0, 0, 0, 0, 0, off) + name
    cd_off = len(out)
    z64_off = cd_off + len(cd)
    z64 = struct.pack("<IQHHIIQQQQ", 0x06064b50, 44, 45, 45, 0, 0, n, n, len(cd), cd_off)
    loc = struct.pack("<IIQI", 0x07064b50, 0, z64_off, 1)
    end = struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return bytes(out + cd + z64 + loc + end)


def zeros_4g():
    """4 GiB of zeros, Zip64. Z_FULL_FLUSH resets the compressor, so the
    deflate output of every 1 MiB chunk is identical: compress one chunk
    and repeat it instead of compressing 4 GiB."""
    chunk = 1 << 20
    count = 4096
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(bytes(chunk)) + c.flush(zlib.Z_FULL_FLUSH)
    second = c.compress(bytes(chunk)) + c.flush(zlib.Z_FULL_FLUSH)
    assert first == second
    comp = first * count + c.flush(zlib.Z_FINISH)
    crc = 0
    z = bytes(chunk)
    for _ in range(count):
        crc = zlib.crc32(z, crc)
    e = E("zeros.pdf", b"", comp=comp, crc=crc, declared=chunk * count, zip64=True)
    return build([e])


def polyglot():
    return zbytes([("a.pdf", PDF)]) + PDF


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = {}

    # Z1
    layer = zbytes([("0.bin", bytes(1 << 20))])
    for lvl in range(4):
        layer = zbytes([("l%d_%d.zip" % (lvl, i), layer) for i in range(16)])
    cases["nested_bomb.zip"] = layer
    # Z2
    cases["overlap_bomb.zip"] = overlap_bomb()
    cases["full_overlap.zip"] = full_overlap()
    # Z3
    cases["size_lie_small.zip"] = patch_sizes(zbytes([("letter.pdf", b"A" * (64 << 20))]), 10)
    cases["size_lie_huge.zip"] = patch_sizes(zbytes([("letter.pdf", b"hello")]), 0xFFFFFFFE)
    # Z4
    cases["traversal.zip"] = zbytes([(n, PDF) for n in (
        "../../../../tmp/evil.pdf", "/etc/cron.d/evil", "..\\..\\Windows\\evil.pdf",
        "C:\\Users\\Public\\evil.pdf", "C:evil.pdf", "a/../../b.pdf", "./ok/../../c.pdf",
        "\\\\server\\share\\x.pdf")])
    # Z5
    cases["symlink.zip"] = build([E("link_to_passwd.pdf", b"/etc/passwd", method=0,
                                    made_by=(3 << 8) | 20, ext_attr=0o120777 << 16)])
    # Z6
    cases["zipcrypto.zip"] = zipcrypto()
    # Z7
    normal = zbytes([("letter.pdf", PDF), ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(4000))])
    cases["truncated_half.zip"] = normal[: len(normal) // 2]
    cases["no_cd.zip"] = normal[: normal.find(b"PK\x01\x02")]
    cases["empty.zip"] = b""
    cases["eocd_only.zip"] = eocd(0, 0, 0)
    # Z8
    cases["lfh_cd_name_mismatch.zip"] = build([E("invoice.pdf", PDF, lfh_name=b"payload.exe")])
    cases["lfh_cd_method_mismatch.zip"] = build([E("invoice.pdf", PDF, method=8, lfh_method=0)])
    # Z9
    cases["duplicate.zip"] = build([E("营业执照.pdf", PDF, flags=0x800),
                                    E("营业执照.pdf", b"MZ\x90\x00evil", flags=0x800)])
    # Z10
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        with z.open("letter.pdf", "w", force_zip64=True) as f:
            f.write(PDF)
    cases["zip64_forced.zip"] = b.getvalue()
    # Z11
    cases["many_entries.zip"] = many_entries()
    # Z12
    cases["empty_name.zip"] = build([E("", PDF), E("/", b"", method=0)])
    # Z13
    cases["ctrl_names.zip"] = build([E(b"good.pdf\x00evil.exe", PDF), E(b"ansi\x1b[2J\x07bell.pdf", PDF),
                                     E("line\nbreak.pdf", PDF, flags=0x800),
                                     E("rtl\u202efdp.exe", PDF, flags=0x800)])
    cases["flagged_ctrl_name.zip"] = build([E(b"bell\x07.pdf", PDF, flags=0x800), E("ok.pdf", PDF)])
    # Z14
    cases["gbk_noflag.zip"] = build([E(gbk("营业执照副本.pdf"), PDF)])
    cases["gbk_valid_utf8.zip"] = build([E(gbk("营业.pdf"), PDF)])
    raw = gbk("营业执照.pdf")
    cases["gbk_with_7075.zip"] = build([E(raw, PDF, extra=upath(raw, "营业执照.pdf"))])
    cases["gbk_7075_mismatch.zip"] = build([E(raw, PDF, extra=upath(raw, "../../../../tmp/x.pdf"))])
    cases["gbk_7075_cd_only.zip"] = build([E(raw, PDF, extra=b"", cd_extra=upath(raw, "营业执照.pdf"))])
    nfd = "re\u0301sume\u0301/营业执照.pdf"
    cases["utf8_noflag_nfd.zip"] = build([E(nfd.encode("utf-8"), PDF)])
    # Z15
    apple = struct.pack(">II16sH", 0x00051607, 0x00020000, b"Mac OS X        ", 0)
    cases["macosx.zip"] = build([E("材料/营业执照.pdf", PDF, flags=0x800),
                                 E("__MACOSX/材料/._营业执照.pdf", apple, flags=0x800),
                                 E("材料/.DS_Store", b"\0\0\0\1Bud1", flags=0x800),
                                 E("材料/Thumbs.db", b"\xd0\xcf\x11\xe0", flags=0x800)])
    # Z16
    inner = zbytes([("letter.pdf", PDF)])
    for _ in range(2):
        inner = zbytes([("inner.zip", inner)])
    cases["nested3.zip"] = inner
    # Z17
    cases["polyglot_zip_pdf.zip"] = polyglot()
    # Z18
    two = build([E("letter.pdf", PDF), E("photo.pdf", PDF)])
    fake = eocd(1, 46 + len("letter.pdf"), two.find(b"PK\x01\x02"))
    cases["comment_fake_eocd.zip"] = two[:-2] + struct.pack("<H", len(fake)) + fake
    cases["comment_len_lie.zip"] = two[:-2] + struct.pack("<H", 500)
    cases["trailing_garbage.zip"] = two + bytes(100)
    cases["prepended_garbage.zip"] = b"MZ" + bytes(1022) + two
    # Z19
    d = bytearray(two)
    struct.pack_into("<HH", d, len(d) - 22 + 4, 1, 1)
    cases["multidisk.zip"] = bytes(d)
    cases["method93.zip"] = build([E("letter.pdf", PDF, method=93, comp=b"\x28\xb5\x2f\xfd" + PDF)])
    cases["zeros_4g.zip"] = zeros_4g()

    for name, data in cases.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print("wrote %d cases into %s" % (len(cases), out))


if __name__ == "__main__":
    main()
