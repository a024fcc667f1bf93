// Coordinators' authority picker on the dashboard: asks /accounts/entities/search as they type and
// lists the matching authorities as links. Without JavaScript the search form does it with a page load.
(function () {
  "use strict";
  var input = document.getElementById("authority-query");
  var results = document.getElementById("authority-results");
  var form = document.getElementById("authority-picker");
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
    var authorities = items.filter(function (item) {
      return item.value.indexOf("authority:") === 0;
    });
    if (!authorities.length) {
      message(results.dataset.emptyText);
      return;
    }
    var list = document.createElement("ul");
    list.className = "list-unstyled";
    authorities.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = "?authority=" + encodeURIComponent(item.value.split(":")[1]);
      link.textContent = item.label;
      var detail = document.createElement("span");
      detail.className = "text-body-secondary small";
      detail.textContent = " " + item.detail;
      li.append(link, detail);
      list.appendChild(li);
    });
    results.replaceChildren(list);
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
