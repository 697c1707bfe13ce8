#!/usr/bin/env node
// Thin launcher: the program lives in src/cli/workload-invoker.ts (compiled to dist/ by `npm run build`).
import '../dist/cli/workload-invoker.js';
