// Benchmarks (a script, not a test): prints each figure beside its physical floor.
// Usage: npm run bench [-- --quick] [--no-scale] [--only startup,render,bulk,memory,rss,scale,requests]
// (--quick: smaller N, the scale check at 10,000 trials, the per-ID baseline on 200 IDs, scaled)
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseStudy } from '../dist/ctgov/schema.js';
import { appendFile } from '../dist/io/append-file.js';
import { writeFileAtomic } from '../dist/io/files.js';
import { normalize } from '../dist/model/normalize.js';
import { createRenderer } from '../dist/index.js';
import { startFakeCtgov, syntheticStore } from '../test/support/fake-ctgov.js';

const quick = process.argv.includes('--quick');
const BIN = new URL('../bin/trialcard.js', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });
const tmp = () => mkdtempSync(join(tmpdir(), 'trialcard-bench-'));
// The writer of this script, as the disk layer names owners of temp files.
const owner = { host: hostname(), pid: process.pid, alive: () => true };

/** Runs the CLI; returns wall ms and peak RSS (MB) from /usr/bin/time or /proc polling. */
function runCli(args, env = {}) {
  return new Promise((resolve, reject) => {
    const useTime = existsSync('/usr/bin/time');
    const cmd = useTime ? '/usr/bin/time' : process.execPath;
    const argv = useTime ? ['-f', '__RSS_KB=%M __CPU_S=%U+%S', process.execPath, BIN, ...args] : [BIN, ...args];
    const t0 = performance.now();
    const child = spawn(cmd, argv, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stderr = '';
    let peakKb = 0;
    const poll = useTime
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) peakKb = Math.max(peakKb, Number(m[1]));
          } catch {}
        }, 10);
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const m = /__RSS_KB=(\d+) __CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
      if (m) peakKb = Number(m[1]);
      resolve({
        code,
        ms: performance.now() - t0,
        rssMb: peakKb / 1024,
        // User + system CPU of every thread of the process (GC helpers, the libuv pool), where time(1) is there.
        ...(m ? { cpuMs: (Number(m[2]) + Number(m[3])) * 1000 } : {}),
        stderr: stderr.replace(/__RSS_KB=\d+ __CPU_S=\S+\n?/, ''),
      });
    });
  });
}

async function requestsBench() {
  const n = 1000;
  const latencyMs = 200;
  const store = syntheticStore(n);
  const server = await startFakeCtgov({ store, latencyMs });
  const ids = store.ids();
  const dir = tmp();
  writeFileSync(join(dir, 'ids.txt'), ids.join('\n'));
  const before = server.requests.length;
  const run = await runCli([
    'fetch',
    '--ids-file',
    join(dir, 'ids.txt'),
    '--out',
    join(dir, 'out'),
    '--api-base',
    server.baseUrl,
  ]);
  const tcRequests = server.requests.length - before;
  if (run.code !== 0) throw new Error(`trialcard fetch failed: ${run.stderr}`);
  // Baseline: one GET /studies/{id} per ID, one after the other (no throttle at all).
  const sample = quick ? ids.slice(0, 200) : ids;
  const t0 = performance.now();
  for (const id of sample) await (await fetch(`${server.baseUrl}/studies/${id}`)).text();
  const perIdMs = ((performance.now() - t0) / sample.length) * n;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`\n## 1,000 IDs at ${latencyMs} ms latency`);
  console.log(`trialcard fetch --ids-file (default --rate 1): ${tcRequests} requests, ${fmt(run.ms / 1000, 2)} s wall`);
  console.log(
    `one request per ID, sequential${quick ? ` (${sample.length} measured, scaled)` : ''}: ${n} requests, ` +
      `${fmt(perIdMs / 1000, 1)} s wall`,
  );
  console.log(
    `ratio: 1/${fmt(perIdMs / run.ms, 0)} of the per-ID wall (goal ≤ 1/50); requests ${tcRequests} (goal ≤ 10)`,
  );
}

