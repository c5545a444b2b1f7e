import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../lib/passwords';
import { isEmailAddress } from './email';
import { parseForm, text } from './fields';

export interface SignInForm {
  email: string;
  password: string;
}

export interface NewEditorForm {
  name: string;
  email: string;
  password: string;
}

const email = text('Email', 254).refine((v) => isEmailAddress(v), 'Enter an email address like name@example.org.')
  .transform((v) => v.toLowerCase());

// Passwords are taken as typed: no trimming or normalising that could lock someone out.
const password = z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string());

const signInSchema = z.object({
  email,
  password: password.refine((v) => v.length > 0, 'Enter your password.'),
});

const newPassword = password
  .refine((v) => v.length >= MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .refine((v) => v.length <= 200, 'Use at most 200 characters.');

const newEditorSchema = z
  .object({
    name: text('Name', 120),
    email,
    password: newPassword,
    password_confirm: password,
  })
  .refine((v) => v.password === v.password_confirm, { message: 'The two passwords differ.', path: ['password_confirm'] })
  // The confirmation has done its job; only the fields an editor row has go on.
  .transform(({ password_confirm: _confirm, ...account }) => account);

export interface PasswordChangeForm {
  current_password: string;
  password: string;
}

const passwordChangeSchema = z
  .object({
    current_password: password.refine((v) => v.length > 0, 'Enter your current password.'),
    password: newPassword,
    password_confirm: password,
  })
  .refine((v) => v.password === v.password_confirm, { message: 'The two passwords differ.', path: ['password_confirm'] })
  .transform(({ password_confirm: _confirm, ...change }) => change);

export function parsePasswordChange(body: unknown) {
  return parseForm<PasswordChangeForm>(passwordChangeSchema, body);
}

export function parseSignIn(body: unknown) {
  return parseForm<SignInForm>(signInSchema, body);
}

export function parseNewEditor(body: unknown) {
  return parseForm<NewEditorForm>(newEditorSchema, body);
}
