import { z } from "zod";

/**
 * How long a tool takes, in latency units: steps in the `step` clock, and `unitMs` milliseconds
 * each in the `wall` clock. A bare number is a fixed latency.
 */
const nonNegative = z.number().finite().nonnegative();
const positive = z.number().finite().positive();

export const latencySpecSchema = z.union([
  nonNegative.describe("A fixed latency."),
  z.strictObject({ fixed: nonNegative }),
  z.strictObject({
    uniform: z
      .strictObject({ min: nonNegative, max: nonNegative })
      .refine((u) => u.max >= u.min, { message: "max must be at least min", path: ["max"] }),
  }),
  z.strictObject({ normal: z.strictObject({ mean: nonNegative, sd: nonNegative }) }),
  z.strictObject({
    lognormal: z
      .strictObject({ median: positive, p95: positive })
      .refine((l) => l.p95 >= l.median, { message: "p95 must be at least the median", path: ["p95"] }),
  }),
  z.strictObject({ exponential: z.strictObject({ mean: positive }) }),
  z.strictObject({ empirical: z.array(nonNegative).min(1, "give at least one latency") }),
]);

export type LatencySpec = z.infer<typeof latencySpecSchema>;

/** Faults injected into a tool's jobs. */
export const faultSpecSchema = z.strictObject({
  failureRate: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("Probability that a job ends failed with a retryable error."),
  concurrency: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Most jobs of this tool working at once; excess calls are refused as busy."),
  timeout: positive.optional().describe("A job still working after this long ends expired."),
});

export type FaultSpec = z.infer<typeof faultSpecSchema>;
