import type { Study, WireContact } from '../ctgov/schema.js';
import { parseCriteria } from '../criteria/parse.js';
import { ageRangeLabel, parseAge } from './ages.js';
import { toTrialDate } from './dates.js';
import { type Coded, type EnumType, label, type WarningSink, actualOrEstimated } from './labels.js';
import { siteSummary } from './places.js';
import { squash, stripBullet, unescapeMarkdown } from './text.js';
import type { Contact, Site, Trial } from './trial.js';

export const STUDY_URL = 'https://clinicaltrials.gov/study/';

const PHASE_ORDER = ['EARLY_PHASE1', 'PHASE1', 'PHASE2', 'PHASE3', 'PHASE4', 'NA'];

/** Drops undefined values so the JSON model never carries `"x": undefined` noise. */
function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

const OPEN_LABEL = /\bopen[- ]label|\bunblinded\b|\bnot (?:be )?(?:blinded|masked)\b/i;

const text = (s: string | undefined): string | undefined => {
  const t = s === undefined ? undefined : unescapeMarkdown(s).trim();
  return t ? t : undefined;
};
const line = (s: string | undefined): string | undefined => {
  const t = text(s);
  return t === undefined ? undefined : squash(t);
};
// A name the page joins with others ("Copy Number Variation (CNVs),", "… Medical Sciences,"): a comma or semicolon
// left at its end is the registry's separator, not its words, and would print ",," in the list; a doubled one
// inside ("David Greenberg, MD;; Associate Professor") is said once. The words stay as written.
const part = (s: string | undefined): string | undefined => {
  const t = line(s);
  // Most names hold neither mark: no regex pass for them (a trial may list thousands of sites).
  if (t === undefined || (!t.includes(',') && !t.includes(';'))) return t;
  return t.replace(/([,;])(?:\s*[,;])+/g, '$1').replace(/[\s,;]+$/, '') || undefined;
};

