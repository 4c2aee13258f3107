import { z } from 'zod';
import { type Predicate, predicateSchema } from '../model/predicate.js';
import { sourceUrl } from '../model/source.js';
import { hint, type ScenarioIssueCode } from './issues.js';
import type { Path } from './locate.js';

const preferenceStatementSchema = z.strictObject({
  when: predicateSchema.describe('a fact about the world, in the predicate language'),
  text: z.string().optional().describe('the stated position, in one line'),
  source: sourceUrl.optional(),
});

/**
 * An actor's stated preferences, for stability analysis: prioritised statements (a higher statement
 * outweighs all the lower ones together, as in GMCR+'s option prioritisation) or a ranking of the
 * scenario's outcomes, best first, with ties as lists (states that meet none rank last).
 */
export const preferencesSchema = z.union([
  z.strictObject({
    statements: z.array(preferenceStatementSchema).min(1).max(30).describe('most important first'),
  }),
  z.strictObject({
    ranking: z
      .array(z.union([z.string(), z.array(z.string()).min(1)]))
      .min(1)
      .describe("the scenario's outcome ids, best first; ties as a list"),
    source: sourceUrl.optional(),
  }),
]);

export type Preferences = z.infer<typeof preferencesSchema>;

/** The predicates of every actor's preference statements are checked like any other; rankings name outcomes. */
export function checkPreferences(
  data: {
    readonly actors: Readonly<Record<string, { readonly preferences?: Preferences | undefined }>>;
    readonly outcomes: Readonly<Record<string, unknown>>;
  },
  predicate: (p: Predicate | undefined, path: Path) => void,
  add: (code: ScenarioIssueCode, path: Path, message: string) => void,
): void {
  for (const [id, a] of Object.entries(data.actors)) {
    const prefs = a.preferences;
    if (!prefs) continue;
    if ('statements' in prefs) {
      prefs.statements.forEach((st, i) => {
        predicate(st.when, ['actors', id, 'preferences', 'statements', i, 'when']);
      });
      continue;
    }
    prefs.ranking.forEach((entry, i) => {
      (typeof entry === 'string' ? [entry] : entry).forEach((outcome, j) => {
        if (!Object.hasOwn(data.outcomes, outcome))
          add(
            'name/unknown-outcome',
            ['actors', id, 'preferences', 'ranking', i, ...(typeof entry === 'string' ? [] : [j])],
            `unknown outcome \`${outcome}\`${hint(outcome, Object.keys(data.outcomes))}: a ranking lists outcomes declared under \`outcomes:\``,
          );
      });
    });
  }
}