async function renderBench() {
  const n = quick ? 500 : 2000;
  const store = syntheticStore(n);
  const texts = store.ids().map((id) => store.get(id).json);
  const md = createRenderer('md');
  const rounds = 3;
  const full = [];
  const renderOnly = [];
  const floor = [];
  const durableFloor = [];
  const parseOnly = [];
  const cores = [];
  for (let r = 0; r < rounds; r++) {
    let dir = tmp();
    let t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (const [i, text] of texts.entries()) {
      const p = parseStudy(JSON.parse(text));
      await writeFileAtomic(join(dir, `NCT${i}.md`), md.render(normalize(p.study)), owner);
    }
    const cpu = process.cpuUsage(cpu0);
    // CPU of every thread (GC helpers, the libuv pool's fsyncs) over the wall: how much of 2 cores is left.
    cores.push((cpu.user + cpu.system) / 1000 / (performance.now() - t0));
    full.push(n / ((performance.now() - t0) / 1000));
    rmSync(dir, { recursive: true, force: true });
    t0 = performance.now();
    for (const text of texts) md.render(normalize(parseStudy(JSON.parse(text)).study));
    renderOnly.push(n / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    for (const text of texts) JSON.parse(text);
    parseOnly.push(n / ((performance.now() - t0) / 1000));
    dir = tmp();
    t0 = performance.now();
    for (const [i, text] of texts.entries()) {
      JSON.parse(text);
      await writeFile(join(dir, `NCT${i}.json`), text);
    }
    floor.push(n / ((performance.now() - t0) / 1000));
    rmSync(dir, { recursive: true, force: true });
    // Pages are durable (fsync before rename): the fair floor makes the same durable write.
    dir = tmp();
    t0 = performance.now();
    for (const [i, text] of texts.entries()) {
      JSON.parse(text);
      await writeFileAtomic(join(dir, `NCT${i}.json`), text, owner);
    }
    durableFloor.push(n / ((performance.now() - t0) / 1000));
    rmSync(dir, { recursive: true, force: true });
  }
  const avgKb = texts.reduce((s, t) => s + t.length, 0) / n / 1024;
  console.log(`\n## Render throughput, ${n} local records (avg ${fmt(avgKb, 0)} KB of JSON each), median of ${rounds}`);
  console.log(`trialcard parse + validate + normalize + render + atomic write: ${fmt(median(full), 0)} pages/s`);
  console.log(
    `cores kept busy by that loop (CPU of all threads / wall, of ${availableParallelism()}): ${fmt(median(cores), 2)}`,
  );
  console.log(
    `floor, bare JSON.parse + file write of the same records:        ${fmt(median(floor), 0)} pages/s (ratio ` +
      `${fmt(median(floor) / median(full), 2)}x)`,
  );
  console.log(
    `floor, bare JSON.parse + the same durable atomic write:             ${fmt(median(durableFloor), 0)} pages/s ` +
      `(ratio ${fmt(median(durableFloor) / median(full), 2)}x)`,
  );
  console.log(
    `trialcard without the disk (parse + validate + normalize + render): ${fmt(median(renderOnly), 0)} pages/s`,
  );
  console.log(
    `floor without the disk, bare JSON.parse:                            ${fmt(median(parseOnly), 0)} pages/s ` +
      `(ratio ${fmt(median(parseOnly) / median(renderOnly), 2)}x)`,
  );
}

async function rssBench() {
  console.log('\n## Peak RSS of trialcard fetch --ids-file --out (--rate 0), by number of records');
  const sizes = quick ? [1000, 5000] : [1000, 5000, 20000];
  const store = syntheticStore(Math.max(...sizes));
  const server = await startFakeCtgov({ store });
  for (const n of sizes) {
    const dir = tmp();
    writeFileSync(join(dir, 'ids.txt'), store.ids().slice(0, n).join('\n'));
    const args = ['fetch', '--ids-file', join(dir, 'ids.txt'), '--out', join(dir, 'out')];
    const run = await runCli([...args, '--api-base', server.baseUrl, '--rate', '0']);
    if (run.code !== 0) throw new Error(run.stderr);
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    // V8 grows its heap lazily; a heap cap shows how small the live set really is.
    const capped = await runCli([...args, '--api-base', server.baseUrl, '--rate', '0'], {
      NODE_OPTIONS: '--max-old-space-size=128',
    });
    console.log(
      `${fmt(n, 0).padStart(6)} records: peak RSS ${fmt(run.rssMb, 0)} MB, ${fmt(run.ms / 1000, 1)} s ` +
        `(${fmt(n / (run.ms / 1000), 0)} pages/s end to end); with NODE_OPTIONS=--max-old-space-size=128: ` +
        `${fmt(capped.rssMb, 0)} MB, ${fmt(capped.ms / 1000, 1)} s`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
  const bare = await new Promise((resolve) => {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '-e', '0'], { encoding: 'utf8' });
    resolve(Number(r.stderr.trim().split('\n').pop()) / 1024);
  });
  console.log(`floor, node -e 0: ${fmt(bare, 0)} MB`);
  await server.close();
}

/** A bundle of the pinned runtime dependencies and nothing else: the start-up floor of any CLI built on them. */
async function dependencyFloor(dir) {
  const { build } = await import('esbuild');
  const entry = join(dir, 'deps.mjs');
  writeFileSync(
    entry,
    [
      "import * as z from 'zod/mini';",
      "import en from 'zod/v4/locales/en.js';",
      "import Handlebars from 'handlebars/runtime.js';",
      "import { Command } from 'commander';",
      "import chalk from 'chalk';",
      'z.config(en());',
      'globalThis.keep = [z.looseObject({ a: z.optional(z.string()) }), Handlebars, Command, chalk];',
    ].join('\n'),
  );
  const outfile = join(dir, 'deps.bundle.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    minifyWhitespace: true,
    minifySyntax: true,
    nodePaths: [new URL('../node_modules', import.meta.url).pathname],
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}

async function startupBench() {
  const runs = quick ? 11 : 21;
  const dir = tmp();
  const deps = await dependencyFloor(dir);
  const page = new URL('../fixtures/studies/NCT07438847.json', import.meta.url).pathname;
  const cases = {
    bare: ['-e', '0'],
    deps: [deps],
    help: [BIN, '--help'],
    fetchHelp: [BIN, 'fetch', '--help'],
    pageMd: [BIN, 'render', page],
    pageJson: [BIN, 'render', page, '--format', 'json'],
  };
  // Interleaved, so a noisy moment hits every case alike.
  const xs = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < runs; i++)
    for (const [k, args] of Object.entries(cases)) {
      const t0 = performance.now();
      spawnSync(process.execPath, args, { stdio: 'ignore' });
      xs[k].push(performance.now() - t0);
    }
  const m = Object.fromEntries(Object.entries(xs).map(([k, v]) => [k, median(v)]));
  const r = (k) => `${fmt(m[k], 0)} ms (${fmt(m[k] / m.bare, 2)}x)`;
  console.log(`\n## Start-up, median of ${runs} interleaved runs`);
  console.log(`floor, node -e 0: ${fmt(m.bare, 0)} ms`);
  console.log(`floor, node loading the bundled runtime dependencies and doing nothing: ${r('deps')}`);
  console.log(`trialcard --help: ${r('help')}; trialcard fetch --help: ${r('fetchHelp')}`);
  console.log(`trialcard render NCT07438847.json (one page, md): ${r('pageMd')} (goal ≤ 2x)`);
  console.log(`trialcard render NCT07438847.json --format json: ${r('pageJson')}`);
  rmSync(dir, { recursive: true, force: true });
}

/** Real records (the fixtures, cycled under fresh IDs) as one NDJSON file, written record by record. */
function corpusFile(dir, n) {
  const store = syntheticStore(n);
  const path = join(dir, `corpus-${n}.ndjson`);
  const fd = openSync(path, 'w');
  for (const id of store.ids()) writeSync(fd, `${store.get(id).json}\n`);
  closeSync(fd);
  return { path, store };
}

async function bulkBench() {
  const n = quick ? 1000 : 2000;
  const dir = tmp();
  const { path, store } = corpusFile(dir, n);
  const texts = store.ids().map((id) => store.get(id).json);
  const rounds = 3;
  const cli = [];
  const busy = [];
  const floor = [];
  const durable = [];
  for (let r = 0; r < rounds; r++) {
    const out = join(dir, `out-${r}`);
    const run = await runCli(['render', path, '--out', out, '-q']);
    if (run.code !== 0) throw new Error(run.stderr);
    cli.push(n / (run.ms / 1000));
    if (run.cpuMs !== undefined) busy.push(run.cpuMs / run.ms);
    rmSync(out, { recursive: true, force: true });
    for (const [list, write] of [
      [floor, (p, t) => writeFile(p, t)],
      [durable, (p, t) => writeFileAtomic(p, t, owner)],
    ]) {
      const d = join(dir, `floor-${r}`);
      mkdirSync(d);
      const t0 = performance.now();
      for (const [i, text] of texts.entries()) {
        JSON.parse(text);
        await write(join(d, `NCT${i}.json`), text);
      }
      list.push(n / ((performance.now() - t0) / 1000));
      rmSync(d, { recursive: true, force: true });
    }
  }
  const avgKb = texts.reduce((s, t) => s + t.length, 0) / n / 1024;
  console.log(
    `\n## Bulk to files: trialcard render CORPUS.ndjson --out DIR, ${n} real records (avg ${fmt(avgKb, 0)} KB)`,
  );
  console.log(`trialcard (whole process, durable pages): ${fmt(median(cli), 0)} pages/s`);
  // Worker threads pay only where cores sit idle: this says how many are already busy.
  if (busy.length)
    console.log(
      `cores kept busy by it (CPU of all threads / wall, of ${availableParallelism()}): ${fmt(median(busy), 2)}`,
    );
  console.log(
    `floor, JSON.parse + one file write per record: ${fmt(median(floor), 0)} pages/s ` +
      `(ratio ${fmt(median(floor) / median(cli), 2)}x; goal ≤ 1.43x)`,
  );
  console.log(
    `floor, JSON.parse + the same durable atomic write (fsync, rename): ${fmt(median(durable), 0)} pages/s ` +
      `(ratio ${fmt(median(durable) / median(cli), 2)}x)`,
  );
  rmSync(dir, { recursive: true, force: true });
}

async function streamRssBench() {
  const n = quick ? 4000 : 8000;
  const dir = tmp();
  const { path, store } = corpusFile(dir, n);
  const pagePath = join(dir, 'page.json');
  writeFileSync(
    pagePath,
    `{"studies":[${store
      .ids()
      .map((id) => store.get(id).json)
      .join(',')}]}`,
  );
  const mb = (p) => fmt(statSync(p).size / 1024 / 1024, 0);
  console.log(`\n## Memory of render over large inputs (${n} real records)`);
  for (const [what, file, args] of [
    [`NDJSON (${mb(path)} MB) → files`, path, ['--out', join(dir, 'out1')]],
    [`one search page (${mb(pagePath)} MB) → stdout, ndjson`, pagePath, ['--format', 'ndjson']],
  ]) {
    const run = await runCli(['render', file, '-q', ...args]);
    if (run.code !== 0) throw new Error(run.stderr);
    console.log(`${what}: peak RSS ${fmt(run.rssMb, 0)} MB (goal ≤ 200 MB), ${fmt(n / (run.ms / 1000), 0)} records/s`);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** search --out over a large synthetic registry on the loopback server, against render of the same records. */
async function scaleBench() {
  const n = quick ? 10_000 : 100_000;
  // Each ratio compares two runs of half a minute (quick) on a machine whose speed moves by a tenth or more within
  // minutes: quick mode runs three rounds, each command once per round in a rotated order, and gives the median.
  const rounds = quick ? 3 : 1;
  const dir = tmp();
  const { path, store } = corpusFile(dir, n);
  const server = await startFakeCtgov({ store });
  writeFileSync(join(dir, 'ids.txt'), store.ids().join('\n'));
  const loopback = ['--api-base', server.baseUrl, '--rate', '0', '-q'];
  const commands = {
    search: (out) => ['search', '--cond', 'x', '--out', out, '--page-size', '1000', ...loopback],
    // The same records fetched by ID into plain files: fetching and rendering without a listing's bookkeeping
    // (snapshots, journal, manifest, index).
    fetch: (out) => ['fetch', '--ids-file', join(dir, 'ids.txt'), '--out', out, ...loopback],
    render: (out) => ['render', path, '--out', out, '-q'],
  };
  const names = Object.keys(commands);
  const runs = { search: [], fetch: [], render: [] };
  let serverS = 0;
  let snapMs = 0;
  let snapCount = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const out = join(dir, `${name}-${r}`);
      // The loopback registry runs in this process, on the same 2 cores as the CLI: its CPU time is part of the wall.
      const cpu0 = process.cpuUsage();
      const run = await runCli(commands[name](out));
      if (run.code !== 0) throw new Error(`${name}: ${run.stderr}`);
      if (name === 'search' && r === 0) {
        const cpu = process.cpuUsage(cpu0);
        serverS = (cpu.user + cpu.system) / 1e6 / (run.ms / 1000);
        // A listing also keeps each trial's snapshot (what its next change-log lines are made from), appended to
        // the run's pack: the time to append those same bytes with the listing's own call (synchronous, not
        // fsynced) is part of its floor.
        const snapDir = join(out, '.trialcard', 'snapshots');
        const snaps = readdirSync(snapDir).flatMap((f) =>
          readFileSync(join(snapDir, f), 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => Buffer.from(`${line}\n`)),
        );
        const floorPack = appendFile(join(dir, 'snap-floor.pack'), (p) => ({ fd: openSync(p, 'ax'), end: 0 }));
        const s0 = performance.now();
        for (const bytes of snaps) floorPack.append(bytes);
        snapMs = performance.now() - s0;
        snapCount = snaps.length;
        floorPack.close();
      }
      rmSync(out, { recursive: true, force: true });
      runs[name].push(run);
    }
  }
  await server.close();
  const secs = (list) => list.map((run) => fmt(run.ms / 1000, 1)).join(', ');
  const mbs = (list) => list.map((run) => fmt(run.rssMb, 0)).join(', ');
  const ratios = (name) => runs[name].map((run, r) => run.ms / runs.render[r].ms);
  const ratioText = (name) =>
    rounds > 1
      ? `ratios by round ${ratios(name)
          .map((x) => `${fmt(x, 2)}x`)
          .join(', ')}, median ${fmt(median(ratios(name)), 2)}x`
      : `ratio ${fmt(ratios(name)[0], 2)}x`;
  const roundsText = rounds > 1 ? `, ${rounds} rounds (each command once per round, in a rotated order)` : '';
  console.log(
    `\n## Scale: search --out over ${fmt(n, 0)} trials on the loopback registry (page size 1,000)${roundsText}`,
  );
  console.log(
    `search --out: ${secs(runs.search)} s, peak RSS ${mbs(runs.search)} MB (goal ≤ 200 MB); ` +
      `render of the same records from a file: ${secs(runs.render)} s, ${mbs(runs.render)} MB; ` +
      `${ratioText('search')} (goal ≤ 1.2x)`,
  );
  const withSnaps = runs.search.map((run, r) => run.ms / (runs.render[r].ms + snapMs));
  console.log(
    `the listing's snapshots: appending its ${fmt(snapCount, 0)} snapshots alone took ` +
      `${fmt(snapMs / 1000, 1)} s; search --out against render + that: ${fmt(median(withSnaps), 2)}x` +
      (rounds > 1 ? ' (median)' : ''),
  );
  console.log(
    `fetch --ids-file --out of the same IDs (no listing): ${secs(runs.fetch)} s, peak RSS ${mbs(runs.fetch)} MB; ` +
      `${ratioText('fetch')} to the render: what fetching adds to rendering; the rest of search --out is the ` +
      `listing's own work per trial`,
  );
  console.log(
    `the loopback registry itself (in this process, same cores) used ${fmt(100 * serverS, 0)}% of one core ` +
      `over the wall of the first search --out`,
  );
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `trialcard benchmarks on ${process.version}, ${(await import('node:os')).cpus().length} ` +
    `cores${quick ? ' (quick)' : ''}`,
);
// --only NAME[,NAME]: just those (startup, render, bulk, memory, rss, scale, requests).
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]?.split(',') : undefined;
const benches = { startup: startupBench, render: renderBench, bulk: bulkBench, memory: streamRssBench, rss: rssBench };
for (const [name, fn] of Object.entries(benches)) if (!only || only.includes(name)) await fn();
if ((!only && !process.argv.includes('--no-scale')) || only?.includes('scale')) await scaleBench();
if (!only || only.includes('requests')) await requestsBench();
