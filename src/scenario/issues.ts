/** One problem in a scenario file, at a place a trainer can open in an editor. */
export interface ScenarioIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** Thrown by `parseScenario` and `loadScenario` when a file is not a valid scenario. */
export class ScenarioError extends Error {
  readonly issues: readonly ScenarioIssue[];
  constructor(issues: readonly ScenarioIssue[]) {
    super(renderIssues(issues));
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/** `file:line:col: message`, one issue a line. */
export function renderIssues(issues: readonly ScenarioIssue[]): string {
  return issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.message}`).join('\n');
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** The closest known name, if close enough to be a likely typo. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** " (did you mean `x`?)" or, failing a close match, a short list of the known names. */
export function hint(name: string, known: readonly string[]): string {
  const near = closest(name, known);
  if (near) return ` (did you mean \`${near}\`?)`;
  if (known.length === 0) return '';
  const shown = known.slice(0, 12).map((k) => `\`${k}\``);
  return ` (known: ${shown.join(', ')}${known.length > 12 ? ', ...' : ''})`;
}
