/*
 * Corridor Atlas browser map: placing a name by hand. With ``args.pick = {key, label, lat, lon}`` the map shows a
 * banner and a pin (at the position known so far, if any); a click anywhere moves the pin there and sends
 * ``{pick: {lat, lon, n}}`` to the host. Symbols, lines and labels do not take clicks meanwhile.
 */
(function () {
  "use strict";

  var A = window.AtlasMap.internals;
  var AtlasView = A.AtlasView;
  var el = A.el;

  var PIN_STYLE = { radius: 8, color: "#111111", weight: 2.5, fillColor: "#ffffff", fillOpacity: 1, interactive: false };

  AtlasView.prototype._renderPick = function (pick) {
    var container = this.map.getContainer();
    if (this.notesNode && this.notesNode.style.display !== (pick ? "none" : "")) {
      this.notesNode.style.display = pick ? "none" : ""; // a map to click on, without the quotes under it
      this._fitFrame();
    }
    if (!pick) {
      if (this.pickPin) this.map.removeLayer(this.pickPin);
      if (this.pickBanner) this.pickBanner.remove();
      this.pickPin = this.pickBanner = this.lastPick = this.pickKey = null;
      container.classList.remove("ca-picking");
      return;
    }
    if (pick.key !== this.pickKey) {
      this.pickKey = pick.key;
      this.lastPick = null; // another name: its own position, not the last one clicked
    }
    container.classList.add("ca-picking");
    if (!this.pickBanner) {
      this.pickBanner = el("div", "ca-pick-banner");
      container.appendChild(this.pickBanner);
      this._listenForPicks();
    }
    this.pickBanner.textContent = "Click on the map where " + String(pick.label || "the place") + " is";
    var known = this.lastPick || (typeof pick.lat === "number" && typeof pick.lon === "number" ? pick : null);
    if (known) {
      this._movePin(known.lat, known.lon);
    } else if (this.pickPin) {
      this.map.removeLayer(this.pickPin);
      this.pickPin = null;
    }
  };

  AtlasView.prototype._listenForPicks = function () {
    var self = this;
    this.pickCount = 0;
    this.map.on("click", function (event) {
      if (!self.args || !self.args.pick) return;
      var lat = +event.latlng.lat.toFixed(5);
      var lon = +L.Util.wrapNum(event.latlng.lng, [-180, 180], true).toFixed(5);
      self.pickCount += 1;
      self.lastPick = { lat: lat, lon: lon, n: self.pickCount };
      self._movePin(lat, lon);
      self._sendValue(null);
    });
  };

  AtlasView.prototype._movePin = function (lat, lon) {
    if (!this.pickPin) {
      this.pickPin = L.circleMarker([lat, lon], PIN_STYLE).addTo(this.map);
    } else {
      this.pickPin.setLatLng([lat, lon]);
    }
    this.pickPin.bringToFront();
  };
})();
