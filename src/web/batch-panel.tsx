import { useCallback, useEffect, useRef, useState } from 'react';
import type { BatchSummary } from '../core.js';
import { outcomeChart } from './batch-chart.js';
import type { BatchReply, BatchRequest } from './batch-messages.js';
// Inlined into the page's own script: a worker in a file of its own would be fetched only when a batch
// starts, and so fail on a page that has gone offline since it was opened.
import BatchWorker from './batch-worker.ts?worker&inline';
import { DownloadLink } from './download-link.js';

/** Props of the batch panel: the scenario text to run and the what-if chosen on the page. */
export interface BatchPanelProps {
  readonly text: string;
  readonly file: string;
  readonly whatIf: string | null;
  readonly seed: number;
}

type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly done: number; readonly runs: number }
  | { readonly kind: 'done'; readonly summary: BatchSummary; readonly ms: number }
  | { readonly kind: 'error'; readonly message: string };

/** Runs a small batch in a Web Worker and charts how often each outcome was reached. */
export function BatchPanel({ text, file, whatIf, seed }: BatchPanelProps) {
  const [runs, setRuns] = useState(200);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const worker = useRef<Worker | null>(null);
  const chart = useRef<HTMLDivElement>(null);

  useEffect(() => () => worker.current?.terminate(), []);
  // A batch belongs to the scenario and what-if it ran: clear it when they change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on input change only
  useEffect(() => {
    worker.current?.terminate();
    worker.current = null;
    setStatus({ kind: 'idle' });
  }, [text, file, whatIf, seed]);
  useEffect(() => {
    const box = chart.current;
    if (!box) return;
    box.replaceChildren();
    if (status.kind === 'done' && status.summary.outcomes.length > 0)
      box.append(outcomeChart(status.summary));
  }, [status]);

  const summaryJson = useCallback(
    // As `auspices batch` writes its summary.json.
    () =>
      status.kind === 'done'
        ? `${JSON.stringify({ format: 'auspices.batch-summary', formatVersion: 1, ...status.summary }, null, 2)}\n`
        : '',
    [status],
  );

  const start = () => {
    worker.current?.terminate();
    let w: Worker;
    try {
      w = new BatchWorker();
    } catch (error) {
      setStatus({
        kind: 'error',
        message: `this browser would not start a worker (${(error as Error).message})`,
      });
      return;
    }
    worker.current = w;
    w.onmessage = (event: MessageEvent<BatchReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') setStatus({ kind: 'running', done: reply.done, runs: reply.runs });
      else {
        setStatus(
          reply.type === 'done'
            ? { kind: 'done', summary: reply.summary, ms: reply.ms }
            : { kind: 'error', message: reply.message },
        );
        w.terminate();
        if (worker.current === w) worker.current = null;
      }
    };
    // A script that fails to load gives an event with no message; one that throws gives its message.
    w.onerror = (event) =>
      setStatus({
        kind: 'error',
        message:
          event.message ||
          `the worker's script could not be loaded${navigator.onLine ? '' : ' (the browser is offline)'}; reload the page`,
      });
    setStatus({ kind: 'running', done: 0, runs });
    const request: BatchRequest = { text, file, whatIf, runs, seed };
    w.postMessage(request);
  };

  return (
    <section className="panel batch" aria-labelledby="batch-title">
      <h2 id="batch-title">Many runs</h2>
      <p className="hint">
        Run the scenario many times on different seeds (run <i>i</i> gets seed <code>runSeed({seed}, i)</code>
        , as <code>auspices batch</code> does) and see how often each outcome happens.
      </p>
      <div className="row">
        <label>
          Runs{' '}
          <input
            type="number"
            min={1}
            max={5000}
            value={runs}
            onChange={(e) => setRuns(Math.max(1, Math.min(5000, Number(e.target.value) || 1)))}
          />
        </label>
        <button type="button" onClick={start} disabled={status.kind === 'running'}>
          Run batch
        </button>
        <span role="status">
          {status.kind === 'running' && `running: ${status.done} of ${status.runs}`}
          {status.kind === 'done' &&
            `${status.summary.runs} runs in ${(status.ms / 1000).toFixed(1)} s; ${status.summary.moves.refused} refused moves a run on average`}
          {status.kind === 'error' && `batch failed: ${status.message}`}
        </span>
        {status.kind === 'done' && (
          <DownloadLink
            name={`${status.summary.scenario.id}-summary.json`}
            type="application/json"
            content={summaryJson}
          >
            Download the summary (JSON)
          </DownloadLink>
        )}
      </div>
      <div ref={chart} className="chart" data-testid="batch-chart" />
      {status.kind === 'done' && status.summary.outcomes.length === 0 && (
        <p>The scenario names no outcomes.</p>
      )}
    </section>
  );
}
