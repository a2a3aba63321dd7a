import { hostHeaderValidation } from "@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js";
import type { NextFunction, Request, Response } from "express";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostNames, hostValidation, rememberPassedHosts } from "../../src/transports/host-check.js";

/** What a Host check did with one request: passed it on (with next's arguments) or answered it. */
type Outcome = { next: unknown[] } | { status: number; body: unknown };

function run(
  check: (req: Request, res: Response, next: NextFunction) => void,
  host: string | undefined,
): Outcome {
  let outcome: Outcome | undefined;
  let status = 200;
  const res = {
    status(code: number) {
      status = code;
      return res;
    },
    json(body: unknown) {
      outcome = { status, body };
      return res;
    },
  } as unknown as Response;
  const req = { headers: host === undefined ? {} : { host } } as unknown as Request;
  check(req, res, ((...args: unknown[]) => {
    outcome = { next: args };
  }) as NextFunction);
  if (!outcome) throw new Error("the check neither passed nor answered the request");
  return outcome;
}

/** Host headers a client may send: accepted names with and without ports, near misses, garbage. */
const hostHeader = fc.oneof(
  fc.constantFrom(
    "127.0.0.1",
    "127.0.0.1:3000",
    "localhost",
    "localhost:8080",
    "LOCALHOST:1",
    "[::1]",
    "[::1]:3000",
    "::1",
    "evil.example",
    "evil.example:3000",
    "localhost.evil.example",
    "127.0.0.1:99999",
    "",
    " localhost",
    "localhost/x",
    "user@localhost",
    "[::1",
    "example.com",
    "Example.COM:80",
  ),
  fc.string({ maxLength: 12 }),
  fc.constant(undefined),
);
const allowedLists = fc.constantFrom<readonly string[] | undefined>(
  undefined,
  ["example.com"],
  ["localhost", "::1"],
  ["[::1]", "evil.example"],
);

describe("hostValidation", () => {
  it("gives every request of any sequence the SDK check's verdict, whatever it remembers", () => {
    fc.assert(
      fc.property(
        allowedLists,
        fc.array(hostHeader, { maxLength: 30 }),
        fc.integer({ min: 0, max: 4 }),
        (allowed, hosts, capacity) => {
          const names = hostNames(allowed);
          const sdkNames = names.flatMap((h) => (h.includes(":") ? [h, `[${h}]`] : [h]));
          const sdk = hostHeaderValidation(sdkNames);
          const remembered = rememberPassedHosts(hostHeaderValidation(sdkNames), capacity);
          const full = hostValidation(names);
          for (const host of hosts) {
            const expected = run(sdk, host);
            expect(run(remembered, host)).toEqual(expected);
            expect(run(full, host)).toEqual(expected);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("asks the check once per passed Host, and again for every refused one", () => {
    let asked = 0;
    const sdk = hostHeaderValidation(["localhost"]);
    const counted = rememberPassedHosts((req, res, next) => {
      asked += 1;
      sdk(req, res, next);
    });
    for (let i = 0; i < 3; i++) expect(run(counted, "localhost:3000")).toEqual({ next: [] });
    expect(asked).toBe(1);
    for (let i = 0; i < 3; i++) expect(run(counted, "evil.example")).toMatchObject({ status: 403 });
    expect(asked).toBe(4);
    expect(run(counted, undefined)).toMatchObject({ status: 403 });
    expect(asked).toBe(5);
  });

  it("does not remember a Host the check handed on with an error", () => {
    let asked = 0;
    const failing = rememberPassedHosts((_req, _res, next) => {
      asked += 1;
      next(new Error("refused"));
    });
    for (let i = 0; i < 3; i++) expect(run(failing, "localhost")).toEqual({ next: [new Error("refused")] });
    expect(asked).toBe(3);
  });

  it("remembers no more Hosts than its capacity, and still checks the others", () => {
    let asked = 0;
    const counted = rememberPassedHosts((_req, _res, next) => {
      asked += 1;
      next();
    }, 2);
    for (const host of ["a", "b", "c", "a", "b", "c"]) run(counted, host);
    expect(asked).toBe(4);
  });
});
