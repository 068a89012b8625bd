import { Worker } from 'node:worker_threads';

// Page files written on a thread of their own. The main thread renders; the system calls of an atomic write (open,
// write, fdatasync, close, rename) cost it ~0.3 ms a page through fs/promises, a tenth of a bulk run on 2 cores.
// On this thread they run synchronously, one page after another, while the next pages render.

/** One atomic, durable write: what the thread is sent. */
interface Job {
  id: number;
  tmp: string;
  path: string;
  content: string;
}

/** What it answers: done, or the error's code and message (an Error does not cross threads whole). */
interface Reply {
  id: number;
  code?: string;
  message?: string;
}

/**
 * The thread's whole program. It runs from its own source text (`eval`), so it reaches modules through the
 * `require` it is given and nothing else: the same code runs from dist, from the bundle and under the tests.
 */
function writerThread(require: NodeJS.Require): void {
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  const fs = require('node:fs') as typeof import('node:fs');
  parentPort?.on('message', (job: Job) => {
    try {
      const fd = fs.openSync(job.tmp, 'wx');
      try {
        fs.writeFileSync(fd, job.content, 'utf8');
        fs.fdatasyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(job.tmp, job.path);
      parentPort.postMessage({ id: job.id } satisfies Reply);
    } catch (err) {
      try {
        fs.rmSync(job.tmp, { force: true });
      } catch {}
      const e = err as NodeJS.ErrnoException;
      parentPort.postMessage({ id: job.id, code: e.code ?? '', message: e.message } satisfies Reply);
    }
  });
}

export interface WriteThread {
  /** Writes `content` to `tmp`, fsyncs it and renames it to `path`; rejects with the error (its `code` kept). */
  write(tmp: string, path: string, content: string): Promise<void>;
  /** Ends the thread once the writes sent are done. */
  close(): Promise<void>;
}

export function startWriteThread(): WriteThread {
  const worker = new Worker(`(${writerThread.toString()})(require)`, { eval: true });
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  const sent = new Set<Promise<void>>();
  let next = 0;
  let broken: Error | undefined;
  // An idle thread must not keep the process alive; one with writes pending must (a promise alone does not).
  worker.unref();
  const fail = (err: Error) => {
    broken ??= err;
    for (const p of pending.values()) p.reject(broken);
    pending.clear();
  };
  worker.on('message', (r: Reply) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    if (pending.size === 0) worker.unref();
    if (r.code === undefined) p?.resolve();
    else p?.reject(Object.assign(new Error(r.message), r.code ? { code: r.code } : {}));
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('the write thread stopped')));
  return {
    write(tmp, path, content) {
      if (broken) return Promise.reject(broken);
      const id = next++;
      const done = new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, tmp, path, content } satisfies Job);
      });
      sent.add(done);
      const forget = () => sent.delete(done);
      done.then(forget, forget);
      return done;
    },
    async close() {
      await Promise.allSettled([...sent]);
      await worker.terminate();
    },
  };
}
