import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script of the benchmark, without types.
import { firstDisagreement } from '../../bench/agree.mjs';
// @ts-expect-error: a plain ESM script of the benchmark, without types.
import { flagshipStream } from '../../bench/stream.mjs';

describe('the benchmark reference reducer', () => {
  it('should reach the same world as the kernel and XState after every event of a flagship stream', () => {
    const { start, walks, accepted, total } = flagshipStream({ walks: 40, length: 150, seed: 7 });
    expect(accepted).toBeGreaterThan(total / 2);
    expect(accepted).toBeLessThan(total);
    expect(firstDisagreement(start, walks)).toBeNull();
  });
});
