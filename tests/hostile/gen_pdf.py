#!/usr/bin/env python3
"""Write every hostile PDF of the reference catalogue (hostile-inputs.md,
P1-P11, plus the two PDF/ZIP polyglots) into the directory given as
argv[1]. Python 3 stdlib only, everything written from scratch: pdf()
lays out numbered objects and a correct xref table, the cases then break
exactly the thing they are named after. run_hostile.py wraps each file
in a bundle as letter.pdf; tests/hostile/expected_pdf.txt says which
finding codes bundlecheck must report for it.

Usage: gen_pdf.py OUTDIR
"""

import hashlib
import io
import os
import struct
import sys
import zipfile
import zlib

# text the example-generic "letter" asks for, so a well-formed base
# document passes every content rule and only the defect shows
TEXT = b"BT /F1 24 Tf 72 720 Td (Authorization) Tj ET\n"
FONT = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"
A4 = b"[0 0 595 842]"
FILE_ID = bytes(range(16))


def stream(dict_body, data):
    """an indirect stream object body: dict_body without << >>"""
    return b"<<" + dict_body + b"/Length %d>>stream\n" % len(data) + data + b"\nendstream"


def pdf(objs, root=1, trailer_extra=b"", version=b"1.4"):
    """objs: bodies of objects 1..n (bytes); returns the file with a
    correct classic xref table and trailer"""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<</Size %d/Root %d 0 R" % (len(objs) + 1, root) + trailer_extra
            + b">>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def base_objs(catalog_extra=b"", content=TEXT):
    """catalog 1, pages 2, page 3 (A4, text), content 4, font 5"""
    return [
        b"<</Type/Catalog/Pages 2 0 R" + catalog_extra + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox" + A4
        + b"/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        stream(b"", content),
        FONT,
    ]


def base_pdf():
    return pdf(base_objs())


# --- P1 not a PDF --------------------------------------------------------

def png_1x1():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff")) + chunk(b"IEND", b""))


