import type { WorldInvariant } from './invariant.js';
import { formatById } from './invariant.js';
import { settledTexts } from './queries.js';
import { defineRegion } from './region-module.js';

/**
 * The disputed territory's status: in limbo until every party signs a settlement, interim or final.
 * It has no moves of its own; settlements are signed at the talks.
 */
export const statusRegion = defineRegion({
  id: 'status',
  label: 'Status',
  description:
    "The disputed territory's status: limbo until the parties sign an interim or final settlement.",
  requires: ['talks'],
  events: {},
  tracks: [
    {
      alias: 'status',
      path: 'status',
      label: 'Status',
      states: ['limbo', 'interim', 'final'],
      initial: 'limbo',
    },
  ],
  nodes: {
    status: {
      initial: 'limbo',
      states: {
        limbo: {
          always: [
            { target: 'final', guard: 'hasFinalSettlement' },
            { target: 'interim', guard: 'hasInterimSettlement' },
          ],
        },
        interim: { always: { target: 'final', guard: 'hasFinalSettlement' } },
        final: {},
      },
    },
  },
  checks: {
    hasInterimSettlement: {
      rule: 'R5',
      code: 'settlement/interim',
      test: (ctx) => settledTexts(ctx).some((s) => s.status === 'interim'),
      why: () => 'no interim settlement is signed by every party',
    },
    hasFinalSettlement: {
      rule: 'R5',
      code: 'settlement/final',
      test: (ctx) => settledTexts(ctx).some((s) => s.status === 'final'),
      why: () => 'no final settlement is signed by every party',
    },
  },
  story: ({ regions }) => ({ status: regions.status! }),
  summary: {
    rank: 30,
    lines: ({ story, label }) => (story.status === undefined ? [] : [[label('status'), story.status]]),
  },
  invariants: [
    {
      id: 'I5',
      text: 'status leaves limbo only through an agreement every party signs',
      kind: 'step',
      check: ({ before, after }) => {
        const from = before.value.status;
        const to = after.value.status;
        if (from === to) return null;
        if (from === 'final' || (from === 'interim' && to !== 'final'))
          return `status went back from ${from} to ${to}`;
        const ctx = after.context;
        const parties = formatById(ctx, ctx.activeFormat)!.parties;
        const agreed = [...new Set(ctx.signatures.map((s) => s.text))].filter(
          (text) =>
            parties.length > 0 &&
            parties.every((p) => ctx.signatures.some((s) => s.by === p && s.text === text)),
        );
        return agreed.length > 0
          ? null
          : `status moved from ${from} to ${to} with no text signed by every party`;
      },
    },
  ] satisfies WorldInvariant[],
});
