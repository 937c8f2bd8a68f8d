"""Portraits of participants without photo consent, recognised however they were re-saved.

A byte-for-byte comparison misses a photo that was re-encoded, resized or turned into another
format; a perceptual hash (imagehash's pHash: the lowest frequencies of the picture's cosine
transform) stays within a few bits for all of these, while unrelated pictures differ in about half
of its 64 bits. Hashes are kept by the picture's bytes in ``.build/cache/portraits.json``.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

from .pictures import picture_kind

# Bits of 64 two pictures may differ in and still be one photo: re-encoding and resizing change
# 0–6; unrelated photos differ in ~32 (a false alarm needs < 1 chance in 10⁶ per pair).
MAX_DISTANCE = 10
_MAX_PIXELS = 80_000_000  # larger pictures are not decoded (a decompression bomb); checked as unreadable


def perceptual_hash(data: bytes) -> int | None:
    """The 64-bit pHash of a picture (JPEG decoded at a reduced scale, upright per EXIF), or ``None``
    when the bytes are not a picture Pillow can decode."""
    import imagehash
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.size[0] * image.size[1] > _MAX_PIXELS:
                return None
            image.draft("RGB", (128, 128))  # JPEG: decode at 1/2…1/8 scale, much faster; pHash uses 32×32
            upright = ImageOps.exif_transpose(image.convert("RGB"))
            return int(str(imagehash.phash(upright)), 16)
    except Exception:  # Pillow raises many kinds for damaged or unsupported pictures
        return None


class HashCache:
    """Perceptual hashes by the SHA-256 of the bytes, read and written as one JSON file."""

    def __init__(self, path: Path | None):
        self.path = path
        self.known: dict[str, int | None] = {}
        self.changed = False
        if path is not None:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                self.known = {k: v for k, v in loaded.items() if v is None or isinstance(v, int)}
            except (OSError, ValueError, AttributeError):
                self.known = {}

    def of(self, data: bytes) -> int | None:
        key = hashlib.sha256(data).hexdigest()
        if key not in self.known:
            self.known[key] = perceptual_hash(data) if picture_kind(data) else None
            self.changed = True
        return self.known[key]

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.known), encoding="utf-8")
        temporary.replace(self.path)


class Portraits:
    """The photos (under content/files/) that may not be published, and a test for look-alikes."""

    def __init__(self, photos: dict[str, bytes], cache: HashCache | None = None):
        self.cache = cache or HashCache(None)
        self.hashes = {rel: h for rel, data in sorted(photos.items()) if (h := self.cache.of(data)) is not None}

    def resembles(self, data: bytes) -> str | None:
        """The hidden photo this picture is a copy of (however re-saved), or ``None``."""
        if not self.hashes or not picture_kind(data):
            return None
        found = self.cache.of(data)
        if found is None:
            return None
        for rel, known in self.hashes.items():
            if bin(found ^ known).count("1") <= MAX_DISTANCE:
                return rel
        return None


def used_where(root: Path, rel: str) -> list[str]:
    """``file:line`` of every content or data file that mentions ``rel`` (a cover, a body image…)."""
    pattern = re.compile(r"(?<![\w/.-])(?:\.\./)*(?:files/)?" + re.escape(rel) + r"(?![\w/.-])")
    found = []
    for folder in ("content", "data"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".md", ".yaml", ".yml") or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(root).as_posix()}:{text.count(chr(10), 0, match.start()) + 1}")
    return found


def content_lookalikes(root: Path, files_dir: Path, portraits: Portraits,
                       hidden: set[str]) -> list[tuple[str, str, list[str]]]:
    """``(picture, hidden photo, where used)`` for every picture under content/files/ that some content
    or data file uses and that is a copy of a hidden photo. The PDFs read pictures from content/files/
    directly, so this covers the collection and the RNC practices as well as the site."""
    if not portraits.hashes or not files_dir.is_dir():
        return []
    found = []
    for path in sorted(files_dir.rglob("*")):
        rel = path.relative_to(files_dir).as_posix()
        if rel in hidden or not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as file:
            if not picture_kind(file.read(16)):
                continue
        photo = portraits.resembles(path.read_bytes())
        if photo is None:
            continue
        where = used_where(root, rel)
        if where:
            found.append((rel, photo, where))
    return found
