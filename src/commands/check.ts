import { UsageError } from '../errors.js';
import type { Trial } from '../model/trial.js';
import { OutcomeLog } from '../outcome.js';
import { readTextInput, recordsFromChunks } from '../io/records.js';
import { normalizeNctId } from '../model/nct.js';
import { trialHandlers } from '../pipeline/to-trial.js';
import { fetchByIds, type Hit } from '../pipeline/sources.js';
import {
  gradeSentences,
  hardestSentences,
  proseSentences,
  redactRecordText,
  type Grade,
} from '../readability/grade.js';
import { loadTemplates } from '../io/templates.js';
import { createRenderer, type Renderer } from '../render/engine.js';
import { loadOverlays } from '../io/overlays.js';
import { criteriaFingerprint } from '../overlays/overlay.js';
import { clientOptions, reportEnd, withClient } from './common.js';
import type { Ctx } from './context.js';
import type { CheckOptions } from './options.js';

/** `trialcard check NCT…|FILE…`: the reading grade of the prose trialcard generates for each page. */
export async function checkCommand(inputs: string[], opts: CheckOptions, ctx: Ctx): Promise<number> {
  const maxGrade = opts.maxGrade;
  const given = inputs.map((i) => normalizeNctId(i)).filter((x): x is string => x !== undefined);
  // As fetch does: an ID listed twice is checked once, with a warning.
  const ids = [...new Set(given)];
  for (const id of ids)
    if (given.indexOf(id) !== given.lastIndexOf(id)) ctx.reporter.warn(`${id} is listed more than once; checked once`);
  const files = inputs.filter((i) => normalizeNctId(i) === undefined);
  // As render says it: stdin is read once, and named as stdin.
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('- (stdin) is given twice', 'give it once');
  const raws: Hit[] = [];
  for (const file of files) {
    if (/^nct/i.test(file.trim()) && !file.includes('/') && !file.includes('.'))
      throw new UsageError(`not an NCT ID: ${JSON.stringify(file)}`, 'an NCT ID is "NCT" followed by 8 digits');
    const text = await readTextInput(file, ctx.io.stdin, 'file');
    let i = 0;
    const name = file === '-' ? 'stdin' : file;
    for await (const r of recordsFromChunks([text], name)) raws.push({ requestedId: `${name} #${++i}`, raw: r.raw });
  }
  const log = new OutcomeLog(ids);
  const renderer = createRenderer('md', await loadTemplates('md', 'trial', opts.templates));
  const overlays = await loadOverlays(opts.overlays);
  const stale: string[] = [];
  const rows: Row[] = [];
  const h = trialHandlers({
    log,
    warn: (m) => ctx.reporter.warn(m),
    overlays,
    // A stale overlay is part of the report (stdout).
    onStale: (m) => stale.push(m),
    duplicates: 'input',
    async take(trial, hit) {
      log.record({ id: hit.requestedId, kind: 'delivered' });
      rows.push(gradeRow(trial, renderer, maxGrade));
    },
  });
  for (const hit of raws) await h.onStudy(hit);
  if (ids.length > 0) await withClient(clientOptions(opts, ctx), (client) => fetchByIds(client, ids, h));
  // The table is the report of success; failures get the usual lines.
  const code = reportEnd(
    { outcomes: log.list(), interrupted: ctx.io.signal?.aborted === true, tooHard: rows.filter((r) => !r.ok).length },
    ctx,
    false,
  );
  // Nothing graded: no empty table.
  if (rows.length === 0 && !opts.json) return code;
  if (opts.json) ctx.io.stdout.write(`${JSON.stringify({ maxGrade, pages: rows, staleOverlays: stale }, null, 2)}\n`);
  else {
    ctx.io.stdout.write('page\tflesch-kincaid\tsmog\tcoleman-liau\tsentences\twords\tresult\n');
    for (const r of rows) {
      const g = r.grade;
      const cells = [r.id, g.fleschKincaid, g.smog, g.colemanLiau, g.sentences, g.words, r.ok ? 'ok' : 'too hard'];
      ctx.io.stdout.write(`${cells.join('\t')}\n`);
      for (const h of r.hardest) ctx.io.stdout.write(`  hardest (${h.grade}): ${h.sentence}\n`);
    }
    for (const s of stale) ctx.io.stdout.write(`stale overlay: ${s}\n`);
  }
  return code;
}

interface Row {
  id: string;
  grade: Grade;
  ok: boolean;
  hardest: { sentence: string; grade: number }[];
  reviewedRecord: { status?: string; sites: number; criteria: string };
}

function gradeRow(trial: Trial, renderer: Renderer, maxGrade: number): Row {
  const sentences = proseSentences(renderer.render(redactRecordText(trial), { frontMatter: false }));
  const grade = gradeSentences(sentences);
  const hardest = hardestSentences(sentences, 3);
  // What an editor pastes into an overlay's reviewed_record after reading the page.
  const reviewedRecord = {
    ...(trial.status ? { status: trial.status.code } : {}),
    sites: trial.sites.count,
    criteria: criteriaFingerprint(trial),
  };
  const ok = grade.fleschKincaid <= maxGrade && grade.smog <= maxGrade + 2 && hardest.every((h) => h.grade <= maxGrade);
  return { id: trial.nctId, grade, ok, hardest, reviewedRecord };
}
