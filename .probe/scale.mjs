// search --out over N synthetic trials on the loopback registry, through bin/trialcard.js; peak RSS sampled.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeCtgov, syntheticStore } from '../test/support/fake-ctgov.js';
const n = Number(process.argv[2] ?? 10000);
const dir = mkdtempSync(join(tmpdir(), 'tc-scale-'));
const store = syntheticStore(n);
const server = await startFakeCtgov({ store });
const t0 = performance.now();
const child = spawn('/usr/bin/time', ['-f', '__T %e %U %S %M', process.execPath, 'bin/trialcard.js', 'search', '--cond', 'x', '--out', join(dir, 'listing'), '--api-base', server.baseUrl, '--rate', '0', '--page-size', '1000', '-q'], { stdio: ['ignore', 'inherit', 'pipe'] });
let err = '';
let peak = 0;
const samples = [];
const timer = setInterval(() => {
  try {
    const pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim());
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) { const mb = Number(m[1]) / 1024; peak = Math.max(peak, mb); samples.push([(performance.now() - t0) / 1000, mb]); }
  } catch {}
}, 250);
child.stderr.on('data', (d) => (err += d));
child.on('close', async (code) => {
  clearInterval(timer);
  await server.close();
  const [, e, u, s, m] = /__T (\S+) (\S+) (\S+) (\d+)/.exec(err) ?? [];
  const at = (f) => samples.filter(([t]) => t >= f * Number(e)).map(([, mb]) => mb)[0]?.toFixed(0);
  console.log(`n=${n} code=${code} wall ${e} s, cpu ${(Number(u) + Number(s)).toFixed(1)} s, peak RSS ${(Number(m) / 1024).toFixed(0)} MB (sampled ${peak.toFixed(0)}); RSS at 25/50/75/95%: ${at(0.25)} ${at(0.5)} ${at(0.75)} ${at(0.95)} MB`);
  if (code !== 0) console.log(err.slice(-2000));
  rmSync(dir, { recursive: true, force: true });
});
