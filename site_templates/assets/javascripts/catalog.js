/* The practices catalog: combine form × subject × year × keyword on one page.

   Progressive enhancement: without this script the facets are plain links to one listing each.
   With it, a filter form appears above them (its facets and values from the small
   practices/catalog.json); a choice is a Pagefind filter search over the site's search index
   (the same facets, generator/website/searchindex.py), loaded only once a visitor chooses, and the
   matching practices, a page of cards at a time, replace the listing. Nodes are built with
   textContent only: no markup from the data reaches the page, and nothing here needs an inline
   script or handler. */
(function () {
  "use strict";
  var script = document.currentScript;
  var box = document.querySelector(".np-facets");
  if (!box || !script || !window.fetch) return;
  var dataUrl = new URL("../../practices/catalog.json", script.src);
  var root = new URL("../../", script.src);
  var PAGE = 20;  // cards whose index fragments are fetched at a time
  var pagefind = null;

  function loadIndex() {
    if (!pagefind) {
      // The index's bundles: one on a school's site, several by school on the regional platform
      // (generator/region/searchshards.py); the first is imported, the others merged into it.
      var bundles = (script.getAttribute("data-bundles") || "pagefind/").split(" ").filter(Boolean);
      var options = { baseUrl: root.pathname };
      pagefind = import(new URL(bundles[0] + "pagefind.js", root).href).then(function (module) {
        return module.options(options).then(function () {
          return Promise.all(bundles.slice(1).map(function (bundle) {
            return module.mergeIndex(new URL(bundle, root).pathname, options);
          }));
        }).then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function countText(data, n) {
    var rule = new Intl.PluralRules("ru-RU").select(n);
    return "Найдено: " + n + " " + (data.words[rule] || data.words.many);
  }

  function chosenOnThisPage(facet) {
    // A listing page /practices/<facet>/<slug>/ (or <slug>-N/) opens with its own value chosen.
    var match = location.pathname.match(/\/practices\/([a-z]+)\/([^/]+)\/?$/);
    if (!match || match[1] !== facet.name) return "";
    var values = facet.values || {};
    var find = function (slug) { return Object.keys(values).filter(function (v) { return values[v] === slug; })[0]; };
    return find(match[2]) || find(match[2].replace(/-\d+$/, "")) || "";
  }

  function build(data) {
    var form = el("form", { "class": "np-filter", "role": "search", "aria-label": "Отбор практик" });
    var selects = {};
    data.facets.forEach(function (facet) {
      var values = Object.keys(facet.values || {});
      if (!values.length) return;
      var id = "np-filter-" + facet.name;
      var field = el("p", { "class": "np-filter__field" });
      field.appendChild(el("label", { "for": id }, facet.title));
      var select = el("select", { "id": id, "name": facet.name });
      select.appendChild(el("option", { "value": "" }, "все"));
      values.forEach(function (value) {
        var label = facet.name === "year" ? value.replace("-", "–") : value;
        select.appendChild(el("option", { "value": value }, label));
      });
      select.value = chosenOnThisPage(facet);
      selects[facet.name] = select;
      field.appendChild(select);
      form.appendChild(field);
    });
    var reset = el("button", { "type": "reset", "class": "md-button" }, "Сбросить");
    form.appendChild(reset);
    var status = el("p", { "class": "np-filter__count", "aria-live": "polite" });
    var results = el("div", { "class": "np-filter__results" });
    results.hidden = true;
    box.parentNode.insertBefore(form, box);
    box.parentNode.insertBefore(status, box);
    // The chosen practices come right under the count; the facet links stay below them.
    box.parentNode.insertBefore(results, box);
    var listing = Array.prototype.slice.call(document.querySelectorAll("article .np-practice-card, .np-pager"));

    var latest = 0;

    function card(page) {
      var node = el("article", { "class": "np-practice-card" });
      var heading = el("h2");
      heading.appendChild(el("a", { "href": page.url }, page.meta.title || page.url));
      node.appendChild(heading);
      var facts = page.filters || {};
      node.appendChild(el("p", { "class": "np-meta" }, [(facts.form || []).join(", "), (facts.subject || []).join(", "),
        (facts.year || []).join(", ") + " учебный год"].join(" · ")));
      node.appendChild(el("p", {}, page.meta.summary || ""));
      return node;
    }

    function showMore(found, from, turn) {
      var more = results.querySelector(".np-filter__more");
      if (more) more.remove();
      return Promise.all(found.slice(from, from + PAGE).map(function (r) { return r.data(); })).then(function (pages) {
        if (turn !== latest) return;
        pages.forEach(function (page) { results.appendChild(card(page)); });
        var shown = from + pages.length;
        if (shown < found.length) {
          var button = el("button", { "type": "button", "class": "md-button np-filter__more" },
                          "Показать ещё (" + (found.length - shown) + ")");
          button.addEventListener("click", function () {
            showMore(found, shown, turn).then(function () {
              var links = results.querySelectorAll(".np-practice-card h2 a");
              if (links[shown]) links[shown].focus();
            });
          });
          results.appendChild(button);
        }
      });
    }

    function apply() {
      var chosen = Object.keys(selects).filter(function (name) { return selects[name].value; });
      var turn = ++latest;
      if (!chosen.length) {
        results.hidden = true;
        listing.forEach(function (node) { node.hidden = false; });
        status.textContent = "";
        return;
      }
      var filters = {};
      chosen.forEach(function (name) {
        // The index keeps a year as it is printed («2025–2026»), the facet's value as in the data.
        filters[name] = name === "year" ? selects[name].value.replace("-", "–") : selects[name].value;
      });
      status.textContent = "Ищем…";
      loadIndex().then(function (module) { return module.search(null, { filters: filters }); }).then(function (search) {
        if (turn !== latest) return;
        results.textContent = "";
        var found = search.results;
        if (!found.length) results.appendChild(el("p", {}, "Практик с таким сочетанием нет: уберите одно из условий."));
        listing.forEach(function (node) { node.hidden = true; });
        results.hidden = false;
        status.textContent = countText(data, found.length);
        return showMore(found, 0, turn);
      }).catch(function () {
        if (turn === latest) status.textContent = "Отбор сейчас недоступен: откройте страницу формы, предмета или года ниже";
      });
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    // A listing page opens with its own value chosen; the listing itself already shows what it selects,
    // so nothing is fetched until the visitor changes the choice.
  }

  fetch(dataUrl.href, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(build)
    .catch(function () { /* the facet links keep working without the filter */ });
})();
