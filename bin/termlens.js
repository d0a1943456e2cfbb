#!/usr/bin/env node
// The termlens command line (glossary import, validation and linting).
'use strict';
const fs = require('fs');
const path = require('path');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(`termlens: not built yet — run "npm run build" in ${path.resolve(__dirname, '..')}\n`);
  process.exit(2);
}
require(bundle);
