import { z } from "zod";
import { checkUnique, sameId, takenIn } from "../shared/state-kit.js";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";

const MAX_POST = 280;

const count = z.number().int().nonnegative();
const stateUsername = z
  .string()
  .regex(/^[A-Za-z0-9_]{1,30}$/, "a username is 1 to 30 letters, digits or _, without @, e.g. ada_l");

const userSchema = z.strictObject({
  username: stateUsername.describe("Username without @, e.g. ada_l."),
  name: z.string().min(1).describe("Display name, e.g. Ada Lovelace."),
  bio: z.string().default("").describe("Profile text. Default empty."),
  blocks_you: z
    .boolean()
    .default(false)
    .describe(
      "True when this user has blocked you: you cannot see, like or comment on their posts, or follow them.",
    ),
});

const commentSchema = z.strictObject({
  comment_id: z.string().min(1).describe("Comment id (any text, unique among the comments)."),
  author: stateUsername.describe("Username of the commenter."),
  text: z.string().describe("The comment text."),
  posted_at: count.default(0).describe("Logical time: a higher number is later. Default 0."),
});

const postSchema = z.strictObject({
  post_id: z.string().min(1).describe("Post id (any text, unique among the posts)."),
  author: stateUsername.describe("Username of the author (the account's own username for your posts)."),
  text: z.string().describe("The post text; #words in it are its tags."),
  posted_at: count.default(0).describe("Logical time: a higher number is later. Default 0."),
  likes: z.array(stateUsername).default([]).describe("Usernames of those who like the post."),
  comments: z.array(commentSchema).default([]).describe("Comments, oldest first."),
});

export const socialStateSchema = z
  .strictObject({
    me: stateUsername.default("me").describe("Username of the account the agent acts as. Default me."),
    users: z.array(userSchema).default([]).describe("Other accounts on the network."),
    follows: z
      .array(
        z.strictObject({
          follower: stateUsername.describe("Username of the one who follows."),
          followee: stateUsername.describe("Username of the one followed."),
        }),
      )
      .default([])
      .describe("Who follows whom, including the account itself."),
    posts: z.array(postSchema).default([]).describe("Posts, in the order they were made."),
    nextPostNumber: count
      .default(1001)
      .describe(
        "Index of the next post id: which one it is; the id itself is drawn from the episode's seed, so this only numbers them (older scenario files set it; any positive value works).",
      ),
    nextCommentNumber: count
      .default(1001)
      .describe(
        "Index of the next comment id: which one it is; the id itself is drawn from the episode's seed, so this only numbers them (older scenario files set it; any positive value works).",
      ),
    clock: count
      .default(0)
      .describe("Logical time of the last post or comment; a new one is stamped after everything held."),
  })
  .superRefine((state, ctx) => {
    checkUnique(
      ctx,
      "users",
      state.users.map((u) => u.username),
    );
    checkUnique(
      ctx,
      "posts",
      state.posts.map((p) => p.post_id),
    );
    checkUnique(
      ctx,
      "posts",
      state.posts.flatMap((p) => p.comments.map((c) => c.comment_id)),
    );
    checkUnique(
      ctx,
      "follows",
      state.follows.map((f) => `${f.follower} follows ${f.followee}`),
    );
    const known = (name: string): boolean =>
      sameId(name, state.me) || state.users.some((u) => sameId(u.username, name));
    const unknown = (path: (string | number)[], name: string): void => {
      if (!known(name))
        ctx.addIssue({ code: "custom", path, message: `${name} is not in users; add it there` });
    };
    state.follows.forEach((f, i) => {
      unknown(["follows", i, "follower"], f.follower);
      unknown(["follows", i, "followee"], f.followee);
      if (sameId(f.follower, f.followee)) {
        ctx.addIssue({ code: "custom", path: ["follows", i], message: `${f.follower} cannot follow itself` });
      }
    });
    state.posts.forEach((p, i) => {
      unknown(["posts", i, "author"], p.author);
      p.comments.forEach((c, j) => {
        unknown(["posts", i, "comments", j, "author"], c.author);
      });
    });
  });

export type SocialState = z.infer<typeof socialStateSchema>;
type Post = SocialState["posts"][number];
type Profile = { username: string; name: string; bio: string; blocks_you: boolean };

