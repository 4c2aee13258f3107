import { z } from 'zod';
import { predicateSchema } from '../model/predicate.js';
import { sourceUrl } from '../model/source.js';
import { initialFields } from '../regions/library.js';
import { type briefSchema, type contingencySchema, kitFields } from './kit-schema.js';
import { type moveSchema, moves } from './move-schema.js';
import { preferencesSchema } from './preferences.js';
import { seatsSchema } from './seats.js';
import { stabilitySpecSchema } from './stability-spec.js';

const id = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/,
    'use lower-case letters, digits, "-" and "." (e.g. france.senate)',
  );
const isoDate = z.iso.date().describe('a calendar date, YYYY-MM-DD');
// A source becomes a link in every report: only web pages (http or https), never `javascript:`, `data:`
// or `file:` URLs.
const url = sourceUrl;

/** A reactive rule of the `rules` policy: on / if / do / probability / after. */
const policyRuleSchema = z.strictObject({
  id: z.string().min(1).describe('a name for the rule, shown in traces'),
  text: z.string().optional().describe('what the rule models, in a sentence'),
  source: url.optional(),
  on: z
    .looseObject({ type: z.string(), by: z.string().optional() })
    .optional()
    .describe('react to a move of this type (and actor, and payload fields) seen in the news'),
  onRefused: z.boolean().optional().describe('react to refused moves instead of accepted ones'),
  if: predicateSchema.optional().describe('only while this holds'),
  do: moves.describe('the moves to make; "@event.<field>" copies a field of the triggering move'),
  probability: z.number().min(0).max(1).optional().describe('chance of acting when triggered (default 1)'),
  after: z.number().int().min(0).max(365).optional().describe('days to wait before acting (default 0)'),
  once: z.boolean().optional().describe('fire at most once (default: true without `on`, false with it)'),
});

export const actorSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['state', 'legislature', 'de-facto-authority', 'institution']),
  of: z.string().optional().describe('for a legislature: its state'),
  territorial: z
    .boolean()
    .optional()
    .describe('the territorial state: its grant counts for humanitarian access (R11)'),
  controlsGround: z.boolean().optional().describe('controls ground in the territory (grants access)'),
  armed: z.boolean().optional().describe('has forces that can hold or break the ceasefire'),
  description: z.string().optional(),
  policy: z
    .string()
    .optional()
    .describe('the policy that drives this actor: scripted (default), rules, random'),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  rules: z.array(policyRuleSchema).optional().describe('the rules of the `rules` policy'),
  preferences: preferencesSchema
    .optional()
    .describe(
      "the actor's stated preferences, for `auspices stability`: statements or a ranking of outcomes",
    ),
});

const formatFields = {
  name: z.string().min(1),
  description: z.string().optional(),
  auspices: z.string().nullable().optional().describe('the institution under whose auspices it works'),
  mediators: z.array(z.string()).optional().describe('the mediators (co-chairs); default none'),
  parties: z.array(z.string()).optional().describe('the parties to the conflict; default none'),
  members: z.array(z.string()).optional(),
  observers: z.array(z.string()).optional(),
  appointedBy: z
    .string()
    .nullable()
    .optional()
    .describe('who appoints and removes mediators after consultation'),
  membersAtTable: z.boolean().optional().describe('whether members sit at the table (default false)'),
  quorum: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('how many mediators must call a round before talks convene (default: all of them)'),
  host: z.string().optional().describe('the actor that hosts its talks'),
  mediatorMayBeParty: z
    .boolean()
    .optional()
    .describe('allow an actor to be both a mediator and a party of this format (default false)'),
  source: url.optional(),
};

export const formatSchema = z.strictObject(formatFields);

const regionsSchema = z
  .record(z.string(), z.string())
  .describe(
    "the region states at the start, by region name (talks, mandate, composition, hostilities, status, monitoring, access, or a custom region); each defaults to its region's initial state",
  );

const ruleSchema = z.strictObject({
  text: z.string().min(1).describe('the rule in one line a student can read'),
  source: url.optional().describe('a public source for the rule'),
});

