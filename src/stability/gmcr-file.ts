import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { createLocator, type Path } from '../scenario/locate.js';
import {
  type Condition,
  type Direction,
  feasibleCodes,
  maxOptions,
  type OptionModel,
  type Statement,
} from './option-model.js';

/**
 * GMCR+'s `.gmcr` model files (JSON), read and written. The format is GMCR+'s: options with their
 * permitted direction, decision makers with the options they control and either prioritised preference
 * statements or a manual ranking of the ordered states, infeasible conditions, coalitions and
 * misperceptions. auspices adds one optional key, `statusQuo` (a Y/N pattern), which GMCR+ ignores.
 */

export interface ModelFileIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
  readonly issues: readonly ModelFileIssue[];
  constructor(issues: readonly ModelFileIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.message}`).join('\n'));
    this.issues = issues;
  }
}

const condition = z.array(z.tuple([z.number().int().nonnegative(), z.enum(['Y', 'N'])]));
const statement = z.union([condition, z.object({ compound: z.literal(true), members: z.array(condition) })]);
const rankEntry = z.union([z.number().int().positive(), z.array(z.number().int().positive())]);

const gmcrSchema = z.object({
  options: z
    .array(
      z.object({ name: z.string(), permittedDirection: z.enum(['both', 'fwd', 'back']).default('both') }),
    )
    .min(1)
    .max(maxOptions),
  decisionMakers: z
    .array(
      z.object({
        name: z.string(),
        options: z.array(z.number().int().nonnegative()),
        preferences: z.array(statement).default([]),
        preferenceRanking: z.array(rankEntry).optional(),
        preferenceVector: z.array(rankEntry).optional(),
        misperceptions: z.array(statement).optional(),
      }),
    )
    .min(1),
  infeasibles: z.array(statement).default([]),
  coalitions: z
    .array(z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]))
    .optional(),
  useManualPreferenceRanking: z.boolean().optional(),
  useManualPreferenceVectors: z.boolean().optional(),
  statusQuo: z
    .string()
    .regex(/^[YN]+$/, 'a Y/N pattern, one letter per option')
    .optional(),
});

type GmcrData = z.infer<typeof gmcrSchema>;
type RawStatement = z.infer<typeof statement>;

const toCondition = (c: z.infer<typeof condition>): Condition => c.map(([o, t]) => [o, t === 'Y'] as const);
const toStatement = (s: RawStatement): Statement =>
  Array.isArray(s) ? { anyOf: [toCondition(s)] } : { anyOf: s.members.map(toCondition) };
const directions: Record<'both' | 'fwd' | 'back', Direction> = {
  both: 'both',
  fwd: 'forward',
  back: 'backward',
};

/** Files larger than this are refused before parsing. */
export const maxModelBytes = 4 * 2 ** 20;

/** Parses the text of a `.gmcr` file into an option model, with `file:line:col` for every problem. */
export function parseGmcr(text: string, file: string): OptionModel {
  const start = { file, line: 1, col: 1 };
  if (text.length > maxModelBytes)
    throw new ModelFileError([
      { ...start, message: `the file is larger than ${maxModelBytes / 2 ** 20} MiB` },
    ]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    throw new ModelFileError(
      doc.errors.map((e) => ({
        file,
        ...lines.linePos(e.pos[0]),
        message: `JSON syntax error: ${e.message.split('\n')[0]}`,
      })),
    );
  const locator = createLocator(file, doc, lines);
  const at = (path: Path, message: string): ModelFileIssue => ({ file, ...locator.at(path), message });
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ModelFileError([{ ...start, message: (error as Error).message }]);
  }
  const parsed = gmcrSchema.safeParse(raw);
  if (!parsed.success)
    throw new ModelFileError(
      parsed.error.issues.map((i) => at(i.path as Path, `${i.path.join('.') || 'the file'}: ${i.message}`)),
    );
  const data = parsed.data;
  const issues = crossCheck(data, at);
  if (issues.length > 0) throw new ModelFileError(issues);
  return modelOf(data);
}

function crossCheck(data: GmcrData, at: (path: Path, message: string) => ModelFileIssue): ModelFileIssue[] {
  const issues: ModelFileIssue[] = [];
  const k = data.options.length;
  const checkStatement = (s: RawStatement, path: Path) => {
    const conds = Array.isArray(s) ? [s] : s.members;
    conds.forEach((c, ci) => {
      c.forEach(([o], oi) => {
        if (o >= k)
          issues.push(
            at(
              [...path, ...(Array.isArray(s) ? [] : ['members', ci]), oi, 0],
              `option ${o} does not exist: options are numbered 0 to ${k - 1}`,
            ),
          );
      });
    });
  };
  const owner = new Array<number>(k).fill(-1);
  data.decisionMakers.forEach((dm, d) => {
    dm.options.forEach((o, oi) => {
      if (o >= k)
        issues.push(
          at(
            ['decisionMakers', d, 'options', oi],
            `option ${o} does not exist: options are numbered 0 to ${k - 1}`,
          ),
        );
      else if (owner[o] !== -1)
        issues.push(
          at(
            ['decisionMakers', d, 'options', oi],
            `option ${o} is already controlled by "${data.decisionMakers[owner[o] as number]?.name}"; each option has one decision maker`,
          ),
        );
      else owner[o] = d;
    });
    dm.preferences.forEach((s, i) => checkStatement(s, ['decisionMakers', d, 'preferences', i]));
  });
  owner.forEach((d, o) => {
    if (d === -1)
      issues.push(
        at(
          ['options', o],
          `option "${data.options[o]?.name}" is controlled by no decision maker; list it in one decision maker's "options"`,
        ),
      );
  });
  data.infeasibles.forEach((s, i) => checkStatement(s, ['infeasibles', i]));
  if (issues.length > 0) return issues;
  const model = modelOf(data);
  const size = feasibleCodes(model).length;
  if (size === 0) return [at(['infeasibles'], 'every state is infeasible; remove an infeasible condition')];
  if (model.useRanking) {
    data.decisionMakers.forEach((dm, d) => {
      const key = dm.preferenceRanking ? 'preferenceRanking' : 'preferenceVector';
      const ranking = dm.preferenceRanking ?? dm.preferenceVector;
      if (!ranking) {
        issues.push(
          at(
            ['decisionMakers', d],
            `"${dm.name}" has no preferenceRanking, but the file sets useManualPreferenceRanking`,
          ),
        );
        return;
      }
      const seen = new Set<number>();
      ranking.forEach((e, i) => {
        for (const s of typeof e === 'number' ? [e] : e) {
          if (s > size)
            issues.push(
              at(
                ['decisionMakers', d, key, i],
                `state ${s} does not exist: the model has ${size} feasible states`,
              ),
            );
          else if (seen.has(s)) issues.push(at(['decisionMakers', d, key, i], `state ${s} is ranked twice`));
          seen.add(s);
        }
      });
      const missing = Array.from({ length: size }, (_, s) => s + 1).filter((s) => !seen.has(s));
      if (missing.length > 0)
        issues.push(
          at(
            ['decisionMakers', d, key],
            `the ranking leaves out state${missing.length > 1 ? 's' : ''} ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}; rank every feasible state once`,
          ),
        );
    });
  }
  if (data.coalitions) {
    const seen = new Set<number>();
    data.coalitions.forEach((c, i) => {
      for (const d of typeof c === 'number' ? [c] : c) {
        if (d >= data.decisionMakers.length)
          issues.push(at(['coalitions', i], `decision maker ${d} does not exist`));
        else if (seen.has(d)) issues.push(at(['coalitions', i], `decision maker ${d} is in two coalitions`));
        seen.add(d);
      }
    });
    if (issues.length === 0 && seen.size !== data.decisionMakers.length)
      issues.push(at(['coalitions'], 'the coalitions must include every decision maker once'));
  }
  if (data.statusQuo !== undefined) {
    const code = [...data.statusQuo].reduce((c, ch, i) => c | ((ch === 'Y' ? 1 : 0) << i), 0);
    if (data.statusQuo.length !== k)
      issues.push(
        at(['statusQuo'], `the status quo has ${data.statusQuo.length} letters; the model has ${k} options`),
      );
    else if (!feasibleCodes(model).includes(code))
      issues.push(at(['statusQuo'], `the status quo ${data.statusQuo} is infeasible`));
  }
  return issues;
}

