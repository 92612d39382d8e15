// The sites map (dashboard/map.html): Leaflet layers of points from map/points.json, each a link to its record;
// tiles from MAP_TILE_URL, or, when none are configured or they fail, a coordinate grid drawn here, so the map
// works without any network. "Sites near me" asks the phone for its position and lists the nearest sites.
(function () {
  "use strict";
  var STYLE = {
    active: { color: "#198754" },
    major: { color: "#dc3545" },
    stopped: { color: "#212529" },
    leads: { color: "#fd7e14" },
    reports: { color: "#6f42c1" },
    heat: { color: "#dc3545" },
  };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

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

  function start() {
    var box = document.querySelector("[data-sites-map]");
    if (!box || !window.L) return;
    var L = window.L;
    var status = box.querySelector("[data-map-status]");
    var center = (box.dataset.center || "39.9288,116.4164").split(",").map(Number);
    var map = L.map(box.querySelector(".sites-map"), { preferCanvas: true }).setView(center, Number(box.dataset.zoom || 14));
    gridLayer().addTo(map);
    if (box.dataset.tileUrl) {
      var tiles = L.tileLayer(box.dataset.tileUrl, {
        attribution: box.dataset.attribution || "",
        subdomains: box.dataset.subdomains || "abc",
        maxZoom: Number(box.dataset.maxZoom || 18),
      });
      var failed = 0;
      tiles.on("tileerror", function () {
        failed += 1;
        if (failed === 3) status.textContent = box.dataset.msgTilesFailed;
      });
      tiles.addTo(map);
    } else {
      status.textContent = box.dataset.msgGrid;
    }
    var control = L.control.layers(null, null, { collapsed: window.innerWidth < 576 }).addTo(map);
    var table = document.querySelector("[data-layer-table]");
    fetch(box.dataset.points, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json();
      })
      .then(function (data) {
        var bounds = [];
        Object.keys(data.layers).forEach(function (key) {
          var layer = data.layers[key];
          var style = STYLE[key] || STYLE.active;
          var group = L.layerGroup();
          var max = 1;
          layer.points.forEach(function (p) {
            if (p.n && p.n > max) max = p.n;
          });
          layer.points.forEach(function (p) {
            if (p.lat === null || p.lng === null) return;
            var marker;
            if (key === "heat") {
              var share = Math.sqrt((p.n || 1) / max);
              marker = L.circleMarker([p.lat, p.lng], {
                radius: 6 + 18 * share, stroke: false, fillColor: style.color, fillOpacity: 0.12 + 0.4 * share,
              });
            } else {
              marker = L.circleMarker([p.lat, p.lng], {
                radius: 6, color: "#fff", weight: 1, fillColor: style.color, fillOpacity: 0.9,
              });
              bounds.push([p.lat, p.lng]);
            }
            marker.bindPopup('<a href="' + escapeHtml(p.url) + '">' + escapeHtml(p.title) + "</a>" + (p.n ? " · " + p.n : ""));
            marker.addTo(group);
          });
          var label = '<span class="map-legend-dot map-dot-' + key + '"></span> ' + escapeHtml(layer.label) + " (" + layer.points.length + ")";
          control.addOverlay(group, label);
          if (key !== "heat") group.addTo(map);
          var item = document.createElement("li");
          item.className = "list-group-item d-flex gap-2";
          item.setAttribute("data-layer", key);
          item.innerHTML = label + (layer.cut ? ' <span class="text-muted ms-auto">' + escapeHtml(box.dataset.msgCut) + "</span>" : "");
          table.appendChild(item);
        });
        if (bounds.length) map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] });
        box.setAttribute("data-loaded", "1");
      });

    var near = document.querySelector("[data-near-me]");
    var list = document.querySelector("[data-near-list]");
    near.addEventListener("click", function () {
      if (!navigator.geolocation) {
        status.textContent = box.dataset.msgNoPosition;
        return;
      }
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          var lat = pos.coords.latitude, lng = pos.coords.longitude;
          map.setView([lat, lng], 15);
          L.circleMarker([lat, lng], { radius: 8, color: "#0d6efd", fillOpacity: 0.6 }).addTo(map);
          fetch(box.dataset.near + "?lat=" + lat + "&lng=" + lng, { credentials: "same-origin" })
            .then(function (r) {
              return r.json();
            })
            .then(function (data) {
              var ul = list.querySelector("ul");
              ul.innerHTML = "";
              list.classList.remove("d-none");
              if (!data.sites || !data.sites.length) {
                ul.innerHTML = '<li class="list-group-item text-muted">' + escapeHtml(box.dataset.msgNoneNear) + "</li>";
                return;
              }
              data.sites.forEach(function (s) {
                var li = document.createElement("li");
                li.className = "list-group-item d-flex gap-2 align-items-center";
                li.innerHTML = '<a class="me-auto" href="' + escapeHtml(s.url) + '">' + escapeHtml(s.name) + '</a><span class="text-muted">' + s.km.toFixed(2) + ' km</span><a class="btn btn-sm btn-outline-primary" href="' + escapeHtml(s.inspect) + '">' + escapeHtml(box.dataset.msgInspect) + "</a>";
                ul.appendChild(li);
              });
            });
        },
        function () {
          status.textContent = box.dataset.msgNoPosition;
        },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
