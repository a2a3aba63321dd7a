import { homedir } from "node:os";
import { posix, relative, win32 } from "node:path";
import { env, platform } from "node:process";

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") ? file : rel;
}

/** What the default recordings directory depends on; the CLI passes the process's own. */
export interface UserDirs {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
}

/**
 * Where recordings go when --recordings is not given: a per-user data directory, never the
 * working directory (Claude Desktop starts stdio servers in `/`, Claude Code wherever it was
 * started). XDG_DATA_HOME on Linux and the BSDs (ignored unless absolute, as the XDG spec says),
 * Application Support on macOS, LOCALAPPDATA on Windows.
 */
export function defaultRecordingsDir({ platform, env, homedir }: UserDirs): string {
  if (platform === "win32") {
    const local = env.LOCALAPPDATA;
    const base = local && win32.isAbsolute(local) ? local : win32.join(homedir, "AppData", "Local");
    return win32.join(base, "asynctool", "recordings");
  }
  if (platform === "darwin")
    return posix.join(homedir, "Library", "Application Support", "asynctool", "recordings");
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(homedir, ".local", "share");
  return posix.join(base, "asynctool", "recordings");
}

/** The recordings directory of this user, from the process's platform, environment and home. */
export function userRecordingsDir(): string {
  return defaultRecordingsDir({ platform, env, homedir: homedir() });
}
