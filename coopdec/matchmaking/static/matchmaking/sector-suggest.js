// Live NACE sector suggestion on the profile form: as the description is typed (debounced), asks the
// sector-suggestion endpoint and lists the best classes as buttons; a click adds the code to the sectors field.
// Without JavaScript the sectors field is typed by hand.
(function () {
  "use strict";
  var box = document.getElementById("sector-suggestions");
  if (!box) {
    return;
  }
  var source = document.getElementById(box.dataset.source);
  var target = document.getElementById(box.dataset.target);
  if (!source || !target) {
    return;
  }
  var timer = null;
  var lastText = null;
  var controller = null;

  function codes() {
    return target.value.split(/[\s,;]+/).filter(function (code) {
      return code.length > 0;
    });
  }

  function add(code) {
    var current = codes();
    if (current.indexOf(code) === -1) {
      current.push(code);
      target.value = current.join(", ");
    }
  }

  function render(items) {
    if (!items.length) {
      var p = document.createElement("p");
      p.className = "text-body-secondary small mb-0";
      p.textContent = box.dataset.emptyText;
      box.replaceChildren(p);
      return;
    }
    var title = document.createElement("p");
    title.className = "small mb-1";
    title.textContent = box.dataset.titleText;
    var list = document.createElement("div");
    list.className = "d-flex flex-wrap gap-1";
    items.forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary sector-suggestion";
      button.dataset.code = item.code;
      button.textContent = item.code + " " + item.name;
      button.addEventListener("click", function () {
        add(item.code);
        button.classList.add("active");
      });
      list.appendChild(button);
    });
    box.replaceChildren(title, list);
  }

  function suggest() {
    var text = source.value.trim();
    if (text === lastText) {
      return;
    }
    lastText = text;
    if (text.length < 3) {
      render([]);
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    fetch(box.dataset.url + "?text=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : { ranked: [] };
      })
      .then(function (data) {
        render(data.ranked || []);
      })
      .catch(function () {});
  }

  source.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 400);
  });
  suggest();
})();
