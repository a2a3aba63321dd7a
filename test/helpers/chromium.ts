import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium, which CI installs (.ci/run). */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * The browser tests are required: CI installs Chromium, so a missing browser fails the suite
 * instead of passing it silently. A machine that cannot install it opts out explicitly with
 * ASYNCTOOL_SKIP_BROWSER=1 (CI never sets it).
 */
export const skipBrowser = process.env.ASYNCTOOL_SKIP_BROWSER === "1";

/** Whether the browser tests can run here (installed, and not opted out). */
export const browserAvailable = !skipBrowser && existsSync(CHROMIUM);

export const MISSING_BROWSER = `${CHROMIUM} is missing: install it (apt-get install -y chromium), or set ASYNCTOOL_SKIP_BROWSER=1 to skip the browser tests on this machine`;

/** Headless Chromium with nothing running in the background (no network, updates or sync). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
