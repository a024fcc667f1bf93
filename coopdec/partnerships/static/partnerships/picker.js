// Authority (and organisation) picker: asks the workspace search endpoint as the user types and lists
// the matches as radio buttons or checkboxes. Without JavaScript the search button reloads the page
// with the same results rendered by the server.
//
// Markup: a .js-picker-search element holding a .js-picker-query input (data-search-url) and a
// submit button, and a .js-picker-results element (data-input-name, data-input-type radio|checkbox,
// data-value-key value|id, data-empty-text, data-prompt-text, optional data-roles — a JSON list of
// [value, label] for a role <select> beside each checkbox — and data-selected, the id of the list
// where a checked result moves so that the next search keeps it).
(function () {
  "use strict";

  function setup(search) {
    var input = search.querySelector(".js-picker-query");
    var results = document.getElementById(input.getAttribute("aria-controls"));
    if (!input || !results) {
      return;
    }
    var button = search.querySelector("button");
    var selected = results.dataset.selected ? document.getElementById(results.dataset.selected) : null;
    var roles = results.dataset.roles ? JSON.parse(results.dataset.roles) : null;
    var timer = null;
    var lastQuery = null;
    var counter = 0;

    function message(text) {
      var p = document.createElement("p");
      p.className = "text-body-secondary";
      p.textContent = text;
      results.replaceChildren(p);
    }

    function alreadySelected(value) {
      if (!selected) {
        return false;
      }
      return Array.prototype.some.call(selected.querySelectorAll("input"), function (node) {
        return node.value === value;
      });
    }

    function row(item) {
      counter += 1;
      var value = String(item[results.dataset.valueKey || "value"]);
      var wrapper = document.createElement("div");
      wrapper.className = "form-check d-flex flex-wrap align-items-center gap-2 mb-1";
      var choice = document.createElement("input");
      choice.className = "form-check-input";
      choice.type = results.dataset.inputType || "radio";
      choice.name = results.dataset.inputName;
      choice.id = "picker-" + results.id + "-" + counter;
      choice.value = value;
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = choice.id;
      label.textContent = item.label + " ";
      var detail = document.createElement("span");
      detail.className = "text-body-secondary small";
      detail.textContent = item.detail;
      label.appendChild(detail);
      wrapper.append(choice, label);
      if (roles) {
        var select = document.createElement("select");
        select.className = "form-select form-select-sm w-auto";
        select.name = "role-" + value;
        select.setAttribute("aria-label", results.dataset.roleLabel + " " + item.label);
        roles.forEach(function (role) {
          var option = document.createElement("option");
          option.value = role[0];
          option.textContent = role[1];
          select.appendChild(option);
        });
        wrapper.appendChild(select);
      }
      if (selected) {
        choice.addEventListener("change", function () {
          if (choice.checked) {
            selected.appendChild(wrapper);
          }
        });
      }
      return wrapper;
    }

    function render(items) {
      items = items.filter(function (item) {
        return !alreadySelected(String(item[results.dataset.valueKey || "value"]));
      });
      if (!items.length) {
        message(results.dataset.emptyText);
        return;
      }
      results.replaceChildren.apply(results, items.map(row));
    }

    function run() {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (query.length < 2) {
        message(results.dataset.promptText);
        return;
      }
      var url = input.dataset.searchUrl;
      url += (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
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
      timer = setTimeout(run, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        lastQuery = null;
        run();
      }
    });
    if (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        lastQuery = null;
        run();
      });
    }
  }

  document.querySelectorAll(".js-picker-search").forEach(setup);
})();
