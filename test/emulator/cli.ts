/**
 * Standalone emulator for demo mode and checks outside the test suite:
 *   npm run --silent emulator -- --port P [--seed S] [--contacts N] [--users N]
 * Prints exactly one JSON line on stdout, then serves until SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startEmulator, type EmulatorOptions } from './index.js'
import { announcement } from '../../electron/emulator/announce.js'
import { integerOption, optionsOrExit } from './command-line.js'

const HELP = `usage: npm run --silent emulator -- [options]
  --port P                 listen on 127.0.0.1:P (1-32767; default: a free port in 10000-32767)
  --seed S                 world seed (default 1)
  --users N                registered users, the account included (default 200)
  --contacts N             contacts of the account (default 50)
  --password PW            the account's 2FA password (default "correct horse")
  --no-password            the account has no 2FA password
  --code C                 the login code (default 12345)
  --takeout-delay S        initTakeoutSession answers TAKEOUT_INIT_DELAY_N for S seconds
  --import-per-call N      importContacts: rows beyond N per call come back in retry_contacts
  --import-per-window N    importContacts: at most N rows per window, then FLOOD_WAIT
  --import-window S        the window in seconds (default 3600)
  --activity MS            every MS milliseconds a contact goes online or offline (live status updates)
  --help`

type CliOptions = EmulatorOptions & { activityMs: number | undefined }

function parseOptions(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      users: { type: 'string' },
      contacts: { type: 'string' },
      password: { type: 'string' },
      'no-password': { type: 'boolean' },
      code: { type: 'string' },
      'takeout-delay': { type: 'string' },
      'import-per-call': { type: 'string' },
      'import-per-window': { type: 'string' },
      'import-window': { type: 'string' },
      activity: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  })
  if (values.help === true) return 'help'
  const users = integerOption('users', values.users, 8, 2_000_000) ?? 200
  const perCall = integerOption('import-per-call', values['import-per-call'], 1, 1_000_000)
  const perWindow = integerOption('import-per-window', values['import-per-window'], 1, 1_000_000)
  const windowSeconds = integerOption('import-window', values['import-window'], 1, 86_400 * 30)
  if (values.code !== undefined && !/^\d{5,6}$/.test(values.code)) throw new Error('--code must be 5 or 6 digits')
  return {
    activityMs: integerOption('activity', values.activity, 50, 3_600_000),
    port: integerOption('port', values.port, 1, 32_767),
    seed: integerOption('seed', values.seed, 0, 2 ** 32 - 1) ?? 1,
    users,
    contacts: integerOption('contacts', values.contacts, 0, 2_000_000) ?? Math.min(50, users - 7),
    password: values['no-password'] === true ? null : (values.password ?? 'correct horse'),
    loginCode: values.code,
    takeoutDelaySeconds: integerOption('takeout-delay', values['takeout-delay'], 0, 86_400 * 30),
    importLimits: {
      ...(perCall !== undefined && { perCall }),
      ...(perWindow !== undefined && { perWindow }),
      ...(windowSeconds !== undefined && { windowSeconds }),
    },
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/**
 * `npm run` puts `sh -c` and tsx between the caller and this process, and a signal sent to npm
 * alone does not reach us: the shell dies (SIGTERM) or waits (SIGINT) without passing it on. So
 * watch our ancestors up to npm: when one of them is re-parented, whoever started us is gone.
 */
function exitWhenOrphaned(stop: () => void): void {
  const chain: Array<[number, number]> = []
  for (let pid = process.pid, depth = 0; depth < 3; depth++) {
    const parent = parentOf(pid)
    if (parent === undefined || parent <= 1) break
    chain.push([pid, parent])
    pid = parent
  }
  const timer = setInterval(() => {
    if (chain.some(([pid, parent]) => parentOf(pid) !== parent)) {
      clearInterval(timer)
      stop()
    }
  }, 500)
  timer.unref()
}

async function main(): Promise<void> {
  const options = optionsOrExit('emulator', HELP, parseOptions)
  if (options === null) return
  const { activityMs, ...emulatorOptions } = options
  const emu = await startEmulator({ ...emulatorOptions, onWarning: (message) => process.stderr.write(`emulator: ${message}\n`) })
  if (activityMs !== undefined) emu.simulateActivity(activityMs)
  process.stdout.write(`${JSON.stringify(announcement(emu))}\n`)
  const stop = (): void => {
    void emu.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  exitWhenOrphaned(stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${(error as Error).message}\n`)
  process.exit(1)
})
