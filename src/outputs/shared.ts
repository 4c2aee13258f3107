import { z } from 'zod';
import type { WorldValueNode } from '../model/context.js';
import type { RuleId } from '../model/rules.js';

/**
 * The two fields every JSON output of auspices starts with: its format's name and version. The version
 * goes up when a field is removed, renamed or changes meaning; new fields keep it.
 */
export function formatHeader<const N extends string>(name: N) {
  return { format: z.literal(name), formatVersion: z.literal(1) };
}

/** A move as data: its type, its actor and its payload fields (which depend on the move). */
export const moveSchema = z.looseObject({
  type: z.string().min(1).describe('the move, `subject.verb`'),
  by: z.string().min(1).describe('the acting actor'),
});

/** A rule's id: a built-in one (`R4`, `M1`, ...) or a scenario's own. */
export const ruleIdSchema = z.string().min(1) as z.ZodType<RuleId>;

/** A 95% interval: `[low, high]`. */
export const intervalSchema = z.tuple([z.number(), z.number()]);

/** A node of a state value: a state name, or the active children of a compound or parallel state. */
const worldValueNodeSchema: z.ZodType<WorldValueNode> = z
  .lazy(() => z.union([z.string(), z.record(z.string(), worldValueNodeSchema)]))
  .meta({ id: 'WorldValueNode' });

/** The state value of the world statechart: one entry per region node. */
export const worldValueSchema = z.record(z.string(), worldValueNodeSchema);

/** A scenario's identity as outputs name it. */
export const scenarioIdSchema = z.strictObject({ id: z.string(), title: z.string(), hash: z.string() });

type MoveJson = z.infer<typeof moveSchema>;

/**
 * A type as its JSON reads back: every `readonly` dropped, no field that may hold `undefined` (JSON has
 * none; an optional field stays optional), and every move (`{ type, by, ... }`) a `MoveJson`, so that a TypeScript type and the zod schema of the same output can be compared.
 */
type Plain<T> = T extends { readonly type: string; readonly by: string }
  ? MoveJson
  : T extends object
    ? { -readonly [K in keyof T]: Plain<Exclude<T[K], undefined>> }
    : T;

/**
 * `true` when `A` and `B` are the same type once both are `Plain` (the same fields, each optional or not
 * alike, of the same types), else `never`: assign it to a `true` constant and the compiler refuses a
 * schema that has drifted from its type.
 */
export type Same<A, B> =
  (<T>() => T extends Plain<A> ? 1 : 2) extends <T>() => T extends Plain<B> ? 1 : 2 ? true : never;
