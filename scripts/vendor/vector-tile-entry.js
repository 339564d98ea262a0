// Source of static/vendor/vector-tile.min.js, the Mapbox Vector Tile decoder the browser map reads tiles with.
// Rebuild (needs npm; the output is committed, so the app never needs it):
//   npm install @mapbox/vector-tile@3.0.0 pbf@5.1.2 esbuild@0.28.2
//   npx esbuild scripts/vendor/vector-tile-entry.js --bundle --minify --format=iife --target=es2017 \
//     --legal-comments=none --outfile=static/vendor/vector-tile.min.js
// Licences: static/vendor/LICENSE-vector-tile.txt.
import { PbfReader as Pbf } from "pbf";
import { VectorTile } from "@mapbox/vector-tile";

window.AtlasVectorTile = { Pbf: Pbf, VectorTile: VectorTile };