/** Pure: wire Study → Trial. Unknown enum values go to `warn` (the shell prints each once). */
export function normalize(study: Study, warn?: WarningSink): Trial {
  const p = study.protocolSection;
  const id = p.identificationModule;
  const status = p.statusModule;
  const design = p.designModule;
  const info = design?.designInfo;
  const elig = p.eligibilityModule;
  const cl = p.contactsLocationsModule;
  const coded = (type: EnumType, code: string | undefined): Coded | undefined =>
    code === undefined ? undefined : label(type, code, warn);

  const phaseCodes = [...(design?.phases ?? [])].sort((a, b) => rank(a) - rank(b));
  const phaseCoded = phaseCodes.map((c) => label('Phase', c, warn));
  const phaseLabels = phaseCoded.map((c) => c.label);
  // Combined phases read "Phase 1/2", as patients see them elsewhere (not "Phase 1/Phase 2").
  const phaseLabel =
    phaseCodes.length > 1 && phaseCoded.every((c) => c.known && /^PHASE\d$/.test(c.code))
      ? `Phase ${phaseCodes.map((c) => c.slice(-1)).join('/')}`
      : phaseLabels.length > 0
        ? phaseLabels.join('/')
        : undefined;

  const min = parseAge(elig?.minimumAge);
  const max = parseAge(elig?.maximumAge);
  let ageLabel = ageRangeLabel(min, max);
  // An age the parser cannot read is shown as written rather than dropped into "any age".
  if ((elig?.minimumAge && !min) || (elig?.maximumAge && !max)) {
    ageLabel = [elig?.minimumAge ?? 'any age', elig?.maximumAge ?? 'up'].join(' to ');
  }
  // No eligibility section at all: the record says nothing of ages, so neither does the page.
  if (!elig) ageLabel = 'not given';

  const toContacts = (list: WireContact[] | undefined): Contact[] =>
    (list ?? [])
      .map((c) =>
        compact({
          name: line(c.name),
          role: coded('ContactRole', c.role),
          phone: phone(c.phone, c.phoneExt),
          email: line(c.email),
        }),
      )
      .filter((c) => c.name || c.phone || c.email);
  const sites: Site[] = (cl?.locations ?? []).map((l) =>
    compact({
      facility: part(l.facility),
      city: part(l.city),
      state: part(l.state),
      zip: line(l.zip),
      country: line(l.country),
      status: coded('RecruitmentStatus', l.status),
      geo: geo(l.geoPoint),
      contacts: toContacts(l.contacts),
    }),
  );
  const contacts = toContacts(cl?.centralContacts);
  const outcomes = (list: { measure?: string; description?: string; timeFrame?: string }[] | undefined) =>
    (list ?? [])
      .filter((o) => line(o.measure))
      .map((o) =>
        compact({ measure: line(o.measure) as string, description: text(o.description), timeFrame: line(o.timeFrame) }),
      );
  const browse = study.derivedSection?.conditionBrowseModule;

  const enrollment = design?.enrollmentInfo?.count;
  const lead = p.sponsorCollaboratorsModule?.leadSponsor;
  const sponsorName = line(lead?.name) ?? line(id.organization?.fullName);
  const statusCode = status?.overallStatus;
  const access = status?.expandedAccessInfo;
  const responsible = p.sponsorCollaboratorsModule?.responsibleParty;

  return compact<Trial>({
    nctId: id.nctId,
    aliases: id.nctIdAliases ?? [],
    url: `${STUDY_URL}${id.nctId}`,
    briefTitle: line(id.briefTitle) ?? line(id.officialTitle) ?? id.nctId,
    officialTitle: line(id.officialTitle),
    acronym: line(id.acronym),
    status: statusCode
      ? compact({
          ...(coded('Status', statusCode) as Coded),
          lastKnown: coded('Status', status?.lastKnownStatus),
          whyStopped: line(status?.whyStopped),
          verified: toTrialDate({ date: status?.statusVerifiedDate }),
        })
      : undefined,
    studyType: coded('StudyType', design?.studyType),
    phases: compact({ codes: phaseCodes, label: phaseLabel }),
    design: compact({
      allocation: coded('DesignAllocation', info?.allocation),
      interventionModel: coded('InterventionalAssignment', info?.interventionModel),
      primaryPurpose: coded('PrimaryPurpose', info?.primaryPurpose),
      observationalModel: coded('ObservationalModel', info?.observationalModel),
      masking: coded('DesignMasking', info?.maskingInfo?.masking),
      whoMasked: (info?.maskingInfo?.whoMasked ?? []).map((w) => label('WhoMasked', w, warn)),
      openLabelInText: OPEN_LABEL.test(
        `${info?.interventionModelDescription ?? ''}\n${info?.maskingInfo?.maskingDescription ?? ''}`,
      )
        ? true
        : undefined,
      maskingDescription: text(info?.maskingInfo?.maskingDescription),
      timePerspective: coded('DesignTimePerspective', info?.timePerspective),
    }),
    enrollment:
      enrollment === undefined
        ? undefined
        : {
            count: enrollment,
            kind: actualOrEstimated(design?.enrollmentInfo?.type) ?? 'unspecified',
          },
    samples:
      design?.bioSpec?.retention || text(design?.bioSpec?.description)
        ? compact({
            retention: coded('BioSpecRetention', design?.bioSpec?.retention),
            description: text(design?.bioSpec?.description),
          })
        : undefined,
    ages: compact({
      min,
      max,
      label: ageLabel,
      groups: (elig?.stdAges ?? []).map((a) => label('StandardAge', a, warn)),
    }),
    sex: coded('Sex', elig?.sex),
    healthyVolunteers: elig?.healthyVolunteers,
    sponsor: sponsorName
      ? compact({ name: sponsorName, class: coded('AgencyClass', lead?.class ?? id.organization?.class) })
      : undefined,
    collaborators: (p.sponsorCollaboratorsModule?.collaborators ?? [])
      .filter((c) => c.name)
      .map((c) => compact({ name: line(c.name) as string, class: coded('AgencyClass', c.class) })),
    interventions: (p.armsInterventionsModule?.interventions ?? [])
      .filter((i) => line(i.name))
      .map((i) =>
        compact({
          type: coded('InterventionType', i.type),
          name: stripBullet(line(i.name) as string),
          description: text(i.description),
          otherNames: (i.otherNames ?? []).map((n) => squash(unescapeMarkdown(n))).filter(Boolean),
          arms: (i.armGroupLabels ?? []).map(squash),
        }),
      ),
    arms: (p.armsInterventionsModule?.armGroups ?? [])
      .filter((a) => line(a.label))
      .map((a) =>
        compact({
          label: line(a.label) as string,
          type: coded('ArmGroupType', a.type),
          description: text(a.description),
          interventions: a.interventionNames ?? [],
        }),
      ),
    conditions: (p.conditionsModule?.conditions ?? []).map((c) => part(c) ?? '').filter(Boolean),
    conditionMesh: browse
      ? {
          terms: unique((browse.meshes ?? []).map((m) => line(m.term))),
          found: unique((browse.browseLeaves ?? []).filter((l) => l.relevance !== 'LOW').map((l) => line(l.asFound))),
        }
      : undefined,
    keywords: (p.conditionsModule?.keywords ?? []).map((c) => part(c) ?? '').filter(Boolean),
    summary: text(p.descriptionModule?.briefSummary),
    description: text(p.descriptionModule?.detailedDescription),
    eligibility: parseCriteria(elig?.eligibilityCriteria),
    studyPopulation: text(elig?.studyPopulation),
    outcomes: {
      primary: outcomes(p.outcomesModule?.primaryOutcomes),
      secondary: outcomes(p.outcomesModule?.secondaryOutcomes),
      other: outcomes(p.outcomesModule?.otherOutcomes),
    },
    sites: compact({
      count: sites.length,
      list: sites,
      countries: unique(sites.map((s) => s.country)),
      summary: siteSummary(sites),
    }),
    contacts,
    officials: (cl?.overallOfficials ?? [])
      .filter((o) => part(o.name))
      .map((o) =>
        compact({
          name: part(o.name) as string,
          affiliation: part(o.affiliation),
          role: coded('OfficialRole', o.role),
        }),
      ),
    responsibleParty: responsible
      ? compact({
          type: coded('ResponsiblePartyType', responsible.type),
          name: part(responsible.investigatorFullName),
          affiliation: part(responsible.investigatorAffiliation),
        })
      : undefined,
    dates: compact({
      start: toTrialDate(status?.startDateStruct),
      primaryCompletion: toTrialDate(status?.primaryCompletionDateStruct),
      completion: toTrialDate(status?.completionDateStruct),
      firstPosted: toTrialDate(status?.studyFirstPostDateStruct),
      lastUpdated: toTrialDate(status?.lastUpdatePostDateStruct),
    }),
    hasResults: study.hasResults ?? false,
    publications: (p.referencesModule?.references ?? []).flatMap((r): Trial['publications'] => {
      // Background reading is not about this study.
      const kind = r.type === 'RESULT' ? ('result' as const) : r.type === 'DERIVED' ? ('derived' as const) : undefined;
      const citation = line(r.citation);
      const pmid = r.pmid && /^\d{1,9}$/.test(r.pmid.trim()) ? r.pmid.trim() : undefined;
      return kind && citation ? [{ kind, citation, ...(pmid ? { pmid } : {}) }] : [];
    }),
    expandedAccess: access?.hasExpandedAccess
      ? compact({
          nctId: access.nctId && /^NCT\d{8}$/.test(access.nctId) ? access.nctId : undefined,
          status: coded('ExpandedAccessStatus', access.statusForNctId),
        })
      : undefined,
  });
}

function rank(code: string): number {
  const i = PHASE_ORDER.indexOf(code);
  return i === -1 ? PHASE_ORDER.length : i;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}

/** Only coordinates that exist on Earth; a hostile or broken record must not place a site at NaN. */
function geo(p: { lat?: number; lon?: number } | undefined): { lat: number; lon: number } | undefined {
  if (!p || typeof p.lat !== 'number' || typeof p.lon !== 'number') return undefined;
  if (!(Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180)) return undefined;
  return { lat: p.lat, lon: p.lon };
}

function phone(number: string | undefined, ext: string | undefined): string | undefined {
  const n = line(number);
  if (!n) return undefined;
  return ext ? `${n} ext. ${ext}` : n;
}
