import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, type YAMLParseError } from 'yaml';
import { UsageError } from '../errors.js';
import { normalizeNctId } from '../model/nct.js';
import { type Overlay, overlaySchema } from './overlay.js';

/** Reads and validates every NCT….yaml in DIR up front, so a bad overlay fails before any fetch. */
export async function loadOverlays(dir: string): Promise<Map<string, Overlay>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new UsageError(
      `--overlays ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? err})`,
      'give a directory of NCT00000000.yaml files',
    );
  }
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

export function parseOverlay(text: string, path: string): Overlay {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    const e = err as YAMLParseError;
    const pos = e.linePos?.[0];
    throw new UsageError(
      `overlay ${path}${pos ? `:${pos.line}:${pos.col}` : ''} is not valid YAML: ${String(e.message).split('\n')[0]}`,
      'fix the YAML syntax',
    );
  }
  const r = overlaySchema.safeParse(value ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      const where = issue.path.length ? `${issue.path.join('.')}.` : '';
      throw new UsageError(
        `overlay ${path}: unknown key ${issue.keys.map((k) => `"${where}${k}"`).join(', ')}`,
        'allowed: title, summary, good_fit, not_a_fit, potential_benefit, similar_studies, reviewed_on, reviewed_by, reviewed_record',
      );
    }
    throw new UsageError(
      `overlay ${path}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`,
      'see the overlay section of the README',
    );
  }
  return r.data;
}
