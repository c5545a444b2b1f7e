import type { Request, Response } from 'express';

/** Redirect after a successful POST, with a one-line notice for the next page (after any given earlier in this request). */
export function redirectWithNotice(req: Request, res: Response, location: string, notice: string): void {
  addNotice(req, notice);
  res.redirect(303, location);
}

/** A notice for the next page shown, kept beside any already waiting (a sign-in's warning, then what was saved). */
export function addNotice(req: Request, notice: string): void {
  req.session.flash = [...(req.session.flash ?? []), notice];
}
