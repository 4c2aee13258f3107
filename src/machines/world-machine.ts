import { assign, setup } from 'xstate';
import type { WorldContext } from '../model/context.js';
import type { WorldEvent } from '../model/events.js';
import { guardImplementations } from './guards.js';
import { type UpdateName, updates } from './world-actions.js';

function actionImplementations() {
  const impl: Record<string, unknown> = {};
  for (const [name, update] of Object.entries(updates)) {
    impl[name] = assign(({ context, event }: { context: WorldContext; event: WorldEvent }) =>
      (update as (c: WorldContext, e: unknown) => Partial<WorldContext>)(context, event),
    );
  }
  return impl as Record<UpdateName, never>;
}

/**
 * The world statechart: one parallel region per aspect of the mediation (DESIGN.md section 3).
 * Every guard names the rule it enforces (see `checks.ts`); every action is a named context update.
 * The initial context comes from the scenario (`input`); a scenario's initial region states are
 * applied with `machine.resolveState`.
 *
 * @example
 * ```ts
 * const machine = createWorldMachine();
 * const snapshot = machine.resolveState({ value: initialValue, context });
 * ```
 */
export function createWorldMachine() {
  return setup({
    types: {} as { context: WorldContext; events: WorldEvent; input: WorldContext },
    guards: guardImplementations() as Record<string, never>,
    actions: actionImplementations(),
  }).createMachine({
    id: 'world',
    type: 'parallel',
    context: ({ input }) => input,
    on: {
      'clock.dayElapsed': { actions: 'tickDay' },
      'consent.give': { guard: 'canChangeConsent', actions: 'giveConsent' },
      'consent.withdraw': { guard: 'canChangeConsent', actions: 'withdrawConsent' },
      'legislature.resolve': { guard: 'isLegislature', actions: 'recordResolution' },
      'recognition.grant': { guard: 'canRecognise', actions: 'recordRecognition' },
      'recognition.decline': { guard: 'canDeclineRecognition', actions: 'recordDeclinedRecognition' },
      'statement.issue': { actions: 'recordStatement' },
      'visit.announce': { guard: 'isNotSelf', actions: 'recordVisit' },
      'visit.make': { guard: 'isNotSelf', actions: 'recordVisit' },
    },
    states: {
      hostilities: {
        initial: 'ceasefire',
        states: {
          war: {
            on: {
              'ceasefire.broker': {
                target: 'ceasefire',
                guard: 'isBrokerAcceptedByParties',
                actions: 'recordBroker',
              },
            },
          },
          ceasefire: {
            initial: 'holding',
            on: {
              'ceasefire.violate': { target: '.strained', guard: 'isArmedActor', actions: 'recordViolation' },
              'hostilities.resume': { target: 'war', guard: 'isArmedActor', actions: 'erodeFormatLock' },
            },
            states: {
              holding: {},
              strained: {
                always: {
                  target: '#world.hostilities.war',
                  guard: 'hasEnoughViolations',
                  actions: 'erodeFormatLock',
                },
                on: {
                  'ceasefire.restore': {
                    target: 'holding',
                    guard: 'isPeacekeeperOrBroker',
                    actions: 'resetViolations',
                  },
                },
              },
            },
          },
        },
      },
      talks: {
        initial: 'dormant',
        states: {
          dormant: {
            on: {
              'talks.urge': { target: 'urged', guard: 'isKnownFormat', actions: 'recordUrge' },
              'talks.convene': { target: 'convened', guard: 'canConvene', actions: 'recordConvene' },
            },
          },
          urged: {
            on: {
              'talks.urge': { guard: 'isKnownFormat', actions: 'recordUrge' },
              'talks.convene': { target: 'convened', guard: 'canConvene', actions: 'recordConvene' },
            },
          },
          convened: {
            always: [
              { target: 'settled', guard: 'hasSettlement' },
              { target: 'stalled', guard: 'hasLostConsent' },
              { target: 'stalled', guard: 'isTalksFormatClosed' },
            ],
            on: {
              'talks.boycott': { target: 'stalled', guard: 'isParty' },
              'settlement.sign': { guard: 'isSettlementParty', actions: 'recordSignature' },
            },
          },
          stalled: {
            on: {
              'talks.urge': { target: 'urged', guard: 'isKnownFormat', actions: 'recordUrge' },
              'talks.convene': { target: 'convened', guard: 'canConvene', actions: 'recordConvene' },
            },
          },
          settled: { type: 'final' },
        },
      },
      format: {
        type: 'parallel',
        states: {
          mandate: {
            initial: 'incumbent',
            on: {
              'format.close': { target: '.closed', guard: 'canClose', actions: 'closeFormat' },
            },
            states: {
              incumbent: {
                on: {
                  'format.propose': { target: 'contested', guard: 'canPropose', actions: 'recordProposal' },
                },
              },
              contested: {
                always: { target: 'incumbent', guard: 'hasNoOpenProposals' },
                on: {
                  'format.propose': { guard: 'canPropose', actions: 'recordProposal' },
                  'format.endorse': { guard: 'isOpenProposal', actions: 'recordEndorsement' },
                  'format.reject': { guard: 'isOpenProposal', actions: 'recordRejection' },
                  'format.withdraw': { guard: 'canWithdrawProposal', actions: 'recordWithdrawal' },
                  'format.replace': { target: 'replaced', guard: 'canReplace', actions: 'replaceFormat' },
                },
              },
              replaced: {
                on: {
                  'format.propose': { target: 'contested', guard: 'canPropose', actions: 'recordProposal' },
                },
              },
              closed: { type: 'final' },
            },
          },
          composition: {
            initial: 'intact',
            on: {
              'format.consult': { guard: 'canConsult', actions: 'recordConsultation' },
              'format.object': { guard: 'canObject', actions: 'recordObjection' },
              'mediator.appoint': { guard: 'canAppoint', actions: 'appointMediator' },
              'mediator.exclude': {
                target: '.mediatorExcluded',
                guard: 'canExclude',
                actions: 'excludeMediator',
              },
              'mediator.withdrawDemand': { guard: 'hasDemanded', actions: 'withdrawDemand' },
            },
            states: {
              intact: {
                on: {
                  'mediator.demandExclusion': {
                    target: 'exclusionDemanded',
                    guard: 'canDemandExclusion',
                    actions: 'recordDemand',
                  },
                },
              },
              exclusionDemanded: {
                always: { target: 'intact', guard: 'hasNoDemands' },
                on: { 'mediator.demandExclusion': { guard: 'canDemandExclusion', actions: 'recordDemand' } },
              },
              mediatorExcluded: {
                on: { 'mediator.demandExclusion': { guard: 'canDemandExclusion', actions: 'recordDemand' } },
              },
            },
          },
        },
      },
      status: {
        initial: 'limbo',
        states: {
          limbo: {
            always: [
              { target: 'final', guard: 'hasFinalSettlement' },
              { target: 'interim', guard: 'hasInterimSettlement' },
            ],
          },
          interim: { always: { target: 'final', guard: 'hasFinalSettlement' } },
          final: {},
        },
      },
      monitoring: {
        initial: 'none',
        on: {
          'monitoring.consent': { guard: 'canConsentToCentre', actions: 'recordHostConsent' },
        },
        states: {
          none: {},
          peacekeepers: {
            always: { target: 'peacekeepersAndJointCentre', guard: 'canStartCentre' },
            on: { 'monitoring.openCentre': { guard: 'canOpenCentre', actions: 'recordReadiness' } },
          },
          peacekeepersAndJointCentre: {
            always: { target: 'peacekeepers', guard: 'isWar', actions: 'resetReadiness' },
            on: {
              'monitoring.closeCentre': {
                target: 'peacekeepers',
                guard: 'isCentreOperatorOrHost',
                actions: 'resetReadiness',
              },
            },
          },
        },
      },
      access: {
        initial: 'restricted',
        on: {
          'access.request': { guard: 'isInstitution', actions: 'recordAccessRequest' },
          'access.grant': { guard: 'canGrantAccess', actions: 'grantAccess' },
          'access.restrict': { guard: 'hasGranted', actions: 'restrictAccess' },
        },
        states: {
          restricted: {
            always: [
              { target: 'unfettered', guard: 'hasFullAccess' },
              { target: 'partial', guard: 'hasPartialAccess' },
            ],
          },
          partial: {
            always: [
              { target: 'unfettered', guard: 'hasFullAccess' },
              { target: 'restricted', guard: 'hasNoAccess' },
            ],
          },
          unfettered: {
            always: [
              { target: 'partial', guard: 'hasPartialAccess' },
              { target: 'restricted', guard: 'hasNoAccess' },
            ],
          },
        },
      },
    },
  });
}

/** The world statechart's type. */
export type WorldMachine = ReturnType<typeof createWorldMachine>;
