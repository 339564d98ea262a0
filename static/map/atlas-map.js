/*
 * Corridor Atlas browser map.
 *
 * The page is built by folium (carto/webmap.py); this script attaches to its Leaflet map. Data arrives once as
 * content-addressed JSON (carto/weblayer.py); afterwards the host page sends only the view state (filters, focus).
 * Filtering, focus, the legend and label placement run here, at every zoom, pan and resize.
 *
 * Text from the data is only ever put into the page with textContent or as text nodes: never as HTML.
 */
(function () {
  "use strict";

  var LABEL_PADDING_PX = 3;
  var LABEL_MARGIN_PX = 2;
  var LEADER_STEPS_PX = [0, 14, 30, 50, 75];
  var MAX_PLAIN_LINE_LABELS = 40;
  var CLICK_TOLERANCE_PX = 8;
  var FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";
  var COUNTRY_FONT = "600 11px " + FONT_FAMILY;
  var COUNTRY_LETTER_SPACING_PX = 2;

  // ---------------------------------------------------------------- host page bridge (Streamlit components v1)

  var bridge = {
    onRender: null,
    height: null,
    send: function (type, data) {
      if (window.parent === window) return;
      var message = { isStreamlitMessage: true, type: type };
      for (var key in data) message[key] = data[key];
      window.parent.postMessage(message, "*");
    },
    setHeight: function (height) {
      if (height !== this.height) {
        this.height = height;
        this.send("streamlit:setFrameHeight", { height: height });
      }
    },
    setValue: function (value) {
      this.send("streamlit:setComponentValue", { value: value, dataType: "json" });
    },
  };
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "streamlit:render" || !bridge.onRender) return;
    bridge.onRender(data.args || {});
  });

  // ---------------------------------------------------------------- small helpers

  /** A file of the page: from the files embedded in a standalone export (base64), else over the network. */
  function fetchFile(url) {
    var embedded = window.AtlasMapFiles && window.AtlasMapFiles[url];
    if (embedded === undefined) return fetch(url);
    var binary = atob(embedded);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return Promise.resolve(new Response(bytes));
  }

  /** Degrees of longitude one screen pixel spans at ``zoom`` (Web Mercator, 256 px tiles): all other projection
   *  maths is Leaflet's own (latLngToContainerPoint and friends). */
  function degreesPerPixel(zoom) {
    return 360 / (256 * Math.pow(2, zoom));
  }

  function setOf(values) {
    var set = Object.create(null);
    (values || []).forEach(function (v) {
      set[v] = true;
    });
    return set;
  }

  function fold(text) {
    return String(text || "").normalize("NFKC").toLowerCase();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  function svg(tag, attributes) {
    var node = document.createElementNS(SVG_NS, tag);
    for (var key in attributes) node.setAttribute(key, String(attributes[key]));
    return node;
  }

  /** A point symbol as an SVG element (the shapes of geo/render.py's symbol_svg). */
  function symbolSvg(shape, fill, size, opacity) {
    var s = size + 2,
      c = s / 2,
      r = size / 2;
    var root = svg("svg", { width: s, height: s, viewBox: "0 0 " + s + " " + s });
    root.style.display = "block";
    if (opacity !== undefined) root.style.opacity = opacity;
    var stroke = { stroke: "#ffffff", "stroke-width": 1.3 };
    function withStroke(attrs) {
      for (var k in stroke) attrs[k] = stroke[k];
      return attrs;
    }
    if (shape === "square") {
      root.appendChild(svg("rect", withStroke({ x: 1, y: 1, width: size, height: size, fill: fill })));
    } else if (shape === "diamond") {
      root.appendChild(svg("polygon", withStroke({ points: c + ",1 " + (s - 1) + "," + c + " " + c + "," + (s - 1) + " 1," + c, fill: fill })));
    } else if (shape === "triangle") {
      root.appendChild(svg("polygon", withStroke({ points: c + ",1 " + (s - 1) + "," + (s - 1) + " 1," + (s - 1), fill: fill })));
    } else if (shape === "capital") {
      root.appendChild(svg("circle", { cx: c, cy: c, r: r - 0.5, fill: "#ffffff", stroke: fill, "stroke-width": 1.6 }));
      root.appendChild(svg("circle", { cx: c, cy: c, r: Math.max(r - 3.2, 1.5), fill: fill }));
    } else if (shape === "ring") {
      root.appendChild(svg("circle", { cx: c, cy: c, r: r - 0.5, fill: "#ffffff", stroke: fill, "stroke-width": 2 }));
    } else {
      root.appendChild(svg("circle", withStroke({ cx: c, cy: c, r: r, fill: fill })));
    }
    return root;
  }

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

  // ---------------------------------------------------------------- text measurement

  var measureContext = document.createElement("canvas").getContext("2d");

  function labelFont(className) {
    if (/ca-corridor/.test(className)) return { font: "700 12.5px " + FONT_FAMILY, size: 12.5, spacing: 0 };
    if (/ca-sea/.test(className)) return { font: "italic 400 12px " + FONT_FAMILY, size: 12, spacing: 0.5 };
    if (/ca-region/.test(className)) return { font: "italic 400 12px " + FONT_FAMILY, size: 12, spacing: 0 };
    if (/ca-rank-[34]/.test(className)) return { font: "400 11px " + FONT_FAMILY, size: 11, spacing: 0 };
    return { font: "600 12px " + FONT_FAMILY, size: 12, spacing: 0 };
  }

  function textWidth(text, font, spacing) {
    measureContext.font = font;
    return measureContext.measureText(text).width + spacing * text.length;
  }

  /** Width of a label's text in px: the name in the label's font, the quote numbers in bold. */
  function labelWidth(text, refs, font) {
    var refsFont = font.font.replace(/\b[1-9]00\b/, "700");
    if (!refs) return textWidth(text, font.font, font.spacing);
    var name = text.slice(0, text.length - refs.length);
    return textWidth(name, font.font, font.spacing) + textWidth(refs, refsFont, font.spacing);
  }

  // ---------------------------------------------------------------- boxes

  function Box(left, top, right, bottom, owner) {
    this.minX = left;
    this.minY = top;
    this.maxX = right;
    this.maxY = bottom;
    this.owner = owner || null;
  }

  function inflate(box, margin) {
    return { minX: box.minX - margin, minY: box.minY - margin, maxX: box.maxX + margin, maxY: box.maxY + margin };
  }

  function inside(box, frame) {
    return box.minX >= frame.minX && box.maxX <= frame.maxX && box.minY >= frame.minY && box.maxY <= frame.maxY;
  }

  // ---------------------------------------------------------------- the map

  function AtlasView(map, config) {
    this.map = map;
    this.config = config;
    this.styles = config.styles;
    this.data = null;
    this.dataUrl = null;
    this.levelCache = {};
    this.levelKey = null;
    this.args = {};
    this.shownEntities = {};
    this.shownLegs = [];
    this.focus = null;
    this.clickCount = 0;
    this.lastView = null;
    this.labelPass = 0;
    this.container = map.getContainer();
    this.container.dataset.ready = "0";

    map.createPane("ca-basemap").style.zIndex = 250;
    map.createPane("ca-countries").style.zIndex = 300;
    map.createPane("ca-user").style.zIndex = 380;
    map.createPane("ca-highlight").style.zIndex = 390;
    map.createPane("ca-casing").style.zIndex = 395;
    this.casingRenderer = L.svg({ pane: "ca-casing" });
    map.createPane("ca-halo").style.zIndex = 420;
    var labels = map.createPane("ca-labels");
    labels.style.zIndex = 640;
    labels.style.pointerEvents = "none";
    map.getPane("ca-countries").style.pointerEvents = "none";
    this.userRenderer = L.canvas({ pane: "ca-user", padding: 0.3 });

    this.layers = {
      highlight: L.layerGroup().addTo(map),
      casing: L.layerGroup().addTo(map),
      legs: L.layerGroup().addTo(map),
      user: L.layerGroup().addTo(map),
      formats: L.layerGroup().addTo(map),
      halos: L.layerGroup().addTo(map),
      symbols: L.layerGroup().addTo(map),
    };
    this.labelRoot = el("div", "ca-label-root");
    labels.appendChild(this.labelRoot);
    this.countryRoot = el("div", "ca-country-root");
    map.getPane("ca-countries").appendChild(this.countryRoot);

    if (!config.standaloneArgs) {
      this.notesNode = el("section", "ca-notes");
      this.container.parentNode.insertBefore(this.notesNode, this.container.nextSibling);
    }
    this._addControls();
    this._bindEvents();
  }

  /** Basemap levels by zoom, each fetched the first time the map shows its zoom. */
  AtlasView.prototype._addBasemap = function () {
    var self = this;
    var assets = this.config.assets;
    this.basemapLevels = [
      { url: assets.world110, topo: true, minZoom: 0, maxZoom: 3.99 },
      { url: assets.world50, topo: true, minZoom: 4, maxZoom: 99 },
      { url: assets.region, topo: false, minZoom: 6, maxZoom: 7.99 },
      { url: assets.regionFull, topo: false, minZoom: 8, maxZoom: 99 },
    ];
    fetchFile(assets.countryLabels)
      .then(function (response) {
        return response.json();
      })
      .then(function (labels) {
        self.countryLabels = labels;
        self.placeLabels();
      })
      .catch(function (error) {
        console.error(error);
      });
    this._showBasemapLevels();
  };

  /**
   * Make every ring continuous in longitude: a ring that crosses the antimeridian (Chukotka, Fiji) would
   * otherwise be drawn as a stripe across the whole world; unwrapped, it runs on past 180°.
   */
  function unwrapRings(geojson) {
    geojson.features.forEach(function (feature) {
      var geometry = feature.geometry;
      if (!geometry) return;
      var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
      polygons.forEach(function (polygon) {
        polygon.forEach(function (ring) {
          for (var i = 1; i < ring.length; i++) {
            var step = ring[i][0] - ring[i - 1][0];
            if (Math.abs(step) > 180) ring[i] = [ring[i][0] - 360 * Math.round(step / 360), ring[i][1]];
          }
        });
      });
    });
  }

  function basemapStyle(config) {
    return { fillColor: config.land, fillOpacity: 1.0, color: config.border, weight: 0.8 };
  }

  AtlasView.prototype._loadBasemapLevel = function (level) {
    var self = this;
    level.loading = true;
    fetchFile(level.url)
      .then(function (response) {
        if (!response.ok) throw new Error("basemap " + level.url + ": HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var geojson = level.topo ? topojson.feature(data, data.objects.countries) : data;
        if (level.topo) unwrapRings(geojson);
        level.layer = L.geoJSON(geojson, {
          style: basemapStyle(self.config),
          interactive: false,
          pane: "ca-basemap",
          renderer: self.basemapRenderer,
        });
        if (self.onlineTiles) level.layer.setStyle({ fillOpacity: 0 });
        self._showBasemapLevels();
      })
      .catch(function (error) {
        level.loading = false;
        console.error(error);
      });
  };

  AtlasView.prototype._showBasemapLevels = function () {
    if (!this.basemapLevels) return;
    var zoom = this.map.getZoom();
    var map = this.map;
    var self = this;
    var pending = 0;
    this.basemapLevels.forEach(function (level) {
      var wanted = zoom >= level.minZoom && zoom <= level.maxZoom;
      if (wanted && !level.layer) {
        pending += 1;
        if (!level.loading) self._loadBasemapLevel(level);
        return;
      }
      if (!level.layer) return;
      if (wanted && !map.hasLayer(level.layer)) level.layer.addTo(map);
      if (!wanted && map.hasLayer(level.layer)) map.removeLayer(level.layer);
    });
    this.container.dataset.basemap = pending ? "loading" : "loaded";
  };

  AtlasView.prototype._addControls = function () {
    var self = this;
    var legend = L.control({ position: "bottomleft" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "ca-legend ca-strip");
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      self.legendNode = div;
      return div;
    };
    legend.addTo(this.map);
    if (this.config.onlineTiles) {
      var tiles = L.tileLayer(this.config.onlineTiles.url, {
        attribution: this.config.onlineTiles.attribution,
        maxZoom: 18,
      });
      var overlays = {};
      overlays[this.config.onlineTiles.name] = tiles;
      L.control.layers(null, overlays, { position: "topright", collapsed: true }).addTo(this.map);
      this.map.on("overlayadd overlayremove", function (event) {
        if (event.layer !== tiles) return;
        var online = event.type === "overlayadd";
        self.onlineTiles = online;
        self.container.classList.toggle("ca-online-tiles", online);
        self.basemapLevels.forEach(function (level) {
          if (level.layer) level.layer.setStyle({ fillOpacity: online ? 0 : 1 });
        });
      });
    }
  };

  AtlasView.prototype._bindEvents = function () {
    var self = this;
    var map = this.map;
    map.on("zoomstart", function () {
      self.container.classList.add("ca-zooming");
    });
    map.on("zoomend", function () {
      self.container.classList.remove("ca-zooming");
      self._showBasemapLevels();
      self._ensureLevel();
    });
    map.on("moveend", function () {
      self.placeLabels();
      self._reportViewSoon();
    });
    map.on("resize", function () {
      self.placeLabels();
    });
    map.on("click", function (event) {
      var id = self._nearestUserLine(event.containerPoint);
      if (id) self.select(id);
    });
    window.addEventListener("resize", function () {
      map.invalidateSize({ pan: false });
    });
  };

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

  // ---------------------------------------------------------------- filters and focus

  /** What the filters show: the rules of corridors.query.apply_filters, run in the page. */
  /** The status on ``asOf`` (YYYY-MM-DD) from ``[[first day, status], …]``; without a history, ``current``. */
  function statusOn(history, current, asOf) {
    if (!asOf || !history || !history.length) return current;
    var status = null;
    for (var i = 0; i < history.length && history[i][0] <= asOf; i++) status = history[i][1];
    return status;
  }

  AtlasView.prototype._computeShown = function (filters, showFormats, asOf) {
    var data = this.data;
    var modes = setOf(filters.modes),
      statuses = setOf(filters.statuses),
      countries = setOf(filters.countries),
      kinds = setOf(filters.kinds);
    var needle = fold(filters.search || "").trim();
    function found(entity) {
      if (!needle) return true;
      return entity.foldedNames.some(function (name) {
        return name.indexOf(needle) >= 0;
      });
    }
    function crosses(list) {
      return (
        !list.length ||
        list.some(function (c) {
          return countries[c];
        })
      );
    }
    var shownLegs = [],
      shownCorridors = Object.create(null),
      nodes = Object.create(null);
    data.legs.forEach(function (leg) {
      var corridor = data.byId[leg.corridor];
      leg.shownStatus = statusOn(leg.history, leg.status, asOf);
      var ok =
        leg.shownStatus &&
        modes[leg.mode] &&
        statuses[leg.shownStatus] &&
        kinds.corridor &&
        (!corridor || crosses(corridor.countries)) &&
        (!needle || (corridor && found(corridor)));
      if (ok) {
        shownLegs.push(leg);
        shownCorridors[leg.corridor] = true;
        leg.path.forEach(function (node) {
          nodes[node] = true;
        });
      }
    });
    var shown = Object.create(null);
    data.entities.forEach(function (entity) {
      if (data.lineIds[entity.id]) {
        if (shownCorridors[entity.id]) shown[entity.id] = entity;
        return;
      }
      var status = statusOn(entity.history, entity.status, asOf);
      if (entity.history && entity.history.length && !status) return; // not there yet on that date
      var ok =
        (kinds[entity.kind] || (entity.kind === "format" && showFormats)) &&
        (status === null || statuses[status]) &&
        crosses(entity.countries) &&
        entity.kind !== "waypoint" &&
        (!needle || found(entity) || nodes[entity.id]);
      if (ok) shown[entity.id] = entity;
    });
    return { entities: shown, legs: shownLegs };
  };

  AtlasView.prototype._focusMembers = function (focus) {
    var members = Object.create(null);
    if (!focus) return members;
    members[focus] = true;
    this.data.legs.forEach(function (leg) {
      if (leg.corridor === focus)
        leg.path.forEach(function (node) {
          members[node] = true;
        });
    });
    return members;
  };

  /** Dim a leg while another entity is focused; restyles only when that changes (thousands of legs). */
  AtlasView.prototype._styleLeg = function (entry, force) {
    var dim = !!this.focus && entry.leg.corridor !== this.focus;
    var key = entry.leg.mode + "/" + entry.leg.shownStatus;
    if (dim === entry.dim && key === entry.styleKey && !force) return;
    entry.dim = dim;
    entry.styleKey = key;
    var style = L.extend({}, this.styles.legs[key]);
    if (dim) style.opacity = this.styles.dimmed;
    entry.line.setStyle(style);
    if (entry.casing) entry.casing.setStyle({ opacity: dim ? 0 : 0.9 });
  };

  /** Show what the current filters and focus select, restyle, and place labels again. */
  AtlasView.prototype.apply = function () {
    if (!this.data || !this.legLayers) return;
    var self = this;
    var args = this.args;
    var shown = this._computeShown(args.filters || {}, !!args.show_formats, args.as_of || null);
    this.focus = args.focus && this.data.byId[args.focus] ? args.focus : null;
    if (this.focus && !shown.entities[this.focus]) shown.entities[this.focus] = this.data.byId[this.focus];
    this.shownEntities = shown.entities;
    this.shownLegs = shown.legs;
    this.members = this._focusMembers(this.focus);
    var legShown = Object.create(null);
    shown.legs.forEach(function (leg) {
      legShown[leg.index] = true;
    });
    var layers = this.layers;
    this.layers.highlight.clearLayers();
    this.legLayers.forEach(function (entry, index) {
      var visible = !!legShown[index];
      var target = entry.leg.user ? layers.user : layers.legs;
      if (visible !== entry.shown) {
        if (visible) {
          target.addLayer(entry.line);
          if (entry.casing) layers.casing.addLayer(entry.casing);
        } else {
          target.removeLayer(entry.line);
          if (entry.casing) layers.casing.removeLayer(entry.casing);
        }
        entry.shown = visible;
      }
      if (visible) {
        self._styleLeg(entry);
        if (self.focus && entry.leg.corridor === self.focus) {
          L.polyline(entry.leg.latlngs, {
            color: self.styles.highlight,
            weight: 13,
            opacity: 0.75,
            lineCap: "round",
            interactive: false,
            pane: "ca-highlight",
            className: "ca-highlight",
          }).addTo(layers.highlight);
        }
      }
    });
    Object.keys(this.symbolLayers).forEach(function (id) {
      var entry = self.symbolLayers[id];
      var visible = !!shown.entities[id];
      var dim = !!self.focus && !self.members[id];
      if (visible !== entry.shown) {
        if (entry.marker) visible ? layers.symbols.addLayer(entry.marker) : layers.symbols.removeLayer(entry.marker);
        if (entry.halo) visible ? layers.halos.addLayer(entry.halo) : layers.halos.removeLayer(entry.halo);
        entry.shown = visible;
      }
      if (visible && entry.marker) entry.marker.setOpacity(dim ? 0.35 : 1.0);
      if (visible && entry.halo) entry.halo.setStyle({ opacity: dim ? 0.25 : 0.7 });
    });
    Object.keys(this.formatLayers).forEach(function (id) {
      var line = self.formatLayers[id];
      var visible = !!shown.entities[id] && !!args.show_formats;
      if (visible && !layers.formats.hasLayer(line)) layers.formats.addLayer(line);
      if (!visible && layers.formats.hasLayer(line)) layers.formats.removeLayer(line);
      if (visible) line.setStyle({ opacity: !self.focus || self.members[id] ? 0.8 : 0.25 });
    });
    this._updateLegend();
    this._updateNotes();
    this.placeLabels();
    this.container.dataset.shownLegs = String(shown.legs.length);
  };

  AtlasView.prototype.boundsOf = function (ids) {
    var bounds = L.latLngBounds([]);
    var data = this.data;
    ids.forEach(function (id) {
      var entity = data.byId[id];
      if (!entity) return;
      if (entity.point) bounds.extend([entity.lat, entity.lon]);
      else if (entity.bbox) {
        bounds.extend([entity.bbox[1], entity.bbox[0]]);
        bounds.extend([entity.bbox[3], entity.bbox[2]]);
      }
    });
    var wanted = setOf(ids);
    data.legs.forEach(function (leg) {
      if (leg.bbox && wanted[leg.corridor]) {
        bounds.extend([leg.bbox[1], leg.bbox[0]]);
        bounds.extend([leg.bbox[3], leg.bbox[2]]);
      }
    });
    return bounds;
  };

  AtlasView.prototype.fitTo = function (bounds, maxZoom) {
    if (!bounds.isValid()) return;
    this.map.fitBounds(bounds, { padding: [40, 40], maxZoom: maxZoom || 8, animate: false });
  };

  AtlasView.prototype.select = function (id) {
    this.clickCount += 1;
    this._sendValue({ id: id, n: this.clickCount });
  };

  AtlasView.prototype._sendValue = function (click) {
    this.lastClick = click || this.lastClick || null;
    this.lastView = this._currentView();
    var value = { click: this.lastClick, view: this.lastView };
    if (this.report) value.report = this._reportValue();
    bridge.setValue(value);
  };

  AtlasView.prototype._currentView = function () {
    var center = this.map.getCenter();
    return { lat: +center.lat.toFixed(4), lon: +center.lng.toFixed(4), zoom: +this.map.getZoom().toFixed(2) };
  };

  /** Take the view the page opened on as known: only views the analyst frames afterwards go to the URL. */
  AtlasView.prototype._viewIsKnown = function () {
    this.lastView = this._currentView();
  };

  AtlasView.prototype._reportViewSoon = function () {
    var self = this;
    clearTimeout(this._viewTimer);
    this._viewTimer = setTimeout(function () {
      if (!self.started) return;
      var view = self._currentView();
      var last = self.lastView;
      if (last && last.lat === view.lat && last.lon === view.lon && last.zoom === view.zoom) return;
      self._sendValue(null);
    }, 400);
  };

  AtlasView.prototype._nearestUserLine = function (point) {
    if (!this.legIndex || !this.legLayers) return null;
    var map = this.map;
    // while a finer level is loading, the drawn lines may stand off the true ones by the coarse level's tolerance
    var degreesPerPx = degreesPerPixel(map.getZoom());
    var tolerance = CLICK_TOLERANCE_PX + Math.max(0, (this.levelToleranceDeg || 0) / degreesPerPx - 1);
    var a = map.containerPointToLatLng([point.x - tolerance, point.y + tolerance]);
    var b = map.containerPointToLatLng([point.x + tolerance, point.y - tolerance]);
    var candidates = this.legIndex.search({ minX: a.lng, minY: a.lat, maxX: b.lng, maxY: b.lat });
    var best = null,
      bestDistance = tolerance;
    var self = this;
    candidates.forEach(function (item) {
      var leg = item.leg;
      if (!self.legLayers[leg.index].shown || !leg.latlngs) return;
      leg.latlngs.forEach(function (part) {
        var previous = null;
        part.forEach(function (latlng) {
          var p = map.latLngToContainerPoint(latlng);
          if (previous) {
            var d = L.LineUtil.pointToSegmentDistance(point, previous, p);
            if (d < bestDistance) {
              bestDistance = d;
              best = leg.corridor;
            }
          }
          previous = p;
        });
      });
    });
    return best;
  };

  // ---------------------------------------------------------------- legend

  AtlasView.prototype._updateLegend = function () {
    var node = this.legendNode;
    if (!node) return;
    var styles = this.styles;
    var shownLegs = this.shownLegs,
      shown = this.shownEntities;
    while (node.firstChild) node.removeChild(node.firstChild);
    function row(swatch, label) {
      var div = el("div", "ca-row");
      div.appendChild(swatch);
      div.appendChild(el("span", null, label));
      node.appendChild(div);
    }
    function lineSwatch(colour, width, dash, casing, opacity) {
      var root = svg("svg", { width: 34, height: 14 });
      if (casing) root.appendChild(svg("line", { x1: 2, y1: 7, x2: 32, y2: 7, stroke: casing, "stroke-width": width + 3 }));
      var attrs = { x1: 2, y1: 7, x2: 32, y2: 7, stroke: colour, "stroke-width": width, "stroke-opacity": opacity || 1 };
      if (dash) {
        attrs["stroke-dasharray"] = dash;
        attrs["stroke-linecap"] = "round";
      }
      root.appendChild(svg("line", attrs));
      return root;
    }
    var modes = setOf(shownLegs.map(function (l) { return l.mode; }));
    var statuses = setOf(shownLegs.map(function (l) { return l.shownStatus; }));
    Object.keys(styles.modes).forEach(function (mode) {
      if (!modes[mode]) return;
      var s = styles.modes[mode];
      row(lineSwatch(s.colour, s.width, null, s.casing), s.label);
    });
    this.config.statuses.forEach(function (status) {
      if (!statuses[status.key]) return;
      row(lineSwatch("#333333", 2.5, status.dash, null, status.opacity), status.label);
    });
    var kinds = [],
      capital = false,
      approximate = false,
      quoted = false,
      formats = false;
    Object.keys(shown).forEach(function (id) {
      var entity = shown[id];
      if (entity.refs.length) quoted = true;
      if (entity.kind === "format") formats = true;
      if (!entity.point) return;
      if (entity.halo) approximate = true;
      if (entity.capital) capital = true;
      else if (entity.shape !== "none" && kinds.indexOf(entity.kind) < 0) kinds.push(entity.kind);
    });
    if (capital) row(symbolSvg(styles.capital.shape, styles.capital.fill, styles.capital.size), styles.capital.label);
    var order = Object.keys(styles.kinds);
    kinds.sort(function (a, b) {
      var ia = order.indexOf(a), ib = order.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    });
    kinds.forEach(function (kind) {
      var s = styles.kinds[kind] || { label: kind, shape: "circle", fill: "#6b6b6b", size: 6 };
      row(symbolSvg(s.shape, s.fill, s.size), s.label);
    });
    if (approximate) {
      var halo = svg("svg", { width: 18, height: 18 });
      halo.appendChild(svg("circle", { cx: 9, cy: 9, r: 7.5, fill: "none", stroke: "#6b6b6b", "stroke-dasharray": "3 2" }));
      row(halo, "Approximate location");
    }
    if (formats && this.args.show_formats) row(lineSwatch(styles.format.colour, 1.5, styles.format.dash), "Cooperation format");
    if (quoted) row(el("span", "ca-ref", "[n]"), "Quote n (see notes)");
    node.style.display = node.firstChild ? "" : "none";
  };

  // ---------------------------------------------------------------- quote notes under the map

  AtlasView.prototype._updateNotes = function () {
    if (this.report) return this._updateReportNotes();
    var root = this.notesNode;
    if (!root) return;
    var self = this;
    var shown = this.shownEntities;
    while (root.firstChild) root.removeChild(root.firstChild);
    root.appendChild(el("h3", null, "Quotes on the map"));
    var notes = (this.data.notes || []).filter(function (note) {
      return note.ids.some(function (id) {
        return shown[id];
      });
    });
    if (!notes.length) {
      root.appendChild(el("p", "ca-empty", "No quoted entity is shown with the current filters."));
    }
    var list = el("div", "ca-note-list");
    notes.forEach(function (note) {
      var item = el("div", "ca-note");
      item.dataset.n = String(note.n);
      item.appendChild(el("b", "ca-ref", "[" + note.n + "] "));
      note.ids.forEach(function (id, i) {
        if (i) item.appendChild(document.createTextNode(", "));
        var link = el("a", "ca-note-entity", note.names[i]);
        link.href = "#";
        link.addEventListener("click", function (event) {
          event.preventDefault();
          self.select(id);
        });
        item.appendChild(link);
      });
      item.appendChild(el("q", null, note.text));
      item.appendChild(el("span", "ca-note-source", note.source + ", characters " + note.start + "–" + note.end));
      list.appendChild(item);
    });
    root.appendChild(list);
    this._fitFrame();
  };

  AtlasView.prototype._fitFrame = function () {
    var height = Math.ceil(this.container.offsetHeight + (this.notesNode ? this.notesNode.offsetHeight : 0));
    bridge.setHeight(height);
  };

  // ---------------------------------------------------------------- labels

  /** Screen boxes the map's own controls cover (legend, zoom buttons, scale, credits), in container px. */
  AtlasView.prototype._controlBoxes = function () {
    var origin = this.container.getBoundingClientRect();
    var scale = this.scale || 1; // a report preview is drawn scaled down: boxes are in the map's own px
    var boxes = [];
    this.container.querySelectorAll(".leaflet-control").forEach(function (control) {
      var rect = control.getBoundingClientRect();
      if (!rect.width || !rect.height) return;
      boxes.push(
        new Box(
          (rect.left - origin.left) / scale - 4,
          (rect.top - origin.top) / scale - 4,
          (rect.right - origin.left) / scale + 4,
          (rect.bottom - origin.top) / scale + 4,
          "control"
        )
      );
    });
    return boxes;
  };

  AtlasView.prototype._labelRequests = function () {
    var self = this;
    var shown = this.shownEntities;
    var focus = this.focus;
    var requests = [];
    var plainLines = 0;
    Object.keys(shown).forEach(function (id) {
      var entity = shown[id];
      if (!entity.point && !entity.refs.length && entity.kind !== "format") plainLines += 1;
    });
    var legsByCorridor = Object.create(null);
    this.shownLegs.forEach(function (leg) {
      (legsByCorridor[leg.corridor] = legsByCorridor[leg.corridor] || []).push(leg);
    });
    Object.keys(shown).forEach(function (id) {
      var entity = shown[id];
      if (entity.kind === "format" || entity.kind === "waypoint") return;
      var refs = self._refsOf(entity);
      if (entity.quiet && !refs.length && id !== focus) return;
      if (!entity.point && !refs.length && id !== focus && plainLines > MAX_PLAIN_LINE_LABELS) return;
      if (!entity.point && !legsByCorridor[id]) return; // a corridor with no drawn leg gets no label
      var refsText = refs.length ? "[" + refs.slice(0, 4).join(",") + (refs.length > 4 ? "…" : "") + "]" : null;
      var rank = entity.rank - (refs.length ? 1 : 0) - (entity.capital ? 1 : 0) - (id === focus ? 5 : 0);
      var className = "ca-label ca-rank-" + Math.max(1, Math.min(4, rank)) + " ca-" + String(entity.kind).replace(/[^a-z0-9-]/gi, "_");
      requests.push({
        entity: entity,
        name: entity.label,
        refs: refsText,
        rank: rank,
        className: className,
        symbolPx: entity.point && entity.shape !== "none" ? entity.size / 2 : 1,
        legs: legsByCorridor[id] || null,
      });
    });
    if (this.report && this.report.labels === "none") return [];
    if (this.report && this.report.labels === "quoted") {
      requests = requests.filter(function (r) {
        return r.refs || r.entity.id === focus;
      });
    }
    requests.sort(function (a, b) {
      var ta = a.name.length + (a.refs ? a.refs.length + 1 : 0), tb = b.name.length + (b.refs ? b.refs.length + 1 : 0);
      return a.rank - b.rank || tb - ta || (a.entity.id < b.entity.id ? -1 : a.entity.id > b.entity.id ? 1 : 0);
    });
    return requests;
  };

  /** The quote numbers a label shows (a report frame shows only the quotes it prints, renumbered). */
  AtlasView.prototype._refsOf = function (entity) {
    return entity.refs;
  };

  /** Points on a corridor's drawn legs, in container px, that lie in the frame: longest visible part first. */
  AtlasView.prototype._lineAnchors = function (legs, frame) {
    var map = this.map;
    var runs = [];
    legs.forEach(function (leg) {
      (leg.latlngs || []).forEach(function (part) {
        var run = [];
        part.forEach(function (latlng) {
          var p = map.latLngToContainerPoint(latlng);
          if (p.x >= frame.minX && p.x <= frame.maxX && p.y >= frame.minY && p.y <= frame.maxY) run.push(p);
          else if (run.length) {
            runs.push(run);
            run = [];
          }
        });
        if (run.length) runs.push(run);
      });
    });
    function runLength(run) {
      var total = 0;
      for (var i = 1; i < run.length; i++) total += run[i].distanceTo(run[i - 1]);
      return total;
    }
    runs.forEach(function (run) {
      run.length_px = runLength(run);
    });
    runs.sort(function (a, b) {
      return b.length_px - a.length_px;
    });
    var anchors = [];
    runs.slice(0, 4).forEach(function (run) {
      if (run.length === 1) {
        anchors.push(run[0]);
        return;
      }
      [0.45, 0.3, 0.6, 0.15, 0.8].forEach(function (fraction) {
        var target = run.length_px * fraction,
          walked = 0;
        for (var i = 1; i < run.length; i++) {
          var step = run[i].distanceTo(run[i - 1]);
          if (walked + step >= target) {
            var t = step ? (target - walked) / step : 0;
            anchors.push(L.point(run[i - 1].x + (run[i].x - run[i - 1].x) * t, run[i - 1].y + (run[i].y - run[i - 1].y) * t));
            return;
          }
          walked += step;
        }
      });
    });
    return anchors;
  };

  function candidateOffsets(width, height, gap) {
    var diagonal = gap * 0.75;
    return [
      [gap, -height / 2],
      [-gap - width, -height / 2],
      [diagonal, -diagonal - height],
      [diagonal, diagonal],
      [-width / 2, -gap - height],
      [-width / 2, gap],
      [-diagonal - width, -diagonal - height],
      [-diagonal - width, diagonal],
    ];
  }

  function collides(index, box, own) {
    var hits = index.search(inflate(box, LABEL_MARGIN_PX));
    for (var i = 0; i < hits.length; i++) if (hits[i] !== own) return true;
    return false;
  }

  function leaderCrosses(index, x, y, box, own) {
    var cx = (box.minX + box.maxX) / 2,
      cy = (box.minY + box.maxY) / 2;
    var ts = [0.35, 0.55, 0.75];
    for (var i = 0; i < ts.length; i++) {
      var px = x + (cx - x) * ts[i],
        py = y + (cy - y) * ts[i];
      var hits = index.search({ minX: px, minY: py, maxX: px, maxY: py });
      for (var j = 0; j < hits.length; j++) if (hits[j] !== own && hits[j].label) return true;
    }
    return false;
  }

  AtlasView.prototype._placeCountries = function (index, frame) {
    var root = this.countryRoot;
    while (root.firstChild) root.removeChild(root.firstChild);
    if (!this.countryLabels) return;
    var map = this.map;
    var zoom = map.getZoom();
    var degreesPerPx = degreesPerPixel(zoom);
    var placedIndex = new RBush();
    var placed = 0;
    var self = this;
    this.countryLabels.forEach(function (country) {
      var text = country.name.toUpperCase();
      var width = textWidth(text, COUNTRY_FONT, COUNTRY_LETTER_SPACING_PX) + 4;
      var height = 14;
      if (country.width_deg / degreesPerPx < width * 1.1 || country.height_deg / degreesPerPx < height * 1.5) return;
      var p = map.latLngToContainerPoint([country.lat, country.lon]);
      var box = new Box(p.x - width / 2, p.y - height / 2, p.x + width / 2, p.y + height / 2, "country");
      if (!inside(box, frame)) return;
      if (placedIndex.search(inflate(box, 6)).length || index.search(inflate(box, 1)).length) return;
      placedIndex.insert(box);
      index.insert(box);
      var layerPoint = map.containerPointToLayerPoint(p);
      var div = el("div", "ca-country", text);
      div.style.left = (layerPoint.x - width / 2).toFixed(1) + "px";
      div.style.top = (layerPoint.y - height / 2).toFixed(1) + "px";
      div.style.width = width.toFixed(0) + "px";
      div.style.height = height + "px";
      root.appendChild(div);
      placed += 1;
    });
    self.container.dataset.countryLabels = String(placed);
  };

  /** Place every wanted label for the current view: highest rank first, beside its symbol or along its line. */
  AtlasView.prototype.placeLabels = function () {
    var map = this.map;
    var size = map.getSize();
    if (!size.x || !size.y) return;
    var frame = { minX: 2, minY: 2, maxX: size.x - 2, maxY: size.y - 2 };
    var index = new RBush();
    var controls = this._controlBoxes();
    index.load(controls);
    var self = this;
    // every drawn symbol is an obstacle, for country names too
    var symbols = Object.create(null);
    Object.keys(this.data && this.legLayers ? this.shownEntities : {}).forEach(function (id) {
      var entity = self.shownEntities[id];
      if (!entity.point || entity.shape === "none") return;
      var p = map.latLngToContainerPoint([entity.lat, entity.lon]);
      var r = entity.size / 2 + 1;
      var box = new Box(p.x - r, p.y - r, p.x + r, p.y + r, "symbol");
      symbols[id] = box;
      index.insert(box);
    });
    if (this.report) this._placeCallouts(index, frame);
    this._placeCountries(index, frame);
    var root = this.labelRoot;
    while (root.firstChild) root.removeChild(root.firstChild);
    if (!this.data || !this.legLayers) return;
    var placed = [];
    this._labelRequests().forEach(function (request) {
      var entity = request.entity;
      var anchors;
      if (entity.point) {
        var p = map.latLngToContainerPoint([entity.lat, entity.lon]);
        if (p.x < frame.minX || p.x > frame.maxX || p.y < frame.minY || p.y > frame.maxY) return;
        anchors = [p];
      } else {
        anchors = self._lineAnchors(request.legs, frame);
        if (!anchors.length) return;
      }
      var own = symbols[entity.id] || null;
      var font = labelFont(request.className);
      var texts = request.refs ? [request.name + " " + request.refs, request.refs] : [request.name];
      for (var t = 0; t < texts.length; t++) {
        var text = texts[t];
        var width = Math.ceil(labelWidth(text, request.refs, font) + 2 * LABEL_PADDING_PX + 1);
        var height = Math.ceil(font.size * 1.25 + LABEL_PADDING_PX);
        var spot = self._firstFreeSpot(index, frame, anchors, width, height, request.symbolPx, own);
        if (spot) {
          var box = spot.box;
          box.label = true;
          index.insert(box);
          placed.push({ request: request, text: text, anchor: spot.anchor, box: box, leader: spot.leader, font: font });
          return;
        }
      }
    });
    placed.forEach(function (label) {
      root.appendChild(self._labelNode(label));
    });
    this.labelPass += 1;
    this.container.dataset.labelPass = String(this.labelPass);
    this.container.dataset.labels = String(placed.length);
  };

  AtlasView.prototype._firstFreeSpot = function (index, frame, anchors, width, height, symbolPx, own) {
    for (var s = 0; s < LEADER_STEPS_PX.length; s++) {
      var step = LEADER_STEPS_PX[s];
      for (var a = 0; a < anchors.length; a++) {
        var x = anchors[a].x,
          y = anchors[a].y;
        var offsets = candidateOffsets(width, height, symbolPx + 3 + step);
        for (var o = 0; o < offsets.length; o++) {
          var left = x + offsets[o][0],
            top = y + offsets[o][1];
          var box = new Box(left, top, left + width, top + height, "label");
          if (!inside(box, frame)) continue;
          if (collides(index, box, own)) continue;
          if (step && leaderCrosses(index, x, y, box, own)) continue;
          return { box: box, anchor: anchors[a], leader: step > 0 };
        }
      }
    }
    return null;
  };

  AtlasView.prototype._labelNode = function (label) {
    var map = this.map;
    var anchor = map.containerPointToLayerPoint(label.anchor);
    var box = label.box;
    var dx = box.minX - label.anchor.x,
      dy = box.minY - label.anchor.y;
    var width = box.maxX - box.minX,
      height = box.maxY - box.minY;
    var holder = el("div", "ca-label-icon");
    holder.style.left = anchor.x.toFixed(1) + "px";
    holder.style.top = anchor.y.toFixed(1) + "px";
    if (label.leader) {
      var ex = Math.min(Math.max(0, dx), dx + width),
        ey = Math.min(Math.max(0, dy), dy + height);
      var leader = svg("svg", { class: "ca-leader", width: 1, height: 1 });
      leader.appendChild(svg("line", { x1: 0, y1: 0, x2: ex.toFixed(1), y2: ey.toFixed(1), stroke: "#444", "stroke-width": 0.9 }));
      holder.appendChild(leader);
    }
    var div = el("div", label.request.className);
    div.dataset.key = label.request.entity.id;
    div.style.left = dx.toFixed(1) + "px";
    div.style.top = dy.toFixed(1) + "px";
    div.style.width = width + "px";
    div.style.height = height + "px";
    div.style.font = label.font.font;
    var dimmed = this.focus && !this.members[label.request.entity.id];
    if (dimmed) div.style.opacity = 0.45;
    var text = label.text;
    var refs = label.request.refs;
    if (refs && text === refs) {
      div.appendChild(el("span", "ca-ref", refs));
    } else if (refs) {
      div.appendChild(document.createTextNode(label.request.name + " "));
      div.appendChild(el("span", "ca-ref", refs));
    } else {
      div.textContent = text;
    }
    holder.appendChild(div);
    return holder;
  };

  // ---------------------------------------------------------------- the host's view state

  AtlasView.prototype.render = function (args) {
    var previous = this.args;
    this.args = args;
    var self = this;
    if (args.report) {
      this._renderReport(args.report);
    } else {
      this.container.style.height = (args.height || 700) + "px";
      this._fitFrame();
    }
    if (!this.map.getContainer().clientHeight) {
      // the host has not sized the frame yet: lay out the view once it has
      if (!this._waitingForSize) {
        this._waitingForSize = true;
        window.addEventListener("resize", function retry() {
          if (!self.map.getContainer().clientHeight) return;
          window.removeEventListener("resize", retry);
          self._waitingForSize = false;
          self.map.invalidateSize({ pan: false });
          self.render(self.args);
        });
      }
      return;
    }
    var first = !this.started;
    this.started = true;
    if (first) {
      // SVG in a report frame, so its exports stay vector; a canvas elsewhere, which pans faster
      this.basemapRenderer = this.report ? L.svg({ pane: "ca-basemap", padding: 0.2 }) : L.canvas({ pane: "ca-basemap", padding: 0.5 });
      this._addBasemap();
    }
    this.map.invalidateSize({ pan: false });
    if (first) {
      if (args.view && isFinite(args.view.lat) && isFinite(args.view.lon) && isFinite(args.view.zoom)) {
        this.map.setView([args.view.lat, args.view.lon], args.view.zoom, { animate: false });
        this.viewFromUrl = true;
      } else {
        this.fitTo(L.latLngBounds([this.config.defaultBounds[1], this.config.defaultBounds[0]], [this.config.defaultBounds[3], this.config.defaultBounds[2]]), 12);
      }
      this._viewIsKnown();
    }
    var dataChanged = args.data !== this.dataUrl;
    var loading = dataChanged ? this.loadData(args.data) : Promise.resolve();
    loading.then(function () {
      self.apply();
      var focusChanged = args.focus && (first ? !self.viewFromUrl : args.focus !== previous.focus);
      if (focusChanged && self.data && self.data.byId[args.focus]) {
        self.fitTo(self.boundsOf([args.focus]), 8);
      } else if (args.fit_token && args.fit_token !== previous.fit_token && !(first && self.viewFromUrl)) {
        self.fitTo(self.boundsOf(Object.keys(self.shownEntities)), 8);
      } else if (first && self.report && !self.viewFromUrl) {
        self.fitTo(self.boundsOf(Object.keys(self.shownEntities)), 8);
      }
      if (first) self._viewIsKnown();
    });
  };

  // ---------------------------------------------------------------- entry point

  window.AtlasMap = {
    /** What the report frame script (atlas-report.js) builds on. */
    internals: { AtlasView: AtlasView, bridge: bridge, el: el, svg: svg, Box: Box, inflate: inflate, inside: inside, collides: collides, textWidth: textWidth },
    attach: function (map, config) {
      var view = new AtlasView(map, config);
      window.atlasView = view;
      bridge.onRender = function (args) {
        view.render(args);
      };
      var standalone = config.standaloneArgs;
      if (standalone) {
        view.render(standalone);
      } else {
        bridge.send("streamlit:componentReady", { apiVersion: 1 });
      }
      return view;
    },
  };
})();
