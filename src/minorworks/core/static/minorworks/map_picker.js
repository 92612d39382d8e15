// The map picker (templates/includes/map_picker.html): a tap or a dragged pin fills the latitude and longitude
// inputs; typing in them (or "use my location") moves the pin. Tiles come from MAP_TILE_URL; under them, and
// instead of them when there are none or they fail, a coordinate grid drawn here, so the picker needs no network.
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function number(input) {
    var value = parseFloat(String(input.value || "").replace(",", "."));
    return isFinite(value) ? value : null;
  }

  // A canvas grid: tile edges as lines, a finer grid inside, the tile corner's coordinates as a label.
  function gridLayer() {
    var Grid = window.L.GridLayer.extend({
      createTile: function (coords) {
        var size = this.getTileSize();
        var tile = document.createElement("canvas");
        tile.width = size.x;
        tile.height = size.y;
        var ctx = tile.getContext("2d");
        ctx.fillStyle = "#f4f6f8";
        ctx.fillRect(0, 0, size.x, size.y);
        ctx.strokeStyle = "#dfe3e8";
        ctx.lineWidth = 1;
        for (var i = 1; i < 4; i++) {
          ctx.beginPath();
          ctx.moveTo((size.x * i) / 4 + 0.5, 0);
          ctx.lineTo((size.x * i) / 4 + 0.5, size.y);
          ctx.moveTo(0, (size.y * i) / 4 + 0.5);
          ctx.lineTo(size.x, (size.y * i) / 4 + 0.5);
          ctx.stroke();
        }
        ctx.strokeStyle = "#adb5bd";
        ctx.strokeRect(0.5, 0.5, size.x, size.y);
        var corner = this._map.unproject(coords.scaleBy(size), coords.z);
        ctx.fillStyle = "#6c757d";
        ctx.font = "11px sans-serif";
        ctx.fillText(corner.lat.toFixed(4), 4, 13);
        ctx.fillText(corner.lng.toFixed(4), 4, 26);
        return tile;
      },
    });
    return new Grid({ zIndex: 0 });
  }

  function setup(box) {
    var L = window.L;
    var lat = document.querySelector(box.dataset.lat);
    var lng = document.querySelector(box.dataset.lng);
    var status = box.querySelector("[data-map-status]");
    if (!L || !lat || !lng) { return; }
    box.hidden = false;
    var center = (box.dataset.center || "39.9288,116.4164").split(",").map(Number);
    var maxZoom = parseInt(box.dataset.maxZoom, 10) || 18;
    var map = L.map(box.querySelector(".map-picker-canvas"), {
      center: center,
      zoom: parseInt(box.dataset.zoom, 10) || 14,
      maxZoom: maxZoom,
      attributionControl: false,
    });
    gridLayer().addTo(map);
    if (box.dataset.tileUrl) {
      L.control.attribution({ prefix: false }).addAttribution(escapeHtml(box.dataset.attribution || "")).addTo(map);
      var failed = false;
      L.tileLayer(box.dataset.tileUrl, { subdomains: box.dataset.subdomains || "abc", maxZoom: maxZoom, zIndex: 1 })
        .on("tileerror", function () {
          if (!failed && status) { status.textContent = box.dataset.msgTilesFailed || ""; }
          failed = true;
        })
        .addTo(map);
    } else if (status) {
      status.textContent = box.dataset.msgGrid || "";
    }
    var pin = L.divIcon({ className: "map-pin", html: '<i class="bi bi-geo-alt-fill"></i>', iconSize: [32, 32], iconAnchor: [16, 30] });
    var marker = null;

    function fill(point) {
      lat.value = point.lat.toFixed(6);
      lng.value = point.lng.toFixed(6);
      [lat, lng].forEach(function (input) {
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
    }

    function place(point) {
      if (marker) {
        marker.setLatLng(point);
        return;
      }
      marker = L.marker(point, { draggable: true, icon: pin, keyboard: true, title: box.getAttribute("aria-label") || "" }).addTo(map);
      marker.on("dragend", function () { fill(marker.getLatLng()); });
    }

    function fromInputs() {
      var a = number(lat), b = number(lng);
      if (a === null || b === null || Math.abs(a) > 90 || Math.abs(b) > 180) { return; }
      place(L.latLng(a, b));
      map.setView([a, b], Math.max(map.getZoom(), 16));
    }

    map.on("click", function (event) {
      place(event.latlng);
      fill(event.latlng);
    });
    map.on("keypress", function (event) { // keyboard: pan with the arrows, Enter places the pin at the centre
      if (event.originalEvent.key === "Enter") {
        place(map.getCenter());
        fill(map.getCenter());
      }
    });
    [lat, lng].forEach(function (input) { input.addEventListener("change", fromInputs); });
    fromInputs();
  }

  document.querySelectorAll("[data-map-picker]").forEach(setup);
})();
