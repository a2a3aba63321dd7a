import { describe, expect, it } from "vitest";
import { messages } from "../../../src/domains/messages/tools.js";
import { seededIds } from "../../../src/engine/ids.js";
import { harness, toolOf } from "../harness.js";
import { describeWholeDomain } from "../whole-domain.js";

const LONG =
  "The invoice for March is attached; please check the totals before Friday's meeting with the auditors.";

const initial = {
  users: [
    { user_id: "bob", name: "Bob Stone" },
    { user_id: "carol", name: "Carol King" },
    { user_id: "dave", name: "Dave Hill", blocked_you: true },
    { user_id: "erin", name: "Erin Stone" },
  ],
  blocked: ["erin"],
  messages: [
    { message_id: "M1", from: "bob", to: "me", text: "Lunch tomorrow?", sent_at: 5 },
    {
      message_id: "M2",
      from: "me",
      to: "bob",
      text: "Sure, noon works.",
      sent_at: 6,
      read: true,
      reply_to: "M1",
    },
    { message_id: "M3", from: "carol", to: "me", text: LONG, sent_at: 7 },
    { message_id: "M4", from: "erin", to: "me", text: "Invoice question", sent_at: 7, read: true },
  ],
};

const ms = () => harness(messages, initial);
const ids = (list: { message_id: string }[]) => list.map((m) => m.message_id);

