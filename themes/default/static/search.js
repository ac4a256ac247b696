// gazette search: loads this language's search.json and finds articles whose title,
// summary, tags, location or source contain every word of the query. Substring matching
// works for Chinese too, where words are not separated by spaces. No dependencies.
(function () {
  "use strict";
  var box = document.querySelector(".search[data-index]");
  if (!box) return;
  var form = box.querySelector("form");
  var input = box.querySelector("input[type=search]");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var entries = null;

  function normalise(text) {
    return String(text || "").toLocaleLowerCase().normalize("NFKC");
  }

  function haystack(e) {
    return normalise([e.title, e.summary, (e.tags || []).join(" "), e.location, e.source].join(" "));
  }

  // Latin queries split at spaces; a Chinese query without spaces is one term and is
  // matched as a substring, which is how Chinese readers expect search to behave.
  function terms(query) {
    return normalise(query).split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  function show(query) {
    list.textContent = "";
    var wanted = terms(query);
    if (wanted.length === 0 || !entries) { status.textContent = ""; return; }
    var found = entries.filter(function (e) {
      return wanted.every(function (t) { return e._text.indexOf(t) !== -1; });
    });
    status.textContent = found.length ? found.length + " " + box.dataset.results : box.dataset.noResults;
    found.slice(0, 50).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.url;
      a.textContent = e.title;
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = [e.date, e.location].filter(Boolean).join(" · ");
      var summary = document.createElement("p");
      summary.textContent = e.summary;
      li.appendChild(a);
      li.appendChild(meta);
      li.appendChild(summary);
      list.appendChild(li);
    });
  }

  function run() {
    var query = input.value;
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    show(query);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", run);

  fetch(box.dataset.index)
    .then(function (response) { return response.json(); })
    .then(function (data) {
      entries = data.map(function (e) { e._text = haystack(e); return e; });
      var initial = new URL(location.href).searchParams.get("q") || "";
      input.value = initial;
      show(initial);
    });
})();
