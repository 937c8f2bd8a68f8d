"""Hostile contributions (issue 11): paths that leave the repository, symbolic links, structures built
to crash the parser. One table; each row plants its input in a copy of the minimal sample school.

For every row ``check`` must exit with 1, name the file (and line where there is one) with the
expected Russian messages, and print no traceback. Rows marked ``build`` also run ``build --strict``
and ``build``: the same, and nothing is created outside the repository (sentinel names beside the
repository, one level up and in the system temporary folder) and nothing planted outside is published
(its token appears in no file of ``site/`` or ``dist/``).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO, edit, make_project, run

PRACTICE = "content/practices/urok-vdvoyom.md"
NEWS = "content/news/start.md"
MATERIAL = "content/materials/networking.md"
ROADMAP = "data/2025-2026/roadmap.yaml"
EVENTS = "data/2025-2026/events.yaml"
PEOPLE = "data/2025-2026/participants.yaml"
OUTSIDE = "ведёт за пределы папки"
LINKED = "проходит через символическую ссылку"
DEEP = "вложенность глубже 64 уровней"
FINITE = "ожидается конечное число (не .nan и не .inf)"


@dataclass
class Plant:
    """What a row planted: the repository, unique names for everything outside it, the fake token."""

    root: Path
    name: str = field(default_factory=lambda: f"nastavnik-hostile-{uuid.uuid4().hex[:10]}")
    token: str = field(default_factory=lambda: f"glpat-{uuid.uuid4().hex}")
    planted: set[Path] = field(default_factory=set)

    @property
    def beside(self) -> Path:
        return self.root.parent  # beside the checkout

    @property
    def above(self) -> Path:
        return self.root.parent.parent

    @property
    def watched(self) -> list[Path]:
        return [self.beside, self.above, Path(tempfile.gettempdir())]

    def secret(self, folder: Path, suffix: str = "") -> Path:
        """A readable file outside the repository, holding the token (as /etc/… or the CI's env would)."""
        path = folder / f"{self.name}-secret{suffix}"
        path.write_text(f"TOKEN={self.token}\n", encoding="utf-8")
        self.planted.add(path)
        return path

    def body(self, text: str, rel: str = PRACTICE) -> int:
        """Append ``text`` to a content file; returns the line it starts at."""
        path = self.root / rel
        old = path.read_text(encoding="utf-8").rstrip("\n")
        path.write_text(old + "\n\n" + text + "\n", encoding="utf-8")
        return old.count("\n") + 3

    def link(self, rel: str, target: str | Path) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)

    def write(self, rel: str, text: str) -> None:
        (self.root / rel).write_text(text, encoding="utf-8")

    def stray(self) -> list[Path]:
        """Files with this row's names outside the repository that the row did not plant itself."""
        return sorted(p for folder in self.watched for p in folder.glob(f"{self.name}*") if p not in self.planted)

    def leaked(self) -> list[str]:
        """Published files holding the token."""
        found = []
        for folder in ("site", "dist"):
            for path in (self.root / folder).rglob("*") if (self.root / folder).is_dir() else []:
                if path.is_file() and self.token.encode() in path.read_bytes():
                    found.append(path.relative_to(self.root).as_posix())
        return found


def at(rel: str, line: int, text: str, dest: str) -> str:
    """``file:line:col`` of ``dest`` inside a planted line ``text``."""
    return f"{rel}:{line}:{text.index(dest) + 1}:"


def link_error(link: str, target: str) -> str:
    return f"{link}: символическая ссылка: «{Path(link).name}» ссылается на «{target}»"


# --------------------------------------------------------------------------- the rows
# Each plants its input and returns the fragments the output must contain.

def body_writes_beside(p: Plant) -> list[str]:
    (p.root / "content/files/S").mkdir(parents=True)
    p.secret(p.above)  # read from two levels up, written one level up (the tree is one level deeper)
    dest = f"../files/S/../../../../../{p.name}-secret"
    text = f"[x]({dest})"
    line = p.body(text)
    return [f"{at(PRACTICE, line, text, dest)} ссылка: «{dest}» {OUTSIDE} content/"]


def body_writes_tmp(p: Plant) -> list[str]:
    dest = "../files/S/" + "../" * 30 + f"tmp/{p.name}.sh"
    text = f"См. [скрипт]({dest})"
    line = p.body(text)
    return [f"{at(PRACTICE, line, text, dest)} ссылка: «{dest}» {OUTSIDE}"]


def body_etc_hostname(p: Plant) -> list[str]:
    dest = "../files/../../../../../../etc/hostname"
    text = f"[x]({dest})"
    line = p.body(text)
    return [f"{at(PRACTICE, line, text, dest)} ссылка: «{dest}» {OUTSIDE}"]


