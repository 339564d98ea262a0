/*
 * Corridor Atlas report frame: the browser map laid out as a fixed-size frame (title, map, quote notes, credit)
 * with quote callouts the analyst can drag. The preview in the dashboard and the exported PNG, PDF and SVG are
 * this same page, so what the analyst sees is what they get.
 *
 * Quote numbers: every quote has a stable number in the dataset (note.n). A report prints only the quotes the
 * analyst picked, renumbered 1…n in reading order, and the map's labels and callouts use those numbers only, so
 * nothing on the map refers to a note that is not printed.
 *
 * Text from the data is only ever put into the page with textContent: never as HTML.
 */
(function () {
  "use strict";

  var A = window.AtlasMap.internals;
  var P = A.AtlasView.prototype;
  var el = A.el,
    svg = A.svg,
    Box = A.Box;

  var HEADER_PX = 64;
  var CREDIT_PX = 26;
  var SIDE_NOTES_PX = 380;
  var BOTTOM_NOTES_PX = 300;
  var CALLOUT_WIDTH_PX = 230;
  var PREVIEW_MARGIN_PX = 110; // the composer's caption and some air above and below the preview
  var MIN_PREVIEW_PX = 360;
  var CALLOUT_DIRECTIONS = [[1, -1], [1, 1], [-1, -1], [-1, 1], [1, 0], [-1, 0], [0, -1], [0, 1]];
  var CALLOUT_DISTANCES_PX = [24, 50, 85, 130, 190, 260];

  /** A quote shortened to at most ``limit`` characters, at a word boundary, with an ellipsis. */
  function shorten(text, limit) {
    var clean = String(text).replace(/\s+/g, " ").trim();
    if (clean.length <= limit) return clean;
    var cut = clean.slice(0, Math.max(1, limit - 1));
    var space = cut.lastIndexOf(" ");
    if (space > limit * 0.6) cut = cut.slice(0, space);
    return cut.replace(/[\s,;:.–—-]+$/, "") + "…";
  }

  /** The outlet part of a source title ("CABAR.asia, “…” (2019)" → "CABAR.asia"). */
  function outletOf(sourceTitle) {
    var title = String(sourceTitle || "");
    var cut = title.indexOf(", “");
    return cut > 0 ? title.slice(0, cut) : title;
  }

  // ---------------------------------------------------------------- the frame

  P._buildReport = function () {
    var frame = el("div", "ca-report");
    frame.id = "ca-report";
    var head = el("header", "ca-report-head");
    this.reportTitle = head.appendChild(el("div", "ca-report-title"));
    this.reportSubtitle = head.appendChild(el("div", "ca-report-sub"));
    frame.appendChild(head);
    var viewport = el("div", "ca-report-viewport");
    this.container.parentNode.insertBefore(viewport, this.container);
    viewport.appendChild(frame);
    frame.appendChild(this.container); // the Leaflet map, moved into the frame
    this.container.classList.add("ca-report-map");
    this.reportNotes = frame.appendChild(el("aside", "ca-report-notes"));
    this.reportCredit = frame.appendChild(el("footer", "ca-report-credit"));
    this.reportFrame = frame;
    this.reportViewport = viewport;
    document.body.classList.add("ca-report-page");
    if (this.notesNode) {
      this.notesNode.parentNode.removeChild(this.notesNode);
      this.notesNode = null;
    }
    this.calloutRoot = el("div", "ca-callout-root");
    this.map.getPane("ca-labels").appendChild(this.calloutRoot);
    this.draggedOffsets = Object.create(null);
    var self = this;
    var rescale = function () {
      if (self.report) self._scaleReport();
    };
    window.addEventListener("resize", rescale);
    try {
      window.parent.addEventListener("resize", rescale);
    } catch (error) {
      // another origin: the preview follows its own frame's width only
    }
  };

  /** Lay the frame out at its true size for ``report`` (sizes in CSS px), then scale the preview to fit. */
  P._renderReport = function (report) {
    if (!this.reportFrame) this._buildReport();
    if (this.report && report.reset !== this.report.reset) this.draggedOffsets = Object.create(null);
    this.report = report;
    var width = report.size[0],
      height = report.size[1];
    var wide = width / height >= 1.25;
    var withNotes = (report.quotes || []).length > 0;
    var mapWidth = wide && withNotes ? width - SIDE_NOTES_PX : width;
    var mapHeight = height - HEADER_PX - CREDIT_PX - (!wide && withNotes ? BOTTOM_NOTES_PX : 0);
    var frame = this.reportFrame;
    frame.style.width = width + "px";
    frame.style.height = height + "px";
    frame.classList.toggle("ca-report-wide", wide);
    frame.classList.toggle("ca-report-tall", !wide);
    var map = this.container.style;
    map.top = HEADER_PX + "px";
    map.width = mapWidth + "px";
    map.height = mapHeight + "px";
    var notes = this.reportNotes.style;
    notes.display = withNotes ? "" : "none";
    notes.left = (wide ? mapWidth : 0) + "px";
    notes.top = (wide ? HEADER_PX : HEADER_PX + mapHeight) + "px";
    notes.width = (wide ? SIDE_NOTES_PX : width) + "px";
    notes.height = (wide ? mapHeight : BOTTOM_NOTES_PX) + "px";
    this.reportTitle.textContent = report.title || "";
    this.reportSubtitle.textContent = report.subtitle || "";
    this.reportSubtitle.style.display = report.subtitle ? "" : "none";
    this.reportCredit.textContent = report.credit || "";
    this._scaleReport();
  };

  /** The preview is the frame at its true size, scaled down to the host's width; an export is never scaled. */
  P._scaleReport = function () {
    var report = this.report;
    var width = report.size[0],
      height = report.size[1];
    var room = document.documentElement.clientWidth || window.innerWidth || width;
    var scale = report.export ? 1 : Math.min(1, room / width, this._roomHeight() / height);
    this.scale = scale;
    this.reportFrame.style.transform = scale < 1 ? "scale(" + scale.toFixed(5) + ")" : "";
    this.reportViewport.style.width = Math.floor(width * scale) + "px";
    this.reportViewport.style.height = Math.ceil(height * scale) + "px";
    this.container.dataset.scale = scale.toFixed(4);
    A.bridge.setHeight(Math.ceil(height * scale) + 2);
  };

  /** How tall the preview may be: the host window's height less its caption, so the whole frame is in view. */
  P._roomHeight = function () {
    var height = Infinity;
    try {
      height = window.parent.innerHeight - PREVIEW_MARGIN_PX; // the host page is on the same origin
    } catch (error) {
      return Infinity; // another origin: fit the width only
    }
    return Math.max(MIN_PREVIEW_PX, height);
  };

  // ---------------------------------------------------------------- notes and numbers

  P._noteByNumber = function () {
    var byNumber = Object.create(null);
    (this.data.notes || []).forEach(function (note) {
      byNumber[note.n] = note;
    });
    return byNumber;
  };

  /** Print the picked quotes that concern something shown, 1…n; drop from the end what does not fit. */
  P._updateReportNotes = function () {
    var root = this.reportNotes;
    var shown = this.shownEntities;
    var byNumber = this._noteByNumber();
    var picked = (this.report.quotes || [])
      .map(function (n) {
        return byNumber[n];
      })
      .filter(function (note) {
        return (
          note &&
          note.ids.some(function (id) {
            return shown[id];
          })
        );
      })
      .sort(function (a, b) {
        return a.n - b.n;
      });
    var pickedSet = Object.create(null);
    picked.forEach(function (note) {
      pickedSet[note.n] = true;
    });
    this.reportHidden = (this.report.quotes || []).filter(function (n) {
      return !pickedSet[n];
    });
    while (root.firstChild) root.removeChild(root.firstChild);
    root.appendChild(el("h3", null, "Quotes"));
    var items = picked.map(function (note, i) {
      var item = el("div", "ca-report-note");
      item.dataset.n = String(note.n);
      item.appendChild(el("span", "ca-ref", "[" + (i + 1) + "]"));
      item.appendChild(el("span", "ca-report-who", " " + note.names.join(", ")));
      item.appendChild(el("span", "ca-report-quote", "“" + String(note.text).replace(/\s+/g, " ").trim() + "”"));
      item.appendChild(el("span", "ca-report-where", note.source + ", characters " + note.start + "–" + note.end));
      root.appendChild(item);
      return item;
    });
    var dropped = [];
    // a two-column panel overflows sideways (into a third column), a one-column panel downwards
    function overflows() {
      return root.scrollHeight > root.clientHeight + 1 || root.scrollWidth > root.clientWidth + 1;
    }
    while (items.length && overflows()) {
      var last = items.pop();
      root.removeChild(last);
      dropped.unshift(picked.pop().n);
    }
    var numbers = Object.create(null);
    picked.forEach(function (note, i) {
      numbers[note.n] = i + 1;
    });
    this.reportNumbers = numbers;
    this.reportPrinted = picked.map(function (note) {
      return note.n;
    });
    this.reportDropped = dropped;
    this.container.dataset.printed = this.reportPrinted.join(",");
    this._sendReportStateIfChanged();
  };

  P._refsOf = (function (base) {
    return function (entity) {
      if (!this.report) return base.call(this, entity);
      var numbers = this.reportNumbers || {};
      return entity.refs
        .map(function (n) {
          return numbers[n];
        })
        .filter(Boolean)
        .sort(function (a, b) {
          return a - b;
        });
    };
  })(P._refsOf);

  // ---------------------------------------------------------------- callouts

  /** Where a quote's callout points: the first shown symbol it names, else a point on its first shown line. */
  P._calloutAnchor = function (note, frame) {
    var shown = this.shownEntities;
    var map = this.map;
    for (var i = 0; i < note.ids.length; i++) {
      var entity = shown[note.ids[i]];
      if (!entity || !entity.point) continue;
      var p = map.latLngToContainerPoint([entity.lat, entity.lon]);
      if (p.x >= frame.minX && p.x <= frame.maxX && p.y >= frame.minY && p.y <= frame.maxY) return { point: p, id: entity.id };
    }
    for (var j = 0; j < note.ids.length; j++) {
      var id = note.ids[j];
      if (!shown[id]) continue;
      var legs = this.shownLegs.filter(function (leg) {
        return leg.corridor === id;
      });
      var anchors = legs.length ? this._lineAnchors(legs, frame) : [];
      if (anchors.length) return { point: anchors[0], id: id };
    }
    return null;
  };

  P._calloutOffset = function (n) {
    if (this.draggedOffsets[n]) return this.draggedOffsets[n];
    var wanted = (this.report.callouts || []).filter(function (c) {
      return c.n === n;
    })[0];
    return wanted && wanted.dx !== null && wanted.dx !== undefined ? [wanted.dx, wanted.dy] : null;
  };

  /** The first place around ``anchor`` where a ``width`` × ``height`` box stays in the frame and hits nothing. */
  function freeCalloutSpot(index, frame, anchor, width, height) {
    var fallback = null;
    for (var d = 0; d < CALLOUT_DISTANCES_PX.length; d++) {
      for (var k = 0; k < CALLOUT_DIRECTIONS.length; k++) {
        var dir = CALLOUT_DIRECTIONS[k],
          gap = CALLOUT_DISTANCES_PX[d];
        var cx = anchor.x + dir[0] * (gap + width / 2),
          cy = anchor.y + dir[1] * (gap + height / 2);
        var box = new Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2, "callout");
        if (!A.inside(box, frame)) continue;
        if (!fallback) fallback = box;
        if (!index.search(A.inflate(box, 4)).length) return box;
      }
    }
    return fallback;
  }

  /** Draw the callouts of the printed quotes the analyst asked for, before country names and labels. */
  P._placeCallouts = function (index, frame) {
    var root = this.calloutRoot;
    while (root.firstChild) root.removeChild(root.firstChild);
    this.calloutBoxes = Object.create(null);
    this.calloutsUnplaced = [];
    if (!this.data || !this.reportNumbers) return;
    var self = this;
    var byNumber = this._noteByNumber();
    var limit = Math.max(20, this.report.callout_chars || 140);
    (this.report.callouts || []).forEach(function (wanted) {
      var number = self.reportNumbers[wanted.n];
      var note = byNumber[wanted.n];
      if (!number || !note) return;
      var anchor = self._calloutAnchor(note, frame);
      if (!anchor) {
        self.calloutsUnplaced.push(wanted.n); // nothing it speaks of is in view
        return;
      }
      var holder = el("div", "ca-callout-holder");
      var box = el("div", "ca-callout");
      box.dataset.n = String(wanted.n);
      box.appendChild(el("span", "ca-ref", "[" + number + "] "));
      box.appendChild(el("span", "ca-callout-text", "“" + shorten(note.text, limit) + "”"));
      box.appendChild(el("span", "ca-callout-source", "— " + outletOf(note.source)));
      box.style.width = CALLOUT_WIDTH_PX + "px";
      holder.appendChild(box);
      root.appendChild(holder);
      var width = box.offsetWidth,
        height = box.offsetHeight;
      var offset = self._calloutOffset(wanted.n);
      var placed;
      if (offset) {
        placed = new Box(anchor.point.x + offset[0], anchor.point.y + offset[1], anchor.point.x + offset[0] + width, anchor.point.y + offset[1] + height, "callout");
      } else {
        placed = freeCalloutSpot(index, frame, anchor.point, width, height);
        if (!placed) {
          root.removeChild(holder);
          self.calloutsUnplaced.push(wanted.n);
          return;
        }
      }
      placed.label = true;
      index.insert(placed);
      self.calloutBoxes[wanted.n] = { box: placed, anchor: anchor.point };
      self._drawCallout(holder, box, anchor.point, placed);
      self._makeDraggable(box, wanted.n);
    });
    this.container.dataset.callouts = String(Object.keys(this.calloutBoxes).length);
    this._sendReportStateIfChanged();
  };

  /** Position a callout box and its connector: from the anchor to the nearest point of the box's edge. */
  P._drawCallout = function (holder, box, anchor, placed) {
    var layerAnchor = this.map.containerPointToLayerPoint(anchor);
    holder.style.left = layerAnchor.x.toFixed(1) + "px";
    holder.style.top = layerAnchor.y.toFixed(1) + "px";
    var dx = placed.minX - anchor.x,
      dy = placed.minY - anchor.y;
    box.style.left = dx.toFixed(1) + "px";
    box.style.top = dy.toFixed(1) + "px";
    var old = holder.querySelector("svg");
    if (old) holder.removeChild(old);
    var width = placed.maxX - placed.minX,
      height = placed.maxY - placed.minY;
    var ex = Math.min(Math.max(0, dx), dx + width),
      ey = Math.min(Math.max(0, dy), dy + height);
    var connector = svg("svg", { class: "ca-callout-connector", width: 1, height: 1 });
    connector.appendChild(svg("line", { x1: 0, y1: 0, x2: ex.toFixed(1), y2: ey.toFixed(1), stroke: "#1d2433", "stroke-width": 1.2 }));
    connector.appendChild(svg("circle", { cx: 0, cy: 0, r: 2.6, fill: "#1d2433" }));
    holder.insertBefore(connector, box);
  };

  /** Drag a callout with the mouse; on release its offset from the anchor goes to the host (and the URL). */
  P._makeDraggable = function (box, n) {
    var self = this;
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    box.addEventListener("mousedown", function (event) {
      if (event.button !== 0) return;
      event.preventDefault();
      event.stopPropagation();
      var entry = self.calloutBoxes[n];
      if (!entry) return;
      var startX = event.clientX,
        startY = event.clientY;
      var origin = entry.box;
      var width = origin.maxX - origin.minX,
        height = origin.maxY - origin.minY;
      var moved = origin;
      box.classList.add("ca-dragging");
      function move(e) {
        var scale = self.scale || 1;
        var ddx = (e.clientX - startX) / scale,
          ddy = (e.clientY - startY) / scale;
        moved = new Box(origin.minX + ddx, origin.minY + ddy, origin.minX + ddx + width, origin.minY + ddy + height, "callout");
        self._drawCallout(box.parentNode, box, entry.anchor, moved);
      }
      function up() {
        document.removeEventListener("mousemove", move);
        document.removeEventListener("mouseup", up);
        box.classList.remove("ca-dragging");
        if (moved === origin) return;
        self.draggedOffsets[n] = [Math.round(moved.minX - entry.anchor.x), Math.round(moved.minY - entry.anchor.y)];
        self.placeLabels();
        self._sendValue(null);
      }
      document.addEventListener("mousemove", move);
      document.addEventListener("mouseup", up);
    });
  };

  // ---------------------------------------------------------------- what goes back to the host

  /** The report's state for the host: fixed callout offsets, the quotes printed, and those left out. */
  P._reportValue = function () {
    var self = this;
    var callouts = Object.create(null);
    (this.report.callouts || []).forEach(function (c) {
      var offset = self._calloutOffset(c.n);
      if (offset) callouts[c.n] = offset;
    });
    return {
      callouts: callouts,
      printed: this.reportPrinted || [],
      dropped: this.reportDropped || [],
      hidden: this.reportHidden || [],
      unplaced: this.calloutsUnplaced || [],
    };
  };

  /** Tell the host when the quotes that fit change (so it can say which picked quotes were left out). */
  P._sendReportStateIfChanged = function () {
    if (this.report.export) return;
    var unplaced = this.calloutsUnplaced || [];
    var state = JSON.stringify([this.reportDropped, this.reportHidden, unplaced]);
    if (state === this._lastReportState) return;
    var first = this._lastReportState === undefined;
    this._lastReportState = state;
    if (first && !this.reportDropped.length && !this.reportHidden.length && !unplaced.length) return;
    this._sendValue(null);
  };

  /** Resolves once the data, basemap, country names and fonts are in and the labels are placed for them. */
  P.settle = function () {
    var self = this;
    return new Promise(function (resolve, reject) {
      var started = Date.now();
      (function check() {
        var c = self.container.dataset;
        if (c.ready === "error") return reject(new Error("the map data could not be loaded"));
        var tilesDone = c.tilesPending === undefined || c.tilesPending === "0"; // database layers' tiles drawn
        if (c.ready === "1" && c.basemap === "loaded" && self.countryLabels && tilesDone) {
          return document.fonts.ready.then(function () {
            self.placeLabels();
            requestAnimationFrame(function () {
              requestAnimationFrame(function () {
                resolve(true);
              });
            });
          });
        }
        if (Date.now() - started > 30000) return reject(new Error("the map did not settle in 30 s"));
        setTimeout(check, 50);
      })();
    });
  };

  window.AtlasMap.shortenQuote = shorten;
})();
