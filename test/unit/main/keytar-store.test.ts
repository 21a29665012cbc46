import { describe, expect, it, vi } from 'vitest'
import { AppError } from '@contract'
import { createKeytarStore } from '../../../electron/core/secrets/keytar-store'
import { createMemoryStore } from '../../../electron/core/secrets/memory-store'

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an AppError')
}

function fakeKeytar() {
  const entries = new Map<string, string>()
  return {
    getPassword: vi.fn(async (service: string, account: string) => entries.get(`${service}/${account}`) ?? null),
    setPassword: vi.fn(async (service: string, account: string, password: string) => {
      entries.set(`${service}/${account}`, password)
    }),
    deletePassword: vi.fn(async (service: string, account: string) => entries.delete(`${service}/${account}`)),
  }
}

describe('the keytar SecretStore', () => {
  it('loads keytar only on first use, and stores under the app service name', async () => {
    const keytar = fakeKeytar()
    const load = vi.fn(() => keytar)
    const store = createKeytarStore({ load })
    expect(load).not.toHaveBeenCalled()
    await store.set('telegram-session', '1BVts')
    await expect(store.get('telegram-session')).resolves.toBe('1BVts')
    await expect(store.delete('telegram-session')).resolves.toBe(true)
    await expect(store.get('telegram-session')).resolves.toBeNull()
    expect(load).toHaveBeenCalledTimes(1)
    expect(keytar.setPassword).toHaveBeenCalledWith('TG Contacts', 'telegram-session', '1BVts')
  })

  it('turns a keychain failure into KEYCHAIN_UNAVAILABLE with a clear message and no secret', async () => {
    const keytar = fakeKeytar()
    keytar.setPassword.mockRejectedValue(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))
    const store = createKeytarStore({ load: () => keytar })
    const error = await errorOf(store.set('telegram-session', 'secret-session-string'))
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE')
    expect(error.message).toContain('keychain is not available')
    expect(error.message).toContain('D-Bus')
    expect(error.message).not.toContain('secret-session-string')
  })

  it('turns a native module that cannot load into KEYCHAIN_UNAVAILABLE', async () => {
    const store = createKeytarStore({
      load: () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file')
      },
    })
    expect((await errorOf(store.get('telegram-session'))).code).toBe('KEYCHAIN_UNAVAILABLE')
  })

  it('refuses empty names and empty secrets before touching the keychain', async () => {
    const keytar = fakeKeytar()
    const store = createKeytarStore({ load: () => keytar })
    expect((await errorOf(store.set('telegram-session', ''))).code).toBe('INVALID_INPUT')
    expect((await errorOf(Promise.resolve().then(() => store.get('')))).code).toBe('INVALID_INPUT')
    expect(keytar.setPassword).not.toHaveBeenCalled()
  })
})

describe('the in-memory SecretStore', () => {
  it('gets, sets and deletes', async () => {
    const store = createMemoryStore({ 'telegram-api-hash': 'abc' })
    await expect(store.get('telegram-api-hash')).resolves.toBe('abc')
    await store.set('telegram-session', 's')
    await expect(store.delete('telegram-session')).resolves.toBe(true)
    await expect(store.delete('telegram-session')).resolves.toBe(false)
    await expect(store.get('telegram-session')).resolves.toBeNull()
  })
})
