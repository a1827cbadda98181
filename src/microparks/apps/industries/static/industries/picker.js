// The GB/T 4754 industry picker (widgets.IndustryPicker): a search list under a code input,
// and the tree to browse section by section. Without this script the input is a plain text
// field. Keyboard: ↓/↑ move, Enter chooses, → opens a node's children, ← goes up, Esc closes.
(function () {
  "use strict";
  if (window.microparksIndustryPicker) return;
  window.microparksIndustryPicker = true;

  var counter = 0;

  function setUp(input) {
    if (input.dataset.pickerReady) return;
    input.dataset.pickerReady = "1";
    var box = input.closest(".industry-picker");
    var words = box ? box.dataset : {};
    var multiple = input.hasAttribute("data-multiple");
    var url = input.dataset.searchUrl;
    var id = "industry-list-" + (++counter);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var browse = document.createElement("button");
    browse.type = "button";
    browse.className = "small picker-browse";
    browse.textContent = words.browse || "Browse";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", id);
    input.setAttribute("aria-expanded", "false");
    input.insertAdjacentElement("afterend", browse);
    browse.insertAdjacentElement("afterend", list);

    var items = [];
    var active = -1;
    var parents = [];
    var timer = null;

    function lastTerm() {
      if (!multiple) return input.value.trim();
      var parts = input.value.split(/[\s,，、;；]+/);
      return parts[parts.length - 1] || "";
    }

    function choose(item) {
      if (multiple) {
        var parts = input.value.split(/[\s,，、;；]+/).filter(Boolean);
        if (lastTerm() && parts.length) parts.pop();
        if (parts.indexOf(item.code) < 0) parts.push(item.code);
        input.value = parts.join(" ") + " ";
      } else {
        input.value = item.code;
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      input.focus();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (el, i) {
        el.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function show(results, note) {
      items = results;
      list.textContent = "";
      if (parents.length) {
        var up = document.createElement("li");
        up.className = "picker-up";
        var back = document.createElement("button");
        back.type = "button";
        back.className = "link";
        back.textContent = "‹ " + (words.up || "Up");
        back.addEventListener("click", function () { goUp(); });
        up.appendChild(back);
        list.appendChild(up);
      }
      if (!results.length) {
        var empty = document.createElement("li");
        empty.className = "picker-empty";
        empty.textContent = note || words.none || "—";
        list.appendChild(empty);
      }
      results.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.title = item.path;
        var code = document.createElement("span");
        code.className = "code";
        code.textContent = item.code;
        var name = document.createElement("span");
        name.className = "name";
        name.textContent = " " + item.name + " ";
        var level = document.createElement("span");
        level.className = "tag";
        level.textContent = item.level_label;
        li.append(code, name, level);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { choose(item); });
        if (!item.leaf) {
          var open = document.createElement("button");
          open.type = "button";
          open.className = "small picker-open";
          open.textContent = "›";
          open.title = words.open || "";
          open.setAttribute("aria-label", (words.open || "Open") + " " + item.code);
          open.addEventListener("mousedown", function (event) { event.preventDefault(); });
          open.addEventListener("click", function (event) {
            event.stopPropagation();
            openNode(item);
          });
          li.appendChild(open);
        }
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function load(params) {
      var query = new URLSearchParams(params).toString();
      return fetch(url + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        })
        .then(function (data) { return data.results; })
        .catch(function () {
          show([], words.failed);
          return null;
        });
    }

    function search() {
      var q = lastTerm();
      parents = [];
      if (!q) { close(); return; }
      load({ q: q }).then(function (results) { if (results) show(results); });
    }

    function openNode(item) {
      parents.push(item.code);
      load({ parent: item.code }).then(function (results) { if (results) show(results); });
    }

    function goUp() {
      parents.pop();
      var parent = parents.length ? parents[parents.length - 1] : "";
      load(parent ? { parent: parent } : {}).then(function (results) { if (results) show(results); });
    }

    function top() {
      parents = [];
      load({}).then(function (results) { if (results) show(results); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { top(); return; }
        mark(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        mark(active - 1);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(items[active]);
      } else if (event.key === "ArrowRight" && !list.hidden && active >= 0 && !items[active].leaf) {
        event.preventDefault();
        openNode(items[active]);
      } else if (event.key === "ArrowLeft" && !list.hidden && parents.length) {
        event.preventDefault();
        goUp();
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    // Leaving the field closes the list, unless the focus went to the picker's own controls.
    input.addEventListener("blur", function () {
      setTimeout(function () {
        var here = document.activeElement;
        if (here === input || (box && box.contains(here)) || list.contains(here)) return;
        close();
      }, 150);
    });
    browse.addEventListener("mousedown", function (event) { event.preventDefault(); });
    browse.addEventListener("click", function () {
      if (!list.hidden) { close(); return; }
      top();
      input.focus();
    });
  }

  function scan(root) {
    (root || document).querySelectorAll("input[data-industry-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(); });
  } else {
    scan();
  }
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
