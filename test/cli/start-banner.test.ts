import { describe, expect, it } from "vitest";
import { publicUrl, reachableHost, startBanner } from "../../src/cli/start-banner.js";

const base = {
  url: "http://0.0.0.0:3000/mcp",
  host: "0.0.0.0",
  allowedHosts: ["localhost", "127.0.0.1"],
  auth: true,
  scenario: "travel-weekend",
  scenarioCount: 1,
  recordings: "/app/recordings",
  sharedEpisode: false,
} as const;

describe("the HTTP start-up banner", () => {
  it("names a host the server accepts when bound to every interface, loopback first", () => {
    expect(reachableHost("0.0.0.0", ["localhost", "127.0.0.1"])).toEqual({
      host: "127.0.0.1",
      accepted: true,
    });
    expect(reachableHost("0.0.0.0", ["mcp.example.org"])).toEqual({
      host: "mcp.example.org",
      accepted: true,
    });
    expect(reachableHost("::", undefined)).toEqual({ host: "127.0.0.1", accepted: true });
    expect(reachableHost("::", ["::1"])).toEqual({ host: "::1", accepted: true });
    expect(publicUrl("http://[::]:4000/mcp", "::", ["::1"])).toBe("http://[::1]:4000/mcp");
  });

  it("keeps an allowed bound host, and warns about one the Host check will refuse", () => {
    expect(publicUrl("http://127.0.0.1:3000/mcp", "127.0.0.1", undefined)).toBe("http://127.0.0.1:3000/mcp");
    expect(reachableHost("192.168.1.5", undefined)).toEqual({ host: "192.168.1.5", accepted: false });
    const banner = startBanner({
      ...base,
      url: "http://192.168.1.5:3000/mcp",
      host: "192.168.1.5",
      allowedHosts: undefined,
    });
    expect(banner).toContain("Warning: 192.168.1.5 is not in --allowed-hosts");
  });

  it("prints no 0.0.0.0 URL, and the bearer header from the variable (never the token) when auth is on", () => {
    const banner = startBanner(base);
    expect(banner).not.toMatch(/http:\/\/0\.0\.0\.0/);
    expect(banner).toContain("serving scenario travel-weekend at http://127.0.0.1:3000/mcp");
    expect(banner).toContain(
      'claude mcp add --transport http asynctool http://127.0.0.1:3000/mcp --header "Authorization: Bearer $ASYNCTOOL_AUTH_TOKEN"',
    );
    expect(banner).toContain("Health: http://127.0.0.1:3000/healthz");
    expect(startBanner({ ...base, auth: false })).not.toContain("Authorization");
  });
});
