/*
 * Corridor Atlas browser map: label placement, after every zoom, pan and resize. Priority order, eight
 * positions around a symbol or along a line, then leader lines; an R-tree (rbush) of what is taken: symbols,
 * map controls, country names, other labels. Text is measured with the canvas.
 */
(function () {
  "use strict";

  var A = window.AtlasMap.internals;
  var AtlasView = A.AtlasView;
  var degreesPerPixel = A.degreesPerPixel;
  var el = A.el;
  var svg = A.svg;
  var Box = A.Box;
  var inflate = A.inflate;
  var inside = A.inside;

  var LABEL_PADDING_PX = 3;
  var LABEL_MARGIN_PX = 2;
  var LEADER_STEPS_PX = [0, 14, 30, 50, 75];
  var MAX_PLAIN_LINE_LABELS = 40;
  // A town that is only a stop inside the drawn legs (no leg starts or ends there, no quote, not a capital) is
  // labelled from this zoom on, and after every other label: "Digor", "Serres" route a line, they are not its nodes.
  var STOP_LABELS_FROM_ZOOM = 5;
  var COUNTRY_FONT = "600 11px " + A.FONT_FAMILY;
  var COUNTRY_LETTER_SPACING_PX = 2;
  var FONT_FAMILY = A.FONT_FAMILY;

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
    var stopsOnly = this._stopsOnly();
    var members = this.members || {};
    var search = ((this.args || {}).filters || {}).search;
    var stopsLabelled = this.map.getZoom() >= STOP_LABELS_FROM_ZOOM || !!search;
    Object.keys(shown).forEach(function (id) {
      var entity = shown[id];
      if (entity.kind === "format" || entity.kind === "waypoint") return;
      var refs = self._refsOf(entity);
      if (entity.quiet && !refs.length && id !== focus && !members[id]) return; // a focused line's stations too
      if (!entity.point && !refs.length && id !== focus && plainLines > MAX_PLAIN_LINE_LABELS) return;
      if (!entity.point && !legsByCorridor[id]) return; // a corridor with no drawn leg gets no label
      var stop = stopsOnly[id] && entity.kind === "city" && !entity.capital && !refs.length && !members[id];
      if (stop && !stopsLabelled) return;
      var refsText = refs.length ? "[" + refs.slice(0, 4).join(",") + (refs.length > 4 ? "…" : "") + "]" : null;
      var rank =
        entity.rank - (refs.length ? 1 : 0) - (entity.capital ? 1 : 0) - (id === focus ? 5 : 0) + (stop ? 10 : 0);
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

  /** Places that the drawn legs pass but where none of them starts or ends, by id (waypoints left out). */
  AtlasView.prototype._stopsOnly = function () {
    var byId = this.data.byId;
    var inside = Object.create(null),
      ends = Object.create(null);
    this.shownLegs.forEach(function (leg) {
      var stops = leg.path.filter(function (id) {
        return byId[id] && byId[id].kind !== "waypoint";
      });
      stops.forEach(function (id, i) {
        if (i === 0 || i === stops.length - 1) ends[id] = true;
        else inside[id] = true;
      });
    });
    Object.keys(ends).forEach(function (id) {
      delete inside[id];
    });
    return inside;
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
    this.container.dataset.labelZoom = String(map.getZoom()); // the zoom this pass placed labels for
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


  A.collides = collides;
  A.textWidth = textWidth;
})();
