import express, { Request, RequestHandler } from 'express';
import { fieldLabel, FormTooLarge, HttpError } from '../errors';

/*
 * Form bodies in two sizes. Up to `formBytes` a body is a form like any other. Up to `hardCapBytes`
 * it is read anyway but refused with a 413 that shows every field again (nothing typed is lost)
 * and names the field that was too long. Past the hard cap it is refused before a byte is read,
 * and the connection is closed so nobody can hold it open by declaring a huge body.
 */
export interface BodyLimits {
  formBytes: number;
  hardCapBytes: number;
  formFields: number;
  hardCapFields: number;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** Refuses a declared Content-Length past the hard cap at once: 413, nothing read, connection closed. */
export function refuseOversizedBodies({ hardCapBytes }: BodyLimits): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > hardCapBytes)) return next();
    res.set('Connection', 'close');
    next(new HttpError(413, 'Too much to save', `What you sent (${megabytes(declared)}) is far larger than any form on this site (at most ${megabytes(hardCapBytes)}), so none of it was read. Shorten the longest fields and try again.`));
  };
}

function fieldCount(body: Record<string, unknown>): number {
  return Object.values(body).reduce<number>((n, value) => n + (Array.isArray(value) ? value.length : 1), 0);
}

function longestField(body: Record<string, unknown>): { name: string; length: number } | undefined {
  let longest: { name: string; length: number } | undefined;
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const length = String(item ?? '').length;
      if (!longest || length > longest.length) longest = { name, length };
    }
  }
  return longest;
}

function tooLarge(body: Record<string, unknown>, bytes: number, limits: BodyLimits): FormTooLarge | undefined {
  if (bytes > limits.formBytes) {
    const longest = longestField(body);
    const which = longest ? `“${fieldLabel(longest.name)}” is ${longest.length.toLocaleString('en')} characters long, far more than any field takes` : 'It is far more than any form takes';
    return new FormTooLarge(`${which}. Nothing you typed is lost: shorten it below and send it again.`, longest?.name);
  }
  const fields = fieldCount(body);
  if (fields > limits.formFields) {
    return new FormTooLarge(`This form sent ${fields} fields, more than any form here has (${limits.formFields}). Nothing you typed is lost: remove the extra ones below and send it again.`, undefined);
  }
  return undefined;
}

/**
 * Parses form bodies (only forms: any other declared type is a 415, no body at all is an empty
 * form, so every handler sees an object), reading past the form limit up to the hard cap so an
 * over-long submission can be shown again rather than thrown away.
 */
export function formBodies(limits: BodyLimits): RequestHandler[] {
  const bytesRead = new WeakMap<Request, number>();
  const parse = express.urlencoded({
    extended: false,
    limit: limits.hardCapBytes,
    parameterLimit: limits.hardCapFields,
    verify: (req, _res, buf) => void bytesRead.set(req as Request, buf.length),
  });
  const check: RequestHandler = (req, _res, next) => {
    if (!BODY_METHODS.has(req.method)) return next();
    if (req.body === undefined) {
      const type = req.headers['content-type'];
      if (type && !FORM_TYPE.test(type)) {
        return next(new HttpError(415, 'Not a form', 'This address only accepts forms sent by a web browser (application/x-www-form-urlencoded).'));
      }
      req.body = {};
    }
    next(tooLarge(req.body, bytesRead.get(req) ?? 0, limits));
  };
  return [parse, check];
}