def zip_of(name, data, prefix=b""):
    """a ZIP (optionally after prefix, with absolute offsets like `zip -A`)"""
    buf = io.BytesIO(prefix)
    buf.seek(0, 2)
    with zipfile.ZipFile(buf, "a" if prefix else "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, data)
    return buf.getvalue()


# --- P4/P5 standard security handler, RC4 40-bit (V1 R2) ------------------

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for c in data:
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out.append(c ^ s[(s[i] + s[j]) & 0xFF])
    return bytes(out)


def encrypted_pdf(user, owner, perms):
    """PDF 32000 7.6.3, algorithms 2, 3 and 4 (revision 2, 40-bit key)"""
    o = rc4(hashlib.md5((owner + PAD)[:32]).digest()[:5], (user + PAD)[:32])
    p = struct.pack("<i", perms)
    key = hashlib.md5((user + PAD)[:32] + o + p + FILE_ID).digest()[:5]
    u = rc4(key, PAD)

    def obj_key(num):
        return hashlib.md5(key + struct.pack("<I", num)[:3] + b"\0\0").digest()[:10]

    objs = base_objs(catalog_extra=b"/Lang<%s>" % rc4(obj_key(1), b"en").hex().encode())
    objs[3] = stream(b"", rc4(obj_key(4), TEXT))
    objs.append(b"<</Filter/Standard/V 1/R 2/Length 40/O<%s>/U<%s>/P %d>>"
                % (o.hex().encode(), u.hex().encode(), perms))
    enc = len(objs)
    return pdf(objs, trailer_extra=b"/Encrypt %d 0 R/ID[<%s><%s>]"
               % (enc, FILE_ID.hex().encode(), FILE_ID.hex().encode()))


# --- P10 bombs ------------------------------------------------------------

def deflate_zeros(n, chunk=1 << 20):
    """zlib stream of n zero bytes (n a multiple of chunk), in well under a
    second: one chunk is deflated and ended with a full flush, which makes
    it a byte-aligned run of blocks that refer to nothing before them, so
    repeating it is a valid stream; an empty final block and the Adler-32
    of n zeros (a = 1, b = n mod 65521) close it"""
    assert n % chunk == 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    seg = c.compress(bytes(chunk)) + c.flush(zlib.Z_FULL_FLUSH)
    final = c.flush(zlib.Z_FINISH)
    adler = ((n % 65521) << 16) | 1
    return b"\x78\xda" + seg * (n // chunk) + final + struct.pack(">I", adler)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    cases = {}
    good = base_pdf()

    # P1
    cases["not_pdf_html.pdf"] = (b"<!DOCTYPE html>\n<html><head><title>Authorization</title></head>"
                                 b"<body><h1>Authorization</h1><p>Not a PDF.</p></body></html>\n")
    cases["not_pdf_png.pdf"] = png_1x1()
    cases["not_pdf_zip.pdf"] = zip_of("letter.pdf", good)
    cases["empty.pdf"] = b""
    # 5,000 bytes as in the catalogue (libmagic: text); 100 bytes is still
    # inside libmagic's and poppler's header window (libmagic: PDF)
    cases["junk_prefix.pdf"] = b"J" * 5000 + good
    cases["junk_prefix_100.pdf"] = b"J" * 100 + good

    # P2 truncated: lost the trailer
    cases["truncated_60.pdf"] = good[:len(good) * 60 // 100]
    cases["trunc_at_xref.pdf"] = good[:good.rindex(b"xref")]
    cases["truncated_header_only.pdf"] = good[:good.index(b"1 0 obj")]

    # P3 broken xref: poppler repairs silently
    sx = good.rindex(b"startxref\n") + len(b"startxref\n")
    end = good.index(b"\n", sx)
    cases["bad_startxref.pdf"] = good[:sx] + b"%d" % (int(good[sx:end]) + 7) + good[end:]
    first = good.index(b"1 0 obj")
    cases["xref_offsets_shifted.pdf"] = good[:first] + b"%" + b"x" * 100 + b"\n" + good[first:]

    # P4 user password (RC4 40-bit), P5 owner password only: no print,
    # modify, copy or annotate (bits 3-6 clear)
    cases["encrypted_user_rc4.pdf"] = encrypted_pdf(b"user0", b"owner0", -4)
    cases["owner_only_rc4.pdf"] = encrypted_pdf(b"", b"owner0", -64)

    # P6 zero pages, P7 a /Count that lies
    objs = base_objs()
    objs[1] = b"<</Type/Pages/Kids[]/Count 0>>"
    cases["zero_pages.pdf"] = pdf(objs)
    objs = base_objs()
    objs[1] = b"<</Type/Pages/Kids[3 0 R]/Count 2000000000>>"
    cases["count_lie.pdf"] = pdf(objs)

    # P8 deep nesting inside the catalog, which is parsed on open: 400 KB
    depth = 200000
    cases["deep_arrays.pdf"] = pdf(base_objs(catalog_extra=b"/Deep " + b"[" * depth + b"]" * depth))
    cases["deep_dicts.pdf"] = pdf(base_objs(catalog_extra=b"/Deep " + b"<</A " * (depth // 3)
                                            + b">>" * (depth // 3)))

    # P9 loops
    xref = int(good[sx:end])
    cases["xref_prev_self.pdf"] = pdf(base_objs(), trailer_extra=b"/Prev %d" % xref)
    objs = base_objs()
    objs[1] = b"<</Type/Pages/Kids[3 0 R 2 0 R]/Count 2>>"
    cases["pages_kids_loop.pdf"] = pdf(objs)
    objs = base_objs()
    # /Pages 6 0 R where 6 -> 7 -> 6
    objs[0] = b"<</Type/Catalog/Pages 6 0 R>>"
    objs += [b"7 0 R", b"6 0 R"]
    cases["ref_cycle.pdf"] = pdf(objs)

    # P10 Flate bombs as the page's content stream: 1 GiB of zeros
    bomb = deflate_zeros(1 << 30)
    objs = base_objs()
    objs[3] = stream(b"/Filter/FlateDecode", bomb)
    cases["flate_bomb_1g.pdf"] = pdf(objs)
    objs = base_objs()
    objs[3] = stream(b"/Filter[/FlateDecode/FlateDecode]", zlib.compress(bomb, 9))
    cases["flate_bomb_double.pdf"] = pdf(objs)

    # P11 active content
    cases["js_openaction.pdf"] = pdf(base_objs(
        catalog_extra=b"/OpenAction<</S/JavaScript/JS(app.alert\\('hi'\\);)>>"))
    cases["launch_openaction.pdf"] = pdf(base_objs(
        catalog_extra=b"/OpenAction<</S/Launch/F(calc.exe)/NewWindow true>>"))
    objs = base_objs(catalog_extra=b"/Names<</EmbeddedFiles<</Names[(a.exe) 6 0 R]>>>>")
    objs.append(b"<</Type/Filespec/F(a.exe)/UF(a.exe)/EF<</F 7 0 R>>>>")
    objs.append(stream(b"/Type/EmbeddedFile/Subtype/application#2Fx-msdownload",
                       b"MZ\x90\x00" + b"\0" * 60 + b"This program cannot be run in DOS mode."))
    cases["embedded_file.pdf"] = pdf(objs)

    # polyglots (Z17 applied to one document): a ZIP appended to a PDF with
    # absolute offsets, as `zip -A` leaves it; a PDF appended to a ZIP
    cases["polyglot_pdf_then_zip.pdf"] = zip_of("payload.pdf", good, prefix=good)
    cases["polyglot_zip_then_pdf.pdf"] = zip_of("payload.pdf", good) + good

    for name, data in cases.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        print("%-28s %9d bytes" % (name, len(data)))


if __name__ == "__main__":
    main()
