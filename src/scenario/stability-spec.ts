import { z } from 'zod';
import { type Predicate, predicateSchema } from '../model/predicate.js';
import { sourceUrl } from '../model/source.js';
import { hint, type ScenarioIssueCode } from './issues.js';
import type { Path } from './locate.js';
import { checkPreferences, type Preferences } from './preferences.js';

const optionSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*$/, 'use lower-case letters, digits, "." and "-" (e.g. ussr-withdraws)')
    .max(60)
    .describe("the option's id, as reports name it"),
  by: z.string().min(1).describe('the decision maker (an actor with `preferences:`) whose option this is'),
  when: predicateSchema.describe('when the option is taken, in the predicate language'),
  text: z.string().optional().describe('what taking the option means, in one line'),
  source: sourceUrl.optional(),
});

/**
 * What stability analysis (`auspices stability`) reads of a scenario beyond its actors' preferences:
 * - `options`: the facts the graph model is projected onto, each one decision maker's option, in the
 *   order of a state's pattern. Without them, the projection uses the facts the preferences read, and
 *   simultaneous stability (SIM, SEQ+SIM), which combines the options' owners' moves, is not available;
 * - `coalitions`: groups of decision makers that may act as one (`--coalitions`); a decision maker in
 *   no group acts alone.
 * Like preferences, none of this changes a run: it is left out of the scenario hash.
 */
export const stabilitySpecSchema = z
  .strictObject({
    options: z
      .array(optionSchema)
      .min(1)
      .max(30)
      .optional()
      .describe("the graph model's options, each owned by one decision maker, in pattern order"),
    coalitions: z
      .array(z.array(z.string().min(1)).min(2))
      .min(1)
      .optional()
      .describe('groups of decision makers (actor ids) that may act as one, for `--coalitions`'),
  })
  .describe("what `auspices stability` reads besides the actors' preferences: options and coalitions");

export type StabilitySpec = z.output<typeof stabilitySpecSchema>;
export type StabilityOption = z.output<typeof optionSchema>;

/** What stability analysis reads of a scenario is checked like the rest: preferences, options, coalitions. */
export function checkStability(
  data: {
    readonly actors: Readonly<Record<string, { readonly preferences?: Preferences | undefined }>>;
    readonly outcomes: Readonly<Record<string, unknown>>;
    readonly stability?: StabilitySpec | undefined;
  },
  predicate: (p: Predicate | undefined, path: Path) => void,
  add: (code: ScenarioIssueCode, path: Path, message: string) => void,
): void {
  checkPreferences(data, predicate, add);
  checkStabilitySpec(data, predicate, add);
}

/**
 * Options and coalitions name decision makers: actors that state `preferences:`. Option ids are
 * unique, and no decision maker is in two coalitions.
 */
function checkStabilitySpec(
  data: {
    readonly actors: Readonly<Record<string, { readonly preferences?: unknown }>>;
    readonly stability?: StabilitySpec | undefined;
  },
  predicate: (p: Predicate | undefined, path: Path) => void,
  add: (code: ScenarioIssueCode, path: Path, message: string) => void,
): void {
  const spec = data.stability;
  if (!spec) return;
  const actors = Object.keys(data.actors);
  const deciders = actors.filter((a) => data.actors[a]?.preferences !== undefined);
  const decider = (name: string, path: Path, what: string) => {
    if (!Object.hasOwn(data.actors, name))
      add('name/unknown-actor', path, `unknown actor \`${name}\`${hint(name, actors)}: ${what}`);
    else if (!deciders.includes(name))
      add(
        'stability/not-a-decision-maker',
        path,
        `\`${name}\` states no \`preferences:\`, so it is no decision maker of the graph model; give it preferences${deciders.length > 0 ? `, or name one of ${deciders.join(', ')}` : ''}`,
      );
  };
  const ids = new Set<string>();
  spec.options?.forEach((o, i) => {
    if (ids.has(o.id))
      add(
        'stability/duplicate-option',
        ['stability', 'options', i, 'id'],
        `option \`${o.id}\` is declared twice; give each option its own id`,
      );
    ids.add(o.id);
    decider(o.by, ['stability', 'options', i, 'by'], 'an option belongs to an actor with `preferences:`');
    predicate(o.when, ['stability', 'options', i, 'when']);
  });
  const grouped = new Map<string, number>();
  spec.coalitions?.forEach((group, g) => {
    group.forEach((member, j) => {
      const path: Path = ['stability', 'coalitions', g, j];
      decider(member, path, 'a coalition groups actors with `preferences:`');
      const other = grouped.get(member);
      if (other !== undefined)
        add(
          'stability/coalition-overlap',
          path,
          other === g
            ? `\`${member}\` is listed twice in this coalition`
            : `\`${member}\` is already in coalition ${other + 1}; a decision maker belongs to at most one coalition`,
        );
      grouped.set(member, g);
    });
  });
}
