/* The atlas map: country boundaries coloured by the filtered figures, authorities as clustered markers,
   and lines from a French authority to its partners. Reads its URLs from the map element's data- attributes
   (the CSP allows no inline script). Without a tile server, the boundaries alone are drawn. */
(function () {
  "use strict";
  var element = document.getElementById("atlas-map");
  if (!element || !window.L || !window.topojson) {
    return;
  }
  var data = element.dataset;
  var COLOURS = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];
  var map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([25, 10], 2);
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
  }
  var byNumeric = {};
  var boundaries = null;
  var links = L.layerGroup().addTo(map);

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + url);
      }
      return response.json();
    });
  }

  // Names come from the data: give Leaflet text nodes, never HTML strings.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  function metric() {
    var checked = document.querySelector('input[name="metric"]:checked');
    return checked ? checked.value : "partnerships";
  }

  function thresholds(values) {
    var sorted = values.filter(function (v) { return v > 0; }).sort(function (a, b) { return a - b; });
    if (!sorted.length) {
      return [];
    }
    var limits = [0.25, 0.5, 0.75].map(function (q) { return sorted[Math.floor(q * (sorted.length - 1))]; });
    return limits.filter(function (limit, index) { return limits.indexOf(limit) === index; });
  }

  // Class 0 is "none"; then one class per limit and one above the last (at most four).
  function classOf(value, limits) {
    if (!value) {
      return 0;
    }
    var index = 1;
    limits.forEach(function (limit) {
      if (value > limit) {
        index += 1;
      }
    });
    return Math.min(index, COLOURS.length - 1);
  }

  function drawLegend(limits) {
    var legend = document.getElementById("map-legend");
    if (!legend) {
      return;
    }
    legend.textContent = "";
    var labels = ["0"].concat(limits.map(function (limit) { return "≤ " + limit; }));
    if (limits.length) {
      labels.push("> " + limits[limits.length - 1]);
    }
    labels.forEach(function (label, index) {
      var line = document.createElement("div");
      var swatch = document.createElement("span");
      swatch.className = "atlas-legend-swatch atlas-legend-" + index;
      line.appendChild(swatch);
      line.appendChild(document.createTextNode(label));
      legend.appendChild(line);
    });
  }

  function restyle() {
    if (!boundaries) {
      return;
    }
    var key = metric();
    var limits = thresholds(Object.keys(byNumeric).map(function (k) { return byNumeric[k][key]; }));
    boundaries.setStyle(function (feature) {
      var row = byNumeric[feature.id];
      return {
        weight: 0.6,
        color: "#6c757d",
        fillOpacity: 0.8,
        fillColor: COLOURS[classOf(row ? row[key] : 0, limits)],
      };
    });
    drawLegend(limits.map(function (v) { return Math.round(v).toLocaleString(); }));
  }

  function describe(row) {
    return row.name + ": " + row.partnerships + " " + (data.labelPartnerships || "partnerships") + ", " +
      row.projects + " " + (data.labelProjects || "projects") + ", " +
      Math.round(row.amount).toLocaleString() + " " + (data.labelAmount || "€");
  }

  function showLinks(code) {
    links.clearLayers();
    var panel = document.getElementById("map-links");
    if (panel) {
      panel.textContent = "";
    }
    if (!code) {
      return;
    }
    var separator = data.linksUrl.indexOf("?") === -1 ? "?" : "&";
    var answered = getJSON(data.linksUrl + separator + "authority=" + encodeURIComponent(code));
    Promise.all([answered, boundariesLoaded]).then(function (both) {
      var answer = both[0];
      var origin = answer.authority;
      var list = document.createElement("ul");
      answer.partners.forEach(function (partner) {
        var exact = partner.lat !== null;
        var position = exact ? [partner.lat, partner.lon] : countryCentre(partner.country_numeric);
        if (origin.lat !== null && position) {
          // A partner placed in its country (no position of its own) is drawn dashed, and says so.
          var label = exact ? partner.name : partner.name + " — " + (data.labelApproximate || "approximate position");
          L.polyline([[origin.lat, origin.lon], position], {
            color: "#d63384", weight: 2, dashArray: exact ? null : "6 6",
          }).bindTooltip(text(label)).addTo(links);
          L.circleMarker(position, { radius: 5, color: "#d63384", dashArray: exact ? null : "3 3" })
            .bindTooltip(text(label))
            .addTo(links);
        }
        var item = document.createElement("li");
        var anchor = document.createElement("a");
        anchor.href = data.sheetUrl.replace("CODE", encodeURIComponent(partner.code));
        anchor.textContent = partner.name + " (" + partner.country + ")";
        item.appendChild(anchor);
        list.appendChild(item);
      });
      if (origin.lat !== null) {
        L.circleMarker([origin.lat, origin.lon], { radius: 7, color: "#0d6efd", fillOpacity: 0.9 })
          .bindTooltip(text(origin.name))
          .addTo(links);
      }
      if (panel) {
        var title = document.createElement("p");
        title.className = "fw-bold mb-1";
        title.textContent = origin.name;
        panel.appendChild(title);
        panel.appendChild(list);
      }
      var layers = links.getLayers();
      if (layers.length > 1) {
        map.fitBounds(L.featureGroup(layers).getBounds(), { padding: [20, 20], maxZoom: 6 });
      }
    }).catch(function () { /* the list stays empty */ });
  }

  // A ring that crosses the antimeridian jumps from 180° to -180°; drawn flat, that jump is a stripe across the
  // whole map. Shifting the points after the jump by 360° keeps the ring in one piece (Chukotka, Fiji reach past
  // 180°, which the map shows as it shows any longitude).
  function unwrapRing(ring) {
    var previous = null;
    return ring.map(function (point) {
      var longitude = point[0];
      if (previous !== null) {
        while (longitude - previous > 180) { longitude -= 360; }
        while (longitude - previous < -180) { longitude += 360; }
      }
      previous = longitude;
      return [longitude, point[1]];
    });
  }

  function unwrap(geometry) {
    if (geometry.type === "Polygon") {
      geometry.coordinates = geometry.coordinates.map(unwrapRing);
    } else if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map(function (polygon) { return polygon.map(unwrapRing); });
    }
  }

  var ANTARCTICA = "010";  // a ring around the pole, which a flat map cannot draw; no authority cooperates there

  // The middle of a country's largest piece (mainland France, not Réunion), from the boundaries drawn.
  function countryCentre(numeric) {
    if (!boundaries || !numeric) {
      return null;
    }
    var best = null;
    boundaries.eachLayer(function (layer) {
      if (layer.feature.id !== numeric) {
        return;
      }
      var geometry = layer.feature.geometry;
      var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      polygons.forEach(function (polygon) {
        var bounds = L.geoJSON({ type: "Polygon", coordinates: polygon }).getBounds();
        var size = (bounds.getEast() - bounds.getWest()) * (bounds.getNorth() - bounds.getSouth());
        if (!best || size > best.size) {
          best = { size: size, centre: bounds.getCenter() };
        }
      });
    });
    return best ? [best.centre.lat, best.centre.lng] : null;
  }

  var boundariesLoaded = getJSON(data.boundariesUrl).then(function (topology) {
    var countries = topojson.feature(topology, topology.objects.countries);
    countries.features = countries.features.filter(function (feature) {
      if (feature.geometry) { unwrap(feature.geometry); }
      return feature.id !== ANTARCTICA && feature.geometry;
    });
    boundaries = L.geoJSON(countries, {
      style: { weight: 0.6, color: "#6c757d", fillColor: COLOURS[0], fillOpacity: 0.8 },
      onEachFeature: function (feature, layer) {
        layer.on("click", function () {
          var row = byNumeric[feature.id];
          layer.bindPopup(text(row ? describe(row) : feature.properties.name)).openPopup();
        });
      },
    }).addTo(map);
    boundaries.bringToBack();
    restyle();
  }).catch(function () { /* no boundaries: the tiles, if any, still show; partners without a position are not drawn */ });

  if (data.countriesUrl) {
    getJSON(data.countriesUrl).then(function (answer) {
      answer.countries.forEach(function (row) {
        if (row.numeric) {
          byNumeric[row.numeric] = row;
        }
      });
      restyle();
    });
  }

  if (data.authoritiesUrl && L.markerClusterGroup) {
    getJSON(data.authoritiesUrl).then(function (answer) {
      var cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
      var select = document.getElementById("authority-select");
      answer.authorities.forEach(function (m) {
        // [code, name, lat, lon, french, partnerships, projects]
        var marker = L.circleMarker([m[2], m[3]], {
          radius: 6,
          color: m[4] ? "#0d6efd" : "#198754",
          fillOpacity: 0.7,
        }).bindTooltip(text(m[1]));
        if (m[4]) {
          marker.on("click", function () {
            if (select) {
              select.value = m[0];
            }
            showLinks(m[0]);
          });
        }
        cluster.addLayer(marker);
      });
      map.addLayer(cluster);
      // Open on where the selection is (New Caledonia and Saint-Martin included), unless a French authority's
      // partners are about to be shown, which fits the map to them.
      if (!data.authority && answer.authorities.length) {
        map.fitBounds(cluster.getBounds(), { padding: [30, 30], maxZoom: 5 });
      }
      if (select) {
        answer.authorities.filter(function (m) { return m[4]; })
          .sort(function (a, b) { return a[1].localeCompare(b[1]); })
          .forEach(function (m) {
            var option = document.createElement("option");
            option.value = m[0];
            option.textContent = m[1];
            select.appendChild(option);
          });
      }
    });
  }

  var select = document.getElementById("authority-select");
  if (select) {
    select.addEventListener("change", function () { showLinks(select.value); });
  }
  document.querySelectorAll('input[name="metric"]').forEach(function (input) {
    input.addEventListener("change", restyle);
  });
  if (data.authority) {
    showLinks(data.authority);
  }
})();
