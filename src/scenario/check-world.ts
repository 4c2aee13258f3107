import type { World } from '../machines/compose-world.js';
import { initialReferences } from '../regions/library.js';
import { hint, type ScenarioIssueCode } from './issues.js';
import type { Path } from './locate.js';
import type { ScenarioData } from './schema.js';

/** A problem found by a check, before it is placed. */
export interface Found {
  readonly code: ScenarioIssueCode;
  readonly message: string;
}

/** What the checks of a scenario's world need from `checkScenario`: the data, the world, and its reporters. */
export interface WorldChecker {
  readonly data: ScenarioData;
  readonly world: World;
  add(code: ScenarioIssueCode, path: Path, message: string): void;
  addFound(path: Path, found: Found, asKey?: boolean): void;
  /** Report an unknown actor named at `path`. */
  actor(name: string | null | undefined, path: Path): void;
  /** Report an unknown format named at `path`. */
  format(name: string | undefined, path: Path): void;
  regionMissing(region: string): Found;
}

/** Roles of one format that no actor may hold together: the role held first, the role listed too, the code. */
const roleClashes = [
  ['mediators', 'parties', 'role/mediator-and-party'],
  ['mediators', 'observers', 'role/mediator-and-observer'],
  ['parties', 'observers', 'role/party-and-observer'],
] as const satisfies readonly (readonly [string, string, ScenarioIssueCode])[];

const roleNames = { mediators: 'a mediator', parties: 'a party', observers: 'an observer' } as const;

/** Whether a state is a leaf: no other state of the region is nested in it. */
const isLeaf = (states: readonly string[], state: string) => !states.some((s) => s.startsWith(`${state}.`));

/**
 * The checks of a scenario's `initial` section: names it uses, region states its world has, and starting
 * facts that contradict the starting states (a status with nothing signed, a centre without consent).
 */
export function checkInitial({
  data,
  world,
  add,
  addFound,
  actor,
  format,
  regionMissing,
}: WorldChecker): void {
  const init = data.initial;
  format(init.activeFormat, ['initial', 'activeFormat']);
  // The actors and formats each module's `initial:` fields name (RegionModule.context.references).
  for (const r of initialReferences(init))
    (r.kind === 'actor' ? actor : format)(r.name, ['initial', ...r.path]);
  const parties = data.formats[init.activeFormat]?.parties ?? [];
  for (const party of Object.keys(init.consents ?? {})) {
    if (!parties.includes(party))
      add(
        'initial/consent-by-non-party',
        ['initial', 'consents', party],
        `\`${party}\` is not a party of the active format${hint(party, parties)}`,
      );
  }
  const mediators = data.formats[init.activeFormat]?.mediators ?? [];
  init.exclusionDemands?.forEach((d, i) => {
    const path = ['initial', 'exclusionDemands', i];
    const speaker = data.actors[d.by];
    const party = speaker?.kind === 'legislature' ? speaker.of : d.by;
    if (speaker && !parties.includes(party ?? '')) {
      add(
        'initial/demand-by-non-party',
        [...path, 'by'],
        `only a party of the active format (or its legislature) can demand an exclusion, not \`${d.by}\``,
      );
    }
    if (data.actors[d.mediator] && !mediators.includes(d.mediator)) {
      add(
        'initial/demand-on-non-mediator',
        [...path, 'mediator'],
        `\`${d.mediator}\` is not a mediator of the active format${hint(d.mediator, mediators)}`,
      );
    }
  });
  for (const [region, state] of Object.entries(init.regions ?? {})) {
    const track = world.track(region);
    if (!track) addFound(['initial', 'regions', region], regionMissing(region), true);
    else if (!track.states.includes(state) || !isLeaf(track.states, state))
      add(
        track.states.includes(state) ? 'region/compound-state' : 'region/unknown-state',
        ['initial', 'regions', region],
        `${region} cannot start in \`${state}\`${hint(
          state,
          track.states.filter((s) => isLeaf(track.states, s)),
        )}`,
      );
  }
  const startIn = (region: string) =>
    world.track(region)?.states.includes(init.regions?.[region] ?? '') ? init.regions?.[region] : undefined;
  const status = startIn('status');
  if (status !== undefined && status !== 'limbo') {
    add(
      'initial/status-without-settlement',
      ['initial', 'regions', 'status'],
      `\`status: ${status}\` needs a signed settlement, and none can be signed before the first day: start in \`limbo\` and add an inject in which every party signs (\`settlement.sign\` with \`status: ${status}\`)`,
    );
  }
  if (startIn('monitoring') === 'peacekeepersAndJointCentre') {
    const centre = init.monitoringCentre;
    if (!centre)
      add(
        'initial/centre-without-agreement',
        ['initial', 'regions', 'monitoring'],
        '`monitoring: peacekeepersAndJointCentre` needs a joint monitoring centre, and `initial.monitoringCentre` sets none up: add one with its operators, its host and `hostConsent: true`, or start in `peacekeepers`',
      );
    else if (centre.hostConsent !== true)
      add(
        'initial/centre-without-consent',
        ['initial', 'monitoringCentre', ...(centre.hostConsent === undefined ? [] : ['hostConsent'])],
        `the joint monitoring centre is open at the start (\`monitoring: peacekeepersAndJointCentre\`), but its host \`${centre.host}\` has not consented: set \`hostConsent: true\` in \`initial.monitoringCentre\`, or start monitoring in \`peacekeepers\``,
      );
  }
  if (
    (init.exclusionDemands ?? []).length > 0 &&
    world.track('composition') &&
    (init.regions?.composition ?? 'intact') === 'intact'
  ) {
    add(
      'initial/demand-without-composition',
      ['initial', 'regions'],
      'standing exclusion demands need `composition: exclusionDemanded` in `initial.regions`',
    );
  }
}