function modelOf(data: GmcrData): OptionModel {
  const useRanking = data.useManualPreferenceRanking ?? data.useManualPreferenceVectors ?? false;
  const base: OptionModel = {
    options: data.options.map((o) => ({ name: o.name, direction: directions[o.permittedDirection] })),
    dms: data.decisionMakers.map((dm) => ({
      name: dm.name,
      options: dm.options,
      statements: dm.preferences.map(toStatement),
      ranking: dm.preferenceRanking ?? dm.preferenceVector,
      misperceptions: dm.misperceptions?.map(toStatement),
    })),
    infeasibles: data.infeasibles.map(toStatement),
    coalitions: data.coalitions?.map((c) => (typeof c === 'number' ? [c] : c)),
    useRanking,
  };
  if (data.statusQuo === undefined) return base;
  const code = [...data.statusQuo].reduce((c, ch, i) => c | ((ch === 'Y' ? 1 : 0) << i), 0);
  const at = feasibleCodes(base).indexOf(code);
  return at < 0 ? base : { ...base, statusQuo: at + 1 };
}

const rawCondition = (c: Condition) => c.map(([o, t]) => [o, t ? 'Y' : 'N']);
const rawStatement = (s: Statement) =>
  s.anyOf.length === 1
    ? rawCondition(s.anyOf[0] as Condition)
    : { compound: true, members: s.anyOf.map(rawCondition) };
const rawDirection: Record<Direction, string> = { both: 'both', forward: 'fwd', backward: 'back' };

/** The `.gmcr` text of a model, as GMCR+ reads it. */
export function writeGmcr(model: OptionModel): string {
  const codes = feasibleCodes(model);
  const out: Record<string, unknown> = {
    options: model.options.map((o) => ({ name: o.name, permittedDirection: rawDirection[o.direction] })),
    decisionMakers: model.dms.map((dm) => ({
      name: dm.name,
      options: dm.options,
      preferences: dm.statements.map(rawStatement),
      ...(dm.ranking ? { preferenceRanking: dm.ranking } : {}),
      ...(dm.misperceptions ? { misperceptions: dm.misperceptions.map(rawStatement) } : {}),
    })),
    infeasibles: model.infeasibles.map(rawStatement),
    coalitions: (model.coalitions ?? model.dms.map((_, d) => [d])).map((c) => (c.length === 1 ? c[0] : c)),
    useManualPreferenceRanking: model.useRanking,
    program: 'auspices',
    version: '1',
  };
  if (model.statusQuo !== undefined) {
    const code = codes[model.statusQuo - 1] as number;
    out.statusQuo = Array.from(model.options, (_, i) => (((code >>> i) & 1) === 1 ? 'Y' : 'N')).join('');
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}