def body_absolute_image(p: Plant) -> list[str]:
    secret = p.secret(Path(tempfile.gettempdir()), ".png")
    text = f"![Схема]({secret})"
    line = p.body(text)
    return [f"{at(PRACTICE, line, text, str(secret))} изображение: «{secret}» — абсолютный путь"]


def body_percent_dots(p: Plant) -> list[str]:
    dest = f"../files/%2e%2e/%2e%2e/%2E%2E/{p.name}"
    text = f"[x]({dest})"
    line = p.body(text, NEWS)
    return [f"{at(NEWS, line, text, dest)} ссылка: «{dest}» {OUTSIDE}"]


def body_percent_slash(p: Plant) -> list[str]:
    dest = "..%2f..%2f..%2fetc%2fhostname"
    text = f"[x]({dest})"
    line = p.body(text, NEWS)
    return [f"{at(NEWS, line, text, dest)} ссылка: «{dest}» {OUTSIDE}"]


def body_backslash(p: Plant) -> list[str]:
    dest = "..\\files\\..\\..\\..\\etc\\hostname"
    text = f"[x]({dest})"
    line = p.body(text, NEWS)
    return [f"{at(NEWS, line, text, dest)} ссылка: «{dest}» содержит обратную косую черту"]


def body_nul(p: Plant) -> list[str]:
    dest = "../files/a%00.pdf"
    text = f"[x]({dest})"
    line = p.body(text, NEWS)
    return [f"{at(NEWS, line, text, dest)} ссылка: «{dest}» содержит управляющий символ"]


def body_reference_definition(p: Plant) -> list[str]:
    dest = f"../../../{p.name}"
    text = f"См. [приложение][a].\n\n[a]: {dest}"
    line = p.body(text)
    return [f"{PRACTICE}:{line + 2}:6: ссылка: «{dest}» {OUTSIDE}"]


def body_link_to_environ(p: Plant) -> list[str]:
    p.link("content/files/spravka.pdf", "/proc/self/environ")
    dest = "../files/spravka.pdf"
    text = f"[Справка]({dest})"
    line = p.body(text)
    return [link_error("content/files/spravka.pdf", "/proc/self/environ"),
            f"{at(PRACTICE, line, text, dest)} ссылка: «{dest}» {LINKED} «spravka.pdf» → «/proc/self/environ»"]


def cover_symlink(p: Plant) -> list[str]:
    secret = p.secret(p.beside, ".jpg")
    p.link("content/files/cover.jpg", secret)
    edit(p.root, PRACTICE, "status: approved", "status: approved\ncover: cover.jpg")
    return [link_error("content/files/cover.jpg", str(secret)), f"{PRACTICE}:11:8: cover: «cover.jpg» {LINKED}"]


def attachment_symlink(p: Plant) -> list[str]:
    p.link("content/files/plan.pdf", "/etc/hostname")
    edit(p.root, PRACTICE, "status: approved", "status: approved\nattachments: [plan.pdf]")
    return [link_error("content/files/plan.pdf", "/etc/hostname"),
            f"{PRACTICE}:11:15: attachments: «plan.pdf» {LINKED}"]


def symlinked_directory(p: Plant) -> list[str]:
    outside = p.beside / f"{p.name}-dir"
    outside.mkdir()
    p.planted.add(outside)
    p.secret(outside)
    p.link("content/files/docs", outside)
    edit(p.root, MATERIAL, "attachments: [materials/networking.pdf]",
         f"attachments: [materials/networking.pdf, docs/{p.name}-secret]")
    return [link_error("content/files/docs", str(outside)),
            f"{MATERIAL}:6:41: attachments: «docs/{p.name}-secret» {LINKED} «docs»"]


def evidence_symlink(p: Plant) -> list[str]:
    p.link("content/files/akt.pdf", "/etc/hostname")
    edit(p.root, ROADMAP, "evidence: news/start.md", "evidence: files/akt.pdf")
    return [link_error("content/files/akt.pdf", "/etc/hostname"), f"{ROADMAP}:11:19: evidence: «files/akt.pdf» {LINKED}"]


def evidence_outside(p: Plant) -> list[str]:
    rel = "files/" + "../" * 12 + f"tmp/{p.name}"
    edit(p.root, ROADMAP, "evidence: news/start.md", f"evidence: {rel}")
    return [f"{ROADMAP}:11:19: evidence: «{rel}» {OUTSIDE} content/"]


def evidence_absolute(p: Plant) -> list[str]:
    edit(p.root, ROADMAP, "evidence: news/start.md", "evidence: /etc/hostname")
    return [f"{ROADMAP}:11:19: sections[1].items[1].evidence: «/etc/hostname» — не путь внутри content/"]


