import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of a stored text or HTML, hashed as its UTF-8 bytes. */
export function sha256Hex(content: string | Buffer): string {
  return createHash('sha256').update(typeof content === 'string' ? Buffer.from(content, 'utf8') : content).digest('hex');
}
