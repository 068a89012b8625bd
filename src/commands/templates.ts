import { ExitCode } from '../errors.js';
import { ejectTemplates as copyBuiltins } from '../io/templates.js';
import type { Ctx } from './context.js';

/** `trialcard templates eject DIR`: a copy of the built-ins to edit; never overwrites. */
export async function ejectTemplates(dir: string, ctx: Ctx): Promise<number> {
  const count = await copyBuiltins(dir);
  ctx.reporter.info(`copied ${count} templates to ${dir}; use them with --templates ${dir}`);
  return ExitCode.ok;
}
