import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/parse.js';
import { issuesOf } from '../../support/issues.js';

/** Russia's trilateral with the OSCE watching: every role held once, every region at its default. */
const table = `id: roles-at-the-table
title: The trilateral, watched by the OSCE
calendar: { start: 2020-11-25, end: 2020-11-30 }
actors:
  armenia: { name: Armenia, kind: state, armed: true }
  azerbaijan: { name: Azerbaijan, kind: state, armed: true, territorial: true }
  russia: { name: Russia, kind: state }
  turkey: { name: Turkey, kind: state }
  osce: { name: the OSCE, kind: institution }
formats:
  trilateral:
    name: the Russia-led trilateral
    mediators: [russia]
    parties: [armenia, azerbaijan]
    observers: [osce]
initial:
  activeFormat: trilateral
  regions: { status: limbo }
injects:
  - id: osce-urges
    date: 2020-11-27
    by: osce
    do: { type: talks.urge, format: trilateral }
    text: The OSCE urges talks under the trilateral.
    hypothetical: true
`;

function issuesOfText(text: string) {
  return issuesOf(() => parseScenario(text, 'table.yaml'));
}

describe('checkScenario', () => {
  it('should accept the scenario the cases below are made from', () => {
    expect(parseScenario(table, 'table.yaml').data.id).toBe('roles-at-the-table');
  });

  it('should report an actor who mediates and is a party of one format, at the party entry', () => {
    const issues = issuesOfText(
      table.replace('parties: [armenia, azerbaijan]', 'parties: [armenia, russia]'),
    );
    expect(issues).toEqual([
      {
        file: 'table.yaml',
        line: 14,
        col: 24,
        code: 'role/mediator-and-party',
        path: ['formats', 'trilateral', 'parties', 1],
        message:
          '`russia` is both a mediator and a party of `trilateral`; an actor holds one role in a format: remove it from `mediators` or from `parties`, or say `mediatorMayBeParty: true` on the format',
      },
    ]);
  });

  it('should report an actor who mediates and observes one format, at the observer entry', () => {
    const issues = issuesOfText(table.replace('observers: [osce]', 'observers: [osce, russia]'));
    expect(issues.map((i) => [i.code, i.line, i.col])).toEqual([['role/mediator-and-observer', 15, 23]]);
  });

  it('should report a party that also observes one format, at the observer entry', () => {
    const issues = issuesOfText(table.replace('observers: [osce]', 'observers: [armenia]'));
    expect(issues.map((i) => [i.code, i.line, i.col])).toEqual([['role/party-and-observer', 15, 17]]);
    expect(issues[0]?.message).toContain('remove it from `parties` or from `observers`');
  });

  it('should report a role clash that a what-if introduces in the what-if', () => {
    const text = `${table}whatIfs:
  turkey-joins:
    title: Turkey mediates and sits at the table
    formats:
      trilateral: { mediators: [russia, turkey], parties: [armenia, azerbaijan, turkey] }
`;
    const issues = issuesOfText(text);
    expect(issues.map((i) => [i.code, i.line, i.col, i.path])).toEqual([
      ['role/mediator-and-party', 30, 81, ['whatIfs', 'turkey-joins', 'formats', 'trilateral', 'parties', 2]],
    ]);
  });

  it('should report a status that starts interim or final, since nothing is signed before day one', () => {
    for (const status of ['interim', 'final']) {
      const issues = issuesOfText(
        table.replace('regions: { status: limbo }', `regions: { status: ${status} }`),
      );
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({
        code: 'initial/status-without-settlement',
        line: 18,
        col: 22,
        path: ['initial', 'regions', 'status'],
      });
      expect(issues[0]?.message).toContain('start in `limbo` and add an inject');
    }
  });

  it('should report a joint monitoring centre at the start that no agreement sets up', () => {
    const text = table.replace(
      'regions: { status: limbo }',
      'regions: { monitoring: peacekeepersAndJointCentre }\n  peacekeepers: [russia]',
    );
    const issues = issuesOfText(text);
    expect(issues.map((i) => [i.code, i.line, i.col])).toEqual([
      ['initial/centre-without-agreement', 18, 26],
    ]);
    expect(issues[0]?.message).toContain('start in `peacekeepers`');
  });

  it('should report a joint monitoring centre at the start whose host has not consented, at `hostConsent`', () => {
    const centre = (consent: string) =>
      table.replace(
        'regions: { status: limbo }',
        `regions: { monitoring: peacekeepersAndJointCentre }\n  peacekeepers: [russia]\n  monitoringCentre: { operators: [russia, turkey], host: azerbaijan${consent} }`,
      );
    const refused = issuesOfText(centre(', hostConsent: false'));
    expect(refused.map((i) => [i.code, i.line, i.col, i.path])).toEqual([
      ['initial/centre-without-consent', 20, 83, ['initial', 'monitoringCentre', 'hostConsent']],
    ]);
    const unsaid = issuesOfText(centre(''));
    expect(unsaid.map((i) => [i.code, i.line, i.col])).toEqual([['initial/centre-without-consent', 20, 21]]);
    expect(
      parseScenario(centre(', hostConsent: true'), 'table.yaml').data.initial.monitoringCentre,
    ).toMatchObject({ hostConsent: true });
  });

  it('should not check the initial state of a region the world does not have', () => {
    const text = table
      .replace('initial:\n', 'regions: [talks, format]\ninitial:\n')
      .replace(
        'regions: { status: limbo }',
        'regions: { status: final, monitoring: peacekeepersAndJointCentre }',
      );
    const issues = issuesOfText(text);
    expect(issues.map((i) => i.code)).toEqual(['region/missing', 'region/missing']);
  });

  it('should report a contested mandate with no open proposal once, as a contradiction at the mandate', () => {
    const issues = issuesOfText(
      table.replace('regions: { status: limbo }', 'regions: { mandate: contested }'),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'initial/contradiction',
      line: 18,
      col: 23,
      path: ['initial', 'regions', 'mandate'],
    });
    expect(issues[0]?.message).toContain('format.mandate.contested -> format.mandate.incumbent');
  });

  it('should accept a contested mandate when a rival format is proposed at the start', () => {
    const text = table
      .replace('regions: { status: limbo }', 'regions: { mandate: contested }')
      .replace('injects:\n', `  proposals: [{ format: quartet, by: turkey }]\ninjects:\n`)
      .replace(
        '    observers: [osce]\n',
        '    observers: [osce]\n  quartet:\n    name: a quartet with Turkey\n    mediators: [russia, turkey]\n    parties: [armenia, azerbaijan]\n',
      );
    expect(parseScenario(text, 'table.yaml').data.initial.proposals).toHaveLength(1);
  });
});
