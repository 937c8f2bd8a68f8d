"""What a reader can get out of a published file, as text for the privacy gate.

A contributor's attachment (``site/files/…``) is read for everything a reader's program shows:
its file name; a PDF's text, document properties (Info and XMP), outline, annotations, form
fields, attached files and pictures; every XML part of a DOCX/PPTX/XLSX or ODT/ODS/ODP package
(text, comments, notes, headers, core properties, link targets — they are all zips of XML, so
one reader covers them and any other zip, without a library per format); HTML, TXT, CSV, vCard
and RTF in UTF-8, UTF-16 or cp1251; a picture's metadata. Pictures found inside are handed back
for the look-alike test. The kind is told by the bytes, not the suffix (``plan.PDF``, a DOCX
renamed to ``.txt``).

Old binary Office files (.doc, .xls, .ppt) keep their text uncompressed: their printable strings
are read. Any other format (video, RAR/7z, TIFF, HEIC…) cannot be read, so the gate refuses it:
what is not read cannot be vouched for. Limits keep a hostile zip from exhausting the machine.
"""
from __future__ import annotations

import base64
import binascii
import html
import io
import quopri
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .pagetext import markup_text, pdf_text
from .pictures import metadata_text, picture_kind

MAX_MEMBERS = 10_000  # parts of one zip
MAX_PART_BYTES = 64 * 1024 * 1024  # one part, unpacked
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # a whole zip, unpacked (a zip bomb stops here)
MAX_DEPTH = 3  # a zip in a zip in a zip
MAX_PICTURES = 200  # pictures of one PDF tested for look-alikes
TEXT_KINDS = {".txt", ".csv", ".vcf", ".vcard", ".html", ".htm", ".xhtml", ".svg", ".xml", ".json", ".md",
              ".yml", ".yaml", ".ics", ".rtf"}
ACCEPTED = "PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, ZIP, DOC, XLS, PPT, RTF, TXT, CSV, HTML, vCard, JPEG, PNG, GIF, WebP"
# XML elements whose text runs on into the next one's (Word and DrawingML runs, ODF spans, links);
# any other element with text ends a line, so words of two paragraphs or properties never merge.
_INLINE = {"t", "r", "span", "a", "hyperlink", "ins", "del", "delText", "smartTag", "fldSimple", "sdt",
           "sdtContent", "customXml", "moveFrom", "moveTo", "dir", "bdo"}