const postView = z.strictObject({
  post_id: z.string(),
  author: z.string(),
  text: z.string(),
  tags: z.array(z.string()),
  like_count: count,
  comment_count: count,
  liked_by_me: z.boolean(),
  posted_at: count,
});
const commentView = z.strictObject({
  comment_id: z.string(),
  author: z.string(),
  text: z.string(),
  posted_at: count,
});
const postsView = z.strictObject({ posts: z.array(postView), count });

/** The #words of a text, lowercased, each once, in order of appearance. */
function tagsOf(text: string): string[] {
  const tags = [...text.matchAll(/#(\w+)/g)].map((m) => (m[1] ?? "").toLowerCase());
  return [...new Set(tags)];
}

function viewPost(state: SocialState, p: Post) {
  return {
    post_id: p.post_id,
    author: p.author,
    text: p.text,
    tags: tagsOf(p.text),
    like_count: p.likes.length,
    comment_count: p.comments.length,
    liked_by_me: p.likes.some((u) => sameId(u, state.me)),
    posted_at: p.posted_at,
  };
}

/** Newest first; posts stamped alike keep the reverse of the order they were made. */
function newestFirst(posts: readonly Post[]): Post[] {
  return posts
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p.posted_at - a.p.posted_at || b.i - a.i)
    .map(({ p }) => p);
}

const bare = (username: string): string => username.replace(/^@/, "");

/** The account itself is a profile too, even when users does not list it. */
function findProfile(state: SocialState, username: string): Profile {
  const name = bare(username);
  if (sameId(name, state.me)) {
    const own = state.users.find((u) => sameId(u.username, state.me));
    return own ?? { username: state.me, name: state.me, bio: "", blocks_you: false };
  }
  const user = state.users.find((u) => sameId(u.username, name));
  if (!user) {
    throw new DomainError(
      "NOT_FOUND",
      `No user @${name}; check the username against the author of one of their posts`,
    );
  }
  return user;
}

function blocksMe(state: SocialState, author: string): boolean {
  return state.users.some((u) => sameId(u.username, author) && u.blocks_you);
}

/** A post the account may see: it exists and its author has not blocked the account. */
function findPost(state: SocialState, id: string): Post {
  const post = state.posts.find((p) => sameId(p.post_id, id));
  if (!post) {
    throw new DomainError("NOT_FOUND", `No post ${id}; call get_feed or search_posts to see post ids`);
  }
  if (blocksMe(state, post.author)) {
    throw new DomainError(
      "PERMISSION_DENIED",
      `@${post.author} has blocked you, so you cannot see or interact with their posts; choose another post`,
    );
  }
  return post;
}

const follows = (state: SocialState, follower: string, followee: string): boolean =>
  state.follows.some((f) => sameId(f.follower, follower) && sameId(f.followee, followee));

/** Stamps a new post or comment after everything the state holds, so "newest" stays true. */
function tick(state: SocialState): number {
  const times = state.posts.flatMap((p) => [p.posted_at, ...p.comments.map((c) => c.posted_at)]);
  state.clock = Math.max(state.clock, ...times) + 1;
  return state.clock;
}

const usernameArg = (what: string) =>
  z
    .string()
    .regex(/^@?[A-Za-z0-9_]{1,30}$/, "give a username of letters, digits or _, e.g. ada_l or @ada_l")
    .describe(`Username of the ${what}, with or without @ (case-insensitive).`);
const postIdArg = z.string().min(1).describe("Post id, as get_feed, search_posts or create_post return it.");
const postText = (what: string) =>
  z
    .string()
    .max(MAX_POST)
    .regex(/\S/, `write some text; a ${what} cannot be blank`)
    .describe(`The ${what} text, 1 to ${MAX_POST} characters; #words become tags.`);
const limitArg = z
  .number()
  .int()
  .min(1)
  .max(50)
  .default(20)
  .describe("Most posts to return, 1 to 50. Default 20.");

function tool<A extends z.ZodObject>(spec: DomainTool<SocialState, A>): DomainTool<SocialState> {
  return defineTool(spec);
}

const createPost = tool({
  name: "create_post",
  description:
    "Publishes a post from your account. Returns the post: { post_id, author, text, tags, like_count, " +
    "comment_count, liked_by_me, posted_at }, tags being the #words of the text, lowercased, and posted_at " +
    "the logical time (later posts have higher numbers). Errors: ALREADY_EXISTS if the text is the same as " +
    "that of your latest post (the network refuses duplicates; change the text).",
  input: z.strictObject({ text: postText("post") }),
  output: postView,
  readOnly: false,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args, ctx) {
    const latest = newestFirst(state.posts).find((p) => sameId(p.author, state.me));
    if (latest && latest.text.trim() === args.text.trim()) {
      throw new DomainError(
        "ALREADY_EXISTS",
        `Your latest post ${latest.post_id} has this exact text; change the text, or use that post`,
      );
    }
    const { id, next } = ctx.ids.text("P", state.nextPostNumber, takenIn(state.posts.map((p) => p.post_id)));
    state.nextPostNumber = next;
    const post: Post = {
      post_id: id,
      author: state.me,
      text: args.text,
      posted_at: tick(state),
      likes: [],
      comments: [],
    };
    state.posts.push(post);
    return viewPost(state, post);
  },
});

