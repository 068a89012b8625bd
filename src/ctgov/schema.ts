import { stripControls } from '../model/text.js';
import * as z from 'zod/mini';
import { issueMessage } from '../zod-config.js';

// Wire format of ClinicalTrials.gov API v2 (OpenAPI 2.0.5), limited to what trialcard reads.
// Strict about shape (a string where an array belongs is an error), loose about keys (the
// registry adds fields: they are dropped, not copied, which halves validation time) and about
// enum values (kept as strings; normalize warns).
// Every registry string loses its control characters here, the one door from wire to model.
const str = z.string().check(z.overwrite(stripControls));
const enumValue = z.string().check(z.overwrite(stripControls));
const obj = <T extends z.core.$ZodShape>(shape: T) => z.object(shape);

const partialDateStruct = obj({ date: z.optional(str), type: z.optional(enumValue) });
const contact = obj({
  name: z.optional(str),
  role: z.optional(enumValue),
  phone: z.optional(str),
  phoneExt: z.optional(str),
  email: z.optional(str),
});

const outcome = obj({ measure: z.optional(str), description: z.optional(str), timeFrame: z.optional(str) });

export const studySchema = obj({
  protocolSection: obj({
    identificationModule: obj({
      // Output file names come from this value: only a real NCT ID passes.
      nctId: str.check(z.regex(/^NCT\d{8}$/, 'not an NCT ID (NCT followed by 8 digits)')),
      nctIdAliases: z.optional(z.array(str)),
      briefTitle: z.optional(str),
      officialTitle: z.optional(str),
      acronym: z.optional(str),
      organization: z.optional(obj({ fullName: z.optional(str), class: z.optional(enumValue) })),
    }),
    statusModule: z.optional(
      obj({
        overallStatus: z.optional(enumValue),
        lastKnownStatus: z.optional(enumValue),
        whyStopped: z.optional(str),
        statusVerifiedDate: z.optional(str),
        startDateStruct: z.optional(partialDateStruct),
        primaryCompletionDateStruct: z.optional(partialDateStruct),
        completionDateStruct: z.optional(partialDateStruct),
        studyFirstPostDateStruct: z.optional(partialDateStruct),
        lastUpdatePostDateStruct: z.optional(partialDateStruct),
        expandedAccessInfo: z.optional(
          obj({
            hasExpandedAccess: z.optional(z.boolean()),
            nctId: z.optional(str),
            statusForNctId: z.optional(enumValue),
          }),
        ),
      }),
    ),
    sponsorCollaboratorsModule: z.optional(
      obj({
        leadSponsor: z.optional(obj({ name: z.optional(str), class: z.optional(enumValue) })),
        collaborators: z.optional(z.array(obj({ name: z.optional(str), class: z.optional(enumValue) }))),
        responsibleParty: z.optional(
          obj({
            type: z.optional(enumValue),
            investigatorFullName: z.optional(str),
            investigatorAffiliation: z.optional(str),
          }),
        ),
      }),
    ),
    descriptionModule: z.optional(obj({ briefSummary: z.optional(str), detailedDescription: z.optional(str) })),
    conditionsModule: z.optional(obj({ conditions: z.optional(z.array(str)), keywords: z.optional(z.array(str)) })),
    designModule: z.optional(
      obj({
        studyType: z.optional(enumValue),
        phases: z.optional(z.array(enumValue)),
        designInfo: z.optional(
          obj({
            allocation: z.optional(enumValue),
            interventionModel: z.optional(enumValue),
            interventionModelDescription: z.optional(str),
            primaryPurpose: z.optional(enumValue),
            observationalModel: z.optional(enumValue),
            timePerspective: z.optional(enumValue),
            maskingInfo: z.optional(
              obj({
                masking: z.optional(enumValue),
                maskingDescription: z.optional(str),
                whoMasked: z.optional(z.array(enumValue)),
              }),
            ),
          }),
        ),
        enrollmentInfo: z.optional(
          obj({ count: z.optional(z.int().check(z.nonnegative())), type: z.optional(enumValue) }),
        ),
        bioSpec: z.optional(obj({ retention: z.optional(enumValue), description: z.optional(str) })),
      }),
    ),
    armsInterventionsModule: z.optional(
      obj({
        armGroups: z.optional(
          z.array(
            obj({
              label: z.optional(str),
              type: z.optional(enumValue),
              description: z.optional(str),
              interventionNames: z.optional(z.array(str)),
            }),
          ),
        ),
        interventions: z.optional(
          z.array(
            obj({
              type: z.optional(enumValue),
              name: z.optional(str),
              description: z.optional(str),
              armGroupLabels: z.optional(z.array(str)),
              otherNames: z.optional(z.array(str)),
            }),
          ),
        ),
      }),
    ),
    outcomesModule: z.optional(
      obj({
        primaryOutcomes: z.optional(z.array(outcome)),
        secondaryOutcomes: z.optional(z.array(outcome)),
        otherOutcomes: z.optional(z.array(outcome)),
      }),
    ),
    eligibilityModule: z.optional(
      obj({
        eligibilityCriteria: z.optional(str),
        healthyVolunteers: z.optional(z.boolean()),
        sex: z.optional(enumValue),
        minimumAge: z.optional(str),
        maximumAge: z.optional(str),
        stdAges: z.optional(z.array(enumValue)),
        studyPopulation: z.optional(str),
        samplingMethod: z.optional(enumValue),
      }),
    ),
    // Papers: the page names those about this study's results (RESULT) and those PubMed links to it (DERIVED).
    referencesModule: z.optional(
      obj({
        references: z.optional(
          z.array(obj({ pmid: z.optional(str), type: z.optional(enumValue), citation: z.optional(str) })),
        ),
      }),
    ),
    contactsLocationsModule: z.optional(
      obj({
        centralContacts: z.optional(z.array(contact)),
        overallOfficials: z.optional(
          z.array(obj({ name: z.optional(str), affiliation: z.optional(str), role: z.optional(enumValue) })),
        ),
        locations: z.optional(
          z.array(
            obj({
              facility: z.optional(str),
              status: z.optional(enumValue),
              city: z.optional(str),
              state: z.optional(str),
              zip: z.optional(str),
              country: z.optional(str),
              contacts: z.optional(z.array(contact)),
              geoPoint: z.optional(obj({ lat: z.optional(z.number()), lon: z.optional(z.number()) })),
            }),
          ),
        ),
      }),
    ),
  }),
  // MeSH terms the registry matched to the conditions: how the page tells an illness from a topic.
  derivedSection: z.optional(
    obj({
      conditionBrowseModule: z.optional(
        obj({
          meshes: z.optional(z.array(obj({ term: z.optional(str) }))),
          browseLeaves: z.optional(
            z.array(obj({ name: z.optional(str), asFound: z.optional(str), relevance: z.optional(enumValue) })),
          ),
        }),
      ),
    }),
  ),
  hasResults: z.optional(z.boolean()),
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
    message: `record does not match the v2 study schema at ${path || '(root)'}: ${issueMessage(issue)}`,
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
