#!/usr/bin/env node
// `npm run build`: compiles the TypeScript into dist/ once, saying what it does (it takes a while on a
// busy machine), and stamps the build so `npm start` can tell a stale build from a current one.
// `--if-possible` (npm's prepare step) skips quietly in a production install, which has no compiler.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { STAMP } = require('./check-build');

const ROOT = path.resolve(__dirname, '..');

function compiler() {
  try {
    return require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    return undefined;
  }
}

function main() {
  const tsc = compiler();
  if (!tsc) {
    if (process.argv.includes('--if-possible')) {
      console.error('build: TypeScript is not installed (a production install); keeping the build in dist/ as it is.');
      return 0;
    }
    console.error('build: TypeScript is a dev dependency and is not installed. Run `npm ci` (with dev dependencies), then `npm run build`.');
    return 1;
  }
  const started = Date.now();
  console.error('build: compiling the TypeScript into dist/…');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('build: failed (see the errors above); dist/ may be incomplete.');
    return result.status ?? 1;
  }
  console.error('build: preparing the empty embedded database that a first start copies…');
  const template = spawnSync(process.execPath, [path.join(ROOT, 'dist/scripts/embedded-template.js')], { cwd: ROOT, stdio: 'inherit' });
  if (template.status !== 0) {
    console.error('build: preparing the embedded database failed (see above).');
    return template.status ?? 1;
  }
  fs.writeFileSync(path.join(ROOT, STAMP), `${JSON.stringify({ startedAt: started })}\n`);
  console.error(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
}

process.exitCode = main();
