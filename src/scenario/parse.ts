import type { z } from 'zod';
import { createPolicyRegistry, type PolicyRegistry } from '../agents/registry.js';
import { createXStateStepper } from '../steppers/xstate-stepper.js';
import { checkScenario, type Locate, locatedIssue } from './check.js';
import { ruleCycleWarnings } from './check-cycles.js';
import { checkRegions } from './check-regions.js';
import { scenarioHash } from './hash.js';
import { initialContext, initialValue } from './initial-world.js';
import { hint, ScenarioError, type ScenarioIssue } from './issues.js';
import type { Locator, Path } from './locate.js';
import { issueAt, limits, type Parsed, parseYaml } from './read-yaml.js';
import type { Scenario } from './scenario.js';
import { type ExtensionData, extensionSchema, type ScenarioData, scenarioSchema } from './schema.js';
import { patchOf, patchScenario } from './what-if.js';
import { scenarioWorld } from './world.js';
import { type Place, zodIssues } from './zod-issues.js';

/** Options of `parseScenario`. */
export interface ParseOptions {
  /** Reads a base file named by `extends:`, relative to the extending file. Without it, `extends:` is an error. */
  readonly readBase?: ((from: string, relative: string) => { file: string; text: string }) | undefined;
  /** Policies the scenario may name; defaults to the built-ins. */
  readonly policies?: PolicyRegistry | undefined;
}

function validate<S extends z.ZodType>(schema: S, parsed: Parsed): z.output<S> {
  const result = schema.safeParse(parsed.raw);
  if (!result.success)
    throw new ScenarioError(zodIssues(result.error.issues, parsed.raw, schema, parsed.locator));
  return result.data;
}

/**
 * The issues of resolved data against the whole scenario schema: an extending file or a what-if writes
 * only parts (a new actor without `kind`, a format without `name`), which must make a whole scenario,
 * as a batch worker that re-reads the resolved scenario will check. Each issue is placed in the file
 * (and what-if) that wrote the part, by `locate`.
 */
function wholeScenarioIssues(data: ScenarioData, locate: Locate): ScenarioIssue[] {
  const result = scenarioSchema.safeParse(data);
  if (result.success) return [];
  const place: Place = (path, key) => (key === undefined ? locate(path) : locate([...path, key], true));
  return zodIssues(result.error.issues, data, scenarioSchema, place);
}

/** A document of a scenario's chain; `prefix` is where the checked data sits in it (a what-if's entry). */
interface ChainDoc {
  readonly locator: Locator;
  readonly prefix: Path;
  readonly injectIds?: readonly string[];
}

/**
 * Locate paths of the checked data: in the first document that has them, else the last. The path given
 * with the place is the path in the resolved scenario `resolved`: under `whatIfs.<name>` where a what-if
 * wrote it, else with the inject indices of `resolved` (the checked data may be a what-if's branch).
 */
function chainLocate(chain: readonly ChainDoc[], data: ScenarioData, resolved: ScenarioData = data): Locate {
  const place = (locator: Locator, mapped: Path, asKey: boolean | undefined) => {
    const where =
      asKey && mapped.length > 0
        ? locator.key(mapped.slice(0, -1), String(mapped.at(-1)))
        : locator.at(mapped);
    return { file: locator.file, ...where };
  };
  const inResolved = (path: Path): Path => {
    if (data === resolved || path[0] !== 'injects' || typeof path[1] !== 'number') return path;
    const id = data.injects[path[1]]?.id;
    const index = resolved.injects.findIndex((i) => i.id === id);
    return index < 0 ? path : ['injects', index, ...path.slice(2)];
  };
  return (path, asKey) => {
    for (const { locator, prefix, injectIds } of chain) {
      let mapped: Path = [...prefix, ...path];
      if (path[0] === 'injects' && typeof path[1] === 'number' && injectIds) {
        const id = data.injects[path[1]]?.id;
        const index = id === undefined ? -1 : injectIds.indexOf(id);
        if (index < 0) continue;
        mapped = [...prefix, 'injects', index, ...path.slice(2)];
      }
      // A document owns a path when it writes its first one or two keys (`actors.armenia`, `initial.consents`).
      const owned = mapped.slice(0, Math.max(prefix.length + 1, Math.min(mapped.length, prefix.length + 2)));
      if (locator.has(owned)) {
        return { ...place(locator, mapped, asKey), path: prefix.length > 0 ? mapped : inResolved(path) };
      }
    }
    const last = chain.at(-1)!;
    const mapped = [...last.prefix, ...path];
    return {
      ...place(last.locator, mapped, asKey),
      path: last.prefix.length > 0 ? mapped : inResolved(path),
    };
  };
}

