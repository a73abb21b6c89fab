#!/usr/bin/env node
// session-closer's npm command: runs the Native AOT program that npm installed for this platform, the optional
// dependency session-closer-<rid> whose os/cpu match (no download, no install script). Arguments, stdio, the exit
// code and signals pass through unchanged.
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');

const MISSING = 127; // as a shell says for a command it cannot find (docs/packaging.md)

const rids = { 'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'darwin-arm64': 'osx-arm64' };
const rid = rids[`${process.platform}-${process.arch}`];
if (!rid) {
  fail(`no prebuilt session-closer for ${process.platform}-${process.arch} (there are: ${Object.values(rids).join(', ')}). ` +
    'Build it from source (eng/pack.sh) or use the dotnet tool: dotnet tool install -g session-closer');
}

const platformPackage = `session-closer-${rid}`;
let program;
try {
  program = path.join(path.dirname(require.resolve(`${platformPackage}/package.json`)), 'bin', 'session-closer');
} catch {
  fail(`the package ${platformPackage}, which holds the program for this platform, is not installed. ` +
    'npm installs it with session-closer unless optional dependencies are left out: reinstall with ' +
    `npm install -g session-closer (without --omit=optional), or npm install -g ${platformPackage}`);
}

const child = spawn(program, process.argv.slice(2), { stdio: 'inherit' });
const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of forwarded) {
  process.on(signal, () => child.kill(signal)); // the program rolls back or finishes, then exits with the signal's code
}
child.on('error', (error) => fail(`cannot run ${program}: ${error.message}`));
child.on('exit', (code, signal) => {
  if (signal) {
    for (const s of forwarded) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});

function fail(message) {
  process.stderr.write(`session-closer: ${message}\n`);
  process.exit(MISSING);
}
