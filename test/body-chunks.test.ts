import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bodyChunks } from '../src/ctgov/body-chunks.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A body that sends `n` chunks of `size` bytes, then stays open until `close` is called. */
function openBody(n: number, size: number) {
  let sent = 0;
  let close = () => {};
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent < n) {
        sent++;
        c.enqueue(new Uint8Array(size).fill(sent));
        return;
      }
      return new Promise<void>((resolve) => {
        close = () => {
          c.close();
          resolve();
        };
      });
    },
  });
  return { body, close: () => close() };
}

describe('bodyChunks', () => {
  it('yields each chunk in order and ends with the body', async () => {
    const { body, close } = openBody(3, 4);
    const got: number[] = [];
    const controller = new AbortController();
    const reading = (async () => {
      for await (const chunk of bodyChunks(body, controller.signal)) {
        got.push(chunk[0] as number);
        if (got.length === 3) close();
      }
    })();
    await reading;
    expect(got).toEqual([1, 2, 3]);
  });

  it('ends a read that never settles when the signal aborts, with its reason', async () => {
    const { body } = openBody(1, 4);
    const controller = new AbortController();
    const chunks = bodyChunks(body, controller.signal);
    expect((await chunks.next()).value?.[0]).toBe(1);
    const pending = chunks.next(); // the body sends nothing more
    controller.abort(new Error('stopped by the caller'));
    await expect(pending).rejects.toThrow('stopped by the caller');
  });

  it('listens for the abort only while a read is pending', async () => {
    const { body, close } = openBody(50, 16);
    const controller = new AbortController();
    let most = 0;
    for await (const chunk of bodyChunks(body, controller.signal)) {
      most = Math.max(most, getEventListeners(controller.signal, 'abort').length);
      if (chunk[0] === 50) close();
    }
    expect(most).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  // A page of 1,000 studies is tens of MB: chunks already handed on must not wait for the page's end.
  it('holds no chunk it has handed on, while the body is still open', async () => {
    const { body, close } = openBody(20, 1024 * 1024);
    const controller = new AbortController();
    const chunks = bodyChunks(body, controller.signal);
    const handed: WeakRef<Uint8Array>[] = [];
    for (let i = 0; i < 20; i++) {
      const { value } = await chunks.next();
      handed.push(new WeakRef(value as Uint8Array));
    }
    const pending = chunks.next(); // the body is still open: the generator and its read are alive
    await new Promise((r) => setImmediate(r));
    gc();
    // The last chunk or two may still sit in a register of this test or of the generator: the first 15 may not.
    const held = handed.slice(0, 15).filter((r) => r.deref() !== undefined).length;
    close();
    await pending;
    expect(held).toBe(0);
  });
});