const customFieldSchema = z.strictObject({
  type: z.enum(['actor', 'format', 'string', 'number', 'boolean']),
  optional: z.boolean().optional(),
  values: z
    .array(z.union([z.string(), z.number()]))
    .min(1)
    .optional()
    .describe('the values the field may take; needed for a required string or number field'),
  description: z.string().optional(),
});

const customMoveSchema = z.strictObject({
  by: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('who may make it: actor ids, kind:<kind> or role:<party|mediator|member|observer|auspices>'),
  fields: z
    .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'use letters and digits'), customFieldSchema)
    .optional(),
  text: z
    .string()
    .min(1)
    .describe('the move as the end of a sentence about its actor; {field} inserts a field'),
  rule: z.string().min(1).optional().describe('the rule cited when someone not in `by` tries it'),
});

const stateName = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'use a lower-case letter, then letters and digits');

const customTransitionSchema = z.strictObject({
  on: z.string().optional().describe('the move that fires it; omit for an eventless transition'),
  from: z
    .union([stateName, z.array(stateName).min(1)])
    .optional()
    .describe('the states it leaves (default: any)'),
  to: stateName.optional().describe('the state it enters (default: stay)'),
  if: predicateSchema.optional().describe('only while this holds'),
  rule: z.string().min(1).describe('the rule cited when `if` does not hold'),
  why: z.string().min(1).optional().describe('why the move is refused when `if` does not hold'),
});

/** A region declared in a scenario file. */
const customRegionSchema = z.strictObject({
  label: z.string().min(1).optional(),
  description: z.string().optional(),
  states: z.array(stateName).min(1),
  initial: stateName.describe('the state at the start'),
  final: z.array(stateName).optional().describe('states nothing leaves'),
  moves: z
    .record(
      z.string().regex(/^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/, 'name moves subject.verb (dam.fill)'),
      customMoveSchema,
    )
    .optional(),
  transitions: z.array(customTransitionSchema).default([]),
});

/**
 * The `initial:` section: the region states and the active format at the start, plus the fields each
 * region module reads for its slice of the world's memory (`RegionModule.context`).
 */
export const initialSchema = z.strictObject({
  regions: regionsSchema.optional().describe('the region states at the start'),
  activeFormat: z.string().describe('the format recognised at the start'),
  ...initialFields,
});

const injectSchema = z.strictObject({
  id: z.string().min(1).describe('unique within the scenario; what-ifs remove or replace injects by id'),
  date: isoDate.optional().describe('the day it fires (dated inject)'),
  when: predicateSchema.optional().describe('fires on the first day this holds (conditional inject)'),
  by: z.string().describe('the actor whose move this is'),
  do: moves,
  text: z.string().min(1).describe('what happened, for the narrated timeline'),
  source: url.optional().describe('required for historical injects'),
  hypothetical: z
    .boolean()
    .optional()
    .describe('true for an invented inject (a what-if); only these may omit `source`'),
  sources: z.array(url).optional(),
  framing: z.string().optional().describe('whose framing a contested claim is'),
});

const outcomeSchema = z.strictObject({
  text: z.string().min(1),
  when: predicateSchema,
});

const invariantSchema = z.strictObject({
  id: z.string().min(1),
  text: z.string().min(1),
  holds: predicateSchema,
});

/** A question for `auspices explore`, stated in the file so that its answer can be checked. */
const questionSchema = z.strictObject({
  outcome: z.string().min(1).describe('the outcome asked about: an id under `outcomes:`'),
  actors: z.array(z.string().min(1)).min(1).describe('the actors who move in the search'),
  depth: z.number().int().min(0).max(40).describe('search depth: moves, day ends included'),
  answer: z
    .enum(['reachable', 'unreachable'])
    .describe('what exploring to that depth finds; `explore` exits 1 when it finds otherwise'),
});

