import type { RequestHandler } from 'express';

/**
 * Whatever a signed-in editor is sent (drafts, the tip queue with readers' addresses) stays out of
 * every cache, the browser's included. Set once here; a handler may only make it stricter.
 */
export const neverStoreSignedInPages: RequestHandler = (_req, res, next) => {
  if (res.locals.editor) res.set('Cache-Control', 'no-store');
  next();
};
