#!/usr/bin/env node
// Thin launcher: the program lives in src/cli/whisk-local.ts (compiled to dist/ by `npm run build`).
import '../dist/cli/whisk-local.js';
