import { z } from 'zod';

/** The key under which the playground keeps the work in progress in the browser's `localStorage`. */
export const workKey = 'auspices.playground';

/** The version of the stored value; a value written by another version is ignored with a note. */
const workVersion = 1;

/** The most games in progress kept (the most recently played first). */
const maxGames = 8;

const workSchema = z.object({
  version: z.literal(workVersion),
  file: z.string().min(1),
  text: z.string().max(2_000_000),
  seed: z.number().int().refine(Number.isSafeInteger),
  whatIf: z.string().nullable(),
  mode: z.enum(['watch', 'play']),
  /** Games in progress by `gameKey`, each as `PlaySession.save()` wrote it. */
  games: z.array(z.object({ key: z.string(), saved: z.string() })).max(maxGames),
});

/** What the playground keeps between visits: the editor, the choices on the page, the games in progress. */
export type SavedWork = z.infer<typeof workSchema>;

/** The part of `Storage` the playground uses (the page passes `localStorage`; tests may pass their own). */
export type WorkStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The stored work, or null; `note` says why stored work was ignored (a user should see it). */
export interface LoadedWork {
  readonly work: SavedWork | null;
  readonly note: string | null;
}

/** The browser's `localStorage`, or null where the page may not use it (a sandbox, a privacy setting). */
export function browserStorage(): WorkStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** Read the stored work. A value that is not JSON, or was written by another version, is ignored with a note. */
export function loadWork(storage: WorkStorage | null): LoadedWork {
  let raw: string | null;
  try {
    raw = storage?.getItem(workKey) ?? null;
  } catch {
    return {
      work: null,
      note: 'Your saved work could not be read: this browser does not let the page use its storage.',
    };
  }
  if (raw === null) return { work: null, note: null };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      work: null,
      note: 'Your saved work could not be read (it is not valid JSON), so the page starts afresh.',
    };
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (version !== workVersion)
    return {
      work: null,
      note: `Your saved work was written by another version of the playground (version ${JSON.stringify(version ?? null)}, this one reads version ${workVersion}), so the page starts afresh.`,
    };
  const checked = workSchema.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return {
      work: null,
      note: `Your saved work could not be read (${issue.path.join('.') || 'top level'}: ${issue.message}), so the page starts afresh.`,
    };
  }
  return { work: checked.data, note: null };
}

/**
 * Store the work, keeping the stored games unless `work.games` is given. Returns null, or a note when the
 * browser refused (storage full or disabled).
 */
export function storeWork(
  storage: WorkStorage | null,
  work: Omit<SavedWork, 'version' | 'games'> & { readonly games?: SavedWork['games'] },
): string | null {
  if (!storage) return 'This browser does not let the page keep your work: it will be lost when you leave.';
  const games = work.games ?? loadWork(storage).work?.games ?? [];
  try {
    storage.setItem(workKey, JSON.stringify({ ...work, version: workVersion, games }));
    return null;
  } catch (error) {
    return `Your work could not be kept in this browser (${(error as Error).message}): download the scenario to keep it.`;
  }
}

/** The key of a game in progress: the scenario as validated (its hash), the actor, the what-if and the seed. */
export function gameKey(hash: string, actor: string, whatIf: string | null, seed: number): string {
  return JSON.stringify([hash, actor, whatIf, seed]);
}

/** A stored game in progress (`PlaySession.save()` text), or null. */
export function storedGame(storage: WorkStorage | null, key: string): string | null {
  return loadWork(storage).work?.games.find((g) => g.key === key)?.saved ?? null;
}

/** Keep a game in progress first among the stored games (or forget it when `saved` is null). */
export function storeGame(storage: WorkStorage | null, key: string, saved: string | null): string | null {
  const work = loadWork(storage).work;
  if (!work) return null;
  const others = work.games.filter((g) => g.key !== key);
  const games = saved === null ? others : [{ key, saved }, ...others].slice(0, maxGames);
  return storeWork(storage, { ...work, games });
}
