// Profiles fetch --ids-file --out and render of the same records, with the loopback registry in this process.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeCtgov, syntheticStore } from '../test/support/fake-ctgov.js';
const n = Number(process.argv[2] ?? 2000);
const prof = process.argv.includes('--prof');
const dir = mkdtempSync(join(tmpdir(), 'tc-fp-'));
const store = syntheticStore(n);
const path = join(dir, 'c.ndjson');
const fd = openSync(path, 'w');
for (const id of store.ids()) writeSync(fd, `${store.get(id).json}\n`);
closeSync(fd);
writeFileSync(join(dir, 'ids.txt'), store.ids().join('\n'));
const server = await startFakeCtgov({ store });
const run = (args, name) => new Promise((resolve) => {
  const t0 = performance.now();
  const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=/tmp/fp-${name}`] : [];
  const c = spawn('/usr/bin/time', ['-f', '__T %U %S %M', process.execPath, ...flags, 'bin/trialcard.js', ...args], { stdio: ['ignore', 'inherit', 'pipe'] });
  let err = '';
  c.stderr.on('data', (d) => (err += d));
  c.on('close', (code) => {
    const [, u, s, m] = /__T (\S+) (\S+) (\d+)/.exec(err) ?? [];
    resolve({ code, s: (performance.now() - t0) / 1000, cpu: Number(u) + Number(s), rss: Number(m) / 1024 });
  });
});
const cpu0 = process.cpuUsage();
const f = await run(['fetch', '--ids-file', join(dir, 'ids.txt'), '--out', join(dir, 'f'), '--api-base', server.baseUrl, '--rate', '0', '-q'], 'fetch');
const cpu = process.cpuUsage(cpu0);
await server.close();
const r = await run(['render', path, '--out', join(dir, 'r'), '-q'], 'render');
console.log(`fetch ${f.s.toFixed(1)} s cpu ${f.cpu.toFixed(1)} rss ${f.rss.toFixed(0)} (server cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s); render ${r.s.toFixed(1)} s cpu ${r.cpu.toFixed(1)} rss ${r.rss.toFixed(0)}; wall ratio ${(f.s / r.s).toFixed(2)} cpu ratio ${(f.cpu / r.cpu).toFixed(2)}`);
rmSync(dir, { recursive: true, force: true });
