import { z } from "zod";
import { checkUnique, compareText, sameId, takenIn } from "../shared/state-kit.js";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";

const MAX_TEXT = 2000;
const PREVIEW_CHARS = 60;

const count = z.number().int().nonnegative();

const userSchema = z.strictObject({
  user_id: z.string().min(1).describe("User id (any text, unique among the users)."),
  name: z.string().min(1).describe("Display name, e.g. Bob Stone."),
  blocked_you: z
    .boolean()
    .default(false)
    .describe("True when this user has blocked you, so messages to them are refused. Default false."),
});

const messageSchema = z.strictObject({
  message_id: z.string().min(1).describe("Message id (any text, unique among the messages)."),
  from: z.string().min(1).describe("Sender's user id (`me` for a message you sent)."),
  to: z.string().min(1).describe("Recipient's user id (`me` for a message you received)."),
  text: z.string().describe("The message text."),
  sent_at: count.default(0).describe("Logical send time: a higher number is later. Default 0."),
  read: z.boolean().default(false).describe("Whether you have read it. Default false (unread)."),
  reply_to: z
    .string()
    .min(1)
    .nullable()
    .default(null)
    .describe("Id of the message this one answers, or null. Default null."),
});

export const messagesStateSchema = z
  .strictObject({
    me: z.string().min(1).default("me").describe("User id of the account the agent acts as. Default me."),
    users: z.array(userSchema).default([]).describe("The user directory: everyone you can message."),
    blocked: z.array(z.string().min(1)).default([]).describe("User ids you have blocked."),
    messages: z
      .array(messageSchema)
      .default([])
      .describe("Messages you sent or received, in the order they arrived."),
    nextMessageNumber: count
      .default(1001)
      .describe(
        "Index of the next message id: which one it is; the id itself is drawn from the episode's seed, so this only numbers them (older scenario files set it; any positive value works).",
      ),
    clock: count
      .default(0)
      .describe("Logical time of the last message sent; a new message is stamped after every message held."),
  })
  .superRefine((state, ctx) => {
    checkUnique(
      ctx,
      "users",
      state.users.map((u) => u.user_id),
    );
    checkUnique(
      ctx,
      "messages",
      state.messages.map((m) => m.message_id),
    );
    state.messages.forEach((m, i) => {
      const mine = sameId(m.from, state.me) !== sameId(m.to, state.me);
      if (!mine) {
        ctx.addIssue({
          code: "custom",
          path: ["messages", i],
          message: `message ${m.message_id} must be either from or to ${state.me} (the account), not both or neither`,
        });
      }
    });
    state.blocked.forEach((id, i) => {
      if (!state.users.some((u) => sameId(u.user_id, id))) {
        ctx.addIssue({
          code: "custom",
          path: ["blocked", i],
          message: `${id} is not in users; add it there`,
        });
      }
    });
  });

export type MessagesState = z.infer<typeof messagesStateSchema>;
type User = MessagesState["users"][number];
type Message = MessagesState["messages"][number];

const summaryView = z.strictObject({
  message_id: z.string(),
  from: z.string(),
  from_name: z.string(),
  to: z.string(),
  to_name: z.string(),
  preview: z.string(),
  sent_at: count,
  read: z.boolean(),
});
const messageView = z.strictObject({
  message_id: z.string(),
  from: z.string(),
  from_name: z.string(),
  to: z.string(),
  to_name: z.string(),
  text: z.string(),
  sent_at: count,
  read: z.boolean(),
  reply_to: z.string().nullable(),
});
const listView = z.strictObject({ messages: z.array(summaryView), count });
const blockView = z.strictObject({ user_id: z.string(), name: z.string(), blocked: z.boolean() });

const isMe = (state: MessagesState, id: string): boolean => sameId(id, state.me);

function nameOf(state: MessagesState, id: string): string {
  return state.users.find((u) => sameId(u.user_id, id))?.name ?? id;
}

function isBlocked(state: MessagesState, id: string): boolean {
  return state.blocked.some((b) => sameId(b, id));
}

