import type { Request } from 'express';

export type OriginCheck = (req: Request) => boolean | undefined;

/**
 * Where the browser says a POST came from: this site (true), another (false), or nothing said.
 * Origins are compared whole (scheme, host and port). This site is PUBLIC_URL's origin, which a
 * proxy that rewrites Host cannot hide, or the origin Express sees the request arrive at, for a
 * setup without PUBLIC_URL.
 */
export function originCheck(publicUrl: string): OriginCheck {
  const publicOrigin = new URL(publicUrl).origin;
  return (req) => {
    const source = req.get('origin') ?? req.get('referer');
    if (!source) return undefined;
    let origin: string;
    try {
      origin = new URL(source).origin;
    } catch {
      return false;
    }
    if (origin === 'null') return false; // opaque origins: sandboxed frames, data: pages
    return origin === publicOrigin || origin === requestOrigin(req);
  };
}

function requestOrigin(req: Request): string | undefined {
  const host = req.get('host');
  if (!host) return undefined;
  try {
    return new URL(`${req.protocol}://${host}`).origin;
  } catch {
    return undefined;
  }
}
