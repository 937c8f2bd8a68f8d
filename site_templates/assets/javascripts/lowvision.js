/* The version for the visually impaired: large type, black on white, no images; remembered across pages. */
(function () {
  var KEY = "np-lowvision";
  var root = document.documentElement;

  function apply(on) {
    root.classList.toggle("np-lowvision", on);
    document.querySelectorAll(".np-lowvision-toggle").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.title = on ? "Обычная версия сайта" : "Версия для слабовидящих: крупный шрифт, чёрный текст на белом, без изображений";
      var label = button.querySelector(".np-lowvision-label");
      if (label) label.textContent = on ? "Обычная версия сайта" : "Версия для слабовидящих";
    });
  }

  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".np-lowvision-toggle");
    if (!button) return;
    var on = !root.classList.contains("np-lowvision");
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* the mode then lasts for this page */ }
    apply(on);
  });

  apply(stored());
})();
