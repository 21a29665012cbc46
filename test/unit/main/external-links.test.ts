import { describe, expect, it } from 'vitest'
import { allowedExternalUrl } from '../../../electron/core/app/external-links'

describe('the external-link allow-list', () => {
  it('allows https links on t.me and telegram.org and their subdomains, re-serialised', () => {
    expect(allowedExternalUrl('https://t.me/durov')).toBe('https://t.me/durov')
    expect(allowedExternalUrl('https://telegram.org/faq#q-what')).toBe('https://telegram.org/faq#q-what')
    expect(allowedExternalUrl('https://core.telegram.org/api/contacts')).toBe('https://core.telegram.org/api/contacts')
    expect(allowedExternalUrl('HTTPS://T.ME/Durov')).toBe('https://t.me/Durov')
    expect(allowedExternalUrl('https://t.me/a b')).toBe('https://t.me/a%20b')
  })

  it('allows tg: deep links', () => {
    expect(allowedExternalUrl('tg://resolve?domain=durov')).toBe('tg://resolve?domain=durov')
  })

  it('refuses everything else', () => {
    for (const url of [
      'http://t.me/durov',
      'https://t.me.evil.example/',
      'https://evilt.me/',
      'https://nottelegram.org/',
      'https://telegram.org.evil.example/',
      'https://t.me:8443/x',
      'https://user:pass@t.me/x',
      'https://evil.example/@t.me',
      'https://evil.example\\@t.me/',
      'javascript:alert(1)//t.me',
      'file:///etc/passwd',
      'data:text/html,<script>1</script>',
      'smb://t.me/share',
      '//t.me/durov',
      't.me/durov',
      '',
    ]) {
      expect(allowedExternalUrl(url), url).toBeNull()
    }
  })
})
