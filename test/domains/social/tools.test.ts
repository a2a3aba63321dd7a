import { describe, expect, it } from "vitest";
import { social } from "../../../src/domains/social/tools.js";
import { harness, toolOf } from "../harness.js";
import { describeWholeDomain } from "../whole-domain.js";

const initial = {
  me: "ada_l",
  users: [
    { username: "ada_l", name: "Ada Lovelace", bio: "Analyst of engines" },
    { username: "babbage", name: "Charles Babbage" },
    { username: "grace", name: "Grace Hopper", bio: "Compilers" },
    { username: "troll", name: "Some Troll", blocks_you: true },
  ],
  follows: [
    { follower: "ada_l", followee: "babbage" },
    { follower: "babbage", followee: "ada_l" },
    { follower: "grace", followee: "babbage" },
  ],
  posts: [
    {
      post_id: "P1",
      author: "babbage",
      text: "The #Engine is ready. #engine #steam",
      posted_at: 1,
      likes: ["grace"],
    },
    { post_id: "P2", author: "grace", text: "Compilers are the future #code", posted_at: 2 },
    {
      post_id: "P3",
      author: "ada_l",
      text: "Notes on the engine",
      posted_at: 3,
      comments: [{ comment_id: "C1", author: "babbage", text: "Splendid", posted_at: 4 }],
    },
    { post_id: "P4", author: "troll", text: "engine bad", posted_at: 5 },
  ],
};

const so = () => harness(social, initial);
const postIds = (posts: { post_id: string }[]) => posts.map((p) => p.post_id);

