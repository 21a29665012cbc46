import type { Page } from 'playwright-core'

export interface DroppedFile {
  name: string
  content: string | Uint8Array
  /** MIME type as a file manager would report it, e.g. 'text/vcard'; empty when unknown. */
  type?: string
}

/**
 * Drops files onto the page the way a file manager does: dragenter, dragover and drop carrying a DataTransfer
 * of real File objects, on `selector`'s element (bubbling to the window) or on the window itself.
 * The page script is a string so this Node-side code needs no DOM typings.
 */
export async function dropFiles(page: Page, files: DroppedFile[], selector?: string): Promise<void> {
  const payload = files.map((file) => ({
    name: file.name,
    type: file.type ?? '',
    base64: Buffer.from(typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content).toString('base64'),
  }))
  await page.evaluate(`(() => {
    const files = ${JSON.stringify(payload)};
    const selector = ${JSON.stringify(selector ?? null)};
    const target = selector === null ? window : document.querySelector(selector);
    if (!target) throw new Error('dropFiles: nothing matches ' + selector);
    const transfer = new DataTransfer();
    for (const file of files) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  })()`)
}
