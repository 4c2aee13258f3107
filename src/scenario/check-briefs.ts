import { hint, type ScenarioIssueCode } from './issues.js';
import type { Path } from './locate.js';
import type { Move, ScenarioData } from './schema.js';
import { checkSeats } from './seats.js';

/** What the checks of the trainer's kit need from `checkScenario`: the data and its reporters. */
export interface KitChecker {
  readonly data: ScenarioData;
  add(code: ScenarioIssueCode, path: Path, message: string): void;
  /** Report at the last key of `path` (for a mapping keyed by a name). */
  addKey(code: ScenarioIssueCode, path: Path, message: string): void;
  /** Report an unknown actor named at `path`. */
  actor(name: string | null | undefined, path: Path): void;
  /** Check moves exactly as an inject's moves are checked, `owner` acting. */
  moves(list: Move | Move[], owner: string, path: Path): void;
}

/**
 * The checks of a scenario's `briefs:`, `facilitator:` and `debrief:` (the trainer's kit): briefs are
 * keyed by actors of the scenario, notes by its injects, every learning objective named is declared,
 * and each contingency inject is a move its actor could be scripted to make, with an id of its own.
 */
export function checkBriefs({ data, add, addKey, actor, moves }: KitChecker): void {
  const actors = Object.keys(data.actors);
  for (const id of Object.keys(data.briefs ?? {})) {
    if (!Object.hasOwn(data.actors, id))
      addKey(
        'name/unknown-actor',
        ['briefs', id],
        `a brief for \`${id}\`, which is no actor of this scenario${hint(id, actors)}`,
      );
  }
  // The seats of a live exercise belong with the kit: a way to play the scenario, not part of it.
  checkSeats(data, add);
  const facilitator = data.facilitator;
  if (!facilitator) return;
  const declared = Object.keys(facilitator.objectives ?? {});
  const objectives = (list: readonly string[] | undefined, path: Path) =>
    (list ?? []).forEach((lo, i) => {
      if (!Object.hasOwn(facilitator.objectives ?? {}, lo))
        add(
          'name/unknown-objective',
          [...path, i],
          `unknown learning objective \`${lo}\`${hint(lo, declared)}: declare it under \`facilitator.objectives\``,
        );
    });
  const injectIds = data.injects.map((i) => i.id);
  for (const [id, note] of Object.entries(facilitator.injects ?? {})) {
    const path = ['facilitator', 'injects', id];
    if (!injectIds.includes(id))
      addKey(
        'name/unknown-inject',
        path,
        `a facilitator's note on \`${id}\`, which is no inject of this scenario${hint(id, injectIds)}; a note on a what-if's inject goes in that what-if's \`facilitator:\``,
      );
    objectives(note.objectives, [...path, 'objectives']);
  }
  const seen = new Set<string>();
  (facilitator.contingency ?? []).forEach((c, i) => {
    const path = ['facilitator', 'contingency', i];
    if (seen.has(c.id))
      add('facilitator/duplicate-contingency', [...path, 'id'], `duplicate contingency id \`${c.id}\``);
    else if (injectIds.includes(c.id))
      add(
        'facilitator/contingency-id-taken',
        [...path, 'id'],
        `contingency id \`${c.id}\` is already an inject's id: give the contingency an id of its own`,
      );
    seen.add(c.id);
    objectives(c.objectives, [...path, 'objectives']);
    actor(c.by, [...path, 'by']);
    moves(c.do, c.by, [...path, 'do']);
  });
}
