import { describe, expect, it } from 'vitest';
import { parseStudy } from '../src/ctgov/schema.js';
import { normalize } from '../src/model/normalize.js';
import type { Trial } from '../src/model/trial.js';
import { conditionPhrase } from '../src/page/conditions.js';
import { leadSentences } from '../src/page/lead.js';
import { armGets, isPlaceboLike, isPreparation, rolesOf } from '../src/page/roles.js';
import { armViews, dateRows } from '../src/page/study.js';
import { looksBack, OPEN_STATUSES, plannedEndPassed, situationOf } from '../src/page/situation.js';
import { MAX_SITES_LISTED } from '../src/page/sites.js';
import { countryName } from '../src/model/places.js';
import { placeholderPhone, telHref } from '../src/page/contacts.js';
import { mayJoinWithout, whoSentences } from '../src/page/who.js';
import { createRenderer } from '../src/index.js';
import { corpus } from './helpers.js';

// What a generated sentence may claim, checked on every record in fixtures/ (real records,
// hand-edited copies and search pages). Each rule names the fields it follows from.

const md = createRenderer('md');
const html = createRenderer('html');
const records = corpus().map((r) => {
  const p = parseStudy(r.raw);
  if (!p.ok) throw new Error(`${r.name}: ${p.message}`);
  const trial = normalize(p.study);
  return {
    name: r.name,
    trial,
    page: md.render(trial, { frontMatter: false }),
    lead: leadSentences(trial).join(' '),
    who: whoSentences(trial).join(' '),
  };
});

