import { z } from 'zod';

/** A public source for a claim: an http(s) URL, which reports turn into a link. */
export const sourceUrl = z
  .url({ protocol: /^https?$/ })
  .describe('a public source for the claim: an http(s) URL');