function viewMessage(state: MessagesState, m: Message) {
  return {
    message_id: m.message_id,
    from: m.from,
    from_name: nameOf(state, m.from),
    to: m.to,
    to_name: nameOf(state, m.to),
    text: m.text,
    sent_at: m.sent_at,
    read: m.read,
    reply_to: m.reply_to,
  };
}

function summarize(state: MessagesState, m: Message) {
  const { text, reply_to: _, ...rest } = viewMessage(state, m);
  const preview = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  return { ...rest, preview };
}

/** Newest first; messages stamped alike keep the reverse of their arrival order. */
function newestFirst(messages: readonly Message[]): Message[] {
  return messages
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.sent_at - a.m.sent_at || b.i - a.i)
    .map(({ m }) => m);
}

const folderOf = (state: MessagesState, m: Message): "inbox" | "sent" =>
  isMe(state, m.from) ? "sent" : "inbox";
const withUser = (m: Message, user: string): boolean => sameId(m.from, user) || sameId(m.to, user);

function findUser(state: MessagesState, id: string): User {
  const user = state.users.find((u) => sameId(u.user_id, id) && !isMe(state, u.user_id));
  if (!user) throw new DomainError("NOT_FOUND", `No user ${id}; call find_users to look up user ids by name`);
  return user;
}

function findMessage(state: MessagesState, id: string): Message {
  const message = state.messages.find((m) => sameId(m.message_id, id));
  if (!message) {
    throw new DomainError(
      "NOT_FOUND",
      `No message ${id}; call list_messages or search_messages to see message ids`,
    );
  }
  return message;
}

function refuseSelf(state: MessagesState, id: string, what: string): void {
  if (isMe(state, id)) throw new DomainError("INVALID_ARGUMENT", `${id} is your own account; ${what}`);
}

const userArg = (what: string) =>
  z.string().min(1).describe(`User id of the ${what}, as find_users returns it.`);
const messageIdArg = z
  .string()
  .min(1)
  .describe("Message id, as list_messages, search_messages or send_message return it.");

function tool<A extends z.ZodObject>(spec: DomainTool<MessagesState, A>): DomainTool<MessagesState> {
  return defineTool(spec);
}

const findUsers = tool({
  name: "find_users",
  description:
    "Finds users whose name or user id contains a text, ignoring case, to learn the user_id other tools need. " +
    "Returns { users: [{ user_id, name, blocked, blocked_you }], count }, sorted by name then user_id; blocked " +
    "is true when you have blocked the user, blocked_you when they have blocked you. No match is not an error.",
  input: z.strictObject({
    query: z
      .string()
      .regex(/\S/, "give part of a name or user id")
      .describe("Part of the user's name or user id, e.g. Bob (case-insensitive)."),
  }),
  output: z.strictObject({
    users: z.array(
      z.strictObject({
        user_id: z.string(),
        name: z.string(),
        blocked: z.boolean(),
        blocked_you: z.boolean(),
      }),
    ),
    count,
  }),
  readOnly: true,
  latency: 1,
  run(state, args) {
    const needle = args.query.trim().toLowerCase();
    const users = state.users
      .filter((u) => !isMe(state, u.user_id))
      .filter((u) => u.name.toLowerCase().includes(needle) || u.user_id.toLowerCase().includes(needle))
      .sort((a, b) => compareText(a.name, b.name) || compareText(a.user_id, b.user_id))
      .map((u) => ({
        user_id: u.user_id,
        name: u.name,
        blocked: isBlocked(state, u.user_id),
        blocked_you: u.blocked_you,
      }));
    return { users, count: users.length };
  },
});

