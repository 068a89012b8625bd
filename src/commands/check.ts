import type { Ctx } from './common.js';
export async function checkCommand(_inputs: string[], _opts: Record<string, unknown>, _ctx: Ctx): Promise<number> {
  return 0;
}
