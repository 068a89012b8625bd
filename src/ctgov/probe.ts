import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';

// Network probes for trialcard doctor: a name lookup and a TCP connect, each with a deadline.

const within = <T>(ms: number, p: Promise<T>, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms).unref()),
  ]);

/** The addresses of `host`, or the resolver's error code. */
export async function resolveHost(host: string, ms = 5000): Promise<{ address: string } | { error: string }> {
  try {
    const r = await within(ms, lookup(host), 'the lookup');
    return { address: r.address };
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  }
}

/** Whether a TCP connection to host:port opens within `ms`. */
export function canConnect(host: string, port: number, ms = 3000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (why?: string) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(ms, () => done(`no answer within ${ms} ms`));
    socket.once('connect', () => done());
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}
