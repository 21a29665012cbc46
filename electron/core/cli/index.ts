/**
 * The CLI: the core without a window (`npm run cli -- COMMAND ...`, or `tg-contacts` = out/main/cli.js when built).
 * Exit codes are in exit-codes.ts. Nothing here may import 'electron'.
 */

import { commands } from './commands'
import { dispatch } from './dispatch'

const interrupt = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second signal while the first one's clean-up runs means "now".
    if (interrupt.signal.aborted) process.exit(signal === 'SIGTERM' ? 143 : 130)
    interrupt.abort(signal)
  })
}

// GramJS and the request deadline keep no handle open while a request waits for a connection that went away: without
// this, Node would find the event loop empty and exit 0 with the command's promise still pending.
const keepAlive = setInterval(() => undefined, 60_000)

void dispatch(process.argv.slice(2), commands, {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  signal: interrupt.signal,
})
  .catch((error: unknown) => {
    process.stderr.write(`tg-contacts: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  })
  .then((code) => {
    clearInterval(keepAlive)
    // exitCode, not exit(): a large JSON answer on a pipe must be flushed first.
    process.exitCode = code
  })
