import type { ActorInfo } from '../../src/model/actor.js';
import type { WorldContext, WorldState, WorldValue } from '../../src/model/context.js';
import type { Format } from '../../src/model/format.js';
import type { Stepper } from '../../src/steppers/stepper.js';

const actor = (id: string, kind: ActorInfo['kind'], extra: Partial<ActorInfo> = {}): ActorInfo => ({
  id,
  name: id,
  kind,
  ...extra,
});

/** A small world shaped like the flagship: two parties, three co-chairs, a rival format. */
export function smallContext(overrides: Partial<WorldContext> = {}): WorldContext {
  const actors = [
    actor('armenia', 'state', { armed: true }),
    actor('azerbaijan', 'state', { armed: true, territorial: true }),
    actor('nk', 'de-facto-authority', { armed: true, controlsGround: true }),
    actor('russia', 'state'),
    actor('usa', 'state'),
    actor('france', 'state'),
    actor('turkey', 'state'),
    actor('france.senate', 'legislature', { of: 'france' }),
    actor('azerbaijan.parliament', 'legislature', { of: 'azerbaijan' }),
    actor('osce', 'institution'),
    actor('un', 'institution'),
  ];
  const minsk: Format = {
    id: 'minsk',
    name: 'Minsk Group',
    auspices: 'osce',
    mediators: ['russia', 'usa', 'france'],
    invited: [],
    parties: ['armenia', 'azerbaijan'],
    members: ['turkey'],
    observers: [],
    appointedBy: 'osce',
    membersAtTable: false,
    // Any one co-chair convenes in the small world; joint convening is tested on its own.
    quorum: 1,
    host: null,
  };
  const quad: Format = {
    id: 'quad',
    name: 'quadrilateral',
    auspices: null,
    mediators: ['russia', 'turkey'],
    invited: [],
    parties: ['armenia', 'azerbaijan'],
    members: [],
    observers: [],
    appointedBy: null,
    membersAtTable: false,
    quorum: null,
    host: null,
  };
  return {
    day: 0,
    actors: Object.fromEntries(actors.map((a) => [a.id, a])),
    formats: { minsk, quad },
    activeFormat: 'minsk',
    closedFormats: [],
    consents: { armenia: ['russia', 'usa', 'france'], azerbaijan: ['russia', 'usa', 'france', 'turkey'] },
    exclusionDemands: [],
    excluded: [],
    consultations: [],
    proposals: [],
    formatLock: { signatories: ['armenia', 'azerbaijan'], standing: true },
    recognitions: [],
    declinedRecognitions: [],
    resolutions: [],
    statements: [],
    visits: [],
    talks: { format: null, mediators: [], urgedBy: [], urgedUnder: null, convenedDay: null, calls: [] },
    sideTalks: {},
    signatures: [],
    ceasefire: { brokers: ['russia'], violations: 0, collapseAfter: 3 },
    monitoring: {
      peacekeepers: ['russia'],
      centre: { operators: ['russia', 'turkey'], host: 'azerbaijan', ready: [], hostConsent: false },
    },
    access: { requests: [], grants: [] },
    ...overrides,
  };
}

/** The region states of the flagship's start: ceasefire holding, peacekeepers, everything else at rest. */
export const startValue: WorldValue = {
  hostilities: { ceasefire: 'holding' },
  talks: 'dormant',
  format: { mandate: 'incumbent', composition: 'intact' },
  status: 'limbo',
  monitoring: 'peacekeepers',
  access: 'restricted',
};

/** Apply moves in order; returns the final state and every outcome. */
export function play(stepper: Stepper, state: WorldState, moves: Record<string, unknown>[]) {
  const outcomes = [];
  let current = state;
  for (const move of moves) {
    const outcome = stepper.step(current, move as never);
    outcomes.push(outcome);
    current = outcome.state;
  }
  return { state: current, outcomes, last: outcomes.at(-1)! };
}
