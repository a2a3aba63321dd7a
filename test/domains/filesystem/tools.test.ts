import { describe, expect, it } from "vitest";
import { unpackArchive } from "../../../src/domains/filesystem/archive.js";
import { filesystem } from "../../../src/domains/filesystem/tools.js";
import { type Harness, harness, toolOf } from "../harness.js";

const NOV = "date,amount\n2026-11-01,10\n2026-11-02,12\n"; // 40 bytes
const OCT = "date,amount\n2026-10-01,7\n"; // 25 bytes

const initial = {
  files: {
    "/reports/nov.csv": NOV,
    "/reports/oct.csv": OCT,
    "/notes/todo.txt": "buy milk\nCall Ada\n",
    "/notes/héllo.txt": "héllo", // 6 bytes: é is two in UTF-8
    "/etc/hosts": "127.0.0.1 localhost\n",
  },
  dirs: ["/archive"],
  readonly: ["/etc"],
};

const fs = () => harness(filesystem, initial);
const fileText = (h: Harness, path: string): string => (h.state.files as Record<string, string>)[path] ?? "";

describe("filesystem state", () => {
  it("fills defaults", () => {
    expect(filesystem.state.parse({})).toEqual({ files: {}, dirs: [], readonly: [] });
  });

  it.each([
    [{ files: { "reports/nov.csv": "" } }, "absolute path"],
    [{ files: { "/a/../b": "" } }, "'..'"],
    [{ files: { "/a/": "" } }, "trailing '/'"],
    [{ dirs: ["/a//b"] }, "'//'"],
    [{ files: { "/a": "", "/a/b": "" } }, "/a is a file"],
    [{ files: { "/a": "" }, dirs: ["/a/b"] }, "/a is a file"],
    [{ files: { "/": "" } }, "root directory"],
    [{ files: {}, extra: true }, "extra"],
  ])("rejects %j", (state, message) => {
    const result = filesystem.state.safeParse(state);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.message} ${JSON.stringify(i)}`).join("\n")).toContain(
      message,
    );
  });
});

describe("list_dir", () => {
  it("lists the root by default, sorted, with directory sizes totalled", () => {
    expect(fs().call("list_dir")).toEqual({
      path: "/",
      entries: [
        { name: "archive", path: "/archive", type: "dir", size: 0 },
        { name: "etc", path: "/etc", type: "dir", size: 20 },
        { name: "notes", path: "/notes", type: "dir", size: 24 },
        { name: "reports", path: "/reports", type: "dir", size: 65 },
      ],
    });
  });

  it("lists files with their byte sizes, tolerating a trailing slash", () => {
    expect(fs().call("list_dir", { path: "/reports/" })).toEqual({
      path: "/reports",
      entries: [
        { name: "nov.csv", path: "/reports/nov.csv", type: "file", size: 40 },
        { name: "oct.csv", path: "/reports/oct.csv", type: "file", size: 25 },
      ],
    });
    expect(fs().call("list_dir", { path: "/archive" })).toEqual({ path: "/archive", entries: [] });
  });

  it("fails on a missing directory, a file, a relative path and '..'", () => {
    const h = fs();
    expect(h.fail("list_dir", { path: "/nope" }, "NOT_FOUND").message).toMatch(
      /No directory at \/nope; call list_dir/,
    );
    expect(h.fail("list_dir", { path: "/reports/nov.csv" }, "INVALID_ARGUMENT").message).toMatch(
      /is a file.*read_file/,
    );
    expect(h.fail("list_dir", { path: "reports" }, "INVALID_ARGUMENT").message).toMatch(
      /relative; give an absolute path, e.g. \/reports/,
    );
    expect(h.fail("list_dir", { path: "/reports/../etc" }, "INVALID_ARGUMENT").message).toMatch(
      /'\.\.'.*without them/,
    );
  });
});

describe("read_file", () => {
  it("returns the content and its UTF-8 byte size", () => {
    expect(fs().call("read_file", { path: "/notes/héllo.txt" })).toEqual({
      path: "/notes/héllo.txt",
      content: "héllo",
      size: 6,
    });
  });

  it("fails on a missing file and on a directory", () => {
    const h = fs();
    expect(h.fail("read_file", { path: "/reports/dec.csv" }, "NOT_FOUND").message).toMatch(
      /No file at \/reports\/dec.csv; call list_dir/,
    );
    expect(h.fail("read_file", { path: "/reports" }, "INVALID_ARGUMENT").message).toMatch(
      /is a directory; call list_dir/,
    );
    h.fail("read_file", { path: "./x" }, "INVALID_ARGUMENT");
  });
});

describe("write_file", () => {
  it("creates a file and its parent directories", () => {
    const h = fs();
    expect(h.call("write_file", { path: "/new/deep/a.txt", content: "hi" })).toEqual({
      path: "/new/deep/a.txt",
      size: 2,
      created: true,
    });
    expect(h.call("list_dir", { path: "/new" }).entries).toEqual([
      { name: "deep", path: "/new/deep", type: "dir", size: 2 },
    ]);
  });

  it("overwrites by default, appends, and refuses an existing file in create mode", () => {
    const h = fs();
    expect(h.call("write_file", { path: "/notes/todo.txt", content: "x" })).toEqual({
      path: "/notes/todo.txt",
      size: 1,
      created: false,
    });
    expect(h.call("write_file", { path: "/notes/todo.txt", content: "yz", mode: "append" }).size).toBe(3);
    expect(h.state.files).toMatchObject({ "/notes/todo.txt": "xyz" });
    expect(h.call("write_file", { path: "/notes/log.txt", content: "a", mode: "append" }).created).toBe(true);
    const error = h.fail(
      "write_file",
      { path: "/notes/todo.txt", content: "", mode: "create" },
      "ALREADY_EXISTS",
    );
    expect(error.message).toMatch(/exists already; pass overwrite: true/);
    expect(h.call("write_file", { path: "/notes/fresh.txt", content: "", mode: "create" }).created).toBe(
      true,
    );
  });

  it("refuses read-only paths, directories and paths under a file", () => {
    const h = fs();
    expect(h.fail("write_file", { path: "/etc/passwd", content: "" }, "PERMISSION_DENIED").message).toMatch(
      /read-only; write to a path outside it/,
    );
    expect(h.fail("write_file", { path: "/reports", content: "" }, "INVALID_ARGUMENT").message).toMatch(
      /is a directory; give the full path of a file inside it/,
    );
    h.fail("write_file", { path: "/", content: "" }, "INVALID_ARGUMENT");
    expect(
      h.fail("write_file", { path: "/reports/nov.csv/x", content: "" }, "INVALID_ARGUMENT").message,
    ).toMatch(/\/reports\/nov.csv is a file, so \/reports\/nov.csv\/x cannot be created/);
    h.fail("write_file", { path: "notes.txt", content: "" }, "INVALID_ARGUMENT");
  });
});

describe("delete_file", () => {
  it("deletes a file and keeps its directory when it becomes empty", () => {
    const h = fs();
    expect(h.call("delete_file", { path: "/reports/nov.csv" })).toEqual({
      path: "/reports/nov.csv",
      deleted: true,
      size: 40,
    });
    h.call("delete_file", { path: "/reports/oct.csv" });
    expect(h.call("list_dir", { path: "/reports" })).toEqual({ path: "/reports", entries: [] });
    expect(h.state.dirs).toEqual(["/archive", "/reports"]);
  });

  it("fails on a missing file, a read-only file and a directory", () => {
    const h = fs();
    h.fail("delete_file", { path: "/reports/dec.csv" }, "NOT_FOUND");
    h.fail("delete_file", { path: "/etc/hosts" }, "PERMISSION_DENIED");
    expect(h.fail("delete_file", { path: "/notes" }, "INVALID_ARGUMENT").message).toMatch(
      /directory; call list_dir/,
    );
    h.fail("delete_file", { path: "/notes/../etc/hosts" }, "INVALID_ARGUMENT");
  });
});

describe("move_file", () => {
  it("renames a file into a new directory", () => {
    const h = fs();
    expect(h.call("move_file", { src: "/reports/oct.csv", dest: "/old/oct.csv" })).toEqual({
      src: "/reports/oct.csv",
      dest: "/old/oct.csv",
      size: 25,
    });
    expect(h.state.files).not.toHaveProperty(["/reports/oct.csv"]);
    expect(h.call("read_file", { path: "/old/oct.csv" }).content).toBe(OCT);
  });

  it("replaces an existing destination only with overwrite", () => {
    const h = fs();
    const error = h.fail(
      "move_file",
      { src: "/reports/oct.csv", dest: "/reports/nov.csv" },
      "ALREADY_EXISTS",
    );
    expect(error.message).toMatch(/pass overwrite: true/);
    h.call("move_file", { src: "/reports/oct.csv", dest: "/reports/nov.csv", overwrite: true });
    expect(h.call("list_dir", { path: "/reports" }).entries).toEqual([
      { name: "nov.csv", path: "/reports/nov.csv", type: "file", size: 25 },
    ]);
  });

  it("fails on a missing source, read-only paths, a directory and the same path", () => {
    const h = fs();
    h.fail("move_file", { src: "/reports/dec.csv", dest: "/x" }, "NOT_FOUND");
    h.fail("move_file", { src: "/etc/hosts", dest: "/hosts" }, "PERMISSION_DENIED");
    h.fail("move_file", { src: "/notes/todo.txt", dest: "/etc/todo.txt" }, "PERMISSION_DENIED");
    h.fail("move_file", { src: "/notes/todo.txt", dest: "/archive" }, "INVALID_ARGUMENT");
    h.fail("move_file", { src: "/notes", dest: "/notes2" }, "INVALID_ARGUMENT");
    expect(
      h.fail("move_file", { src: "/notes/todo.txt", dest: "/notes//todo.txt" }, "INVALID_ARGUMENT").message,
    ).toMatch(/both \/notes\/todo.txt; give a new path/);
    h.fail("move_file", { src: "notes/todo.txt", dest: "/x" }, "INVALID_ARGUMENT");
  });
});

describe("copy_file", () => {
  it("copies, even from a read-only file", () => {
    const h = fs();
    expect(h.call("copy_file", { src: "/etc/hosts", dest: "/backup/hosts" })).toEqual({
      src: "/etc/hosts",
      dest: "/backup/hosts",
      size: 20,
    });
    expect(h.state.files).toMatchObject({
      "/etc/hosts": "127.0.0.1 localhost\n",
      "/backup/hosts": "127.0.0.1 localhost\n",
    });
  });

  it("replaces an existing destination only with overwrite", () => {
    const h = fs();
    h.fail("copy_file", { src: "/reports/oct.csv", dest: "/reports/nov.csv" }, "ALREADY_EXISTS");
    expect(
      h.call("copy_file", { src: "/reports/oct.csv", dest: "/reports/nov.csv", overwrite: true }).size,
    ).toBe(25);
    expect(h.state.files).toMatchObject({ "/reports/nov.csv": OCT, "/reports/oct.csv": OCT });
  });

  it("fails on a missing source, a read-only destination, a directory and the same path", () => {
    const h = fs();
    h.fail("copy_file", { src: "/nope", dest: "/x" }, "NOT_FOUND");
    h.fail("copy_file", { src: "/notes/todo.txt", dest: "/etc/todo.txt" }, "PERMISSION_DENIED");
    h.fail("copy_file", { src: "/notes/todo.txt", dest: "/notes" }, "INVALID_ARGUMENT");
    h.fail("copy_file", { src: "/notes/todo.txt", dest: "/notes/todo.txt" }, "INVALID_ARGUMENT");
    h.fail("copy_file", { src: "/notes/todo.txt", dest: "../x" }, "INVALID_ARGUMENT");
  });
});

describe("file_info", () => {
  it("describes a file", () => {
    const h = fs();
    expect(h.call("file_info", { path: "/reports/nov.csv" })).toEqual({
      path: "/reports/nov.csv",
      type: "file",
      size: 40,
      readonly: false,
      lines: 3,
      entries: null,
    });
    expect(h.call("file_info", { path: "/notes/héllo.txt" })).toMatchObject({ size: 6, lines: 1 });
    h.call("write_file", { path: "/empty", content: "" });
    expect(h.call("file_info", { path: "/empty" })).toMatchObject({ size: 0, lines: 0 });
    expect(h.call("file_info", { path: "/etc/hosts" }).readonly).toBe(true);
  });

  it("describes a directory", () => {
    const h = fs();
    expect(h.call("file_info", { path: "/reports" })).toEqual({
      path: "/reports",
      type: "dir",
      size: 65,
      readonly: false,
      lines: null,
      entries: 2,
    });
    expect(h.call("file_info", { path: "/" })).toMatchObject({ size: 109, entries: 4 });
    expect(h.call("file_info", { path: "/etc" }).readonly).toBe(true);
  });

  it("fails on a missing path and a relative one", () => {
    const h = fs();
    expect(h.fail("file_info", { path: "/nope" }, "NOT_FOUND").message).toMatch(/call list_dir/);
    h.fail("file_info", { path: "nope" }, "INVALID_ARGUMENT");
  });
});

describe("search_files", () => {
  it("finds the files that contain a text, with line numbers, sorted by path", () => {
    expect(fs().call("search_files", { query: "2026-1" })).toEqual({
      query: "2026-1",
      path: "/",
      matches: [
        { path: "/reports/nov.csv", lines: [2, 3] },
        { path: "/reports/oct.csv", lines: [2] },
      ],
      count: 2,
    });
  });

  it("searches under a directory, optionally ignoring case", () => {
    const h = fs();
    expect(h.call("search_files", { query: "call", path: "/notes" }).count).toBe(0);
    expect(h.call("search_files", { query: "call", path: "/notes", ignore_case: true }).matches).toEqual([
      { path: "/notes/todo.txt", lines: [2] },
    ]);
    expect(h.call("search_files", { query: "amount", path: "/notes" })).toEqual({
      query: "amount",
      path: "/notes",
      matches: [],
      count: 0,
    });
  });

  it("fails on a missing directory and on a file", () => {
    const h = fs();
    h.fail("search_files", { query: "x", path: "/nope" }, "NOT_FOUND");
    h.fail("search_files", { query: "x", path: "/etc/hosts" }, "INVALID_ARGUMENT");
    h.fail("search_files", { query: "x", path: "etc" }, "INVALID_ARGUMENT");
  });
});

describe("compress", () => {
  it("writes an archive whose reported size is its file size", () => {
    const h = fs();
    const result = h.call("compress", { src: "/reports/nov.csv", dest: "/archive/nov.zip" });
    expect(result).toMatchObject({ path: "/archive/nov.zip", original_size: 40, files: 1 });
    expect(h.call("file_info", { path: "/archive/nov.zip" }).size).toBe(result.size);
    // Pinned so an accidental change of the archive format shows: scenario answers depend on it.
    // 17 bytes of header, then 40 bytes of CSV less the second "\n2026-11-0" (10) coded as "\0e,a;" (5).
    expect(result.size).toBe(52);
    expect(unpackArchive(fileText(h, "/archive/nov.zip"))).toEqual([{ name: "nov.csv", content: NOV }]);
  });

  it("archives a directory with members named from its parent", () => {
    const h = fs();
    const result = h.call("compress", { src: "/reports", dest: "/archive/reports.zip" });
    expect(result).toMatchObject({ original_size: 65, files: 2 });
    expect(unpackArchive(fileText(h, "/archive/reports.zip"))).toEqual([
      { name: "reports/nov.csv", content: NOV },
      { name: "reports/oct.csv", content: OCT },
    ]);
  });

  it("makes repetitive content smaller, and its size depends only on the content", () => {
    const h = fs();
    const big = "id,name,amount\n".repeat(200);
    h.call("write_file", { path: "/a/big.csv", content: big });
    h.call("write_file", { path: "/b/big.csv", content: big });
    const a = h.call("compress", { src: "/a/big.csv", dest: "/a.zip" });
    const b = h.call("compress", { src: "/b/big.csv", dest: "/b.zip" });
    expect(a.size).toBeLessThan(a.original_size / 10);
    expect(b.size).toBe(a.size);
  });

  it("replaces an existing archive only with overwrite", () => {
    const h = fs();
    h.call("compress", { src: "/reports", dest: "/archive/r.zip" });
    h.fail("compress", { src: "/reports", dest: "/archive/r.zip" }, "ALREADY_EXISTS");
    expect(h.call("compress", { src: "/notes", dest: "/archive/r.zip", overwrite: true }).files).toBe(2);
  });

  it("fails on a missing source, a read-only destination, a directory destination and dest = src", () => {
    const h = fs();
    h.fail("compress", { src: "/nope", dest: "/x.zip" }, "NOT_FOUND");
    h.fail("compress", { src: "/reports", dest: "/etc/r.zip" }, "PERMISSION_DENIED");
    h.fail("compress", { src: "/reports", dest: "/archive" }, "INVALID_ARGUMENT");
    expect(
      h.fail("compress", { src: "/reports/nov.csv", dest: "/reports/nov.csv" }, "INVALID_ARGUMENT").message,
    ).toMatch(/give the archive a new path/);
    h.fail("compress", { src: "reports", dest: "/x.zip" }, "INVALID_ARGUMENT");
  });
});

describe("filesystem as a whole", () => {
  // One call of every tool: the result fits the output schema (checked by the harness), and
  // read-only tools leave the state as it was.
  const samples: Record<string, Record<string, unknown>> = {
    list_dir: { path: "/reports" },
    read_file: { path: "/reports/nov.csv" },
    write_file: { path: "/notes/new.txt", content: "x" },
    delete_file: { path: "/notes/todo.txt" },
    move_file: { src: "/notes/todo.txt", dest: "/notes/done.txt" },
    copy_file: { src: "/notes/todo.txt", dest: "/notes/copy.txt" },
    file_info: { path: "/notes" },
    search_files: { query: "Ada" },
    compress: { src: "/notes", dest: "/notes.zip" },
  };

  it("has a sample for every tool", () => {
    expect(Object.keys(samples).sort()).toEqual(filesystem.tools.map((t) => t.name).sort());
  });

  it.each(Object.entries(samples))("%s fits its output schema and its readOnly flag", (name, args) => {
    const h = fs();
    const before = structuredClone(h.state);
    h.call(name, args);
    if (toolOf(filesystem, name).readOnly) expect(h.state).toEqual(before);
    else expect(h.state).not.toEqual(before);
  });

  it("is deterministic: the same calls give the same results and state", () => {
    const run = () => {
      const h = fs();
      const results = [
        h.call("write_file", { path: "/tmp/a.txt", content: "alpha\nbeta\n" }),
        h.call("compress", { src: "/tmp", dest: "/archive/tmp.zip" }),
        h.call("move_file", { src: "/tmp/a.txt", dest: "/tmp/b.txt" }),
        h.fail("read_file", { path: "/tmp/a.txt" }, "NOT_FOUND").message,
        h.call("search_files", { query: "beta" }),
        h.call("list_dir", { path: "/tmp" }),
        h.call("compress", { src: "/", dest: "/all.zip" }),
      ];
      return { results, state: h.state };
    };
    expect(run()).toEqual(run());
  });

  it("does not share objects between results and the state", () => {
    const h = fs();
    const listing = h.call("list_dir", { path: "/reports" });
    listing.entries[0].name = "changed";
    expect(h.call("list_dir", { path: "/reports" }).entries[0].name).toBe("nov.csv");
  });
});
