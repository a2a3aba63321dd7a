import { Buffer } from "node:buffer";
import { z } from "zod";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";
import { packArchive } from "./archive.js";

/** A path as the state stores it: absolute, no empty, `.` or `..` segment, no trailing slash. */
function isCanonical(path: string): boolean {
  if (path === "/") return true;
  return (
    path.startsWith("/") &&
    path
      .slice(1)
      .split("/")
      .every((s) => s !== "" && s !== "." && s !== "..")
  );
}

function ancestorsOf(path: string): string[] {
  const segments = path.split("/").slice(1, -1);
  return segments.map((_, i) => `/${segments.slice(0, i + 1).join("/")}`);
}

const statePath = z.string().refine(isCanonical, {
  message: "use an absolute path without '.', '..', '//' or a trailing '/', e.g. /reports/nov.csv",
});

export const filesystemStateSchema = z
  .strictObject({
    files: z
      .record(statePath, z.string())
      .default({})
      .describe("File contents by absolute path. A file's parent directories exist implicitly."),
    dirs: z.array(statePath).default([]).describe("Directories that exist even when they hold no file."),
    readonly: z
      .array(statePath)
      .default([])
      .describe("Paths that tools may read but not change; a directory protects everything under it."),
  })
  .superRefine((state, ctx) => {
    // A path cannot be both a file and a directory (one that holds files or is listed in dirs).
    const files = new Set(Object.keys(state.files));
    const clash = (dirs: string[], where: (string | number)[]): void => {
      const file = dirs.find((d) => files.has(d));
      if (file)
        ctx.addIssue({
          code: "custom",
          path: where,
          message: `${file} is a file, so it cannot be a directory`,
        });
    };
    for (const path of files) {
      if (path === "/")
        ctx.addIssue({ code: "custom", path: ["files", path], message: "/ is the root directory" });
      clash(ancestorsOf(path), ["files", path]);
    }
    state.dirs.forEach((dir, i) => {
      clash([dir, ...ancestorsOf(dir)], ["dirs", i]);
    });
  });

export type FilesystemState = z.infer<typeof filesystemStateSchema>;

// Paths from the agent: lenient about `//` and a trailing slash, strict about what a real API refuses.
function resolvePath(path: string, what = "path"): string {
  if (!path.startsWith("/")) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `${what} "${path}" is relative; give an absolute path, e.g. /${path.replace(/^(\.\.?\/)+/, "")}`,
    );
  }
  const segments = path.split("/").filter((s) => s !== "");
  if (segments.some((s) => s === "." || s === "..")) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `${what} "${path}" contains a '.' or '..' segment; give the full absolute path without them`,
    );
  }
  return `/${segments.join("/")}`;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function isFile(state: FilesystemState, path: string): boolean {
  return Object.hasOwn(state.files, path);
}

/** Paths of the files under a directory, sorted. */
function filesUnder(state: FilesystemState, dir: string): string[] {
  const prefix = dir === "/" ? "/" : `${dir}/`;
  return Object.keys(state.files)
    .filter((p) => p.startsWith(prefix))
    .sort();
}

function isDir(state: FilesystemState, path: string): boolean {
  if (path === "/") return true;
  const prefix = `${path}/`;
  return state.dirs.some((d) => d === path || d.startsWith(prefix)) || filesUnder(state, path).length > 0;
}

function isReadonly(state: FilesystemState, path: string): boolean {
  return state.readonly.some((p) => p === path || p === "/" || path.startsWith(`${p}/`));
}

function requireFile(state: FilesystemState, path: string): string {
  const content = state.files[path];
  if (content !== undefined) return content;
  if (isDir(state, path)) {
    throw new DomainError("INVALID_ARGUMENT", `${path} is a directory; call list_dir to see the files in it`);
  }
  throw new DomainError("NOT_FOUND", `No file at ${path}; call list_dir on its directory to see what exists`);
}

function requireDir(state: FilesystemState, path: string): void {
  if (isFile(state, path)) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `${path} is a file, not a directory; call file_info or read_file`,
    );
  }
  if (!isDir(state, path)) {
    throw new DomainError("NOT_FOUND", `No directory at ${path}; call list_dir on / to see what exists`);
  }
}

function requireWritable(state: FilesystemState, path: string): void {
  if (isReadonly(state, path)) {
    throw new DomainError("PERMISSION_DENIED", `${path} is read-only; write to a path outside it instead`);
  }
}