def photo_symlink(p: Plant) -> list[str]:
    p.link("content/files/people/ivanova.jpg", p.secret(p.beside, ".jpg"))
    edit(p.root, PEOPLE, "  - id: ivanova-aa\n", "  - id: ivanova-aa\n    photo: people/ivanova.jpg\n")
    return ["content/files/people/ivanova.jpg: символическая ссылка",
            f"{PEOPLE}:4:12: participants[1].photo: «people/ivanova.jpg» {LINKED}"]


def news_image_percent(p: Plant) -> list[str]:
    edit(p.root, NEWS, "vk: true", f"vk: true\nimage: '%2e%2e/%2e%2e/{p.name}'")
    return [f"{NEWS}:7:8: image: «%2e%2e/%2e%2e/{p.name}» {OUTSIDE} content/files/"]


def markdown_file_symlink(p: Plant) -> list[str]:
    secret = p.secret(p.beside, ".md")
    p.link("content/news/leak.md", secret)
    return [link_error("content/news/leak.md", str(secret))]


def data_file_symlink(p: Plant) -> list[str]:
    copy = p.beside / f"{p.name}-events.yaml"
    copy.write_text((p.root / EVENTS).read_text(encoding="utf-8"), encoding="utf-8")
    p.planted.add(copy)
    (p.root / EVENTS).unlink()
    p.link(EVENTS, copy)
    return [link_error(EVENTS, str(copy))]


def deep_flow_data(p: Plant) -> list[str]:
    p.write(EVENTS, "events: " + "[" * 100_000 + "]" * 100_000 + "\n")
    return [f"{EVENTS}:1:{len('events: ') + 64}: {DEEP}"]  # the 64th bracket is the 65th level


def deep_front_matter(p: Plant) -> list[str]:
    edit(p.root, NEWS, "vk: true", "tags: " + "{a: " * 100_000 + "}" * 100_000)
    return [f"{NEWS}:6:{len('tags: ') + 63 * len('{a: ') + 1}: {DEEP}"]


def deep_block_data(p: Plant) -> list[str]:
    p.write(EVENTS, "events:\n" + "".join(" " * (2 * i) + "- \n" for i in range(1, 400)))
    return [f"{EVENTS}:65:129: {DEEP}"]


def alias_bomb(p: Plant) -> list[str]:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    p.write(EVENTS, "\n".join(lines) + "\n")
    return [f"{EVENTS}:", "раскрывается больше чем в 500 000 значений"]


def huge_yaml(p: Plant) -> list[str]:
    with open(p.root / EVENTS, "a", encoding="utf-8") as handle:
        handle.write(("# " + "x" * 1000 + "\n") * 11_000)
    return [f"{EVENTS}:1:1: файл больше 10 МБ"]


def huge_markdown(p: Plant) -> list[str]:
    p.body(("Длинный абзац текста. " * 50 + "\n\n") * 600, NEWS)
    return [f"{NEWS}:1:1: файл больше 1 МБ"]


