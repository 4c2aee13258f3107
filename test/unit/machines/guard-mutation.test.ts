import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type AnyActorScope, type AnyMachineSnapshot, createActor, type StateValue } from 'xstate';
import { defaultWorld } from '../../../src/machines/compose-world.js';
import { createWorldMachine, type WorldMachine } from '../../../src/machines/world-machine.js';
import type { WorldContext, WorldState } from '../../../src/model/context.js';
import type { Check } from '../../../src/regions/check-types.js';
import type { WorldEvent } from '../../../src/regions/events.js';
import { createXStateStepper } from '../../../src/steppers/xstate-stepper.js';

const checks: Record<string, Check> = Object.fromEntries(defaultWorld().checks);
type CheckName = string;
const checksOf = (guard: string) => defaultWorld().checksOf(guard);

import { play, smallContext, startValue } from '../../support/world.js';

/**
 * Mutation testing of the rules: for every check of the catalogue, a known example in the small world
 * where the check is what refuses a move (or the condition of an eventless transition), and proof that
 * the statechart behaves differently when that one guard is deleted (made to always pass).
 */

/** What deleting the guard changes when the probe is applied to the statechart. */
type Effect =
  /** The resulting region states or context differ. */
  | 'state'
  /** The original takes no transition (same snapshot); the mutant takes one whose action changes nothing. */
  | 'transition'
  /** Nothing: another check of the same composite refuses too; only the refusal's reason tells them apart. */
  | 'none'
  /** The mutant's eventless transitions never settle (XState would spin forever). */
  | 'livelock';

interface Example {
  /** Overrides of the small world's context. */
  readonly context?: Partial<WorldContext>;
  /** Moves that set the example up; every one must be accepted. */
  readonly setup?: readonly Record<string, unknown>[];
  /** The move the check refuses, or for an eventless condition, the event after which it is evaluated. */
  readonly probe: Record<string, unknown>;
  readonly effect: Effect;
  /** The check refuses one transition, and a sibling transition accepts the probe instead (a call, not a convening). */
  readonly bySibling?: boolean;
}

/** The small world's formats with the Minsk Group's quorum set (`null`: all its mediators act jointly). */
function withQuorum(quorum: number | null): WorldContext['formats'] {
  const formats = smallContext().formats;
  return { ...formats, minsk: { ...formats.minsk!, quorum } };
}

const tick = { type: 'clock.dayElapsed', by: 'clock' };
const convene = { type: 'talks.convene', by: 'russia' };
const proposeQuad = { type: 'format.propose', by: 'turkey', format: 'quad' };
const endorseQuad = (by: string) => ({ type: 'format.endorse', by, format: 'quad' });
const consult = (action: string, mediator?: string) => ({
  type: 'format.consult',
  by: 'osce',
  action,
  mediator,
});
const hostConsents = { type: 'monitoring.consent', by: 'azerbaijan' };
const openCentre = (by: string) => ({ type: 'monitoring.openCentre', by });
const requestAccess = { type: 'access.request', by: 'un' };
const grantAccess = (by: string) => ({ type: 'access.grant', by });
const war = { type: 'hostilities.resume', by: 'armenia' };

