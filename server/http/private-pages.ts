import type { RequestHandler, Response } from 'express';

/**
 * Whatever a signed-in editor is sent (drafts, the tip queue with readers' addresses) stays out of
 * every cache, the browser's included. Decided as the headers are written, by whoever is signed in
 * then: an editor signed in further down the chain (the kept-form page's sign-in) is covered too,
 * whatever the order of the middleware. A handler's own Cache-Control stays only if it already says no-store.
 */
export const neverStoreSignedInPages: RequestHandler = (_req, res, next) => {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<typeof writeHead>) {
    if (res.locals.editor && !/\bno-store\b/.test(String(this.getHeader('Cache-Control') ?? ''))) this.setHeader('Cache-Control', 'no-store');
    return writeHead.apply(this, args);
  } as typeof writeHead;
  next();
};