type Rec = (typeof records)[number];
/** What the lead says is tested: "tests X in people with …", "… in children", "… in healthy adults". */
const TESTED_IN = /\btest(?:s|ed)\b(.*?)\bin (?:people|healthy|adults|children|women|men|girls|boys)\b/;
const rules: [string, (r: Rec) => void][] = [
  [
    '"Why it matters" heads what the phase means; with only the status to say, the heading is the status',
    (r) => {
      const phased = /^## Why it matters$/m.test(r.page);
      const statusOnly = /^## What the status means for you$/m.test(r.page);
      expect(phased && statusOnly).toBe(false);
      if (statusOnly) expect(r.page).not.toContain('**What the status means for you:**');
      // A phase the page explains (phase 1 to 4) always comes under "Why it matters".
      if (/^PHASE[1-4]$/.test(r.trial.phases.codes[0] ?? '')) expect(phased).toBe(true);
      if (r.trial.studyType?.code === 'OBSERVATIONAL') expect(phased).toBe(false);
    },
  ],
  [
    'an ended study never invites and speaks in the past',
    (r) => {
      if (situationOf(r.trial) !== 'ended') return;
      expect(r.page).not.toMatch(
        new RegExp(
          '## How to participate|## Who should consider|ask to be checked|may still be open|' +
            '## Where this trial is running|Read the list with your doctor',
        ),
      );
      expect(r.lead).not.toMatch(/\b(?:tests|follows|observes|compares|studies)\b/);
    },
  ],
  [
    'what the lead says is tested is never called "another treatment, to compare" in the study groups',
    (r) => {
      const tested = rolesOf(r.trial).tested.map((i) => i.name);
      for (const arm of armViews(r.trial)) {
        if (arm.role === 'another treatment, to compare')
          for (const name of tested) expect(arm.gets ?? '', `${arm.label}`).not.toContain(name);
      }
    },
  ],
  [
    'an unknown status past its planned end says what the study was set up to do, not that it runs or ran',
    (r) => {
      if (!plannedEndPassed(r.trial)) return;
      expect(r.lead.split('. ')[0]).not.toMatch(/\b(?:tests|tested|follows|followed|compares|compared|studies)\b/);
    },
  ],
  [
    'the lead never says a bare "in people": it says who, or nothing',
    (r) => expect(r.lead).not.toMatch(/\bin people(?! with| aged)\b/),
  ],
  [
    'an ended study tells its rules as what applied; only an open study may still gain sites',
    (r) => {
      if (situationOf(r.trial) === 'ended')
        expect(r.page).not.toMatch(/### Who can(not)? join|you must have or do|would keep you out/);
      if (situationOf(r.trial) !== 'open') expect(r.page).not.toMatch(/no sites yet/);
    },
  ],
  [
    'a study that is not a trial is never called one in headings or steps',
    (r) => {
      if (r.trial.studyType?.code === 'INTERVENTIONAL' || r.trial.studyType === undefined) return;
      expect(r.page).not.toMatch(/^## .*\btrial\b|trial page|What this study studies/m);
    },
  ],
  [
    'a withdrawn study says nobody joined (a study of past records: it never began) and never "took place"',
    (r) => {
      if (r.trial.status?.code !== 'WITHDRAWN') return;
      expect(r.page).toContain(looksBack(r.trial) ? 'stopped before it began' : 'stopped before anyone joined');
      expect(r.page).not.toMatch(/took place|took part/);
    },
  ],
  [
    'a date the record calls actual is never called planned or estimated (dates.*.type)',
    (r) => {
      const rows = dateRows(r.trial);
      for (const [d, kind] of [
        [r.trial.dates.start, 'start'],
        [r.trial.dates.primaryCompletion, 'primary'],
        [r.trial.dates.completion, 'end'],
      ] as const) {
        if (d?.kind !== 'actual') continue;
        const row = rows.find((x) => x.value === d.label && /start|results|end/i.test(x.label));
        expect(row?.label, `${kind} ${d.label}`).not.toMatch(/planned|estimated/i);
      }
    },
  ],
  [
    'an unknown status is never called closed',
    (r) => {
      if (situationOf(r.trial) !== 'unknown') return;
      expect(r.page).not.toMatch(/not taking new people/);
      expect(r.page).toMatch(/may still be open/);
    },
  ],
  [
    'an open study never says it ended',
    (r) => {
      if (situationOf(r.trial) !== 'open') return;
      expect(r.page).not.toMatch(/stopped early|has ended|## How this trial ended/);
    },
  ],
  [
    'a placebo, sham or vehicle is never what is tested',
    (r) => {
      const clause = TESTED_IN.exec(r.lead)?.[1] ?? '';
      for (const i of r.trial.interventions.filter(isPlaceboLike)) expect(clause, i.name).not.toContain(i.name);
    },
  ],
  [
    'what prepares the body (lymphodepletion, conditioning, days before day 0) or follows the cells is not tested',
    (r) => {
      const clause = TESTED_IN.exec(r.lead)?.[1] ?? '';
      const { tested, preparation, afterCells } = rolesOf(r.trial);
      for (const i of [...preparation, ...afterCells]) {
        expect(clause, i.name).not.toContain(i.name);
        expect(r.lead).toContain(`${i.name}`);
      }
      if (tested.some((i) => !isPreparation(i))) for (const i of tested) expect(isPreparation(i), i.name).toBe(false);
    },
  ],
  [
    'conditions: no staging edition ("AJCC v8") and no stage of one illness named twice in generated text',
    (r) => {
      for (const text of [r.lead, r.who]) {
        expect(text).not.toMatch(/AJCC/);
        const stages = [...text.matchAll(/\bstage (?:0|[IVX]+[A-C]?\d?) ([a-z][\w -]*?)(?=,| and| or|\.|$)/g)];
        const rests = stages.map((m) => m[1]);
        expect(new Set(rests).size, text).toBe(rests.length);
      }
    },
  ],
  [
    'an observational study is never said to test or help',
    (r) => {
      if (r.trial.studyType?.code !== 'OBSERVATIONAL') return;
      expect(r.lead).not.toMatch(/\btest|to see if|safe|right dose/);
    },
  ],
  [
    'goal phrases only where the primary outcomes measure them',
    (r) => {
      const measures = r.trial.outcomes.primary.map((o) => o.measure).join(' ');
      if (r.lead.includes('right dose')) expect(measures).toMatch(/dose|DLT|MTD|RP2D|toleran/i);
      if (r.lead.includes('if it is safe')) expect(measures).toMatch(/safe|adverse|toxic|tolerab|side effect|AEs?\b/i);
      if (r.lead.includes('if it helps')) expect(r.trial.outcomes.primary.length).toBeGreaterThan(0);
      if (r.lead.includes('immune system')) expect(measures).toMatch(/immun|antibod|tit(?:er|re)|nAb|GM[TC]|sero/i);
    },
  ],
  [
    'no one is said to "have" a healthy state, a topic or a placeholder',
    (r) => {
      const illness = [/who have ([^.]*)/.exec(r.who)?.[1], /people with ([^.]*)/.exec(r.lead)?.[1]]
        .filter(Boolean)
        .join(' ');
      expect(illness).not.toMatch(
        /healthy|physiology|exposure|\bintervention\b|radiosurgery|radiotherapy|\boutcome|death|KRAS/i,
      );
    },
  ],
  [
    'healthy volunteers or group: no "people with" or "who have"; "people without" only where the text says so',
    (r) => {
      if (!mayJoinWithout(r.trial)) return;
      expect(r.lead).not.toMatch(/people with /);
      expect(r.who).not.toMatch(/who have /);
      const said = /People without/.test(r.who);
      const text = [r.trial.studyPopulation ?? '', JSON.stringify(r.trial.eligibility.sections)].join(' ');
      if (said) expect(text).toMatch(/healthy|volunteer|normal/i);
      expect(r.who).not.toMatch(/also join/);
    },
  ],
  [
    'beside an experimental group, nothing a comparison group lists is called tested (armGroups[].type)',
    (r) => {
      if (!r.trial.arms.some((a) => a.type?.code === 'EXPERIMENTAL')) return;
      const tested = rolesOf(r.trial).tested;
      for (const arm of r.trial.arms.filter((a) => a.type?.code !== 'EXPERIMENTAL'))
        for (const i of armGets(arm, r.trial)) expect(tested, `${arm.label}: ${i.name}`).not.toContain(i);
    },
  ],
  [
    'what "the plan for every group" lists, every arm lists (armGroups[].interventionNames)',
    (r) => {
      if (!/The plan for every group/.test(r.lead)) return;
      for (const i of rolesOf(r.trial).shared)
        for (const arm of r.trial.arms) expect(armGets(arm, r.trial), `${arm.label}: ${i.name}`).toContain(i);
    },
  ],
  [
    'what every arm lists is a plan, never "everyone gets" (a list may hold choices)',
    (r) => {
      expect(r.lead).not.toMatch(/Everyone (?:also )?(?:gets|got)|All groups (?:get|got)/);
    },
  ],
  [
    'several conditions are what a study is about, never "people with A or B" (they may go together)',
    (r) => {
      if (conditionPhrase(r.trial).illnesses.length < 2) return;
      expect(r.lead).not.toMatch(/people with /);
      expect(r.who).not.toMatch(/who have /);
      expect(r.lead).toMatch(/ about /);
    },
  ],
  [
    'a site of a study not known to be open is never shown as recruiting now (locations[].status)',
    (r) => {
      if (situationOf(r.trial) === 'open') return;
      expect(r.page).not.toMatch(/ — (?:Recruiting|Not yet recruiting|Enrolling by invitation|Available)\b/);
    },
  ],
  [
    'posted results are said and linked whatever the status (hasResults)',
    (r) => {
      if (r.trial.hasResults) expect(r.page).toContain('?tab=results');
      else expect(r.page).not.toMatch(/Results are posted/);
    },
  ],
  [
    'a withdrawn study shows no date of main results collected (it collected none)',
    (r) => {
      if (r.trial.status?.code === 'WITHDRAWN') expect(r.page).not.toMatch(/Main results (?:collected|date)/);
    },
  ],
  [
    'no list bullet is pasted into a generated sentence',
    (r) => {
      expect(`${r.lead} ${r.who}`).not.toMatch(/[\u2022\u00b7\u25aa\u25cf]/);
    },
  ],
  [
    'case is kept for names: no lower-cased word before a capitalized hyphen part',
    (r) => {
      expect(`${r.lead} ${r.who}`).not.toMatch(/\b[a-z]+-[A-Z][a-z]/);
    },
  ],
  [
    'placeholder upper ages read "and up"; phases read "Phase 1/2"',
    (r) => {
      expect(r.page).not.toMatch(/to (?:9[5-9]|1\d\d) years|Phase \d\/Phase/);
    },
  ],
  [
    'counts use digit grouping and singular forms',
    (r) => {
      const generated = r.page
        .split('\n')
        .filter((l) => /^(?:- \*\*Locations|\d[\d,]* (?:sites?|more))/.test(l))
        .join('\n');
      expect(generated).not.toMatch(/\b\d{4,} (?:sites|more|people)|\b1 other locations/);
    },
  ],
  [
    'numbered criteria stay numbered with their own numbers',
    (r) => {
      for (const s of r.trial.eligibility.sections) {
        for (const e of s.entries) {
          if (e.kind !== 'item') continue;
          const n = /^(\d{1,3})[.)]$/.exec(e.marker)?.[1];
          if (n) expect(r.page, `${n}. ${e.text.slice(0, 30)}`).toMatch(new RegExp(`^\\s*${n}[.)] `, 'm'));
        }
      }
    },
  ],
  [
    'no template text leaks into a page',
    (r) => {
      expect(r.page).not.toMatch(/\$\{|\{\{|undefined|\bnull\b|NaN/);
    },
  ],
  [
    'no section is empty',
    (r) => {
      // A heading followed by one of the same or a higher level (or the end) has nothing under it.
      const lines = r.page.split('\n').filter((l) => l.trim() !== '');
      lines.forEach((l, i) => {
        const level = /^(#+) /.exec(l)?.[1]?.length;
        if (!level) return;
        const next = lines[i + 1];
        const nextLevel = next === undefined ? 0 : (/^(#+) /.exec(next)?.[1]?.length ?? 99);
        expect(nextLevel, l).toBeGreaterThan(level);
      });
    },
  ],
  [
    'the status is explained once: "what it means" only for studies that may take people',
    (r) => {
      if (situationOf(r.trial) !== 'open') expect(r.page).not.toContain('What the status means for you');
    },
  ],
  [
    'the criteria advice appears only with a list to read',
    (r) => {
      const hasList = r.trial.eligibility.sections.some((s) => s.entries.length > 0);
      if (!hasList) expect(r.page).not.toMatch(/Read the list|The list below has|list below gives/);
      else expect(r.page).not.toContain('does not include the list of who can join');
    },
  ],
  [
    "a count of points never contradicts the list's own numbers: a list numbered 1 to n is counted n",
    (r) => {
      for (const kind of ['inclusion', 'exclusion'] as const) {
        const said = new RegExp(
          `(\\d+)(?: points?)? on who (?:can|could|could have)${kind === 'exclusion' ? ' not' : ''} (?:join|joined)`,
        ).exec(r.who)?.[1];
        if (said === undefined) continue;
        // Numbered points counted block by block (a heading may start the numbers again): the last number of
        // each block, added up, is what the reader counts.
        let total = 0;
        let last = 0;
        let numbered = true;
        for (const s of r.trial.eligibility.sections.filter((x) => x.kind === kind)) {
          for (const e of s.entries) {
            if (e.kind === 'heading') [total, last] = [total + last, 0];
            if (e.kind !== 'item') continue;
            const n = /^(\d+)[.)]$/.exec(e.marker)?.[1];
            if (n === undefined) numbered = false;
            else last = Number(n);
          }
          [total, last] = [total + last, 0];
        }
        if (numbered) expect(Number(said), kind).toBe(total);
      }
    },
  ],
  ['no list prints a separator twice (",,", ";;")', (r) => expect(r.page).not.toMatch(/[,;][,;]/)],
  [
    'contacts: every central and site contact phone and email is on the page (up to 30 sites)',
    (r) => {
      if (r.trial.sites.count > 30) return;
      const text = r.page.replace(/\\/g, '');
      const people = [...r.trial.contacts, ...r.trial.sites.list.flatMap((s) => s.contacts)];
      for (const c of people) {
        if (c.phone && !placeholderPhone(c.phone)) expect(text).toContain(c.phone);
        if (c.email) expect(text).toContain(c.email);
      }
    },
  ],
  [
    'contacts: a stand-in number is never shown, and a name field that instructs is quoted word for word',
    (r) => {
      const people = [...r.trial.contacts, ...r.trial.sites.list.flatMap((s) => s.contacts)];
      expect(r.page).not.toMatch(/phone \[?(\d)(?:[\s().-]*\1){6,}\b/);
      for (const note of r.page.matchAll(/The record says: “([^”]*)”/g))
        expect(people.map((c) => c.name)).toContain((note[1] ?? '').replace(/\\/g, ''));
    },
  ],
  [
    'study leaders are people: no phone numbers, departments or the organisation standing in for a name',
    (r) => {
      const leaders = r.page.split('Study leaders:\n\n')[1]?.split('\n\n')[0] ?? '';
      expect(leaders).not.toMatch(/^- [^(\n]*(?:\d|Clinical|Trials|Contact|Study Director|Cares|Call)/m);
      const orgs = [r.trial.sponsor?.name, ...r.trial.officials.map((o) => o.affiliation)];
      for (const line of leaders.split('\n')) {
        const name = line.slice(2).split(' (')[0] ?? '';
        for (const org of orgs) if (name && org) expect(org.startsWith(name)).toBe(false);
      }
    },
  ],
  [
    'every country with a site is seen in the site list, with as many sites under it as its heading says',
    (r) => {
      // Sites listed first: for a study that may take people, those that may (open, or no status given).
      const mayTake = ['open', 'unknown'].includes(situationOf(r.trial));
      const main = r.trial.sites.list.filter((s) => !mayTake || !s.status || OPEN_STATUSES.has(s.status.code));
      const countries = new Set(main.map((s) => (s.country ? countryName(s.country) : '')));
      if (countries.size < 2 || countries.size > MAX_SITES_LISTED) return;
      const section = r.page.split(/^## /m).find((s) => /^Where this (?:trial|study)/.test(s)) ?? '';
      const where = section.split(/^### \d[\d,]* (?:sites?|entry|entries) not taking new people$/m)[0] ?? '';
      for (const c of countries) expect(where, c).toMatch(new RegExp(`^#{3,4} ${c || 'Country not given'} \\(`, 'm'));
      for (const part of where.split(/^#{3,4} /m).slice(1)) {
        const m = /^.*\((\d+) (?:sites?|entry|entries)(?:, (\d+) listed here)?\)/.exec(part);
        if (!m) continue;
        const bullets = part.split(/^#{3,4} /m)[0]?.match(/^- /gm)?.length ?? 0;
        expect(bullets, part.slice(0, 60)).toBe(Number(m[2] ?? m[1]));
      }
    },
  ],
  [
    'a site is said to be listed more than once only where two entries share facility and place (locations[])',
    (r) => {
      // A bound, not the rule again: the page may leave out placeholder names and tell two zips apart, never count
      // more than repeat (marks in a name aside).
      const key = (s: Rec['trial']['sites']['list'][number]) =>
        [s.facility, s.city, s.state, s.country]
          .map((x) => (x ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' '))
          .join('|');
      const keys = r.trial.sites.list.filter((s) => s.facility).map(key);
      const repeated = new Set(keys.filter((k, i) => keys.indexOf(k) !== i)).size;
      const said = /The record lists (\d+) sites? more than once/.exec(r.page);
      if (said) expect(Number(said[1])).toBeGreaterThan(0);
      expect(Number(said?.[1] ?? 0)).toBeLessThanOrEqual(repeated);
      // The advice to ask is for a study that may still take people.
      if (/ask the study team which status is current/.test(r.page)) expect(situationOf(r.trial)).not.toBe('ended');
      if (/ask the study team which status is current/.test(r.page)) expect(situationOf(r.trial)).not.toBe('closed');
    },
  ],
  [
    'no criteria counts where a point is in both lists, and the page says so (eligibilityCriteria)',
    (r) => {
      const items = (kind: string) =>
        r.trial.eligibility.sections
          .filter((s) => s.kind === kind)
          .flatMap((s) => s.entries.flatMap((e) => (e.kind === 'item' ? [e.text.toLowerCase()] : [])))
          .filter((x) => !/^\W*(?:none(?: specified| known)?|n\/?a|not applicable|nil)\W*$/.test(x));
      const inclusion = new Set(items('inclusion'));
      const both = items('exclusion').some((x) => inclusion.has(x));
      if (r.trial.eligibility.case !== 'split' && r.trial.eligibility.case !== 'inclusion-only') return;
      if (both) expect(r.who).not.toMatch(/points? on who/);
      expect(r.who.includes('in both lists, word for word')).toBe(both);
    },
  ],
  [
    'a study of past records never speaks of joining it (designInfo.timePerspective RETROSPECTIVE, observational)',
    (r) => {
      if (!looksBack(r.trial)) return;
      expect(r.page.replace(/.*before you join a trial\./, '')).not.toMatch(/\bjoin/);
    },
  ],
  [
    'expanded access is said exactly when the record lists it (statusModule.expandedAccessInfo)',
    (r) => {
      const listed = r.trial.expandedAccess !== undefined && r.trial.studyType?.code !== 'EXPANDED_ACCESS';
      expect(r.page.includes('The record calls this expanded access')).toBe(listed);
    },
  ],
  [
    'every arm label (up to 10), the first five primary outcomes and the dates are on the page',
    (r) => {
      const text = r.page.replace(/\\/g, '');
      for (const a of r.trial.arms.slice(0, 10)) expect(text).toContain(a.label);
      for (const o of r.trial.outcomes.primary.slice(0, 5)) expect(text).toContain(o.measure);
      for (const d of [r.trial.dates.start, r.trial.dates.completion]) if (d) expect(text).toContain(d.label);
    },
  ],
];

describe('every generated sentence follows from the record', () => {
  for (const [rule, check] of rules) {
    it.each(records.map((r) => [r.name, r] as const))(`${rule}: %s`, (_n, r) => check(r));
  }
});

describe('HTML contact links', () => {
  it.each(records.filter((r) => r.trial.sites.count <= 30).map((r) => [r.name, r.trial] as const))(
    '%s: tel: and mailto: for each contact',
    (_n, t: Trial) => {
      const page = html.render(t);
      // A number is read in its site's country; the trial's own contacts in its one country, if it has one.
      const only = t.sites.countries.length === 1 ? t.sites.countries[0] : undefined;
      const people = [
        ...t.contacts.map((c) => [c, only] as const),
        ...t.sites.list.flatMap((s) => s.contacts.map((c) => [c, s.country] as const)),
      ];
      for (const [c, country] of people) {
        // Which numbers get a link, and how, is pinned by telHref's own table (page-rules.test.ts).
        const tel = c.phone ? telHref(c.phone, country) : undefined;
        if (tel) expect(page).toContain(`href="${tel.replace(/=/g, '&#x3D;')}"`); // Handlebars escapes "="
        if (c.email && /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/.test(c.email))
          expect(page).toContain(`href="mailto:${c.email.replace(/&/g, '&amp;')}"`);
      }
    },
  );
});
