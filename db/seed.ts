import type { Db } from './knex';
import * as foundingCase from '../seeds/01_founding_case';

// Knex seed files, in the order they run; each is idempotent.
const SEEDS = [foundingCase];

export async function runSeeds(db: Db): Promise<void> {
  for (const seedFile of SEEDS) await seedFile.seed(db);
}

/** Loads the founding case into a database that has no disputes yet (first start). */
export async function seedIfEmpty(db: Db): Promise<boolean> {
  if (await db('disputes').first('id')) return false;
  await runSeeds(db);
  return true;
}
