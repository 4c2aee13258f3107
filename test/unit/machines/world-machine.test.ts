import { describe, expect, it } from 'vitest';
import type { WorldContext, WorldState, WorldValue } from '../../../src/model/context.js';
import { createXStateStepper } from '../../../src/steppers/xstate-stepper.js';
import { play, smallContext, startValue } from '../../support/world.js';

const stepper = createXStateStepper();

function world(overrides: Partial<WorldContext> = {}, value: WorldValue = {}): WorldState {
  return stepper.initial({ ...startValue, ...value }, smallContext(overrides));
}

const tick = { type: 'clock.dayElapsed', by: 'clock' };

describe('createXStateStepper', () => {
  describe('hostilities', () => {
    it('should hold the ceasefire once a broker both parties accept brokers it', () => {
      const atWar = world({}, { hostilities: 'war' });
      const { last, state } = play(stepper, atWar, [{ type: 'ceasefire.broker', by: 'russia' }]);
      expect(last.accepted).toBe(true);
      expect(state.value.hostilities).toEqual({ ceasefire: 'holding' });
      expect(last.changes).toEqual([{ region: 'hostilities', from: 'war', to: 'ceasefire.holding' }]);
      expect(state.context.ceasefire.brokers).toEqual(['russia']);
    });

    it('should refuse a broker that a party does not accept, citing R4', () => {
      const atWar = world({}, { hostilities: 'war' });
      const { last } = play(stepper, atWar, [{ type: 'ceasefire.broker', by: 'turkey' }]);
      expect(last.accepted).toBe(false);
      expect(last.refusal?.rule).toBe('R4');
      expect(last.refusal?.reason).toContain('turkey');
    });

    it('should strain the ceasefire on a violation and collapse it into war after enough violations', () => {
      const violate = { type: 'ceasefire.violate', by: 'azerbaijan', place: 'Hadrut' };
      const strained = play(stepper, world(), [violate]);
      expect(strained.state.value.hostilities).toEqual({ ceasefire: 'strained' });
      const collapsed = play(stepper, world(), [violate, violate, violate]);
      expect(collapsed.state.value.hostilities).toBe('war');
      expect(collapsed.state.context.formatLock?.standing).toBe(false);
    });

    it('should let the peacekeepers restore a strained ceasefire but not an actor without that role', () => {
      const strained = play(stepper, world(), [{ type: 'ceasefire.violate', by: 'azerbaijan' }]).state;
      const byTurkey = stepper.step(strained, { type: 'ceasefire.restore', by: 'turkey' } as never);
      expect(byTurkey.refusal?.rule).toBe('R7');
      const byRussia = stepper.step(strained, { type: 'ceasefire.restore', by: 'russia' } as never);
      expect(byRussia.accepted).toBe(true);
      expect(byRussia.state.value.hostilities).toEqual({ ceasefire: 'holding' });
      expect(byRussia.state.context.ceasefire.violations).toBe(0);
    });

    it('should refuse a violation by an actor without forces, citing M2', () => {
      const { last } = play(stepper, world(), [{ type: 'ceasefire.violate', by: 'france' }]);
      expect(last.refusal).toMatchObject({ rule: 'M2', code: 'role/not-armed' });
    });
  });

  describe('talks', () => {
    it('should move talks to urged when the UN urges talks under the co-chairs', () => {
      const { last, state } = play(stepper, world(), [{ type: 'talks.urge', by: 'un', format: 'minsk' }]);
      expect(last.accepted).toBe(true);
      expect(state.value.talks).toBe('urged');
      expect(state.context.talks.urgedBy).toEqual(['un']);
    });

    it('should refuse urging talks under a format that does not exist', () => {
      const { last } = play(stepper, world(), [{ type: 'talks.urge', by: 'un', format: 'geneva' }]);
      expect(last.refusal).toMatchObject({ rule: 'M1', code: 'format/unknown' });
    });

    it('should convene, stall on a boycott and convene again under the co-chairs', () => {
      const { state, outcomes } = play(stepper, world(), [
        { type: 'talks.urge', by: 'un', format: 'minsk' },
        { type: 'talks.convene', by: 'usa' },
        { type: 'talks.boycott', by: 'armenia' },
        { type: 'talks.convene', by: 'france' },
      ]);
      expect(outcomes.map((o) => o.accepted)).toEqual([true, true, true, true]);
      expect(outcomes.map((o) => o.state.value.talks)).toEqual(['urged', 'convened', 'stalled', 'convened']);
      expect(state.context.talks).toMatchObject({ format: 'minsk', mediators: ['russia', 'usa', 'france'] });
    });

    it('should refuse convening by an actor that does not mediate, citing R2', () => {
      const { last } = play(stepper, world(), [{ type: 'talks.convene', by: 'turkey' }]);
      expect(last.refusal).toMatchObject({ rule: 'R2', code: 'role/not-mediator' });
    });

    it('should stall convened talks when a party withdraws its consent to a mediator at the table', () => {
      const { state } = play(stepper, world(), [
        { type: 'talks.convene', by: 'russia' },
        { type: 'consent.withdraw', by: 'azerbaijan', mediator: 'france' },
      ]);
      expect(state.value.talks).toBe('stalled');
    });

    it('should keep the status in limbo while only one party has signed (R5)', () => {
      const { state, last } = play(stepper, world(), [
        { type: 'talks.convene', by: 'russia' },
        { type: 'settlement.sign', by: 'armenia', text: 'Madrid principles', status: 'final' },
      ]);
      expect(last.accepted).toBe(true);
      expect(state.value.status).toBe('limbo');
      expect(state.value.talks).toBe('convened');
    });

    it('should settle the talks and leave limbo only once both parties sign the same text (R5)', () => {
      const { state, last } = play(stepper, world(), [
        { type: 'talks.convene', by: 'russia' },
        { type: 'settlement.sign', by: 'armenia', text: 'Madrid principles', status: 'final' },
        { type: 'settlement.sign', by: 'azerbaijan', text: 'Madrid principles', status: 'final' },
      ]);
      expect(state.value.talks).toBe('settled');
      expect(state.value.status).toBe('final');
      expect(last.changes).toEqual(
        expect.arrayContaining([
          { region: 'talks', from: 'convened', to: 'settled' },
          { region: 'status', from: 'limbo', to: 'final' },
        ]),
      );
    });

    it('should not leave limbo when the parties sign different texts', () => {
      const { state } = play(stepper, world(), [
        { type: 'talks.convene', by: 'russia' },
        { type: 'settlement.sign', by: 'armenia', text: 'Madrid principles', status: 'final' },
        { type: 'settlement.sign', by: 'azerbaijan', text: 'Kazan document', status: 'final' },
      ]);
      expect(state.value.status).toBe('limbo');
    });

    it('should give an interim status when both sign an interim agreement', () => {
      const { state } = play(stepper, world(), [
        { type: 'talks.convene', by: 'russia' },
        { type: 'settlement.sign', by: 'armenia', text: 'interim status', status: 'interim' },
        { type: 'settlement.sign', by: 'azerbaijan', text: 'interim status', status: 'interim' },
      ]);
      expect(state.value.status).toBe('interim');
    });

    it('should refuse a signature by a non-party, citing R5', () => {
      const { last } = play(stepper, world(), [
        { type: 'talks.convene', by: 'russia' },
        { type: 'settlement.sign', by: 'nk', text: 'Madrid principles', status: 'final' },
      ]);
      expect(last.refusal).toMatchObject({ rule: 'R5', code: 'settlement/not-party' });
    });

    it('should treat settled talks as final: no talks move is available any more', () => {
      const settled = play(stepper, world(), [
        { type: 'talks.convene', by: 'russia' },
        { type: 'settlement.sign', by: 'armenia', text: 'peace treaty', status: 'final' },
        { type: 'settlement.sign', by: 'azerbaijan', text: 'peace treaty', status: 'final' },
      ]).state;
      for (const move of [
        { type: 'talks.urge', by: 'un', format: 'minsk' },
        { type: 'talks.convene', by: 'russia' },
        { type: 'talks.boycott', by: 'armenia' },
      ]) {
        const outcome = stepper.step(settled, move as never);
        expect(outcome.accepted).toBe(false);
        expect(outcome.refusal?.rule).toBe('M1');
        expect(outcome.state).toBe(settled);
      }
      expect(stepper.unsettled(settled)).toEqual([]);
    });
  });

  describe('statements, recognition and visits', () => {
    it("should record the co-chairs' joint statement backing their format", () => {
      const { last, state } = play(stepper, world({ day: 8 }), [
        {
          type: 'statement.issue',
          by: 'russia',
          topic: 'foreign mercenaries and POWs',
          supports: 'minsk',
          jointWith: ['usa', 'france'],
        },
      ]);
      expect(last.accepted).toBe(true);
      expect(last.changes).toEqual([]);
      expect(state.context.statements).toEqual([
        {
          by: 'russia',
          day: 8,
          topic: 'foreign mercenaries and POWs',
          supports: 'minsk',
          jointWith: ['usa', 'france'],
        },
      ]);
    });

    it('should record a Senate resolution without changing recognitions (R6)', () => {
      const start = world();
      const { last, state } = play(stepper, start, [
        {
          type: 'legislature.resolve',
          by: 'france.senate',
          subject: 'recognition',
          entity: 'nk',
          votesFor: 305,
        },
      ]);
      expect(last.accepted).toBe(true);
      expect(state.context.resolutions).toEqual([
        { by: 'france.senate', day: 0, subject: 'recognition', entity: 'nk', mediator: null },
      ]);
      expect(state.context.recognitions).toEqual(start.context.recognitions);
    });

    it('should refuse recognition granted by a legislature, citing R6', () => {
      const { last } = play(stepper, world(), [
        { type: 'recognition.grant', by: 'france.senate', entity: 'nk' },
      ]);
      expect(last.accepted).toBe(false);
      expect(last.refusal).toMatchObject({ rule: 'R6', code: 'recognition/not-executive' });
    });

    it('should refuse a resolution adopted by an executive, citing R6', () => {
      const { last } = play(stepper, world(), [
        { type: 'legislature.resolve', by: 'france', subject: 'recognition', entity: 'nk' },
      ]);
      expect(last.refusal).toMatchObject({ rule: 'R6', code: 'role/not-legislature' });
    });

    it("should record an executive's recognition of a de facto authority", () => {
      const { state } = play(stepper, world(), [{ type: 'recognition.grant', by: 'france', entity: 'nk' }]);
      expect(state.context.recognitions).toEqual([{ by: 'france', day: 0, entity: 'nk' }]);
    });

    it('should record a declined recognition', () => {
      const { last, state } = play(stepper, world(), [
        { type: 'recognition.decline', by: 'france', entity: 'nk' },
      ]);
      expect(last.accepted).toBe(true);
      expect(state.context.declinedRecognitions).toEqual([{ by: 'france', day: 0, entity: 'nk' }]);
      expect(state.context.recognitions).toEqual([]);
    });

    it('should record an announced and a made visit, and refuse a visit to oneself', () => {
      const { state, outcomes } = play(stepper, world(), [
        { type: 'visit.announce', by: 'turkey', to: 'azerbaijan', on: '9-10 Dec 2020' },
        { type: 'visit.make', by: 'turkey', to: 'azerbaijan' },
        { type: 'visit.make', by: 'turkey', to: 'turkey' },
      ]);
      expect(outcomes.map((o) => o.accepted)).toEqual([true, true, false]);
      expect(outcomes[2]?.refusal).toMatchObject({ rule: 'M1', code: 'actor/self' });
      expect(state.context.visits).toEqual([
        { by: 'turkey', day: 0, to: 'azerbaijan', announced: true },
        { by: 'turkey', day: 0, to: 'azerbaijan', announced: false },
      ]);
    });
  });

  describe('every guarded move has a refusal', () => {
    it.each([
      [{ type: 'consent.give', by: 'usa', mediator: 'turkey' }, 'M2', 'role/not-party'],
      [{ type: 'consent.withdraw', by: 'usa', mediator: 'france' }, 'M2', 'role/not-party'],
      [{ type: 'consent.withdraw', by: 'armenia', mediator: 'nobody' }, 'M1', 'actor/unknown'],
      [{ type: 'recognition.decline', by: 'france.senate', entity: 'nk' }, 'R6', 'recognition/not-executive'],
      [{ type: 'visit.announce', by: 'turkey', to: 'turkey' }, 'M1', 'actor/self'],
      [{ type: 'visit.make', by: 'turkey', to: 'atlantis' }, 'M1', 'actor/self'],
      [
        { type: 'legislature.resolve', by: 'france', subject: 'recognition', entity: 'nk' },
        'R6',
        'role/not-legislature',
      ],
    ])('should refuse %o under %s', (move, rule, code) => {
      const before = world();
      const outcome = stepper.step(before, move as never);
      expect(outcome.accepted).toBe(false);
      expect(outcome.refusal).toMatchObject({ rule, code });
      expect(outcome.state).toBe(before);
    });

    it('should refuse declining a recognition already granted', () => {
      const { last } = play(stepper, world(), [
        { type: 'recognition.grant', by: 'france', entity: 'nk' },
        { type: 'recognition.decline', by: 'france', entity: 'nk' },
      ]);
      expect(last.refusal).toMatchObject({ rule: 'M1', code: 'recognition/already-granted' });
    });
  });

  describe('guards in every state that offers a move', () => {
    const urged = [{ type: 'talks.urge', by: 'un', format: 'minsk' }];
    const stalled = [
      { type: 'talks.convene', by: 'russia' },
      { type: 'talks.boycott', by: 'armenia' },
    ];
    const contested = [{ type: 'format.propose', by: 'turkey', format: 'quad' }];
    const replaced = [
      ...contested,
      { type: 'format.endorse', by: 'armenia', format: 'quad' },
      { type: 'format.endorse', by: 'azerbaijan', format: 'quad' },
      { type: 'format.replace', by: 'armenia', format: 'quad' },
    ];
    const demanded = [{ type: 'mediator.demandExclusion', by: 'azerbaijan.parliament', mediator: 'france' }];
    const excluded = [
      { type: 'format.consult', by: 'osce', action: 'exclude', mediator: 'france' },
      tick,
      { type: 'mediator.exclude', by: 'osce', mediator: 'france' },
    ];
    it.each([
      ['talks urged', urged, { type: 'talks.urge', by: 'un', format: 'atlantis' }, 'format/unknown'],
      ['talks urged', urged, { type: 'talks.convene', by: 'armenia' }, 'role/not-mediator'],
      ['ceasefire holding', [], { type: 'hostilities.resume', by: 'usa' }, 'role/not-armed'],
      ['talks stalled', stalled, { type: 'talks.urge', by: 'un', format: 'atlantis' }, 'format/unknown'],
      ['talks stalled', stalled, { type: 'talks.convene', by: 'armenia' }, 'role/not-mediator'],
      [
        'mandate contested',
        contested,
        { type: 'format.propose', by: 'un', format: 'minsk' },
        'role/not-state',
      ],
      [
        'mandate contested',
        contested,
        { type: 'format.reject', by: 'armenia', format: 'minsk' },
        'format/no-open-proposal',
      ],
      ['mandate replaced', replaced, { type: 'format.propose', by: 'un', format: 'minsk' }, 'role/not-state'],
      [
        'composition exclusionDemanded',
        demanded,
        { type: 'mediator.demandExclusion', by: 'usa', mediator: 'russia' },
        'role/not-party',
      ],
      [
        'composition mediatorExcluded',
        excluded,
        { type: 'mediator.demandExclusion', by: 'usa', mediator: 'russia' },
        'role/not-party',
      ],
    ])('should refuse in %s: %o', (_where, setup, probe, code) => {
      const { state, outcomes } = play(stepper, world(), setup);
      expect(outcomes.every((o) => o.accepted)).toBe(true);
      const outcome = stepper.step(state, probe as never);
      expect(outcome.refusal?.code).toBe(code);
      expect(outcome.state).toBe(state);
    });
  });

  describe('format mandate', () => {
    it('should contest the mandate when Turkey proposes a rival format', () => {
      const { last, state } = play(stepper, world(), [
        { type: 'format.propose', by: 'turkey', format: 'quad' },
      ]);
      expect(last.accepted).toBe(true);
      expect((state.value.format as Record<string, string>).mandate).toBe('contested');
      expect(state.context.proposals).toEqual([
        { format: 'quad', by: 'turkey', day: 0, endorsements: ['turkey'], rejections: [], withdrawn: false },
      ]);
    });

    it('should return to the incumbent format when a party rejects the proposal', () => {
      const { last, state } = play(stepper, world(), [
        { type: 'format.propose', by: 'turkey', format: 'quad' },
        { type: 'format.reject', by: 'armenia', format: 'quad' },
      ]);
      expect((state.value.format as Record<string, string>).mandate).toBe('incumbent');
      expect(last.changes).toEqual([{ region: 'format.mandate', from: 'contested', to: 'incumbent' }]);
      expect(state.context.activeFormat).toBe('minsk');
    });

    it('should keep the mandate contested when a non-party rejects the proposal', () => {
      const { state } = play(stepper, world(), [
        { type: 'format.propose', by: 'turkey', format: 'quad' },
        { type: 'format.reject', by: 'nk', format: 'quad' },
      ]);
      expect((state.value.format as Record<string, string>).mandate).toBe('contested');
    });

    it('should refuse proposing the active format', () => {
      const { last } = play(stepper, world(), [{ type: 'format.propose', by: 'turkey', format: 'minsk' }]);
      expect(last.refusal).toMatchObject({ rule: 'M1', code: 'format/not-proposable' });
    });

    it('should block format.replace under R13 while the format lock stands', () => {
      const lock = { signatories: ['armenia', 'azerbaijan', 'russia'], standing: true };
      const { last, state } = play(stepper, world({ formatLock: lock }), [
        { type: 'format.propose', by: 'turkey', format: 'quad' },
        { type: 'format.endorse', by: 'azerbaijan', format: 'quad' },
        { type: 'format.endorse', by: 'armenia', format: 'quad' },
        { type: 'format.replace', by: 'azerbaijan', format: 'quad' },
      ]);
      expect(last.accepted).toBe(false);
      expect(last.refusal).toMatchObject({ rule: 'R13', code: 'format/locked' });
      expect(last.refusal?.reason).toContain('invariability');
      expect(state.context.activeFormat).toBe('minsk');
    });

    it('should allow format.replace once war has eroded the format lock', () => {
      const lock = { signatories: ['armenia', 'azerbaijan', 'russia'], standing: true };
      const { last, state } = play(stepper, world({ formatLock: lock }), [
        { type: 'format.propose', by: 'turkey', format: 'quad' },
        { type: 'format.endorse', by: 'azerbaijan', format: 'quad' },
        { type: 'format.endorse', by: 'armenia', format: 'quad' },
        { type: 'hostilities.resume', by: 'azerbaijan' },
        { type: 'format.replace', by: 'azerbaijan', format: 'quad' },
      ]);
      expect(last.accepted).toBe(true);
      expect(state.context.formatLock?.standing).toBe(false);
      expect((state.value.format as Record<string, string>).mandate).toBe('replaced');
      expect(state.context.activeFormat).toBe('quad');
    });

    it('should allow format.replace when every signatory of the lock endorses the proposal', () => {
      const { last, state } = play(stepper, world(), [
        { type: 'format.propose', by: 'turkey', format: 'quad' },
        { type: 'format.endorse', by: 'azerbaijan', format: 'quad' },
        { type: 'format.endorse', by: 'armenia', format: 'quad' },
        { type: 'format.replace', by: 'armenia', format: 'quad' },
      ]);
      expect(last.accepted).toBe(true);
      expect(last.rules).toEqual(expect.arrayContaining(['R13', 'R4']));
      expect(state.context.formatLock?.standing).toBe(true);
      expect((state.value.format as Record<string, string>).mandate).toBe('replaced');
      expect(state.context.activeFormat).toBe('quad');
    });

    it('should refuse format.replace with the lock eroded while a party has not endorsed, citing R4', () => {
      const { last } = play(stepper, world(), [
        { type: 'format.propose', by: 'turkey', format: 'quad' },
        { type: 'format.endorse', by: 'azerbaijan', format: 'quad' },
        { type: 'hostilities.resume', by: 'azerbaijan' },
        { type: 'format.replace', by: 'azerbaijan', format: 'quad' },
      ]);
      expect(last.refusal).toMatchObject({ rule: 'R4', code: 'consent/proposal-not-endorsed' });
    });
  });

  describe('format composition', () => {
    it("should mark the composition exclusionDemanded on a legislature's demand and leave consent unchanged (R6)", () => {
      const start = world();
      const { last, state } = play(stepper, start, [
        { type: 'mediator.demandExclusion', by: 'azerbaijan.parliament', mediator: 'france' },
      ]);
      expect(last.accepted).toBe(true);
      expect((state.value.format as Record<string, string>).composition).toBe('exclusionDemanded');
      expect(state.context.consents).toEqual(start.context.consents);
      const convene = stepper.step(state, { type: 'talks.convene', by: 'russia' } as never);
      expect(convene.accepted).toBe(true);
    });

    it("should withdraw consent on the executive's demand, so talks.convene is refused citing R4", () => {
      const { state } = play(stepper, world(), [
        { type: 'mediator.demandExclusion', by: 'azerbaijan', mediator: 'france' },
      ]);
      expect((state.value.format as Record<string, string>).composition).toBe('exclusionDemanded');
      expect(state.context.consents.azerbaijan).not.toContain('france');
      const convene = stepper.step(state, { type: 'talks.convene', by: 'russia' } as never);
      expect(convene.accepted).toBe(false);
      expect(convene.refusal).toMatchObject({ rule: 'R4', code: 'consent/mediator-not-accepted' });
      expect(convene.refusal?.reason).toBe('azerbaijan does not accept france as a mediator');
    });

    it('should return the composition to intact when the demand is withdrawn', () => {
      const { state } = play(stepper, world(), [
        { type: 'mediator.demandExclusion', by: 'azerbaijan.parliament', mediator: 'france' },
        { type: 'mediator.withdrawDemand', by: 'azerbaijan.parliament', mediator: 'france' },
      ]);
      expect((state.value.format as Record<string, string>).composition).toBe('intact');
      expect(state.context.exclusionDemands).toEqual([]);
    });

    it('should refuse a demand from a legislature of a non-party', () => {
      const { last } = play(stepper, world(), [
        { type: 'mediator.demandExclusion', by: 'france.senate', mediator: 'russia' },
      ]);
      expect(last.refusal).toMatchObject({ rule: 'M2', code: 'role/not-party' });
    });

    it('should refuse appointing a mediator without a consultation opened on an earlier day (R2)', () => {
      const { outcomes } = play(stepper, world(), [
        { type: 'mediator.appoint', by: 'osce', mediator: 'turkey' },
        { type: 'format.consult', by: 'osce', action: 'appoint', mediator: 'turkey' },
        { type: 'mediator.appoint', by: 'osce', mediator: 'turkey' },
      ]);
      expect(outcomes.map((o) => o.accepted)).toEqual([false, true, false]);
      expect(outcomes[0]?.refusal).toMatchObject({ rule: 'R2', code: 'format/not-consulted' });
      expect(outcomes[2]?.refusal).toMatchObject({ rule: 'R2', code: 'format/not-consulted' });
    });

    it('should appoint a mediator a day after the consultation even though a party objects (R2: no veto), seating it when it accepts (R15)', () => {
      const { last, state, outcomes } = play(stepper, world(), [
        { type: 'format.consult', by: 'osce', action: 'appoint', mediator: 'turkey' },
        { type: 'format.object', by: 'armenia', action: 'appoint', mediator: 'turkey' },
        tick,
        { type: 'mediator.appoint', by: 'osce', mediator: 'turkey' },
      ]);
      expect(outcomes.map((o) => o.accepted)).toEqual([true, true, true, true]);
      expect(last.rules).toContain('R2');
      expect(state.context.day).toBe(1);
      expect(state.context.formats.minsk?.mediators).toEqual(['russia', 'usa', 'france']);
      expect(state.context.formats.minsk?.invited).toEqual(['turkey']);
      const seated = stepper.step(state, { type: 'mediator.accept', by: 'turkey' } as never);
      expect(seated.accepted).toBe(true);
      expect(seated.state.context.formats.minsk?.mediators).toEqual(['russia', 'usa', 'france', 'turkey']);
      expect(seated.state.context.formats.minsk?.invited).toEqual([]);
      expect(state.context.consultations).toEqual([
        {
          format: 'minsk',
          action: 'appoint',
          mediator: 'turkey',
          openedDay: 0,
          objections: ['armenia'],
          closed: true,
        },
      ]);
    });

    it('should refuse appointment by anyone but the appointing authority, citing R2', () => {
      const { last } = play(stepper, world(), [
        { type: 'mediator.appoint', by: 'russia', mediator: 'turkey' },
      ]);
      expect(last.refusal).toMatchObject({ rule: 'R2', code: 'role/not-appointing-authority' });
    });

    it('should exclude a mediator after consultation and mark the composition mediatorExcluded', () => {
      const { state } = play(stepper, world(), [
        { type: 'mediator.demandExclusion', by: 'azerbaijan.parliament', mediator: 'france' },
        { type: 'format.consult', by: 'osce', action: 'exclude', mediator: 'france' },
        tick,
        { type: 'mediator.exclude', by: 'osce', mediator: 'france' },
      ]);
      expect((state.value.format as Record<string, string>).composition).toBe('mediatorExcluded');
      expect(state.context.formats.minsk?.mediators).toEqual(['russia', 'usa']);
      expect(state.context.excluded).toEqual([{ by: 'osce', day: 1, mediator: 'france', format: 'minsk' }]);
      expect(state.context.exclusionDemands).toEqual([]);
    });
  });

  describe('an excluded mediator at the table', () => {
    it('should leave the table at once while the talks go on with the others', () => {
      const { state } = play(stepper, world(), [
        { type: 'talks.convene', by: 'russia' },
        { type: 'format.consult', by: 'osce', action: 'exclude', mediator: 'france' },
        tick,
        { type: 'mediator.exclude', by: 'osce', mediator: 'france' },
      ]);
      expect(state.context.talks.mediators).toEqual(['russia', 'usa']);
      expect(state.value.talks).toBe('convened');
    });
  });

  describe('closing a format', () => {
    it('should block closing the format when a participating state objected (R1)', () => {
      const { last, state } = play(stepper, world(), [
        { type: 'format.consult', by: 'osce', action: 'close' },
        { type: 'format.object', by: 'armenia', action: 'close' },
        tick,
        { type: 'format.close', by: 'osce' },
      ]);
      expect(last.accepted).toBe(false);
      expect(last.refusal).toMatchObject({ rule: 'R1', code: 'format/no-consensus' });
      expect(last.refusal?.reason).toBe('armenia objected, so there is no consensus');
      expect((state.value.format as Record<string, string>).mandate).toBe('incumbent');
    });

    it('should close the format by consensus and then refuse convening under it', () => {
      const { last, state } = play(stepper, world(), [
        { type: 'format.consult', by: 'osce', action: 'close' },
        tick,
        { type: 'format.close', by: 'osce' },
      ]);
      expect(last.accepted).toBe(true);
      expect((state.value.format as Record<string, string>).mandate).toBe('closed');
      expect(state.context.closedFormats).toEqual(['minsk']);
      const convene = stepper.step(state, { type: 'talks.convene', by: 'russia' } as never);
      expect(convene.refusal).toMatchObject({ rule: 'R3', code: 'format/closed' });
    });

    it('should stall talks convened under a format that gets closed (R3)', () => {
      const { state } = play(stepper, world(), [
        { type: 'talks.convene', by: 'russia' },
        { type: 'format.consult', by: 'osce', action: 'close' },
        tick,
        { type: 'format.close', by: 'osce' },
      ]);
      expect((state.value.format as Record<string, string>).mandate).toBe('closed');
      expect(state.value.talks).toBe('stalled');
    });

    it('should let only the institution under whose auspices the format works close it (R3)', () => {
      for (const by of ['russia', 'un', 'armenia']) {
        const { last } = play(stepper, world(), [
          { type: 'format.consult', by: 'osce', action: 'close' },
          tick,
          { type: 'format.close', by },
        ]);
        expect(last.accepted).toBe(false);
        expect(last.refusal).toMatchObject({ rule: 'R3', code: 'role/not-auspices' });
      }
    });
  });

  describe('monitoring', () => {
    it('should open the joint centre only when both operators are ready and the host consents', () => {
      const { outcomes, state } = play(stepper, world(), [
        { type: 'monitoring.openCentre', by: 'russia' },
        { type: 'monitoring.consent', by: 'azerbaijan' },
        { type: 'monitoring.openCentre', by: 'russia' },
        { type: 'monitoring.openCentre', by: 'turkey' },
      ]);
      expect(outcomes.map((o) => o.accepted)).toEqual([false, true, true, true]);
      expect(outcomes[0]?.refusal).toMatchObject({ rule: 'R4', code: 'consent/host-not-consenting' });
      expect(outcomes[2]?.state.value.monitoring).toBe('peacekeepers');
      expect(outcomes[3]?.changes).toEqual([
        { region: 'monitoring', from: 'peacekeepers', to: 'peacekeepersAndJointCentre' },
      ]);
      expect(state.value.monitoring).toBe('peacekeepersAndJointCentre');
    });

    it('should refuse the host consent from a state that does not host the centre, citing R8', () => {
      const { last } = play(stepper, world(), [{ type: 'monitoring.consent', by: 'armenia' }]);
      expect(last.refusal).toMatchObject({ rule: 'R8', code: 'monitoring/not-host' });
    });

    it('should refuse readiness from a non-operator, citing R8', () => {
      const { last } = play(stepper, world(), [
        { type: 'monitoring.consent', by: 'azerbaijan' },
        { type: 'monitoring.openCentre', by: 'usa' },
      ]);
      expect(last.refusal).toMatchObject({ rule: 'R8', code: 'monitoring/not-operator' });
    });

    it('should refuse opening the centre without a ceasefire, citing R8', () => {
      const { last } = play(stepper, world({}, { hostilities: 'war' }), [
        { type: 'monitoring.consent', by: 'azerbaijan' },
        { type: 'monitoring.openCentre', by: 'russia' },
      ]);
      expect(last.refusal).toMatchObject({ rule: 'R8', code: 'monitoring/no-ceasefire' });
    });

    it('should close the joint centre when the war resumes', () => {
      const { last, state } = play(stepper, world(), [
        { type: 'monitoring.consent', by: 'azerbaijan' },
        { type: 'monitoring.openCentre', by: 'russia' },
        { type: 'monitoring.openCentre', by: 'turkey' },
        { type: 'hostilities.resume', by: 'armenia' },
      ]);
      expect(state.value.hostilities).toBe('war');
      expect(state.value.monitoring).toBe('peacekeepers');
      expect(state.context.monitoring.centre?.ready).toEqual([]);
      expect(last.changes).toEqual(
        expect.arrayContaining([
          { region: 'monitoring', from: 'peacekeepersAndJointCentre', to: 'peacekeepers' },
        ]),
      );
    });
  });

  describe('access', () => {
    it('should refuse a grant before any agency has asked for access (R11)', () => {
      const { last } = play(stepper, world(), [{ type: 'access.grant', by: 'azerbaijan' }]);
      expect(last.refusal).toMatchObject({ rule: 'R11', code: 'access/not-requested' });
    });

    it('should make access partial on the territorial grant and unfettered with the ground grant (R11)', () => {
      const { outcomes, state } = play(stepper, world(), [
        { type: 'access.request', by: 'un' },
        { type: 'access.grant', by: 'azerbaijan' },
        { type: 'access.grant', by: 'nk' },
      ]);
      expect(outcomes.map((o) => o.state.value.access)).toEqual(['restricted', 'partial', 'unfettered']);
      expect(state.context.access.grants).toEqual(['azerbaijan', 'nk']);
    });

    it('should refuse a grant by an actor that neither holds the territory nor the ground, citing R11', () => {
      const { last } = play(stepper, world(), [
        { type: 'access.request', by: 'un' },
        { type: 'access.grant', by: 'armenia' },
      ]);
      expect(last.refusal).toMatchObject({ rule: 'R11', code: 'access/not-grantor' });
    });

    it('should fall back to partial when one grantor restricts access again', () => {
      const { state } = play(stepper, world(), [
        { type: 'access.request', by: 'un' },
        { type: 'access.grant', by: 'azerbaijan' },
        { type: 'access.grant', by: 'nk' },
        { type: 'access.restrict', by: 'nk' },
      ]);
      expect(state.value.access).toBe('partial');
    });

    it('should refuse an access request from a state, citing M2', () => {
      const { last } = play(stepper, world(), [{ type: 'access.request', by: 'armenia' }]);
      expect(last.refusal).toMatchObject({ rule: 'M2', code: 'role/not-institution' });
    });
  });

  describe('the clock and unknown actors', () => {
    it('should advance the day only on the clock', () => {
      const { state } = play(stepper, world(), [tick, tick]);
      expect(state.context.day).toBe(2);
      const { last } = play(stepper, world(), [{ type: 'clock.dayElapsed', by: 'russia' }]);
      expect(last.refusal).toMatchObject({ rule: 'M2', code: 'actor/not-clock' });
    });

    it('should refuse a move by an actor that is not in the world', () => {
      const { last } = play(stepper, world(), [{ type: 'talks.urge', by: 'iran', format: 'minsk' }]);
      expect(last.refusal).toMatchObject({ rule: 'M2', code: 'actor/unknown' });
    });
  });

  describe('refused moves (I11)', () => {
    it('should return the identical state object for a refused move', () => {
      const start = world();
      const refused = [
        { type: 'recognition.grant', by: 'france.senate', entity: 'nk' },
        { type: 'talks.convene', by: 'turkey' },
        { type: 'format.close', by: 'russia' },
        { type: 'ceasefire.broker', by: 'russia' },
        { type: 'access.grant', by: 'azerbaijan' },
      ];
      for (const move of refused) {
        const outcome = stepper.step(start, move as never);
        expect(outcome.accepted).toBe(false);
        expect(outcome.state).toBe(start);
        expect(outcome.changes).toEqual([]);
      }
    });

    it('should agree between check and step on every verdict', () => {
      const start = world();
      const move = { type: 'talks.convene', by: 'turkey' } as never;
      const { state: _state, changes: _changes, ...verdict } = stepper.step(start, move);
      expect(stepper.check(start, move)).toEqual(verdict);
    });
  });
});
