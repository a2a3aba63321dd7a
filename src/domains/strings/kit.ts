import type { TemplateContext } from "../../dataset/template.js";

/** What the strings templates share: pools of headings, filler sentences and keywords, and text builders. */

/** Headings people turn into identifiers. */
export const PHRASES = [
  "Monthly Revenue Report",
  "customer lifetime value",
  "Quarterly Sales Forecast",
  "average order size",
  "Shipping Address Line",
  "last login timestamp",
  "Net Promoter Score",
  "invoice due date",
  "Support Ticket Priority",
  "warehouse stock level",
  "Annual Leave Balance",
  "preferred contact channel",
  "Trial Expiry Date",
  "marketing opt in flag",
] as const;

/** Filler sentences for notes and paragraphs: none contains a keyword of KEYWORDS. */
export const FILLER = [
  "The team met on Tuesday to review open items.",
  "Budget numbers were shared before the call.",
  "Two new hires start next month.",
  "Everyone agreed to keep the weekly sync short.",
  "The design review moved to Thursday afternoon.",
  "Action items were assigned to each owner.",
  "Customer feedback was mostly positive this quarter.",
  "The office will be closed on the public holiday.",
  "A draft of the roadmap goes out on Friday.",
  "Travel requests need approval two weeks ahead.",
  "The new badge readers are installed on every floor.",
  "Please submit expense reports by the end of the month.",
] as const;

/** Distinctive words that appear in no FILLER sentence, even inside another word. */
export const KEYWORDS = [
  "Kafka",
  "Lisbon",
  "invoice",
  "migration",
  "Orion",
  "firmware",
  "payroll",
  "Zurich",
] as const;

/** Builds a text of filler sentences with `word` mentioned `times` times, in random places. */
export function notesMentioning(ctx: TemplateContext, word: string, times: number, length = 6): string {
  const sentences: string[] = ctx.sample(FILLER, length);
  const mentions = [
    `We discussed ${word} again.`,
    `${word} is still the top risk.`,
    `Status of ${word.toLowerCase()}: on track.`,
    `Next step for ${word}: a written plan.`,
    `Open question about ${word}.`,
  ];
  for (let i = 0; i < times; i++) {
    const at = ctx.int(0, sentences.length);
    sentences.splice(at, 0, mentions[i % mentions.length] as string);
  }
  return sentences.join(" ");
}

/** Letters and digits of a label code, e.g. 7QK-X93B. */
export function code(ctx: TemplateContext, length: number): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from({ length }, () => alphabet[ctx.int(0, alphabet.length - 1)]).join("");
}

/** Words separated by whitespace, as analyze_text counts them. */
export const wordCount = (text: string): number => text.split(/\s+/u).filter((w) => w !== "").length;