def huge_attachment(p: Plant) -> list[str]:
    with open(p.root / "content/files/materials/video.pdf", "wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: costs no disk
    edit(p.root, MATERIAL, "attachments: [materials/networking.pdf]",
         "attachments: [materials/networking.pdf, materials/video.pdf]")
    return [f"{MATERIAL}:6:41: attachments: файл «content/files/materials/video.pdf» больше 50 МБ"]


def nan_target(p: Plant) -> list[str]:
    text = (p.root / ROADMAP).read_text(encoding="utf-8")
    p.write(ROADMAP, "targets: {coverage: .nan}\n" + text)
    return [f"{ROADMAP}:1:21: targets.coverage: «nan» — {FINITE}"]


def inf_score(p: Plant) -> list[str]:
    p.write("data/2025-2026/diagnostics.yaml", "scale: {min: 1, max: .inf}\ncompetencies: []\n")
    return [f"data/2025-2026/diagnostics.yaml:1:22: scale.max: «inf» — {FINITE}"]


@dataclass(frozen=True)
class Row:
    plant: Callable[[Plant], list[str]]
    build: bool = False  # also build --strict and build: rows where writing or publishing is at stake
    env_token: bool = False  # run in a child process whose environment holds the token (/proc/self/environ)


ROWS = {
    "body link writes beside the repo": Row(body_writes_beside, build=True),
    "body link writes to /tmp": Row(body_writes_tmp, build=True),
    "body link to /etc/hostname": Row(body_etc_hostname),
    "absolute image path": Row(body_absolute_image, build=True),
    "percent-encoded dots": Row(body_percent_dots),
    "percent-encoded slashes": Row(body_percent_slash),
    "backslashes": Row(body_backslash),
    "percent-encoded NUL": Row(body_nul),
    "reference definition outside": Row(body_reference_definition),
    "body link to a symlink to /proc/self/environ": Row(body_link_to_environ, build=True, env_token=True),
    "cover is a symlink": Row(cover_symlink, build=True),
    "attachment is a symlink": Row(attachment_symlink),
    "symlinked directory": Row(symlinked_directory, build=True),
    "evidence is a symlink": Row(evidence_symlink),
    "evidence leaves content": Row(evidence_outside, build=True),
    "evidence is absolute": Row(evidence_absolute),
    "photo is a symlink": Row(photo_symlink),
    "news image percent-encoded escape": Row(news_image_percent),
    "Markdown file is a symlink": Row(markdown_file_symlink),
    "data file is a symlink": Row(data_file_symlink),
    "100,000-deep flow nesting in a data file": Row(deep_flow_data, build=True),
    "100,000-deep nesting in front matter": Row(deep_front_matter),
    "deep block nesting in a data file": Row(deep_block_data),
    "alias bomb": Row(alias_bomb),
    "YAML file over 10 MB": Row(huge_yaml),
    "Markdown file over 1 MB": Row(huge_markdown),
    "attachment over 50 MB": Row(huge_attachment),
    ".nan target": Row(nan_target, build=True),
    ".inf on a scale": Row(inf_score),
}


def _cli(root: Path, args: list[str], token: str | None) -> tuple[int, str]:
    if token is None:
        return run(root, *args)
    env = {**os.environ, "NASTAVNIK_FAKE_TOKEN": token}
    done = subprocess.run([sys.executable, "-m", "generator", *args, "--root", str(root)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_hostile_input_is_refused(tmp_path: Path, row: Row) -> None:
    plant = Plant(make_project(tmp_path))
    try:
        expected = row.plant(plant)
        runs = [["check"]] + ([["build", "--strict", "--build-date", "2026-05-31"],
                               ["build", "--build-date", "2026-05-31"]] if row.build else [])
        for args in runs:
            code, output = _cli(plant.root, args, plant.token if row.env_token else None)
            assert code == 1, (args, output)
            assert "Traceback" not in output, output
            # ``build`` stops at the first failing stage (a symlink refused at load hides the body's
            # link check that ``check`` still reports): it must show the row's first message at least.
            for fragment in expected if args == ["check"] else expected[:1]:
                assert fragment in output, (args, fragment, output)
            assert plant.stray() == [], args
            assert plant.leaked() == [], args
            assert not (plant.root / "site").exists() and not (plant.root / "dist").exists(), args
    finally:
        for path in plant.planted:
            if path.is_file():
                path.unlink()
        for path in plant.planted:
            if path.is_dir():
                path.rmdir()


def test_pdf_loads_nothing_outside_the_repository(tmp_path: Path) -> None:
    """WeasyPrint's fetcher: files of content/ only (no link), never another file, http(s) or a link;
    a document that asks for them (an image, an embedded attachment) renders without them."""
    from generator.book.pdffetch import RefusedUrl, project_fetcher
    from generator.book.partcache import PartCache
    from generator.book.printjobs import PrintJob, render_job

    plant = Plant(make_project(tmp_path))
    try:
        secret = plant.secret(plant.beside, ".png")
        plant.link("content/files/link.png", secret)
        fetch = project_fetcher(str(plant.root))
        allowed = (plant.root / "content/files/materials/networking.pdf").as_uri()
        assert fetch(allowed).read() == (plant.root / "content/files/materials/networking.pdf").read_bytes()
        for url in (secret.as_uri(), "file:///etc/hostname", (plant.root / "content/files/link.png").as_uri(),
                    (plant.root / "data/school.yaml").as_uri(), "http://127.0.0.1:9/x.png",
                    "https://example.org/x.png", f"file://host{secret}", "ftp://example.org/x"):
            with pytest.raises(RefusedUrl):
                fetch(url)
        base = (plant.root / "content" / "practices").as_uri() + "/"
        html = (f'<html lang="ru"><body><p>x</p><img src="{secret.as_uri()}" alt="">'
                f'<img src="../files/link.png" alt=""><a rel="attachment" href="{secret.as_uri()}">a</a>'
                f'<a rel="attachment" href="../files/S/../../../../{secret.name}">b</a></body></html>')
        (tmp_path / "cache").mkdir()
        store = PartCache(tmp_path / "cache")
        part = render_job(PrintJob("проба", html, base), store, "probe", variant="pdf/a-3b")
        from pypdf import PdfReader

        pdf = PdfReader(store.paths("probe")[0])  # streams are compressed: look at what is embedded
        assert list(pdf.attachments) == []
        embedded = [annot.get_object().get("/Subtype") for page in pdf.pages for annot in page.get("/Annots") or []]
        assert "/FileAttachment" not in embedded
        assert [image for page in pdf.pages for image in page.images] == []
        assert len(part.warnings) >= 3, part.warnings
    finally:
        for path in plant.planted:
            path.unlink(missing_ok=True)
