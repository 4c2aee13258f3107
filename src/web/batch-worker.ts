/// <reference lib="webworker" />
import { batchRecord, runScenario, runSeed, summaryAccumulator } from '../core.js';
import { type BatchReply, batchRequestSchema } from './batch-messages.js';
import { validate } from './scenarios.js';

const post = (reply: BatchReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply);

/** Runs a batch off the page's thread: run `i` gets seed `runSeed(seed, i)`, as in `auspices batch`. */
self.onmessage = (event: MessageEvent<unknown>) => {
  const request = batchRequestSchema.safeParse(event.data);
  if (!request.success) {
    post({ type: 'error', message: `bad batch request: ${request.error.message}` });
    return;
  }
  const { text, file, whatIf, runs, seed } = request.data;
  const checked = validate(text, file);
  if (!checked.ok) {
    post({ type: 'error', message: 'the scenario does not validate' });
    return;
  }
  try {
    const { scenario } = checked;
    const started = performance.now();
    const meta = {
      scenario: { id: scenario.data.id, title: scenario.data.title, hash: scenario.hash },
      whatIf,
      seed,
      engine: 'kernel',
    };
    const summary = summaryAccumulator(scenario.data, meta);
    for (let i = 0; i < runs; i++) {
      const result = runScenario(scenario, { seed: runSeed(seed, i), whatIf: whatIf ?? undefined });
      summary.add(batchRecord(result, i));
      if ((i + 1) % 20 === 0 && i + 1 < runs) post({ type: 'progress', done: i + 1, runs });
    }
    post({ type: 'done', summary: summary.summary(), ms: Math.round(performance.now() - started) });
  } catch (error) {
    post({ type: 'error', message: (error as Error).message });
  }
};
