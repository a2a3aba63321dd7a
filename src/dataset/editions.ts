import type { LatencyProfileName } from "./latency-profiles.js";
import type { EpisodeMix } from "./plan.js";

/** Editions of the suite: each draws its episodes with its own mix and keeps them by its own bar. */
export const EDITIONS = ["v1", "v2"] as const;
export type Edition = (typeof EDITIONS)[number];

/**
 * The bar on how much an episode rewards overlapping its calls: S / M* (the sequential bound over
 * the best makespan, docs/metrics.md) at least `minRatio` for every seed of `seeds`, except in
 * the `exempt` profiles.
 */
export interface BalanceBar {
  readonly minRatio: number;
  /**
   * The same ratio with every step at its tool's median latency, at least this times the number
   * of tasks (n tasks of equal length would reach about n): the composition's own balance,
   * whatever the seed.
   */
  readonly typicalPerTask?: number;
  readonly seeds: readonly number[];
  readonly exempt: readonly LatencyProfileName[];
}

export interface EditionSettings {
  readonly mix: EpisodeMix;
  /** Episode ids are `<prefix>-0001`... unless the command line says otherwise. */
  readonly prefix: string;
  /** None: every draw the oracle solves is kept. */
  readonly balance?: BalanceBar;
  /** Draws for one episode before generation gives up. */
  readonly maxAttempts: number;
  /** Templates kept out of the edition, each with the reason. */
  readonly leftOut?: Readonly<Record<string, string>>;
  /**
   * The second edition's rules (src/dataset/second-edition-checks.ts): every task needs its
   * tools, and its answer check fails a dump and a hedge; a draw that breaks one is redrawn.
   */
  readonly needsTools?: boolean;
  /**
   * Instructions framed in one of several phrasings (src/dataset/phrasings.ts), and no two tasks
   * of the suite with the same instruction once case, numbers, identifiers and spaces are folded.
   */
  readonly distinctInstructions?: boolean;
}

/** Why a template is kept out of the second edition (the rules of src/dataset/second-edition-checks.ts). */
export const LEFT_OUT_BECAUSE = {
  STATELESS:
    "tool-free: a stateless computation on input the instruction carries (the numbers, strings and data-format calculators).",
  ANSWER_IN_INSTRUCTION:
    "answer in the instruction: the answer is one of the options the instruction names, or a value it gives.",
  UNCHECKED_WRITE:
    "unchecked write: it writes, and no state check looks at what it wrote (only the answer does).",
  ANY_ANSWER: "answered by `any`: a dump passes; the task is judged by its state alone, or not at all.",
  OPTIONS_PASS: "naming every option passes its answer check.",
} as const;

/**
 * The templates kept out of edition v2, with the reason: each breaks a rule of the second edition
 * in at least half of its draws (`node scripts/second-edition-survey.mjs 8`, each template alone,
 * 8 draws). A template that breaks one now and then stays, and the generator redraws it.
 */
