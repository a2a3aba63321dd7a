/**
 * Where a tool error's code travels: `_meta[ERROR_META_KEY]` of the tool result, as
 * `{ code, retryable }`. Not structuredContent: the SDK's client validates structuredContent
 * against a tool's outputSchema even on errors (docs/architecture.md), so an error carries none.
 * docs/errors.md states this location, and test/error-location.test.ts holds the two together.
 */
export const ERROR_META_KEY = "asynctool/error";

/** What `_meta[ERROR_META_KEY]` holds. */
export interface ErrorMeta {
  readonly code: string;
  readonly retryable: boolean;
}
