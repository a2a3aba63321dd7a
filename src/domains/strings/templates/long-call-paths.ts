import { PEOPLE } from "../../../dataset/pools.js";
import { defineTemplate, type TemplateContext } from "../../../dataset/template.js";
import { FILLER, KEYWORDS, PHRASES, wordCount } from "../kit.js";

/**
 * String Manipulation, the longer compositions: fan-in (several results feeding one call or one
 * answer), fan-out (one result feeding several calls), 3–4-step chains, and parallel calls.
 */

const TWO_PART_NAMES = PEOPLE.filter((p) => p.split(" ").length === 2);

const AMPERSAND_TITLES = [
  "Salt & Pepper Shrimp",
  "Tips & Tricks for Remote Teams",
  "Bread & Butter Pickles",
  "Research & Development Update",
  "Pros & Cons of Microservices",
  "Rock & Roll Road Trip",
  "Questions & Answers from the Town Hall",
  "Fish & Chips on a Budget",
];

const POEM_LINES = [
  "The harbor lights are slowly waking",
  "a gull writes circles on the tide",
  "and every rope is softly creaking",
  "while fishing boats come home to hide",
  "the morning fog has lost its hold",
  "on roofs of slate and doors of gold",
  "we count the waves and let them go",
  "the kettle sings a song we know",
];

const CAMEL_NAMES = [
  "maxRetryCount",
  "userSignupDate",
  "totalOrderValue",
  "lastPaymentStatus",
  "defaultShippingMethod",
  "monthlyActiveUsers",
  "preferredLanguageCode",
  "accountCreationSource",
];

const MESSAGES = [
  "meet me at the north gate at noon",
  "the package is under the blue bench",
  "bring two coffees and the spare key",
  "the meeting moved to room four",
  "pick up the tickets before six",
  "the password hint is the cat's name",
];

const BLURB_WORDS = [
  "soft",
  "bright",
  "handmade",
  "durable",
  "compact",
  "warm",
  "modern",
  "light",
  "quiet",
  "elegant",
  "sturdy",
  "recycled",
];

const PRODUCTS = [
  "Aurora lamp",
  "Nimbus chair",
  "Cedar desk",
  "Pebble speaker",
  "Drift rug",
  "Halo mirror",
  "Fern vase",
];

/** A product blurb of exactly `words` words. */
function blurb(ctx: TemplateContext, product: string, words: number): string {
  const head = `The ${product} is`.split(" ");
  const adjectives = ctx.sample(BLURB_WORDS, Math.max(1, words - head.length - 2));
  return `${head.join(" ")} ${adjectives.join(", ")} and lovely.`;
}

/** Notes mentioning each word its number of times, among filler sentences. */
function notesWith(ctx: TemplateContext, mentions: readonly (readonly [string, number])[]): string {
  const sentences: string[] = ctx.sample(FILLER, 5);
  for (const [word, times] of mentions) {
    for (let i = 0; i < times; i++) {
      sentences.splice(
        ctx.int(0, sentences.length),
        0,
        ctx.pick([`Update on ${word}.`, `${word} came up again.`, `Owner of ${word} to confirm.`]),
      );
    }
  }
  return sentences.join(" ");
}

