import { type AnyActorScope, type AnyMachineSnapshot, createActor, type StateValue } from 'xstate';
import {
  assertWorldValue,
  asWorld,
  defaultWorld,
  type World,
  type WorldMachine,
} from '../machines/compose-world.js';
import { regionState, type WorldContext, type WorldState, type WorldValue } from '../model/context.js';
import { passes } from '../regions/check-types.js';
import { activeNodes, candidatesIn, explain, handlersByEvent } from './explain.js';
import type { RegionChange, StepOutcome, Stepper } from './stepper.js';

/** The region changes between two state values, for the regions of a world (the default world's when omitted). */
export function regionChanges(
  before: WorldValue,
  after: WorldValue,
  world: World = defaultWorld(),
): RegionChange[] {
  const out: RegionChange[] = [];
  for (const { path: region } of world.tracks) {
    const from = regionState(before, region);
    const to = regionState(after, region);
    if (from !== to) out.push({ region, from, to });
  }
  return out;
}

/**
 * The reference stepper: XState's own `machine.transition` with one reused actor scope. Its snapshots
 * are cached beside the plain world states it hands out, so stepping does not rebuild them.
 *
 * @example
 * ```ts
 * const stepper = createXStateStepper(scenarioWorld(scenario.data));
 * const world = stepper.initial(value, context);
 * const { accepted, refusal, state } = stepper.step(world, { type: 'talks.urge', by: 'un', format: 'minsk-group' });
 * ```
 */
export function createXStateStepper(of: World | WorldMachine = defaultWorld()): Stepper {
  const world = asWorld(of);
  const machine = world.machine;
  const handlers = handlersByEvent(machine);
  const candidates = candidatesIn(machine);
  const snapshots = new WeakMap<WorldState, AnyMachineSnapshot>();
  let scope: AnyActorScope | undefined;
  const actorScope = (context: WorldContext): AnyActorScope => {
    // The scope is only used to run actions; an unstarted actor provides it.
    scope ??= (createActor(machine, { input: context }) as unknown as { _actorScope: AnyActorScope })
      ._actorScope;
    return scope;
  };
  const wrap = (snapshot: AnyMachineSnapshot): WorldState => {
    const state: WorldState = { value: snapshot.value as unknown as WorldValue, context: snapshot.context };
    snapshots.set(state, snapshot);
    return state;
  };
  const snapshotOf = (state: WorldState): AnyMachineSnapshot => {
    let snapshot = snapshots.get(state);
    if (!snapshot) {
      snapshot = machine.resolveState({
        value: state.value as unknown as StateValue,
        context: state.context,
      });
      snapshots.set(state, snapshot);
    }
    return snapshot;
  };

  return {
    engine: 'xstate',
    world,
    initial: (value, context) => {
      assertWorldValue(world, value);
      return wrap(machine.resolveState({ value: value as unknown as StateValue, context }));
    },
    check: (state, event) => explain(world, handlers, state.value, state.context, event, candidates),
    step(state, event): StepOutcome {
      const verdict = explain(world, handlers, state.value, state.context, event, candidates);
      if (!verdict.accepted) return { ...verdict, state, changes: [] };
      const next = machine.transition(
        snapshotOf(state),
        event,
        actorScope(state.context),
      ) as AnyMachineSnapshot;
      const nextState = next === snapshotOf(state) ? state : wrap(next);
      return { ...verdict, state: nextState, changes: regionChanges(state.value, nextState.value, world) };
    },
    unsettled(state) {
      const out: string[] = [];
      for (const node of activeNodes(machine, state.value as unknown as StateValue)) {
        for (const t of node.always ?? []) {
          const guard = typeof t.guard === 'string' ? t.guard : undefined;
          const ok =
            guard === undefined ||
            world
              .checksOf(guard)
              .every(([, c]) =>
                passes(
                  c,
                  state.value,
                  state.context,
                  { type: 'clock.dayElapsed', by: 'clock' },
                  world.regionPath,
                ),
              );
          if (ok)
            out.push(
              `${node.path.join('.')} -> ${t.target?.map((n) => n.path.join('.')).join(', ') ?? '(self)'}`,
            );
        }
      }
      return out;
    },
  };
}
