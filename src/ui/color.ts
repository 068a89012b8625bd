import { Chalk, type ChalkInstance } from 'chalk';

// chalk ignores NO_COLOR, so trialcard decides: off for --no-color, NO_COLOR (any non-empty value),
// TERM=dumb, or a stream that is not a TTY; FORCE_COLOR turns it back on.
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function makeChalk(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}
