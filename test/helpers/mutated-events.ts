import fc from "fast-check";

/**
 * Events made from `examples` with up to three fields replaced by `value`s, removed, or added
 * (`keys` says which): what the recorder's hand checks are tried on against the schemas. A
 * replaced field is defined, not assigned, so that a `__proto__` key is a field like any other.
 */
export function mutatedEvents(
  examples: readonly Record<string, unknown>[],
  keys: readonly string[],
  value: fc.Arbitrary<unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.constantFrom(...examples),
      fc.array(fc.tuple(fc.constantFrom(...keys), fc.oneof(value, fc.constant("delete"))), { maxLength: 3 }),
    )
    .map(([example, changes]) => {
      const event: Record<string, unknown> = { ...example };
      for (const [key, change] of changes) {
        if (change === "delete") delete event[key];
        else
          Object.defineProperty(event, key, {
            value: change,
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      return event;
    });
}

/**
 * Values that each field's schema accepts or refuses in some way: awkward numbers, `words` (the
 * strings the schemas know), small strings, arrays (one with a hole) and `objects`, plus a few
 * objects no schema should pass (a `NaN` inside, a `Date`, an object with no prototype).
 */
export function fieldValues(words: readonly string[], objects: readonly unknown[]): fc.Arbitrary<unknown> {
  const holey = new Array<string>(2);
  holey[1] = "hole";
  return fc.oneof(
    fc.constantFrom<unknown>(
      undefined,
      null,
      -1,
      -0,
      0,
      1.5,
      2 ** 60,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      "",
      ...words,
      "nobody",
      true,
      false,
    ),
    fc.integer({ min: -3, max: 1000 }),
    fc.string({ maxLength: 4 }),
    fc.array(fc.oneof(fc.string({ maxLength: 2 }), fc.integer()), { maxLength: 3 }),
    fc.constantFrom<unknown>(
      holey,
      ...objects,
      { n: Number.NaN },
      { deep: [{ fine: true }] },
      new Date(0),
      Object.create(null),
    ),
  );
}
