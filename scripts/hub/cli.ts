/**
 * `npm run models -- download <hub-id> | list | remove <id>`: Hub models for the playground.
 * The commands live in commands.ts; see its USAGE.
 */
import { runCli } from './commands.ts';

process.exitCode = await runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env });
