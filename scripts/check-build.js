#!/usr/bin/env node
// Run before the built code (npm start and the admin commands): refuses, with the reason, when dist/
// is missing or older than a source file, rather than running stale code silently. Cheap: it only
// compares modification times. A production image holds no sources, so there it only checks dist/.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STAMP = 'dist/.build-stamp';
// What tsconfig.build.json compiles, and the settings it compiles with.
const SOURCES = ['server', 'db', 'seeds', 'scripts', 'tsconfig.json', 'tsconfig.build.json'];

function newestSource(entry, since) {
  const full = path.join(ROOT, entry);
  let stat;
  try {
    stat = fs.statSync(full);
  } catch {
    return undefined;
  }
  if (stat.isFile()) return stat.mtimeMs > since && /\.(ts|json)$/.test(entry) ? entry : undefined;
  for (const name of fs.readdirSync(full)) {
    const changed = newestSource(path.join(entry, name), since);
    if (changed) return changed;
  }
  return undefined;
}

/** Why the build cannot be used, or undefined when it is current. */
function buildProblem() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(ROOT, STAMP), 'utf8'));
  } catch {
    return 'There is no build in dist/. Run `npm run build` (npm install does it once).';
  }
  const changed = SOURCES.map((entry) => newestSource(entry, stamp.startedAt)).find(Boolean);
  if (changed) return `The build in dist/ is older than ${changed}. Run \`npm run build\` to compile the current sources.`;
  return undefined;
}

module.exports = { STAMP, buildProblem };

if (require.main === module) {
  const problem = buildProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
