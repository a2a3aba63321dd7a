import { FULL_NAMES } from "../../dataset/pools.js";
import type { TemplateContext } from "../../dataset/template.js";
import { escapeRegex } from "../filesystem/kit.js";
import type { MessagesState } from "./tools.js";

/** What the messages templates share: a task's own contacts, conversations and topics. */

export interface Contact {
  readonly name: string;
  readonly first: string;
  readonly id: string;
}

/** Topics whose words appear in no other topic and in no filler message: a search for one finds only its task's messages. */
const TOPICS = [
  "quarterly budget",
  "offsite retreat",
  "server migration",
  "holiday party",
  "client demo",
  "hiring pipeline",
  "board agenda",
  "product launch",
  "office relocation",
  "vendor contract",
  "security audit",
  "design critique",
  "sales kickoff",
  "parking permits",
  "reading circle",
  "charity gala",
  "garden project",
  "podcast episode",
  "wedding toast",
  "lease renewal",
];

const FILLER = [
  "Thanks, got it!",
  "Can you call me when you have a minute?",
  "See you tomorrow at nine.",
  "Sorry, stuck in traffic, ten minutes late.",
  "Did you see the photos I sent?",
  "Lunch on Thursday works for me.",
  "Happy birthday! Hope you have a great day.",
  "Could you send me the slides again?",
  "Ok, sounds good.",
];

export { escapeRegex };

/** A text argument that must contain `text` (case and spacing aside); the oracle sends `text`. */
export function saysArg(text: string) {
  const pattern = text
    .trim()
    .replace(/[.!?]+$/, "")
    .split(/\s+/)
    .map((w) => escapeRegex(w))
    .join("\\s+");
  return { $regex: pattern, $flags: "i", $example: text };
}

/** A search for a topic: the topic, or any one of its words. */
export function topicQuery(topic: string) {
  const options = [topic, ...topic.split(" ")].map((w) => escapeRegex(w).replace(/ /g, "\\s+"));
  return { $regex: `^\\s*"?(the\\s+)?(${options.join("|")})"?\\s*$`, $flags: "i", $example: topic };
}

/** A user search for a person: the full name, the first or last name, or the user id. */
export function personQuery(c: Contact) {
  const [first, last] = c.name.split(" ");
  const options = [c.name, first ?? "", last ?? "", c.id].map((w) => escapeRegex(w).replace(/ /g, "\\s+"));
  return { $regex: `^\\s*@?(${options.join("|")})\\s*$`, $flags: "i", $example: c.name };
}

export function messagesKit(ctx: TemplateContext) {
  const state = ctx.state("messages") as unknown as MessagesState;
  const block = ctx.unique(
    "messages.id-block",
    Array.from({ length: 70 }, (_, i) => 20 + i),
  );
  let serial = 0;
  let clock = ctx.int(5, 60);
  const me = state.me;

  const contact = (name: string, opts: { blockedYou?: boolean; blocked?: boolean } = {}): Contact => {
    const [first = name, last = ""] = name.split(" ");
    const id = `${first}.${last}`.toLowerCase();
    state.users.push({ user_id: id, name, blocked_you: opts.blockedYou ?? false });
    if (opts.blocked) state.blocked.push(id);
    return { name, first, id };
  };
  const push = (from: string, to: string, text: string, read: boolean, replyTo: string | null): string => {
    clock += ctx.int(1, 4);
    serial += 1;
    const id = `M${block * 100 + serial}`;
    state.messages.push({ message_id: id, from, to, text, sent_at: clock, read, reply_to: replyTo });
    return id;
  };

  return {
    state,
    topic: (): string => ctx.unique("messages.topic", TOPICS),
    filler: (): string => ctx.pick(FILLER),
    /** A new person in the directory, whose full name no other task uses. */
    person(opts: { blockedYou?: boolean; blocked?: boolean } = {}): Contact {
      return contact(ctx.unique("person", FULL_NAMES), opts);
    },
    /** Someone who shares the first name of `c`: a distractor for searches by first name. */
    namesake(c: Contact): Contact {
      return contact(
        ctx.unique(
          "person",
          FULL_NAMES.filter((n) => n.startsWith(`${c.first} `)),
        ),
      );
    },
    /** A message `from` sent you; returns its id. */
    received(from: Contact, text: string, opts: { read?: boolean; replyTo?: string } = {}): string {
      return push(from.id, me, text, opts.read ?? ctx.int(0, 1) === 1, opts.replyTo ?? null);
    },
    /** A message you sent `to`; returns its id. */
    sent(to: Contact, text: string, opts: { replyTo?: string } = {}): string {
      return push(me, to.id, text, true, opts.replyTo ?? null);
    },
  };
}
