import { type DecisionMaker, type GraphModel, type Moves, movesOf, type OptionForm } from './graph-model.js';

/**
 * A conflict in option form, as GMCR+ files hold it: options with the direction they may be changed in,
 * decision makers that each control some options and rank the states, infeasible combinations and
 * coalitions. `toGraphModel` turns it into the graph the analysis works on.
 */

/** Options that must all hold: each is an option index and whether it is taken. */
export type Condition = readonly (readonly [option: number, taken: boolean])[];

/** A preference statement or an infeasibility: true when any of its conditions holds. */
export interface Statement {
  readonly anyOf: readonly Condition[];
}

export type Direction = 'both' | 'forward' | 'backward';

export interface OptionModelDm {
  readonly name: string;
  readonly options: readonly number[];
  /** Prioritised preference statements, most important first. */
  readonly statements: readonly Statement[];
  /** An explicit ranking, most preferred first: ordered state numbers (1-based), ties as arrays. */
  readonly ranking?: readonly (number | readonly number[])[] | undefined;
  /** Kept for round trips; the analysis does not read them. */
  readonly misperceptions?: readonly Statement[] | undefined;
}

export interface OptionModel {
  readonly options: readonly { readonly name: string; readonly direction: Direction }[];
  readonly dms: readonly OptionModelDm[];
  readonly infeasibles: readonly Statement[];
  /** Groups of decision makers (indexes) that act together, covering every decision maker once. */
  readonly coalitions?: readonly (readonly number[])[] | undefined;
  /** Whether each decision maker's `ranking` is used rather than its statements. */
  readonly useRanking: boolean;
  /** The status quo as an ordered state number (1-based), when the model names one. */
  readonly statusQuo?: number | undefined;
}

/** More options than this would need more than 16 M codes: the model is refused. */
export const maxOptions = 24;

function conditionHolds(condition: Condition, code: number): boolean {
  for (const [option, taken] of condition) if ((((code >>> option) & 1) === 1) !== taken) return false;
  return true;
}

export function statementHolds(statement: Statement, code: number): boolean {
  return statement.anyOf.some((c) => conditionHolds(c, code));
}

/** The feasible codes, in increasing order (GMCR+'s "ordered" numbering is this order, from 1). */
export function feasibleCodes(model: OptionModel): Uint32Array {
  const count = 2 ** model.options.length;
  const out = new Uint32Array(count);
  let n = 0;
  for (let code = 0; code < count; code++) {
    if (!model.infeasibles.some((s) => statementHolds(s, code))) out[n++] = code;
  }
  return out.slice(0, n);
}

/** The Y/N pattern of a code: one character per option, option 0 first. */
export function patternOf(code: number, options: number): string {
  let out = '';
  for (let i = 0; i < options; i++) out += ((code >>> i) & 1) === 1 ? 'Y' : 'N';
  return out;
}

/**
 * Moves that change any of the options in `mask` (at least one), in their permitted direction, to a
 * feasible state: the unilateral moves of whoever controls those options.
 */
export function optionMoves(form: OptionForm, mask: number): Moves {
  return movesOf(form.code.length, (s, push) => {
    const code = form.code[s] as number;
    // Options in the mask that may change from here.
    const free = mask & ~(form.forwardOnly & code) & ~(form.backwardOnly & ~code);
    for (let sub = free; sub > 0; sub = (sub - 1) & free) {
      const t = form.stateOf((code ^ sub) >>> 0);
      if (t >= 0) push(t);
    }
  });
}

/** The options a decision maker or a group controls, as a bit set. */
export function maskOf(form: OptionForm, dms: readonly number[]): number {
  let mask = 0;
  for (let i = 0; i < form.owner.length; i++) if (dms.includes(form.owner[i] as number)) mask |= 1 << i;
  return mask >>> 0;
}

function payoffFromRanking(ranking: readonly (number | readonly number[])[], size: number): Float64Array {
  const payoff = new Float64Array(size);
  ranking.forEach((entry, position) => {
    for (const ordered of typeof entry === 'number' ? [entry] : entry)
      payoff[ordered - 1] = ranking.length - position;
  });
  return payoff;
}

function payoffFromStatements(statements: readonly Statement[], codes: Uint32Array): Float64Array {
  const payoff = new Float64Array(codes.length);
  const k = statements.length;
  for (let s = 0; s < codes.length; s++) {
    let p = 0;
    statements.forEach((statement, i) => {
      if (statementHolds(statement, codes[s] as number)) p += 2 ** (k - 1 - i);
    });
    payoff[s] = p;
  }
  return payoff;
}

/** The option form of a model: its feasible codes and who controls which option. */
export function optionForm(model: OptionModel): OptionForm {
  const code = feasibleCodes(model);
  const index = new Int32Array(2 ** model.options.length).fill(-1);
  code.forEach((c, s) => {
    index[c] = s;
  });
  const owner = new Int32Array(model.options.length).fill(-1);
  model.dms.forEach((dm, d) => {
    for (const o of dm.options) owner[o] = d;
  });
  let forwardOnly = 0;
  let backwardOnly = 0;
  model.options.forEach((o, i) => {
    if (o.direction === 'forward') forwardOnly |= 1 << i;
    if (o.direction === 'backward') backwardOnly |= 1 << i;
  });
  return {
    names: model.options.map((o) => o.name),
    owner,
    code,
    forwardOnly: forwardOnly >>> 0,
    backwardOnly: backwardOnly >>> 0,
    stateOf: (c) => (c < index.length ? (index[c] as number) : -1),
  };
}

/**
 * The most work building a model's moves may take: every state (at most 2^options) times the option
 * combinations of each decision maker (2^its options). Beyond it, `toGraphModel` refuses the model
 * rather than run for hours: 20 options shared by 4 decision makers is 2^27.
 */
const maxMoveWork = 2 ** 28;

export class ModelTooLargeError extends Error {
  override readonly name = 'ModelTooLargeError';
}

/** The graph model of an option-form conflict. */
export function toGraphModel(model: OptionModel): GraphModel {
  const work = model.dms.reduce((sum, dm) => sum + 2 ** model.options.length * 2 ** dm.options.length, 0);
  if (work > maxMoveWork) {
    const widest = model.dms.reduce((a, b) => (b.options.length > a.options.length ? b : a));
    throw new ModelTooLargeError(
      `the model is too large to analyse: ${model.options.length} options, and "${widest.name}" alone controls ${widest.options.length} of them, which means listing about ${work.toExponential(1)} moves (the limit is ${maxMoveWork.toExponential(1)}); split options between decision makers, or remove options`,
    );
  }
  const form = optionForm(model);
  const size = form.code.length;
  const dms: DecisionMaker[] = model.dms.map((dm, d) => ({
    name: dm.name,
    moves: optionMoves(form, maskOf(form, [d])),
    payoff:
      model.useRanking && dm.ranking
        ? payoffFromRanking(dm.ranking, size)
        : payoffFromStatements(dm.statements, form.code),
  }));
  return {
    size,
    dms,
    options: form,
    coalitions: model.coalitions,
    statusQuo: model.statusQuo === undefined ? undefined : model.statusQuo - 1,
    label: (s) => patternOf(form.code[s] as number, model.options.length),
  };
}