export const V2_LEFT_OUT: Readonly<Record<string, string>> = {
  "travel/book-cheapest-flight": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/compare-two-dates": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "travel/book-cheapest-hotel": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/same-flight-for-colleague": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/hotel-at-destination": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/flight-and-hotel": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/round-trip": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/cheaper-origin": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/compare-hotel-cities": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "travel/group-flight": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/two-rooms": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/earlier-of-two-flights": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/cheapest-of-three-days": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/rebook-cancelled-hotel": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "travel/same-hotel-companion": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "filesystem/write-note": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "filesystem/rename-file": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "filesystem/backup-copy": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "filesystem/merge-two-files": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "filesystem/append-and-remove": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "filesystem/busier-folder": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "filesystem/compare-sizes": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "filesystem/clear-tmp-files": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "filesystem/close-ticket": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "filesystem/create-then-backup": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "filesystem/move-csv-files": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "filesystem/copy-then-append": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "messages/lookup-user-id": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "messages/send-to-contact": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/latest-from-contact": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "messages/search-and-read": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "messages/reply-in-thread": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/block-contact": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/unblock-and-send": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/delete-by-topic": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/clear-conversation": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/tell-two-people": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/forward-message": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/send-to-handle": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/sender-of-message": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "messages/did-they-reply": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "messages/block-sender-of": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/who-blocked-me": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "messages/fallback-contact": [
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
    LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  ].join(" "),
  "messages/block-and-purge": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/unblock-and-reply": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/read-two-matches": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "messages/original-of-reply": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "messages/reply-to-latest": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/delete-all-on-topic": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/reply-then-delete": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/block-two-spammers": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "messages/unblock-contact": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "social/publish-post": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "social/like-post": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "social/follow-user": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "social/comment-on-post": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "social/like-latest-by": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "social/comment-on-newest-tagged": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(
    " ",
  ),
  "social/follow-first-commenter": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "social/compare-followers": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "social/post-and-comment": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "social/congrats-author": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "social/thank-first-commenter": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "social/more-liked-post": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "social/follow-tag-authors": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "social/like-unliked-tagged": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "social/follow-and-like": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "social/engage-post": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "social/vetted-follow": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "social/feed-comment": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "social/follow-back": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "social/follow-more-popular": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "social/like-and-comment": LEFT_OUT_BECAUSE.ANY_ANSWER,
  "social/credit-recipe-author": [LEFT_OUT_BECAUSE.UNCHECKED_WRITE, LEFT_OUT_BECAUSE.ANY_ANSWER].join(" "),
  "numbers/largest-square-tile": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/convert-units": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/evaluate-expression": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/divisor-count": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/tip-amount": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/median-latency": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(" "),
  "numbers/bankers-rounding": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/cosine-of-angle": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/whole-units-floor": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/factorial-divisors": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/percent-change-truncated": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/bus-timetable-lcm": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/best-month-share": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/round-estimate-thousands": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/mean-then-convert": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/backup-size-gib": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/common-divisors": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/mersenne-largest-factor": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/sum-of-prime-factors": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/ramp-rise": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/reduce-fraction": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/screen-diagonal": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/exam-z-score": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/mixed-unit-average-weight": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/cable-total-metres": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/next-power-of-two": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/discount-then-tax": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/compare-team-averages": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/ride-average-mph": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/half-life-remaining": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/circle-area-square-feet": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/seconds-to-hms": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/cube-tank-edge": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/round-trip-average-speed": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/bankers-rounded-total": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/geometric-mean": LEFT_OUT_BECAUSE.STATELESS,
  "numbers/three-quick-answers": LEFT_OUT_BECAUSE.STATELESS,
  "strings/reverse-label": LEFT_OUT_BECAUSE.STATELESS,
  "strings/snake-case-column": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(" "),
  "strings/unique-word-count": LEFT_OUT_BECAUSE.STATELESS,
  "strings/count-mentions": LEFT_OUT_BECAUSE.STATELESS,
  "strings/american-spelling": LEFT_OUT_BECAUSE.STATELESS,
  "strings/count-messy-tags": LEFT_OUT_BECAUSE.STATELESS,
  "strings/join-object-key": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(" "),
  "strings/extract-route-code": LEFT_OUT_BECAUSE.STATELESS,
  "strings/receipt-from-total": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "strings/slug-to-headline": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(" "),
  "strings/clean-ingredient-list": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "strings/unscramble-word-order": LEFT_OUT_BECAUSE.STATELESS,
  "strings/record-field-upper": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "strings/reversed-batch-code": LEFT_OUT_BECAUSE.STATELESS,
  "strings/fix-typo-then-doubles": LEFT_OUT_BECAUSE.STATELESS,
  "strings/count-after-fix": LEFT_OUT_BECAUSE.STATELESS,
  "strings/blog-url-from-title": LEFT_OUT_BECAUSE.STATELESS,
  "strings/monogram-initials": LEFT_OUT_BECAUSE.STATELESS,
  "strings/words-on-poem-line": LEFT_OUT_BECAUSE.STATELESS,
  "strings/identifier-variants": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "strings/which-topic-more": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(" "),
  "strings/post-length-and-hashtags": LEFT_OUT_BECAUSE.STATELESS,
  "strings/header-charset": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(" "),
  "strings/customer-code": LEFT_OUT_BECAUSE.STATELESS,
  "strings/text-between-markers": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "strings/word-count-without-very": LEFT_OUT_BECAUSE.STATELESS,
  "strings/variable-to-label": LEFT_OUT_BECAUSE.STATELESS,
  "strings/mask-card-number": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(" "),
  "strings/badge-name": LEFT_OUT_BECAUSE.STATELESS,
  "strings/mentions-in-second-sentence": LEFT_OUT_BECAUSE.STATELESS,
  "strings/decode-backwards-message": LEFT_OUT_BECAUSE.STATELESS,
  "strings/wordier-blurb": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(" "),
  "data_format/csv-city-lookup": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "data_format/json-to-semicolon-csv": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/json-config-to-yaml": [
    LEFT_OUT_BECAUSE.STATELESS,
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  ].join(" "),
  "data_format/yaml-port-lookup": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "data_format/minified-length": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/locate-json-error": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/order-item-lookup": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "data_format/csv-record-email": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "data_format/csv-to-yaml": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/yaml-users-to-csv": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/csv-redelimit-columns": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/yaml-to-sorted-json": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/yaml-nested-lookup": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "data_format/embedded-payload-total": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/validate-embedded-settings": [
    LEFT_OUT_BECAUSE.STATELESS,
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  ].join(" "),
  "data_format/apply-export-spec": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/which-snippet-valid": [
    LEFT_OUT_BECAUSE.STATELESS,
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  ].join(" "),
  "data_format/csv-to-sorted-yaml": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/package-name-and-version": [
    LEFT_OUT_BECAUSE.STATELESS,
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  ].join(" "),
  "data_format/yaml-host-and-port": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/csv-to-yaml-and-pretty-json": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/pretty-print-payload": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/embedded-rows-to-csv": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/csv-to-sorted-json": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/configmap-memory-limit": [
    LEFT_OUT_BECAUSE.STATELESS,
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  ].join(" "),
  "data_format/configmap-users-to-csv": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/two-exports-total-rows": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/on-call-lookup": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "data_format/same-json-ignoring-key-order": [
    LEFT_OUT_BECAUSE.STATELESS,
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  ].join(" "),
  "data_format/sorted-json-to-yaml": LEFT_OUT_BECAUSE.STATELESS,
  "data_format/json-as-csv-and-yaml": [
    LEFT_OUT_BECAUSE.STATELESS,
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  ].join(" "),
  "data_format/double-encoded-event": [
    LEFT_OUT_BECAUSE.STATELESS,
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  ].join(" "),
  "data_format/csv-two-lookups": [LEFT_OUT_BECAUSE.STATELESS, LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION].join(
    " ",
  ),
  "data_generation/largest-survey": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "data_generation/lottery-draw": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/order-ids": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/generate-then-profile": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/generate-then-export-json": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/generate-then-read-page": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/test-values-in-observed-range": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/rerun-experiment": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/lucky-number-tickets": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/sample-then-export": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/ids-from-config": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/generate-then-sample": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/population-sample-profile": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/warehouse-codes-inventory": [
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
    LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  ].join(" "),
  "data_generation/compare-two-synthetic-groups": [
    LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
    LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  ].join(" "),
  "data_generation/compare-two-stores": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "data_generation/coupons-and-discounts": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/generate-read-and-profile": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/mirror-observed-ages": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/generate-sample-export": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/sample-profile-and-export": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "data_generation/thresholds-from-two-years": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "tickets/top-up-wallet": [LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION, LEFT_OUT_BECAUSE.UNCHECKED_WRITE].join(
    " ",
  ),
  "tickets/most-seats-of-three-events": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "tickets/more-seats-of-two-dates": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "trading/market-buy": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/buy-by-company-name": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/deposit-then-buy": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/sell-some-shares": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/bigger-gainer-of-two": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "trading/biggest-loser-of-three": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "trading/buy-two-stocks": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/sell-to-fund-buy": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/buy-and-report-change": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/match-earlier-purchase-size": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/pricier-of-two-companies": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "trading/limit-sell-above-market": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/deposit-cash": [LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION, LEFT_OUT_BECAUSE.UNCHECKED_WRITE].join(
    " ",
  ),
  "trading/invest-a-budget": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/deposit-exact-cost-and-buy": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/undo-filled-order": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/buy-two-by-name": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/buy-more-average-cost": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "trading/cheaper-of-two-fills": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "machines/more-hours-left": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "machines/start-the-unrestricted-one": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "machines/split-batch-across-two": LEFT_OUT_BECAUSE.UNCHECKED_WRITE,
  "machines/self-test-two-service-the-failing-one": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "machines/replace-broken-machine-with-twin": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
  "data_management/compare-two-departments": LEFT_OUT_BECAUSE.ANSWER_IN_INSTRUCTION,
};

