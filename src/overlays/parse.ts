import { parse as parseYaml, type YAMLParseError } from 'yaml';
import { UsageError } from '../errors.js';
import { type Overlay, overlaySchema } from './overlay.js';
import { issueMessage } from '../zod-config.js';

/** Pure: an overlay's YAML text → the validated overlay; errors name `path`, line and column. */
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
      // The keys allowed where the unknown one is: at the top, or inside reviewed_record.
      const allowed = where
        ? 'allowed in reviewed_record: status, sites, criteria'
        : 'allowed: title, summary, good_fit, not_a_fit, potential_benefit, similar_studies, reviewed_on, ' +
          'reviewed_by, reviewed_record';
      throw new UsageError(
        `overlay ${path}: unknown key ${issue.keys.map((k) => `"${where}${k}"`).join(', ')}`,
        allowed,
      );
    }
    throw new UsageError(
      `overlay ${path}: ${issue?.path.join('.') || 'file'}: ${issueMessage(issue)}`,
      'see the overlay section of the README',
    );
  }
  return r.data;
}
