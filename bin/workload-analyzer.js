#!/usr/bin/env node
// Thin launcher: the program lives in src/cli/workload-analyzer.ts (compiled to dist/ by `npm run build`).
import '../dist/cli/workload-analyzer.js';
