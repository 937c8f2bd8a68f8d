"""Markdown attribute lists (``{: … }``) limited to attributes that cannot run or hide anything.

Python-Markdown's ``attr_list`` copies any attribute a contributor writes onto the element:
``{: onclick="…" }``, ``{: href="javascript:…" }`` or a full-screen ``style`` would reach the
visitor's browser. :class:`SafeAttrListExtension` replaces it (same syntax, same parser) and keeps
only :data:`ALLOWED`; what it drops is recorded on the Markdown instance for ``check`` to report.
Values are set as element attributes, so the serializer escapes them.
"""
from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor

# id and class are what attribute lists are for (anchors, Material's .md-button and the like).
# loading=lazy: pictures load as they scroll into view (rubric thumbnails use it);
# width/height: sizing a picture is the one layout need teachers have; a number or a length.
# None of them is a URL, a handler or a style, so no value can run script or cover the page.
ALLOWED = frozenset({"id", "class", "loading", "width", "height"})


class _SafeAttrList(AttrListTreeprocessor):
    def assign_attrs(self, elem: Element, attrs_string: str, *, strict: bool = False) -> str:
        before = dict(elem.attrib)
        remainder = super().assign_attrs(elem, attrs_string, strict=strict)
        dropped = getattr(self.md, "unsafe_attrs", None)
        for name in list(elem.attrib):
            if name.lower() not in ALLOWED and before.get(name, object()) != elem.attrib[name]:
                del elem.attrib[name]
                if name in before:  # e.g. href of a link: the Markdown destination stays
                    elem.set(name, before[name])
                if dropped is not None:
                    dropped.append(name)
        return remainder


class SafeAttrListExtension(Extension):
    """``attr_list`` with only :data:`ALLOWED` attributes; a drop-in replacement of it."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        self.md = md
        md.unsafe_attrs = []  # type: ignore[attr-defined]
        md.treeprocessors.register(_SafeAttrList(md), "attr_list", 8)
        md.registerExtension(self)

    def reset(self) -> None:
        md: Any = self.md
        md.unsafe_attrs = []


def makeExtension(**kwargs: Any) -> SafeAttrListExtension:  # noqa: N802 - Python-Markdown's entry point
    return SafeAttrListExtension(**kwargs)


def replace_attr_list(extensions: list[Any]) -> list[Any]:
    """A list of Markdown extensions with ``attr_list`` swapped for the safe one (kept in place)."""
    out: list[Any] = []
    for ext in extensions:
        name = ext if isinstance(ext, str) else None
        if name in ("attr_list", "markdown.extensions.attr_list"):
            out.append("generator.privacy.safeattrs")
        else:
            out.append(ext)
    return out
