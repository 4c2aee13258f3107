/** What kind of actor: a state's executive, a legislature, a de facto authority, or an institution. */
export type ActorKind = 'state' | 'legislature' | 'de-facto-authority' | 'institution';

/**
 * An actor as the rules see it. Capability flags, never ids, decide what an actor may do
 * (STYLE.md: never branch on an actor's id in shared code).
 */
export interface ActorInfo {
  readonly id: string;
  readonly name: string;
  readonly kind: ActorKind;
  /** For a legislature: the state it belongs to. */
  readonly of?: string | undefined;
  /** The state on whose territory the conflict, monitoring and access take place (R8, R11). */
  readonly territorial?: boolean | undefined;
  /** Controls ground in the disputed territory, so its grant counts for humanitarian access (R11). */
  readonly controlsGround?: boolean | undefined;
  /** Has forces that can hold or break the ceasefire. */
  readonly armed?: boolean | undefined;
}