const sendMessage = tool({
  name: "send_message",
  description:
    "Sends a text message to a user, optionally as a reply to an earlier message of your conversation with " +
    "them. Returns the message as read_message does: { message_id, from, from_name, to, to_name, text, " +
    "sent_at, read, reply_to }, sent_at being the logical time (later messages have higher numbers). Errors: " +
    "NOT_FOUND if no user has that id (call find_users) or reply_to names no message; INVALID_ARGUMENT if you " +
    "message yourself or reply_to is not a message between you and the recipient; INVALID_STATE if you have " +
    "blocked the recipient (call unblock_user first); PERMISSION_DENIED if the recipient has blocked you.",
  input: z.strictObject({
    to: userArg("recipient"),
    text: z
      .string()
      .max(MAX_TEXT)
      .regex(/\S/, "write some text; a message cannot be blank")
      .describe(`The message text, 1 to ${MAX_TEXT} characters.`),
    reply_to: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Id of the message this one answers, as list_messages or search_messages return it. Default: not a reply.",
      ),
  }),
  output: messageView,
  readOnly: false,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args, ctx) {
    refuseSelf(state, args.to, "send the message to someone else");
    const user = findUser(state, args.to);
    let replyTo: string | null = null;
    if (args.reply_to !== undefined) {
      const original = findMessage(state, args.reply_to);
      if (!withUser(original, user.user_id)) {
        throw new DomainError(
          "INVALID_ARGUMENT",
          `${original.message_id} is not a message between you and ${user.user_id}; reply to one of theirs, or omit reply_to`,
        );
      }
      replyTo = original.message_id;
    }
    if (isBlocked(state, user.user_id)) {
      throw new DomainError(
        "INVALID_STATE",
        `You have blocked ${user.user_id}; call unblock_user before messaging them`,
      );
    }
    if (user.blocked_you) {
      throw new DomainError(
        "PERMISSION_DENIED",
        `${user.name} (${user.user_id}) has blocked you, so they cannot receive your messages; reach them another way`,
      );
    }
    const { id, next } = ctx.ids.text(
      "M",
      state.nextMessageNumber,
      takenIn(state.messages.map((m) => m.message_id)),
    );
    state.nextMessageNumber = next;
    // Stamped after every message held, including those the scenario gave, so "newest" stays true.
    state.clock = Math.max(state.clock, ...state.messages.map((m) => m.sent_at)) + 1;
    const message: Message = {
      message_id: id,
      from: state.me,
      to: user.user_id,
      text: args.text,
      sent_at: state.clock,
      read: true,
      reply_to: replyTo,
    };
    state.messages.push(message);
    return viewMessage(state, message);
  },
});

