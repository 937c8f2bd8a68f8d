/* The practices catalog: combine form × subject × year × keyword on one page.

   Progressive enhancement: without this script the facets are plain links to one listing each.
   With it, a filter form appears above them; the choice is applied to practices/catalog.json and the
   matching practices replace the listing. Nodes are built with textContent only: no markup from the
   data reaches the page, and nothing here needs an inline script or handler. */
(function () {
  "use strict";
  var script = document.currentScript;
  var box = document.querySelector(".np-facets");
  if (!box || !script || !window.fetch) return;
  var dataUrl = new URL("../../practices/catalog.json", script.src);

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

    function apply() {
      var chosen = Object.keys(selects).filter(function (name) { return selects[name].value; });
      if (!chosen.length) {
        results.hidden = true;
        listing.forEach(function (node) { node.hidden = false; });
        status.textContent = "";
        return;
      }
      var found = data.practices.filter(function (p) {
        return chosen.every(function (name) { return p[name].indexOf(selects[name].value) !== -1; });
      });
      results.textContent = "";
      found.forEach(function (p) {
        var card = el("article", { "class": "np-practice-card" });
        var heading = el("h2");
        heading.appendChild(el("a", { "href": new URL(p.url, dataUrl).pathname }, p.title));
        card.appendChild(heading);
        card.appendChild(el("p", { "class": "np-meta" },
          [p.form.join(", "), p.subject.join(", "), p.year_label + " учебный год"].join(" · ")));
        card.appendChild(el("p", {}, p.summary));
        results.appendChild(card);
      });
      if (!found.length) results.appendChild(el("p", {}, "Практик с таким сочетанием нет: уберите одно из условий."));
      listing.forEach(function (node) { node.hidden = true; });
      results.hidden = false;
      status.textContent = countText(data, found.length);
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    if (Object.keys(selects).some(function (name) { return selects[name].value; })) apply();
  }

  fetch(dataUrl.href, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(build)
    .catch(function () { /* the facet links keep working without the filter */ });
})();
