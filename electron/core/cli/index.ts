/**
 * The CLI: the core without a window (`npm run cli -- COMMAND ...`, or out/main/cli.js when built).
 * Exit codes are in exit-codes.ts. Nothing here may import 'electron'.
 */

import { commands } from './commands'
import { dispatch } from './dispatch'

void dispatch(process.argv.slice(2), commands, {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
}).then((code) => {
  // exitCode, not exit(): a large JSON answer on a pipe must be flushed first.
  process.exitCode = code
})
