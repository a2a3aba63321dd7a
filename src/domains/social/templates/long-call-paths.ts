import { defineTemplate } from "../../../dataset/template.js";
import { mentionArg, saysArg, socialKit, tagQuery, userArg } from "../kit.js";

const so = ["social"];
const COMMENTS = [
  "Congrats, well deserved!",
  "Love this, thanks for sharing.",
  "See you there!",
  "Great photos!",
];
const ROLES = ["photographer", "illustrator", "architect", "chef"];

/** Social call paths of several steps: fan-outs over a search, fan-ins over profiles, decisions. */
export const socialLongCallPaths = [
  defineTemplate({
    id: "social/thank-first-commenter",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const [first, second] = k.people(2);
      if (!first || !second) throw new Error("two accounts expected");
      const post = k.post(k.me, `Finished my first 21 km race this morning! #${k.tag("outdoors")}`, {
        comments: [
          { author: first.username, text: "Amazing, congrats!" },
          { author: second.username, text: "So proud of you." },
        ],
      });
      return {
        instruction: `Under my post ${post.id}, add a comment thanking the first person who commented; mention them with their @username.`,
        steps: [
          { id: "post", tool: "get_post", args: { post_id: { $ci: post.id } } },
          {
            id: "comment",
            tool: "comment_on_post",
            args: {
              post_id: { $ci: post.id },
              text: mentionArg(first.username, `Thank you @${first.username}!`),
            },
            after: ["post"],
          },
        ],
        answer: { any: true },
        state: [{ path: `social.posts.${post.index}.comments`, count: 3 }],
      };
    },
  }),
  defineTemplate({
    id: "social/announcement-author",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("food");
      const [who, other] = k.people(2);
      if (!who || !other) throw new Error("two accounts expected");
      k.post(other.username, k.filler());
      k.post(who.username, `Big news: we are opening a bakery on Elm Street next month! #${tag}`);
      return {
        instruction: `Someone announced a new bakery in a post tagged #${tag}. Who is it? I need their real name, not the username.`,
        steps: [
          { id: "search", tool: "search_posts", args: { query: tagQuery(tag) } },
          {
            id: "profile",
            tool: "get_profile",
            args: { username: { $from: "search.posts.0.author", $ci: true } },
            after: ["search"],
          },
        ],
        answer: { normalized: who.name },
      };
    },
  }),
  defineTemplate({
    id: "social/more-liked-post",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("outdoors");
      const [la, lb] = ctx.sample([0, 1, 2, 3, 4, 5], 2);
      const a = k.post(k.me, `Morning light over the river. #${tag}`, { likes: k.fans(la ?? 0) });
      const b = k.post(k.me, `Evening light over the river. #${tag}`, { likes: k.fans(lb ?? 1) });
      const winner = a.likes > b.likes ? a.id : b.id;
      return {
        instruction: `Which of my posts got more likes, ${a.id} or ${b.id}? Answer with the post id.`,
        steps: [
          { id: "first", tool: "get_post", args: { post_id: { $ci: a.id } } },
          { id: "second", tool: "get_post", args: { post_id: { $ci: b.id } } },
        ],
        answer: { regex: `^\\s*${winner}\\s*\\.?\\s*$`, flags: "i", example: winner },
      };
    },
  }),
  defineTemplate({
    id: "social/first-comment-on",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("outdoors");
      const [who, c1, c2] = k.people(3);
      if (!who || !c1 || !c2) throw new Error("accounts expected");
      const said = ctx.pick(["Which trail is this", "Can I join next time", "What camera do you use"]);
      k.post(who.username, `Sunrise from the summit. #${tag}`, {
        comments: [
          { author: c1.username, text: `${said}?` },
          { author: c2.username, text: "Stunning." },
        ],
      });
      k.post(c1.username, `Nice one @${who.username}! #${tag}`);
      return {
        instruction: `What did the first commenter say under @${who.username}'s #${tag} post? Quote the comment.`,
        steps: [
          {
            id: "search",
            tool: "search_posts",
            args: { query: tagQuery(tag), author: userArg(who.username) },
          },
          {
            id: "post",
            tool: "get_post",
            args: { post_id: { $from: "search.posts.0.post_id", $ci: true } },
            after: ["search"],
          },
        ],
        answer: { contains: said },
      };
    },
  }),
  defineTemplate({
    id: "social/follow-tag-authors",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("hobby");
      const [a, b, c] = k.people(3);
      if (!a || !b || !c) throw new Error("accounts expected");
      k.post(a.username, `Meetup this Thursday, all levels welcome. #${tag}`);
      k.post(c.username, k.filler());
      k.post(b.username, `Bringing snacks to the meetup! #${tag}`);
      return {
        instruction: `Follow the people who have posted with #${tag} (there are two).`,
        steps: [
          { id: "search", tool: "search_posts", args: { query: tagQuery(tag) } },
          ...[0, 1].map((i) => ({
            id: `follow_${i + 1}`,
            tool: "follow_user",
            args: { username: { $from: `search.posts.${i}.author`, $ci: true } },
            after: ["search"],
          })),
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "social/like-unliked-tagged",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("hobby");
      const authors = k.people(3);
      const likedAt = ctx.int(0, 2);
      const posts = authors.map((a, i) =>
        k.post(a.username, `Entry ${i + 1} for the weekly challenge. #${tag}`, {
          likes: i === likedAt ? [k.me] : [],
        }),
      );
      // Newest first in the search; the post already liked is skipped.
      const todo = posts
        .map((p, i) => ({ p, rank: posts.length - 1 - i, liked: i === likedAt }))
        .filter((x) => !x.liked)
        .sort((x, y) => x.rank - y.rank);
      return {
        instruction: `Like every post tagged #${tag} that I haven't liked yet.`,
        steps: [
          { id: "search", tool: "search_posts", args: { query: tagQuery(tag) } },
          ...todo.map((x, i) => ({
            id: `like_${i + 1}`,
            tool: "like_post",
            args: { post_id: { $from: `search.posts.${x.rank}.post_id`, $ci: true } },
            after: ["search"],
          })),
        ],
        answer: { any: true },
        state: posts.map((p) => ({ path: `social.posts.${p.index}.likes`, count: 1 })),
      };
    },
  }),
  defineTemplate({
    id: "social/follow-and-like",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("food");
      const who = k.person();
      k.post(who.username, `First attempt, not bad. #${tag}`);
      const latest = k.post(who.username, `Second attempt, much better! #${tag}`);
      return {
        instruction: `Follow @${who.username} and like their latest post tagged #${tag}.`,
        steps: [
          { id: "follow", tool: "follow_user", args: { username: userArg(who.username) } },
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
        state: [{ path: `social.posts.${latest.index}.likes`, count: 1 }],
      };
    },
  }),
  defineTemplate({
    id: "social/engage-post",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("hobby");
      const [who, c1, c2] = k.people(3);
      if (!who || !c1 || !c2) throw new Error("accounts expected");
      const post = k.post(who.username, `Our team won the regional final! #${tag}`, {
        comments: [
          { author: c1.username, text: "What a match!" },
          { author: c2.username, text: "Congrats to all of you." },
        ],
      });
      return {
        instruction: `Find @${who.username}'s post tagged #${tag}: like it, and follow whoever left the first comment on it.`,
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
          {
            id: "post",
            tool: "get_post",
            args: { post_id: { $from: "search.posts.0.post_id", $ci: true } },
            after: ["search"],
          },
          {
            id: "follow",
            tool: "follow_user",
            args: { username: { $from: "post.comments.0.author", $ci: true } },
            after: ["post"],
          },
        ],
        answer: { any: true },
        state: [{ path: `social.posts.${post.index}.likes`, count: 1 }],
      };
    },
  }),
  defineTemplate({
    id: "social/vetted-follow",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("outdoors");
      const role = ctx.pick(ROLES);
      const who = k.person();
      const first = k.person({ bio: `Freelance ${role} based in Lisbon.` });
      const second = k.person();
      k.post(who.username, `Old town walk, part one. #${tag}`);
      k.post(who.username, `Old town walk, part two. #${tag}`, {
        comments: [
          { author: first.username, text: "Great light in these." },
          { author: second.username, text: "Where is this?" },
        ],
      });
      return {
        instruction: `On the newest #${tag} post, see who left the first comment. If their profile says they are a ${role}, follow them, and tell me their real name.`,
        steps: [
          { id: "search", tool: "search_posts", args: { query: tagQuery(tag) } },
          {
            id: "post",
            tool: "get_post",
            args: { post_id: { $from: "search.posts.0.post_id", $ci: true } },
            after: ["search"],
          },
          {
            id: "profile",
            tool: "get_profile",
            args: { username: { $from: "post.comments.0.author", $ci: true } },
            after: ["post"],
          },
          {
            id: "follow",
            tool: "follow_user",
            args: { username: { $from: "post.comments.0.author", $ci: true } },
            after: ["profile"],
          },
        ],
        answer: { normalized: first.name },
      };
    },
  }),
  defineTemplate({
    id: "social/feed-top-post",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("food");
      const [a, b, stranger] = k.people(3);
      if (!a || !b || !stranger) throw new Error("accounts expected");
      k.follow(k.me, a.username);
      k.follow(k.me, b.username);
      const [la, lb] = ctx.sample([1, 2, 3, 4], 2);
      const pa = k.post(a.username, `Tonight's dish, slow cooked for hours. #${tag}`, {
        likes: k.fans(la ?? 1),
      });
      const pb = k.post(b.username, `Tried the recipe everyone talks about. #${tag}`, {
        likes: k.fans(lb ?? 2),
      });
      k.post(stranger.username, `My version, hands down the best. #${tag}`, { likes: k.fans(6) });
      k.post(a.username, k.filler(), { likes: k.fans(5) });
      const top = pa.likes > pb.likes ? pa.id : pb.id;
      return {
        instruction: `Among the #${tag} posts in my home feed, which one has the most likes? Answer with the post id.`,
        steps: [{ id: "feed", tool: "get_feed", args: { limit: { $any: true, $example: 50 } } }],
        answer: { regex: `^\\s*${top}\\s*\\.?\\s*$`, flags: "i", example: top },
      };
    },
  }),
  defineTemplate({
    id: "social/feed-comment",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const [who, other] = k.people(2);
      if (!who || !other) throw new Error("accounts expected");
      k.follow(k.me, who.username);
      k.follow(k.me, other.username);
      k.post(who.username, k.filler());
      const latest = k.post(who.username, "Moving to a new city next month!");
      k.post(other.username, k.filler());
      const text = ctx.pick(["Good luck with the move!", "We will miss you here!"]);
      return {
        instruction: `In my home feed, find the newest post from @${who.username} and comment "${text}" on it.`,
        steps: [
          { id: "feed", tool: "get_feed", args: { limit: { $any: true, $example: 50 } } },
          {
            id: "comment",
            tool: "comment_on_post",
            args: { post_id: { $ci: latest.id }, text: saysArg(text) },
            after: ["feed"],
          },
        ],
        answer: { any: true },
        state: [{ path: `social.posts.${latest.index}.comments`, count: 1 }],
      };
    },
  }),
  defineTemplate({
    id: "social/follow-back",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const who = k.person();
      const followsMe = ctx.int(0, 2) > 0;
      const fans = k.fans(ctx.int(1, 4));
      for (const f of fans) k.follow(f, who.username);
      if (followsMe) k.follow(who.username, k.me);
      const check = { id: "profile", tool: "get_profile", args: { username: userArg(who.username) } };
      return {
        instruction: `Does @${who.username} follow me? If so, follow them back. Either way, tell me how many followers they have at the end.`,
        steps: followsMe
          ? [
              check,
              {
                id: "follow",
                tool: "follow_user",
                args: { username: userArg(who.username) },
                after: ["profile"],
              },
            ]
          : [check],
        answer: { number: fans.length + (followsMe ? 1 : 0) },
      };
    },
  }),
  defineTemplate({
    id: "social/follow-more-popular",
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
        instruction: `I only want to follow one of @${a.username} and @${b.username}: follow whichever has more followers.`,
        steps: [
          { id: "first", tool: "get_profile", args: { username: userArg(a.username) } },
          { id: "second", tool: "get_profile", args: { username: userArg(b.username) } },
          {
            id: "follow",
            tool: "follow_user",
            args: { username: userArg(more) },
            after: ["first", "second"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "social/like-and-comment",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("outdoors");
      const who = k.person();
      const post = k.post(who.username, `Finished my first 50 km ride today! #${tag}`, {
        likes: k.fans(ctx.int(0, 3)),
      });
      k.post(who.username, k.filler());
      const text = ctx.pick(COMMENTS);
      return {
        instruction: `Find @${who.username}'s post tagged #${tag}; like it and comment "${text}" on it.`,
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
          {
            id: "comment",
            tool: "comment_on_post",
            args: { post_id: { $from: "search.posts.0.post_id", $ci: true }, text: saysArg(text) },
            after: ["search"],
          },
        ],
        answer: { any: true },
        state: [
          { path: `social.posts.${post.index}.likes`, count: post.likes + 1 },
          { path: `social.posts.${post.index}.comments`, count: 1 },
        ],
      };
    },
  }),
  defineTemplate({
    id: "social/credit-recipe-author",
    domains: so,
    instantiate(ctx) {
      const k = socialKit(ctx);
      const tag = k.tag("food");
      const [who, other] = k.people(2);
      if (!who || !other) throw new Error("two accounts expected");
      k.post(other.username, k.filler());
      k.post(who.username, `My grandmother's plum cake recipe, finally written down. #${tag}`);
      return {
        instruction: `I baked the cake from the recipe posted with #${tag}. Write a post recommending that recipe, and credit its author by @username.`,
        steps: [
          { id: "search", tool: "search_posts", args: { query: tagQuery(tag) } },
          {
            id: "create",
            tool: "create_post",
            args: {
              text: mentionArg(who.username, `Baked the plum cake by @${who.username}, highly recommended!`),
            },
            after: ["search"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
];
