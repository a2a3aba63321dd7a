import { FULL_NAMES } from "../../dataset/pools.js";
import type { TemplateContext } from "../../dataset/template.js";
import { escapeRegex } from "../filesystem/kit.js";
import type { SocialState } from "./tools.js";

/** What the social templates share: a task's own accounts, posts, comments and hashtags. */

export interface Account {
  readonly name: string;
  readonly username: string;
}

export interface MadePost {
  readonly id: string;
  /** Its index in the state's posts (posts are only ever appended). */
  readonly index: number;
  readonly likes: number;
  readonly author: string;
}

/**
 * Hashtags by theme, so a post's tag fits its text. No tag is part of another, nor of a filler post:
 * a search for one finds only its task's posts.
 */
const TAGS = {
  food: ["sourdough", "ramenquest", "foodtruck", "bakeoff"],
  outdoors: [
    "trailrun",
    "marathon",
    "kayaking",
    "climbing",
    "birdwatch",
    "stargazing",
    "cyclecity",
    "photowalk",
  ],
  music: ["jazznight", "openmic", "vinylfinds"],
  tech: ["codereview", "hackweek", "launchday"],
  hobby: ["bookclub", "chessclub", "boardgames", "gardenlog", "pottery", "sketchbook"],
} as const;
export type TagTheme = keyof typeof TAGS;
const ALL_TAGS = Object.values(TAGS).flat();
const FILLER = [
  "Beautiful morning for a walk.",
  "Anyone have a good lasagna recipe?",
  "New blog post is up!",
  "Finally finished that puzzle.",
  "Coffee first, then emails.",
  "What a game last night!",
];
const BIOS = [
  "Backend engineer.",
  "Teacher and runner.",
  "Coffee, cats and code.",
  "Product designer.",
  "Writes about cities.",
];

export { escapeRegex };

/** A username argument: with or without @, in any case. */
export function userArg(username: string) {
  return { $regex: `^\\s*@?${escapeRegex(username)}\\s*$`, $flags: "i", $example: username };
}

/** A search for a hashtag: with or without #. */
export function tagQuery(tag: string) {
  return { $regex: `^\\s*#?${escapeRegex(tag)}\\s*$`, $flags: "i", $example: `#${tag}` };
}

/** A text that must hold `text` (case and spacing aside); the oracle writes `text`. */
export function saysArg(text: string) {
  const pattern = text
    .trim()
    .replace(/[.!?]+$/, "")
    .split(/\s+/)
    .map((w) => escapeRegex(w))
    .join("\\s+");
  return { $regex: pattern, $flags: "i", $example: text };
}

/** A text that mentions @username; the oracle writes `example`. */
export function mentionArg(username: string, example: string) {
  return { $regex: `@${escapeRegex(username)}(?![A-Za-z0-9_])`, $flags: "i", $example: example };
}

export function socialKit(ctx: TemplateContext) {
  const state = ctx.state("social") as unknown as SocialState;
  const block = ctx.unique(
    "social.id-block",
    Array.from({ length: 70 }, (_, i) => 20 + i),
  );
  let posts = 0;
  let comments = 0;
  let clock = ctx.int(5, 60);
  const tick = (): number => {
    clock += ctx.int(1, 4);
    return clock;
  };
  const me = state.me;

  const kit = {
    state,
    me,
    /** A hashtag of this task alone, of a theme (any by default). */
    tag: (theme?: TagTheme): string => ctx.unique("social.tag", theme ? TAGS[theme] : ALL_TAGS),
    filler: (): string => ctx.pick(FILLER),
    /** A new account whose name and username no other task uses. */
    person(opts: { bio?: string; blocksYou?: boolean } = {}): Account {
      const name = ctx.unique("person", FULL_NAMES);
      const username = name.toLowerCase().replace(" ", "_");
      state.users.push({
        username,
        name,
        bio: opts.bio ?? ctx.pick(BIOS),
        blocks_you: opts.blocksYou ?? false,
      });
      return { name, username };
    },
    people: (n: number): Account[] => Array.from({ length: n }, () => kit.person()),
    follow(follower: string, followee: string): void {
      state.follows.push({ follower, followee });
    },
    post(
      author: string,
      text: string,
      opts: { likes?: readonly string[]; comments?: readonly { author: string; text: string }[] } = {},
    ): MadePost {
      posts += 1;
      const id = `P${block * 100 + posts}`;
      const postedAt = tick();
      const made = (opts.comments ?? []).map((c) => {
        comments += 1;
        return {
          comment_id: `C${block * 100 + comments}`,
          author: c.author,
          text: c.text,
          posted_at: tick(),
        };
      });
      const likes = [...(opts.likes ?? [])];
      const index =
        state.posts.push({ post_id: id, author, text, posted_at: postedAt, likes, comments: made }) - 1;
      return { id, index, likes: likes.length, author };
    },
    /** Usernames of `n` new accounts, to like posts or follow someone. */
    fans(n: number): string[] {
      return kit.people(n).map((p) => p.username);
    },
  };
  return kit;
}
