import fs from 'node:fs';
import { adminDb, snapshotFile, templateName } from './template';

export default async function globalTeardown(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    fs.rmSync(snapshotFile(process.pid), { force: true });
    return;
  }
  const admin = adminDb(process.env.DATABASE_URL);
  try {
    await admin.raw(`drop database if exists ${templateName(process.pid)} with (force)`);
  } finally {
    await admin.destroy();
  }
}
