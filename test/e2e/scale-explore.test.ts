import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exploreAnswers, finished } from '../support/explore-answers.js';

/**
 * The examples that explore on several machines (examples/scale/k8s-explore-job.yaml and
 * slurm-explore.sh, docs/scale.md): checked as manifests, then rendered for a smaller search and run for
 * real, every shard at once, and compared with the same search in one process.
 */
const bin = 'dist/cli/bin.js';

/** The options of `auspices explore` the examples may use, and whether each takes a value. */
const exploreOptions: Readonly<Record<string, boolean>> = {
  '--depth': true,
  '--max-states': true,
  '--actors': true,
  '--shard': true,
  '--exchange': true,
  '--shard-wait': true,
  '--out': true,
};

/** The options given to `node dist/cli/bin.js explore <file> ...`, refusing any the list above lacks. */
function parseExplore(words: readonly string[]): { file: string; options: Map<string, string> } {
  expect(words.slice(0, 3)).toEqual(['node', bin, 'explore']);
  const options = new Map<string, string>();
  for (let i = 4; i < words.length; i++) {
    const word = words[i]!;
    expect(Object.keys(exploreOptions), `auspices explore has no option ${word}`).toContain(word);
    expect(options.has(word), `${word} is given twice`).toBe(false);
    options.set(word, words[++i]!);
  }
  return { file: words[3]!, options };
}

/** The same search in one process, as JSON; both examples search the flagship, so it runs once. */
const searches = new Map<string, SpawnSyncReturns<string>>();
const alone = (file: string, depth: string) => {
  const key = `${file} ${depth}`;
  if (!searches.has(key))
    searches.set(
      key,
      spawnSync(
        process.execPath,
        [bin, 'explore', file, '--depth', depth, '--json', '--out', mkdtempSync(join(tmpdir(), 'alone-'))],
        { encoding: 'utf8' },
      ),
    );
  return searches.get(key)!;
};

describe('examples/scale/k8s-explore-job.yaml', () => {
  const docs = parseAllDocuments(readFileSync('examples/scale/k8s-explore-job.yaml', 'utf8')).map(
    (d) => d.toJS() as { kind: string; metadata: { name: string }; spec: unknown },
  );
  const job = docs.find((d) => d.kind === 'Job')!.spec as {
    completionMode: string;
    completions: number;
    parallelism: number;
    template: {
      spec: {
        volumes: { persistentVolumeClaim: { claimName: string } }[];
        containers: {
          command: string[];
          args: string[];
          env: { name: string; valueFrom: { fieldRef: { fieldPath: string } } }[];
        }[];
      };
    };
  };
  const claimDoc = docs.find((d) => d.kind === 'PersistentVolumeClaim')!;
  const claim = { name: claimDoc.metadata.name, ...(claimDoc.spec as { accessModes: string[] }) };
  const container = job.template.spec.containers[0]!;

  it('runs every shard at once, on one shared volume, with a fresh exchange folder per Job', () => {
    expect(job.completionMode).toBe('Indexed');
    expect(job.parallelism).toBe(job.completions);
    expect(claim.accessModes).toEqual(['ReadWriteMany']);
    expect(job.template.spec.volumes[0]!.persistentVolumeClaim.claimName).toBe(claim.name);
    const { options } = parseExplore([...container.command, ...container.args]);
    expect(options.get('--shard')).toBe(`$(JOB_COMPLETION_INDEX)/${job.completions}`);
    expect(options.get('--exchange')).toMatch(/^\/results\/.*\$\(JOB_UID\)/);
    const env = new Map(container.env.map((e) => [e.name, e.valueFrom.fieldRef.fieldPath]));
    expect(env.get('JOB_COMPLETION_INDEX')).toBe(
      "metadata.annotations['batch.kubernetes.io/job-completion-index']",
    );
    expect(env.get('JOB_UID')).toBe("metadata.labels['batch.kubernetes.io/controller-uid']");
  });

  it('gives, rendered to depth 2 and run as its pods would, the report of one process', async () => {
    const volume = mkdtempSync(join(tmpdir(), 'k8s-explore-'));
    const pods = Array.from({ length: job.completions as number }, (_, i) => {
      const words = [...container.command, ...container.args].map((w) =>
        w
          .replaceAll('$(JOB_COMPLETION_INDEX)', String(i))
          .replaceAll('$(JOB_UID)', 'test-uid')
          .replace(/^\/results/, volume),
      );
      const { file, options } = parseExplore(words);
      options.set('--depth', '2');
      return { file, options };
    });
    const done = await Promise.all(
      pods.map(({ file, options }) =>
        finished(process.execPath, [bin, 'explore', file, ...[...options].flat(), '--json']),
      ),
    );
    done.forEach((d, i) => expect(d.code, `pod ${i}: ${d.stderr}`).toBe(0));
    const one = alone(pods[0]!.file, '2');
    expect(one.status, one.stderr).toBe(0);
    expect(exploreAnswers(done[0]!.stdout)).toEqual(exploreAnswers(one.stdout));
    expect(done.slice(1).map((d) => d.stdout)).toEqual(done.slice(1).map(() => ''));
  });
});

describe('examples/scale/slurm-explore.sh', () => {
  const script = readFileSync('examples/scale/slurm-explore.sh', 'utf8');
  const inner = /srun bash -c '([\s\S]*?)'\n/.exec(script)?.[1];

  it('starts its tasks together with srun, one shard each, in a folder of its own', () => {
    expect(script).toMatch(/^#SBATCH --ntasks=(\d+)$/m);
    expect(script).not.toMatch(/#SBATCH --array/);
    expect(inner).toMatch(/^exec node dist\/cli\/bin\.js explore /);
    expect(inner).toContain('--shard "$SLURM_PROCID/$SLURM_NTASKS"');
    expect(inner).toContain('--exchange "results/explore-$SLURM_JOB_ID"');
  });

  it('gives, rendered to depth 2 and run as srun would, the report of one process', async () => {
    const tasks = Number(/^#SBATCH --ntasks=(\d+)$/m.exec(script)![1]);
    const results = mkdtempSync(join(tmpdir(), 'slurm-explore-'));
    const command = `${inner!.replace('--depth 4', '--depth 2').replaceAll('results/', `${results}/`)} --json`;
    const done = await Promise.all(
      Array.from({ length: tasks }, (_, i) =>
        finished('bash', ['-c', command], {
          SLURM_PROCID: String(i),
          SLURM_NTASKS: String(tasks),
          SLURM_JOB_ID: '42',
        }),
      ),
    );
    done.forEach((d, i) => expect(d.code, `task ${i}: ${d.stderr}`).toBe(0));
    const one = alone('scenarios/karabakh/format-week-2020.yaml', '2');
    expect(one.status, one.stderr).toBe(0);
    expect(exploreAnswers(done[0]!.stdout)).toEqual(exploreAnswers(one.stdout));
  });
});
