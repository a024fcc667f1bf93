// Autocomplete for the project forms' pickers (lead authority, participant, place): asks the search
// endpoint as the user types and lists the matches of the allowed kinds as radio buttons, keeping the
// one already chosen. Without JavaScript the picker's Search button posts the form back for the same list.
(function () {
  "use strict";

  function setUp(picker) {
    var input = picker.querySelector("[data-picker-query]");
    var results = picker.querySelector("[data-picker-results]");
    if (!input || !results) {
      return;
    }
    var name = picker.dataset.name;
    var kinds = picker.dataset.kinds.split(" ");
    var timer = null;
    var lastQuery = null;

    function message(text, keep) {
      var p = document.createElement("p");
      p.className = "text-body-secondary";
      p.textContent = text;
      results.replaceChildren.apply(results, keep.concat([p]));
    }

    function option(item, index) {
      var wrapper = document.createElement("div");
      wrapper.className = "form-check";
      var radio = document.createElement("input");
      radio.className = "form-check-input";
      radio.type = "radio";
      radio.name = name;
      radio.id = picker.id + "-" + name + "-" + index;
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
    }

    function chosen() {
      var checked = results.querySelector("input[type=radio]:checked");
      return checked ? [checked.closest(".form-check")] : [];
    }

    function render(items) {
      var keep = chosen();
      var keptValue = keep.length ? keep[0].querySelector("input").value : null;
      items = items.filter(function (item) {
        return kinds.indexOf(item.value.split(":")[0]) !== -1 && item.value !== keptValue;
      });
      if (!items.length) {
        message(results.dataset.emptyText, keep);
        return;
      }
      results.replaceChildren.apply(results, keep.concat(items.map(option)));
    }

    function search() {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (query.length < 2) {
        message(results.dataset.promptText, chosen());
        return;
      }
      var base = picker.dataset.searchUrl;
      var url = base + (base.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
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
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        search();
      }
    });
  }

  document.querySelectorAll("[data-entity-picker]").forEach(function (picker, index) {
    picker.id = picker.id || "picker-" + (index + 1);
    setUp(picker);
  });
})();
