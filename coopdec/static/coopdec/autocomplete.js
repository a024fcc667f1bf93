// Autocomplete for the search-then-choose fields: as the user types, asks a JSON search endpoint
// ({"results": [{"value", "label", "detail", …}]}) and lists the matches in a results element (an
// aria-live region in the markup) as radio buttons, checkboxes or links. Without JavaScript the same
// search works with a page load, so the markup already holds the server's results.
//
// Markup: an element with data-autocomplete holding the query input (data-autocomplete-query, with
// data-search-url) and, optionally, a search button (data-autocomplete-button); Enter in the input,
// the button, or submitting the element when it is a form, search at once instead of loading a page.
// The results element is the one the input's aria-controls names, or a [data-autocomplete-results]
// inside. It says:
//   data-empty-text, data-prompt-text  what to show when nothing matches, when the query is too short;
//   data-input-type    radio (default), checkbox, or link;
//   data-input-name    the name of the radio buttons or checkboxes;
//   data-value-key     the field of a result that is the input's value: value (default) or id;
//   data-kinds         optional, the kinds kept (space-separated), read from values written "kind:pk";
//   data-link-param    for links, the query parameter the link sets to the pk of the result's value;
//   data-keep-checked  optional: a checked choice stays above the new results;
//   data-selected      optional, the id of an element holding choices already made: left out of results.
//
// A page's own script may set an element up itself, with what is particular to it:
//   coopdec.autocomplete(element, {input, button, decorate: function (row, item, choice) {…}}).
(function () {
  "use strict";
  var instances = 0;

  function setUp(container, options) {
    options = options || {};
    var input = options.input || container.querySelector("[data-autocomplete-query]");
    if (!input) {
      return;
    }
    var results = input.hasAttribute("aria-controls")
      ? document.getElementById(input.getAttribute("aria-controls"))
      : container.querySelector("[data-autocomplete-results]");
    if (!results) {
      return;
    }
    var config = results.dataset;
    var button = options.button || container.querySelector("[data-autocomplete-button]");
    var selected = config.selected ? document.getElementById(config.selected) : null;
    var kinds = config.kinds ? config.kinds.split(" ") : null;
    var valueKey = config.valueKey || "value";
    instances += 1;
    var prefix = results.id || "autocomplete-" + instances;
    var counter = 0;
    var timer = null;
    var lastQuery = null;

    function valueOf(item) {
      return String(item[valueKey]);
    }

    // The choices to keep in place when the results change: the checked one, where the markup asks.
    function kept() {
      if (config.keepChecked === undefined) {
        return [];
      }
      var checked = results.querySelector("input:checked");
      return checked ? [checked.closest(".form-check")] : [];
    }

    function chosenValues(keep) {
      var inputs = keep.map(function (row) {
        return row.querySelector("input");
      });
      if (selected) {
        inputs = inputs.concat(Array.prototype.slice.call(selected.querySelectorAll("input")));
      }
      return inputs.map(function (node) {
        return node.value;
      });
    }

    function message(text, keep) {
      var p = document.createElement("p");
      p.className = "text-body-secondary";
      p.textContent = text;
      results.replaceChildren.apply(results, keep.concat([p]));
    }

    function detailOf(text) {
      var detail = document.createElement("span");
      detail.className = "text-body-secondary small";
      detail.textContent = text;
      return detail;
    }

    function link(item) {
      var li = document.createElement("li");
      var anchor = document.createElement("a");
      var pk = item.value.split(":").pop();
      anchor.href = "?" + config.linkParam + "=" + encodeURIComponent(pk);
      anchor.textContent = item.label;
      li.append(anchor, detailOf(" " + item.detail));
      return li;
    }

    function row(item) {
      counter += 1;
      var wrapper = document.createElement("div");
      wrapper.className = "form-check";
      var choice = document.createElement("input");
      choice.className = "form-check-input";
      choice.type = config.inputType || "radio";
      choice.name = config.inputName;
      choice.id = prefix + "-" + counter;
      choice.value = valueOf(item);
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = choice.id;
      label.textContent = item.label + " ";
      label.appendChild(detailOf(item.detail));
      wrapper.append(choice, label);
      if (options.decorate) {
        options.decorate(wrapper, item, choice);
      }
      return wrapper;
    }

    function render(items) {
      var keep = kept();
      var chosen = chosenValues(keep);
      items = items.filter(function (item) {
        return (!kinds || kinds.indexOf(item.value.split(":")[0]) !== -1) && chosen.indexOf(valueOf(item)) === -1;
      });
      if (!items.length) {
        message(config.emptyText, keep);
      } else if (config.inputType === "link") {
        var list = document.createElement("ul");
        list.className = "list-unstyled";
        list.append.apply(list, items.map(link));
        results.replaceChildren(list);
      } else {
        results.replaceChildren.apply(results, keep.concat(items.map(row)));
      }
    }

    function search() {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (query.length < 2) {
        message(config.promptText, kept());
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

    function searchNow(event) {
      event.preventDefault();
      clearTimeout(timer);
      search();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        searchNow(event);
      }
    });
    if (button) {
      button.addEventListener("click", searchNow);
    }
    if (container.tagName === "FORM") {
      container.addEventListener("submit", searchNow);
    }
  }

  window.coopdec = window.coopdec || {};
  window.coopdec.autocomplete = setUp;
  document.querySelectorAll("[data-autocomplete]").forEach(function (container) {
    setUp(container);
  });
})();
