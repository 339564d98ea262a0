/*
 * Corridor Atlas browser map: layers kept in the database, drawn from vector tiles (corridors/layerstore.py).
 *
 * Each layer is a Leaflet GridLayer of canvas tiles. A tile is fetched once per zoom and position, decoded with
 * @mapbox/vector-tile (static/vendor/vector-tile.min.js) into flat pixel arrays, and drawn with the same leg styles
 * as the catalog's lines. A filter or focus change redraws the tiles already held; nothing is fetched again.
 * Tiles carry no names: a click on a line asks the server what it is, and the answer is shown as text.
 */
(function () {
  "use strict";

  var A = window.AtlasMap.internals;
  var AtlasView = A.AtlasView;
  var fetchFile = A.fetchFile;
  var setOf = A.setOf;
  var fold = A.fold;
  var el = A.el;

  var CLICK_TOLERANCE_PX = 6;
  // A layer of more features than this is drawn in 1-px lines up to THIN_MAX_ZOOM: thousands of lines at their
  // full width only fill the map, and thin lines are many times faster to paint without a GPU.
  var DENSE_FEATURES = 2000;
  var THIN_MAX_ZOOM = 9;
  var POINT_RADIUS_PX = 3;
  // MVT geometry types
  var POINT = 1,
    POLYGON = 3;

  /** A file the app's server answers, by its ``path`` below the server's root (the component's page is two
   *  levels below it); a standalone export embeds the ones its frame shows under the same path. */
  function fetchServerFile(path) {
    if (window.AtlasMapFiles) {
      // a standalone export: what it holds, and nothing from a server
      if (window.AtlasMapFiles[path] !== undefined) return fetchFile(path);
      return Promise.resolve(new Response(null, { status: 404 }));
    }
    return fetch(new URL(path, new URL("../../", window.location.href)).href);
  }

  /** A decoded tile: per feature its fid, type, style properties and parts as flat [x0, y0, x1, y1, …] in tile pixels. */
  function decodeTile(buffer, tileSize) {
    var tile = new window.AtlasVectorTile.VectorTile(new window.AtlasVectorTile.Pbf(new Uint8Array(buffer)));
    var layer = tile.layers.features;
    var features = [];
    if (!layer) return features;
    var scale = tileSize / layer.extent;
    for (var i = 0; i < layer.length; i++) {
      var feature = layer.feature(i);
      var parts = feature.loadGeometry().map(function (ring) {
        var flat = new Float32Array(ring.length * 2);
        for (var k = 0; k < ring.length; k++) {
          flat[2 * k] = ring[k].x * scale;
          flat[2 * k + 1] = ring[k].y * scale;
        }
        return flat;
      });
      var p = feature.properties;
      features.push({
        fid: feature.id,
        type: feature.type,
        mode: p.mode || "road",
        status: p.status || "operating",
        kind: p.kind || "corridor",
        parts: parts,
      });
    }
    return features;
  }

  function traceParts(ctx, parts, type, ratio) {
    parts.forEach(function (flat) {
      if (type === POINT) {
        for (var k = 0; k < flat.length; k += 2) {
          ctx.moveTo((flat[k] + POINT_RADIUS_PX) * ratio, flat[k + 1] * ratio);
          ctx.arc(flat[k] * ratio, flat[k + 1] * ratio, POINT_RADIUS_PX * ratio, 0, 2 * Math.PI);
        }
        return;
      }
      ctx.moveTo(flat[0] * ratio, flat[1] * ratio);
      for (var j = 2; j < flat.length; j += 2) ctx.lineTo(flat[j] * ratio, flat[j + 1] * ratio);
      if (type === POLYGON) ctx.closePath();
    });
  }

  var DatabaseLayer = L.GridLayer.extend({
    initialize: function (view, spec, options) {
      this.view = view;
      this.spec = spec;
      this.held = Object.create(null); // tile key → {canvas, features, coords}
      L.GridLayer.prototype.initialize.call(this, options);
      this.on("tileunload", function (event) {
        delete this.held[this._tileCoordsToKey(event.coords)];
      });
    },

    createTile: function (coords, done) {
      var canvas = L.DomUtil.create("canvas", "ca-db-tile");
      var size = this.getTileSize();
      var ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(size.x * ratio);
      canvas.height = Math.round(size.y * ratio);
      var key = this._tileCoordsToKey(coords);
      var self = this;
      var path = this.spec.tiles.replace("{z}", coords.z).replace("{x}", coords.x).replace("{y}", coords.y);
      this.view._tileLoading(1);
      fetchServerFile(path)
        .then(function (response) {
          if (response.status === 404 && window.AtlasMapFiles) return new ArrayBuffer(0); // outside an export's frame
          if (!response.ok) throw new Error("layer " + self.spec.name + ": tile HTTP " + response.status);
          return response.arrayBuffer();
        })
        .then(function (buffer) {
          self._drawSoon(function () {
            var entry = { canvas: canvas, coords: coords, features: decodeTile(buffer, size.x), ratio: ratio };
            self.held[key] = entry;
            self.drawTile(entry);
            done(null, canvas);
            self.view._tileLoading(-1);
          });
        })
        .catch(function (error) {
          console.error(error);
          self.view.container.dataset.tileErrors = String(Number(self.view.container.dataset.tileErrors || 0) + 1);
          done(error, canvas);
          self.view._tileLoading(-1);
        });
      return canvas;
    },

    /** Run ``draw`` in the next animation frame, with every other tile that arrived meanwhile: the page is
     *  painted once for all of them, not once per tile (a paint of the whole map is slow without a GPU). */
    _drawSoon: function (draw) {
      var self = this;
      if (!this._arrived) {
        this._arrived = [];
        L.Util.requestAnimFrame(function () {
          var arrived = self._arrived;
          self._arrived = null;
          arrived.forEach(function (run) {
            run();
          });
        });
      }
      this._arrived.push(draw);
    },

    /** Draw one held tile as the view's filters and focus say: one stroke per style. */
    drawTile: function (entry) {
      var view = this.view;
      var ctx = entry.canvas.getContext("2d");
      var ratio = entry.ratio;
      ctx.clearRect(0, 0, entry.canvas.width, entry.canvas.height);
      var groups = Object.create(null);
      var shown = 0;
      entry.drawnKeys = Object.create(null);
      entry.features.forEach(function (feature) {
        if (!view._databaseFeatureShown(feature)) return;
        var key = feature.mode + "/" + feature.status;
        (groups[key] = groups[key] || []).push(feature);
        entry.drawnKeys[key] = true;
        shown++;
      });
      var dimmed = !!view.focus;
      var thin = this.spec.features > DENSE_FEATURES && entry.coords.z <= THIN_MAX_ZOOM;
      // styles in one order in every tile (operating lines last, on top), so that where lines are dense no
      // tile's colour comes out on top of its neighbours' and the tile grid never shows
      view._styleOrder(Object.keys(groups)).forEach(function (key) {
        var style = view.styles.legs[key] || view.styles.legs["road/operating"];
        ctx.globalAlpha = dimmed ? view.styles.dimmed : style.opacity;
        ctx.strokeStyle = style.color;
        ctx.fillStyle = style.color;
        ctx.lineWidth = (thin ? 1 : style.weight) * ratio;
        ctx.lineCap = style.lineCap || "butt";
        ctx.lineJoin = thin ? "miter" : "round";
        ctx.setLineDash(
          style.dashArray
            ? style.dashArray.split(/[ ,]+/).map(function (v) {
                return Number(v) * ratio;
              })
            : []
        );
        // a path per line (one path of thousands of crossing lines is slower to stroke), then one for the points
        groups[key].forEach(function (feature) {
          if (feature.type === POINT) return;
          ctx.beginPath();
          traceParts(ctx, feature.parts, feature.type, ratio);
          ctx.stroke();
        });
        ctx.beginPath();
        groups[key].forEach(function (feature) {
          if (feature.type === POINT) traceParts(ctx, feature.parts, POINT, ratio);
        });
        ctx.fill();
      });
      entry.shown = shown;
      ctx.globalAlpha = 1;
    },

    redraw: function () {
      var self = this;
      Object.keys(this.held).forEach(function (key) {
        self.drawTile(self.held[key]);
      });
    },

    /** The shown feature nearest ``latlng`` within the click tolerance, in the tile under it, or null. */
    featureAt: function (latlng) {
      var map = this._map;
      var zoom = this._tileZoom;
      if (zoom === undefined) return null;
      var size = this.getTileSize();
      var pixel = map.project(latlng, zoom);
      var coords = L.point(Math.floor(pixel.x / size.x), Math.floor(pixel.y / size.y));
      coords.z = zoom;
      var entry = this.held[this._tileCoordsToKey(coords)];
      if (!entry) return null;
      var local = L.point(pixel.x - coords.x * size.x, pixel.y - coords.y * size.y);
      // tolerance in tile pixels: the tile may be drawn scaled while the map is between zoom levels
      var tolerance = CLICK_TOLERANCE_PX / map.getZoomScale(map.getZoom(), zoom);
      var best = null,
        bestDistance = tolerance;
      var view = this.view;
      entry.features.forEach(function (feature) {
        if (!view._databaseFeatureShown(feature)) return;
        feature.parts.forEach(function (flat) {
          for (var k = 0; k + 1 < flat.length; k += 2) {
            var a = L.point(flat[k], flat[k + 1]);
            var d =
              feature.type === POINT || k + 3 >= flat.length
                ? a.distanceTo(local)
                : L.LineUtil.pointToSegmentDistance(local, a, L.point(flat[k + 2], flat[k + 3]));
            if (d < bestDistance) {
              bestDistance = d;
              best = feature;
            }
          }
        });
      });
      return best;
    },
  });

  // ---------------------------------------------------------------- the view's database layers

  /** Whether a database feature passes the filters (it has no countries or name: a search hides it). */
  AtlasView.prototype._databaseFeatureShown = function (feature) {
    var filters = this.args.filters || {};
    if (!this._tileFilter || this._tileFilter.source !== filters) {
      this._tileFilter = {
        source: filters,
        modes: setOf(filters.modes),
        statuses: setOf(filters.statuses),
        kinds: setOf(filters.kinds),
        searching: !!fold(filters.search || "").trim(),
      };
    }
    var f = this._tileFilter;
    return !f.searching && f.modes[feature.mode] && f.statuses[feature.status] && f.kinds[feature.kind];
  };

  AtlasView.prototype._tileLoading = function (change) {
    this.tilesPending = (this.tilesPending || 0) + change;
    if (change > 0) this.tilesRequested = (this.tilesRequested || 0) + change;
    this.container.dataset.tilesPending = String(this.tilesPending);
    this.container.dataset.tilesRequested = String(this.tilesRequested || 0);
    if (!this.tilesPending) this._databaseLayersDrawn();
  };

  AtlasView.prototype._databaseLayersDrawn = function () {
    this._countDatabaseFeatures();
    this._updateLegend();
  };

  /** Count what the database layers draw in view, and in which styles: for the legend and for anyone waiting on
   *  the map (``data-database-features``). */
  AtlasView.prototype._countDatabaseFeatures = function () {
    var drawn = 0;
    var keys = Object.create(null);
    var bounds = this.map.getBounds();
    var thinned = [];
    (this.databaseLayers || []).forEach(function (layer) {
      var share = layer.spec.shares ? layer.spec.shares[layer._tileZoom] : undefined;
      if (share !== undefined && share < 1) thinned.push({ name: layer.spec.name, share: share });
      Object.keys(layer.held).forEach(function (key) {
        var entry = layer.held[key];
        if (!bounds.intersects(layer._tileCoordsToBounds(entry.coords))) return;
        drawn += entry.shown || 0;
        Object.keys(entry.drawnKeys || {}).forEach(function (k) {
          keys[k] = true;
        });
      });
    });
    this.databaseStyleKeys = keys;
    this.databaseThinned = thinned;
    this.container.dataset.databaseFeatures = String(drawn);
  };

  /** Style keys ("mode/status") in drawing order: statuses from the least to the most certain (operating last,
   *  on top), modes in the legend's order within each. */
  AtlasView.prototype._styleOrder = function (keys) {
    var modes = Object.keys(this.styles.modes);
    var statuses = this.config.statuses.map(function (s) {
      return s.key;
    });
    function rank(key) {
      var parts = key.split("/");
      return (statuses.length - statuses.indexOf(parts[1])) * 100 + modes.indexOf(parts[0]);
    }
    return keys.slice().sort(function (a, b) {
      return rank(a) - rank(b);
    });
  };

  /** What decides how held tiles are drawn: the filters and whether something is focused. */
  AtlasView.prototype._databaseDrawKey = function () {
    var filters = this.args.filters || {};
    return JSON.stringify([filters.modes, filters.statuses, filters.kinds, filters.search, !!this.focus]);
  };

  /** Add, keep or remove the database layers the host names (``args.database_layers``). */
  AtlasView.prototype._renderDatabaseLayers = function (specs) {
    var self = this;
    specs = specs || [];
    var wanted = specs
      .map(function (spec) {
        return spec.tiles;
      })
      .join("\n");
    if (wanted !== this.databaseLayersKey) {
      (this.databaseLayers || []).forEach(function (layer) {
        self.map.removeLayer(layer);
      });
      this.databaseLayers = specs.map(function (spec) {
        var b = spec.bounds; // lon_min, lat_min, lon_max, lat_max: no tile is asked for outside them
        return new DatabaseLayer(self, spec, {
          bounds: L.latLngBounds([b[1], b[0]], [b[3], b[2]]).pad(0.01),
          pane: "ca-user",
          minZoom: 0,
          maxNativeZoom: 18,
          keepBuffer: 1,
          updateWhenZooming: false,
          className: "ca-db-layer",
        }).addTo(self.map);
      });
      this.databaseLayersKey = wanted;
      this.databaseDrawKey = this._databaseDrawKey();
      this.container.dataset.databaseLayers = String(specs.length);
      this.container.dataset.tilesPending = String(this.tilesPending || 0);
      this._countDatabaseFeatures();
      return;
    }
    // redraw only when what is drawn changes (a rerun that only reports the view changes nothing)
    var drawKey = this._databaseDrawKey();
    if (drawKey !== this.databaseDrawKey) {
      this.databaseDrawKey = drawKey;
      (this.databaseLayers || []).forEach(function (layer) {
        layer.redraw();
      });
    }
    this._countDatabaseFeatures();
  };

  /** A click on a database feature: ask the server what it is and show it in a popup, as text. */
  AtlasView.prototype._clickDatabaseFeature = function (latlng) {
    var self = this;
    var layers = this.databaseLayers || [];
    for (var i = layers.length - 1; i >= 0; i--) {
      var feature = layers[i].featureAt(latlng);
      if (!feature) continue;
      var spec = layers[i].spec;
      var popup = L.popup({ maxWidth: 320, className: "ca-db-popup" }).setLatLng(latlng);
      var body = el("div", "ca-db-info", "…");
      popup.setContent(body).openOn(this.map);
      fetchServerFile(spec.feature.replace("{fid}", String(feature.fid)))
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (info) {
          while (body.firstChild) body.removeChild(body.firstChild);
          body.appendChild(el("strong", null, info.name));
          var mode = self.styles.modes[info.mode];
          var what = [mode ? mode.label.toLowerCase() : info.kind, info.status].filter(Boolean).join(", ");
          body.appendChild(el("div", null, what));
          body.appendChild(el("div", "ca-db-source", "Layer " + info.layer + " · id " + info.id));
        })
        .catch(function (error) {
          body.textContent = window.AtlasMapFiles
            ? "This exported file does not hold the names of database lines."
            : "Could not look this line up: " + error.message;
        });
      return true;
    }
    return false;
  };
})();
