"""The privacy gate against leaks inside published files: names in file names, PDF properties,
outlines, annotations and form fields, Office and ODF packages, HTML, CSV, vCard, picture metadata,
and portraits of people without photo consent re-encoded and resized. Every file is made here,
planted into a copy of the minimal sample and built; pictures must come out without metadata."""
from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Text as TextNote
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, StreamObject, TextStringObject

from conftest import SAMPLES, edit, run
from generator.privacy.pictures import metadata_text

BUILD = ("build", "--build-date", "2025-12-01")
HIDDEN = "Петров Борис Борисович"  # petrov-bb: consented to processing, publication: []
BASE_PDF = SAMPLES / "minimal/content/files/materials/networking.pdf"
PRACTICE = "content/practices/urok-vdvoyom.md"
NAME_LEAK = "имя участника «petrov-bb», не давшего согласия на публикацию имени"
PHOTO_LEAK = "фотография участника без согласия на публикацию фото"

# --------------------------------------------------------------------------- files made here


def photo(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A picture with a structure of its own (colour fields and discs), different for each seed."""
    rng = np.random.default_rng(seed)
    image = Image.fromarray(rng.integers(0, 256, (6, 8, 3), dtype=np.uint8)).resize(size, Image.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y, r = rng.integers(0, size[0]), rng.integers(0, size[1]), rng.integers(20, 120)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(int(c) for c in rng.integers(0, 256, 3)))
    return image.filter(ImageFilter.GaussianBlur(3))


def encoded(image: Image.Image, kind: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def xmp(creator: str) -> bytes:
    return ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>'
            f'{creator}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>'
            '<?xpacket end="w"?>').encode()


def jpeg_with_exif(artist: str = HIDDEN, description: str = "Снимок: Петров Борис на уроке") -> bytes:
    exif = Image.Exif()
    exif[0x013B] = artist
    exif[0x010E] = description
    exif[0x0112] = 6  # turned: the published copy must stay turned
    return encoded(photo(7), exif=exif.tobytes(), xmp=xmp(HIDDEN), comment="Петров Борис".encode())


def png_with_text() -> bytes:
    info = PngInfo()
    info.add_text("Author", "Petrov")
    info.add_itxt("Description", f"На снимке {HIDDEN}")
    return encoded(photo(8), "PNG", pnginfo=info)


def pdf_with(change: Callable[[PdfWriter], None]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BASE_PDF))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_xmp(writer: PdfWriter) -> None:
    stream = StreamObject()
    stream.set_data(xmp(HIDDEN))
    stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)


def _pdf_field(writer: PdfWriter) -> None:
    widget = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("ФИО наставника"),
        NameObject("/V"): TextStringObject(HIDDEN),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (0, 0, 200, 20)]),
    })
    ref = writer._add_object(widget)
    writer.pages[0][NameObject("/Annots")] = ArrayObject([ref])
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([ref])})


def weasy_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def package(parts: dict[str, str | bytes], mimetype: str | None = None) -> bytes:
    """A zip package as Office and LibreOffice write them (ODF: the mimetype first, stored)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>План урока</dc:title><dc:creator>{creator}'
        '</dc:creator></cp:coreProperties>')


def docx(body: str = "<w:p><w:r><w:t>План урока физики.</w:t></w:r></w:p>", creator: str = "Учитель",
         **extra: str | bytes) -> bytes:
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>',
        "docProps/core.xml": CORE.format(creator=creator),
    }
    parts.update({name.replace("__", "/").replace("_", "."): data for name, data in extra.items()})
    return package(parts)


def vcard() -> bytes:
    return ("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
            + "".join(f"={b:02X}" for b in "Петров;Борис".encode()) + "\r\nTEL:+7 912 345 67 89\r\nEND:VCARD\r\n").encode()


# --------------------------------------------------------------------------- planting


def attach(project: Path, name: str, data: bytes, **more: bytes) -> None:
    """Attach ``materials/<name>`` (and ``more``) to the networking material (published on the site)."""
    files = {name: data, **more}
    for each, content in files.items():
        (project / "content/files/materials" / each).write_bytes(content)
    edit(project, "content/materials/networking.md", "attachments: [materials/networking.pdf]",
         f"attachments: [materials/networking.pdf, {', '.join('materials/' + n for n in files)}]")


