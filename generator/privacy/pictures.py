"""Pictures the build publishes: their metadata is dropped without touching the pixels.

A camera or an editor writes the author's name, the place (GPS), comments and a thumbnail of the
original into EXIF, XMP, IPTC and PNG text chunks; none of it is needed on a site or in a PDF. The
segments that carry it are dropped byte by byte, so the compressed image data is copied as it is
(no re-encoding, no loss): JPEG APPn/COM segments, PNG text/time/eXIf chunks, WebP EXIF/XMP
chunks, GIF comment and application extensions. What the picture needs to look the same is kept:
the JFIF header (without its thumbnail), the ICC colour profile (renamed in PNG, its name is free
text), Adobe's colour transform, and the EXIF orientation rewritten as a minimal EXIF of its own.
"""
from __future__ import annotations

import io
import struct
import zlib

# PNG chunks a picture may keep besides the critical ones: colour, transparency, size, animation.
_PNG_KEEP = {b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"bKGD", b"hIST", b"tRNS", b"pHYs", b"sPLT",
             b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi"}
_GIF_LOOPING = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


def picture_kind(data: bytes) -> str | None:
    """``jpeg``, ``png``, ``gif`` or ``webp`` by the file's first bytes (its name may lie), else ``None``."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def strip_metadata(data: bytes) -> bytes:
    """The picture without its metadata, pixels untouched; other files and damaged pictures as they are
    (the privacy gate reads what is left of a damaged one)."""
    strip = {"jpeg": _strip_jpeg, "png": _strip_png, "gif": _strip_gif, "webp": _strip_webp}.get(picture_kind(data) or "")
    if strip is None:
        return data
    try:
        return strip(data)
    except (IndexError, ValueError, struct.error):
        return data


def _orientation(exif: bytes) -> int:
    """The EXIF orientation (1 = upright) of an APP1 payload."""
    from PIL import Image

    try:
        value = Image.Exif()
        value.load(exif)
        orientation = int(value.get(0x0112, 1))
    except Exception:  # a damaged EXIF is dropped whole; the picture is then shown as stored
        return 1
    return orientation if 1 <= orientation <= 8 else 1


def _minimal_exif(orientation: int) -> bytes:
    """An APP1 segment holding the orientation only: a turned photo stays turned."""
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">HHHIHHI", 1, 0x0112, 3, 1, orientation, 0, 0)
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def _keep_jpeg_segment(marker: int, payload: bytes) -> bytes | None:
    """The segment to write for an APPn or COM segment, or ``None`` to drop it."""
    if marker == 0xE0 and payload.startswith(b"JFIF\x00") and len(payload) >= 14:
        return payload[:12] + b"\x00\x00"  # the header without its thumbnail
    if marker == 0xE2 and payload.startswith(b"ICC_PROFILE\x00"):
        return payload
    if marker == 0xEE and payload.startswith(b"Adobe"):  # how CMYK/YCCK pictures are decoded
        return payload
    return None


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(b"\xff\xd8")
    pos, orientation, exif_at = 2, 1, 2
    while True:
        if data[pos] != 0xFF:
            raise ValueError("not a marker")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xDA, 0xD9):  # start of scan: the compressed image follows, copied as is
            if orientation != 1:
                out[exif_at:exif_at] = _minimal_exif(orientation)
            return bytes(out + data[pos:])
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[pos:pos + 2]
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if length < 2 or pos + 2 + length > len(data):
            raise ValueError("segment past the end")
        payload = data[pos + 4:pos + 2 + length]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
                orientation = _orientation(payload)
            kept = _keep_jpeg_segment(marker, payload)
            if kept is not None:
                out += bytes([0xFF, marker]) + struct.pack(">H", len(kept) + 2) + kept
                if marker == 0xE0:
                    exif_at = len(out)
        else:
            out += data[pos:pos + 2 + length]
        pos += 2 + length


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _strip_png(data: bytes) -> bytes:
    out, pos = bytearray(data[:8]), 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ValueError("chunk past the end")
        if kind == b"iCCP":  # the profile's name is free text: keep the profile under a neutral name
            out += _png_chunk(kind, b"ICC profile" + body[body.index(b"\x00"):])
        elif kind[:1].isupper() or kind in _PNG_KEEP:
            out += data[pos:pos + 12 + length]
        pos += 12 + length
        if kind == b"IEND":
            break
    return bytes(out)


def _strip_webp(data: bytes) -> bytes:
    chunks, pos = [], 12
    while pos + 8 <= len(data):
        kind, length = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        whole = data[pos:pos + 8 + length + (length & 1)]
        if kind == b"VP8X":  # the header's flags say which chunks follow: no EXIF (0x08), no XMP (0x04)
            whole = kind + whole[4:8] + bytes([whole[8] & ~0x0C]) + whole[9:]
        if kind not in (b"EXIF", b"XMP "):
            chunks.append(whole)
        pos += 8 + length + (length & 1)
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _gif_sub_blocks(data: bytes, pos: int) -> int:
    """Where the data sub-blocks starting at ``pos`` end."""
    while data[pos]:
        pos += data[pos] + 1
    return pos + 1


def _strip_gif(data: bytes) -> bytes:
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    out = bytearray(data[:pos])
    while True:
        block = data[pos]
        if block == 0x3B:  # trailer
            return bytes(out + b"\x3b")
        if block == 0x2C:  # an image: descriptor, local colour table, LZW data
            flags = data[pos + 9]
            start = pos
            pos += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            pos = _gif_sub_blocks(data, pos)
            out += data[start:pos]
        elif block == 0x21:
            label, start = data[pos + 1], pos
            pos = _gif_sub_blocks(data, pos + 2)
            looping = label == 0xFF and data[start + 3:start + 14] in _GIF_LOOPING
            if label in (0xF9, 0x01) or looping:  # frame timing, plain text, looping stay
                out += data[start:pos]
        else:
            raise ValueError("unknown GIF block")


def metadata_text(data: bytes) -> str:
    """Every text a picture's metadata holds (EXIF, XMP, IPTC, PNG text chunks, comments), for the
    privacy gate; empty for a picture without any. Pillow reads the containers, not the pixels."""
    from PIL import Image, IptcImagePlugin

    texts: list[str] = []
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        for values in (exif, exif.get_ifd(0x8769), exif.get_ifd(0x8825)):  # main, Exif and GPS directories
            texts += [_decoded(tag, value) for tag, value in values.items()]
        info = dict(image.info)
        if image.format == "PNG":
            info.update(image.text)  # text chunks after the image data too
        for key, value in info.items():
            if key not in ("icc_profile", "exif", "dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density"):
                texts.append(f"{key} {_decoded(0, value)}")
        try:
            iptc = IptcImagePlugin.getiptcinfo(image) or {}
        except Exception:  # a damaged IPTC block: what Pillow cannot read no viewer shows either
            iptc = {}
        for value in iptc.values():
            texts += [_decoded(0, v) for v in (value if isinstance(value, list) else [value])]
    return "\n".join(t for t in texts if t)


def _decoded(tag: int, value: object) -> str:
    """A metadata value as text: Windows' XP* tags are UTF-16, a user comment starts with its charset."""
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value) and 0x9C9B <= tag <= 0x9C9F:
        value = bytes(value)
    if isinstance(value, bytes):
        if 0x9C9B <= tag <= 0x9C9F:
            return value.decode("utf-16-le", errors="replace").rstrip("\x00")
        if tag == 0x9286 and value[:8] == b"UNICODE\x00":
            body = value[8:]
            return body.decode("utf-16-be" if body[:1] == b"\x00" else "utf-16-le", errors="replace")
        if tag == 0x9286:
            value = value[8:]
        try:
            return value.decode("utf-8").rstrip("\x00")
        except UnicodeDecodeError:
            return value.decode("cp1251", errors="replace").rstrip("\x00")
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, (tuple, list)):
        return " ".join(_decoded(tag, v) for v in value)
    return ""
