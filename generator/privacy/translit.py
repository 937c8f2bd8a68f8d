"""Russian names in Latin letters, as the privacy gate must recognise them.

Three systems, each written once as a table: ICAO Doc 9303 (Russian international passports since
2013), GOST 7.79-2000 system B, and the common spelling of older passports and of everyday use
(«Artyom», «Yuliya», «Dmitriy», «Maxim»). :func:`latin_key` folds the usual variants of one system
into one another (kh/h, zh, ts/tz/cz/c, ch, sh, shch/shh/sch, yu/iu/ju, ya/ia/ja, ye/yo/e, i/y/j),
so a name is looked up by a few keys instead of every combination of spellings.
"""
from __future__ import annotations

import re
from functools import lru_cache

_COMMON_LETTERS = dict(zip("абвгдзклмнопрстуфэ", "abvgdzklmnoprstufe"))

ICAO = {**_COMMON_LETTERS, "е": "e", "ё": "e", "ж": "zh", "и": "i", "й": "i", "х": "kh", "ц": "ts", "ч": "ch",
        "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "ю": "iu", "я": "ia"}
GOST_B = {**_COMMON_LETTERS, "е": "e", "ё": "yo", "ж": "zh", "и": "i", "й": "j", "х": "x", "ц": "cz", "ч": "ch",
          "ш": "sh", "щ": "shh", "ъ": "``", "ы": "y`", "ь": "`", "э": "e`", "ю": "yu", "я": "ya"}
COMMON = {**_COMMON_LETTERS, "е": "e", "ё": "yo", "ж": "zh", "и": "i", "й": "y", "х": "kh", "ц": "ts", "ч": "ch",
          "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "ю": "yu", "я": "ya"}
# Everyday spellings the common system adds: «Dmitry», «Maxim», «Maria».
_COMMON_ENDINGS = (("ий", "y"), ("ия", "ia"))
SYSTEMS = (ICAO, GOST_B, COMMON)

# Longest variants first: «shch» before «sh» and «ch», «kh» before «h».
_FOLD = re.compile(r"shch|shh|sch|zh|kh|ch|sh|ts|tz|cz|yu|iu|ju|ya|ia|ja|yo|jo|ye|je|[hcyj]")
_FOLDED = {"shch": "W", "shh": "W", "sch": "W", "zh": "Z", "kh": "H", "h": "H", "ch": "Q", "sh": "S",
           "ts": "C", "tz": "C", "cz": "C", "c": "C", "yu": "U", "iu": "U", "ju": "U", "ya": "A", "ia": "A",
           "ja": "A", "yo": "e", "jo": "e", "ye": "e", "je": "e", "y": "i", "j": "i"}
_MARKS = re.compile(r"['`ʹʺ’]")


def transliterate(word: str, system: dict[str, str]) -> str:
    """``word`` (lowercase Cyrillic) in the Latin letters of ``system``; other characters are kept."""
    if system is COMMON:
        for ending, latin in _COMMON_ENDINGS:
            if word.endswith(ending) and len(word) > 3:
                return transliterate(word[: -len(ending)], system) + latin
        word = word.replace("кс", "x") if "кс" in word else word
    return "".join(system.get(letter, letter) for letter in word)


@lru_cache(maxsize=65536)
def latin_key(word: str) -> str:
    """The key a Latin word (lowercase) is looked up by: variant spellings of one sound made equal."""
    return _FOLD.sub(lambda m: _FOLDED[m.group(0)], _MARKS.sub("", word))


def latin_keys(word: str) -> set[str]:
    """Keys of a Cyrillic word (lowercase, ё or е) in every system."""
    return {latin_key(transliterate(word, system)) for system in SYSTEMS}


def latin_initials(word: str) -> set[str]:
    """Initials (``"a."``) a Cyrillic first name or patronymic gets in any system."""
    extra = {"х": "h.", "ю": "j.", "я": "j.", "й": "j."}.get(word[:1])
    return ({transliterate(word, system)[:1] + "." for system in SYSTEMS} | ({extra} if extra else set())) - {"."}
