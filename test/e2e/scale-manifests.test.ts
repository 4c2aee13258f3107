import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadScenarioSync } from '../../src/index.js';

/**
 * The multi-machine examples in examples/scale/ (docs/scale.md): checked as manifests, then rendered for a
 * small sweep and run for real, shard by shard, merged, and compared with the same batch on one machine.
 */

const dir = 'examples/scale';
const bin = 'dist/cli/bin.js';

/** The options of `auspices batch` and `auspices merge`, and whether each takes a value. */
const batchOptions: Readonly<Record<string, boolean>> = {
  '--runs': true,
  '--seed': true,
  '--what-if': true,
  '--workers': true,
  '--shard': true,
  '--engine': true,
  '--out': true,
  '--resume': false,
};
const mergeOptions: Readonly<Record<string, boolean>> = { '--out': true };

/** The files of a run directory, besides the copy of the scenario file. */
const runDirFiles = ['manifest.json', 'results.jsonl', 'summary.json', 'report.md', 'report.html'];

interface Command {
  /** The subcommand's positional arguments. */
  readonly positional: readonly string[];
  /** Each option given, with its value (`true` for a flag without one). */
  readonly options: ReadonlyMap<string, string | true>;
}

/**
 * The two ways the examples start the CLI: `npx auspices`, or `node dist/cli/bin.js`, the same file run
 * without npx in between (so that a SIGTERM reaches the CLI: npx does not pass it on).
 */
const npx = ['npx', 'auspices'] as const;
const direct = ['node', bin] as const;

/** Parse `npx auspices <subcommand> ...` (or `node dist/cli/bin.js ...`) words, refusing options the contract does not list. */
function parseCommand(words: readonly string[], subcommand: string): Command {
  expect([[...npx], [...direct]]).toContainEqual(words.slice(0, 2));
  expect(words[2]).toBe(subcommand);
  const known = subcommand === 'batch' ? batchOptions : mergeOptions;
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 3; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-')) {
      positional.push(word);
      continue;
    }
    expect(Object.keys(known), `auspices ${subcommand} has no option ${word}`).toContain(word);
    expect(options.has(word), `${word} is given twice`).toBe(false);
    if (known[word]) {
      const value = words[++i];
      expect(value, `${word} needs a value`).toBeDefined();
      options.set(word, value!);
    } else options.set(word, true);
  }
  return { positional, options };
}

const option = (command: Command, name: string): string => {
  const value = command.options.get(name);
  expect(typeof value, `${name} is missing`).toBe('string');
  return value as string;
};

