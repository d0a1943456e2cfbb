#!/usr/bin/env node
// The termlens language server for editors other than VS Code (LSP over --stdio, --node-ipc or --socket=<port>).
'use strict';
require('./run-bundle')('server.js');
