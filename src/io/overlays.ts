import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { normalizeNctId } from '../model/nct.js';
import type { Overlay } from '../overlays/overlay.js';

/** Reads and validates every NCT….yaml in DIR up front, so a bad overlay fails before any fetch; none without DIR. */
export async function loadOverlays(dir: string | undefined): Promise<Map<string, Overlay>> {
  if (dir === undefined) return new Map();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new UsageError(
      `--overlays ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? err})`,
      'give a directory of NCT00000000.yaml files',
    );
  }
  // The YAML parser loads only for runs that have overlays.
  const { parseOverlay } = await import('../overlays/parse.js');
  const out = new Map<string, Overlay>();
  const paths = new Map<string, string>();
  for (const name of names.sort()) {
    const m = /^(.+)\.ya?ml$/i.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const id = normalizeNctId(m[1] ?? '');
    if (!id) throw new UsageError(`overlay ${path}: the file name is not an NCT ID`, 'name overlays NCT00000000.yaml');
    const twin = paths.get(id);
    if (twin) throw new UsageError(`two overlays for ${id}: ${twin} and ${path}`, 'keep one of them');
    paths.set(id, path);
    out.set(id, parseOverlay(await readFile(path, 'utf8'), path));
  }
  return out;
}
