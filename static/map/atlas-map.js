/*
 * Corridor Atlas browser map.
 *
 * The page is built by folium (carto/webmap.py); this script attaches to its Leaflet map. Data arrives once as
 * content-addressed JSON (carto/weblayer.py); afterwards the host page sends only the view state (filters, focus).
 * Filtering and focus run here; the data files are read in atlas-data.js, labels are placed in atlas-labels.js
 * (at every zoom, pan and resize), the legend and quote notes are drawn in atlas-legend.js and the report frame
 * in atlas-report.js. Those scripts extend AtlasView through window.AtlasMap.internals.
 *
 * Text from the data is only ever put into the page with textContent or as text nodes: never as HTML.
 */
(function () {
  "use strict";

  var CLICK_TOLERANCE_PX = 8;
  var FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

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
      self._countDatabaseFeatures();
      self._updateLegend(); // the legend lists what is in view; labels then keep clear of its new size
      self.placeLabels();
      self._reportViewSoon();
    });
    map.on("resize", function () {
      self.placeLabels();
    });
    map.on("click", function (event) {
      var id = self._nearestUserLine(event.containerPoint);
      if (id) self.select(id);
      else self._clickDatabaseFeature(event.latlng);
    });
    window.addEventListener("resize", function () {
      map.invalidateSize({ pan: false });
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
      kinds = setOf(filters.kinds),
      unfiltered = setOf(this.config.unfilteredKinds); // kinds no filter offers (places a read text names)
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
        (kinds[entity.kind] || unfiltered[entity.kind] || (entity.kind === "format" && showFormats)) &&
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
    this._renderDatabaseLayers(args.database_layers); // before the legend, which lists what they draw in view
    this._updateNotes(); // first: a report's notes decide which quote numbers the legend and labels show
    this._updateLegend();
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
    // the legend and the scale sit over the bottom of the map: nothing fitted should land under them
    var corner = this.legendNode && this.legendNode.parentNode;
    var covered = corner ? Math.min(corner.offsetHeight, this.container.clientHeight / 3) : 0;
    this.map.fitBounds(bounds, {
      paddingTopLeft: [40, 40],
      paddingBottomRight: [40, 40 + covered],
      maxZoom: maxZoom || 8,
      animate: false,
    });
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
    if (this.lastPick) value.pick = this.lastPick;
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
    if (this._renderPick) this._renderPick(args.pick || null);
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
    /** What the other map scripts (atlas-data, atlas-labels, atlas-legend, atlas-report) build on. */
    internals: {
      AtlasView: AtlasView,
      bridge: bridge,
      fetchFile: fetchFile,
      degreesPerPixel: degreesPerPixel,
      setOf: setOf,
      fold: fold,
      el: el,
      svg: svg,
      symbolSvg: symbolSvg,
      Box: Box,
      inflate: inflate,
      inside: inside,
      FONT_FAMILY: FONT_FAMILY,
    },
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
