/*
 * Corridor Atlas browser map: the legend of what the map shows, and the quote notes under the map.
 */
(function () {
  "use strict";

  var A = window.AtlasMap.internals;
  var AtlasView = A.AtlasView;
  var bridge = A.bridge;
  var setOf = A.setOf;
  var el = A.el;
  var svg = A.svg;
  var symbolSvg = A.symbolSvg;

  // ---------------------------------------------------------------- legend

  /** True if a leg's drawn line may be in ``view`` (a leg not decoded yet counts as in view). */
  function legInView(leg, view) {
    if (!leg.latlngs) return true;
    if (!leg.viewBounds) {
      var bounds = L.latLngBounds([]);
      leg.latlngs.forEach(function (part) {
        part.forEach(function (latlng) {
          bounds.extend(latlng);
        });
      });
      leg.viewBounds = bounds;
    }
    return leg.viewBounds.isValid() && view.intersects(leg.viewBounds);
  }

  AtlasView.prototype._updateLegend = function () {
    var node = this.legendNode;
    if (!node) return;
    var styles = this.styles;
    // only what the map shows now: filtered in, and inside the view (a report's legend lists what its frame shows)
    var view = this.map.getBounds().pad(0.02);
    var shownLegs = this.shownLegs.filter(function (leg) {
      return legInView(leg, view);
    });
    var shown = Object.create(null);
    var self = this;
    Object.keys(this.shownEntities).forEach(function (id) {
      var entity = self.shownEntities[id];
      if (!entity.point || view.contains([entity.lat, entity.lon])) shown[id] = entity;
    });
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
    Object.keys(this.databaseStyleKeys || {}).forEach(function (key) {
      var modeStatus = key.split("/");
      modes[modeStatus[0]] = true;
      statuses[modeStatus[1]] = true;
    });
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
      if (entity.kind === "format") formats = true;
      if (entity.point && self._refsOf(entity).length) quoted = true;
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
    // a line's quote numbers are drawn with its label, when the line is in view
    if (!quoted) {
      quoted = shownLegs.some(function (leg) {
        var corridor = self.shownEntities[leg.corridor];
        return corridor && self._refsOf(corridor).length;
      });
    }
    if (quoted) row(el("span", "ca-ref", "[n]"), "Quote n (see notes)");
    // a database layer too dense to draw whole at this zoom: say how much of it is drawn
    (this.databaseThinned || []).forEach(function (layer) {
      var percent = Math.max(1, Math.round(layer.share * 100));
      row(el("span", "ca-thinned", "≈"), layer.name + ": " + percent + " % of its lines at this zoom; zoom in for all");
    });
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

})();