/** `removeInjects` entries that name no inject of the base. */
function unknownInjects(
  base: ScenarioData,
  ids: readonly string[] | undefined,
  locator: Locator,
  path: Path,
): ScenarioIssue[] {
  const known = base.injects.map((i) => i.id);
  return (ids ?? []).flatMap((id, i) =>
    known.includes(id)
      ? []
      : [
          {
            file: locator.file,
            ...locator.at([...path, i]),
            code: 'name/unknown-inject' as const,
            path: [...path, i],
            message: `removeInjects: no inject \`${id}\` in the base${hint(id, known)}`,
          },
        ],
  );
}

function injectIdsOf(raw: unknown, prefix: Path): string[] {
  let v: unknown = raw;
  for (const k of [...prefix, 'injects'])
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k as string] : undefined;
  return Array.isArray(v) ? v.map((i) => String((i as { id?: unknown })?.id)) : [];
}

function semantic(data: ScenarioData, locate: Locate, policies: PolicyRegistry): ScenarioIssue[] {
  const regionIssues = checkRegions(data, locate);
  if (regionIssues.length > 0) return regionIssues;
  const world = scenarioWorld(data);
  const issues = checkScenario(data, locate, policies, world);
  if (issues.length > 0) return issues;
  const stepper = createXStateStepper(world);
  const start = stepper.initial(initialValue(data), initialContext(data));
  const unsettled = stepper.unsettled(start);
  if (unsettled.length > 0) {
    // Placed at the region whose automatic transition would fire, where the scenario names its state.
    const source = unsettled[0]!.split(' -> ')[0]!;
    const track = world.tracks
      .filter((t) => source.startsWith(`${t.path}.`))
      .sort((a, b) => b.path.length - a.path.length)[0];
    const written = track !== undefined && data.initial.regions?.[track.alias] !== undefined;
    return [
      locatedIssue(
        locate(written ? ['initial', 'regions', track.alias] : ['initial']),
        'initial/contradiction',
        `the initial state contradicts itself: ${unsettled.join('; ')}; fix \`initial.regions\` or the data behind it`,
      ),
    ];
  }
  // Valid so far: what is left are warnings, which do not stop the file from loading.
  return ruleCycleWarnings(data, locate);
}

interface Resolved {
  readonly data: ScenarioData;
  readonly chain: ChainDoc[];
  readonly changes: Scenario['changes'];
}