/** One example per check; `satisfies` makes a new check without an example a type error too. */
const examples = {
  isArmedActor: { probe: { type: 'ceasefire.violate', by: 'russia' }, effect: 'state' },
  isBrokerAcceptedByParties: {
    setup: [war],
    probe: { type: 'ceasefire.broker', by: 'turkey' },
    effect: 'state',
  },
  isPeacekeeperOrBroker: {
    setup: [{ type: 'ceasefire.violate', by: 'armenia' }],
    probe: { type: 'ceasefire.restore', by: 'usa' },
    effect: 'state',
  },
  isKnownFormat: { probe: { type: 'talks.urge', by: 'un', format: 'atlantis' }, effect: 'state' },
  isConvener: { probe: { type: 'talks.convene', by: 'armenia' }, effect: 'state' },
  isAboutTheseTalks: {
    context: {
      consents: {
        armenia: ['russia', 'usa', 'france', 'turkey'],
        azerbaijan: ['russia', 'usa', 'france', 'turkey'],
      },
    },
    probe: { type: 'talks.convene', by: 'russia', format: 'quad' },
    effect: 'state',
  },
  hasNotCalled: {
    context: { formats: withQuorum(null) },
    setup: [convene],
    probe: convene,
    effect: 'transition',
  },
  hasQuorum: { context: { formats: withQuorum(null) }, probe: convene, effect: 'state', bySibling: true },
  isTalksParty: { setup: [convene], probe: { type: 'talks.boycott', by: 'usa' }, effect: 'state' },
  isTalksFormatAcceptedByParties: {
    setup: [{ type: 'consent.withdraw', by: 'armenia', mediator: 'france' }],
    probe: convene,
    effect: 'state',
  },
  isTalksFormatOpen: {
    setup: [consult('close'), tick, { type: 'format.close', by: 'osce' }],
    probe: convene,
    effect: 'state',
  },
  isParty: { probe: { type: 'consent.give', by: 'usa', mediator: 'turkey' }, effect: 'state' },
  isSettlementParty: {
    setup: [convene],
    probe: { type: 'settlement.sign', by: 'usa', text: 'interim settlement', status: 'interim' },
    effect: 'state',
  },
  isStateActor: { probe: { type: 'format.propose', by: 'un', format: 'quad' }, effect: 'state' },
  isProposableFormat: { probe: { type: 'format.propose', by: 'turkey', format: 'minsk' }, effect: 'state' },
  isOpenProposal: {
    setup: [proposeQuad],
    probe: { type: 'format.endorse', by: 'armenia', format: 'minsk' },
    effect: 'transition',
  },
  isProposer: {
    setup: [proposeQuad],
    probe: { type: 'format.withdraw', by: 'azerbaijan', format: 'quad' },
    effect: 'state',
  },
  isPartyOrMediator: {
    setup: [proposeQuad, endorseQuad('armenia'), endorseQuad('azerbaijan')],
    probe: { type: 'format.replace', by: 'turkey', format: 'quad' },
    effect: 'state',
  },
  isFormatLockReleased: {
    context: { formatLock: { signatories: ['armenia', 'azerbaijan', 'russia'], standing: true } },
    setup: [proposeQuad, endorseQuad('armenia'), endorseQuad('azerbaijan')],
    probe: { type: 'format.replace', by: 'armenia', format: 'quad' },
    effect: 'state',
  },
  isProposalEndorsedByParties: {
    context: { formatLock: null },
    setup: [proposeQuad, endorseQuad('azerbaijan')],
    probe: { type: 'format.replace', by: 'azerbaijan', format: 'quad' },
    effect: 'state',
  },
  isAppointingAuthority: {
    probe: { type: 'format.consult', by: 'usa', action: 'appoint', mediator: 'turkey' },
    effect: 'state',
  },
  hasConsulted: { probe: { type: 'mediator.appoint', by: 'osce', mediator: 'turkey' }, effect: 'state' },
  hasConsensus: {
    setup: [consult('close'), { type: 'format.object', by: 'armenia', action: 'close' }, tick],
    probe: { type: 'format.close', by: 'osce' },
    effect: 'state',
  },
  isAuspicesInstitution: {
    setup: [consult('close'), tick],
    probe: { type: 'format.close', by: 'un' },
    effect: 'state',
  },
  isConsultationOpen: {
    probe: { type: 'format.object', by: 'armenia', action: 'appoint', mediator: 'turkey' },
    effect: 'transition',
  },
  isConsultationNew: {
    setup: [consult('appoint', 'turkey')],
    probe: consult('appoint', 'turkey'),
    effect: 'state',
  },
  isNotMediator: {
    setup: [consult('appoint', 'france'), tick],
    probe: { type: 'mediator.appoint', by: 'osce', mediator: 'france' },
    effect: 'state',
  },
  isAppointee: { probe: { type: 'mediator.accept', by: 'turkey' }, effect: 'state' },
  isSeatedMediator: { probe: { type: 'mediator.resign', by: 'turkey' }, effect: 'transition' },
  isMediatorNamed: {
    setup: [consult('exclude', 'turkey'), tick],
    probe: { type: 'mediator.exclude', by: 'osce', mediator: 'turkey' },
    effect: 'state',
  },
  isPartyOrItsLegislature: {
    probe: { type: 'mediator.demandExclusion', by: 'france.senate', mediator: 'russia' },
    effect: 'state',
  },
  hasDemanded: {
    probe: { type: 'mediator.withdrawDemand', by: 'azerbaijan', mediator: 'france' },
    effect: 'transition',
  },
  isKnownActorNamed: {
    probe: { type: 'consent.give', by: 'armenia', mediator: 'atlantis' },
    effect: 'state',
  },
  isLegislature: { probe: { type: 'legislature.resolve', by: 'france', subject: 'other' }, effect: 'state' },
  isExecutive: { probe: { type: 'recognition.grant', by: 'france.senate', entity: 'nk' }, effect: 'state' },
  isRecognisable: { probe: { type: 'recognition.grant', by: 'france', entity: 'armenia' }, effect: 'state' },
  hasNotRecognised: {
    setup: [{ type: 'recognition.grant', by: 'france', entity: 'nk' }],
    probe: { type: 'recognition.decline', by: 'france', entity: 'nk' },
    effect: 'state',
  },
  hasCentreAgreement: {
    context: { monitoring: { peacekeepers: ['russia'], centre: null } },
    probe: hostConsents,
    effect: 'none',
  },
  isCentreOperator: { setup: [hostConsents], probe: openCentre('usa'), effect: 'state' },
  isCentreHost: { probe: { type: 'monitoring.consent', by: 'armenia' }, effect: 'state' },
  hasHostConsent: { probe: openCentre('russia'), effect: 'state' },
  isCeasefireInEffect: { setup: [hostConsents, war], probe: openCentre('russia'), effect: 'state' },
  isCentreOperatorOrHost: {
    setup: [hostConsents, openCentre('russia'), openCentre('turkey')],
    probe: { type: 'monitoring.closeCentre', by: 'usa' },
    effect: 'state',
  },
  isInstitution: { probe: { type: 'access.request', by: 'armenia' }, effect: 'state' },
  isAccessGrantor: { setup: [requestAccess], probe: grantAccess('usa'), effect: 'state' },
  hasAccessRequest: { probe: grantAccess('azerbaijan'), effect: 'state' },
  isNotReady: {
    setup: [hostConsents, openCentre('russia')],
    probe: openCentre('russia'),
    effect: 'transition',
  },
  hasNotGranted: {
    setup: [requestAccess, grantAccess('azerbaijan')],
    probe: grantAccess('azerbaijan'),
    effect: 'transition',
  },
  hasGranted: { probe: { type: 'access.restrict', by: 'azerbaijan' }, effect: 'transition' },
  isNotSelf: { probe: { type: 'visit.make', by: 'turkey', to: 'turkey' }, effect: 'state' },
  // Conditions of eventless transitions: the probe is a tick, after which XState re-evaluates them.
  hasEnoughViolations: {
    setup: [{ type: 'ceasefire.violate', by: 'armenia' }],
    probe: tick,
    effect: 'state',
  },
  hasLostConsent: { setup: [convene], probe: tick, effect: 'state' },
  isTalksFormatClosed: { setup: [convene], probe: tick, effect: 'state' },
  hasSettlement: { setup: [convene], probe: tick, effect: 'state' },
  hasInterimSettlement: { probe: tick, effect: 'state' },
  hasFinalSettlement: { probe: tick, effect: 'state' },
  hasNoDemands: {
    setup: [{ type: 'mediator.demandExclusion', by: 'azerbaijan.parliament', mediator: 'france' }],
    probe: tick,
    effect: 'state',
  },
  hasNoOpenProposals: { setup: [proposeQuad], probe: tick, effect: 'state' },
  isWar: { setup: [hostConsents, openCentre('russia'), openCentre('turkey')], probe: tick, effect: 'state' },
  isCentreReady: { probe: tick, effect: 'state' },
  hasPartialAccess: { probe: tick, effect: 'livelock' },
  hasFullAccess: { probe: tick, effect: 'livelock' },
  hasNoAccess: { setup: [requestAccess, grantAccess('azerbaijan')], probe: tick, effect: 'livelock' },
} satisfies Record<CheckName, Example>;

