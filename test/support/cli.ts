import { run } from '../../src/cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in-process through run(argv, io): the same code as the binary, without a process. */
export async function cli(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean; signal?: AbortSignal; nodeVersion?: string } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: {
      write: (s: string, done?: () => void) => {
        stdout += s;
        done?.();
      },
    },
    stderr: { write: (s: string) => (stderr += s), ...(opts.tty ? { isTTY: true } : {}) },
    stdin: async () => opts.stdin ?? '',
    env: opts.env ?? {},
    nodeVersion: opts.nodeVersion ?? process.versions.node,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { code, stdout, stderr };
}
