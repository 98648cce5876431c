#!/usr/bin/env node
// The `lizheng` command. Runs the JavaScript compiled into dist/ (`npm install` builds it, as does `npm test` and
// `npm run build`) when it is there and no source is newer than it; otherwise, while the sources are being edited,
// loads them through tsx, as before (slower to start: every module is transpiled on each start).
// LIZHENG_RUN=tsx or LIZHENG_RUN=dist forces one of the two (tests compare them).
import { fileURLToPath } from 'node:url';
import { compiledIsFresh } from './compiled-is-fresh.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const run = process.env.LIZHENG_RUN;
const compiled = run === 'dist' || (run !== 'tsx' && compiledIsFresh(root));
if (!compiled) (await import('tsx/esm/api')).register();
const { main } = await import(compiled ? '../dist/engine/cli/main.js' : '../engine/cli/main.ts');
await main(process.argv);