/** Checks that `path` may receive a file: not protected, not a directory, no file in its way. */
function requireTarget(state: FilesystemState, path: string, overwrite: boolean): void {
  requireWritable(state, path);
  if (path === "/" || isDir(state, path)) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `${path} is a directory; give the full path of a file inside it`,
    );
  }
  const blocker = ancestorsOf(path).find((dir) => isFile(state, dir));
  if (blocker) {
    throw new DomainError("INVALID_ARGUMENT", `${blocker} is a file, so ${path} cannot be created under it`);
  }
  if (!overwrite && isFile(state, path)) {
    throw new DomainError("ALREADY_EXISTS", `${path} exists already; pass overwrite: true to replace it`);
  }
}

/** Removes a file, keeping its directory as a real filesystem would when it becomes empty. */
function removeFile(state: FilesystemState, path: string): void {
  delete state.files[path];
  const parent = path.slice(0, path.lastIndexOf("/")) || "/";
  if (!isDir(state, parent)) state.dirs = [...state.dirs, parent].sort();
}

/** The entries directly inside a directory, sorted by name; a directory's size is the total under it. */
function listEntries(state: FilesystemState, dir: string) {
  const prefix = dir === "/" ? "/" : `${dir}/`;
  const names = new Set<string>();
  for (const p of [...Object.keys(state.files), ...state.dirs]) {
    if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0] ?? "");
  }
  return [...names].sort().map((name) => {
    const path = prefix + name;
    const content = state.files[path];
    if (content !== undefined) return { name, path, type: "file", size: bytes(content) };
    const size = filesUnder(state, path).reduce((sum, p) => sum + bytes(state.files[p] ?? ""), 0);
    return { name, path, type: "dir", size };
  });
}

const pathArg = (what: string, example = "/reports/nov.csv") =>
  z.string().min(1).describe(`${what}, e.g. ${example}.`);
const overwriteArg = z
  .boolean()
  .default(false)
  .describe("Replace the destination if it exists. Default false: an existing destination is an error.");

const entrySchema = z.strictObject({
  name: z.string(),
  path: z.string(),
  type: z.enum(["file", "dir"]),
  size: z.number().int().nonnegative(),
});
const transferSchema = z.strictObject({
  src: z.string(),
  dest: z.string(),
  size: z.number().int().nonnegative(),
});

function tool<A extends z.ZodObject>(spec: DomainTool<FilesystemState, A>): DomainTool<FilesystemState> {
  return defineTool(spec);
}

const listDir = tool({
  name: "list_dir",
  description:
    "Lists the entries directly inside a directory, sorted by name. Returns { path, entries: [{ name, path, type: " +
    '"file" | "dir", size }] }, where a file\'s size is its length in bytes and a directory\'s the total of the files ' +
    "under it. Errors: NOT_FOUND if the directory does not exist; INVALID_ARGUMENT if the path is relative, " +
    "contains '..', or names a file.",
  input: z.strictObject({
    path: z.string().min(1).default("/").describe("Absolute path of the directory. Default /."),
  }),
  output: z.strictObject({ path: z.string(), entries: z.array(entrySchema) }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const path = resolvePath(args.path);
    requireDir(state, path);
    return { path, entries: listEntries(state, path) };
  },
});

const readFile = tool({
  name: "read_file",
  description:
    "Reads a whole text file. Returns { path, content, size } with size in bytes (UTF-8). Errors: NOT_FOUND if " +
    "no file exists at the path; INVALID_ARGUMENT if the path is relative, contains '..', or names a directory.",
  input: z.strictObject({ path: pathArg("Absolute path of the file to read") }),
  output: z.strictObject({ path: z.string(), content: z.string(), size: z.number().int().nonnegative() }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const path = resolvePath(args.path);
    const content = requireFile(state, path);
    return { path, content, size: bytes(content) };
  },
});

const writeFile = tool({
  name: "write_file",
  description:
    'Writes text to a file, creating missing parent directories. mode "overwrite" (default) creates or replaces ' +
    'the file, "create" fails if it exists, "append" adds to the end (creating the file if missing). Returns ' +
    "{ path, size, created } with the file's new size in bytes. Errors: ALREADY_EXISTS in create mode when the " +
    "file exists; PERMISSION_DENIED if the path is read-only; INVALID_ARGUMENT if the path is relative, contains " +
    "'..', names a directory, or lies under a file.",
  input: z.strictObject({
    path: pathArg("Absolute path of the file to write"),
    content: z.string().describe("Text to write (or to append, in append mode)."),
    mode: z
      .enum(["overwrite", "create", "append"])
      .default("overwrite")
      .describe(
        '"overwrite" (default) replaces, "create" refuses an existing file, "append" adds to the end.',
      ),
  }),
  output: z.strictObject({ path: z.string(), size: z.number().int().nonnegative(), created: z.boolean() }),
  readOnly: false,
  destructive: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const path = resolvePath(args.path);
    requireTarget(state, path, args.mode !== "create");
    const previous = state.files[path];
    const content = args.mode === "append" ? (previous ?? "") + args.content : args.content;
    state.files[path] = content;
    return { path, size: bytes(content), created: previous === undefined };
  },
});

