import type { WorldEvent } from '../regions/events.js';
import { hint } from '../scenario/issues.js';
import { injectViews } from './exercise-injects.js';
import { actorMoves } from './exercise-moves.js';
import { roundScenario, runRound, seatPolicies } from './exercise-round.js';
import { type Exercise, type ExerciseState, seatPlans } from './exercise-state.js';
import type { Command, ExerciseRefusal, MoveOption, Principal } from './exercise-types.js';

type Applied = { readonly state: ExerciseState } | { readonly refusal: ExerciseRefusal };

const no = (code: ExerciseRefusal['code'], status: ExerciseRefusal['status'], message: string): Applied => ({
  refusal: { code, status, message },
});

const facilitatorOnly = new Set<Command['type']>([
  'seat.assign',
  'round.start',
  'inject.hold',
  'inject.release',
  'inject.skip',
  'inject.reorder',
  'inject.add',
  'exercise.pause',
  'exercise.resume',
  'exercise.end',
]);

/**
 * The move of this world that `input` names for `by`, matched field by field against the candidates of
 * the decision world (judged once per world, so a round's submissions cost a lookup), with its verdict.
 */
function matchMove(
  ex: Exercise,
  input: Readonly<Record<string, unknown>>,
  by: string,
): { readonly option: MoveOption; readonly accepted: boolean } | null {
  const wanted: Record<string, unknown> = { ...input, by };
  const keys = Object.keys(wanted).filter((k) => wanted[k] !== undefined);
  const { legal, refused } = actorMoves(ex, by);
  for (const [list, accepted] of [
    [legal, true],
    [refused, false],
  ] as const)
    for (const option of list) {
      const m = option.move as unknown as Record<string, unknown>;
      const mk = Object.keys(m).filter((k) => m[k] !== undefined);
      if (mk.length === keys.length && keys.every((k) => m[k] === wanted[k])) return { option, accepted };
    }
  return null;
}

function moveName(input: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(input).slice(0, 160);
}

/** Check and apply one parsed command. */
export function applyCommand(ex: Exercise, by: Principal, command: Command, at: string): Applied {
  const s = ex.state;
  if (by.role === 'system' && command.type !== 'round.resolve')
    return no('forbidden', 403, 'the server issues no command but resolving a round at its deadline');
  if (facilitatorOnly.has(command.type) && by.role !== 'facilitator')
    return no('forbidden', 403, `only the facilitator may ${command.type}; a seat cannot`);
  if ((command.type === 'seat.join' || command.type === 'moves.submit') && by.role !== 'seat')
    return no('forbidden', 403, `${command.type} is a seat's command; the facilitator assigns seats instead`);
  if (command.type === 'round.resolve' && by.role === 'seat')
    return no('forbidden', 403, 'only the facilitator resolves a round');
  if (s.phase === 'ended')
    return no(
      'wrong-phase',
      409,
      'the exercise has ended; open the after-action review, or create a new exercise',
    );
  switch (command.type) {
    case 'seat.assign': {
      if (!ex.seats.some((x) => x.id === command.seat))
        return no(
          'unknown-seat',
          404,
          `no seat "${command.seat}"${hint(
            command.seat,
            ex.seats.map((x) => x.id),
          )}`,
        );
      if (
        command.holder.kind === 'policy' &&
        !(seatPolicies as readonly string[]).includes(command.holder.policy)
      )
        return no(
          'unknown-policy',
          404,
          `no policy "${command.holder.policy}"; a seat may be given ${seatPolicies.join(', ')}`,
        );
      return { state: { ...s, holders: { ...s.holders, [command.seat]: command.holder } } };
    }
    case 'seat.join': {
      if (by.role !== 'seat') return no('forbidden', 403, 'only a seat joins');
      return { state: { ...s, joined: { ...s.joined, [by.seat]: command.name } } };
    }
    case 'moves.submit':
      return submit(ex, by, command.moves);
    case 'message.send': {
      const from = by.role === 'seat' ? by.seat : 'facilitator';
      if (command.to !== 'all')
        for (const to of command.to)
          if (!ex.seats.some((x) => x.id === to))
            return no(
              'unknown-seat',
              404,
              `no seat "${to}"${hint(
                to,
                ex.seats.map((x) => x.id),
              )}; send to seat ids or "all"`,
            );
      const last = s.messages.at(-1)?.seq ?? 0;
      const message = {
        seq: last + 1,
        at,
        from,
        to: command.to === 'all' ? ('all' as const) : [...new Set(command.to)],
        text: command.text,
        ...(command.proposal ? { proposal: command.proposal } : {}),
        day: s.run.day,
      };
      return { state: { ...s, messages: [...s.messages, message] } };
    }
    case 'round.start': {
      if (s.phase !== 'setup' && s.phase !== 'between')
        return no('wrong-phase', 409, `a round can start only between rounds; the exercise is ${s.phase}`);
      if (s.run.finished)
        return no(
          'wrong-phase',
          409,
          "the scenario's calendar has ended: no day is left to play; end the exercise",
        );
      const deadline =
        command.deadlineSeconds === undefined
          ? null
          : new Date(Date.parse(at) + command.deadlineSeconds * 1000).toISOString();
      return { state: { ...s, phase: 'round', roundDays: command.days, deadline, submissions: {} } };
    }
    case 'round.resolve':
      return resolve(ex, by, at);
    case 'inject.hold':
    case 'inject.release':
    case 'inject.skip':
      return injectCommand(ex, command.type, command.inject);
    case 'inject.reorder': {
      const known = new Set(injectViews(ex).map((i) => i.id));
      const bad = command.order.find((id) => !known.has(id));
      if (bad) return no('unknown-inject', 404, `no inject "${bad}"${hint(bad, [...known])}`);
      return { state: { ...s, injects: { ...s.injects, order: [...new Set(command.order)] } } };
    }
    case 'inject.add':
      return addInject(ex, command);
    case 'exercise.pause': {
      if (s.phase === 'paused') return no('wrong-phase', 409, 'the exercise is already paused');
      const remainingMs =
        s.phase === 'round' && s.deadline ? Math.max(0, Date.parse(s.deadline) - Date.parse(at)) : null;
      return { state: { ...s, phase: 'paused', resumeTo: s.phase, remainingMs, deadline: null } };
    }
    case 'exercise.resume': {
      if (s.phase !== 'paused' || !s.resumeTo) return no('wrong-phase', 409, 'the exercise is not paused');
      const deadline = s.remainingMs === null ? null : new Date(Date.parse(at) + s.remainingMs).toISOString();
      return { state: { ...s, phase: s.resumeTo, resumeTo: null, remainingMs: null, deadline } };
    }
    case 'exercise.end':
      return { state: { ...s, phase: 'ended', deadline: null } };
  }
}

