import { Buffer } from "node:buffer";
import { WORDS } from "../../dataset/pools.js";
import type { TemplateContext } from "../../dataset/template.js";
import type { FilesystemState } from "./tools.js";

/** What the filesystem templates share: a task's own directory tree and plausible file contents. */

export const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** Lines as `wc -l` counts them, plus a last line without its newline (as file_info does). */
export function lineCount(text: string): number {
  return text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A directory argument: the path, with or without a trailing slash. */
export function dirArg(path: string) {
  return { $regex: `^${escapeRegex(path)}/?$`, $example: path };
}

/** A text argument that must hold `text` (case and spacing aside); the oracle writes `example`. */
export function textArg(text: string, example = text) {
  const pattern = text
    .trim()
    .split(/\s+/)
    .map((w) => escapeRegex(w))
    .join("\\s+");
  return { $regex: pattern, $flags: "i", $example: example };
}

/** An answer naming one file: its name, or its full path. */
export function fileAnswer(path: string) {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dir = path.slice(0, path.lastIndexOf("/") + 1);
  return { regex: `^\\s*\`?(${escapeRegex(dir)})?${escapeRegex(name)}\`?\\s*\\.?\\s*$`, example: path };
}

/** A search root: the folder named, a parent of it up to the task's root, or /. */
export const searchRoot = (root: string, dir: string) => ({
  $regex: `^(/|${escapeRegex(root)}(${escapeRegex(dir.slice(root.length))})?/?)$`,
  $example: dir,
});

/** A state check: a file exists (or, with false, does not). */
export const exists = (path: string, yes = true) => ({ path: ["filesystem", "files", path], exists: yes });

const AREAS = ["home", "projects", "srv", "data", "team"];
const MONTHS = ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"];
const SERVICES = ["billing", "search", "gateway", "ingest", "mailer", "reports", "auth", "scheduler"];
const LEVELS = ["INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR"];
const EVENTS = [
  "request served in 12ms",
  "cache miss for key user:42",
  "retrying upstream call",
  "connection pool at 80%",
  "job 7781 finished",
  "slow query on orders table",
  "token refreshed",
  "health check ok",
];
const EXPENSES = ["taxi", "hotel", "train", "lunch", "dinner", "books", "software", "parking", "coffee"];

export function filesystemKit(ctx: TemplateContext) {
  const state = ctx.state("filesystem") as unknown as FilesystemState;
  const word = ctx.unique("filesystem.root", WORDS);
  const root = `/${ctx.pick(AREAS)}/${word}`;
  return {
    state,
    word,
    root,
    file(path: string, content: string): string {
      state.files[path] = content;
      return path;
    },
    dir(path: string): string {
      if (!state.dirs.includes(path)) state.dirs.push(path);
      return path;
    },
    /** Where list_dir will show `name` among the entries of `dir` (sorted by name), once the state is final. */
    entryIndex(dir: string, name: string): number {
      const names = new Set<string>();
      for (const p of [...Object.keys(state.files), ...state.dirs]) {
        if (p.startsWith(`${dir}/`)) names.add(p.slice(dir.length + 1).split("/")[0] ?? "");
      }
      return [...names].sort().indexOf(name);
    },
    service: (): string => ctx.pick(SERVICES),
    month: (): string => ctx.pick(MONTHS),
    /** A log of `n` lines. */
    log(n: number, day = `2026-11-${String(ctx.int(10, 28))}`): string {
      return Array.from(
        { length: n },
        (_, i) =>
          `${day} ${String(8 + Math.floor(i / 6)).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}:${String(ctx.int(0, 59)).padStart(2, "0")} ${ctx.pick(LEVELS)} ${ctx.pick(EVENTS)}\n`,
      ).join("");
    },
    /** An expenses CSV of `n` rows with whole amounts; returns the text and the total. */
    expenses(n: number, month: string): { text: string; total: number } {
      const rows = Array.from({ length: n }, (_, i) => ({
        date: `${month}-${String(2 + i * 3).padStart(2, "0")}`,
        item: ctx.pick(EXPENSES),
        amount: ctx.int(8, 240),
      }));
      const text = `date,item,amount\n${rows.map((r) => `${r.date},${r.item},${r.amount}\n`).join("")}`;
      return { text, total: rows.reduce((s, r) => s + r.amount, 0) };
    },
    /** Filler text of about `n` lines. */
    prose(n: number): string {
      const sentences = [
        "Remember to update the shared calendar.",
        "The draft still needs a second review.",
        "Numbers were checked against last quarter.",
        "Ping the team before Friday.",
        "Move the old screenshots to the archive.",
        "The vendor replied on Tuesday.",
        "Keep this file short and to the point.",
        "Nothing urgent here this week.",
      ];
      return Array.from({ length: n }, () => `${ctx.pick(sentences)}\n`).join("");
    },
  };
}
