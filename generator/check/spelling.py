"""Russian spelling of content with hunspell and hunspell-ru, plus the project dictionary
(``data/dictionary.txt``) for school terms, names of outside experts and titles."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .contenttext import ContentText, content_texts
from ..errors import Problem, Severity
from ..model.loader import Project
from ..model.yamlsrc import YamlSyntaxError, read_text
from .domainwords import domain_words, fold, project_words

DICTIONARY = "data/dictionary.txt"
HUNSPELL_DICT = "ru_RU"
HUNSPELL_MISSING = "проверка орфографии пропущена: установите пакеты hunspell и hunspell-ru"

# --------------------------------------------------------------------------- spelling

_WORD = re.compile(r"[\w\u0301\u00ad]+(?:-[\w\u0301\u00ad]+)*")
_CYRILLIC_WORD = re.compile(r"[а-яёА-ЯЁ\u0301\u00ad]+(?:-[а-яёА-ЯЁ\u0301\u00ad]+)*")


@dataclass
class Dictionary:
    """The project dictionary ``data/dictionary.txt``: one word a line, ``#`` comments.

    A line ``слово/образец`` gives the word the endings of a model word hunspell knows
    (``нетворкинг/маркетинг`` accepts «нетворкинга», «нетворкингом»…)."""

    entries: list[tuple[str, int]] = field(default_factory=list)  # (line as written, line number)
    words: set[str] = field(default_factory=set)  # lowercase, without the model
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path) -> Dictionary:
        result = cls()
        path = root / DICTIONARY
        if not path.is_file():
            return result
        try:
            text = read_text(path)
        except (OSError, YamlSyntaxError) as exc:
            message = getattr(exc, "message", None) or "файл не читается"
            result.problems.append(Problem(DICTIONARY, 1, 1, "словарь", message, Severity.WARNING))
            return result
        for number, line in enumerate(text.split("\n"), 1):
            entry = line.split(" #", 1)[0].strip()
            if not entry or entry.startswith("#"):
                continue
            word, _, model = entry.partition("/")
            if not _CYRILLIC_WORD.fullmatch(word) and not re.fullmatch(r"[\w-]+", word) or " " in model \
                    or "/" in model:
                result.problems.append(Problem(DICTIONARY, number, line.index(entry) + 1, "словарь",
                                               f"«{entry}» — ожидается одно слово в строке (или слово/образец)",
                                               Severity.WARNING))
                continue
            result.entries.append((entry, number))
            result.words.add(word.lower().replace("\u0301", "").replace("\u00ad", ""))
        return result


def _parts(token: str) -> list[tuple[int, str]]:
    """The words of one token to spell-check, with their offsets in it; Latin, digits and codes none."""
    if not _CYRILLIC_WORD.fullmatch(token):  # Latin, digits, underscores: names, codes, numbers
        return []
    pieces = token.split("-")
    if len(pieces) > 1 and any(p.isupper() for p in pieces):  # «ИКТ-компетентность»: check the rest
        found, offset = [], 0
        for piece in pieces:
            if not piece.isupper():
                found.append((offset, piece))
            offset += len(piece) + 1
        return found
    return [(0, token)]


def _words(item: ContentText) -> Iterator[tuple[int, str]]:
    """Words of the prose to spell-check, with their offsets in the file."""
    for match in _WORD.finditer(item.prose):
        for at, word in _parts(match.group(0)):
            yield match.start() + at, word


def _run_hunspell(words: list[str], dictionary: Dictionary) -> set[str]:
    """The words (or, for hyphenated words, the parts) hunspell does not know; raises RuntimeError.

    ``-l`` (list the unknown words) is used rather than the ispell pipe ``-a``: ``-a`` computes
    suggestions for every unknown word, which for Russian takes ~60 ms a word. A word is judged
    the same wherever it occurs, so one run over the distinct words of the whole project is enough.
    """
    if shutil.which("hunspell") is None:
        raise RuntimeError(HUNSPELL_MISSING)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".dic", delete=False) as personal:
        personal.write("".join(entry + "\n" for entry, _ in dictionary.entries))
    try:
        # -p also keeps a user's own ~/.hunspell_ru_RU from changing the result.
        result = subprocess.run(["hunspell", "-d", HUNSPELL_DICT, "-l", "-i", "utf-8", "-p", personal.name],
                                input="".join(w + "\n" for w in words), capture_output=True,
                                encoding="utf-8", errors="replace", timeout=120,
                                env={**os.environ, "LC_ALL": "C.UTF-8"})
    except (OSError, subprocess.SubprocessError) as exc:
        raise RuntimeError(f"проверка орфографии не удалась: {exc}") from None
    finally:
        os.unlink(personal.name)
    if result.returncode != 0:
        if "Can't open" in result.stderr:
            raise RuntimeError(HUNSPELL_MISSING)
        raise RuntimeError(f"проверка орфографии не удалась: {result.stderr.strip()[:200]}")
    return {line.strip() for line in result.stdout.split("\n") if line.strip()}


# Hunspell's verdicts already given in this process, per project dictionary: word → the unknown
# tokens it yields. The live preview checks the whole project on every save; only new words go to
# hunspell (a new dictionary gets a new table).
_JUDGED: dict[tuple[str, ...], dict[str, frozenset[str]]] = {}


def _unknown_words(words: list[str], dictionary: Dictionary) -> set[str]:
    """:func:`_run_hunspell` for the words this process has not judged yet; the same set it returns."""
    if shutil.which("hunspell") is None:  # checked every time: the machine may have changed
        raise RuntimeError(HUNSPELL_MISSING)
    key = (HUNSPELL_DICT, *(entry for entry, _ in dictionary.entries))
    if key not in _JUDGED and len(_JUDGED) >= 4:
        _JUDGED.clear()
    judged = _JUDGED.setdefault(key, {})
    fresh = [w for w in words if w not in judged]
    if fresh:
        result = _run_hunspell(fresh, dictionary)
        for word in fresh:
            judged[word] = frozenset(t for t in (word, *word.split("-")) if t in result)
    return set().union(*(judged[w] for w in words))


def _unknown_parts(word: str, unknown: set[str]) -> list[tuple[int, str]]:
    """(offset, part) of a word that hunspell listed: the word itself, or parts of a hyphenated one."""
    if word in unknown:
        return [(0, word)]
    found, offset = [], 0
    for part in word.split("-"):
        if part in unknown:
            found.append((offset, part))
        offset += len(part) + 1
    return found


def _clean(word: str) -> str:
    return word.replace("\u0301", "").replace("\u00ad", "")


PLACES_SHOWN = 3  # first places of a repeated unknown word named in its one line


def _count(n: int) -> str:
    """«1 000 раз», «3 раза», «1 раз»."""
    number = f"{n:,}".replace(",", " ")
    tail = "раза" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "раз"
    return f"{number} {tail}"


def _repeated(word: str, places: list[tuple[str, int, int]]) -> Problem:
    """One warning for every occurrence of an unknown word: the first place, the count, the next ones."""
    places.sort()
    path, line, column = places[0]
    where = ", ".join(f"{p}:{ln}:{col}" for p, ln, col in places[:PLACES_SHOWN])
    more = ", …" if len(places) > PLACES_SHOWN else ""
    count = f" — {_count(len(places))}, впервые: {where}{more}" if len(places) > 1 else ""
    return Problem(path, line, column, "орфография",
                   f"«{word}» — нет в словаре{count}; если слово написано верно, добавьте его в {DICTIONARY}",
                   Severity.WARNING)


def spelling_problems(project: Project, texts: list[ContentText] | None = None) -> list[Problem]:
    """Unknown words of every content file (prose only), one problem per distinct word with its count
    and first places.

    Words are judged once for the whole project: the distinct words go to hunspell in one run, and
    only the files that hold an unknown word are walked again for its line and column — a regional
    collection of thousands of practices repeats the same vocabulary. Known without hunspell: the
    project dictionary, the programme's vocabulary shipped with the tool, the school's names and
    consented participants' names in all cases."""
    texts = content_texts(project) if texts is None else texts
    dictionary = Dictionary.load(project.root)
    known = {fold(w) for w in dictionary.words} | domain_words() | project_words(project)
    problems = list(dictionary.problems)
    tokens_of = [(item, set(_WORD.findall(item.prose))) for item in texts]
    words_of_token: dict[str, list[str]] = {}
    for _, tokens in tokens_of:
        for token in tokens:
            if token not in words_of_token:
                words_of_token[token] = [_clean(w) for _, w in _parts(token)]
    wanted = {w for words in words_of_token.values() for w in words
              if len(w) >= 2 and not w.isupper() and fold(w) not in known}
    models = {entry.partition("/")[2]: (entry, line) for entry, line in dictionary.entries if "/" in entry}
    unique = sorted(wanted | set(models))
    if not unique:
        return problems
    try:
        unknown = _unknown_words(unique, dictionary)
    except RuntimeError as exc:
        return problems + [Problem("content", 0, 0, "орфография", str(exc), Severity.WARNING)]
    for model, (entry, line) in sorted(models.items()):
        if model in unknown:
            problems.append(Problem(DICTIONARY, line, 1, "словарь",
                                    f"«{entry}»: образец «{model}» не знаком hunspell — формы слова не будут "
                                    "приниматься; выберите образец из обычного словаря", Severity.WARNING))
    bad = {w for w in wanted if w in unknown or any(part in unknown for part in w.split("-"))}
    places: dict[str, list[tuple[str, int, int]]] = {}
    for item, tokens in tokens_of if bad else []:
        if not any(w in bad for token in tokens for w in words_of_token[token]):
            continue
        for offset, word in _words(item):
            clean = _clean(word)
            if clean not in bad:
                continue
            for at, part in _unknown_parts(clean, unknown):
                if fold(part) in known:
                    continue
                at = at if clean == word else 0
                places.setdefault(part, []).append((item.path, *item.pos(offset + at)))
    problems += [_repeated(word, found) for word, found in places.items()]
    return problems