function submit(ex: Exercise, by: Principal, moves: readonly Readonly<Record<string, unknown>>[]): Applied {
  if (by.role !== 'seat') return no('forbidden', 403, 'only a seat submits moves');
  const s = ex.state;
  if (s.phase !== 'round')
    return no(
      'wrong-phase',
      409,
      s.phase === 'paused'
        ? 'the exercise is paused; submit when the facilitator resumes it'
        : 'no round is open; moves are submitted while the facilitator has a round open',
    );
  const seat = ex.seats.find((x) => x.id === by.seat);
  if (!seat) return no('unknown-seat', 404, `no seat "${by.seat}"`);
  const chosen: WorldEvent[] = [];
  for (const [i, input] of moves.entries()) {
    const actor = typeof input.by === 'string' ? input.by : seat.actors[0]!;
    if (!seat.actors.includes(actor))
      return no(
        'not-your-actor',
        403,
        `move ${i + 1}: your seat moves for ${seat.actors.join(', ')}, not for ${actor}`,
      );
    const found = matchMove(ex, input, actor);
    if (!found)
      return no(
        'illegal-move',
        422,
        `move ${i + 1} (${moveName(input)}) is not a move ${actor} can make in this world; pick one from your view's moves`,
      );
    const { option, accepted } = found;
    if (!accepted)
      return no(
        'illegal-move',
        422,
        `move ${i + 1} (${option.move.type}) would be refused by rule ${option.refusal?.rule}: ${option.refusal?.reason}`,
      );
    chosen.push(option.move);
  }
  return { state: { ...s, submissions: { ...s.submissions, [seat.id]: chosen } } };
}

