import { and, stateIn } from 'xstate';
import { type Check, type CheckName, checks, isStateCheck } from './checks.js';

/**
 * Composite guards: a transition that needs several rules names one composite, made of checks that
 * each name their own rule. A refusal cites the first check that fails.
 */
export const composites = {
  canConvene: ['isMediatorOfActiveFormat', 'isActiveFormatOpen', 'isActiveFormatAcceptedByParties'],
  canPropose: ['isStateActor', 'isProposableFormat'],
  canWithdrawProposal: ['isOpenProposal', 'isProposer'],
  canReplace: ['isPartyOrMediator', 'isOpenProposal', 'isFormatLockReleased', 'isProposalEndorsedByParties'],
  canConsult: ['isAppointingAuthority', 'isConsultationNew'],
  canObject: ['isStateActor', 'isConsultationOpen'],
  canAppoint: ['isAppointingAuthority', 'isKnownActorNamed', 'isNotMediator', 'hasConsulted'],
  canExclude: ['isAppointingAuthority', 'isMediatorNamed', 'hasConsulted'],
  canClose: ['isAuspicesInstitution', 'hasConsulted', 'hasConsensus'],
  canDemandExclusion: ['isPartyOrItsLegislature', 'isMediatorNamed'],
  canChangeConsent: ['isParty', 'isKnownActorNamed'],
  canRecognise: ['isExecutive', 'isRecognisable', 'hasNotRecognised'],
  canDeclineRecognition: ['isExecutive', 'isRecognisable', 'hasNotRecognised'],
  canConsentToCentre: ['hasCentreAgreement', 'isCentreHost'],
  canOpenCentre: [
    'hasCentreAgreement',
    'isCentreOperator',
    'isNotReady',
    'isCeasefireInEffect',
    'hasHostConsent',
  ],
  canStartCentre: ['isCentreReady', 'isCeasefireInEffect'],
  canGrantAccess: ['isAccessGrantor', 'hasAccessRequest', 'hasNotGranted'],
} as const satisfies Record<string, readonly CheckName[]>;

export type GuardName = CheckName | keyof typeof composites;

/** The checks a guard is made of, in evaluation order. */
export function checksOf(guard: string): readonly [string, Check][] {
  const names: readonly string[] = Object.hasOwn(composites, guard)
    ? composites[guard as keyof typeof composites]
    : [guard];
  return names.map((n) => {
    const check = (checks as Record<string, Check>)[n];
    if (!check) throw new Error(`auspices: guard "${guard}" names no known check "${n}"`);
    return [n, check];
  });
}

/** The `setup()` guard implementations: one per check, plus the composites built with `and`. */
export function guardImplementations() {
  const impl: Record<string, unknown> = {};
  for (const [name, check] of Object.entries(checks) as [string, Check][]) {
    impl[name] = isStateCheck(check)
      ? stateIn(`#world.${check.region}.${check.state}`)
      : ({ context, event }: { context: never; event: never }) => check.test(context, event);
  }
  for (const [name, parts] of Object.entries(composites)) impl[name] = and([...parts] as never[]);
  return impl;
}
