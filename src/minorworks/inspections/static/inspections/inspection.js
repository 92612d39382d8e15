// The inspection form on a phone: one section at a time, large targets, and nothing lost.
// Every answer is kept on the device (localStorage; photos in IndexedDB) as it is entered, so a reload or a
// dropped connection loses nothing; the form is sent with fetch, and again by itself when the connection
// comes back. The hidden client_uid makes a repeated send harmless (the server records it once).
(function () {
  "use strict";
  var form = document.querySelector("form[data-inspection-form]");
  if (!form) { return; }
  var key = form.getAttribute("data-draft-key");
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var nav = form.querySelector("[data-step-nav]");
  var progress = form.querySelector("[data-progress]");
  var current = 0;

  // --- one section at a time ------------------------------------------------------------------------
  function show(index) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) { step.classList.toggle("d-none", i !== current); });
    nav.querySelector("[data-prev]").disabled = current === 0;
    nav.querySelector("[data-next]").classList.toggle("d-none", current === steps.length - 1);
    progress.firstElementChild.style.width = Math.round((current + 1) / steps.length * 100) + "%";
    progress.firstElementChild.textContent = (current + 1) + " / " + steps.length;
    window.scrollTo(0, 0);
  }
  if (steps.length > 1) {
    nav.classList.remove("d-none");
    progress.classList.remove("d-none");
    nav.querySelector("[data-prev]").addEventListener("click", function () { show(current - 1); save(); });
    nav.querySelector("[data-next]").addEventListener("click", function () { show(current + 1); save(); });
  }

  // --- a failed item asks for the hazard's details ------------------------------------------------------
  function toggleDetails(item) {
    var failed = item.querySelector("[data-answer=fail]");
    var details = item.querySelector("[data-fail-details]");
    if (failed && details) { details.classList.toggle("d-none", !failed.checked); }
  }
  form.querySelectorAll("[data-item]").forEach(toggleDetails);
  form.addEventListener("change", function (event) {
    var item = event.target.closest("[data-item]");
    if (item) { toggleDetails(item); }
  });

  // --- "I am here" -------------------------------------------------------------------------------------
  var locate = form.querySelector("[data-locate]");
  if (locate && navigator.geolocation) {
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        form.elements.latitude.value = position.coords.latitude.toFixed(6);
        form.elements.longitude.value = position.coords.longitude.toFixed(6);
        save();
      });
    });
  } else if (locate) { locate.classList.add("d-none"); }

  // --- kept on the device -------------------------------------------------------------------------------
  function fields() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } return; }
      if (el.type === "checkbox") {
        data[el.name] = data[el.name] || [];
        if (el.checked) { data[el.name].push(el.value); }
        return;
      }
      data[el.name] = el.value;
    });
    return data;
  }
  function save() {
    try { localStorage.setItem(key, JSON.stringify({ fields: fields(), step: current, at: Date.now() })); } catch (e) { /* full: keep going */ }
  }
  function restore() {
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { return false; }
    if (!raw) { return false; }
    var draft = JSON.parse(raw);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in draft.fields) || el.type === "file" || el.name === "csrfmiddlewaretoken") { return; }
      var value = draft.fields[el.name];
      if (el.type === "radio") { el.checked = el.value === value; }
      else if (el.type === "checkbox") { el.checked = value.indexOf(el.value) !== -1; }
      else { el.value = value; }
    });
    form.querySelectorAll("[data-item]").forEach(toggleDetails);
    if (steps.length > 1) { show(draft.step || 0); }
    return true;
  }

  // Photos: IndexedDB, one record per file input, restored into the input with a DataTransfer.
  var db = null;
  function openDb(done) {
    if (!window.indexedDB) { done(null); return; }
    var request = indexedDB.open("minorworks-drafts", 1);
    request.onupgradeneeded = function () { request.result.createObjectStore("photos"); };
    request.onsuccess = function () { db = request.result; done(db); };
    request.onerror = function () { done(null); };
  }
  function storePhotos(input) {
    if (!db) { return; }
    var files = Array.prototype.slice.call(input.files || []);
    db.transaction("photos", "readwrite").objectStore("photos").put(files, key + ":" + input.name);
  }
  function restorePhotos() {
    if (!db || !window.DataTransfer) { return; }
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      var request = db.transaction("photos").objectStore("photos").get(key + ":" + input.name);
      request.onsuccess = function () {
        var files = request.result || [];
        if (!files.length) { return; }
        var transfer = new DataTransfer();
        files.forEach(function (file) { transfer.items.add(file); });
        input.files = transfer.files;
      };
    });
  }
  function clearDraft() {
    try { localStorage.removeItem(key); } catch (e) { /* nothing to clear */ }
    if (db) {
      var store = db.transaction("photos", "readwrite").objectStore("photos");
      form.querySelectorAll("input[type=file]").forEach(function (input) { store.delete(key + ":" + input.name); });
    }
  }

  form.addEventListener("input", save);
  form.addEventListener("change", function (event) {
    if (event.target.type === "file") { storePhotos(event.target); }
    save();
  });
  var hadErrors = !!document.querySelector("[data-field-error], [data-testid=form-errors]");
  if (!hadErrors && restore()) { document.querySelector("[data-restored-note]").classList.remove("d-none"); }
  else if (steps.length > 1) {
    var firstError = steps.findIndex(function (step) { return step.querySelector("[data-field-error], .invalid-feedback"); });
    show(firstError >= 0 ? firstError : 0);
  }
  openDb(restorePhotos);  // a page with errors comes back without its photos: the device still has them

  // --- sending, now or when the connection is back -------------------------------------------------------
  var offline = document.querySelector("[data-offline-note]");
  var sending = false;
  function send() {
    if (sending) { return; }
    if (!navigator.onLine) { offline.classList.remove("d-none"); return; }
    sending = true;
    fetch(form.action || window.location.href, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (html) {
          sending = false;
          if (response.ok && response.redirected) {
            clearDraft();
            window.location.assign(response.url);
            return;
          }
          // The server refused some input: show its page (the answers are still kept on the device).
          document.open(); document.write(html); document.close();
        });
      })
      .catch(function () {
        sending = false;
        offline.classList.remove("d-none");
        try { localStorage.setItem(key + ":queued", "1"); } catch (e) { /* the draft itself is saved */ }
      });
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); save(); send(); });
  window.addEventListener("online", function () {
    offline.classList.add("d-none");
    if (localStorage.getItem(key + ":queued")) { localStorage.removeItem(key + ":queued"); send(); }
  });
  form.addEventListener("submit", function () { if (!navigator.onLine) { localStorage.setItem(key + ":queued", "1"); } });
})();