_SPACE = {"tab", "br", "cr", "s", "line-break", "noBreakHyphen"}
_ATTRIBUTES = {"author", "initials", "descr", "title", "target", "name", "creator", "href", "userid"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Reading:
    """The texts and pictures found in a file, and why a part could not be read (then refused)."""

    texts: list[str] = field(default_factory=list)
    pictures: list[tuple[str, bytes]] = field(default_factory=list)  # (where inside, bytes)
    problem: str = ""


class Unreadable(Exception):
    """A file or part the gate cannot read; the message says why, in Russian."""


def file_name_text(rel: str) -> str:
    """A path as words: ``_``, ``-``, ``.``, ``+`` and ``/`` separate them (``Крылов_Артём.pdf``),
    and a lone letter is an initial (``krylov-a.docx`` → «krylov a. docx»)."""
    words = [w for w in re.split(r"[\s_./\\+\-–,()\[\]~]+", rel) if w]
    return " ".join(f"{w}." if len(w) == 1 and w.isalpha() else w for w in words)


def read_output(path: Path, rel: str) -> Reading:
    """What the gate reads besides a file's own text (and its name, see :func:`file_name_text`): for
    a contributor's file (``site/files/…``) everything in it; for any other picture its metadata and pixels."""
    reading = Reading()
    contributed = rel.startswith("site/files/")
    with path.open("rb") as file:
        head = file.read(16)
    if not contributed and not picture_kind(head):
        return reading
    try:
        _read(path.read_bytes(), path.name, 0, reading, path if contributed else None)
    except Unreadable as exc:
        reading.problem = str(exc)
    return reading


def _read(data: bytes, name: str, depth: int, reading: Reading, path: Path | None = None) -> None:
    """Read one file or part by what its bytes are; ``path`` for a file on disk (pdftotext reads it)."""
    suffix = Path(name).suffix.lower()
    if picture_kind(data):
        reading.pictures.append((name, data))
        try:
            reading.texts.append(metadata_text(data))
        except Exception as exc:  # Pillow raises many kinds for a damaged picture
            raise Unreadable(f"«{name}»: изображение повреждено ({exc.__class__.__name__})") from None
    elif b"%PDF-" in data[:1024]:
        _pdf(data, name, depth, reading, path)
    elif data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        _zip(data, name, depth, reading)
    elif depth and (suffix in (".xml", ".rels") or data.lstrip()[:5] == b"<?xml"):
        reading.texts.append(xml_text(data, name))
    elif suffix in TEXT_KINDS:
        reading.texts += _text_views(decode_text(data), suffix, reading)
    elif data.startswith(_OLE) or depth:  # old Office, or a part of a package (fonts, EMF, OLE objects)
        reading.texts.append(printable_strings(data))
    else:
        raise Unreadable(f"формат файла «{name}» не читается проверкой персональных данных; "
                         f"ожидается один из: {ACCEPTED}")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM, else cp1251 (Russian Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def xmp_text(xmp: bytes) -> str:
    """What an XMP packet (XML) says: its element texts and its attribute values (RDF puts the
    properties in either), character references resolved."""
    text = decode_text(xmp)
    values = [re.sub(r"<[^>]*>", "\n", text), *re.findall(r"""=\s*["']([^"']*)""", text)]
    return html.unescape("\n".join(values))


def _text_views(text: str, suffix: str, reading: Reading) -> list[str]:
    """The text as a reader's program shows it: markup without tags, cells side by side, vCard fields."""
    if suffix in (".html", ".htm", ".xhtml", ".svg", ".xml"):
        targets = [unquote(t) for t in re.findall(r"""(?:href|src)\s*=\s*["']([^"']*)""", text, re.I)]
        return [markup_text(text), "\n".join(targets)]
    if suffix == ".rtf":
        return [_rtf_text(text)]
    if suffix in (".vcf", ".vcard", ".ics"):
        return [_vcard_text(text, reading)]
    if suffix == ".csv":  # a surname and a first name in two cells are read together
        return [text, re.sub(r'[;,\t|"]', " ", text)]
    return [text]


def _vcard_text(text: str, reading: Reading) -> str:
    """A vCard's values: folded lines joined, quoted-printable decoded, ``;`` between name parts a space,
    embedded photos handed back as pictures."""
    text = re.sub(r"\r?\n[ \t]", "", re.sub(r"=\r?\n", "", text))
    lines = []
    for line in text.splitlines():
        head, _, value = line.partition(":")
        params = head.upper()
        if "QUOTED-PRINTABLE" in params:
            charset = re.search(r"CHARSET=([\w-]+)", params)
            raw = quopri.decodestring(value.encode("latin-1", errors="replace"))
            value = raw.decode(charset[1].lower() if charset else "utf-8", errors="replace")
        if re.search(r"ENCODING=(B|BASE64)\b", params) or value.startswith("data:image"):
            try:
                reading.pictures.append((f"vCard {head.split(';')[0]}", base64.b64decode(value.split(",")[-1])))
            except (binascii.Error, ValueError):
                pass
            continue
        lines.append(f"{head} {value.replace(';', ' ')}")
    return "\n".join(lines)


def _rtf_text(text: str) -> str:
    """RTF with its escapes undone: ``\\'c0`` is a cp1251 byte, ``\\u1050?`` a Unicode letter."""
    text = re.sub(r"\\u(-?\d+)\??", lambda m: chr(int(m[1]) % 65536), text)
    text = re.sub(r"(?:\\'[0-9a-fA-F]{2})+",
                  lambda m: bytes.fromhex(m[0].replace("\\'", "")).decode("cp1251", errors="replace"), text)
    return re.sub(r"\\[a-z]+-?\d* ?|[{}]", "", text)


def printable_strings(data: bytes) -> str:
    """Runs of letters and digits in a binary: UTF-16 (Office's own), UTF-8 and cp1251."""
    runs = [m.decode("utf-16-le", errors="ignore") for m in re.findall(rb"(?:[\x20-\x7e]\x00|[\x00-\xff]\x04){3,}", data)]
    runs += [m.decode("utf-8", errors="ignore") for m in re.findall(rb"(?:[\x20-\x7e]|[\xd0\xd1][\x80-\xbf]){4,}", data)]
    runs += [m.decode("cp1251") for m in re.findall(rb"[\x20-\x7e\xa8\xb8\xc0-\xff]{4,}", data)]
    return "\n".join(runs)


def xml_text(data: bytes, name: str) -> str:
    """The text and the telling attributes (authors, alt texts, link targets) of one XML part. A DTD is
    refused (no package has one; it is how entity bombs and external entities get in)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise Unreadable(f"«{name}»: XML с объявлением DTD не читается")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise Unreadable(f"«{name}»: XML повреждён ({exc})") from None
    out: list[str] = []
    letters = 0  # letters written so far: an element with none of its own adds no line break
    stack: list[tuple[ET.Element, int | None]] = [(root, None)]
    while stack:  # a loop, not recursion: a deeply nested part cannot overflow the stack
        element, opened = stack.pop()
        local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if opened is None:
            values = [v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1].lower() in _ATTRIBUTES]
            if values:
                out.append("\n" + "\n".join(unquote(v) for v in values) + "\n")
            stack.append((element, letters))
            if element.text:
                out.append(element.text)
                letters += len(element.text.strip())
            stack.extend((child, None) for child in reversed(element))
            continue
        out.append(" " if local in _SPACE else "" if local in _INLINE or letters == opened else "\n")
        if element.tail:
            out.append(element.tail)
            letters += len(element.tail.strip())
    return "".join(out)


def _zip(data: bytes, name: str, depth: int, reading: Reading) -> None:
    if depth >= MAX_DEPTH:
        raise Unreadable(f"«{name}»: архивы вложены глубже {MAX_DEPTH} уровней")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Unreadable(f"«{name}»: архив повреждён ({exc})") from None
    if len(members) > MAX_MEMBERS:
        raise Unreadable(f"«{name}»: в архиве {len(members)} частей, допускается не больше {MAX_MEMBERS}")
    total = 0
    for member in members:
        reading.texts.append(file_name_text(member.filename))
        if member.is_dir():
            continue
        if member.flag_bits & 0x1:
            raise Unreadable(f"«{name}»: часть «{member.filename}» зашифрована — проверить её нельзя")
        try:
            with archive.open(member) as part:
                raw = part.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError) as exc:
            raise Unreadable(f"«{name}»: часть «{member.filename}» не распаковывается ({exc})") from None
        total += len(raw)
        if len(raw) > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            raise Unreadable(f"«{name}»: распакованный архив больше {MAX_TOTAL_BYTES // 2**20} МБ "
                             f"(часть не больше {MAX_PART_BYTES // 2**20} МБ)")
        _read(raw, f"{name}/{member.filename}", depth + 1, reading)


def _pdf(data: bytes, name: str, depth: int, reading: Reading, path: Path | None) -> None:
    """A PDF's text, properties, XMP, outline, annotations, form fields, attached files and pictures."""
    from pypdf import PdfReader

    try:
        pdf = PdfReader(io.BytesIO(data))
        if pdf.is_encrypted and not pdf.decrypt(""):
            raise Unreadable(f"«{name}»: PDF защищён паролем — проверить его нельзя")
        texts = [f"{key} {value}" for key, value in (pdf.metadata or {}).items()]
        metadata = pdf.trailer["/Root"].get("/Metadata")
        if metadata is not None:
            texts.append(xmp_text(metadata.get_object().get_data()))
        outline: list = list(pdf.outline)
        while outline:
            item = outline.pop()
            if isinstance(item, list):
                outline.extend(item)
            else:
                texts.append(str(item.get("/Title", "")))
        for field_ in (pdf.get_fields() or {}).values():
            texts += [str(field_.get(key, "")) for key in ("/T", "/TU", "/V", "/Opt")]
        for number, page in enumerate(pdf.pages, start=1):
            for annotation in page.get("/Annots") or []:
                note = annotation.get_object()
                action = note.get("/A") or {}
                texts += [str(note.get(key, "")) for key in ("/Contents", "/T", "/Subj", "/RC", "/TU", "/V")]
                texts.append(unquote(str(action.get("/URI", ""))))
            if len(reading.pictures) < MAX_PICTURES:
                reading.pictures += _page_pictures(page, f"{name}, стр. {number}")
        if path is None or path.suffix != ".pdf":  # the gate has read a ``*.pdf`` with pdftotext already
            texts.append(_pdf_body(pdf, path))
        for attached, contents in pdf.attachments.items():
            for content in contents:
                _read(content, f"{name}/{attached}", depth + 1, reading)
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds for a damaged or hostile file
        raise Unreadable(f"«{name}»: PDF не читается ({exc.__class__.__name__}: {exc})") from None
    reading.texts += texts


def _page_pictures(page, where: str) -> list[tuple[str, bytes]]:  # type: ignore[no-untyped-def]
    """The pictures of a page that pypdf can decode (JBIG2 or damaged ones are passed over: their
    text, if any, is read with the page's)."""
    found = []
    try:
        for image in page.images:
            try:
                found.append((where, image.data))
            except Exception:  # pypdf raises many kinds for filters it cannot decode
                continue
    except Exception:
        pass
    return found


def _pdf_body(pdf, path: Path | None) -> str:  # type: ignore[no-untyped-def]
    text = pdf_text(path) if path is not None else None
    return text if text is not None else "\n".join(page.extract_text() or "" for page in pdf.pages)