/** Where the machine uses each check: on an event's transition, on an eventless one, or both. */
function checkUsage(machine: WorldMachine): { onEvents: Set<string>; eventless: Set<string> } {
  const onEvents = new Set<string>();
  const eventless = new Set<string>();
  const names = (guard: unknown) => (typeof guard === 'string' ? checksOf(guard).map(([n]) => n) : []);
  const visit = (node: WorldMachine['root']) => {
    for (const list of node.transitions.values())
      for (const t of list) for (const n of names(t.guard)) onEvents.add(n);
    for (const t of node.always ?? []) for (const n of names(t.guard)) eventless.add(n);
    for (const child of Object.values(node.states)) visit(child as WorldMachine['root']);
  };
  visit(machine.root);
  return { onEvents, eventless };
}

class Livelock extends Error {}

/** A mutant guard that always passes; for loop-prone conditions it gives up after many evaluations. */
function alwaysPasses(): () => boolean {
  let calls = 0;
  return () => {
    if (++calls > 1000) throw new Livelock('the mutant never settles');
    return true;
  };
}

/** `machine.transition` with the machine's own actor scope, from plain world data. */
function transition(machine: WorldMachine, state: WorldState, event: WorldEvent) {
  const snapshot = machine.resolveState({
    value: state.value as unknown as StateValue,
    context: state.context,
  });
  const scope = (createActor(machine, { input: state.context }) as unknown as { _actorScope: AnyActorScope })
    ._actorScope;
  const next = machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
  return { snapshot, next };
}

