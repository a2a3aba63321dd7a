import { describe, expect, it } from "vitest";
import { defaultRecordingsDir } from "../../src/cli/paths.js";

describe("the default recordings directory", () => {
  it("is under XDG_DATA_HOME on Linux when it is set to an absolute path", () => {
    expect(
      defaultRecordingsDir({ platform: "linux", env: { XDG_DATA_HOME: "/data/me" }, homedir: "/home/me" }),
    ).toBe("/data/me/asynctool/recordings");
  });

  it("is under ~/.local/share on Linux without XDG_DATA_HOME, or with an empty or relative one", () => {
    for (const env of [{}, { XDG_DATA_HOME: "" }, { XDG_DATA_HOME: "relative/dir" }]) {
      expect(defaultRecordingsDir({ platform: "linux", env, homedir: "/home/me" })).toBe(
        "/home/me/.local/share/asynctool/recordings",
      );
    }
  });

  it("follows the XDG rule on the other Unix systems too", () => {
    expect(defaultRecordingsDir({ platform: "freebsd", env: {}, homedir: "/home/me" })).toBe(
      "/home/me/.local/share/asynctool/recordings",
    );
  });

  it("is in Application Support on macOS, whatever XDG_DATA_HOME says", () => {
    expect(
      defaultRecordingsDir({ platform: "darwin", env: { XDG_DATA_HOME: "/x" }, homedir: "/Users/me" }),
    ).toBe("/Users/me/Library/Application Support/asynctool/recordings");
  });

  it("is under LOCALAPPDATA on Windows, else AppData\\Local in the profile", () => {
    expect(
      defaultRecordingsDir({
        platform: "win32",
        env: { LOCALAPPDATA: "D:\\Users\\me\\AppData\\Local" },
        homedir: "C:\\Users\\me",
      }),
    ).toBe("D:\\Users\\me\\AppData\\Local\\asynctool\\recordings");
    expect(defaultRecordingsDir({ platform: "win32", env: {}, homedir: "C:\\Users\\me" })).toBe(
      "C:\\Users\\me\\AppData\\Local\\asynctool\\recordings",
    );
  });
});