const getPost = tool({
  name: "get_post",
  description:
    "Gets one post with its comments. Returns { post_id, author, text, tags, like_count, comment_count, " +
    "liked_by_me, posted_at, comments: [{ comment_id, author, text, posted_at }] } with comments oldest first. " +
    "Errors: NOT_FOUND if no post has that id; PERMISSION_DENIED if its author has blocked you.",
  input: z.strictObject({ post_id: postIdArg }),
  output: postView.extend({ comments: z.array(commentView) }),
  readOnly: true,
  latency: 1,
  run(state, args) {
    const post = findPost(state, args.post_id);
    return { ...viewPost(state, post), comments: post.comments.map((c) => ({ ...c })) };
  },
});

const searchPosts = tool({
  name: "search_posts",
  description:
    "Searches posts whose text contains a phrase, ignoring case (search #tag for a tag), optionally only one " +
    "author's. Returns { query, posts: [{ post_id, author, text, tags, like_count, comment_count, liked_by_me, " +
    "posted_at }], count }, newest first, without posts of users who blocked you. No match is not an error.",
  input: z.strictObject({
    query: z
      .string()
      .regex(/\S/, "give a word, phrase or #tag to look for")
      .describe("Word, phrase or #tag to find in posts, e.g. #launch (case-insensitive)."),
    author: usernameArg("author")
      .optional()
      .describe("Only posts by this username, with or without @. Default: anyone."),
    limit: limitArg,
  }),
  output: postsView.extend({ query: z.string() }),
  readOnly: true,
  latency: { lognormal: { median: 2, p95: 6 } },
  run(state, args) {
    const needle = args.query.trim().toLowerCase();
    const author = args.author === undefined ? undefined : bare(args.author);
    const posts = newestFirst(state.posts)
      .filter((p) => !blocksMe(state, p.author) && p.text.toLowerCase().includes(needle))
      .filter((p) => author === undefined || sameId(p.author, author))
      .slice(0, args.limit)
      .map((p) => viewPost(state, p));
    return { query: args.query, posts, count: posts.length };
  },
});

const likePost = tool({
  name: "like_post",
  description:
    "Likes a post from your account. Returns { post_id, liked: true, like_count }. Errors: NOT_FOUND if no " +
    "post has that id; PERMISSION_DENIED if its author has blocked you; INVALID_STATE if you already like it.",
  input: z.strictObject({ post_id: postIdArg }),
  output: z.strictObject({ post_id: z.string(), liked: z.literal(true), like_count: count }),
  readOnly: false,
  idempotent: true,
  latency: 1,
  run(state, args) {
    const post = findPost(state, args.post_id);
    if (post.likes.some((u) => sameId(u, state.me))) {
      throw new DomainError("INVALID_STATE", `You already like ${post.post_id}; nothing to do`);
    }
    post.likes.push(state.me);
    return { post_id: post.post_id, liked: true, like_count: post.likes.length };
  },
});

