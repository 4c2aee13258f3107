import { z } from 'zod';
import type { RunState } from './run-state.js';

const savedRunSchema = z.looseObject({
  version: z.literal(1),
  scenario: z.looseObject({ id: z.string(), hash: z.string(), whatIf: z.string().nullable() }),
  seed: z.number(),
  engine: z.string(),
  day: z.number().int().nonnegative(),
  world: z.looseObject({ value: z.looseObject({}), context: z.looseObject({}) }),
  rng: z.array(z.number()).min(1),
  pending: z.array(
    z.looseObject({ due: z.number(), move: z.looseObject({ type: z.string(), by: z.string() }) }),
  ),
  memory: z.record(z.string(), z.array(z.string())),
  firedInjects: z.array(z.string()),
  trace: z.array(z.looseObject({ seq: z.number(), day: z.number() })),
  reached: z.array(z.string()),
  violations: z.array(z.looseObject({})),
  finished: z.boolean(),
  endReason: z.enum(['horizon', 'end-condition']).nullable(),
});

/** Parse and check the text `saveRun` produced; throws an Error that says what is wrong. */
export function parseSavedRun(saved: string): RunState {
  let json: unknown;
  try {
    json = JSON.parse(saved);
  } catch (error) {
    throw new Error(
      `auspices: resumeRun: the saved run is not JSON (${(error as Error).message}); pass the text saveRun returned`,
    );
  }
  const result = savedRunSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(
      `auspices: resumeRun: the saved run is not a saved run of this version (${issue.path.join('.') || 'top level'}: ${issue.message}); pass the text saveRun returned`,
    );
  }
  return json as RunState;
}

/** A run's state as JSON text, to store and resume later. */
export function saveRun(result: { readonly state: RunState } | RunState): string {
  const state = 'state' in result ? result.state : result;
  return JSON.stringify({ ...state, world: { value: state.world.value, context: state.world.context } });
}
