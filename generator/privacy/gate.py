"""The privacy gate: a last look at every public output before it replaces the published one.

It reads what a reader or a machine gets from each file of the staged ``site/`` and ``dist/``
(HTML text and the attributes people see — alt, title, aria-label —, JSON, CSV, XML, YAML, the
text of the PDFs, the VK drafts, every file of the site search's index, unpacked) and stops the build, naming the output and the source file,
when it finds a name or photo without consent, a phone number, an e-mail other than the school's
or a СНИЛС. Internal reports (``dist/YEAR/internal/``) are not public and are not read.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from ..errors import BuildError, Report
from .filetext import file_name_text, read_output
from .pagetext import visible_text
from .searchtext import SUFFIXES as SEARCH_SUFFIXES, UnreadableIndex, search_index_text
from ..forkpool import run_forked, shares, workers
from .gatetext import Leak, TextGate, canonical, reader_text
from ..model.loader import Project
from .portraits import HashCache, Portraits, content_lookalikes
from .detectors import Allowed, load_allowlist
from ..model.safepath import UnsafePath

log = logging.getLogger("nastavnik")

TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".txt", ".md", ".svg", ".yml", ".yaml"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}

class _Sources:
    """Finds which content or data file a leaked text came from, to name it in the message."""

    def __init__(self, root: Path):
        self.files = [(p.relative_to(root).as_posix(), p.read_text(encoding="utf-8", errors="replace"))
                      for folder in ("content", "data") for p in sorted((root / folder).rglob("*"))
                      if p.suffix in (".md", ".yaml") and not p.is_symlink()]

    def of(self, found: str) -> str:
        words = [re.escape(w) for w in re.findall(r"\w+", found)]
        # Stems, not whole words: the source may use another grammatical case than the output.
        pattern = re.compile(r"\w*\W+".join(w[:max(4, len(w) - 3)] for w in words), re.IGNORECASE) if words else None
        for rel, text in self.files:
            match = pattern.search(text) if pattern else None
            if match:
                return f"{rel}:{text.count(chr(10), 0, match.start()) + 1}"
        return ""


def _photo_bytes(project: Project, rel: str) -> bytes | None:
    """A participant's photo, read inside content/files/ without following links (None if absent)."""
    try:
        return project.files.read_bytes(rel)
    except (UnsafePath, OSError):
        return None


