import { defineTemplate } from "../../../dataset/template.js";
import { messagesKit, personQuery, saysArg, topicQuery } from "../kit.js";

const ms = ["messages"];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const TIMES = ["09:15", "10:40", "13:05", "15:50", "18:20", "21:35"];

/** Messages call paths of several steps: fan-outs over a search or a listing, fan-ins, decisions. */
export const messagesLongCallPaths = [
  defineTemplate({
    id: "messages/total-from-two",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const [a, b] = [k.person(), k.person()];
      const [na, nb] = [ctx.int(1, 4), ctx.int(1, 4)];
      for (let i = 0; i < na; i++) k.received(a, k.filler());
      for (let i = 0; i < nb; i++) k.received(b, k.filler());
      k.sent(a, "Thanks!");
      return {
        instruction: `How many messages have ${a.name} and ${b.name} sent me, the two together? Don't count what I sent them.`,
        steps: [
          { id: "find_a", tool: "find_users", args: { query: personQuery(a) } },
          { id: "find_b", tool: "find_users", args: { query: personQuery(b) } },
          { id: "list_a", tool: "list_messages", args: { with_user: { $ci: a.id } }, after: ["find_a"] },
          { id: "list_b", tool: "list_messages", args: { with_user: { $ci: b.id } }, after: ["find_b"] },
        ],
        answer: { number: na + nb },
      };
    },
  }),
  defineTemplate({
    id: "messages/did-they-reply",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const topic = k.topic();
      const [who, other] = [k.person(), k.person()];
      const [day, time] = [ctx.pick(DAYS), ctx.pick(TIMES)];
      k.received(who, k.filler(), { read: true });
      k.sent(who, `Hi! Could we find a slot to talk about the ${topic} this week?`);
      k.received(other, k.filler());
      k.received(
        who,
        `Yes, happy to. I looked at my calendar and the best I can do is ${day} at ${time}, at my desk.`,
        { read: false },
      );
      return {
        instruction: `I messaged someone about the ${topic} (I forget who). Did they write back? Tell me the time they suggested.`,
        steps: [
          { id: "search", tool: "search_messages", args: { query: topicQuery(topic) } },
          {
            id: "list",
            tool: "list_messages",
            args: { with_user: { $from: "search.messages.0.to", $ci: true } },
            after: ["search"],
          },
          {
            id: "read",
            tool: "read_message",
            args: { message_id: { $from: "list.messages.0.message_id", $ci: true } },
            after: ["list"],
          },
        ],
        answer: { contains: time },
      };
    },
  }),
  defineTemplate({
    id: "messages/block-sender-of",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const [spammer, friend] = [k.person(), k.person()];
      const code = ctx.pick(["WIN-4471", "PRIZE-9020", "GIFT-3318"]);
      k.received(friend, k.filler());
      k.received(spammer, `Congratulations! Your code ${code} won a free phone. Click the link to claim.`);
      return {
        instruction: `Block whoever sent me the "free phone" message with the code ${code}.`,
        steps: [
          {
            id: "search",
            tool: "search_messages",
            args: { query: { $regex: `^\\s*"?(${code}|free phone)"?\\s*$`, $flags: "i", $example: code } },
          },
          {
            id: "block",
            tool: "block_user",
            args: { user_id: { $from: "search.messages.0.from", $ci: true } },
            after: ["search"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/who-blocked-me",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const blockedMe = ctx.int(0, 1) === 0;
      const a = k.person({ blockedYou: blockedMe });
      const b = k.person({ blockedYou: !blockedMe });
      return {
        instruction: `My messages to either ${a.name} or ${b.name} bounce. Which of the two has blocked me? Answer with the name.`,
        steps: [
          { id: "find_a", tool: "find_users", args: { query: personQuery(a) } },
          { id: "find_b", tool: "find_users", args: { query: personQuery(b) } },
        ],
        answer: { normalized: blockedMe ? a.name : b.name },
      };
    },
  }),
  defineTemplate({
    id: "messages/fallback-contact",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const first = k.person({ blockedYou: true });
      const second = k.person();
      const text = ctx.pick([
        "The lab door code changed to 4471.",
        "Tomorrow's standup is cancelled.",
        "The delivery arrives at noon.",
      ]);
      return {
        instruction: `Send "${text}" to ${first.name}. If ${first.name} has blocked me, send it to ${second.name} instead. Tell me who received it.`,
        steps: [
          { id: "find_first", tool: "find_users", args: { query: personQuery(first) } },
          { id: "find_second", tool: "find_users", args: { query: personQuery(second) } },
          {
            id: "send",
            tool: "send_message",
            args: { to: { $ci: second.id }, text: saysArg(text) },
            after: ["find_first", "find_second"],
          },
        ],
        answer: { normalized: second.name },
      };
    },
  }),
  defineTemplate({
    id: "messages/block-and-purge",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      k.received(who, k.filler(), { read: true });
      k.received(who, "You'll regret ignoring me. Answer now.");
      return {
        instruction: `Block ${who.name}, and delete the latest message they sent me.`,
        steps: [
          { id: "find", tool: "find_users", args: { query: personQuery(who) } },
          { id: "block", tool: "block_user", args: { user_id: { $ci: who.id } }, after: ["find"] },
          { id: "list", tool: "list_messages", args: { with_user: { $ci: who.id } }, after: ["find"] },
          {
            id: "delete",
            tool: "delete_message",
            args: { message_id: { $from: "list.messages.0.message_id", $ci: true } },
            after: ["list"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/unblock-and-reply",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const topic = k.topic();
      const who = k.person({ blocked: true });
      k.received(k.person(), k.filler());
      k.received(who, `Hello, I still need your answer about the ${topic}, can you get back to me?`);
      const reply = ctx.pick([
        "Sorry for the silence, yes, let's go ahead.",
        "Apologies, I'll send the details tonight.",
      ]);
      return {
        instruction: `I blocked the person who wrote to me about the ${topic} by mistake. Unblock them and reply to that message, in its thread: "${reply}"`,
        steps: [
          { id: "search", tool: "search_messages", args: { query: topicQuery(topic) } },
          {
            id: "unblock",
            tool: "unblock_user",
            args: { user_id: { $from: "search.messages.0.from", $ci: true } },
            after: ["search"],
          },
          {
            id: "reply",
            tool: "send_message",
            args: {
              to: { $from: "search.messages.0.from", $ci: true },
              text: saysArg(reply),
              reply_to: { $from: "search.messages.0.message_id", $ci: true },
            },
            after: ["unblock"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/read-two-matches",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const topic = k.topic();
      const [a, b] = [k.person(), k.person()];
      const [ta, tb] = ctx.sample(TIMES, 2);
      k.received(
        a,
        `Hi there, here are my travel details for the ${topic}: my train gets in at ${ta} on the day.`,
      );
      k.received(k.person(), k.filler());
      k.received(
        b,
        `Hello! Sharing my travel details for the ${topic} as asked: I arrive at ${tb}, terminal 2.`,
      );
      return {
        instruction: `Two people sent me their travel details for the ${topic}. Read both messages and tell me both arrival times.`,
        steps: [
          { id: "search", tool: "search_messages", args: { query: topicQuery(topic) } },
          {
            id: "read_1",
            tool: "read_message",
            args: { message_id: { $from: "search.messages.0.message_id", $ci: true } },
            after: ["search"],
          },
          {
            id: "read_2",
            tool: "read_message",
            args: { message_id: { $from: "search.messages.1.message_id", $ci: true } },
            after: ["search"],
          },
        ],
        answer: { contains: [ta ?? "", tb ?? ""] },
      };
    },
  }),
  defineTemplate({
    id: "messages/original-of-reply",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      const date = `2026-12-${String(ctx.int(2, 28)).padStart(2, "0")}`;
      const original = k.sent(who, `Shall we do the handover on ${date}? Let me know if that works.`);
      k.sent(who, k.filler());
      const reply = k.received(who, "Works for me, see you then!", { replyTo: original });
      return {
        instruction: `${who.name} answered me in message ${reply}. Which date had I proposed in the message they were answering? Answer with the date.`,
        steps: [
          { id: "reply", tool: "read_message", args: { message_id: { $ci: reply } } },
          {
            id: "original",
            tool: "read_message",
            args: { message_id: { $from: "reply.reply_to", $ci: true } },
            after: ["reply"],
          },
        ],
        answer: { contains: date },
      };
    },
  }),
  defineTemplate({
    id: "messages/reply-to-latest",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      k.received(who, k.filler(), { read: true });
      k.received(who, "Are we still on for tomorrow?");
      const reply = ctx.pick(["Yes, see you there!", "Sorry, can we move it to next week?"]);
      return {
        instruction: `Reply to the latest message from ${who.name}, in its thread: "${reply}"`,
        steps: [
          { id: "find", tool: "find_users", args: { query: personQuery(who) } },
          { id: "list", tool: "list_messages", args: { with_user: { $ci: who.id } }, after: ["find"] },
          {
            id: "reply",
            tool: "send_message",
            args: {
              to: { $ci: who.id },
              text: saysArg(reply),
              reply_to: { $from: "list.messages.0.message_id", $ci: true },
            },
            after: ["list"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/delete-all-on-topic",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const topic = k.topic();
      const [a, b] = [k.person(), k.person()];
      k.received(a, `Reminder about the ${topic}: please fill in the sign-up form by Friday.`);
      k.received(b, k.filler());
      k.received(b, `Second reminder: the ${topic} sign-up form closes on Friday.`);
      return {
        instruction: `Delete both reminders I got about the ${topic} sign-up form.`,
        steps: [
          { id: "search", tool: "search_messages", args: { query: topicQuery(topic) } },
          ...[0, 1].map((i) => ({
            id: `delete_${i + 1}`,
            tool: "delete_message",
            args: { message_id: { $from: `search.messages.${i}.message_id`, $ci: true } },
            after: ["search"],
          })),
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/reply-then-delete",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const topic = k.topic();
      const who = k.person();
      k.received(who, k.filler(), { read: true });
      k.received(who, `Quick question about the ${topic}: who signs the final version?`);
      const reply = ctx.pick(["Legal signs it, then me.", "I do, once finance has approved."]);
      return {
        instruction: `Answer ${who.name}'s question about the ${topic} with "${reply}" as a reply in that thread, then delete their question from my inbox.`,
        steps: [
          { id: "search", tool: "search_messages", args: { query: topicQuery(topic) } },
          {
            id: "reply",
            tool: "send_message",
            args: {
              to: { $from: "search.messages.0.from", $ci: true },
              text: saysArg(reply),
              reply_to: { $from: "search.messages.0.message_id", $ci: true },
            },
            after: ["search"],
          },
          {
            id: "delete",
            tool: "delete_message",
            args: { message_id: { $from: "search.messages.0.message_id", $ci: true } },
            after: ["reply"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/block-two-spammers",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const [a, b, friend] = [k.person(), k.person(), k.person()];
      const phrase = ctx.pick(["crypto giveaway", "lottery jackpot", "inheritance claim"]);
      k.received(a, `URGENT: your ${phrase} expires today, send your bank details.`);
      k.received(friend, k.filler());
      k.received(b, `Final notice about your ${phrase}. Reply now!`);
      return {
        instruction: `Block everyone who sent me a message about a "${phrase}" (there are two of them).`,
        steps: [
          { id: "search", tool: "search_messages", args: { query: { $ci: phrase } } },
          ...[0, 1].map((i) => ({
            id: `block_${i + 1}`,
            tool: "block_user",
            args: { user_id: { $from: `search.messages.${i}.from`, $ci: true } },
            after: ["search"],
          })),
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/unblock-contact",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person({ blocked: true });
      k.namesake(who);
      return {
        instruction: `Unblock ${who.name}; we sorted things out.`,
        steps: [
          { id: "find", tool: "find_users", args: { query: personQuery(who) } },
          { id: "unblock", tool: "unblock_user", args: { user_id: { $ci: who.id } }, after: ["find"] },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/conversation-size",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      const [sent, received] = [ctx.int(1, 4), ctx.int(1, 4)];
      for (let i = 0; i < Math.max(sent, received); i++) {
        if (i < received) k.received(who, k.filler());
        if (i < sent) k.sent(who, k.filler());
      }
      k.received(k.namesake(who), k.filler());
      return {
        instruction: `How many messages have ${who.name} and I exchanged so far, counting both directions? Answer with the number.`,
        steps: [
          { id: "find", tool: "find_users", args: { query: personQuery(who) } },
          { id: "inbox", tool: "list_messages", args: { with_user: { $ci: who.id } }, after: ["find"] },
          {
            id: "sent",
            tool: "list_messages",
            args: { folder: "sent", with_user: { $ci: who.id } },
            after: ["find"],
          },
        ],
        answer: { number: sent + received },
      };
    },
  }),
];
