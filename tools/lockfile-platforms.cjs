#!/usr/bin/env node
// The npm registry reachable from our machines serves only the Linux builds of @swc/core's platform
// packages, so `npm install` cannot record the others in package-lock.json, and `npm ci` then refuses
// the lock ("Missing: @swc/core-darwin-arm64@ from lock file"). This tool records each missing
// optional platform package as an optional entry tagged with its os/cpu: npm ci skips it on other
// platforms, and a machine of that platform fetches it as usual. See ADR 0001.
//   node tools/lockfile-platforms.cjs          add the missing entries
//   node tools/lockfile-platforms.cjs --check  exit 1 when some are missing
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.resolve(__dirname, '../package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const PLATFORM = {
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'linux-arm-gnueabihf': { os: ['linux'], cpu: ['arm'] },
  'linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'linux-ppc64-gnu': { os: ['linux'], cpu: ['ppc64'], libc: ['glibc'] },
  'linux-s390x-gnu': { os: ['linux'], cpu: ['s390x'], libc: ['glibc'] },
  'linux-x64-gnu': { os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
  'linux-x64-musl': { os: ['linux'], cpu: ['x64'], libc: ['musl'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'win32-ia32-msvc': { os: ['win32'], cpu: ['ia32'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};

const missing = [];
for (const [key, entry] of Object.entries(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  const base = key.slice(0, key.lastIndexOf('node_modules/'));
  for (const [name, version] of Object.entries(entry.optionalDependencies)) {
    const target = `${base}node_modules/${name}`;
    if (lock.packages[target] || lock.packages[`node_modules/${name}`]) continue;
    const suffix = Object.keys(PLATFORM).find((p) => name.endsWith(`-${p}`));
    if (!suffix) continue;
    missing.push({ target, version, platform: PLATFORM[suffix] });
  }
}

if (process.argv.includes('--check')) {
  if (missing.length) {
    console.error(`package-lock.json lacks ${missing.length} optional platform entries (npm ci would fail):`);
    for (const m of missing) console.error(`  ${m.target}@${m.version}`);
    console.error('run: node tools/lockfile-platforms.cjs');
    process.exit(1);
  }
  console.log('package-lock.json: every optional platform package is recorded');
  process.exit(0);
}

for (const m of missing) {
  lock.packages[m.target] = { version: m.version, optional: true, ...m.platform };
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${missing.length} optional platform entries to package-lock.json`);
