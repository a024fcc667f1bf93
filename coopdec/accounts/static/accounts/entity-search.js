// Autocomplete for the join form: asks /accounts/entities/search as the user types and lists the
// matches as radio buttons. Without JavaScript the search form does the same with a page load.
(function () {
  "use strict";
  var input = document.getElementById("entity-query");
  var results = document.getElementById("entity-results");
  var form = document.getElementById("entity-search-form");
  if (!input || !results || !form) {
    return;
  }
  var timer = null;
  var lastQuery = null;

  function message(text) {
    var p = document.createElement("p");
    p.className = "text-body-secondary";
    p.textContent = text;
    results.replaceChildren(p);
  }

  function render(items) {
    if (!items.length) {
      message(results.dataset.emptyText);
      return;
    }
    var nodes = items.map(function (item, index) {
      var wrapper = document.createElement("div");
      wrapper.className = "form-check";
      var radio = document.createElement("input");
      radio.className = "form-check-input";
      radio.type = "radio";
      radio.name = "entity";
      radio.id = "entity-" + (index + 1);
      radio.value = item.value;
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = radio.id;
      label.textContent = item.label + " ";
      var detail = document.createElement("span");
      detail.className = "text-body-secondary small";
      detail.textContent = item.detail;
      label.appendChild(detail);
      wrapper.append(radio, label);
      return wrapper;
    });
    results.replaceChildren.apply(results, nodes);
  }

  function search() {
    var query = input.value.trim();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    if (query.length < 2) {
      message(results.dataset.promptText);
      return;
    }
    var url = input.dataset.searchUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        if (input.value.trim() === query) {
          render(data.results);
        }
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
})();