/** A shell glob with `*` only, as a regular expression. */
const globRegExp = (glob: string) =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`);

/** The index of run `k`'s shard boundaries: shard i of n holds [floor(i*N/n), floor((i+1)*N/n)). */
const shardRange = (i: number, n: number, runs: number) => {
  const from = Math.floor((i * runs) / n);
  const to = Math.floor(((i + 1) * runs) / n);
  return Array.from({ length: to - from }, (_, k) => from + k);
};

// Kubernetes ---------------------------------------------------------------------------------------------

interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly fieldRef?: { readonly fieldPath: string };
    readonly resourceFieldRef?: { readonly resource: string };
  };
}
interface Container {
  readonly name: string;
  readonly image: string;
  readonly workingDir?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}
interface Job {
  readonly apiVersion: string;
  readonly kind: 'Job';
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly spec: {
    readonly completionMode?: string;
    readonly completions?: number;
    readonly parallelism?: number;
    readonly backoffLimitPerIndex?: number;
    readonly podReplacementPolicy?: string;
    readonly template: {
      readonly spec: {
        readonly restartPolicy: string;
        readonly containers: readonly Container[];
        readonly volumes?: readonly {
          readonly name: string;
          readonly persistentVolumeClaim?: { readonly claimName: string };
        }[];
      };
    };
  };
}
interface Claim {
  readonly apiVersion: string;
  readonly kind: 'PersistentVolumeClaim';
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly spec: { readonly accessModes: readonly string[] };
}

const k8sText = readFileSync(join(dir, 'k8s-indexed-job.yaml'), 'utf8');
const k8sDocuments = parseAllDocuments(k8sText);
const k8sObjects = k8sDocuments.map((d) => d.toJS() as Job | Claim);
const jobs = k8sObjects.filter((o): o is Job => o.kind === 'Job');
const shardJob = jobs.find((j) => j.spec.completionMode === 'Indexed')!;
const mergeJob = jobs.find((j) => j !== shardJob)!;
const shardContainer = shardJob?.spec.template.spec.containers[0];
const mergeContainer = mergeJob?.spec.template.spec.containers[0];
/** The words a shard pod runs, before Kubernetes expands `$(VAR)`. */
const shardWords = [...(shardContainer?.command ?? []), ...(shardContainer?.args ?? [])];
const shard = parseCommand(shardWords, 'batch');
const shardCount = Number(/^\$\(JOB_COMPLETION_INDEX\)\/(\d+)$/.exec(option(shard, '--shard'))?.[1]);
/** The merge pod's shell script, as words (it only uses plain words and one glob). */
const mergeWords = (mergeContainer?.args ?? [])
  .join(' ')
  .replace(/^exec /, '')
  .trim()
  .split(/\s+/);
const merge = parseCommand(mergeWords, 'merge');

/** Expand `$(VAR)` the way the kubelet does; unresolved references stay as they are. */
const expand = (word: string, env: Readonly<Record<string, string>>) =>
  word.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (ref, name: string) => env[name] ?? ref);

/** The volume mounted at the directory holding `path`, and the claim behind it. */
function claimOf(job: Job, container: Container, path: string) {
  const mount = container.volumeMounts?.find((m) => path.startsWith(`${m.mountPath}/`));
  const volume = job.spec.template.spec.volumes?.find((v) => v.name === mount?.name);
  return { mountPath: mount?.mountPath, claim: volume?.persistentVolumeClaim?.claimName };
}

describe('examples/scale/k8s-indexed-job.yaml', () => {
  it('should parse as YAML documents: a claim and two batch/v1 Jobs', () => {
    expect(k8sDocuments.flatMap((d) => d.errors)).toEqual([]);
    expect(k8sObjects.map((o) => o.kind).sort()).toEqual(['Job', 'Job', 'PersistentVolumeClaim']);
    for (const job of jobs) {
      expect(job.apiVersion).toBe('batch/v1');
      expect(job.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(['Never', 'OnFailure']).toContain(job.spec.template.spec.restartPolicy);
      expect(job.spec.template.spec.containers).toHaveLength(1);
    }
    expect(shardJob).toBeDefined();
    expect(mergeJob).toBeDefined();
    expect(mergeJob.spec.completionMode ?? 'NonIndexed').toBe('NonIndexed');
  });

  it('should index the shard Job with one completion per shard', () => {
    expect(shardCount).toBeGreaterThan(1);
    expect(shardJob.spec.completions).toBe(shardCount);
    expect(shardJob.spec.parallelism).toBeGreaterThanOrEqual(1);
    expect(shardJob.spec.parallelism).toBeLessThanOrEqual(shardCount);
    // backoffLimitPerIndex requires restartPolicy: Never.
    expect(shardJob.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('should retry a failed shard a few times, never beside the pod it replaces, and resume it', () => {
    // Safe because every shard passes --resume: a retry goes on from the last run written.
    expect(shardJob.spec.backoffLimitPerIndex).toBeGreaterThanOrEqual(1);
    expect(shardJob.spec.backoffLimitPerIndex).toBeLessThanOrEqual(5);
    expect(shardJob.spec.podReplacementPolicy).toBe('Failed');
    expect(shard.options.get('--resume')).toBe(true);
  });

  it('should run the CLI itself in the shard pods, so that it gets the SIGTERM of a pod being stopped', () => {
    expect(shardContainer!.command).toEqual([...direct]);
  });

  it('should give the batch only the options of the contract, and each shard its own directory', () => {
    expect(shard.positional).toHaveLength(1);
    expect(Number(option(shard, '--runs'))).toBe(100_000);
    expect(option(shard, '--seed')).toBe('2020');
    expect(option(shard, '--out')).toContain('$(JOB_COMPLETION_INDEX)');
    expect(merge.positional).toHaveLength(1);
    expect(merge.options.has('--out')).toBe(true);
  });

  it('should only reference environment variables that the container declares', () => {
    const declared = new Map((shardContainer!.env ?? []).map((e) => [e.name, e]));
    for (const word of shardWords)
      for (const [, name] of word.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g))
        expect([...declared.keys()], `$(${name}) is not declared in env`).toContain(name);
    expect(declared.get('JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath).toBe(
      "metadata.annotations['batch.kubernetes.io/job-completion-index']",
    );
    expect(mergeContainer!.command).toEqual(['sh', '-c']);
    expect(mergeContainer!.args).toHaveLength(1);
  });

  it('should run a scenario and a what-if that exist', () => {
    const [file] = shard.positional;
    expect(existsSync(file!)).toBe(true);
    expect(Object.keys(loadScenarioSync(file!).data.whatIfs)).toContain(option(shard, '--what-if'));
  });

  it('should merge exactly the directories the shards write, on the same claim', () => {
    const out = option(shard, '--out');
    const [input] = merge.positional;
    const glob = globRegExp(input!);
    for (let i = 0; i < shardCount; i++)
      expect(expand(out, { JOB_COMPLETION_INDEX: String(i) })).toMatch(glob);
    expect(option(merge, '--out')).not.toMatch(glob);
    const written = claimOf(shardJob, shardContainer!, out);
    const read = claimOf(mergeJob, mergeContainer!, input!);
    expect(written.claim).toBeDefined();
    expect(read).toEqual(written);
    expect(claimOf(mergeJob, mergeContainer!, option(merge, '--out'))).toEqual(written);
    const claim = k8sObjects.find((o): o is Claim => o.kind === 'PersistentVolumeClaim');
    expect(claim?.metadata.name).toBe(written.claim);
    expect(claim?.spec.accessModes).toContain('ReadWriteMany');
  });

  it('should label the objects as the apply commands in its header select them', () => {
    const component = (o: Job | Claim) => o.metadata.labels?.['app.kubernetes.io/component'];
    for (const value of new Set(k8sObjects.map(component)))
      expect(k8sText).toContain(`-l app.kubernetes.io/component=${value}`);
    expect(k8sObjects.filter((o) => component(o) === 'shards').map((o) => o.metadata.name)).toContain(
      shardJob.metadata.name,
    );
    expect(component(mergeJob)).not.toBe('shards');
    expect(k8sText).toContain(`job/${shardJob.metadata.name}`);
  });

  it('should run the image that examples/scale/Dockerfile builds, in its working directory', () => {
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    const workdir = /^WORKDIR (\S+)$/m.exec(dockerfile)?.[1];
    const tag = /docker build -f examples\/scale\/Dockerfile -t (\S+) \./.exec(k8sText)?.[1];
    for (const container of [shardContainer!, mergeContainer!]) {
      expect(container.image).toBe(tag);
      expect(container.workingDir).toBe(workdir);
    }
    // The entrypoint is the CLI itself too, so that `docker stop` reaches it.
    expect(dockerfile).toContain(`ENTRYPOINT ["node", "${workdir}/${bin}"]`);
  });

  it('should render the command of the pod with index 7', () => {
    const env = { JOB_COMPLETION_INDEX: '7', WORKERS: '2' };
    expect(shardWords.map((w) => expand(w, env)).join(' ')).toBe(
      'node dist/cli/bin.js batch scenarios/karabakh/format-week-2020.yaml --what-if france-recognises' +
        ' --runs 100000 --seed 2020 --workers 2 --shard 7/20 --out /results/shard-7 --resume',
    );
  });
});

// Slurm --------------------------------------------------------------------------------------------------

/**
 * The line of a batch script that starts the CLI (`npx auspices ...` or `exec node dist/cli/bin.js ...`),
 * continuations joined, as shell words; with `exec` (the shell replaced by the CLI) as `exec`.
 */
function scriptCommand(text: string): { readonly exec: boolean; readonly words: string[] } {
  const line = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .find((l) => /^(exec )?(npx auspices|node dist\/cli\/bin\.js) /.test(l));
  expect(line, 'no line that starts the CLI').toBeDefined();
  const words = [...line!.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  const exec = words[0] === 'exec';
  return { exec, words: exec ? words.slice(1) : words };
}

const sbatch = (text: string, name: string) => new RegExp(`^#SBATCH --${name}=(\\S+)$`, 'm').exec(text)?.[1];

