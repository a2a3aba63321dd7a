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