describe("social state", () => {
  it("fills defaults", () => {
    expect(social.state.parse({})).toEqual({
      me: "me",
      users: [],
      follows: [],
      posts: [],
      nextPostNumber: 1001,
      nextCommentNumber: 1001,
      clock: 0,
    });
    expect(
      social.state.parse({
        users: [{ username: "bob", name: "Bob" }],
        posts: [{ post_id: "P1", author: "bob", text: "hi" }],
      }),
    ).toMatchObject({
      users: [{ bio: "", blocks_you: false }],
      posts: [{ posted_at: 0, likes: [], comments: [] }],
    });
  });

  it.each([
    [{ users: [1, 2].map(() => ({ username: "bob", name: "Bob" })) }, "bob appears twice"],
    [{ users: [{ username: "@bob", name: "Bob" }] }, "without @"],
    [{ follows: [{ follower: "me", followee: "zed" }] }, "zed is not in users"],
    [{ follows: [{ follower: "me", followee: "me" }] }, "cannot follow itself"],
    [{ posts: [{ post_id: "P1", author: "zed", text: "x" }] }, "zed is not in users"],
    [
      {
        posts: [
          {
            post_id: "P1",
            author: "me",
            text: "x",
            comments: [{ comment_id: "C1", author: "me", text: "y" }],
          },
          {
            post_id: "P2",
            author: "me",
            text: "x",
            comments: [{ comment_id: "C1", author: "me", text: "y" }],
          },
        ],
      },
      "C1 appears twice",
    ],
    [{ timeline: [] }, "timeline"],
  ])("rejects %j", (state, message) => {
    const result = social.state.safeParse(state);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.message} ${JSON.stringify(i)}`).join("\n")).toContain(
      message,
    );
  });
});

describe("create_post", () => {
  it("publishes with an id from the counter, tags from the text, stamped after everything held", () => {
    const h = so();
    expect(h.call("create_post", { text: "Hello #World, hello #world and #AI_2026" })).toEqual({
      post_id: "P1001",
      author: "ada_l",
      text: "Hello #World, hello #world and #AI_2026",
      tags: ["world", "ai_2026"],
      like_count: 0,
      comment_count: 0,
      liked_by_me: false,
      posted_at: 6,
    });
    expect(h.call("create_post", { text: "Second" })).toMatchObject({ post_id: "P1002", posted_at: 7 });
    expect(h.state).toMatchObject({ nextPostNumber: 1003, clock: 7 });
  });

  it("refuses a duplicate of your latest post", () => {
    const h = so();
    h.call("create_post", { text: "Same text" });
    expect(h.fail("create_post", { text: " Same text " }, "ALREADY_EXISTS").message).toMatch(
      /latest post P1001 has this exact text; change the text/,
    );
    h.call("create_post", { text: "Other" });
    expect(h.call("create_post", { text: "Same text" }).post_id).toBe("P1003");
  });

  it("rejects blank and overlong texts in its input schema", () => {
    const input = toolOf(social, "create_post").input;
    expect(input.safeParse({ text: "  " }).error?.issues[0]?.message).toMatch(/cannot be blank/);
    expect(input.safeParse({ text: "x".repeat(281) }).success).toBe(false);
    expect(input.safeParse({ text: "x".repeat(280) }).success).toBe(true);
  });
});

describe("get_post", () => {
  it("returns a post with its comments, by id in any case", () => {
    expect(so().call("get_post", { post_id: "p3" })).toEqual({
      post_id: "P3",
      author: "ada_l",
      text: "Notes on the engine",
      tags: [],
      like_count: 0,
      comment_count: 1,
      liked_by_me: false,
      posted_at: 3,
      comments: [{ comment_id: "C1", author: "babbage", text: "Splendid", posted_at: 4 }],
    });
    expect(so().call("get_post", { post_id: "P1" }).tags).toEqual(["engine", "steam"]);
  });

  it("fails on an unknown post and on a post of someone who blocked you", () => {
    const h = so();
    expect(h.fail("get_post", { post_id: "P9" }, "NOT_FOUND").message).toMatch(
      /No post P9; call get_feed or search_posts/,
    );
    expect(h.fail("get_post", { post_id: "P4" }, "PERMISSION_DENIED").message).toMatch(
      /@troll has blocked you.*choose another post/,
    );
  });
});

describe("search_posts", () => {
  it("finds text or tags in any case, newest first, hiding those who blocked you", () => {
    const h = so();
    expect(h.call("search_posts", { query: "ENGINE" })).toMatchObject({
      query: "ENGINE",
      count: 2,
      posts: [{ post_id: "P3" }, { post_id: "P1" }],
    });
    expect(postIds(h.call("search_posts", { query: "#code" }).posts)).toEqual(["P2"]);
    expect(h.call("search_posts", { query: "nothing here" })).toEqual({
      query: "nothing here",
      posts: [],
      count: 0,
    });
  });

  it("filters by author, with or without @, and limits", () => {
    const h = so();
    expect(postIds(h.call("search_posts", { query: "e", author: "@Babbage" }).posts)).toEqual(["P1"]);
    expect(postIds(h.call("search_posts", { query: "e", limit: 2 }).posts)).toEqual(["P3", "P2"]);
    expect(toolOf(social, "search_posts").input.safeParse({ query: "e", author: "no spaces" }).success).toBe(
      false,
    );
  });
});

describe("like_post", () => {
  it("likes a post once", () => {
    const h = so();
    expect(h.call("like_post", { post_id: "P1" })).toEqual({ post_id: "P1", liked: true, like_count: 2 });
    expect(h.call("get_post", { post_id: "P1" }).liked_by_me).toBe(true);
    expect(h.fail("like_post", { post_id: "P1" }, "INVALID_STATE").message).toMatch(/already like P1/);
  });

  it("fails on unknown posts and posts of someone who blocked you", () => {
    const h = so();
    h.fail("like_post", { post_id: "P9" }, "NOT_FOUND");
    h.fail("like_post", { post_id: "P4" }, "PERMISSION_DENIED");
  });
});

describe("comment_on_post", () => {
  it("adds a comment with an id from the counter", () => {
    const h = so();
    expect(h.call("comment_on_post", { post_id: "P2", text: "Agreed" })).toEqual({
      comment_id: "C1001",
      post_id: "P2",
      author: "ada_l",
      text: "Agreed",
      posted_at: 6,
      comment_count: 1,
    });
    expect(h.call("comment_on_post", { post_id: "P3", text: "Thanks" })).toMatchObject({
      comment_id: "C1002",
      comment_count: 2,
    });
    expect(
      h.call("get_post", { post_id: "P3" }).comments.map((c: { comment_id: string }) => c.comment_id),
    ).toEqual(["C1", "C1002"]);
  });

  it("skips comment ids the scenario already uses", () => {
    const h = harness(social, {
      posts: [
        {
          post_id: "P1",
          author: "me",
          text: "x",
          comments: [{ comment_id: "C1001", author: "me", text: "y" }],
        },
      ],
    });
    expect(h.call("comment_on_post", { post_id: "P1", text: "z" }).comment_id).toBe("C1002");
  });

  it("fails on unknown posts and posts of someone who blocked you", () => {
    const h = so();
    h.fail("comment_on_post", { post_id: "P9", text: "x" }, "NOT_FOUND");
    h.fail("comment_on_post", { post_id: "P4", text: "x" }, "PERMISSION_DENIED");
    expect(h.state.nextCommentNumber).toBe(1001);
  });
});

describe("follow_user", () => {
  it("follows a user, whose posts then fill the feed", () => {
    const h = so();
    expect(postIds(h.call("get_feed").posts)).toEqual(["P3", "P1"]);
    expect(h.call("follow_user", { username: "@Grace" })).toEqual({
      username: "grace",
      following: true,
      followers: 1,
    });
    expect(postIds(h.call("get_feed").posts)).toEqual(["P3", "P2", "P1"]);
  });

  it("fails on unknown users, yourself, a second follow and someone who blocked you", () => {
    const h = so();
    expect(h.fail("follow_user", { username: "zed" }, "NOT_FOUND").message).toMatch(/No user @zed; check/);
    expect(h.fail("follow_user", { username: "ADA_L" }, "INVALID_ARGUMENT").message).toMatch(
      /your own account; follow someone else/,
    );
    expect(h.fail("follow_user", { username: "babbage" }, "INVALID_STATE").message).toMatch(
      /already follow @babbage/,
    );
    expect(h.fail("follow_user", { username: "troll" }, "PERMISSION_DENIED").message).toMatch(
      /@troll has blocked you, so you cannot follow them/,
    );
    expect(h.state.follows).toHaveLength(3);
  });
});

describe("get_feed", () => {
  it("shows your posts and followed users', newest first, limited", () => {
    const h = so();
    const feed = h.call("get_feed", { limit: 1 });
    expect(feed).toEqual({
      posts: [
        {
          post_id: "P3",
          author: "ada_l",
          text: "Notes on the engine",
          tags: [],
          like_count: 0,
          comment_count: 1,
          liked_by_me: false,
          posted_at: 3,
        },
      ],
      count: 1,
    });
    expect(harness(social, {}).call("get_feed")).toEqual({ posts: [], count: 0 });
  });

  it("hides a followed user who has blocked you", () => {
    const h = harness(social, {
      users: [{ username: "troll", name: "T", blocks_you: true }],
      follows: [{ follower: "me", followee: "troll" }],
      posts: [{ post_id: "P1", author: "troll", text: "x" }],
    });
    expect(h.call("get_feed").count).toBe(0);
  });
});

describe("get_profile", () => {
  it("describes a user with counts and relations", () => {
    expect(so().call("get_profile", { username: "babbage" })).toEqual({
      username: "babbage",
      name: "Charles Babbage",
      bio: "",
      followers: 2,
      following: 1,
      posts: 1,
      is_following: true,
      follows_you: true,
      blocks_you: false,
    });
    expect(so().call("get_profile", { username: "troll" })).toMatchObject({ blocks_you: true, posts: 1 });
  });

  it("describes the account itself, listed in users or not", () => {
    expect(so().call("get_profile", { username: "@ada_l" })).toMatchObject({
      username: "ada_l",
      name: "Ada Lovelace",
      followers: 1,
      following: 1,
      posts: 1,
    });
    expect(harness(social, {}).call("get_profile", { username: "me" })).toEqual({
      username: "me",
      name: "me",
      bio: "",
      followers: 0,
      following: 0,
      posts: 0,
      is_following: false,
      follows_you: false,
      blocks_you: false,
    });
  });

  it("fails on an unknown user", () => {
    so().fail("get_profile", { username: "zed" }, "NOT_FOUND");
  });
});

describeWholeDomain(social, {
  fresh: so,
  samples: {
    create_post: { text: "New post #news" },
    get_post: { post_id: "P1" },
    search_posts: { query: "engine" },
    like_post: { post_id: "P2" },
    comment_on_post: { post_id: "P1", text: "Nice" },
    follow_user: { username: "grace" },
    get_feed: {},
    get_profile: { username: "grace" },
  },
  script: (h) => [
    h.call("create_post", { text: "First #one" }),
    h.fail("create_post", { text: "First #one" }, "ALREADY_EXISTS").message,
    h.call("follow_user", { username: "grace" }),
    h.call("like_post", { post_id: "P2" }),
    h.call("comment_on_post", { post_id: "P1001", text: "Self reply" }),
    h.call("create_post", { text: "Second" }),
    h.call("get_feed"),
    h.call("search_posts", { query: "#one" }),
    h.call("get_profile", { username: "ada_l" }),
  ],
});
