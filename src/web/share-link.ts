import { z } from 'zod';

/** The fragment's prefix: `#scenario=1.` then the compressed scenario (the `1` is the format's version). */
const prefix = '#scenario=1.';

/** The longest fragment a link may carry, in characters; the flagship takes about 30,000. */
export const maxLinkChars = 200_000;

/** The most text a link may unpack to, in bytes (a link cannot expand into more than this). */
const maxSharedBytes = 2_000_000;

const sharedSchema = z.object({
  file: z.string().min(1).max(500),
  text: z.string(),
  seed: z.number().int().refine(Number.isSafeInteger).optional(),
  whatIf: z.string().nullable().optional(),
});

/** A scenario shared as a link: its text, the file it was read as (for `extends:`), the seed and what-if. */
export type SharedScenario = z.infer<typeof sharedSchema>;

/** What a link's fragment held: nothing to load, a scenario, or why it cannot be loaded. */
export type SharedLink =
  | { readonly kind: 'none' }
  | { readonly kind: 'scenario'; readonly shared: SharedScenario }
  | { readonly kind: 'bad'; readonly message: string };

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it has characters that base64url does not use');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflate, stopping as soon as the output passes `limit` bytes (a small link must not unpack into gigabytes). */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`it unpacks to more than ${limit.toLocaleString('en')} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The fragment (`#scenario=1.…`) of a link that opens the playground on this scenario. */
export async function shareFragment(shared: SharedScenario): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(shared));
  return `${prefix}${toBase64Url(await deflate(json))}`;
}

/** Read a link's fragment (`location.hash`). Never throws: a broken or too long link says why. */
export async function readShareFragment(hash: string): Promise<SharedLink> {
  if (!hash.startsWith('#scenario=')) return { kind: 'none' };
  if (hash.length > maxLinkChars)
    return {
      kind: 'bad',
      message: `This link is too long to open (${hash.length.toLocaleString('en')} characters; the playground reads at most ${maxLinkChars.toLocaleString('en')}). Ask for the scenario file instead.`,
    };
  if (!hash.startsWith(prefix))
    return {
      kind: 'bad',
      message: 'This link was made by another version of the playground, which this one cannot read.',
    };
  try {
    const bytes = await inflate(fromBase64Url(hash.slice(prefix.length)), maxSharedBytes);
    const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    const checked = sharedSchema.safeParse(json);
    if (!checked.success) throw new Error('it does not hold a scenario');
    return { kind: 'scenario', shared: checked.data };
  } catch (error) {
    const why = (error as Error).message.startsWith('it ')
      ? (error as Error).message
      : 'it is not a link the playground made';
    return {
      kind: 'bad',
      message: `This link is broken (${why}); it may have been cut short when it was copied. The page shows your own work instead.`,
    };
  }
}
