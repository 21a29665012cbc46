/** Process exit codes of the CLI; scripts rely on them. */
export const EXIT = {
  ok: 0,
  failure: 1,
  badArguments: 2,
  takeoutDelayed: 3,
  notSignedIn: 4,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
