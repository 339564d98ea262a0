/*
 * Corridor Atlas browser map: the dataset's files (carto/weblayer.py) read into the map's layers:
 * the main JSON, the binary levels of detail, and the symbols and formats built from them.
 */
(function () {
  "use strict";

  var A = window.AtlasMap.internals;
  var AtlasView = A.AtlasView;
  var fetchFile = A.fetchFile;
  var fold = A.fold;
  var el = A.el;
  var symbolSvg = A.symbolSvg;

  /** Decode one line of geo/weblayer.encode_lines into Leaflet lat/lng arrays, one per part. */
  function decodeParts(parts, unit) {
    return parts.map(function (flat) {
      var latlngs = new Array(flat.length / 2);
      var x = 0,
        y = 0;
      for (var i = 0, j = 0; i < flat.length; i += 2, j++) {
        x += flat[i];
        y += flat[i + 1];
        latlngs[j] = L.latLng(y * unit, x * unit);
      }
      return latlngs;
    });
  }

  /** A binary level file of geo/weblayer.encode_level: header, part and value offsets, delta-coded int32 x/y. */
  function parseLevel(buffer) {
    var view = new DataView(buffer);
    var magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
    if (magic !== "CAL1") throw new Error("map lines: not a level file");
    var lines = view.getUint32(4, true),
      parts = view.getUint32(8, true),
      count = view.getUint32(12, true);
    var level = { unit: view.getFloat64(16, true), lines: lines };
    var offset = 24;
    level.linePartStart = new Uint32Array(buffer, offset, lines + 1);
    offset += 4 * (lines + 1);
    level.partValueStart = new Uint32Array(buffer, offset, parts + 1);
    offset += 4 * (parts + 1);
    level.values = new Int32Array(buffer, offset, count);
    return level;
  }

  /** One line of a level as Leaflet lat/lng arrays, one per part. */
  function levelLine(level, index) {
    var parts = [];
    var values = level.values,
      unit = level.unit;
    for (var p = level.linePartStart[index]; p < level.linePartStart[index + 1]; p++) {
      var start = level.partValueStart[p],
        end = level.partValueStart[p + 1];
      var latlngs = new Array((end - start) / 2);
      var x = 0,
        y = 0;
      for (var i = start, j = 0; i < end; i += 2, j++) {
        x += values[i];
        y += values[i + 1];
        latlngs[j] = L.latLng(y * unit, x * unit);
      }
      parts.push(latlngs);
    }
    return parts;
  }

  // ---------------------------------------------------------------- data

  AtlasView.prototype.loadData = function (url) {
    var self = this;
    this.dataUrl = url;
    this.container.dataset.ready = "0";
    return fetchFile(this.config.dataBase + url)
      .then(function (response) {
        if (!response.ok) throw new Error("map data: HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (url !== self.dataUrl) return;
        if (data.version !== 1) throw new Error("map data: unknown version " + data.version);
        self._setData(data);
        return self._ensureLevel(true);
      })
      .catch(function (error) {
        console.error(error);
        self.container.dataset.ready = "error";
      });
  };

  AtlasView.prototype._setData = function (data) {
    var byId = Object.create(null);
    data.entities.forEach(function (entity) {
      // attributes at their default are left out of the file
      entity.aliases = entity.aliases || [];
      entity.countries = entity.countries || [];
      entity.refs = entity.refs || [];
      entity.label = entity.label || entity.name;
      entity.status = entity.status === undefined ? null : entity.status;
      entity.point = !!entity.point;
      byId[entity.id] = entity;
      entity.foldedNames = [fold(entity.name), fold(entity.id)].concat(entity.aliases.map(fold));
    });
    var lineIds = Object.create(null);
    data.legs.forEach(function (leg, index) {
      leg.index = index;
      leg.path = leg.path || [];
      leg.user = !!leg.user;
      leg.shownStatus = leg.status;
      lineIds[leg.corridor] = true;
    });
    data.byId = byId;
    data.lineIds = lineIds;
    data.levelZooms = Object.keys(data.levels)
      .filter(function (k) {
        return k !== "max";
      })
      .map(Number)
      .sort(function (a, b) {
        return a - b;
      });
    this.data = data;
    this.legLayers = null;
    this.levelKey = null;
    this.legIndex = null;
    this._buildSymbols();
    this._buildFormats();
  };

  /** The level of detail that suits the current zoom (its key in data.levels). */
  AtlasView.prototype._levelForZoom = function () {
    var zoom = this.map.getZoom();
    var zooms = this.data.levelZooms;
    for (var i = 0; i < zooms.length; i++) if (zoom <= zooms[i]) return String(zooms[i]);
    return "max";
  };

  AtlasView.prototype._ensureLevel = function (force) {
    var self = this;
    if (!this.data) return Promise.resolve();
    var key = this._levelForZoom();
    if (key === this.levelKey && !force) return Promise.resolve();
    var url = this.data.levels[key];
    var dataUrl = this.dataUrl;
    var cached = this.levelCache[url];
    var loading = cached
      ? Promise.resolve(cached)
      : fetchFile(this.config.dataBase + url)
          .then(function (response) {
            if (!response.ok) throw new Error("map lines: HTTP " + response.status);
            return response.arrayBuffer();
          })
          .then(function (buffer) {
            var level = parseLevel(buffer);
            self.levelCache[url] = level;
            return level;
          });
    return loading
      .then(function (level) {
        if (dataUrl !== self.dataUrl) return;
        self.levelKey = key;
        self._drawLegs(level);
        self.levelToleranceDeg = level.unit * 10;
        self._indexLegs(self.levelToleranceDeg);
        self.container.dataset.level = key;
        self.apply();
        self.container.dataset.ready = "1";
      })
      .catch(function (error) {
        console.error(error);
        self.container.dataset.ready = "error";
      });
  };

  /** A leg's tooltip: corridor, branch, mode, status (on the "as of" date) and length. */
  AtlasView.prototype._legTip = function (leg) {
    var corridor = this.data.byId[leg.corridor];
    var status = leg.shownStatus || leg.status;
    var label = status;
    this.config.statuses.forEach(function (s) {
      if (s.key === status) label = s.label;
    });
    return (
      (corridor ? corridor.name : leg.corridor) +
      " — " +
      (leg.branch || "user layer") +
      ": " +
      this.styles.modes[leg.mode].label.toLowerCase() +
      ", " +
      String(label).toLowerCase() +
      (leg.km !== undefined ? ", " + leg.km.toLocaleString("en") + " km" : "") +
      (this.args.as_of ? " (on " + this.args.as_of + ")" : "")
    );
  };

  /** Each leg's extent (from its drawn line) in a spatial index, for clicks on canvas lines and for focus. */
  AtlasView.prototype._indexLegs = function (pad) {
    var items = this.data.legs.map(function (leg) {
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      leg.latlngs.forEach(function (part) {
        part.forEach(function (p) {
          if (p.lng < minX) minX = p.lng;
          if (p.lng > maxX) maxX = p.lng;
          if (p.lat < minY) minY = p.lat;
          if (p.lat > maxY) maxY = p.lat;
        });
      });
      // a simplified level may cut corners by up to its tolerance: pad by as much
      leg.bbox = [minX - pad, minY - pad, maxX + pad, maxY + pad];
      return { minX: leg.bbox[0], minY: leg.bbox[1], maxX: leg.bbox[2], maxY: leg.bbox[3], leg: leg };
    });
    this.legIndex = new RBush();
    this.legIndex.load(items);
  };

  AtlasView.prototype._drawLegs = function (level) {
    var self = this;
    var first = !this.legLayers;
    if (first) {
      this.layers.legs.clearLayers();
      this.layers.casing.clearLayers();
      this.layers.user.clearLayers();
      this.legLayers = [];
    }
    this.data.legs.forEach(function (leg, index) {
      var latlngs = levelLine(level, index);
      leg.latlngs = latlngs;
      if (!first) {
        self.legLayers[index].line.setLatLngs(latlngs);
        if (self.legLayers[index].casing) self.legLayers[index].casing.setLatLngs(latlngs);
        return;
      }
      var style = self.styles.legs[leg.mode + "/" + leg.status];
      var entry = { leg: leg, casing: null };
      if (leg.user) {
        entry.line = L.polyline(latlngs, L.extend({}, style, { renderer: self.userRenderer, interactive: false, pane: "ca-user" }));
      } else {
        var casing = self.styles.modes[leg.mode].casing;
        if (casing) {
          entry.casing = L.polyline(latlngs, {
            color: casing,
            weight: style.weight + 3,
            opacity: 0.9,
            interactive: false,
            pane: "ca-casing",
            renderer: self.casingRenderer,
          });
        }
        entry.line = L.polyline(
          latlngs,
          L.extend({}, style, { className: "ca-leg ca-mode-" + leg.mode + " ca-status-" + leg.status })
        );
        entry.line.bindTooltip(
          function () {
            return el("span", null, self._legTip(leg));
          },
          { sticky: true }
        );
        entry.line.on("click", function (event) {
          L.DomEvent.stopPropagation(event);
          self.select(leg.corridor);
        });
        entry.line.on("mouseover", function () {
          entry.line.setStyle({ weight: style.weight + 2, opacity: 1.0 });
        });
        entry.line.on("mouseout", function () {
          self._styleLeg(entry, true);
        });
      }
      entry.shown = false;
      entry.dim = false;
      self.legLayers.push(entry);
    });
  };

  AtlasView.prototype._buildSymbols = function () {
    var self = this;
    this.layers.symbols.clearLayers();
    this.layers.halos.clearLayers();
    this.symbolLayers = Object.create(null);
    this.data.entities.forEach(function (entity) {
      if (!entity.point) return;
      var entry = { entity: entity, marker: null, halo: null };
      var latlng = L.latLng(entity.lat, entity.lon);
      if (entity.halo) {
        entry.halo = L.circleMarker(latlng, {
          radius: entity.halo,
          color: "#6b6b6b",
          weight: 1,
          dashArray: "3 2",
          fill: true,
          fillOpacity: 0.05,
          opacity: 0.7,
          interactive: false,
          pane: "ca-halo",
          className: "ca-halo",
        });
      }
      if (entity.shape !== "none") {
        var size = entity.size;
        var holder = el("div");
        holder.appendChild(symbolSvg(entity.shape, entity.fill, size));
        entry.marker = L.marker(latlng, {
          icon: L.divIcon({
            html: holder.innerHTML,
            iconSize: [Math.round(size) + 2, Math.round(size) + 2],
            iconAnchor: [Math.round(size / 2) + 1, Math.round(size / 2) + 1],
            className: "ca-symbol ca-kind-" + String(entity.kind).replace(/[^a-z0-9-]/gi, "_"),
          }),
          keyboard: false,
        });
        entry.marker.bindTooltip(el("span", null, entity.tip), { direction: "top", offset: [0, -size / 2] });
        entry.marker.on("click", function () {
          self.select(entity.id);
        });
        entry.marker.on("add", function () {
          var icon = entry.marker.getElement();
          if (icon) icon.dataset.key = entity.id;
        });
      }
      entry.shown = false;
      self.symbolLayers[entity.id] = entry;
    });
  };

  AtlasView.prototype._buildFormats = function () {
    var self = this;
    var unit = this.config.coordinateUnit;
    this.layers.formats.clearLayers();
    this.formatLayers = Object.create(null);
    this.data.entities.forEach(function (entity) {
      if (!entity.format_line) return;
      var line = L.polyline(decodeParts(entity.format_line, unit), {
        color: self.styles.format.colour,
        weight: self.styles.format.width,
        dashArray: self.styles.format.dash,
        opacity: 0.8,
        className: "ca-format",
      });
      line.bindTooltip(el("span", null, entity.tip));
      self.formatLayers[entity.id] = line;
    });
  };

})();
