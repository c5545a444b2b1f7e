import type { IncomingMessage } from 'node:http';
import { type Readable, type Transform, pipeline } from 'node:stream';
import { TextDecoder } from 'node:util';
import zlib from 'node:zlib';

export class BodyTooLarge extends Error {}

function decompressor(encoding: string): Transform | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return undefined;
}

// Decompressed bytes are what count: a small gzip can unpack to gigabytes. pipeline, not pipe, so
// that a response cut by the deadline ends the read instead of leaving it waiting.
function decoded(res: IncomingMessage): Readable {
  const unpack = decompressor(String(res.headers['content-encoding'] ?? '').trim().toLowerCase());
  return unpack ? pipeline(res, unpack, () => undefined) : res;
}

/** Reads a response body, decompressed, stopping (and throwing BodyTooLarge) past maxBytes. */
export async function readLimited(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new BodyTooLarge();
  }
  const stream = decoded(res);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw new BodyTooLarge();
      chunks.push(chunk as Buffer);
    }
  } finally {
    if (total > maxBytes || !res.complete) res.destroy();
  }
  return Buffer.concat(chunks);
}

function charsetFrom(text: string): string | undefined {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(text)?.[1];
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

/**
 * Bytes to text the way a browser would, in brief: a byte-order mark, else the Content-Type charset,
 * else a <meta> charset in the first 1024 bytes, else UTF-8. Russian and Ukrainian sites still
 * serve windows-1251 and KOI8-R.
 */
export function decodeBody(body: Buffer, contentType: string): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return new TextDecoder('utf-8').decode(body);
  if (body[0] === 0xfe && body[1] === 0xff) return new TextDecoder('utf-16be').decode(body);
  if (body[0] === 0xff && body[1] === 0xfe) return new TextDecoder('utf-16le').decode(body);
  const head = body.subarray(0, 1024).toString('latin1');
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  // A page readable as ASCII up to its <meta> cannot be UTF-16, whatever it says (as browsers decide).
  const meta = declared && /^utf-?16/i.test(declared) ? 'utf-8' : declared;
  const decoder = decoderFor(charsetFrom(contentType)) ?? decoderFor(meta) ?? new TextDecoder('utf-8');
  return decoder.decode(body);
}
