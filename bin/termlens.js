#!/usr/bin/env node
// The termlens command line: `termlens lint FILE...`, `termlens import greeks-live PAGE...`.
'use strict';
require('./run-bundle')('cli.js');
