import { describe, expect, it } from 'vitest';
import { normalize } from '../src/model/normalize.js';
import { createRenderer } from '../src/index.js';
import { loadStudy } from './helpers.js';

// The NCT07438847 page, pinned. A change to wording or layout shows up here as a diff to review.
describe('golden pages', () => {
  const trial = normalize(loadStudy('NCT07438847'));
  it('Markdown', async () => {
    await expect(createRenderer('md').render(trial)).toMatchFileSnapshot('golden/NCT07438847.md');
  });
  it('HTML', async () => {
    await expect(createRenderer('html').render(trial)).toMatchFileSnapshot('golden/NCT07438847.html');
  });
  it('JSON model', async () => {
    await expect(`${JSON.stringify(trial, null, 2)}\n`).toMatchFileSnapshot('golden/NCT07438847.json');
  });
});
