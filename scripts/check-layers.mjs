// Checks DESIGN.md section 4: imports run one way between the layers of src/, the pure core touches no
// I/O, and there are no import cycles. Exits 1 with one line per violation.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const order = [
  'model',
  'regions',
  'machines',
  'kernel',
  'steppers',
  'agents',
  'scenario',
  'sim',
  'explore',
  'stability',
  'play',
  'stats',
  'report',
  // Live exercises: the log of commands, its views and its review.
  'exercise',
  // The zod schemas of the JSON outputs, checked against the types of the layers before it.
  'outputs',
];
// The Node edge: batches (worker threads, run directories). It may use I/O and import the core;
// the core may not import it.
const edges = ['batch', 'serve', 'mcp'];
const leaves = ['cli', 'web', 'testing'];
const root = resolve('src');
const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.tsx?$/.test(e.name)) files.push(p);
  }
};
walk(root);

const layerOf = (file) => relative(root, file).split('/')[0];
const problems = [];
const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const from = layerOf(file);
  const deps = [];
  for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const spec = m[1];
    if (
      order.includes(from) &&
      (spec.startsWith('node:') || ['fs', 'path', 'child_process'].includes(spec))
    ) {
      if (!relative(root, file).endsWith('scenario/read-file.ts'))
        problems.push(`${relative('.', file)}: the pure core imports ${spec}`);
    }
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
    deps.push(target);
    const to = layerOf(target);
    if (leaves.includes(to) && to !== from) problems.push(`${relative('.', file)}: imports the leaf ${to}/`);
    // auspices/core is the browser-safe entry: no Node edge, no file reading.
    if (relative(root, file) === 'core.ts' && (edges.includes(to) || target.endsWith('read-file.ts')))
      problems.push(`${relative('.', file)}: the browser-safe entry imports ${relative(root, target)}`);
    if (edges.includes(to) && order.includes(from))
      problems.push(`${relative('.', file)}: the pure core imports the Node edge ${to}/`);
    if (order.includes(from) && order.includes(to) && order.indexOf(to) > order.indexOf(from)) {
      problems.push(
        `${relative('.', file)}: ${from}/ imports ${to}/, against the layer order ${order.join(' <- ')}`,
      );
    }
  }
  graph.set(file, deps);
  if (order.includes(from) && !relative(root, file).endsWith('scenario/read-file.ts')) {
    for (const m of text.matchAll(/Math\.random\(|Date\.now\(|new Date\(\)|\bprocess\./g)) {
      problems.push(`${relative('.', file)}: the pure core uses ${m[0]}`);
    }
  }
}
const state = new Map();
const stack = [];
const visit = (f) => {
  state.set(f, 'open');
  stack.push(f);
  for (const d of graph.get(f) ?? []) {
    if (state.get(d) === 'open')
      problems.push(
        `import cycle: ${[...stack.slice(stack.indexOf(d)), d].map((x) => relative('.', x)).join(' -> ')}`,
      );
    else if (!state.has(d) && graph.has(d)) visit(d);
  }
  stack.pop();
  state.set(f, 'done');
};
for (const f of graph.keys()) if (!state.has(f)) visit(f);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`layers ok: ${files.length} files, no cycles`);