const arrayText = readFileSync(join(dir, 'slurm-array.sh'), 'utf8');
const mergeText = readFileSync(join(dir, 'slurm-merge.sh'), 'utf8');
const arrayCommand = scriptCommand(arrayText);
const slurmShard = parseCommand(arrayCommand.words, 'batch');
const slurmMerge = parseCommand(scriptCommand(mergeText).words, 'merge');

describe('examples/scale/slurm-array.sh and slurm-merge.sh', () => {
  it('should have an array of 0..n-1 for --shard i/n, and a worker per CPU', () => {
    const array = /^0-(\d+)$/.exec(sbatch(arrayText, 'array') ?? '');
    expect(array).not.toBeNull();
    expect(option(slurmShard, '--shard')).toBe(`$SLURM_ARRAY_TASK_ID/${Number(array![1]) + 1}`);
    expect(Number(sbatch(arrayText, 'cpus-per-task'))).toBeGreaterThanOrEqual(1);
    expect(option(slurmShard, '--workers')).toBe('$SLURM_CPUS_PER_TASK');
  });

  it('should always resume, and run the CLI as the task’s process, so that it gets Slurm’s SIGTERM', () => {
    expect(slurmShard.options.get('--resume')).toBe(true);
    expect(arrayText).not.toContain('AUSPICES_RESUME');
    expect(arrayCommand.exec).toBe(true);
    expect(arrayCommand.words.slice(0, 2)).toEqual([...direct]);
    // Resubmitting failed tasks is the same script, with no switch.
    expect(arrayText).toMatch(/\$\(sbatch --parsable --array=[\d,]+ examples\/scale\/slurm-array\.sh\)$/m);
  });

  it('should run the same sweep as the Kubernetes example', () => {
    expect(slurmShard.positional).toEqual(shard.positional);
    for (const name of ['--what-if', '--runs', '--seed'])
      expect(option(slurmShard, name)).toBe(option(shard, name));
    expect(option(slurmShard, '--shard').split('/')[1]).toBe(String(shardCount));
  });

  it('should merge exactly the directories the array tasks write, after all of them succeed', () => {
    const out = option(slurmShard, '--out');
    expect(out).toContain('$SLURM_ARRAY_TASK_ID');
    expect(slurmMerge.positional).toHaveLength(1);
    const glob = globRegExp(slurmMerge.positional[0]!);
    for (let i = 0; i < shardCount; i++) expect(out.replace('$SLURM_ARRAY_TASK_ID', String(i))).toMatch(glob);
    expect(option(slurmMerge, '--out')).not.toMatch(glob);
    expect(arrayText).toMatch(/sbatch --dependency=afterok:\S+ examples\/scale\/slurm-merge\.sh/);
    for (const text of [arrayText, mergeText]) expect(text).toMatch(/^cd "\$SLURM_SUBMIT_DIR"$/m);
  });
});