/** What deleting `name` changes for the example, observed on XState itself. */
function observeDeletion(name: CheckName, state: WorldState, probe: WorldEvent): Effect {
  const original = transition(createWorldMachine(), state, probe);
  const mutant = createWorldMachine().provide({ guards: { [name]: alwaysPasses() } as never });
  let changed: ReturnType<typeof transition>;
  try {
    changed = transition(mutant, state, probe);
  } catch (error) {
    if (error instanceof Livelock) return 'livelock';
    throw error;
  }
  if (changed.next.status === 'error' && changed.next.error instanceof Livelock) return 'livelock';
  const differs =
    !isDeepStrictEqual(original.next.value, changed.next.value) ||
    !isDeepStrictEqual(original.next.context, changed.next.context);
  if (differs) return 'state';
  return original.next === original.snapshot && changed.next !== changed.snapshot ? 'transition' : 'none';
}

const usage = checkUsage(createWorldMachine());

describe('guard mutation', () => {
  it('should have a mutation example for every check, and every check should guard some transition', () => {
    expect(Object.keys(examples).sort()).toEqual(Object.keys(checks).sort());
    for (const name of Object.keys(checks))
      expect(usage.onEvents.has(name) || usage.eventless.has(name)).toBe(true);
  });

  it.each(Object.entries(examples) as [CheckName, Example][])(
    'should make a difference when %s is deleted',
    (name, example) => {
      const check: Check = checks[name]!;
      const stepper = createXStateStepper();
      const start = stepper.initial(startValue, smallContext(example.context));
      const setup = play(stepper, start, [...(example.setup ?? [])]);
      for (const outcome of setup.outcomes) expect(outcome.refusal).toBeNull();
      const probe = example.probe as unknown as WorldEvent;
      const outcome = stepper.step(setup.state, probe);
      if (example.bySibling) {
        expect(outcome.accepted).toBe(true);
      } else if (usage.onEvents.has(name)) {
        // The check is what refuses the probe: its code and its own sentence.
        expect(outcome.refusal).toEqual({
          rule: check.rule,
          code: check.code,
          reason: check.why(setup.state.context, probe as never),
        });
        // XState agrees: the original statechart takes no transition.
        const { snapshot, next } = transition(createWorldMachine(), setup.state, probe);
        expect(next).toBe(snapshot);
      } else {
        expect(usage.eventless.has(name)).toBe(true);
        expect(outcome.accepted).toBe(true);
        expect(stepper.unsettled(outcome.state)).toEqual([]);
      }
      expect(observeDeletion(name, setup.state, probe)).toBe(example.effect);
    },
  );
});
