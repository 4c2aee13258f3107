import { join } from 'node:path';
import type { BatchSummary } from '../stats/batch.js';
import type { Comparison } from '../stats/compare.js';
import { BatchInputError } from './errors.js';
import { dirEntries, makeRunDir, writeRunFile } from './manifest.js';

/** The files `compare --out` writes. */
const COMPARE_FILES = ['report.html', 'compare.json'] as const;

/**
 * Make the directory `compare --out` writes to, before any run: it must be new, empty, or hold only an
 * earlier comparison's files (which are replaced). Anything else is a `BatchInputError` (exit 2).
 */
export function prepareCompareDir(dir: string): void {
  if (makeRunDir(dir)) return;
  const others = dirEntries(dir).filter((name) => !(COMPARE_FILES as readonly string[]).includes(name));
  if (others.length > 0)
    throw new BatchInputError(
      `${dir}: the directory holds other files (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}); choose a new or empty directory for --out`,
    );
}

/**
 * Write a comparison's `report.html` (charts drawn here, loaded on first use) and `compare.json` (what
 * `compare --format json` prints) into `dir`.
 */
export async function writeCompareReport(
  dir: string,
  comparison: Comparison,
  summaries: readonly BatchSummary[],
): Promise<void> {
  const { renderCompareHtml } = await import('../report/compare-html.js');
  const { renderComparison } = await import('../report/compare-report.js');
  writeRunFile(join(dir, 'compare.json'), renderComparison(comparison, 'json'));
  writeRunFile(join(dir, 'report.html'), renderCompareHtml(comparison, summaries));
}
