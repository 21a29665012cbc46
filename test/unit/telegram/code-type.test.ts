import { describe, expect, it } from 'vitest'
import { Api } from 'telegram'
import { nextCodeType, sentCodeType } from '../../../electron/core/telegram/code-type'

describe('login code types', () => {
  it('maps how the code was sent', () => {
    expect(sentCodeType(new Api.auth.SentCodeTypeApp({ length: 5 }))).toBe('app')
    expect(sentCodeType(new Api.auth.SentCodeTypeSms({ length: 5 }))).toBe('sms')
    expect(sentCodeType(new Api.auth.SentCodeTypeCall({ length: 5 }))).toBe('call')
    expect(sentCodeType(new Api.auth.SentCodeTypeFlashCall({ pattern: '*' }))).toBe('flashCall')
    expect(sentCodeType(new Api.auth.SentCodeTypeMissedCall({ prefix: '+1', length: 4 }))).toBe('missedCall')
    expect(sentCodeType(new Api.auth.SentCodeTypeFragmentSms({ url: 'https://fragment.com', length: 5 }))).toBe('fragment')
  })

  it('maps how a resend would come, or null when there is none', () => {
    expect(nextCodeType(new Api.auth.CodeTypeSms())).toBe('sms')
    expect(nextCodeType(new Api.auth.CodeTypeCall())).toBe('call')
    expect(nextCodeType(undefined)).toBeNull()
  })
})
