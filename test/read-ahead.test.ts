import { describe, expect, it } from 'vitest';
import { ReadAhead } from '../src/ctgov/read-ahead.js';

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('ReadAhead', () => {
  it('hands items over in order, then undefined at the end', async () => {
    const q = new ReadAhead(100, (s: string) => s.length);
    await q.put('a');
    await q.put('b');
    q.end();
    expect([await q.take(), await q.take(), await q.take()]).toEqual(['a', 'b', undefined]);
  });

  it('holds at most its limit: a put over it waits until the caller takes', async () => {
    const q = new ReadAhead(4, (s: string) => s.length);
    await q.put('abc');
    const over = q.put('de'); // 5 characters held: one item past the limit is let in, then the reader waits
    expect(await settled(over)).toBe(false);
    expect(await q.take()).toBe('abc');
    expect(await settled(over)).toBe(true);
  });

  it('a take waits for the next item', async () => {
    const q = new ReadAhead(10, (s: string) => s.length);
    const next = q.take();
    expect(await settled(next)).toBe(false);
    await q.put('x');
    expect(await next).toBe('x');
  });

  it("the reader's failure comes after what it read before it", async () => {
    const q = new ReadAhead(10, (s: string) => s.length);
    await q.put('a');
    const boom = new Error('connection reset');
    q.fail(boom);
    expect(await q.take()).toBe('a');
    await expect(q.take()).rejects.toBe(boom);
  });

  it('after stop, a waiting and a new put reject, and nothing is held', async () => {
    const q = new ReadAhead(1, (s: string) => s.length);
    const waiting = q.put('ab');
    q.stop();
    await expect(waiting).rejects.toThrow(/stopped/);
    await expect(q.put('c')).rejects.toThrow(/stopped/);
  });
});