/** The formats: the actors they name, the distinct roles of one format, a host and a quorum that exist. */
export function checkFormats({ data, add, actor }: WorldChecker): void {
  for (const [id, f] of Object.entries(data.formats)) {
    const path = ['formats', id];
    actor(f.auspices, [...path, 'auspices']);
    actor(f.appointedBy, [...path, 'appointedBy']);
    actor(f.host, [...path, 'host']);
    if (f.quorum !== undefined && f.quorum > (f.mediators ?? []).length)
      add(
        'schema/too-big',
        [...path, 'quorum'],
        `a quorum of ${f.quorum} needs at least ${f.quorum} mediators, and \`${id}\` has ${(f.mediators ?? []).length}: lower the quorum or add mediators`,
      );
    for (const role of ['mediators', 'parties', 'members', 'observers'] as const) {
      (f[role] ?? []).forEach((a, i) => actor(a, [...path, role, i]));
    }
    // Mediators, parties and observers are distinct roles; the later list is the one reported.
    for (const [held, role, code] of roleClashes) {
      // A format may say that a party also mediates (a party-led initiative); then that clash is allowed.
      if (code === 'role/mediator-and-party' && f.mediatorMayBeParty === true) continue;
      (f[role] ?? []).forEach((a, i) => {
        if (Object.hasOwn(data.actors, a) && (f[held] ?? []).includes(a))
          add(
            code,
            [...path, role, i],
            `\`${a}\` is both ${roleNames[held]} and ${roleNames[role]} of \`${id}\`; an actor holds one role in a format: remove it from \`${held}\` or from \`${role}\`${code === 'role/mediator-and-party' ? ', or say `mediatorMayBeParty: true` on the format' : ''}`,
          );
      });
    }
  }
}

/** A pack's wording must name moves and regions its world has, or it would silently say nothing. */
export function checkWording({ data, world, add }: WorldChecker): void {
  for (const type of Object.keys(data.wording?.moves ?? {}))
    if (!world.events.has(type) || type === 'clock.dayElapsed')
      add(
        'name/unknown-move',
        ['wording', 'moves', type],
        `\`${type}\` is not a move of this world${hint(type, [...world.moveTypes])}`,
      );
  const codes = [...new Set([...world.checks.values()].map((c) => c.code))].sort();
  for (const code of Object.keys(data.wording?.refusals ?? {}))
    if (!codes.includes(code))
      add(
        'name/unknown-refusal',
        ['wording', 'refusals', code],
        `\`${code}\` is not a refusal this world gives${hint(code, codes)}; \`auspices regions FILE\` lists the refusals of each region`,
      );
  for (const region of Object.keys(data.wording?.regions ?? {}))
    if (!world.track(region))
      add(
        'region/missing',
        ['wording', 'regions', region],
        `\`${region}\` is not a region of this world${hint(
          region,
          world.tracks.map((t) => t.alias),
        )}`,
      );
}
