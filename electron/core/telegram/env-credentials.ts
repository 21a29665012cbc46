/** api_id / api_hash as my.telegram.org gives them. */
export interface Credentials {
  apiId: number
  apiHash: string
}

export type EnvCredentials =
  | { kind: 'absent' }
  | { kind: 'ok'; credentials: Credentials }
  /** Set but not usable; `problem` names the variable and what it should look like, never its value (a secret). */
  | { kind: 'malformed'; problem: string }

/** TG_API_ID and TG_API_HASH from the environment: both, neither, or a reason why not. */
export function readEnvCredentials(env: Readonly<Record<string, string | undefined>>): EnvCredentials {
  const { TG_API_ID: id, TG_API_HASH: hash } = env
  if (!id && !hash) return { kind: 'absent' }
  if (!id || !/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2 ** 31 - 1) {
    return { kind: 'malformed', problem: 'TG_API_ID must be the api_id number from my.telegram.org (set together with TG_API_HASH)' }
  }
  if (!hash || !/^[0-9a-f]{32}$/i.test(hash)) {
    return { kind: 'malformed', problem: 'TG_API_HASH must be the 32-character hexadecimal api_hash from my.telegram.org (set together with TG_API_ID)' }
  }
  return { kind: 'ok', credentials: { apiId: Number(id), apiHash: hash } }
}
