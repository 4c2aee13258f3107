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
});
