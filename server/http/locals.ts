import type { RequestHandler } from 'express';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      csrfToken: () => string;
      flash?: string[];
      currentPath: string;
    }
  }
}

/** Locals every view may use: set once here, never in handlers. */
export const shareLocals: RequestHandler = (req, res, next) => {
  res.locals.currentPath = req.path;
  if (req.session?.flash) {
    // A session stored before notices were a list holds one string.
    res.locals.flash = ([] as string[]).concat(req.session.flash);
    delete req.session.flash;
  }
  next();
};