// A small sweep, for real --------------------------------------------------------------------------------

const smallRuns = 12;
const smallShards = 3;
let root = '';

function cli(words: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...words], { encoding: 'utf8', timeout: 60_000 });
}

/** Exit 0, or fail with what the command printed. */
function expectOk(result: SpawnSyncReturns<string>, what: string) {
  expect(result.error, what).toBeUndefined();
  expect(result.status, `${what}\n${result.stderr}`).toBe(0);
}

/**
 * The shard Job's command as pod `i` would run it, for a sweep of `smallRuns` runs in `smallShards` shards
 * under `root` instead of the volume: `npx auspices` is the package's bin.
 */
function renderShard(i: number): string[] {
  const mountPath = claimOf(shardJob, shardContainer!, option(shard, '--out')).mountPath!;
  const env = { JOB_COMPLETION_INDEX: String(i), WORKERS: String(1 + (i % 2)) };
  const words = shardWords.slice(2).map((w) => expand(w, env));
  const set = (name: string, value: string) => {
    words[words.indexOf(name) + 1] = value;
  };
  set('--runs', String(smallRuns));
  set('--shard', `${i}/${smallShards}`);
  set(
    '--out',
    root + option(shard, '--out').slice(mountPath.length).replace('$(JOB_COMPLETION_INDEX)', String(i)),
  );
  expect(words.join(' ')).not.toContain('$(');
  return words;
}

const readText = (path: string) => readFileSync(path, 'utf8');
const indices = (runDir: string) =>
  readText(join(runDir, 'results.jsonl'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { index: number }).index);

