import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JobDirectory } from "../../src/mcp/job-directory.js";

/** The rule the directory keeps: a Map in insertion order, the first key dropped past capacity. */
function reference(capacity: number) {
  const owners = new Map<string, string>();
  return {
    add(jobId: string, sessionId: string) {
      owners.set(jobId, sessionId);
      if (owners.size > capacity) {
        const oldest = owners.keys().next().value;
        if (oldest !== undefined) owners.delete(oldest);
      }
    },
    owner: (jobId: string) => owners.get(jobId),
  };
}

describe("the job directory", () => {
  it("forgets the oldest job once it holds `capacity`", () => {
    const directory = new JobDirectory(3);
    for (const id of ["a", "b", "c", "d"]) directory.add(id, `s-${id}`);
    expect(directory.owner("a")).toBeUndefined();
    expect(["b", "c", "d"].map((id) => directory.owner(id))).toEqual(["s-b", "s-c", "s-d"]);
    directory.add("e", "s-e");
    expect(directory.owner("b")).toBeUndefined();
    expect(directory.owner("e")).toBe("s-e");
  });

  it("keeps a job added again in its place, with its new owner", () => {
    const directory = new JobDirectory(2);
    directory.add("a", "s1");
    directory.add("b", "s1");
    directory.add("a", "s2");
    expect(directory.owner("a")).toBe("s2");
    // "a" is still the oldest: the next job forgets it, not "b".
    directory.add("c", "s3");
    expect(directory.owner("a")).toBeUndefined();
    expect(directory.owner("b")).toBe("s1");
  });

  it("remembers nothing with no capacity", () => {
    const directory = new JobDirectory(0);
    directory.add("a", "s1");
    expect(directory.owner("a")).toBeUndefined();
  });

  it("answers as a Map that drops its first key past capacity, whatever the adds", () => {
    const ids = fc.constantFrom("a", "b", "c", "d", "e", "f");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.tuple(ids, fc.constantFrom("s1", "s2", "s3")), { maxLength: 40 }),
        (capacity, adds) => {
          const directory = new JobDirectory(capacity);
          const model = reference(capacity);
          for (const [jobId, sessionId] of adds) {
            directory.add(jobId, sessionId);
            model.add(jobId, sessionId);
            for (const id of ["a", "b", "c", "d", "e", "f"])
              expect(directory.owner(id)).toBe(model.owner(id));
          }
        },
      ),
    );
  });
});
