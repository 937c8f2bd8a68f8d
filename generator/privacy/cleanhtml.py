"""The HTML that Markdown makes of contributed text, cleaned before a visitor's browser or WeasyPrint
sees it: one allow-list of elements, attributes and URL schemes for the site and the PDFs.

The Markdown source is cleaned first (:mod:`generator.privacy.safehtml`: raw HTML, dangerous link
schemes) and attribute lists are limited (:mod:`generator.privacy.safeattrs`); this last step works on
what Markdown actually produced, so whatever slips between the two (an entity-encoded scheme, a
reference link, an extension's output) is removed here. Site pages are cleaned whole, as MkDocs
renders their content (:class:`generator.website.safeplugin.SafeHtmlPlugin`): our templates' markup fits the same allow-list.
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import nh3

from .safehtml import Removal

# What a contributed body may use, for print and for check; the site reads its list from mkdocs.yml
# (with attr_list replaced the same way, see make_safe).
PRINT_EXTENSIONS = ["tables", "generator.privacy.safeattrs", "md_in_html", "admonition", "def_list", "footnotes", "abbr"]

TAGS = {"a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "samp",
        "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var",
        "svg", "path"}  # Material's icons (:material-…: shortcodes) are inline SVG with one path
# Every element: anchors and styling hooks, tooltips (abbr, footnote and permalink titles), language,
# and the accessibility attributes our templates and Material's extensions write.
GENERIC = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"}
ATTRIBUTES = {
    "*": GENERIC,
    "a": {"href", "name", "type", "rel"},  # name: code line anchors; type: the RSS link's MIME hint
    "img": {"src", "alt", "width", "height", "loading"},  # no srcset: nh3 does not check its URLs
    # data-label: a cell's column name, shown before the value when a table becomes cards on a phone
    # (nastavnik.css, .np-stack); plain text in an attribute, read only by CSS attr().
    "time": {"datetime"}, "td": {"colspan", "rowspan", "style", "data-label"}, "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start", "type", "reversed"}, "details": {"open"}, "col": {"span"}, "colgroup": {"span"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "svg": {"xmlns", "viewBox", "width", "height", "fill"}, "path": {"d", "fill"},
}
# Table column alignment (`|---:|`) is written as style="text-align: …"; nothing else of a style
# survives, so no element can be made full-screen or invisible.
STYLE_PROPERTIES = {"text-align"}
SCHEMES = {"http", "https", "mailto", "tel"}  # relative URLs (the site's own pages and files) pass too
DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "textarea", "math",
                     "select", "frameset", "noembed", "noframes", "xmp", "plaintext", "title"}


def clean_html(fragment: str) -> str:
    """``fragment`` with every element, attribute and URL outside the allow-list removed."""
    return nh3.clean(fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=None,
                     filter_style_properties=STYLE_PROPERTIES, strip_comments=True,
                     clean_content_tags=DROP_WITH_CONTENT)


class _Inventory(HTMLParser):
    """Counts elements and (element, attribute, value) triples, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: Counter[tuple[str, str, str]] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if name == "style":  # only its filtered properties are compared
                value = ";".join(sorted(p.replace(" ", "") for p in (value or "").split(";") if p.strip()))
            self.attrs[(tag, name, (value or "").strip())] += 1

    handle_startendtag = handle_starttag


def _inventory(fragment: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(fragment)
    parser.close()
    return parser


def removed_markup(fragment: str) -> list[str]:
    """What :func:`clean_html` removes from ``fragment``, in Russian, one entry per kind."""
    before, after = _inventory(fragment), _inventory(clean_html(fragment))
    what: list[str] = []
    for tag in sorted(before.tags - after.tags):
        what.append(f"тег <{tag}>")
    attrs = before.attrs - after.attrs
    for tag, name, value in sorted(attrs):
        if tag in (before.tags - after.tags):
            continue  # the whole element is already named
        if name == "style" and tag in ("td", "th") and re.fullmatch(r"(text-align:\w+)?", value):
            continue  # nh3 writes the kept alignment without the space: not a removal
        shown = f"{name}=«{value[:40]}»" if name in ("href", "src") else name
        what.append(f"атрибут {shown} у <{tag}>")
    return list(dict.fromkeys(what))


def _line_of(body: str, pattern: str) -> int:
    """The 1-based line of ``body`` where ``pattern`` first matches (1 if it does not)."""
    match = re.search(pattern, body, re.I)
    return 1 + body.count("\n", 0, match.start()) if match else 1


def render_markdown(clean_body: str, shift: int = 0) -> str:
    """A body already cleaned by :func:`generator.privacy.safehtml.sanitize_markdown` as safe HTML (for print),
    headings moved down ``shift`` levels."""
    import markdown

    html_text = markdown.markdown(clean_body, extensions=PRINT_EXTENSIONS, output_format="html")
    if shift:
        html_text = re.sub(r"<(/?)h([1-6])", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}", html_text)
    return clean_html(html_text)


def markup_removals(clean_body: str) -> list[Removal]:
    """What the site and the PDF drop from the HTML of ``clean_body``: attributes of ``{: … }`` lists
    outside :data:`generator.privacy.safeattrs.ALLOWED`, then anything :func:`clean_html` removes."""
    import markdown  # with safeattrs (built on it): loaded only when there is markup to render

    from .safeattrs import ALLOWED

    if "{" not in clean_body and "&" not in clean_body:
        # Rendering every body would double the time of `check`; without an attribute list or an
        # entity, the Markdown-level cleaning has already seen (and reported) everything unsafe.
        return []
    md = markdown.Markdown(extensions=PRINT_EXTENSIONS, output_format="html")
    html_text = md.convert(clean_body)
    allowed = ", ".join(sorted(ALLOWED))
    found = [Removal(_line_of(clean_body, r"\{[^}\n]*" + re.escape(name)), f"атрибут {name} в списке атрибутов "
                     f"{{: … }}; в нём разрешены только {allowed}")
             for name in dict.fromkeys(md.unsafe_attrs)]  # type: ignore[attr-defined]
    for what in removed_markup(html_text):
        needle = re.search(r"«(.*)»|атрибут (\S+)|тег <(\w+)", what)
        text = next((g for g in needle.groups() if g), "") if needle else ""
        found.append(Removal(_line_of(clean_body, re.escape(text)), what))
    return found
