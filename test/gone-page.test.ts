import { describe, expect, it } from 'vitest';
import { markedGone, markGone } from '../src/listing/gone-page.js';

const SAYS =
  'ClinicalTrials.gov no longer lists this study (checked on December 2, 2026). This page shows what the ' +
  'registry said when it last had it, so the status, sites and contacts may be out of date.';

describe('markGone: the page of a trial the registry dropped says so', () => {
  it.each([
    [
      'md',
      '---\ntitle: T\nstatus: RECRUITING\n---\n\n# T\n\nBody\n',
      `---\ntitle: T\nstatus: RECRUITING\nremoved_from_registry: 2026-12-02\n---\n\n> **${SAYS}**\n\n# T\n\nBody\n`,
    ],
    ['md', '# T\n\nBody\n', `> **${SAYS}**\n\n# T\n\nBody\n`],
    [
      'html',
      '<html><body>\n<main>\n<h1>T</h1>\n</main></body></html>\n',
      `<html><body>\n<main>\n<p data-trialcard="removed-from-registry" role="status"><strong>${SAYS}</strong></p>\n` +
        '<h1>T</h1>\n</main></body></html>\n',
    ],
    [
      'html',
      '<body class="x"><h1>T</h1></body>',
      `<body class="x"><p data-trialcard="removed-from-registry" role="status"><strong>${SAYS}</strong></p>\n` +
        '<h1>T</h1></body>',
    ],
    // Not inside a custom element that starts with "main", and never before the doctype.
    [
      'html',
      '<!DOCTYPE html>\n<main-nav>x</main-nav><h1>T</h1>',
      `<!DOCTYPE html>\n<p data-trialcard="removed-from-registry" role="status"><strong>${SAYS}</strong></p>\n` +
        '<main-nav>x</main-nav><h1>T</h1>',
    ],
    [
      'html',
      '<h1>T</h1>',
      `<p data-trialcard="removed-from-registry" role="status"><strong>${SAYS}</strong></p>\n<h1>T</h1>`,
    ],
  ] as const)('%s %j', (format, page, marked) => {
    expect(markGone(page, format, '2026-12-02')).toBe(marked);
    expect(markedGone(marked)).toBe(true);
    // Marked once: a later refresh does not add a second notice.
    expect(markGone(marked, format, '2026-12-09')).toBe(marked);
  });
});
