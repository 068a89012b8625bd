import { cp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import { BUILTIN_TEMPLATES } from '../render/engine.js';
import type { Ctx } from './common.js';

/** `trialcard templates eject DIR`: a copy of the built-ins to edit; never overwrites. */
export async function ejectTemplates(dir: string, ctx: Ctx): Promise<number> {
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.some((f) => f.endsWith('.hbs') || f === 'partials')) {
    throw new UsageError(`${dir} already holds templates`, 'eject into an empty or new directory');
  }
  try {
    await cp(BUILTIN_TEMPLATES, dir, { recursive: true, errorOnExist: true, force: false });
  } catch (err) {
    throw new UsageError(
      `cannot write templates to ${dir} (${(err as NodeJS.ErrnoException).code ?? err})`,
      'choose a directory you can write to',
      err,
    );
  }
  const count =
    (await readdir(dir)).filter((f) => f.endsWith('.hbs')).length + (await readdir(join(dir, 'partials'))).length;
  ctx.reporter.info(`copied ${count} templates to ${dir}; use them with --templates ${dir}`);
  return ExitCode.ok;
}
