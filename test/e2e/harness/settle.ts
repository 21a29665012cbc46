import type { Page } from 'playwright-core'

/** Finishes running transitions and animations (a theme switch fades colours for 0.12 s) and waits for two frames. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(`(async () => {
    for (const animation of document.getAnimations()) if (animation.effect && animation.effect.getComputedTiming().endTime !== Infinity) animation.finish();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  })()`)
}
