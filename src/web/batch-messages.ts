import { z } from 'zod';
import type { BatchSummary } from '../core.js';

/** What the page asks the batch worker: run `runs` runs of the scenario text, as the CLI's `batch` would. */
export const batchRequestSchema = z.object({
  text: z.string().max(2_000_000),
  file: z.string(),
  whatIf: z.string().nullable(),
  runs: z.number().int().min(1).max(10_000),
  seed: z.number().int().refine(Number.isSafeInteger),
});

/** A batch request, checked at the worker's boundary. */
export type BatchRequest = z.infer<typeof batchRequestSchema>;

/** What the worker answers: progress, then the summary or an error. */
export type BatchReply =
  | { readonly type: 'progress'; readonly done: number; readonly runs: number }
  | { readonly type: 'done'; readonly summary: BatchSummary; readonly ms: number }
  | { readonly type: 'error'; readonly message: string };
