"""Words the speller must know in any school's repository: the mentoring programme's own vocabulary
(shipped as ``generator/dictionary-ru.txt``, every form of every word), the school's names and the
names of participants who consented to publish their name.

The shipped list is generated from :data:`LEMMAS` with pymorphy3 — ``python -m generator.domainwords``
rewrites it — so the forms are the dictionary's, not typed by hand; a lemma pymorphy3 does not know
takes the endings of a model word that declines the same way («нетворкинг/маркетинг»).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

SHIPPED = Path(__file__).with_name("dictionary-ru.txt")

# The programme's vocabulary («Целевая модель наставничества», методические рекомендации РНЦ):
# a lemma, or «lemma/model» when pymorphy3 does not know the lemma.
LEMMAS = [
    "наставляемый", "наставнический", "наставничество", "наставник", "наставница", "наставлять",
    "нетворкинг/маркетинг", "тьютор/автор", "тьюторский/авторский", "тьюторство/авторство",
    "тьюторант/практикант", "флеш", "флеш-наставничество", "флеш-наставник", "реверсивный", "ситуационный",
    "менторство/авторство", "ментор", "менти", "коучинг/маркетинг", "коуч/врач", "супервизия", "супервизор",
    "фасилитатор", "фасилитация", "фасилитировать", "взаимопосещение/посещение", "взаимообучение/обучение",
    "взаимооценка/оценка", "самодиагностика/диагностика", "самоанализ", "самообследование",
    "видеоурок/урок", "видеоразбор/разбор", "видеофрагмент/фрагмент", "видеовстреча/встреча",
    "вебинар", "интенсив", "квест", "квиз/кекс", "форсайт/сайт", "буллинг/маркетинг", "геймификация",
    "цифровизация", "метапредметный", "надпредметный/предметный", "критериальный", "профстандарт/стандарт",
    "предметник", "неуспевающий", "оценивание", "компетенция", "компетентностный", "деятельностный",
    "портфолио", "чек-лист", "кейс", "кейс-метод", "кейс-задача", "тайминг/маркетинг", "стажёр",
    "стажировочный", "адаптационный", "рефлексия", "рефлексивный", "мониторинг", "прототипирование/программирование",
    "флипчарт/чарт", "стикер", "бейдж/гараж", "мессенджер/менеджер", "репозиторий/критерий", "онлайн",
    "офлайн", "онлайн-встреча", "онлайн-курс", "педагог-наставник", "учитель-наставник",
    "ученик-наставник", "студент-наставник", "работодатель-наставник", "наставник-ученик",
    "педагог-педагог", "руководитель-педагог", "ученик-ученик", "учитель-ученик", "студент-ученик",
    "работодатель-ученик", "педагог-психолог", "профориентация", "профориентационный", "допобразование/образование",
    "внеурочный", "воспитательный", "образовательный", "методобъединение/объединение", "тьюториал/материал",
    "сервис", "мессенджер", "видеоконференция/конференция", "онлайн-сервис", "цифровой",
]

_NO_FORMS = {"менти", "онлайн", "офлайн", "портфолио", "флеш"}  # indeclinable


def _forms_like(lemma: str, model: str) -> set[str]:
    """Forms of ``lemma`` made from the forms of ``model``: the model's endings on the lemma's stem."""
    from ..privacy.namematch import morph

    parse = morph().parse(model)[0]
    forms = {f.word for f in parse.lexeme}
    stem = os.path.commonprefix(sorted(forms))
    tail = model[len(stem):]
    if not lemma.endswith(tail):
        raise ValueError(f"{lemma}/{model}: образец кончается иначе")
    base = lemma[: len(lemma) - len(tail)]
    return {base + f[len(stem):] for f in forms}


def _forms(lemma: str) -> set[str]:
    """Every form of one dictionary word: its own part of speech, all cases, numbers and genders."""
    from ..privacy.namematch import morph

    if "-" in lemma:  # a compound: the first part stays, the last declines («флеш-наставничества»)
        head, _, last = lemma.rpartition("-")
        return {f"{head}-{form}" for form in _forms(last)} | {lemma}
    if lemma in _NO_FORMS:
        return {lemma}
    parse = next((p for p in morph().parse(lemma) if p.word == lemma and p.tag.case in (None, "nomn")),
                 morph().parse(lemma)[0])
    if parse.tag.POS == "INFN":  # a verb: all its forms, participles and gerunds included
        return {f.word for f in parse.lexeme} | {lemma}
    same = {f.word for f in parse.lexeme if f.tag.POS == parse.tag.POS and f.tag.voice == parse.tag.voice}
    return same | {lemma}


def generate() -> list[str]:
    """Every form of :data:`LEMMAS`, sorted."""
    from ..privacy.namematch import morph

    words: set[str] = set()
    for entry in LEMMAS:
        lemma, _, model = entry.partition("/")
        last = lemma.rpartition("-")[2]
        if model and not morph().word_is_known(last):
            head = lemma[: len(lemma) - len(last)]
            words |= {head + form for form in _forms_like(last, model)} | {lemma}
        else:
            words |= _forms(lemma)
    return sorted(words)


@lru_cache(maxsize=1)
def domain_words() -> frozenset[str]:
    """The shipped vocabulary, lower case."""
    lines = SHIPPED.read_text(encoding="utf-8").split("\n")
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


_SPLIT = re.compile(r"[^\w\u0301-]+")


def _name_forms(full_name: str) -> set[str]:
    """Every case of a person's surname, first name and patronymic (the gate's own declension)."""
    from ..privacy.namematch import Gender, first_name_forms, gender, patronymic_forms, surname_forms

    parts = full_name.split()
    if len(parts) < 2:
        return {fold(p) for p in parts}
    sex: Gender = gender(parts)
    forms = surname_forms(parts[0], sex)
    forms |= first_name_forms(parts[1], sex)
    if len(parts) > 2:
        forms |= patronymic_forms(parts[2], sex)
    return forms


def fold(word: str) -> str:
    """How known words are compared: lower case, ё = е."""
    return word.lower().replace("ё", "е")


def project_words(project) -> set[str]:  # type: ignore[no-untyped-def]
    """Folded words of this school's names (school.yaml name, short name, city, head, regional
    centre) and of every consented participant's name, in all cases. A name without consent to
    publish it is not added: the speller may flag it, and the personal-data gate refuses it anyway."""
    from ..privacy.consent import year_registries
    from ..privacy.namematch import morph

    words: set[str] = set()
    school = project.school.model if project.school is not None else None
    if school is not None:
        for text in (school.name, school.short_name, school.city, school.regional_centre.name,
                     school.regional_centre.short_name):
            for token in _SPLIT.split(str(text)):
                if token:
                    words.add(fold(token))
                    words |= {fold(f.word) for f in morph().parse(fold(token))[0].lexeme}
        words |= _name_forms(str(school.head.name))
    for registry in year_registries(project).values():
        for person in registry.by_id.values():
            if registry.allows(person, "name"):
                words |= _name_forms(person.name)
    return {fold(w) for w in words}


if __name__ == "__main__":  # regenerate the shipped list
    header = ("# Словарь программы наставничества: все формы слов, созданные pymorphy3 из списка\n"
              "# generator/domainwords.py (LEMMAS). Не правьте руками: python -m generator.domainwords\n")
    SHIPPED.write_text(header + "".join(w + "\n" for w in generate()), encoding="utf-8")
    print(f"{SHIPPED}: {len(domain_words.__wrapped__())} слов")
