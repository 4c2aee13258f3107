import type { WorldState } from '../model/context.js';
import type { WorldEvent } from '../regions/events.js';
import type { Rng } from './rng.js';
import type { TraceEntry } from './trace.js';

/** What an actor knows when it decides: the public world, the day's news, and its own memory. */
export interface ActorView {
  readonly actor: string;
  readonly day: number;
  readonly date: string;
  /** The world as every actor sees it (all acts in this model are public). */
  readonly world: WorldState;
  /** Moves since this actor last decided: yesterday's moves and today's injects. */
  readonly news: readonly TraceEntry[];
  /** Every move made so far, for `happened` conditions. */
  readonly history: readonly TraceEntry[];
  /** Region states reached so far (`talks:urged`). */
  readonly reached: ReadonlySet<string>;
  /** The moves this actor could make now that the rules would accept. Computed on demand. */
  legalMoves(): WorldEvent[];
  /** Where a region named in a scenario lies in the state value (`mandate` is `format.mandate`). */
  readonly regionPath?: ((alias: string) => string) | undefined;
}

/** A move an actor intends, optionally delayed, with the policy rule that produced it. */
export interface Intent {
  readonly move: WorldEvent;
  /** Days from now; 0 applies today. */
  readonly after: number;
  /** The policy rule behind the move, shown in the trace. */
  readonly because?: string | undefined;
}

/** What a policy receives: its view, a seeded generator, its parameters, and its memory. */
export interface DecideInput<P = unknown> {
  readonly view: ActorView;
  readonly rng: Rng;
  readonly params: P;
  /** What this actor's policy remembered from earlier days (e.g. rules already fired). */
  readonly memory: readonly string[];
}

/** A policy's decision: the intents of the day and its updated memory. */
export interface Decision {
  readonly intents: readonly Intent[];
  readonly memory: readonly string[];
}

/**
 * A policy: a pure function of the actor's view and a seeded generator to intents.
 * Register custom policies by name with `definePolicy` and pass them to `runScenario`.
 */
export interface Policy<P = unknown> {
  readonly name: string;
  readonly description: string;
  /** Check the actor's policy parameters from the scenario; return the parsed params or throw a message. */
  parseParams(raw: unknown): P;
  /**
   * The day's decision. It may be a promise (a policy that asks a model or a person): `runScenarioAsync`
   * waits for it, while `runScenario`, batches and play sessions, which run synchronously, refuse it with
   * an `AsyncPolicyError`.
   */
  decide(input: DecideInput<P>): Decision | PromiseLike<Decision>;
}

/**
 * Identity helper that types a custom policy.
 *
 * @example
 * ```ts
 * const stubborn = definePolicy({
 *   name: 'stubborn',
 *   description: 'Boycotts any talks it is in.',
 *   parseParams: () => ({}),
 *   decide: ({ view, memory }) => ({
 *     intents: view.legalMoves().filter((m) => m.type === 'talks.boycott').map((move) => ({ move, after: 0 })),
 *     memory,
 *   }),
 * });
 * ```
 */
export function definePolicy<const P>(policy: SyncPolicy<P>): SyncPolicy<P>;
export function definePolicy<const P>(policy: Policy<P>): Policy<P>;
export function definePolicy<const P>(policy: Policy<P>): Policy<P> {
  return policy;
}

/** A policy whose `decide` returns its decision, not a promise of it: every built-in policy. */
export interface SyncPolicy<P = unknown> extends Policy<P> {
  decide(input: DecideInput<P>): Decision;
}
