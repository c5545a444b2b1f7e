import { generate } from './generate';

// Only the data: `node dist/bench/generate-cli.js 100000` makes cc_bench_100000 on DATABASE_URL's server.
const claims = Number(process.argv[2] ?? 100000);
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
generate(server, claims, (line) => console.log(line)).then(({ url, scale }) => console.log(url, scale), (err) => {
  console.error(err);
  process.exit(1);
});