function resolve(
  text: string,
  file: string,
  options: ParseOptions,
  depth: number,
  seen: readonly string[],
): Resolved {
  const parsed = parseYaml(text, file);
  const raw = parsed.raw as Record<string, unknown>;
  if (!('extends' in raw)) {
    const data = validate(scenarioSchema, parsed);
    return {
      data,
      chain: [{ locator: parsed.locator, prefix: [], injectIds: injectIdsOf(raw, []) }],
      changes: [],
    };
  }
  const ext: ExtensionData = validate(extensionSchema, parsed);
  const where = parsed.locator.at(['extends']);
  if (!options.readBase)
    throw new ScenarioError([
      issueAt(
        file,
        where,
        'extends/no-reader',
        ['extends'],
        '`extends:` needs a file to read from; use loadScenario(path)',
      ),
    ]);
  if (depth >= limits.maxExtends || seen.includes(file)) {
    throw new ScenarioError([
      issueAt(
        file,
        where,
        'extends/cycle',
        ['extends'],
        `\`extends:\` forms a cycle or a chain deeper than ${limits.maxExtends}`,
      ),
    ]);
  }
  let base: { file: string; text: string };
  try {
    base = options.readBase(file, ext.extends);
  } catch (error) {
    throw new ScenarioError([
      issueAt(
        file,
        where,
        'extends/unreadable',
        ['extends'],
        `cannot read the base scenario \`${ext.extends}\`: ${(error as Error).message}`,
      ),
    ]);
  }
  const parent = resolve(base.text, base.file, options, depth + 1, [...seen, file]);
  const { extends: _e, id, title, tests: _t, whatIfs, $schema: _s, question, ...patch } = ext;
  const unknownRemovals = unknownInjects(parent.data, patch.removeInjects, parsed.locator, ['removeInjects']);
  if (unknownRemovals.length > 0) throw new ScenarioError(unknownRemovals);
  const [patched, changes] = patchScenario(parent.data, patch);
  const data: ScenarioData = {
    ...patched,
    id: id ?? patched.id,
    title,
    whatIfs: { ...patched.whatIfs, ...(whatIfs ?? {}) },
    // A question belongs to the file that asks it.
    question,
  };
  const chain = [{ locator: parsed.locator, prefix: [], injectIds: injectIdsOf(raw, []) }, ...parent.chain];
  const incomplete = wholeScenarioIssues(data, chainLocate(chain, data));
  if (incomplete.length > 0) throw new ScenarioError(incomplete);
  return { data, chain, changes: [...parent.changes, ...changes] };
}

/**
 * Parse and validate scenario text (YAML or JSON). Throws a `ScenarioError` whose issues read
 * `file:line:col: message`, with a hint where a name is misspelt.
 *
 * @example
 * ```ts
 * const scenario = parseScenario(yamlText, 'my-what-if.yaml');
 * ```
 */
export function parseScenario(text: string, file: string, options: ParseOptions = {}): Scenario {
  const policies = options.policies ?? createPolicyRegistry();
  const resolved = resolve(text, file, options, 0, []);
  const issues = semantic(resolved.data, chainLocate(resolved.chain, resolved.data), policies);
  for (const [name, whatIf] of Object.entries(resolved.data.whatIfs)) {
    const own = resolved.chain.find((c) => c.locator.has(['whatIfs', name]));
    if (own)
      issues.push(
        ...unknownInjects(resolved.data, whatIf.removeInjects, own.locator, [
          'whatIfs',
          name,
          'removeInjects',
        ]),
      );
    const [branch] = patchScenario(resolved.data, patchOf(whatIf));
    // A problem of the branch is located in the what-if when the what-if wrote that part, else in the base.
    const whatIfInjects = (whatIf.injects ?? []).map((i) => i.id);
    const chain = resolved.chain.flatMap((c) => [
      { locator: c.locator, prefix: ['whatIfs', name], injectIds: whatIfInjects },
      c,
    ]);
    const locate = chainLocate(chain, branch, resolved.data);
    const incomplete = wholeScenarioIssues(branch, locate);
    for (const issue of incomplete.length > 0 ? incomplete : semantic(branch, locate, policies)) {
      if (
        !issues.some(
          (i) =>
            i.line === issue.line &&
            i.col === issue.col &&
            i.file === issue.file &&
            i.severity === issue.severity,
        )
      ) {
        issues.push({ ...issue, message: `what-if \`${name}\`: ${issue.message}` });
      }
    }
  }
  const warnings = issues.filter((i) => i.severity === 'warning');
  if (warnings.length < issues.length)
    throw new ScenarioError(issues.filter((i) => i.severity !== 'warning'));
  return {
    data: resolved.data,
    file,
    hash: scenarioHash(resolved.data, null),
    whatIf: null,
    changes: resolved.changes,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