export const EDITION_SETTINGS: Readonly<Record<Edition, EditionSettings>> = {
  /**
   * The first suite (scenarios/asynctool-v1, removed from the repository; in the git history up to
   * the commit that made v2 the default): kept as it was, so `generate --edition v1 --count 712
   * --seed 1` regenerates it byte for byte (test/dataset/editions.test.ts pins its first 20 files).
   */
  v1: {
    mix: {
      tasks: [
        [3, 0.45],
        [2, 0.55],
      ],
      withinDomain: 0.5,
      profiles: { realistic: 0.5, "heavy-tail": 0.2, slow: 0.15, "one-round": 0.15 },
    },
    prefix: "asynctool-v1",
    maxAttempts: 25,
  },
  /**
   * The second: mostly three tasks, so that there is work to overlap; latencies by tool class
   * (src/dataset/tool-latency-classes.ts), so that overlapping it pays; and a draw that would
   * not reward it redrawn. `one-round` stays (every call delayed by one step), reported apart.
   */
  v2: {
    mix: {
      tasks: [
        [3, 0.85],
        [2, 0.15],
      ],
      withinDomain: 0.5,
      profiles: { service: 0.6, "service-busy": 0.25, "one-round": 0.15 },
      shapePerEpisode: true,
      withinDomainAttempts: 40,
    },
    prefix: "asynctool-v2",
    balance: { minRatio: 1.7, typicalPerTask: 0.6, seeds: [1, 2, 3], exempt: ["one-round"] },
    maxAttempts: 100,
    leftOut: V2_LEFT_OUT,
    needsTools: true,
    distinctInstructions: true,
  },
};

export function isEdition(name: string): name is Edition {
  return (EDITIONS as readonly string[]).includes(name);
}

/** The templates an edition draws from: all but those it leaves out, in their order. */
export function editionTemplates<T extends { readonly id: string }>(
  edition: Edition,
  templates: readonly T[],
): T[] {
  const leftOut = EDITION_SETTINGS[edition].leftOut ?? {};
  return templates.filter((t) => !(t.id in leftOut));
}
