// Registration and lead forms: "use my location" and "add a worker" (no inline script: CSP is strict).
(function () {
  "use strict";

  function setStatus(el, key) {
    if (el) { el.textContent = el.dataset[key] || ""; }
  }

  document.querySelectorAll("[data-geolocate]").forEach(function (button) {
    button.addEventListener("click", function () {
      var lat = document.querySelector(button.dataset.lat);
      var lng = document.querySelector(button.dataset.lng);
      var status = document.querySelector(button.dataset.status);
      if (!navigator.geolocation || !lat || !lng) { setStatus(status, "msgDenied"); return; }
      setStatus(status, "msgBusy");
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        lng.dispatchEvent(new Event("change", { bubbles: true })); // the map picker moves its pin
        button.disabled = false;
        setStatus(status, "msgDone");
      }, function () {
        button.disabled = false;
        setStatus(status, "msgDenied");
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  });

  document.querySelectorAll("[data-add-worker]").forEach(function (button) {
    button.addEventListener("click", function () {
      var prefix = button.dataset.prefix;
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var template = document.getElementById("worker-template");
      var rows = document.getElementById("worker-rows");
      if (!total || !template || !rows) { return; }
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = rows.lastElementChild && rows.lastElementChild.querySelector("input");
      if (first) { first.focus(); }
    });
  });
})();