/** The parts of a scenario a what-if may change. */
const patchFields = {
  description: z.string().optional(),
  calendar: z.strictObject({ start: isoDate.optional(), end: isoDate.optional() }).optional(),
  seed: z.number().int().optional(),
  actors: z.record(z.string(), actorSchema.partial()).optional(),
  formats: z.record(z.string(), z.strictObject(formatFields).partial()).optional(),
  initial: initialSchema.partial().optional(),
  injects: z.array(injectSchema).optional().describe('added, or replacing the base inject with the same id'),
  removeInjects: z.array(z.string()).optional().describe('ids of base injects to drop'),
  outcomes: z.record(z.string(), outcomeSchema).optional(),
  invariants: z.array(invariantSchema).optional(),
  stability: stabilitySpecSchema.optional().describe("replaces the base's `stability:` section"),
  ...kitFields,
};

const whatIfSchema = z.strictObject({
  title: z.string().min(1),
  tests: z.array(z.string()).optional().describe('the rules this branch tests (R2, R4, ...)'),
  ...patchFields,
});

/** A complete scenario file. */
export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  id: id.describe('the scenario id'),
  title: z.string().min(1),
  description: z.string().optional(),
  sources: z.array(z.strictObject({ title: z.string(), url })).optional(),
  calendar: z.strictObject({ start: isoDate, end: isoDate }),
  seed: z.number().int().default(1),
  actors: z.record(id, actorSchema),
  formats: z.record(id, formatSchema),
  regions: z
    .array(z.string().min(1))
    .optional()
    .describe('the built-in region modules this world has (default: all); `auspices regions` lists them'),
  customRegions: z
    .record(
      z
        .string()
        .regex(/^[a-z][a-zA-Z0-9-]*$/, 'use a lower-case letter, then letters, digits and "-" (no dots)'),
      customRegionSchema,
    )
    .optional()
    .describe('regions declared here: states, moves and transitions guarded by predicates'),
  rules: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'use letters, digits and "-"'), ruleSchema)
    .optional()
    .describe("the scenario's own rules, which custom regions cite"),
  wording: z
    .strictObject({
      moves: z
        .record(z.string(), z.string().min(1))
        .optional()
        .describe('how a move reads, as the end of a sentence about its actor; {field} inserts a field'),
      regions: z
        .record(z.string(), z.string().min(1))
        .optional()
        .describe('the label of a region in reports'),
      refusals: z
        .record(z.string(), z.string().min(1))
        .optional()
        .describe(
          "a refusal's reason in the pack's words, by refusal code; {field} inserts a field of the move, {reason} the engine's sentence",
        ),
    })
    .optional()
    .describe("the pack's own words for moves, regions and refusals"),
  initial: initialSchema,
  injects: z.array(injectSchema).default([]),
  outcomes: z.record(z.string(), outcomeSchema).default({}),
  invariants: z.array(invariantSchema).default([]),
  end: predicateSchema.optional().describe('stop early when this holds'),
  ...kitFields,
  seats: seatsSchema.optional(),
  stability: stabilitySpecSchema.optional(),
  whatIfs: z.record(id, whatIfSchema).default({}),
  question: questionSchema.optional(),
});

/** A file that extends another: the base's path plus what changes. */
export const extensionSchema = z.strictObject({
  $schema: z.string().optional(),
  extends: z.string().min(1).describe('path of the base scenario, relative to this file'),
  id: id.optional(),
  title: z.string().min(1),
  tests: z.array(z.string()).optional(),
  whatIfs: z.record(id, whatIfSchema).optional(),
  question: questionSchema
    .optional()
    .describe("a question for `explore` that this file asks; the base's question is not inherited"),
  ...patchFields,
});

/** The union accepted for any scenario file (the schema editors see). */
export const scenarioFileSchema = z.union([scenarioSchema, extensionSchema]);

export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated, fully resolved scenario. */
export type ScenarioData = z.output<typeof scenarioSchema>;
export type ExtensionData = z.output<typeof extensionSchema>;
export type WhatIf = z.output<typeof whatIfSchema>;
export type Move = z.output<typeof moveSchema>;
export type PolicyRule = z.output<typeof policyRuleSchema>;
export type ActorSpec = z.output<typeof actorSchema>;
export type Inject = z.output<typeof injectSchema>;
export type Question = z.output<typeof questionSchema>;
export type Brief = z.output<typeof briefSchema>;
export type Contingency = z.output<typeof contingencySchema>;
