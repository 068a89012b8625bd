/**
 * A response body's chunks, ending with the signal's reason once it aborts. A read pending when the caller stops a
 * search (its own failure, a full disk) was seen never to settle once the connection was gone, and the run then
 * ended with nothing said (exit 13): so each read also waits on the signal.
 *
 * Each read listens for the abort only while it is pending. Racing every read against one promise that lives as
 * long as the body added a reaction to it per read, and each reaction held that read's chunk: a 40 MB page stayed
 * in memory until its last byte.
 */
export async function* bodyChunks(
  body: ReadableStream<Uint8Array> | null,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await readOrAbort(reader, signal);
      if (done) return;
      yield value;
    }
  } finally {
    reader.cancel().catch(() => {}); // not awaited: it may never settle either
  }
}

function readOrAbort(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal?: AbortSignal,
): Promise<Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>> {
  if (!signal) return reader.read();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason); // the caller names it (a cancelled request)
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal.removeEventListener('abort', onAbort);
    reader.read().then(
      (r) => {
        settle();
        resolve(r);
      },
      (err: unknown) => {
        settle();
        reject(err);
      },
    );
  });
}
