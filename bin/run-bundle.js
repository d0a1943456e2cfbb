'use strict';
// Shared by the bin wrappers: runs a bundle from dist/, or says how to build it.
const fs = require('fs');
const path = require('path');

/** Runs dist/<name>, or exits 2 with a one-line message when the package has not been built. */
module.exports = function runBundle(name) {
  const bundle = path.join(__dirname, '..', 'dist', name);
  if (!fs.existsSync(bundle)) {
    process.stderr.write(`termlens: not built yet — run "npm run build" in ${path.resolve(__dirname, '..')}\n`);
    process.exit(2);
  }
  require(bundle);
};