const deleteFile = tool({
  name: "delete_file",
  description:
    "Deletes a file; its directory remains. Returns { path, deleted: true, size } with the size the file had. " +
    "Errors: NOT_FOUND if no file exists at the path; PERMISSION_DENIED if it is read-only; INVALID_ARGUMENT if " +
    "the path is relative, contains '..', or names a directory (delete the files inside one by one).",
  input: z.strictObject({ path: pathArg("Absolute path of the file to delete") }),
  output: z.strictObject({
    path: z.string(),
    deleted: z.literal(true),
    size: z.number().int().nonnegative(),
  }),
  readOnly: false,
  destructive: true,
  idempotent: true,
  latency: 1,
  run(state, args) {
    const path = resolvePath(args.path);
    const content = requireFile(state, path);
    requireWritable(state, path);
    removeFile(state, path);
    return { path, deleted: true, size: bytes(content) };
  },
});

const moveFile = tool({
  name: "move_file",
  description:
    "Moves or renames a file; dest is the file's full new path, and missing parent directories are created. " +
    "Returns { src, dest, size }. Errors: NOT_FOUND if src does not exist; ALREADY_EXISTS if dest exists and " +
    "overwrite is not set; PERMISSION_DENIED if src or dest is read-only; INVALID_ARGUMENT if a path is " +
    "relative, contains '..', names a directory, or src and dest are the same.",
  input: z.strictObject({
    src: pathArg("Absolute path of the file to move"),
    dest: pathArg("Absolute new path of the file (not just a directory)", "/archive/nov.csv"),
    overwrite: overwriteArg,
  }),
  output: transferSchema,
  readOnly: false,
  destructive: true,
  idempotent: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const src = resolvePath(args.src, "src");
    const dest = resolvePath(args.dest, "dest");
    const content = requireFile(state, src);
    if (src === dest)
      throw new DomainError("INVALID_ARGUMENT", `src and dest are both ${src}; give a new path`);
    requireWritable(state, src);
    requireTarget(state, dest, args.overwrite);
    removeFile(state, src);
    state.files[dest] = content;
    return { src, dest, size: bytes(content) };
  },
});

const copyFile = tool({
  name: "copy_file",
  description:
    "Copies a file to a new path (the full path of the copy); missing parent directories are created. Returns " +
    "{ src, dest, size }. Errors: NOT_FOUND if src does not exist; ALREADY_EXISTS if dest exists and overwrite " +
    "is not set; PERMISSION_DENIED if dest is read-only (a read-only src may be copied); INVALID_ARGUMENT if a " +
    "path is relative, contains '..', names a directory, or src and dest are the same.",
  input: z.strictObject({
    src: pathArg("Absolute path of the file to copy"),
    dest: pathArg("Absolute path of the copy (not just a directory)", "/backup/nov.csv"),
    overwrite: overwriteArg,
  }),
  output: transferSchema,
  readOnly: false,
  destructive: true,
  idempotent: true,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args) {
    const src = resolvePath(args.src, "src");
    const dest = resolvePath(args.dest, "dest");
    const content = requireFile(state, src);
    if (src === dest)
      throw new DomainError("INVALID_ARGUMENT", `src and dest are both ${src}; give a new path`);
    requireTarget(state, dest, args.overwrite);
    state.files[dest] = content;
    return { src, dest, size: bytes(content) };
  },
});

const fileInfo = tool({
  name: "file_info",
  description:
    'Describes a file or directory. Returns { path, type: "file" | "dir", size, readonly, lines, entries }: size ' +
    "in bytes (for a directory, the total of the files under it), readonly when tools may not change it, lines " +
    "the number of lines of a file (null for a directory), entries the number of entries directly inside a " +
    "directory (null for a file). Errors: NOT_FOUND if nothing exists at the path; INVALID_ARGUMENT if the path " +
    "is relative or contains '..'.",
  input: z.strictObject({ path: pathArg("Absolute path of the file or directory") }),
  output: z.strictObject({
    path: z.string(),
    type: z.enum(["file", "dir"]),
    size: z.number().int().nonnegative(),
    readonly: z.boolean(),
    lines: z.number().int().nonnegative().nullable(),
    entries: z.number().int().nonnegative().nullable(),
  }),
  readOnly: true,
  latency: 1,
  run(state, args) {
    const path = resolvePath(args.path);
    const readonly = isReadonly(state, path);
    const content = state.files[path];
    if (content !== undefined) {
      // Like `wc -l` but counting a last line that lacks its newline.
      const lines = content === "" ? 0 : content.split("\n").length - (content.endsWith("\n") ? 1 : 0);
      return { path, type: "file", size: bytes(content), readonly, lines, entries: null };
    }
    requireDir(state, path);
    const entries = listEntries(state, path);
    const size = entries.reduce((sum, e) => sum + e.size, 0);
    return { path, type: "dir", size, readonly, lines: null, entries: entries.length };
  },
});