def hide_photo(project: Path) -> bytes:
    """petrov-bb gets a portrait without photo consent; returns its bytes."""
    data = encoded(photo(1), quality=92)
    (project / "content/files/people").mkdir(parents=True, exist_ok=True)
    (project / "content/files/people/petrov-bb.jpg").write_bytes(data)
    edit(project, "data/2025-2026/participants.yaml", "    consent: {processing: 2025-08-21, publication: []}",
         "    consent: {processing: 2025-08-21, publication: []}\n    photo: people/petrov-bb.jpg")
    return data


def use_cover(project: Path, rel: str, data: bytes) -> None:
    (project / "content/files" / rel).parent.mkdir(parents=True, exist_ok=True)
    (project / "content/files" / rel).write_bytes(data)
    edit(project, PRACTICE, "submit_to_rnc: true", f"submit_to_rnc: true\ncover: {rel}")


def use_in_body(project: Path, rel: str, data: bytes) -> None:
    (project / "content/files" / rel).parent.mkdir(parents=True, exist_ok=True)
    (project / "content/files" / rel).write_bytes(data)
    edit(project, PRACTICE, "Совместная подготовка урока.", f"Совместная подготовка урока.\n\n![Урок]({'../files/' + rel})")


def copy_of_portrait(project: Path) -> bytes:
    hide_photo(project)
    return encoded(photo(1).resize((300, 225)), "PNG")  # resized and re-encoded into another format


