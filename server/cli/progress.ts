/**
 * A line for a person following a long step (migrating, reading, importing, exporting) at a terminal.
 * Nothing when standard error goes to a file or another program, which read only the result.
 */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${message}\n`);
}
