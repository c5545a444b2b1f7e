import ejs from 'ejs';
import type { Response } from 'express';
import { VIEWS_DIR } from '../paths';

type Done = (err: Error | null, html?: string) => void;

/**
 * EJS as Express calls it. Views include partials by absolute path ('/partials/head'), which
 * EJS resolves against `root` without asking the file system: relative includes cost a
 * file-existence check each, dozens per dispute page. In production compiled templates are
 * kept and carry no line-tracking code.
 */
export function viewEngine(production: boolean) {
  const options = { root: VIEWS_DIR, views: [VIEWS_DIR], cache: production, compileDebug: !production };
  return (file: string, data: object, done: Done) => ejs.renderFile(file, data, options, done);
}

/** Renders a view with the response's locals, to a string rather than to the reader. */
export function renderToString(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (err: Error | null, html: string) => (err ? reject(err) : resolve(html)));
  });
}
