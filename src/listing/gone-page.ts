import { formatDate } from '../model/dates.js';

// The page of a trial the registry no longer has, marked as such. Its model is gone with it, so
// the page cannot be rendered again: the notice goes into the page as written (after the front
// matter in Markdown, at the start of <main> or <body> in HTML), and the front matter says so too,
// so a site built from it does not list the old status as current. Pure.

const OPENING = 'ClinicalTrials.gov no longer lists this study (checked on ';
const says = (date: string) =>
  `${OPENING}${formatDate(date)}). This page shows what the registry said when it last had it, ` +
  'so the status, sites and contacts may be out of date.';

/** Whether the page already carries the notice. */
export const markedGone = (text: string) => text.includes(OPENING);

export function markGone(text: string, format: 'md' | 'html', date: string): string {
  if (markedGone(text)) return text;
  if (format === 'html') {
    const notice = `<p data-trialcard="removed-from-registry" role="status"><strong>${says(date)}</strong></p>\n`;
    // <main>, else <body>, else after the doctype (before it, a browser would read the page in quirks mode).
    const open =
      /<main(?=[\s>])[^>]*>\n?/i.exec(text) ??
      /<body(?=[\s>])[^>]*>\n?/i.exec(text) ??
      /^\s*<!doctype[^>]*>\n?/i.exec(text);
    const at = open ? open.index + open[0].length : 0;
    return `${text.slice(0, at)}${notice}${text.slice(at)}`;
  }
  const notice = `> **${says(date)}**\n\n`;
  // Front matter as trialcard writes it: "---\n" … "\n---\n" at the very start.
  const end = text.startsWith('---\n') ? text.indexOf('\n---\n', 3) : -1;
  if (end === -1) return `${notice}${text}`;
  const head = `${text.slice(0, end + 1)}removed_from_registry: ${date}\n---\n`;
  const body = text.slice(end + 5).replace(/^\n*/, '');
  return `${head}\n${notice}${body}`;
}
