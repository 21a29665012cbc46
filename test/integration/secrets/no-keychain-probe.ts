// Run in a child process without a D-Bus session: prints what the keytar store throws, as JSON.
import { AppError } from '../../../electron/core/contract/errors'
import { createKeytarStore } from '../../../electron/core/secrets/keytar-store'

const store = createKeytarStore({ service: 'TG Contacts no-keychain probe' })
try {
  await store.set('probe', 'a secret that must not be written anywhere')
  console.log(JSON.stringify({ code: 'NONE' }))
} catch (error) {
  console.log(JSON.stringify(error instanceof AppError ? error.envelope : { code: 'NOT_APP_ERROR', message: String(error) }))
}
