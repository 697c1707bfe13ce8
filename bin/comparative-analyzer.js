#!/usr/bin/env node
// Thin launcher: the program lives in src/cli/comparative-analyzer.ts (compiled to dist/ by `npm run build`).
import '../dist/cli/comparative-analyzer.js';
