// UnionOrg front-end glue: autocomplete selects, tick-all boxes, and no lost typing.
(function () {
  "use strict";

  // Foreign keys with data-autocomplete-url ask the server (scoped) as the user types.
  function initAutocomplete(root) {
    root.querySelectorAll("select[data-autocomplete-url]").forEach(function (el) {
      if (el.tomselect) return;
      var url = el.dataset.autocompleteUrl;
      new TomSelect(el, {
        valueField: "id", labelField: "text", searchField: [], maxOptions: 20,
        loadThrottle: 250, allowEmptyOption: true,
        placeholder: "输入名称或代码搜索…",
        render: {
          no_results: function () { return '<div class="no-results">没有找到匹配的记录</div>'; },
          loading: function () { return '<div class="p-2 small text-muted">正在搜索…</div>'; },
        },
        load: function (query, callback) {
          var sep = url.indexOf("?") < 0 ? "?" : "&";
          fetch(url + sep + "q=" + encodeURIComponent(query), { credentials: "same-origin" })
            .then(function (r) { return r.json(); })
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        },
      });
    });
  }

  // The header box ticks every row of the page.
  document.addEventListener("change", function (event) {
    if (!event.target.matches("[data-select-all]")) return;
    document.querySelectorAll('input[name="pk"][form="bulk-form"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  // No inline handlers (the Content-Security-Policy runs only our own files): a select
  // marked data-autosubmit sends its form, data-print prints, and a form marked
  // data-confirm asks first.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("submit", function (event) {
    var question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // Tree rows turn their caret once expanded.
  document.addEventListener("htmx:afterRequest", function (event) {
    var toggle = event.detail.elt;
    if (toggle.classList && toggle.classList.contains("tree-toggle")) {
      toggle.setAttribute("aria-expanded", "true");
    }
  });

  document.addEventListener("DOMContentLoaded", function () { initAutocomplete(document); });
  document.addEventListener("htmx:afterSwap", function (e) { initAutocomplete(e.target); });
})();
