// Authority (and organisation) picker of the partnership form and of the proposal review: the shared
// autocomplete (coopdec/autocomplete.js, loaded before) lists the matches; this adds what is particular
// to parties. Without JavaScript the search button reloads the page with the same results.
//
// Markup: a .js-picker-search element holding a .js-picker-query input and a search button, the results
// element configured as coopdec/autocomplete.js says, plus optional data-roles — a JSON list of
// [value, label] for a role <select> beside each checkbox, named by data-role-label — and data-selected,
// the id of the list where a checked result moves so that the next search keeps it.
(function () {
  "use strict";

  function decorate(results) {
    var selected = results.dataset.selected ? document.getElementById(results.dataset.selected) : null;
    var roles = results.dataset.roles ? JSON.parse(results.dataset.roles) : null;
    return function (wrapper, item, choice) {
      wrapper.classList.add("d-flex", "flex-wrap", "align-items-center", "gap-2", "mb-1");
      if (roles) {
        var select = document.createElement("select");
        select.className = "form-select form-select-sm w-auto";
        select.name = "role-" + choice.value;
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
    };
  }

  document.querySelectorAll(".js-picker-search").forEach(function (search) {
    var input = search.querySelector(".js-picker-query");
    var results = input && document.getElementById(input.getAttribute("aria-controls"));
    if (!results) {
      return;
    }
    window.coopdec.autocomplete(search, {
      input: input,
      button: search.querySelector("button"),
      decorate: decorate(results),
    });
  });
})();
