import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

// Saved v2 records for offline rendering: a single study, a search page {studies: [...]}, or NDJSON.

/** Splits one file's text into raw study objects. */
export function studiesFromText(text: string, source: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new UsageError(`${source} is empty`, 'give a saved v2 study, a search page or NDJSON');
  try {
    const value: unknown = JSON.parse(trimmed);
    return studiesFromValue(value, source);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // Not one JSON document: try NDJSON, naming the first bad line.
    const out: unknown[] = [];
    trimmed.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        out.push(...studiesFromValue(JSON.parse(line), `${source}:${i + 1}`));
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(
          `${source}:${i + 1} is not valid JSON`,
          'give a saved v2 study, a search page {"studies": [...]} or NDJSON',
          e,
        );
      }
    });
    return out;
  }
}

function studiesFromValue(value: unknown, source: string): unknown[] {
  if (value && typeof value === 'object') {
    if (Array.isArray((value as { studies?: unknown }).studies)) return (value as { studies: unknown[] }).studies;
    if ('protocolSection' in value) return [value];
    if (Array.isArray(value)) return value;
  }
  throw new UsageError(
    `${source} is not a ClinicalTrials.gov v2 study or search page`,
    'expected an object with "protocolSection" or "studies"',
  );
}

export async function readTextInput(path: string, stdin: () => Promise<string>, what: string): Promise<string> {
  if (path === '-') return stdin();
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'is not readable'
          : code === 'EISDIR'
            ? 'is a directory'
            : `cannot be read (${code})`;
    throw new UsageError(`${what} ${path} ${why}`, 'check the path', err);
  }
}
