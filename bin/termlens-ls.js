#!/usr/bin/env node
// The termlens language server for editors other than VS Code (LSP over --stdio, --node-ipc or --socket=<port>).
'use strict';
const fs = require('fs');
const path = require('path');

const bundle = path.join(__dirname, '..', 'dist', 'server.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(`termlens: not built yet — run "npm run build" in ${path.resolve(__dirname, '..')}\n`);
  process.exit(2);
}
require(bundle);
