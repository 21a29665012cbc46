import { readEnvCredentials, type Credentials } from './env-credentials'

// Replaced by the main-side build (electron.vite.config.ts) with the release's api_id / api_hash, or left undefined.
// Only main-side bundles define them; the renderer build never sees the values.
declare const __TG_CONTACTS_BUILTIN_API_ID__: string | undefined
declare const __TG_CONTACTS_BUILTIN_API_HASH__: string | undefined

/** The API credentials an installed build ships with (TG_CONTACTS_BUILTIN_API_ID / _HASH at build time), or null. */
export function builtinCredentials(): Credentials | null {
  const read = readEnvCredentials({
    TG_API_ID: typeof __TG_CONTACTS_BUILTIN_API_ID__ === 'string' ? __TG_CONTACTS_BUILTIN_API_ID__ : undefined,
    TG_API_HASH: typeof __TG_CONTACTS_BUILTIN_API_HASH__ === 'string' ? __TG_CONTACTS_BUILTIN_API_HASH__ : undefined,
  })
  return read.kind === 'ok' ? read.credentials : null
}
