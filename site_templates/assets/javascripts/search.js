/* The site search: Material's header search field (partials/search.html) over the Pagefind index
   (generator/website/searchindex.py).

   Weight: nothing of the index is fetched until a visitor focuses the field or opens the search;
   then pagefind.js is imported, and each query fetches only the index chunks and the result pages'
   fragments it needs. Russian stemming is Pagefind's (the index is built as Russian).
   Safety: the texts of the results are put in with textContent only; Pagefind's excerpt marks the
   found words with <mark>, which is the one element rebuilt from it. No request leaves the site. */
(function () {
  "use strict";
  var script = document.currentScript;
  var dialog = document.getElementById("np-search");
  var toggle = document.getElementById("__search");
  if (!script || !dialog || !toggle || !("noModule" in script)) return;  // old browsers: no search
  var root = new URL("../../", script.src);  // the site root: the script is assets/javascripts/
  var form = dialog.querySelector("form");
  var input = document.getElementById("np-search-query");
  var list = document.getElementById("np-search-results");
  var meta = dialog.querySelector(".md-search-result__meta");
  var filtersBox = dialog.querySelector(".np-search-filters");
  var opener = document.querySelector(".np-search-open");
  var PAGE = 10;  // results whose fragments are fetched at a time
  /* A facet is offered only when the index has it: the regional platform adds municipality and school. */
  var FACETS = [["municipality", "Муниципалитет"], ["school", "Школа"], ["form", "Форма наставничества"],
                ["subject", "Предмет"], ["year", "Учебный год"], ["tag", "Ключевое слово"]];
  var pagefind = null;  // the module, once loaded
  var loading = null;
  var chosen = {};  // facet → value
  var current = null;  // the latest search's results
  var shown = 0;

  dialog.hidden = false;
  if (opener) opener.hidden = false;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The index's bundles (data-bundles: one on a school's site, several by school on the regional
     platform): the first is imported, the others merged into it, each with the same options. */
  function openIndex(options) {
    var bundles = (script.getAttribute("data-bundles") || "pagefind/").split(" ").filter(Boolean);
    return import(new URL(bundles[0] + "pagefind.js", root).href).then(function (module) {
      return module.options(options).then(function () {
        return Promise.all(bundles.slice(1).map(function (bundle) {
          return module.mergeIndex(new URL(bundle, root).pathname, options);
        }));
      }).then(function () { return module; });
    });
  }

  function load() {
    if (!loading) {
      loading = openIndex({ baseUrl: root.pathname, excerptLength: 24 }).then(function (module) {
        pagefind = module;
        return module;
      });
      loading.catch(function () {
        loading = null;
        meta.textContent = "Поиск сейчас недоступен: не удалось загрузить поисковый индекс";
      });
    }
    return loading;
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    if (opener) opener.setAttribute("aria-expanded", "true");
    load();
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    if (opener) opener.setAttribute("aria-expanded", "false");
  }

  function plural(n, one, few, many) {
    var rule = new Intl.PluralRules("ru-RU").select(n);
    return rule === "one" ? one : rule === "few" ? few : many;
  }

  /* Pagefind's excerpt is the page's text, HTML-escaped, with <mark> around the found words:
     rebuilt as text nodes and <mark> elements, never parsed as markup. */
  function excerptNodes(excerpt) {
    var out = document.createDocumentFragment();
    var parts = String(excerpt || "").split(/<(\/?)mark>/);
    var marked = false;
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 1) { marked = parts[i] !== "/"; continue; }
      var text = unescapeHtml(parts[i]);
      if (text) out.appendChild(marked ? el("mark", {}, text) : document.createTextNode(text));
    }
    return out;
  }

  function unescapeHtml(text) {
    return text.replace(/<[^>]*>/g, "").replace(/&(lt|gt|quot|#39|#x27|amp);/g, function (_, name) {
      return { lt: "<", gt: ">", quot: "\"", "#39": "'", "#x27": "'", amp: "&" }[name];
    });
  }

  function item(data) {
    var sub = (data.sub_results || [])[0];
    var inSection = sub && sub.url !== data.url && sub.title && sub.title !== data.meta.title;
    var link = el("a", { href: inSection ? sub.url : data.url, "class": "md-search-result__link" });
    var article = el("article", { "class": "md-search-result__article md-typeset" });
    article.appendChild(el("div", { "class": "md-search-result__icon md-icon" }));
    if (data.meta.section) article.appendChild(el("p", { "class": "np-search-section" }, data.meta.section));
    article.appendChild(el("h1", {}, data.meta.title || data.url));
    if (inSection) article.appendChild(el("h2", {}, sub.title));
    var excerpt = el("p");
    excerpt.appendChild(excerptNodes(inSection ? sub.excerpt : data.excerpt));
    article.appendChild(excerpt);
    link.appendChild(article);
    var li = el("li", { "class": "md-search-result__item" });
    li.appendChild(link);
    return li;
  }

  function showMore() {
    var results = current;
    var next = results.results.slice(shown, shown + PAGE);
    shown += next.length;
    var more = list.querySelector(".np-search-more");
    if (more) more.remove();
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (pages) {
      if (results !== current) return;
      pages.forEach(function (data) { list.appendChild(item(data)); });
      if (shown < results.results.length) {
        var li = el("li", { "class": "md-search-result__item np-search-more" });
        var button = el("button", { type: "button", "class": "md-search-result__link" },
                        "Показать ещё (" + (results.results.length - shown) + ")");
        button.addEventListener("click", function () {
          showMore().then(function () {
            var links = list.querySelectorAll("a.md-search-result__link");
            if (links[shown - PAGE]) links[shown - PAGE].focus();
          });
        });
        li.appendChild(button);
        list.appendChild(li);
      }
    });
  }

  function search() {
    var query = input.value.trim();
    var filters = {};
    Object.keys(chosen).forEach(function (name) { if (chosen[name]) filters[name] = chosen[name]; });
    if (!query && !Object.keys(filters).length) {
      current = null;
      list.textContent = "";
      meta.textContent = "Введите запрос: например, «наставник»";
      return;
    }
    load().then(function (module) {
      return module.debouncedSearch(query || null, { filters: filters }, 250);
    }).then(function (results) {
      if (!results) return;  // a later keystroke replaced this search
      current = results;
      shown = 0;
      list.textContent = "";
      var n = results.results.length;
      meta.textContent = n ? "Найдено: " + n + " " + plural(n, "страница", "страницы", "страниц")
                           : "Ничего не найдено" + (Object.keys(filters).length ? " с выбранными уточнениями" : "");
      filtersBox.hidden = false;
      return n ? showMore() : null;
    });
  }

  /* The facets as filters of the search, loaded when the visitor opens «Уточнить». */
  function buildFilters() {
    var box = filtersBox.querySelector(".np-search-filters__list");
    if (box.childNodes.length) return;
    load().then(function (module) { return module.filters(); }).then(function (available) {
      FACETS.forEach(function (facet) {
        var values = Object.keys(available[facet[0]] || {}).sort(function (a, b) { return a.localeCompare(b, "ru"); });
        if (!values.length) return;
        var id = "np-search-filter-" + facet[0];
        var label = el("label", { "for": id }, facet[1]);
        var select = el("select", { id: id, name: facet[0] });
        select.appendChild(el("option", { value: "" }, "любой"));
        values.forEach(function (value) { select.appendChild(el("option", { value: value }, value)); });
        select.addEventListener("change", function () { chosen[facet[0]] = select.value; search(); });
        var row = el("div", { "class": "np-search-filter" });
        row.appendChild(label);
        row.appendChild(select);
        box.appendChild(row);
      });
    });
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", search);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a.md-search-result__link");
    if (first) first.focus();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(); input.focus(); }, 0);
  });
  filtersBox.addEventListener("toggle", function () { if (filtersBox.open) buildFilters(); });
  if (opener) {
    opener.addEventListener("click", function () { open(); input.focus(); });
  }
  toggle.addEventListener("change", function () {
    if (opener) opener.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  });

  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
      input.blur();
      if (opener && opener.offsetParent) opener.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    event.preventDefault();
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });
  document.addEventListener("keydown", function (event) {
    // «/», «s» and «f» open the search, as in Material, unless the visitor is typing somewhere.
    var target = event.target;
    if (["/", "s", "f", "ы", "а"].indexOf(event.key) === -1 || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    open();
    input.focus();
  });
})();
