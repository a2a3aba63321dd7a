import { defineTemplate } from "../../../dataset/template.js";
import { mentionArg, saysArg, socialKit, tagQuery, userArg } from "../kit.js";

const so = ["social"];
const COMMENTS = [
  "Congrats, well deserved!",
  "Love this, thanks for sharing.",
  "See you there!",
  "Great photos!",
];

/** Social call paths: look-ups, single actions and short chains. */
export const socialShortCallPaths = [
  defineTemplate({
    id: "social/follower-count",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const who = k.person();
      const followers = k.fans(ctx.int(1, 5));
      for (const f of followers) k.follow(f, who.username);
      for (const f of k.fans(ctx.int(1, 3))) k.follow(who.username, f);
      return {
        instruction: `How many followers does @${who.username} have right now? Answer with the number.`,
        steps: [{ id: "profile", tool: "get_profile", args: { username: userArg(who.username) } }],
        answer: { number: followers.length },
      };
    },
  }),
  defineTemplate({
    id: "social/post-likes",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const who = k.person();
      const fans = k.fans(ctx.int(1, 6));
      const post = k.post(who.username, k.filler(), {
        likes: fans,
        comments: [{ author: fans[0] ?? who.username, text: "Nice!" }],
      });
      k.post(who.username, k.filler(), { likes: fans.slice(0, 1) });
      return {
        instruction: `How many likes does post ${post.id} by @${who.username} have? Answer with the number.`,
        steps: [{ id: "post", tool: "get_post", args: { post_id: { $ci: post.id } } }],
        answer: { number: post.likes },
      };
    },
  }),
  defineTemplate({
    id: "social/tag-count",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag();
      const authors = k.people(3);
      const n = ctx.int(2, 5);
      for (let i = 0; i < n; i++)
        k.post(authors[i % 3]?.username ?? k.me, `Day ${i + 1} of the challenge. #${tag}`);
      const hidden = k.person({ blocksYou: true });
      k.post(hidden.username, `Joining in! #${tag}`);
      k.post(authors[0]?.username ?? k.me, k.filler());
      return {
        instruction: `How many posts tagged #${tag} can I see? Answer with the number.`,
        steps: [{ id: "search", tool: "search_posts", args: { query: tagQuery(tag) } }],
        answer: { number: n },
      };
    },
  }),
  defineTemplate({
    id: "social/publish-post",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const [theme, line] = ctx.pick([
        ["music", "Doors open at 7 tonight, see you all there"],
        ["tech", "Slides from my talk are online now"],
        ["tech", "We are hiring two interns this spring"],
        ["food", "New menu starts on Friday"],
      ] as const);
      const text = `${line} #${k.tag(theme)}`;
      k.post(k.me, k.filler());
      return {
        instruction: `Post this from my account: "${text}". Answer with the new post's id.`,
        steps: [{ id: "create", tool: "create_post", args: { text: saysArg(text) } }],
        answer: { exact: { $from: "create.post_id" } },
      };
    },
  }),
  defineTemplate({
    id: "social/like-post",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const who = k.person();
      const post = k.post(who.username, k.filler(), { likes: k.fans(ctx.int(0, 4)) });
      k.post(who.username, k.filler());
      return {
        instruction: `Like post ${post.id} by @${who.username} for me.`,
        steps: [{ id: "like", tool: "like_post", args: { post_id: { $ci: post.id } } }],
        answer: { any: true },
        state: [{ path: `social.posts.${post.index}.likes`, count: post.likes + 1 }],
      };
    },
  }),
  defineTemplate({
    id: "social/follow-user",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const who = k.person();
      for (const f of k.fans(ctx.int(0, 4))) k.follow(f, who.username);
      return {
        instruction: `Follow @${who.username}, and tell me how many followers they have after that.`,
        steps: [{ id: "follow", tool: "follow_user", args: { username: userArg(who.username) } }],
        answer: { number: { $from: "follow.followers" } },
      };
    },
  }),
  defineTemplate({
    id: "social/comment-on-post",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const who = k.person();
      const fan = k.person();
      const post = k.post(who.username, `Finished my first piece this week! #${k.tag("hobby")}`, {
        comments: [{ author: fan.username, text: "Looks great!" }],
      });
      const text = ctx.pick(COMMENTS);
      return {
        instruction: `Comment "${text}" on post ${post.id}.`,
        steps: [
          {
            id: "comment",
            tool: "comment_on_post",
            args: { post_id: { $ci: post.id }, text: saysArg(text) },
          },
        ],
        answer: { any: true },
        state: [{ path: `social.posts.${post.index}.comments`, count: 2 }],
      };
    },
  }),
  defineTemplate({
    id: "social/like-latest-by",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("outdoors");
      const [who, other] = k.people(2);
      if (!who || !other) throw new Error("two accounts expected");
      k.post(who.username, `Week one done. #${tag}`);
      const latest = k.post(who.username, `Week two, new personal best! #${tag}`, {
        likes: k.fans(ctx.int(0, 3)),
      });
      k.post(other.username, `My first week. #${tag}`);
      k.post(who.username, k.filler());
      return {
        instruction: `Like @${who.username}'s most recent post tagged #${tag}.`,
        steps: [
          {
            id: "search",
            tool: "search_posts",
            args: { query: tagQuery(tag), author: userArg(who.username) },
          },
          {
            id: "like",
            tool: "like_post",
            args: { post_id: { $from: "search.posts.0.post_id", $ci: true } },
            after: ["search"],
          },
        ],
        answer: { any: true },
        state: [{ path: `social.posts.${latest.index}.likes`, count: latest.likes + 1 }],
      };
    },
  }),
  defineTemplate({
    id: "social/comment-on-newest-tagged",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("music");
      const authors = k.people(3);
      authors.forEach((a, i) => {
        k.post(a.username, `${["Opening night", "Second set", "Encore"][i]} was amazing. #${tag}`);
      });
      const text = ctx.pick(COMMENTS);
      return {
        instruction: `Leave the comment "${text}" on the newest post tagged #${tag}.`,
        steps: [
          { id: "search", tool: "search_posts", args: { query: tagQuery(tag) } },
          {
            id: "comment",
            tool: "comment_on_post",
            args: { post_id: { $from: "search.posts.0.post_id", $ci: true }, text: saysArg(text) },
            after: ["search"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "social/post-author-name",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const [who, other] = k.people(2);
      if (!who || !other) throw new Error("two accounts expected");
      const post = k.post(
        who.username,
        `Who else is going to the craft fair on Saturday? #${k.tag("hobby")}`,
      );
      k.post(other.username, k.filler());
      return {
        instruction: `Who wrote post ${post.id}? I need their display name, not the username.`,
        steps: [
          { id: "post", tool: "get_post", args: { post_id: { $ci: post.id } } },
          {
            id: "profile",
            tool: "get_profile",
            args: { username: { $from: "post.author", $ci: true } },
            after: ["post"],
          },
        ],
        answer: { normalized: who.name },
      };
    },
  }),
  defineTemplate({
    id: "social/follow-first-commenter",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const commenters = k.people(ctx.int(2, 3));
      const post = k.post(k.me, `Launched my little side project today! #${k.tag("tech")}`, {
        comments: commenters.map((c, i) => ({
          author: c.username,
          text: ["Congrats!", "Looks neat.", "Nice work!"][i] ?? "Nice!",
        })),
      });
      return {
        instruction: `Follow the first person who commented on my post ${post.id}.`,
        steps: [
          { id: "post", tool: "get_post", args: { post_id: { $ci: post.id } } },
          {
            id: "follow",
            tool: "follow_user",
            args: { username: { $from: "post.comments.0.author", $ci: true } },
            after: ["post"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "social/author-tag-count",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("outdoors");
      const [who, other] = k.people(2);
      if (!who || !other) throw new Error("two accounts expected");
      const n = ctx.int(2, 4);
      let post = k.post(who.username, `Trying a new route today. #${tag}`);
      for (let i = 1; i < n; i++) post = k.post(who.username, `Round ${i + 1}. #${tag}`);
      k.post(other.username, `Me too! #${tag}`);
      k.post(who.username, k.filler());
      return {
        instruction: `The author of post ${post.id} posts a lot about #${tag}. How many #${tag} posts have they made? Answer with the number.`,
        steps: [
          { id: "post", tool: "get_post", args: { post_id: { $ci: post.id } } },
          {
            id: "search",
            tool: "search_posts",
            args: { query: tagQuery(tag), author: { $from: "post.author", $ci: true } },
            after: ["post"],
          },
        ],
        answer: { number: n },
      };
    },
  }),
  defineTemplate({
    id: "social/compare-followers",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const [a, b] = k.people(2);
      if (!a || !b) throw new Error("two accounts expected");
      const [na, nb] = ctx.sample([1, 2, 3, 4, 5], 2);
      for (const f of k.fans(na ?? 1)) k.follow(f, a.username);
      for (const f of k.fans(nb ?? 2)) k.follow(f, b.username);
      const more = (na ?? 0) > (nb ?? 0) ? a.username : b.username;
      return {
        instruction: `Who has more followers, @${a.username} or @${b.username}? Answer with the username.`,
        steps: [
          { id: "first", tool: "get_profile", args: { username: userArg(a.username) } },
          { id: "second", tool: "get_profile", args: { username: userArg(b.username) } },
        ],
        answer: { regex: `^\\s*@?${more}\\s*\\.?\\s*$`, flags: "i", example: `@${more}` },
      };
    },
  }),
  defineTemplate({
    id: "social/post-and-comment",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("hobby");
      const text = `${ctx.pick(["Our community garden opens this weekend", "Free repair cafe on Sunday", "Book swap at the library tonight"])} #${tag}`;
      const comment = ctx.pick([
        "Details and map: see the town website.",
        "Bring a friend!",
        "Starts at 10, ends at 4.",
      ]);
      return {
        instruction: `Post "${text}" from my account, then add a first comment to that new post: "${comment}"`,
        steps: [
          { id: "create", tool: "create_post", args: { text: saysArg(text) } },
          {
            id: "comment",
            tool: "comment_on_post",
            args: { post_id: { $from: "create.post_id", $ci: true }, text: saysArg(comment) },
            after: ["create"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "social/congrats-author",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("hobby");
      const who = k.person();
      const post = k.post(who.username, `After two years of work, my book is finally out! #${tag}`, {
        likes: k.fans(2),
      });
      return {
        instruction: `Write a post congratulating the author of post ${post.id} on their news, and mention them with their @username in it.`,
        steps: [
          { id: "post", tool: "get_post", args: { post_id: { $ci: post.id } } },
          {
            id: "create",
            tool: "create_post",
            args: {
              text: mentionArg(who.username, `Huge congratulations to @${who.username} on the new book!`),
            },
            after: ["post"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
];
