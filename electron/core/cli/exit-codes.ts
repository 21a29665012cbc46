/** Process exit codes of the CLI; scripts rely on them (listed in `tg-contacts --help` and the README). */
export const EXIT = {
  ok: 0,
  failure: 1,
  badArguments: 2,
  takeoutDelayed: 3,
  notSignedIn: 4,
  /** 128 + the signal's number, as shells report a process ended by it. */
  interruptedByInt: 130,
  interruptedByTerm: 143,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** What `--help` says about each code. */
export const EXIT_MEANINGS: readonly [ExitCode, string][] = [
  [EXIT.ok, 'done'],
  [EXIT.failure, 'failed (Telegram unreachable, a file that yields no contacts, a write error ...)'],
  [EXIT.badArguments, 'wrong arguments or environment (a malformed TG_API_ID / TG_API_HASH)'],
  [EXIT.takeoutDelayed, 'Telegram delays the export: the time it becomes possible is printed'],
  [EXIT.notSignedIn, 'not signed in: no credentials, or the session is invalid or revoked'],
  [EXIT.interruptedByInt, 'interrupted (Ctrl+C, SIGINT): nothing half-written is left behind'],
  [EXIT.interruptedByTerm, 'terminated (SIGTERM): likewise'],
]