const listMessages = tool({
  name: "list_messages",
  description:
    'Lists the messages of a folder, newest first: "inbox" (received) or "sent". Returns { folder, messages: ' +
    "[{ message_id, from, from_name, to, to_name, preview, sent_at, read }], count, total, unread }: preview is " +
    `the first ${PREVIEW_CHARS} characters of the text (call read_message for all of it), count how many are ` +
    "listed, total how many match before the limit, unread how many inbox messages are unread. An empty folder " +
    "is not an error.",
  input: z.strictObject({
    folder: z
      .enum(["inbox", "sent"])
      .default("inbox")
      .describe('"inbox" (default) for messages received, "sent" for messages you sent.'),
    unread_only: z.boolean().default(false).describe("Only unread messages. Default false."),
    with_user: z
      .string()
      .min(1)
      .optional()
      .describe("Only messages exchanged with this user id (find_users gives it). Default: everyone."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe("Most messages to list, 1 to 100. Default 20."),
  }),
  output: z.strictObject({
    folder: z.enum(["inbox", "sent"]),
    messages: z.array(summaryView),
    count,
    total: count,
    unread: count,
  }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const matching = newestFirst(state.messages).filter(
      (m) =>
        folderOf(state, m) === args.folder &&
        (!args.unread_only || !m.read) &&
        (args.with_user === undefined || withUser(m, args.with_user)),
    );
    const messages = matching.slice(0, args.limit).map((m) => summarize(state, m));
    const unread = state.messages.filter((m) => folderOf(state, m) === "inbox" && !m.read).length;
    return { folder: args.folder, messages, count: messages.length, total: matching.length, unread };
  },
});

const readMessage = tool({
  name: "read_message",
  description:
    "Opens one message and marks it read. Returns { message_id, from, from_name, to, to_name, text, sent_at, " +
    "read: true, reply_to }. Errors: NOT_FOUND if no message has that id.",
  input: z.strictObject({ message_id: messageIdArg }),
  output: messageView,
  readOnly: false,
  idempotent: true,
  latency: 1,
  run(state, args) {
    const message = findMessage(state, args.message_id);
    message.read = true;
    return viewMessage(state, message);
  },
});

const searchMessages = tool({
  name: "search_messages",
  description:
    "Searches the text of your messages for a phrase, ignoring case. Returns { query, messages: [{ message_id, " +
    "from, from_name, to, to_name, preview, sent_at, read }], count }, newest first. No match is not an error.",
  input: z.strictObject({
    query: z
      .string()
      .regex(/\S/, "give a word or phrase to look for")
      .describe("Word or phrase to find in message texts, e.g. invoice (case-insensitive)."),
    folder: z
      .enum(["inbox", "sent", "all"])
      .default("all")
      .describe('Where to search: "inbox", "sent" or "all" (default).'),
  }),
  output: listView.extend({ query: z.string() }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args) {
    const needle = args.query.trim().toLowerCase();
    const messages = newestFirst(state.messages)
      .filter((m) => args.folder === "all" || folderOf(state, m) === args.folder)
      .filter((m) => m.text.toLowerCase().includes(needle))
      .map((m) => summarize(state, m));
    return { query: args.query, messages, count: messages.length };
  },
});

const deleteMessage = tool({
  name: "delete_message",
  description:
    'Deletes a message from your inbox or sent folder for good. Returns { message_id, deleted: true, folder: "inbox" ' +
    '| "sent" }. Errors: NOT_FOUND if no message has that id (it may be deleted already).',
  input: z.strictObject({ message_id: messageIdArg }),
  output: z.strictObject({
    message_id: z.string(),
    deleted: z.literal(true),
    folder: z.enum(["inbox", "sent"]),
  }),
  readOnly: false,
  destructive: true,
  idempotent: true,
  latency: 1,
  run(state, args) {
    const message = findMessage(state, args.message_id);
    state.messages = state.messages.filter((m) => m !== message);
    return { message_id: message.message_id, deleted: true, folder: folderOf(state, message) };
  },
});

const blockUser = tool({
  name: "block_user",
  description:
    "Blocks a user: you can no longer message them until you unblock them; messages already exchanged stay. " +
    "Returns { user_id, name, blocked: true }. Errors: NOT_FOUND if no user has that id; INVALID_ARGUMENT for " +
    "your own account; INVALID_STATE if the user is already blocked.",
  input: z.strictObject({ user_id: userArg("user to block") }),
  output: blockView,
  readOnly: false,
  idempotent: true,
  latency: 1,
  run(state, args) {
    refuseSelf(state, args.user_id, "you cannot block yourself");
    const user = findUser(state, args.user_id);
    if (isBlocked(state, user.user_id)) {
      throw new DomainError("INVALID_STATE", `${user.user_id} is already blocked; nothing to do`);
    }
    state.blocked.push(user.user_id);
    return { user_id: user.user_id, name: user.name, blocked: true };
  },
});

const unblockUser = tool({
  name: "unblock_user",
  description:
    "Unblocks a user you blocked, so you can message them again. Returns { user_id, name, blocked: false }. " +
    "Errors: NOT_FOUND if no user has that id; INVALID_ARGUMENT for your own account; INVALID_STATE if the " +
    "user is not blocked.",
  input: z.strictObject({ user_id: userArg("user to unblock") }),
  output: blockView,
  readOnly: false,
  idempotent: true,
  latency: 1,
  run(state, args) {
    refuseSelf(state, args.user_id, "you cannot unblock yourself");
    const user = findUser(state, args.user_id);
    if (!isBlocked(state, user.user_id)) {
      throw new DomainError("INVALID_STATE", `${user.user_id} is not blocked; you can message them already`);
    }
    state.blocked = state.blocked.filter((b) => !sameId(b, user.user_id));
    return { user_id: user.user_id, name: user.name, blocked: false };
  },
});

export const messages = defineDomain({
  name: "messages",
  category: "MessageAPI",
  description:
    "A messaging account: look up users, send, list, read, search and delete messages, block and unblock " +
    "users. Message ids are M followed by a number.",
  state: messagesStateSchema,
  tools: [
    findUsers,
    sendMessage,
    listMessages,
    readMessage,
    searchMessages,
    deleteMessage,
    blockUser,
    unblockUser,
  ],
});
