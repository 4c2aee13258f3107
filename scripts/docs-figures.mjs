// Regenerates the figures of docs/trainers.md from a real batch: `node scripts/docs-figures.mjs`
// (after `npm run build`). Each figure is one chart of the batch's report.html, as a standalone SVG.
import { writeFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { loadScenarioSync, renderBatchHtml, runBatch, summaryAccumulator } from '../dist/index.js';

const file = 'scenarios/karabakh/what-ifs/co-chairs-may-convene.yaml';
const scenario = loadScenarioSync(file);
const figures = [];
for (const whatIf of [null, 'france-recognises']) {
  const accumulator = summaryAccumulator(scenario.data, {
    scenario: { id: scenario.data.id, title: scenario.data.title, hash: scenario.hash },
    whatIf,
    seed: 2020,
    engine: 'kernel',
  });
  for await (const record of runBatch(scenario, { runs: 1000, seed: 2020, whatIf: whatIf ?? undefined }))
    accumulator.add(record);
  const { document } = parseHTML(renderBatchHtml(accumulator.summary()));
  const svgs = [...document.querySelectorAll('figure > svg')];
  const name = whatIf ?? 'base';
  // The first chart is the outcome distribution, the second the time to key events (the legends' keys
  // are small SVGs inside the figure's list, not its charts).
  figures.push(
    [`docs/img/trainers-${name}-outcomes.svg`, svgs[0]],
    [`docs/img/trainers-${name}-key-events.svg`, svgs[1]],
  );
}
for (const [path, svg] of figures) {
  if (!svg) throw new Error(`docs-figures: the report has no chart for ${path}`);
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  writeFileSync(path, `${svg.outerHTML}\n`);
  console.log(`wrote ${path}`);
}