function resolve(ex: Exercise, by: Principal, at: string): Applied {
  const s = ex.state;
  if (s.phase !== 'round')
    return no('wrong-phase', 409, `no round is open to resolve; the exercise is ${s.phase}`);
  if (by.role === 'system' && (!s.deadline || Date.parse(at) < Date.parse(s.deadline)))
    return no('wrong-phase', 409, "the round's deadline has not passed");
  const moves = new Map<string, WorldEvent[]>();
  for (const seat of ex.seats)
    for (const move of s.submissions[seat.id] ?? []) {
      const list = moves.get(move.by) ?? [];
      if (!list.some((m) => JSON.stringify(m) === JSON.stringify(move))) list.push(move);
      moves.set(move.by, list);
    }
  const day = s.run.day;
  const days = s.roundDays ?? 1;
  const scenario = roundScenario(ex.base.scenario, seatPlans(ex), s.injects, day);
  const run = runRound(scenario, s.run, ex.base.stepper, moves, days);
  const firedAt = { ...s.injects.firedAt };
  for (const id of s.injects.released) firedAt[id] = day;
  return {
    state: {
      ...s,
      phase: 'between',
      round: s.round + 1,
      roundDays: null,
      deadline: null,
      submissions: {},
      run,
      injects: { ...s.injects, released: [], firedAt },
      rounds: [...s.rounds, { round: s.round + 1, day, days, submissions: s.submissions }],
    },
  };
}

function injectCommand(
  ex: Exercise,
  type: 'inject.hold' | 'inject.release' | 'inject.skip',
  id: string,
): Applied {
  const s = ex.state;
  const views = injectViews(ex);
  const view = views.find((v) => v.id === id);
  if (!view)
    return no(
      'unknown-inject',
      404,
      `no inject "${id}"${hint(
        id,
        views.map((v) => v.id),
      )}`,
    );
  const c = s.injects;
  const without = (list: readonly string[]) => list.filter((x) => x !== id);
  const allowed: Record<typeof type, readonly string[]> = {
    'inject.hold': ['pending', 'released'],
    'inject.release': ['pending', 'held'],
    'inject.skip': ['pending', 'held', 'released'],
  };
  if (!allowed[type].includes(view.status))
    return no(
      'wrong-phase',
      409,
      `inject "${id}" is ${view.status}; ${type} applies to a ${allowed[type].join(' or ')} inject`,
    );
  const injects =
    type === 'inject.hold'
      ? { ...c, held: [...c.held, id], released: without(c.released) }
      : type === 'inject.release'
        ? { ...c, held: without(c.held), released: [...c.released, id] }
        : { ...c, held: without(c.held), released: without(c.released), skipped: [...c.skipped, id] };
  return { state: { ...s, injects } };
}

function addInject(ex: Exercise, command: Extract<Command, { type: 'inject.add' }>): Applied {
  const s = ex.state;
  const c = s.injects;
  const data = ex.base.scenario.data;
  const taken = new Set(injectViews(ex).map((v) => v.id));
  if ((command.contingency === undefined) === (command.inject === undefined))
    return no(
      'bad-command',
      400,
      "give either `contingency` (an id of the pack's contingency injects) or `inject`",
    );
  if (c.added.length >= 200)
    return no('limit', 422, 'this exercise has 200 added injects, the most it may have');
  if (command.contingency !== undefined) {
    const all = data.facilitator?.contingency ?? [];
    const found = all.find((x) => x.id === command.contingency);
    if (!found)
      return no(
        'unknown-inject',
        404,
        `no contingency inject "${command.contingency}"${hint(
          command.contingency,
          all.map((x) => x.id),
        )}`,
      );
    if (taken.has(found.id))
      return no('wrong-phase', 409, `contingency inject "${found.id}" was already added`);
    const list = Array.isArray(found.do) ? found.do : [found.do];
    const moves = list.map((m) => ({ ...m, by: m.by ?? found.by }) as unknown as WorldEvent);
    const added = {
      id: found.id,
      text: found.text,
      by: found.by,
      moves,
      ...(found.source ? { source: found.source } : {}),
    };
    return {
      state: { ...s, injects: { ...c, added: [...c.added, added], released: [...c.released, found.id] } },
    };
  }
  const inject = command.inject!;
  if (taken.has(inject.id))
    return no('bad-command', 400, `an inject "${inject.id}" exists already; pick another id`);
  if (!Object.hasOwn(data.actors, inject.move.by))
    return no(
      'unknown-seat',
      404,
      `no actor "${inject.move.by}"${hint(inject.move.by, Object.keys(data.actors))}`,
    );
  const move = matchMove(ex, inject.move, inject.move.by)?.option.move;
  if (!move) return no('illegal-move', 422, `${moveName(inject.move)} is not a move of this world`);
  const added = { id: inject.id, text: inject.text, by: inject.move.by, moves: [move] };
  return {
    state: { ...s, injects: { ...c, added: [...c.added, added], released: [...c.released, inject.id] } },
  };
}
