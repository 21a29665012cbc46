/** Bytes -> base64 without building one huge intermediate string per byte (files can be 64 MB). */
export function bytesToBase64(bytes: Uint8Array): string {
  const chunk = 0x8000
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += chunk) {
    parts.push(String.fromCharCode(...bytes.subarray(i, i + chunk)))
  }
  return btoa(parts.join(''))
}

export async function readFileAsText(file: Blob): Promise<string> {
  return file.text()
}

/** Offers text as a file download (the browser's, or Electron's save prompt). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