describe('the Kubernetes shard command, rendered for 12 runs in 3 shards and run (one of them twice)', () => {
  const shardDirs: string[] = [];
  let single = '';
  let merged = '';

  beforeAll(() => {
    if (!existsSync(bin)) {
      const build = spawnSync('npm', ['run', '-s', 'build'], { encoding: 'utf8', stdio: 'inherit' });
      if (build.status !== 0) throw new Error('`npm run -s build` failed; this test needs dist/cli/bin.js');
    }
    root = mkdtempSync(join(tmpdir(), 'auspices-scale-'));
    single = join(root, 'single');
    merged = join(root, 'merged');
  });

  afterAll(() => {
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  it('should run `npx auspices` as the package bin', () => {
    const pkg = JSON.parse(readText('package.json')) as { name: string; bin: Record<string, string> };
    expect(pkg.name).toBe('auspices');
    expect(pkg.bin.auspices).toBe(bin);
  });

  it('should write each shard its contiguous range of runs', () => {
    for (let i = 0; i < smallShards; i++) {
      const words = renderShard(i);
      expectOk(cli(words), `shard ${i}: ${words.join(' ')}`);
      const out = words[words.indexOf('--out') + 1]!;
      shardDirs.push(out);
      for (const file of runDirFiles) expect(existsSync(join(out, file)), `${out}/${file}`).toBe(true);
      expect(indices(out)).toEqual(shardRange(i, smallShards, smallRuns));
    }
  });

  it('should leave a shard as it was when its command runs again, as a retried pod or task runs it', () => {
    const words = renderShard(1);
    const out = shardDirs[1]!;
    expect(words[words.indexOf('--out') + 1]).toBe(out);
    const results = readText(join(out, 'results.jsonl'));
    expectOk(cli(words), `shard 1 again: ${words.join(' ')}`);
    expect(readText(join(out, 'results.jsonl'))).toBe(results);
    const manifest = JSON.parse(readText(join(out, 'manifest.json'))) as {
      status: string;
      completed: number;
    };
    expect(manifest).toMatchObject({
      status: 'complete',
      completed: shardRange(1, smallShards, smallRuns).length,
    });
  });

  it('should refuse an unknown what-if with exit 2, before writing anything', () => {
    const words = renderShard(0);
    const out = join(root, 'unknown-what-if');
    words[words.indexOf('--what-if') + 1] = 'no-such-what-if';
    words[words.indexOf('--out') + 1] = out;
    const result = cli(words);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('no-such-what-if');
    expect(existsSync(out)).toBe(false);
  });

  it('should merge the shards through the merge Job’s glob', () => {
    const [glob] = merge.positional;
    const mountPath = claimOf(mergeJob, mergeContainer!, glob!).mountPath!;
    const local = (path: string) => root + path.slice(mountPath.length);
    const pattern = globRegExp(local(glob!));
    const inputs = readdirSync(root)
      .map((name) => join(root, name))
      .filter((path) => pattern.test(path))
      .sort();
    expect(inputs).toEqual([...shardDirs].sort());
    const out = local(option(merge, '--out'));
    expect(out).toBe(merged);
    expectOk(cli(['merge', ...inputs, '--out', out]), 'merge');
    for (const file of runDirFiles) expect(existsSync(join(out, file)), `merged/${file}`).toBe(true);
  });

  it('should give the same summary.json and results.jsonl, byte for byte, as the batch on one machine', () => {
    const words = renderShard(0);
    words.splice(words.indexOf('--shard'), 2);
    words[words.indexOf('--out') + 1] = single;
    words[words.indexOf('--workers') + 1] = '2';
    expectOk(cli(words), `unsharded: ${words.join(' ')}`);
    expect(indices(single)).toEqual(shardRange(0, 1, smallRuns));
    for (const file of ['summary.json', 'results.jsonl'])
      expect(readText(join(merged, file)), file).toBe(readText(join(single, file)));
    expect((JSON.parse(readText(join(merged, 'summary.json'))) as { runs: number }).runs).toBe(smallRuns);
  });

  it('should refuse, with exit 2, shards that leave runs out or cover some twice', () => {
    for (const inputs of [shardDirs.slice(0, -1), [...shardDirs, shardDirs[0]!]]) {
      const result = cli(['merge', ...inputs, '--out', join(root, 'refused')]);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).not.toBe('');
      expect(result.stderr).not.toContain('    at ');
    }
  });
});