const searchFiles = tool({
  name: "search_files",
  description:
    "Searches the contents of every file under a directory (recursively) for a text, like grep -rF. Returns " +
    "{ query, path, matches: [{ path, lines }], count }: the matching files sorted by path, each with the " +
    "1-based numbers of its lines that contain the text, and count the number of matching files. No match is " +
    "not an error. Errors: NOT_FOUND if the directory does not exist; INVALID_ARGUMENT if the path is relative, " +
    "contains '..', or names a file.",
  input: z.strictObject({
    query: z.string().min(1).describe("Text to look for, matched literally (not a regular expression)."),
    path: z
      .string()
      .min(1)
      .default("/")
      .describe("Absolute path of the directory to search under. Default /."),
    ignore_case: z.boolean().default(false).describe("Match regardless of letter case. Default false."),
  }),
  output: z.strictObject({
    query: z.string(),
    path: z.string(),
    matches: z.array(z.strictObject({ path: z.string(), lines: z.array(z.number().int().positive()) })),
    count: z.number().int().nonnegative(),
  }),
  readOnly: true,
  latency: { lognormal: { median: 3, p95: 8 } },
  run(state, args) {
    const path = resolvePath(args.path);
    requireDir(state, path);
    const fold = (s: string): string => (args.ignore_case ? s.toLowerCase() : s);
    const needle = fold(args.query);
    const matches = filesUnder(state, path).flatMap((file) => {
      const lines = (state.files[file] ?? "")
        .split("\n")
        .flatMap((line, i) => (fold(line).includes(needle) ? [i + 1] : []));
      return lines.length > 0 ? [{ path: file, lines }] : [];
    });
    return { query: args.query, path, matches, count: matches.length };
  },
});

const compress = tool({
  name: "compress",
  description:
    "Compresses a file, or a directory with everything under it, into an archive file at dest. The archive " +
    "is LZ77-coded text, so its size depends only on the names and contents archived. Members are named " +
    "relative to src's parent directory (compressing /reports gives reports/nov.csv). Returns { path, size, " +
    "original_size, files }: the archive's path and size in bytes, the total size of the archived files, and " +
    "how many there are. Errors: NOT_FOUND if src does not exist; ALREADY_EXISTS if dest exists and overwrite " +
    "is not set; PERMISSION_DENIED if dest is read-only; INVALID_ARGUMENT if a path is relative, contains " +
    "'..', dest names a directory, or dest is src.",
  input: z.strictObject({
    src: z.string().min(1).describe("Absolute path of the file or directory to compress, e.g. /reports."),
    dest: z.string().min(1).describe("Absolute path of the archive to write, e.g. /archive/reports.zip."),
    overwrite: overwriteArg,
  }),
  output: z.strictObject({
    path: z.string(),
    size: z.number().int().nonnegative(),
    original_size: z.number().int().nonnegative(),
    files: z.number().int().nonnegative(),
  }),
  readOnly: false,
  destructive: true,
  idempotent: true,
  latency: { lognormal: { median: 5, p95: 12 } },
  run(state, args) {
    const src = resolvePath(args.src, "src");
    const dest = resolvePath(args.dest, "dest");
    if (!isFile(state, src)) requireDir(state, src);
    const paths = isFile(state, src) ? [src] : filesUnder(state, src);
    if (src === dest)
      throw new DomainError("INVALID_ARGUMENT", `dest is src (${src}); give the archive a new path`);
    requireTarget(state, dest, args.overwrite);
    const base = src.slice(0, src.lastIndexOf("/") + 1);
    const members = paths.map((p) => ({ name: p.slice(base.length), content: state.files[p] ?? "" }));
    const archive = packArchive(members);
    state.files[dest] = archive;
    const original = members.reduce((sum, m) => sum + bytes(m.content), 0);
    return { path: dest, size: bytes(archive), original_size: original, files: members.length };
  },
});

export const filesystem = defineDomain({
  name: "filesystem",
  category: "Filesystem",
  description:
    "A text-file filesystem: absolute paths, directories implied by the files in them, optional read-only paths.",
  state: filesystemStateSchema,
  tools: [listDir, readFile, writeFile, deleteFile, moveFile, copyFile, fileInfo, searchFiles, compress],
});