export const stringsLongCallPaths = [
  defineTemplate({
    id: "strings/blog-url-from-title",
    domains: ["strings"],
    instantiate(ctx) {
      const title = ctx.unique("strings.title", AMPERSAND_TITLES);
      const base = `https://${ctx.pick(["example.com", "news.example.org", "blog.example.net"])}/posts`;
      return {
        instruction: `Make the URL for a blog post titled "${title}": replace "&" with "and", turn the title into kebab-case, then join ${base} and that slug with "/". Answer with the URL.`,
        steps: [
          { id: "and", tool: "replace_substring", args: { text: title, find: "&", replace: "and" } },
          {
            id: "slug",
            tool: "change_case",
            args: { text: { $from: "and.result" }, case: "kebab" },
            after: ["and"],
          },
          {
            id: "url",
            tool: "join_strings",
            args: { parts: [base, { $from: "slug.result" }], separator: "/" },
            after: ["slug"],
          },
        ],
        answer: { exact: { $from: "url.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/monogram-initials",
    domains: ["strings"],
    instantiate(ctx) {
      const name = ctx.unique("people", TWO_PART_NAMES);
      const initials = name
        .split(" ")
        .map((w) => w[0])
        .join("");
      return {
        instruction: `I'm embroidering a towel for ${name}. Split the name at the space, take the first letter of each part, and join the two letters with nothing between them. Answer with the monogram.`,
        steps: [
          { id: "split", tool: "split_string", args: { text: name, separator: " " } },
          {
            id: "first",
            tool: "extract_substring",
            args: { text: { $from: "split.parts.0" }, start: 0, end: 1 },
            after: ["split"],
          },
          {
            id: "last",
            tool: "extract_substring",
            args: { text: { $from: "split.parts.1" }, start: 0, end: 1 },
            after: ["split"],
          },
          {
            id: "join",
            tool: "join_strings",
            args: { parts: [{ $from: "first.result" }, { $from: "last.result" }] },
            after: ["first", "last"],
          },
        ],
        answer: { exact: initials },
      };
    },
  }),
  defineTemplate({
    id: "strings/words-on-poem-line",
    domains: ["strings"],
    instantiate(ctx) {
      const lines = ctx.sample(POEM_LINES, 4);
      const poem = lines.join("\n");
      return {
        instruction: `Here is a short poem, one line per row:\n${poem}\nSplit it into lines and tell me how many words are on the third line.`,
        steps: [
          { id: "split", tool: "split_string", args: { text: poem, separator: "\n" } },
          {
            id: "analyze",
            tool: "analyze_text",
            args: { text: { $from: "split.parts.2" } },
            after: ["split"],
          },
        ],
        answer: { number: wordCount(lines[2] ?? "") },
      };
    },
  }),
  defineTemplate({
    id: "strings/identifier-variants",
    domains: ["strings"],
    instantiate(ctx) {
      const phrase = ctx.unique("strings.phrase", PHRASES);
      return {
        instruction: `For the field "${phrase}" I need three identifier spellings: snake_case for the database, camelCase for the JavaScript client and PascalCase for the C# model. Answer with all three.`,
        steps: [
          { id: "snake", tool: "change_case", args: { text: phrase, case: "snake" } },
          { id: "camel", tool: "change_case", args: { text: phrase, case: "camel" } },
          { id: "pascal", tool: "change_case", args: { text: phrase, case: "pascal" } },
        ],
        answer: {
          contains: [{ $from: "snake.result" }, { $from: "camel.result" }, { $from: "pascal.result" }],
        },
      };
    },
  }),
  defineTemplate({
    id: "strings/which-topic-more",
    domains: ["strings"],
    instantiate(ctx) {
      const first = ctx.unique("strings.keyword", KEYWORDS);
      const second = ctx.unique("strings.keyword", KEYWORDS);
      const [x, y] = ctx.sample([1, 2, 3, 4, 5], 2) as [number, number];
      const notes = notesWith(ctx, [
        [first, x],
        [second, y],
      ]);
      return {
        instruction: `Which topic came up more often in these notes, "${first}" or "${second}"? Count each case-insensitively and answer with the topic. Notes: ${notes}`,
        steps: [
          {
            id: "first",
            tool: "find_occurrences",
            args: { text: notes, substring: { $ci: first }, ignore_case: true },
          },
          {
            id: "second",
            tool: "find_occurrences",
            args: { text: notes, substring: { $ci: second }, ignore_case: true },
          },
        ],
        answer: { contains: x > y ? first : second },
      };
    },
  }),
  defineTemplate({
    id: "strings/post-length-and-hashtags",
    domains: ["strings"],
    instantiate(ctx) {
      const tags = ctx.sample(
        ["#launch", "#design", "#coffee", "#teamwork", "#friday", "#travel", "#books", "#opensource"],
        ctx.int(2, 4),
      );
      const post = `${ctx.pick(["Big day today!", "Finally shipped it.", "New week, new goals."])} ${ctx.pick(["Thanks to everyone who helped", "Could not have done it alone", "More news soon"])} ${tags.join(" ")}`;
      return {
        instruction: `Before I post this, tell me how many characters it is and how many hashtags ("#") it contains: ${post}`,
        steps: [
          { id: "analyze", tool: "analyze_text", args: { text: post } },
          { id: "tags", tool: "find_occurrences", args: { text: post, substring: "#" } },
        ],
        answer: { contains: [String(Array.from(post).length), String(tags.length)] },
      };
    },
  }),
  defineTemplate({
    id: "strings/header-charset",
    domains: ["strings"],
    instantiate(ctx) {
      const charset = ctx.pick(["UTF-8", "ISO-8859-1", "windows-1252", "UTF-16", "Shift_JIS"]);
      const media = ctx.pick(["text/html", "text/plain", "text/csv", "multipart/form-data"]);
      const header = `Content-Type: ${media}; charset=${charset}; boundary=${ctx.int(100_000, 999_999)}`;
      return {
        instruction: `What charset does this HTTP header declare? Split the header once at ": " to get its value, split the value at "; " into parameters, then split the charset parameter at "=". Answer with the charset name. Header: ${header}`,
        steps: [
          { id: "value", tool: "split_string", args: { text: header, separator: ": ", max_parts: 2 } },
          {
            id: "params",
            tool: "split_string",
            args: { text: { $from: "value.parts.1" }, separator: "; " },
            after: ["value"],
          },
          {
            id: "charset",
            tool: "split_string",
            args: { text: { $from: "params.parts.1" }, separator: "=" },
            after: ["params"],
          },
        ],
        answer: { exact: charset },
      };
    },
  }),
  defineTemplate({
    id: "strings/customer-code",
    domains: ["strings"],
    instantiate(ctx) {
      const city = ctx.pick([
        "Lisbon",
        "Osaka",
        "Nairobi",
        "Montreal",
        "Bergen",
        "Cordoba",
        "Adelaide",
        "Tbilisi",
        "Quito",
      ]);
      const phone = `+${ctx.int(1, 99)} ${ctx.int(100, 999)} ${ctx.int(100, 999)} ${ctx.int(1000, 9999)}`;
      const last = Array.from(phone).length - 4;
      return {
        instruction: `Build a customer code from the first three letters of their city (${city}) and the last four characters of their phone number (${phone}, i.e. from position ${last} on): join them with "-" and make the whole code upper case. Answer with the code.`,
        steps: [
          { id: "city", tool: "extract_substring", args: { text: city, start: 0, end: 3 } },
          { id: "phone", tool: "extract_substring", args: { text: phone, start: last } },
          {
            id: "join",
            tool: "join_strings",
            args: { parts: [{ $from: "city.result" }, { $from: "phone.result" }], separator: "-" },
            after: ["city", "phone"],
          },
          {
            id: "upper",
            tool: "change_case",
            args: { text: { $from: "join.result" }, case: "upper" },
            after: ["join"],
          },
        ],
        answer: { exact: `${city.slice(0, 3).toUpperCase()}-${phone.slice(last)}` },
      };
    },
  }),
  defineTemplate({
    id: "strings/text-between-markers",
    domains: ["strings"],
    instantiate(ctx) {
      const [one, two, three] = ctx.sample(
        [
          "unplug the router.",
          "wait thirty seconds.",
          "hold the reset button for ten seconds.",
          "plug it back in.",
          "reconnect to the network.",
          "update the firmware from the admin page.",
        ],
        3,
      );
      const text = `Step 1: ${one} Step 2: ${two} Step 3: ${three}`;
      return {
        instruction: `From these instructions, give me exactly the part that starts at "Step 2" and stops just before "Step 3": find where each marker starts, then extract between those positions. Text: ${text}`,
        steps: [
          { id: "start", tool: "find_occurrences", args: { text, substring: "Step 2" } },
          { id: "end", tool: "find_occurrences", args: { text, substring: "Step 3" } },
          {
            id: "extract",
            tool: "extract_substring",
            args: { text, start: { $from: "start.positions.0" }, end: { $from: "end.positions.0" } },
            after: ["start", "end"],
          },
        ],
        answer: { normalized: { $from: "extract.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/word-count-without-very",
    domains: ["strings"],
    instantiate(ctx) {
      const sentences = ctx.sample(
        [
          "The launch was very smooth.",
          "Our users are very happy with the new search.",
          "Support tickets dropped to a very low level.",
          "The team worked very hard all month.",
          "Costs stayed under budget.",
          "The docs are very clear now.",
          "Next quarter looks promising.",
        ],
        5,
      );
      const text = sentences.join(" ");
      const cleaned = text.replaceAll("very ", "");
      return {
        instruction: `Our editor bans the word "very". Delete every "very " (with its trailing space) from this paragraph, then tell me how many words the edited paragraph has. Paragraph: ${text}`,
        steps: [
          { id: "remove", tool: "replace_substring", args: { text, find: "very ", replace: "" } },
          {
            id: "analyze",
            tool: "analyze_text",
            args: { text: { $from: "remove.result" } },
            after: ["remove"],
          },
        ],
        answer: { number: wordCount(cleaned) },
      };
    },
  }),
  defineTemplate({
    id: "strings/variable-to-label",
    domains: ["strings"],
    instantiate(ctx) {
      const name = ctx.unique("strings.camel", CAMEL_NAMES);
      return {
        instruction: `Turn the variable name ${name} into a form label: convert it to snake_case, replace the underscores with spaces, then put it in sentence case. Answer with the label.`,
        steps: [
          { id: "snake", tool: "change_case", args: { text: name, case: "snake" } },
          {
            id: "spaces",
            tool: "replace_substring",
            args: { text: { $from: "snake.result" }, find: "_", replace: " " },
            after: ["snake"],
          },
          {
            id: "sentence",
            tool: "change_case",
            args: { text: { $from: "spaces.result" }, case: "sentence" },
            after: ["spaces"],
          },
        ],
        answer: { exact: { $from: "sentence.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/mask-card-number",
    domains: ["strings"],
    instantiate(ctx) {
      const card = Array.from({ length: 4 }, () => String(ctx.int(1000, 9999))).join(" ");
      return {
        instruction: `For the receipt, mask the card number ${card}: take its last four characters (from position 15) and join "**** **** ****" and those four digits with a space. Answer with the masked number.`,
        steps: [
          { id: "last4", tool: "extract_substring", args: { text: card, start: 15 } },
          {
            id: "mask",
            tool: "join_strings",
            args: { parts: ["**** **** ****", { $from: "last4.result" }], separator: " " },
            after: ["last4"],
          },
        ],
        answer: { exact: { $from: "mask.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/badge-name",
    domains: ["strings"],
    instantiate(ctx) {
      const [first, last] = ctx.unique("people", TWO_PART_NAMES).split(" ") as [string, string];
      return {
        instruction: `Print a conference badge: the attendee's first name is ${first} and last name ${last}. Join them with a space and put the whole name in upper case. Answer with the badge text.`,
        steps: [
          { id: "join", tool: "join_strings", args: { parts: [first, last], separator: " " } },
          {
            id: "upper",
            tool: "change_case",
            args: { text: { $from: "join.result" }, case: "upper" },
            after: ["join"],
          },
        ],
        answer: { exact: { $from: "upper.result" } },
      };
    },
  }),
  defineTemplate({
    id: "strings/mentions-in-second-sentence",
    domains: ["strings"],
    instantiate(ctx) {
      const word = ctx.unique("strings.keyword", KEYWORDS);
      const times = ctx.int(1, 3);
      const second =
        `The ${word} plan ${Array.from({ length: times - 1 }, () => `mentions ${word} again`).join(" and ")}`.trim();
      const sentences = [`Last week ${word} was on hold`, second, `Everyone wants ${word} done`];
      const paragraph = `${sentences.join(". ")}.`;
      return {
        instruction: `Split this paragraph into sentences at ". " and count how many times "${word}" occurs in the second sentence (exact case): ${paragraph}`,
        steps: [
          { id: "split", tool: "split_string", args: { text: paragraph, separator: ". " } },
          {
            id: "count",
            tool: "find_occurrences",
            args: { text: { $from: "split.parts.1" }, substring: word },
            after: ["split"],
          },
        ],
        answer: { number: times },
      };
    },
  }),
  defineTemplate({
    id: "strings/decode-backwards-message",
    domains: ["strings"],
    instantiate(ctx) {
      const message = ctx.unique("strings.message", MESSAGES);
      const encoded = Array.from(message.replaceAll(" ", "_")).reverse().join("");
      return {
        instruction: `My friend sent a coded note: "${encoded}". It was written backwards with underscores for spaces. Decode it: first turn the underscores into spaces, then reverse the characters. Answer with the message.`,
        steps: [
          { id: "spaces", tool: "replace_substring", args: { text: encoded, find: "_", replace: " " } },
          {
            id: "reverse",
            tool: "reverse_string",
            args: { text: { $from: "spaces.result" } },
            after: ["spaces"],
          },
        ],
        answer: { exact: message },
      };
    },
  }),
  defineTemplate({
    id: "strings/wordier-blurb",
    domains: ["strings"],
    instantiate(ctx) {
      const [p1, p2] = [ctx.unique("strings.product", PRODUCTS), ctx.unique("strings.product", PRODUCTS)];
      const [n1, n2] = ctx.sample([9, 10, 11, 12, 13, 14, 15], 2) as [number, number];
      const [b1, b2] = [blurb(ctx, p1, n1), blurb(ctx, p2, n2)];
      const wordier = wordCount(b1) > wordCount(b2) ? p1 : p2;
      return {
        instruction: `Our catalogue has a word limit, so tell me which of these two blurbs has more words. Blurb 1: "${b1}" Blurb 2: "${b2}" Answer with the product name of the wordier one.`,
        steps: [
          { id: "one", tool: "analyze_text", args: { text: b1 } },
          { id: "two", tool: "analyze_text", args: { text: b2 } },
        ],
        answer: { contains: wordier },
      };
    },
  }),
];
