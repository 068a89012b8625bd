import { z } from 'zod';
import { stripControls } from '../model/text.js';

// Measured here: zod's JIT (new Function per schema) costs ~10 ms on the first record and is no
// faster after it for records of this shape, so validation runs without it.
z.config({ jitless: true });

// Wire format of ClinicalTrials.gov API v2 (OpenAPI 2.0.5), limited to what trialcard reads.
// Strict about shape (a string where an array belongs is an error), loose about keys
// (the registry adds fields) and about enum values (kept as strings; normalize warns).
// Every registry string loses its control characters here, the one door from wire to model.
const str = z.string().overwrite(stripControls);
const enumValue = z.string().overwrite(stripControls);
const obj = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

const partialDateStruct = obj({ date: str.optional(), type: enumValue.optional() });
const contact = obj({
  name: str.optional(),
  role: enumValue.optional(),
  phone: str.optional(),
  phoneExt: str.optional(),
  email: str.optional(),
});

const outcome = obj({ measure: str.optional(), description: str.optional(), timeFrame: str.optional() });

export const studySchema = obj({
  protocolSection: obj({
    identificationModule: obj({
      // Output file names come from this value: only a real NCT ID passes.
      nctId: str.regex(/^NCT\d{8}$/, 'not an NCT ID (NCT followed by 8 digits)'),
      nctIdAliases: z.array(str).optional(),
      briefTitle: str.optional(),
      officialTitle: str.optional(),
      acronym: str.optional(),
      organization: obj({ fullName: str.optional(), class: enumValue.optional() }).optional(),
    }),
    statusModule: obj({
      overallStatus: enumValue.optional(),
      lastKnownStatus: enumValue.optional(),
      whyStopped: str.optional(),
      statusVerifiedDate: str.optional(),
      startDateStruct: partialDateStruct.optional(),
      primaryCompletionDateStruct: partialDateStruct.optional(),
      completionDateStruct: partialDateStruct.optional(),
      studyFirstPostDateStruct: partialDateStruct.optional(),
      lastUpdatePostDateStruct: partialDateStruct.optional(),
    }).optional(),
    sponsorCollaboratorsModule: obj({
      leadSponsor: obj({ name: str.optional(), class: enumValue.optional() }).optional(),
      collaborators: z.array(obj({ name: str.optional(), class: enumValue.optional() })).optional(),
    }).optional(),
    descriptionModule: obj({ briefSummary: str.optional(), detailedDescription: str.optional() }).optional(),
    conditionsModule: obj({ conditions: z.array(str).optional(), keywords: z.array(str).optional() }).optional(),
    designModule: obj({
      studyType: enumValue.optional(),
      phases: z.array(enumValue).optional(),
      designInfo: obj({
        allocation: enumValue.optional(),
        interventionModel: enumValue.optional(),
        primaryPurpose: enumValue.optional(),
        observationalModel: enumValue.optional(),
        timePerspective: enumValue.optional(),
        maskingInfo: obj({ masking: enumValue.optional(), whoMasked: z.array(enumValue).optional() }).optional(),
      }).optional(),
      enrollmentInfo: obj({ count: z.number().int().nonnegative().optional(), type: enumValue.optional() }).optional(),
    }).optional(),
    armsInterventionsModule: obj({
      armGroups: z
        .array(
          obj({
            label: str.optional(),
            type: enumValue.optional(),
            description: str.optional(),
            interventionNames: z.array(str).optional(),
          }),
        )
        .optional(),
      interventions: z
        .array(
          obj({
            type: enumValue.optional(),
            name: str.optional(),
            description: str.optional(),
            armGroupLabels: z.array(str).optional(),
            otherNames: z.array(str).optional(),
          }),
        )
        .optional(),
    }).optional(),
    outcomesModule: obj({
      primaryOutcomes: z.array(outcome).optional(),
      secondaryOutcomes: z.array(outcome).optional(),
      otherOutcomes: z.array(outcome).optional(),
    }).optional(),
    eligibilityModule: obj({
      eligibilityCriteria: str.optional(),
      healthyVolunteers: z.boolean().optional(),
      sex: enumValue.optional(),
      minimumAge: str.optional(),
      maximumAge: str.optional(),
      stdAges: z.array(enumValue).optional(),
      studyPopulation: str.optional(),
      samplingMethod: enumValue.optional(),
    }).optional(),
    contactsLocationsModule: obj({
      centralContacts: z.array(contact).optional(),
      overallOfficials: z
        .array(obj({ name: str.optional(), affiliation: str.optional(), role: enumValue.optional() }))
        .optional(),
      locations: z
        .array(
          obj({
            facility: str.optional(),
            status: enumValue.optional(),
            city: str.optional(),
            state: str.optional(),
            zip: str.optional(),
            country: str.optional(),
            contacts: z.array(contact).optional(),
            geoPoint: obj({ lat: z.number().optional(), lon: z.number().optional() }).optional(),
          }),
        )
        .optional(),
    }).optional(),
  }),
  // MeSH terms the registry matched to the conditions: how the page tells an illness from a topic.
  derivedSection: obj({
    conditionBrowseModule: obj({
      meshes: z.array(obj({ term: str.optional() })).optional(),
      browseLeaves: z
        .array(obj({ name: str.optional(), asFound: str.optional(), relevance: enumValue.optional() }))
        .optional(),
    }).optional(),
  }).optional(),
  hasResults: z.boolean().optional(),
});

export type Study = z.infer<typeof studySchema>;
export type WireContact = z.infer<typeof contact>;

export const versionSchema = obj({ apiVersion: str, dataTimestamp: str });
export type ApiVersion = z.infer<typeof versionSchema>;

/** Parses one study; the error names the first bad path. */
export function parseStudy(value: unknown): { ok: true; study: Study } | { ok: false; message: string } {
  const result = studySchema.safeParse(value);
  if (result.success) return { ok: true, study: result.data };
  const issue = result.error.issues[0];
  const path = issue ? issue.path.join('.') : '';
  return {
    ok: false,
    message: `record does not match the v2 study schema at ${path || '(root)'}: ${issue?.message ?? 'invalid'}`,
  };
}

/** The NCT ID and aliases of a record not yet validated (upper case), for matching and messages. */
export function rawIds(raw: unknown): { nctId?: string; aliases: string[] } {
  const idm = (
    raw as { protocolSection?: { identificationModule?: { nctId?: unknown; nctIdAliases?: unknown } } } | null
  )?.protocolSection?.identificationModule;
  return {
    ...(typeof idm?.nctId === 'string' ? { nctId: idm.nctId.toUpperCase() } : {}),
    aliases: Array.isArray(idm?.nctIdAliases)
      ? idm.nctIdAliases.filter((a): a is string => typeof a === 'string').map((a) => a.toUpperCase())
      : [],
  };
}