const commentOnPost = tool({
  name: "comment_on_post",
  description:
    "Adds a comment from your account to a post. Returns { comment_id, post_id, author, text, posted_at, " +
    "comment_count }, comment_count being the post's new number of comments. Errors: NOT_FOUND if no post has " +
    "that id; PERMISSION_DENIED if its author has blocked you.",
  input: z.strictObject({ post_id: postIdArg, text: postText("comment") }),
  output: commentView.extend({ post_id: z.string(), comment_count: count }),
  readOnly: false,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args, ctx) {
    const post = findPost(state, args.post_id);
    const taken = state.posts.flatMap((p) => p.comments.map((c) => c.comment_id));
    const { id, next } = ctx.ids.text("C", state.nextCommentNumber, takenIn(taken));
    state.nextCommentNumber = next;
    const comment = { comment_id: id, author: state.me, text: args.text, posted_at: tick(state) };
    post.comments.push(comment);
    return { ...comment, post_id: post.post_id, comment_count: post.comments.length };
  },
});

const followUser = tool({
  name: "follow_user",
  description:
    "Follows a user from your account, so their posts appear in get_feed. Returns { username, following: true, " +
    "followers } with the user's new number of followers. Errors: NOT_FOUND if no user has that username; " +
    "INVALID_ARGUMENT for your own account; INVALID_STATE if you already follow them; PERMISSION_DENIED if " +
    "they have blocked you.",
  input: z.strictObject({ username: usernameArg("user to follow") }),
  output: z.strictObject({ username: z.string(), following: z.literal(true), followers: count }),
  readOnly: false,
  idempotent: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const user = findProfile(state, args.username);
    if (sameId(user.username, state.me)) {
      throw new DomainError("INVALID_ARGUMENT", `@${user.username} is your own account; follow someone else`);
    }
    if (user.blocks_you) {
      throw new DomainError(
        "PERMISSION_DENIED",
        `@${user.username} has blocked you, so you cannot follow them`,
      );
    }
    if (follows(state, state.me, user.username)) {
      throw new DomainError("INVALID_STATE", `You already follow @${user.username}; nothing to do`);
    }
    state.follows.push({ follower: state.me, followee: user.username });
    const followers = state.follows.filter((f) => sameId(f.followee, user.username)).length;
    return { username: user.username, following: true, followers };
  },
});

const getFeed = tool({
  name: "get_feed",
  description:
    "Gets your home feed: your own posts and those of the users you follow, newest first. Returns { posts: " +
    "[{ post_id, author, text, tags, like_count, comment_count, liked_by_me, posted_at }], count }. An empty " +
    "feed is not an error (follow users to fill it).",
  input: z.strictObject({ limit: limitArg }),
  output: postsView,
  readOnly: true,
  latency: { lognormal: { median: 2, p95: 5 } },
  run(state, args) {
    const posts = newestFirst(state.posts)
      .filter((p) => sameId(p.author, state.me) || follows(state, state.me, p.author))
      .filter((p) => !blocksMe(state, p.author))
      .slice(0, args.limit)
      .map((p) => viewPost(state, p));
    return { posts, count: posts.length };
  },
});

const getProfile = tool({
  name: "get_profile",
  description:
    "Gets a user's profile, or your own. Returns { username, name, bio, followers, following, posts, " +
    "is_following, follows_you, blocks_you }: followers and following are counts, posts the number of posts " +
    "they made, is_following whether you follow them, follows_you whether they follow you. Errors: NOT_FOUND " +
    "if no user has that username.",
  input: z.strictObject({ username: usernameArg("user") }),
  output: z.strictObject({
    username: z.string(),
    name: z.string(),
    bio: z.string(),
    followers: count,
    following: count,
    posts: count,
    is_following: z.boolean(),
    follows_you: z.boolean(),
    blocks_you: z.boolean(),
  }),
  readOnly: true,
  latency: 1,
  run(state, args) {
    const user = findProfile(state, args.username);
    const name = user.username;
    return {
      username: name,
      name: user.name,
      bio: user.bio,
      followers: state.follows.filter((f) => sameId(f.followee, name)).length,
      following: state.follows.filter((f) => sameId(f.follower, name)).length,
      posts: state.posts.filter((p) => sameId(p.author, name)).length,
      is_following: follows(state, state.me, name),
      follows_you: follows(state, name, state.me),
      blocks_you: user.blocks_you,
    };
  },
});

export const social = defineDomain({
  name: "social",
  category: "SocialConnect",
  description:
    "A social network account: post, comment, like, follow, read the feed and profiles. Post ids are P " +
    "followed by a number, comment ids C followed by a number.",
  state: socialStateSchema,
  tools: [createPost, getPost, searchPosts, likePost, commentOnPost, followUser, getFeed, getProfile],
});