F = "site/files/materials/"
LEAKS = [
    # (case, plant, expected: a message line's start, or STRIPPED: published without metadata)
    ("name in a file name with underscores", lambda p: attach(p, "Петров_Борис.pdf", BASE_PDF.read_bytes()),
     f"{F}Петров_Борис.pdf: {NAME_LEAK}: «Петров Борис»"),
    ("name with initials in a file name, dots and case", lambda p: attach(p, "ПЕТРОВ-Б.Б.Pdf", BASE_PDF.read_bytes()),
     f"{F}ПЕТРОВ-Б.Б.Pdf: {NAME_LEAK}: «ПЕТРОВ Б. Б.»"),
    ("text of plan.PDF (upper-case suffix)", lambda p: attach(p, "plan.PDF", weasy_pdf(f"<p>Урок провёл {HIDDEN}.</p>")),
     f"{F}plan.PDF: {NAME_LEAK}: «Петров Борис»"),
    ("PDF Info author", lambda p: attach(p, "info.pdf", pdf_with(lambda w: w.add_metadata({"/Author": HIDDEN}))),
     f"{F}info.pdf: {NAME_LEAK}: «Петров Борис»"),
    ("PDF XMP creator", lambda p: attach(p, "xmp.pdf", pdf_with(_pdf_xmp)), f"{F}xmp.pdf: {NAME_LEAK}: «Петров Борис»"),
    ("PDF outline", lambda p: attach(p, "outline.pdf", pdf_with(lambda w: w.add_outline_item(title="Отзыв: Петров Борис", page_number=0))),
     f"{F}outline.pdf: {NAME_LEAK}: «Петров Борис»"),
    ("PDF annotation", lambda p: attach(p, "note.pdf", pdf_with(lambda w: w.add_annotation(
        0, TextNote(text=f"Проверил {HIDDEN}", rect=(50, 550, 200, 650))))), f"{F}note.pdf: {NAME_LEAK}: «Петров Борис»"),
    ("PDF form field", lambda p: attach(p, "form.pdf", pdf_with(_pdf_field)), f"{F}form.pdf: {NAME_LEAK}: «Петров Борис»"),
    ("DOCX text split into runs", lambda p: attach(p, "plan.docx", docx(
        "<w:p><w:r><w:t>Урок провёл Пет</w:t></w:r><w:proofErr/><w:r><w:t>ров Борис.</w:t></w:r></w:p>")),
     f"{F}plan.docx: {NAME_LEAK}: «Петров Борис»"),
    ("DOCX core properties", lambda p: attach(p, "core.docx", docx(creator=HIDDEN)), f"{F}core.docx: {NAME_LEAK}: «Петров Борис»"),
    ("DOCX comment author", lambda p: attach(p, "comment.docx", docx(word__comments_xml=(
        f'<w:comments {W}><w:comment w:id="0" w:author="{HIDDEN}"><w:p><w:r><w:t>ok</w:t></w:r></w:p>'
        '</w:comment></w:comments>'))), f"{F}comment.docx: {NAME_LEAK}: «Петров Борис»"),
    ("DOCX mailto link target", lambda p: attach(p, "link.docx", docx(word___rels__document_xml_rels=(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        'Id="rId9" Type="hyperlink" Target="mailto:petrov.boris@mail.example.ru" TargetMode="External"/>'
        '</Relationships>'))), f"{F}link.docx: адрес электронной почты: «petrov.boris@mail.example.ru»"),
    ("picture with EXIF inside a DOCX", lambda p: attach(p, "photo.docx", docx(word__media__image1_jpeg=jpeg_with_exif())),
     f"{F}photo.docx: {NAME_LEAK}: «Петров Борис»"),
    ("PPTX speaker notes", lambda p: attach(p, "talk.pptx", package({
        "ppt/notesSlides/notesSlide1.xml": '<p:notes xmlns:p="http://schemas.openxmlformats.org/presentationml/'
        '2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:p><a:r><a:t>Слово — '
        'Петрову Борису</a:t></a:r></a:p></p:notes>'})), f"{F}talk.pptx: {NAME_LEAK}: «Петрову Борису»"),
    ("XLSX surname and first name in two cells", lambda p: attach(p, "list.xlsx", package({
        "xl/sharedStrings.xml": '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        'Петров</t></si><si><t>Борис</t></si></sst>'})), f"{F}list.xlsx: {NAME_LEAK}: «Петров"),
    ("ODT text in spans", lambda p: attach(p, "plan.odt", package({
        "content.xml": '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Вёл '
        '<text:span>Петров</text:span><text:s/>Борис</text:p></office:text></office:body></office:document-content>'},
        "application/vnd.oasis.opendocument.text")), f"{F}plan.odt: {NAME_LEAK}: «Петров Борис»"),
    # An HTML attachment is not published at all (see safesvg); inside a zip it is, and is read.
    ("HTML mailto inside a zip", lambda p: attach(p, "sait.zip", package({
        "index.html": '<p><a href="mailto:petrov.boris@mail.example.ru">письмо</a></p>'})),
     f"{F}sait.zip: адрес электронной почты: «petrov.boris@mail.example.ru»"),
    ("CSV in cp1251, name in two cells", lambda p: attach(p, "spisok.csv", "Фамилия;Имя\r\nПетров;Борис\r\n".encode("cp1251")),
     f"{F}spisok.csv: {NAME_LEAK}: «Петров Борис»"),
    ("vCard quoted-printable", lambda p: attach(p, "kontakt.vcf", vcard()), f"{F}kontakt.vcf: {NAME_LEAK}: «Петров Борис»"),
    ("TXT in cp1251", lambda p: attach(p, "zametka.txt", f"Наставник: {HIDDEN}".encode("cp1251")),
     f"{F}zametka.txt: {NAME_LEAK}: «Петров Борис»"),
    ("unknown binary format", lambda p: attach(p, "video.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8),
     f"{F}video.mp4: файл не удаётся проверить на персональные данные"),
    ("zip bomb", lambda p: attach(p, "bomb.zip", package({"a.txt": bytes(70 * 2**20)})),
     f"{F}bomb.zip: файл не удаётся проверить на персональные данные"),
    ("portrait re-encoded and resized as a practice cover", lambda p: use_cover(p, "covers/urok.png", copy_of_portrait(p)),
     "content/files/covers/urok.png: снимок совпадает с фотографией участника без согласия"),
    ("portrait re-encoded and resized as a body image", lambda p: use_in_body(p, "urok/foto.png", copy_of_portrait(p)),
     "site/files/urok/foto.png: " + PHOTO_LEAK),
    ("portrait inside an attached PDF", lambda p: attach(p, "album.pdf", weasy_pdf(
        '<img src="data:image/jpeg;base64,{}" style="width:8cm">'.format(
            base64.b64encode(copy_of_portrait(p)).decode()))), f"{F}album.pdf: {PHOTO_LEAK}"),
    ("EXIF, XMP and comment of a cover", lambda p: use_cover(p, "covers/urok.jpg", jpeg_with_exif()), "STRIPPED"),
    ("PNG text chunks of a body image", lambda p: use_in_body(p, "urok/shema.png", png_with_text()), "STRIPPED"),
]


# Attachments are read on the site; pictures of practices are also embedded in the PDFs: built whole.
WHOLE = {"portrait re-encoded and resized as a practice cover", "portrait re-encoded and resized as a body image",
         "EXIF, XMP and comment of a cover", "PNG text chunks of a body image"}


def published_pictures(project: Path) -> list[Path]:
    return [p for p in (project / "site/files").rglob("*") if p.suffix.lower() in (".jpg", ".png")]


def assert_no_metadata(project: Path) -> None:
    """No published picture, on the site or inside the PDFs, carries the planted metadata."""
    for path in published_pictures(project):
        left = metadata_text(path.read_bytes())
        assert "Петров" not in left and "Petrov" not in left, (path, left)
        with Image.open(path) as image:
            assert set(image.getexif()) <= {0x0112}, path
    for pdf in (project / "dist").rglob("*.pdf"):
        data = pdf.read_bytes()
        assert b"Exif\x00\x00" not in data and "Петров".encode() not in data, pdf
        for page in PdfReader(pdf).pages:
            for image in page.images:
                assert "Петров" not in metadata_text(image.data), pdf


@pytest.mark.parametrize("case,plant,expected", LEAKS, ids=[c[0] for c in LEAKS])
def test_leak_inside_a_file_is_stopped(project, case, plant, expected):
    plant(project)
    code, output = run(project, *BUILD, *(() if case in WHOLE else ("--only", "site")))
    assert "Traceback" not in output
    if expected == "STRIPPED":
        assert code == 0, output
        assert published_pictures(project)
        assert_no_metadata(project)
        return
    assert code == 1, output
    assert any(line.startswith(expected) for line in output.splitlines()), output
    assert "Публикация остановлена" in output
    assert not (project / "site").exists() and not (project / "dist").exists()


def test_stripping_keeps_the_pixels_and_the_orientation(project):
    original = jpeg_with_exif()
    use_cover(project, "covers/urok.jpg", original)
    assert run(project, *BUILD)[0] == 0
    published = (project / "site/files/covers/urok.jpg").read_bytes()
    assert len(published) < len(original)
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(published)) as after:
        assert before.tobytes() == after.tobytes()  # the compressed data was copied, not re-encoded
        assert dict(after.getexif()) == {0x0112: 6} and "comment" not in after.info and "xmp" not in after.info


def consented_photo(project: Path) -> None:
    data = encoded(photo(3))
    (project / "content/files/people").mkdir(parents=True, exist_ok=True)
    (project / "content/files/people/ivanova-aa.jpg").write_bytes(data)
    edit(project, "data/2025-2026/participants.yaml", "consent: {processing: 2025-08-20, publication: [name, position]}",
         "consent: {processing: 2025-08-20, publication: [name, position, photo]}\n    photo: people/ivanova-aa.jpg")
    hide_photo(project)
    use_cover(project, "covers/ivanova.jpg", encoded(photo(3).resize((320, 240)), quality=50))


CLEAN = [
    ("an unrelated picture as a cover", lambda p: (hide_photo(p), use_cover(p, "covers/urok.jpg", encoded(photo(2))))),
    ("a consented person's photo as a cover", consented_photo),
    ("a clean DOCX, PDF with an upper-case suffix, cp1251 CSV and vCard of the school", lambda p: attach(
        p, "plan.docx", docx(), **{"PLAN.PDF": weasy_pdf("<p>План урока физики, 8 класс.</p>"),
                                   "spisok.csv": "Фамилия;Имя\r\nИванова;Анна\r\n".encode("cp1251"),
                                   "shkola.vcf": b"BEGIN:VCARD\r\nFN:School 7\r\nEND:VCARD\r\n"})),
]


@pytest.mark.parametrize("case,plant", CLEAN, ids=[c[0] for c in CLEAN])
def test_clean_files_pass(project, case, plant):
    plant(project)
    code, output = run(project, *BUILD)
    assert code == 0, output
    assert_no_metadata(project)
