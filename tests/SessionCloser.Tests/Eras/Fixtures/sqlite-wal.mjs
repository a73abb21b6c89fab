// Real SQLite (Node's built-in node:sqlite, Node 22.13+) for the WAL reader tests. Paths come from argv; nothing
// here is built from data. Commands:
//   make <dir>          a WAL-mode database with several commits, copied to <dir>/made.sqlite(+ -wal) before any
//                       checkpoint; prints [{ userVersion, walBytes }] as of each commit
//   read <db>...        opens each (throwaway) copy and prints [user_version], as SQLite recovers its WAL
//   append <db> <v>     opens the copy, commits user_version = v and a row, copies it to <db>.appended(+ -wal)
//                       before any checkpoint; prints { before, after }
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const [command, ...args] = process.argv.slice(2);
const userVersion = db => db.prepare('pragma user_version').get().user_version;
const snapshot = (from, to) => {
  copyFileSync(from, to);
  copyFileSync(from + '-wal', to + '-wal');
};
const blob = (size, seed) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff));

if (command === 'make') {
  const [dir] = args;
  const work = join(dir, 'work.sqlite');
  const db = new DatabaseSync(work);
  db.exec('pragma page_size = 1024; pragma journal_mode = wal; pragma wal_autocheckpoint = 0');
  const commits = [];
  const commit = (sql, row) => {
    db.exec('begin');
    if (row) db.prepare('insert into t(x) values (?)').run(row);
    db.exec(`${sql}; commit`);
    commits.push({ userVersion: userVersion(db), walBytes: statSync(work + '-wal').size });
  };
  commit('create table t(x); pragma user_version = 1');
  commit('pragma user_version = 2', blob(3000, 1)); // overflow pages: a transaction of several frames
  commit("insert into t(x) values ('small')"); // a commit that leaves page 1 alone
  commit('pragma user_version = 4', blob(2500, 2));
  commit('pragma user_version = 5');
  snapshot(work, join(dir, 'made.sqlite'));
  db.close();
  console.log(JSON.stringify(commits));
} else if (command === 'read') {
  console.log(JSON.stringify(args.map(path => {
    const db = new DatabaseSync(path);
    try { return userVersion(db); } finally { db.close(); }
  })));
} else if (command === 'append') {
  const [path, version] = args;
  if (!/^[0-9]+$/.test(version)) throw new Error(`not a user_version: ${version}`);
  const db = new DatabaseSync(path);
  db.exec('pragma wal_autocheckpoint = 0');
  const before = userVersion(db);
  db.exec(`begin; insert into t(x) values ('appended'); pragma user_version = ${version}; commit`);
  snapshot(path, path + '.appended');
  const after = userVersion(db);
  db.close();
  console.log(JSON.stringify({ before, after }));
} else {
  throw new Error(`unknown command ${command}`);
}
