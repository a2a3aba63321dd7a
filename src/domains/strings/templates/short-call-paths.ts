import { PEOPLE } from "../../../dataset/pools.js";
import { defineTemplate } from "../../../dataset/template.js";
import { code, FILLER, KEYWORDS, notesMentioning, PHRASES } from "../kit.js";

/**
 * String Manipulation: a stateless text service (reverse, change case, analyze, find, replace,
 * split, join, extract; positions in code points). Single calls first, then two-step chains;
 * long-call-paths.ts has the fan-in, fan-out and 3–4-step compositions; ../kit.ts holds the pools both share.
 */

const INGREDIENTS = [
  "flour",
  "sugar",
  "butter",
  "eggs",
  "vanilla",
  "baking soda",
  "salt",
  "milk",
  "cocoa",
  "honey",
  "oats",
  "cinnamon",
];

const SLUGS = [
  "quarterly-sales-kickoff-recap",
  "how-we-cut-build-times-in-half",
  "five-lessons-from-our-first-outage",
  "meet-the-new-design-team",
  "spring-product-update-notes",
  "why-we-moved-to-weekly-releases",
  "a-guide-to-remote-onboarding",
  "behind-the-scenes-of-launch-day",
];

export const stringsShortCallPaths = [
  defineTemplate({
    id: "strings/reverse-label",
    domains: ["strings"],
    instantiate(ctx) {
      const label = `${code(ctx, 3)}-${code(ctx, 4)}-${code(ctx, 2)}`;
      const backwards = Array.from(label).reverse().join("");
      return {
        instruction: `The label printer in aisle ${ctx.int(2, 40)} printed a bin code backwards: ${backwards}. Reverse it character by character and answer with the correct code.`,
        steps: [{ id: "reverse", tool: "reverse_string", args: { text: backwards } }],
        answer: { exact: label },
      };
    },
  }),
  defineTemplate({
    id: "strings/snake-case-column",
    domains: ["strings"],
    instantiate(ctx) {
      const phrase = ctx.unique("strings.phrase", PHRASES);
      return {
        instruction: `I'm adding a database column for "${phrase}". What should the column be called in snake_case? Answer with the name only.`,
        steps: [{ id: "case", tool: "change_case", args: { text: phrase, case: "snake" } }],
        answer: { exact: { $from: "case.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/unique-word-count",
    domains: ["strings"],
    instantiate(ctx) {
      const [a, b, c] = ctx.sample(["budget", "plan", "team", "launch", "review", "report"], 3);
      const text = `The ${a} ${b} needs a ${c} ${b}, and the ${c} ${a} needs the ${a} ${b} too.`;
      const unique = new Set(
        text
          .split(/\s+/)
          .map((w) => w.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "").toLowerCase())
          .filter((w) => w !== ""),
      );
      return {
        instruction: `How many distinct words are in this sentence, ignoring capitalisation and punctuation? "${text}" Answer with the number.`,
        steps: [{ id: "analyze", tool: "analyze_text", args: { text } }],
        answer: { number: unique.size },
      };
    },
  }),
  defineTemplate({
    id: "strings/count-mentions",
    domains: ["strings"],
    instantiate(ctx) {
      const word = ctx.unique("strings.keyword", KEYWORDS);
      const times = ctx.int(2, 5);
      const notes = notesMentioning(ctx, word, times);
      return {
        instruction: `How many times do these meeting notes mention "${word}", regardless of capitalisation? Notes: ${notes}`,
        steps: [
          {
            id: "find",
            tool: "find_occurrences",
            args: { text: notes, substring: { $ci: word }, ignore_case: true },
          },
        ],
        answer: { number: times },
      };
    },
  }),
  defineTemplate({
    id: "strings/american-spelling",
    domains: ["strings"],
    instantiate(ctx) {
      const thing = ctx.pick(["logo", "banner", "brochure", "homepage", "packaging", "storefront"]);
      const text = `The ${thing} colour palette needs work: the main colour is too dark, and each accent colour should be lighter than the background colour.`;
      return {
        instruction: `Our style guide uses American spelling. Replace every "colour" with "color" in this sentence and answer with the corrected sentence: ${text}`,
        steps: [
          { id: "replace", tool: "replace_substring", args: { text, find: "colour", replace: "color" } },
        ],
        answer: { exact: { $from: "replace.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/count-messy-tags",
    domains: ["strings"],
    instantiate(ctx) {
      const tags = ctx.sample(
        [
          "seo",
          "marketing",
          "analytics",
          "growth",
          "email",
          "social",
          "ads",
          "content",
          "brand",
          "retention",
        ],
        ctx.int(4, 7),
      );
      const pieces: string[] = [];
      for (const tag of tags) {
        pieces.push(`${" ".repeat(ctx.int(0, 2))}${tag}${" ".repeat(ctx.int(0, 2))}`);
        if (ctx.int(0, 2) === 0) pieces.push(ctx.pick(["", " ", "  "]));
      }
      const field = pieces.join(",");
      return {
        instruction: `This tag field was typed by hand: "${field}". Split it on commas, trimming spaces and dropping empty entries. How many tags are there?`,
        steps: [
          {
            id: "split",
            tool: "split_string",
            args: { text: field, separator: ",", trim: true, remove_empty: true },
          },
        ],
        answer: { number: tags.length },
      };
    },
  }),
  defineTemplate({
    id: "strings/join-object-key",
    domains: ["strings"],
    instantiate(ctx) {
      const parts = [
        "reports",
        String(ctx.pick([2025, 2026, 2027])),
        ctx.pick(["q1", "q2", "q3", "q4"]),
        ctx.pick(["north", "south", "emea", "apac"]),
        `${ctx.pick(["summary", "ledger", "forecast", "payroll"])}.pdf`,
      ];
      return {
        instruction: `Build the storage key for a file by joining these segments, in order, with "/" between them: ${parts.map((p) => `"${p}"`).join(", ")}. Answer with the key.`,
        steps: [{ id: "join", tool: "join_strings", args: { parts, separator: "/" } }],
        answer: { exact: { $from: "join.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/extract-route-code",
    domains: ["strings"],
    instantiate(ctx) {
      const route = code(ctx, 5);
      const tracking = `TRK${ctx.int(100, 999)}${route}${ctx.int(1000, 9999)}`;
      return {
        instruction: `In our tracking numbers, the characters from position 6 up to (not including) position 11, counting from 0, are the route code. What is the route code of ${tracking}?`,
        steps: [{ id: "extract", tool: "extract_substring", args: { text: tracking, start: 6, end: 11 } }],
        answer: { exact: route },
      };
    },
  }),
  defineTemplate({
    id: "strings/receipt-from-total",
    domains: ["strings"],
    instantiate(ctx) {
      const total = (ctx.int(1_200, 48_000) / 100).toFixed(2);
      const receipt = `Order ${ctx.int(1000, 9999)} | Items: ${ctx.int(1, 9)} | Shipping: $${ctx.pick(["0.00", "4.99", "7.50", "12.00"])} | Total: $${total} | Paid by ${ctx.pick(["card", "voucher", "bank transfer"])}`;
      return {
        instruction: `Find where "Total:" first occurs in this receipt line and give me the text from that position to the end: ${receipt}`,
        steps: [
          { id: "find", tool: "find_occurrences", args: { text: receipt, substring: "Total:" } },
          {
            id: "extract",
            tool: "extract_substring",
            args: { text: receipt, start: { $from: "find.positions.0" } },
            after: ["find"],
          },
        ],
        answer: { normalized: { $from: "extract.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/slug-to-headline",
    domains: ["strings"],
    instantiate(ctx) {
      const slug = ctx.unique("strings.slug", SLUGS);
      return {
        instruction: `Turn the URL slug "${slug}" into a headline: replace the hyphens with spaces, then put it in title case. Answer with the headline.`,
        steps: [
          { id: "spaces", tool: "replace_substring", args: { text: slug, find: "-", replace: " " } },
          {
            id: "title",
            tool: "change_case",
            args: { text: { $from: "spaces.result" }, case: "title" },
            after: ["spaces"],
          },
        ],
        answer: { exact: { $from: "title.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/clean-ingredient-list",
    domains: ["strings"],
    instantiate(ctx) {
      const items = ctx.sample(INGREDIENTS, ctx.int(4, 7));
      const messy = items
        .map((item) => `${" ".repeat(ctx.int(0, 2))}${item}${ctx.pick(["", " ", ", "])}`)
        .join(",");
      return {
        instruction: `Tidy this ingredient list: "${messy}". Split it on commas with surrounding spaces trimmed and empty entries dropped, then join the items back together separated by "; ". Answer with the tidy list.`,
        steps: [
          {
            id: "split",
            tool: "split_string",
            args: { text: messy, separator: ",", trim: true, remove_empty: true },
          },
          {
            id: "join",
            tool: "join_strings",
            args: { parts: { $from: "split.parts" }, separator: "; " },
            after: ["split"],
          },
        ],
        answer: { exact: { $from: "join.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/unscramble-word-order",
    domains: ["strings"],
    instantiate(ctx) {
      const line = ctx.pick([
        "keep calm and ship on friday",
        "every small step counts toward the goal",
        "good data beats clever guesses",
        "measure twice and cut once",
        "the best time to start is now",
        "simple tools make happy teams",
      ]);
      const backwards = line.split(" ").reverse().join(" ");
      return {
        instruction: `A poster slogan was exported with its words in reverse order: "${backwards}". Reverse the word order back, then put it in title case for the poster. Answer with the slogan.`,
        steps: [
          { id: "reverse", tool: "reverse_string", args: { text: backwards, unit: "words" } },
          {
            id: "title",
            tool: "change_case",
            args: { text: { $from: "reverse.result" }, case: "title" },
            after: ["reverse"],
          },
        ],
        answer: { exact: { $from: "title.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/record-field-upper",
    domains: ["strings"],
    instantiate(ctx) {
      const person = ctx.unique("people", PEOPLE);
      const city = ctx.pick([
        "Lisbon",
        "Osaka",
        "Nairobi",
        "Montreal",
        "Bergen",
        "Cordoba",
        "Adelaide",
        "Tbilisi",
      ]);
      const record = `${ctx.int(10_000, 99_999)}|${person}|${city}|${ctx.pick(["gold", "silver", "basic"])}`;
      return {
        instruction: `Each customer record is pipe-separated as id|name|city|tier. Split this record on "|" and give me the city field in upper case for the shipping label: ${record}`,
        steps: [
          { id: "split", tool: "split_string", args: { text: record, separator: "|" } },
          {
            id: "upper",
            tool: "change_case",
            args: { text: { $from: "split.parts.2" }, case: "upper" },
            after: ["split"],
          },
        ],
        answer: { exact: { $from: "upper.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/reversed-batch-code",
    domains: ["strings"],
    instantiate(ctx) {
      const batch = code(ctx, 6);
      const serial = `SN-${ctx.int(10, 99)}${Array.from(batch).reverse().join("")}-${ctx.int(100, 999)}`;
      return {
        instruction: `In serial number ${serial}, the characters at positions 5 to 10 (0-based; take start 5, end 11) hold the batch code stored backwards. Extract that part and reverse it. Answer with the batch code.`,
        steps: [
          { id: "extract", tool: "extract_substring", args: { text: serial, start: 5, end: 11 } },
          {
            id: "reverse",
            tool: "reverse_string",
            args: { text: { $from: "extract.result" } },
            after: ["extract"],
          },
        ],
        answer: { exact: batch },
      };
    },
  }),
  defineTemplate({
    id: "strings/fix-typo-then-doubles",
    domains: ["strings"],
    instantiate(ctx) {
      const [a, b] = ctx.sample(["report", "invoice", "draft", "contract", "budget", "schedule"], 2);
      const text = `Please send the teh ${a} to the client and file the ${b} in teh shared folder before the the end of teh week.`;
      const fixed = text.replaceAll("teh", "the").replaceAll("the the", "the");
      return {
        instruction: `Clean up this sentence in two passes: first replace every "teh" with "the"; then replace every "the the" in the result with a single "the". Answer with the cleaned sentence. Sentence: ${text}`,
        steps: [
          { id: "typo", tool: "replace_substring", args: { text, find: "teh", replace: "the" } },
          {
            id: "doubles",
            tool: "replace_substring",
            args: { text: { $from: "typo.result" }, find: "the the", replace: "the" },
            after: ["typo"],
          },
        ],
        answer: { exact: fixed },
      };
    },
  }),
  defineTemplate({
    id: "strings/count-after-fix",
    domains: ["strings"],
    instantiate(ctx) {
      const right = ctx.int(1, 3);
      const wrong = ctx.int(1, 4);
      const lines = [
        ...Array.from({ length: right }, () => "Customers receive a receipt by email."),
        ...Array.from({ length: wrong }, () => "Staff recieve a copy of each order."),
        ...ctx.sample(FILLER, 3),
      ];
      const text = ctx.sample(lines, lines.length).join(" ");
      return {
        instruction: `This help text misspells "receive" as "recieve". Fix every "recieve" to "receive", then count how many times "receive" appears in the corrected text. Text: ${text}`,
        steps: [
          { id: "fix", tool: "replace_substring", args: { text, find: "recieve", replace: "receive" } },
          {
            id: "count",
            tool: "find_occurrences",
            args: { text: { $from: "fix.result" }, substring: "receive" },
            after: ["fix"],
          },
        ],
        answer: { number: right + wrong },
      };
    },
  }),
];