describe("messages state", () => {
  it("fills defaults", () => {
    expect(messages.state.parse({})).toEqual({
      me: "me",
      users: [],
      blocked: [],
      messages: [],
      nextMessageNumber: 1001,
      clock: 0,
    });
    expect(
      messages.state.parse({
        users: [{ user_id: "bob", name: "Bob" }],
        messages: [{ message_id: "M1", from: "bob", to: "me", text: "hi" }],
      }),
    ).toMatchObject({
      users: [{ blocked_you: false }],
      messages: [{ sent_at: 0, read: false, reply_to: null }],
    });
  });

  it.each([
    [{ users: [1, 2].map(() => ({ user_id: "bob", name: "Bob" })) }, "bob appears twice"],
    [{ messages: [{ message_id: "M1", from: "bob", to: "carol", text: "x" }] }, "either from or to me"],
    [{ messages: [{ message_id: "M1", from: "me", to: "me", text: "x" }] }, "either from or to me"],
    [{ blocked: ["zed"] }, "zed is not in users"],
    [{ inbox: [] }, "inbox"],
  ])("rejects %j", (state, message) => {
    const result = messages.state.safeParse(state);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.message} ${JSON.stringify(i)}`).join("\n")).toContain(
      message,
    );
  });
});

describe("find_users", () => {
  it("finds users by part of the name or id, sorted by name, with block flags", () => {
    const h = ms();
    expect(h.call("find_users", { query: "stone" })).toEqual({
      users: [
        { user_id: "bob", name: "Bob Stone", blocked: false, blocked_you: false },
        { user_id: "erin", name: "Erin Stone", blocked: true, blocked_you: false },
      ],
      count: 2,
    });
    expect(h.call("find_users", { query: "DAVE" }).users[0]).toEqual({
      user_id: "dave",
      name: "Dave Hill",
      blocked: false,
      blocked_you: true,
    });
    expect(h.call("find_users", { query: "zed" })).toEqual({ users: [], count: 0 });
  });

  it("never lists the account itself", () => {
    const h = harness(messages, { users: [{ user_id: "me", name: "Me Myself" }] });
    expect(h.call("find_users", { query: "me" })).toEqual({ users: [], count: 0 });
  });

  it("rejects a blank query in its input schema", () => {
    expect(toolOf(messages, "find_users").input.safeParse({ query: "  " }).success).toBe(false);
  });
});

describe("send_message", () => {
  it("sends with an id from the counter, stamped after every message held", () => {
    const h = ms();
    expect(h.call("send_message", { to: "Bob", text: "See you at noon" })).toEqual({
      message_id: "M1001",
      from: "me",
      from_name: "me",
      to: "bob",
      to_name: "Bob Stone",
      text: "See you at noon",
      sent_at: 8,
      read: true,
      reply_to: null,
    });
    expect(h.call("send_message", { to: "carol", text: "Checking it", reply_to: "m3" })).toMatchObject({
      message_id: "M1002",
      sent_at: 9,
      reply_to: "M3",
    });
    expect(h.state).toMatchObject({ nextMessageNumber: 1003, clock: 9 });
    expect(ids(h.call("list_messages", { folder: "sent" }).messages)).toEqual(["M1002", "M1001", "M2"]);
  });

  it("skips ids the scenario's messages already use", () => {
    const h = harness(messages, {
      users: [{ user_id: "bob", name: "Bob" }],
      messages: [{ message_id: "M1001", from: "bob", to: "me", text: "hi" }],
    });
    expect(h.call("send_message", { to: "bob", text: "hello" }).message_id).toBe("M1002");
  });

  it("fails on unknown users and messages, and on messaging yourself", () => {
    const h = ms();
    expect(h.fail("send_message", { to: "zed", text: "hi" }, "NOT_FOUND").message).toMatch(
      /No user zed; call find_users/,
    );
    expect(h.fail("send_message", { to: "ME", text: "hi" }, "INVALID_ARGUMENT").message).toMatch(
      /your own account; send the message to someone else/,
    );
    expect(h.fail("send_message", { to: "bob", text: "hi", reply_to: "M9" }, "NOT_FOUND").message).toMatch(
      /No message M9; call list_messages or search_messages/,
    );
    expect(
      h.fail("send_message", { to: "bob", text: "hi", reply_to: "M3" }, "INVALID_ARGUMENT").message,
    ).toMatch(/M3 is not a message between you and bob; reply to one of theirs, or omit reply_to/);
  });

  it("refuses a user you blocked, and a user who blocked you", () => {
    const h = ms();
    expect(h.fail("send_message", { to: "erin", text: "hi" }, "INVALID_STATE").message).toMatch(
      /You have blocked erin; call unblock_user before messaging them/,
    );
    expect(h.fail("send_message", { to: "dave", text: "hi" }, "PERMISSION_DENIED").message).toMatch(
      /Dave Hill \(dave\) has blocked you.*reach them another way/,
    );
    expect(h.state).toMatchObject({ nextMessageNumber: 1001, clock: 0 });
    expect(h.state.messages).toHaveLength(4);
  });

  it("rejects blank and overlong texts in its input schema", () => {
    const input = toolOf(messages, "send_message").input;
    expect(input.safeParse({ to: "bob", text: " \n" }).error?.issues[0]?.message).toMatch(/cannot be blank/);
    expect(input.safeParse({ to: "bob", text: "x".repeat(2001) }).success).toBe(false);
    expect(input.safeParse({ to: "bob", text: "x".repeat(2000) }).success).toBe(true);
  });
});

describe("list_messages", () => {
  it("lists the inbox newest first with previews and the unread count", () => {
    const result = ms().call("list_messages");
    expect(ids(result.messages)).toEqual(["M4", "M3", "M1"]);
    expect(result).toMatchObject({ folder: "inbox", count: 3, total: 3, unread: 2 });
    expect(result.messages[1]).toEqual({
      message_id: "M3",
      from: "carol",
      from_name: "Carol King",
      to: "me",
      to_name: "me",
      preview: `${LONG.slice(0, 60)}…`,
      sent_at: 7,
      read: false,
    });
    expect(result.messages[2].preview).toBe("Lunch tomorrow?");
  });

  it("filters by folder, unread state and correspondent, and limits", () => {
    const h = ms();
    const list = (args: Record<string, unknown>) => h.call("list_messages", args);
    expect(ids(list({ folder: "sent" }).messages)).toEqual(["M2"]);
    expect(ids(list({ unread_only: true }).messages)).toEqual(["M3", "M1"]);
    expect(ids(list({ with_user: "BOB" }).messages)).toEqual(["M1"]);
    expect(list({ limit: 1 })).toMatchObject({ count: 1, total: 3 });
    expect(harness(messages, {}).call("list_messages")).toEqual({
      folder: "inbox",
      messages: [],
      count: 0,
      total: 0,
      unread: 0,
    });
  });
});

describe("read_message", () => {
  it("returns the whole message and marks it read", () => {
    const h = ms();
    expect(h.call("read_message", { message_id: "m3" })).toEqual({
      message_id: "M3",
      from: "carol",
      from_name: "Carol King",
      to: "me",
      to_name: "me",
      text: LONG,
      sent_at: 7,
      read: true,
      reply_to: null,
    });
    expect(h.call("list_messages").unread).toBe(1);
    expect(h.call("read_message", { message_id: "M2" }).reply_to).toBe("M1");
  });

  it("fails on an unknown id", () => {
    expect(ms().fail("read_message", { message_id: "M9" }, "NOT_FOUND").message).toMatch(
      /call list_messages or search_messages to see message ids/,
    );
  });
});

describe("search_messages", () => {
  it("finds a phrase in any case, newest first, in a folder or all", () => {
    const h = ms();
    expect(h.call("search_messages", { query: "INVOICE" })).toMatchObject({
      query: "INVOICE",
      count: 2,
      messages: [{ message_id: "M4" }, { message_id: "M3" }],
    });
    expect(ids(h.call("search_messages", { query: "noon" }).messages)).toEqual(["M2"]);
    expect(h.call("search_messages", { query: "invoice", folder: "sent" }).count).toBe(0);
    expect(ids(h.call("search_messages", { query: "?", folder: "inbox" }).messages)).toEqual(["M1"]);
  });
});

describe("delete_message", () => {
  it("deletes a message for good and says from which folder", () => {
    const h = ms();
    expect(h.call("delete_message", { message_id: "m2" })).toEqual({
      message_id: "M2",
      deleted: true,
      folder: "sent",
    });
    expect(h.call("delete_message", { message_id: "M1" }).folder).toBe("inbox");
    expect(h.fail("delete_message", { message_id: "M2" }, "NOT_FOUND").message).toMatch(/No message M2/);
    h.fail("read_message", { message_id: "M1" }, "NOT_FOUND");
    // A reply may outlive the message it answered, as in real mail.
    expect(h.state.messages).toHaveLength(2);
  });
});

describe("block_user and unblock_user", () => {
  it("blocks a user, after which messages to them are refused", () => {
    const h = ms();
    expect(h.call("block_user", { user_id: "BOB" })).toEqual({
      user_id: "bob",
      name: "Bob Stone",
      blocked: true,
    });
    h.fail("send_message", { to: "bob", text: "hi" }, "INVALID_STATE");
    expect(h.call("find_users", { query: "bob" }).users[0].blocked).toBe(true);
    expect(h.fail("block_user", { user_id: "bob" }, "INVALID_STATE").message).toMatch(/already blocked/);
  });

  it("unblocks a user, after which they can be messaged again", () => {
    const h = ms();
    expect(h.call("unblock_user", { user_id: "erin" })).toEqual({
      user_id: "erin",
      name: "Erin Stone",
      blocked: false,
    });
    expect(h.call("send_message", { to: "erin", text: "Sorry!" }).message_id).toBe("M1001");
    expect(h.state.blocked).toEqual([]);
    expect(h.fail("unblock_user", { user_id: "erin" }, "INVALID_STATE").message).toMatch(
      /erin is not blocked; you can message them already/,
    );
  });

  it("fails on unknown users and on the account itself", () => {
    const h = ms();
    expect(h.fail("block_user", { user_id: "zed" }, "NOT_FOUND").message).toMatch(/call find_users/);
    h.fail("unblock_user", { user_id: "zed" }, "NOT_FOUND");
    expect(h.fail("block_user", { user_id: "me" }, "INVALID_ARGUMENT").message).toMatch(
      /you cannot block yourself/,
    );
    expect(h.fail("unblock_user", { user_id: "me" }, "INVALID_ARGUMENT").message).toMatch(
      /you cannot unblock yourself/,
    );
  });
});

describeWholeDomain(messages, {
  fresh: ms,
  samples: {
    find_users: { query: "o" },
    send_message: { to: "bob", text: "hello" },
    list_messages: {},
    read_message: { message_id: "M1" },
    search_messages: { query: "lunch" },
    delete_message: { message_id: "M1" },
    block_user: { user_id: "carol" },
    unblock_user: { user_id: "erin" },
  },
  script: (h) => [
    h.call("find_users", { query: "stone" }),
    h.call("send_message", { to: "bob", text: "one" }),
    h.fail("send_message", { to: "erin", text: "two" }, "INVALID_STATE").message,
    h.call("unblock_user", { user_id: "erin" }),
    h.call("send_message", { to: "erin", text: "two", reply_to: "M4" }),
    h.call("read_message", { message_id: "M1" }),
    h.call("delete_message", { message_id: "M1001" }),
    h.call("send_message", { to: "bob", text: "three" }),
    h.call("list_messages", { folder: "sent" }),
    h.call("search_messages", { query: "t" }),
  ],
});

describe("ids under the episode's rule", () => {
  it("are M- and 6 symbols drawn from the seed, the counter still counting", () => {
    const h = harness(messages, initial, seededIds(1).forDomain("messages"));
    const id = h.call("send_message", { to: "Bob", text: "See you at noon" }).message_id;
    expect(id).toMatch(/^M-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
    expect(id).toBe(
      seededIds(1)
        .forDomain("messages")
        .text("M", 1001, () => false).id,
    );
    expect(h.state.nextMessageNumber).toBe(1002);
  });
});