def _fingerprint(*facts: object) -> str:
    """What a file's verdict depends on besides its bytes: the people, the photos, the school's
    address and the code of the gate itself."""
    digest = hashlib.sha256(json.dumps(facts, ensure_ascii=False, sort_keys=True, default=sorted).encode())
    for module in ("gate.py", "pagetext.py", "detectors.py", "consent.py", "gatetext.py", "namematch.py", "translit.py",
                   "filetext.py", "pictures.py", "portraits.py", "searchtext.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()


def find_leaks(out_dir: Path, project: Project, allowed: set[Allowed] | None = None,
               cache_dir: Path | None = None) -> list[Leak]:
    """Every forbidden name, photo, contact or СНИЛС in the public files under ``out_dir``.
    With ``cache_dir``, a file whose bytes were judged before under the same consents is not read
    again (a rebuild after one practice changed re-reads that practice's files only)."""
    gate = TextGate(project)
    photo_hashes = {hashlib.sha256(data).hexdigest(): p
                    for p, data in ((p, _photo_bytes(project, p)) for p in gate.photos) if data is not None}
    portraits = hidden_portraits(project, gate.photos, cache_dir)
    fingerprint = _fingerprint(gate.hidden, gate.public, photo_hashes, gate.email)
    store = cache_dir / f"{fingerprint}.json" if cache_dir else None
    try:
        verdicts: dict[str, list[list[str]]] = json.loads(store.read_text(encoding="utf-8")) if store else {}
    except (OSError, ValueError):
        verdicts = {}
    if not verdicts:  # every file will be read: the name forms are made once, before the cores part
        gate.names  # noqa: B018

    def read(path: Path) -> tuple[str, list[Leak], bool]:
        """The file's key, its leaks, and whether the verdict may be kept."""
        rel = path.relative_to(out_dir).as_posix()
        # A contributor's file is read whole (filetext): its verdict is not shared with a generated one.
        kind = "files:" if rel.startswith("site/files/") else ""
        key = f"{kind}{path.suffix.lower()}:{hashlib.sha256(path.read_bytes()).hexdigest()}"
        # The verdict is kept by the bytes; the name is read every time (equal bytes, other names).
        named = [leak for leak in gate.scan(file_name_text(rel), rel)
                 if leak.what.startswith(("имя", "фамилия"))]  # digits in a file name are no phone
        if key in verdicts:
            return key, named + [Leak(rel, *leak) for leak in verdicts[key]], False
        found, readable = _read(path, rel)
        return key, named + found, readable

    def _read(path: Path, rel: str) -> tuple[list[Leak], bool]:
        """Leaks of one file, and False for a PDF whose text could not be read (warned each time)."""
        found: list[Leak] = []
        if path.suffix.lower() in IMAGE_SUFFIXES and photo_hashes:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in photo_hashes:
                found.append(Leak(rel, "фотография участника без согласия на публикацию фото", photo_hashes[digest],
                                  "data/*/participants.yaml: photo"))
        texts = [visible_text(path, rel)] if path.suffix in TEXT_SUFFIXES or path.suffix == ".pdf" else []
        if path.suffix in SEARCH_SUFFIXES:  # the search index: what a search finds and shows
            try:
                texts.append(reader_text(search_index_text(path.read_bytes())))
            except UnreadableIndex as exc:
                found.append(Leak(rel, "файл не удаётся проверить на персональные данные — опубликовать его нельзя",
                                  str(exc)))
        # A contributed file's every part and any picture's metadata and pixels (filetext).
        extra = read_output(path, rel)
        if extra.problem:
            found.append(Leak(rel, "файл не удаётся проверить на персональные данные — опубликовать его нельзя",
                              extra.problem))
        for where, picture in extra.pictures:
            photo = portraits.resembles(picture)
            if photo:
                inside = "" if where == path.name else f" (внутри: {where})"
                found.append(Leak(rel, "фотография участника без согласия на публикацию фото" + inside, photo,
                                  "data/*/participants.yaml: photo"))
        for text in texts:  # visible_text is already the reader's text
            found += gate.scan_read(text, rel)
        for text in extra.texts:
            found += gate.scan(text, rel)
        return list(dict.fromkeys(found)), any(texts) or path.suffix != ".pdf"

    paths = sorted(p for p in out_dir.rglob("*") if p.is_file()
                   and "/internal/" not in f"/{p.relative_to(out_dir).as_posix()}")
    # Files are read independently: every core takes every n-th one, and the leaks are put back
    # in file order, so the messages read the same as from one process.
    parts = shares(list(enumerate(paths)), workers())
    by_file: dict[int, list[Leak]] = {}
    fresh: dict[str, list[list[str]]] = {}
    for done in run_forked([lambda part=part: [(i, read(path)) for i, path in part] for part in parts]):
        for i, (key, found, keep) in done:
            by_file[i] = found
            if keep:
                fresh[key] = [[leak.what, leak.found, leak.source] for leak in found]
    if store and fresh:
        _save_verdicts(store, {**verdicts, **fresh})
    leaks = [leak for i in sorted(by_file) for leak in by_file[i]]
    allowed = {Allowed(a.output, canonical(a.text)) for a in allowed or set()}
    return [leak for leak in leaks if Allowed(leak.output, canonical(leak.found)) not in allowed]


def hidden_portraits(project: Project, hidden_photos: set[str], cache_dir: Path | None) -> Portraits:
    """The hidden photos' perceptual hashes (kept by bytes beside the gate's verdicts)."""
    photos = {p: data for p, data in ((p, _photo_bytes(project, p)) for p in hidden_photos) if data is not None}
    portraits = Portraits(photos, HashCache(cache_dir.parent / "portraits.json" if cache_dir else None))
    portraits.cache.save()
    return portraits


def lookalike_leaks(project: Project) -> list[Leak]:
    """Pictures under content/files/ that content uses and that copy a hidden photo, however re-saved:
    the PDFs embed them straight from there, so they are refused whatever output shows them."""
    hidden = TextGate(project).photos
    portraits = hidden_portraits(project, hidden, project.root / ".build" / "cache" / "gate")
    found = [Leak(f"content/files/{rel}", "снимок совпадает с фотографией участника без согласия на публикацию "
                  "фото; уберите его из материалов или получите согласие", photo, "; ".join(where))
             for rel, photo, where in content_lookalikes(project.root, project.files_dir, portraits, hidden)]
    portraits.cache.save()
    return found


def _save_verdicts(store: Path, verdicts: dict[str, list[list[str]]]) -> None:
    """Keep the verdicts of the current consents only, written whole or not at all."""
    store.parent.mkdir(parents=True, exist_ok=True)
    for old in store.parent.glob("*.json"):
        if old != store:
            old.unlink(missing_ok=True)
    temporary = store.with_suffix(".tmp")
    temporary.write_text(json.dumps(verdicts, ensure_ascii=False), encoding="utf-8")
    temporary.replace(store)


def check_public_outputs(project: Project, out_dir: Path) -> None:
    """Refuse outputs that would publish what consent does not allow; name every file and source."""
    report = Report()
    allowed = load_allowlist(project.root, report)
    if report.errors:
        report.log_all()
        raise BuildError("список исключений data/privacy-allowlist.yaml содержит ошибки")
    leaks = lookalike_leaks(project) + find_leaks(out_dir, project, allowed, project.root / ".build" / "cache" / "gate")
    if leaks:
        sources = _Sources(project.root)
        for leak in leaks:
            source = leak.source or sources.of(leak.found)
            log.error("%s", Leak(leak.output, leak.what, leak.found, source))
        raise BuildError(f"Публикация остановлена: найдено нарушений персональных данных — {len(leaks)}. "
                         "Прежние site/ и dist/ не изменены. Если находка ложная, добавьте её в "
                         "data/privacy-allowlist.yaml (файл, точный текст, причина, кто проверил).")
