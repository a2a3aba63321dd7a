import { defineTemplate } from "../../../dataset/template.js";
import { escapeRegex, messagesKit, personQuery, saysArg, topicQuery } from "../kit.js";

const ms = ["messages"];
const ROOMS = ["Aurora", "Birch", "Cedar", "Dune", "Everest", "Fjord"];
const REPLIES = [
  "Thanks, I'll take a look tonight.",
  "Got it, I'll confirm by Friday.",
  "Sounds great, count me in.",
  "Sure, let's discuss it on Monday.",
];

/** Messages call paths: look-ups, single sends and short chains. */
export const messagesShortCallPaths = [
  defineTemplate({
    id: "messages/lookup-user-id",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      k.namesake(who);
      return {
        instruction: `What is ${who.name}'s user id on the messaging app? I want to add them to a group.`,
        steps: [{ id: "find", tool: "find_users", args: { query: personQuery(who) } }],
        answer: { regex: `^\\s*@?${escapeRegex(who.id)}\\s*\\.?\\s*$`, flags: "i", example: who.id },
      };
    },
  }),
  defineTemplate({
    id: "messages/send-to-contact",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      k.namesake(who);
      const text = ctx.pick([
        "Running 10 minutes late, start without me.",
        "The keys are under the blue mat.",
        "Can you bring the projector tomorrow?",
      ]);
      return {
        instruction: `Send ${who.name} this message: "${text}"`,
        steps: [
          { id: "find", tool: "find_users", args: { query: { $ci: who.name } } },
          {
            id: "send",
            tool: "send_message",
            args: { to: { $from: "find.users.0.user_id", $ci: true }, text: saysArg(text) },
            after: ["find"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/unread-from-contact",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      const other = k.namesake(who);
      const unread = ctx.int(1, 4);
      for (let i = 0; i < unread; i++) k.received(who, k.filler(), { read: false });
      for (let i = 0; i < ctx.int(1, 2); i++) k.received(who, k.filler(), { read: true });
      k.received(other, k.filler(), { read: false });
      return {
        instruction: `How many unread messages do I have from ${who.name}? Answer with the number.`,
        steps: [
          { id: "find", tool: "find_users", args: { query: personQuery(who) } },
          { id: "list", tool: "list_messages", args: { with_user: { $ci: who.id } }, after: ["find"] },
        ],
        answer: { number: unread },
      };
    },
  }),
  defineTemplate({
    id: "messages/latest-from-contact",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      const [room, oldRoom] = ctx.sample(ROOMS, 2);
      k.received(
        who,
        `Hi! Quick note about the workshop next week: we will meet in the ${oldRoom} room on the first floor.`,
        { read: true },
      );
      k.sent(who, "Great, thanks for letting me know.");
      k.received(
        who,
        `Hi again, small change of plans for the workshop next week: we are now meeting in the ${room} room on the third floor.`,
      );
      return {
        instruction: `Open the most recent message ${who.name} sent me and tell me which room the workshop is in now.`,
        steps: [
          { id: "find", tool: "find_users", args: { query: personQuery(who) } },
          { id: "list", tool: "list_messages", args: { with_user: { $ci: who.id } }, after: ["find"] },
          {
            id: "read",
            tool: "read_message",
            args: { message_id: { $from: "list.messages.0.message_id", $ci: true } },
            after: ["list"],
          },
        ],
        answer: { contains: room ?? "" },
      };
    },
  }),
  defineTemplate({
    id: "messages/who-wrote-about",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const topic = k.topic();
      const [author, colleague, friend] = [k.person(), k.person(), k.person()];
      k.received(friend, k.filler());
      k.received(author, `Do you have ten minutes today to go over the ${topic}?`);
      k.sent(colleague, `I'll forward you the notes on the ${topic} later.`);
      return {
        instruction: `Who messaged me about the ${topic}? Answer with their name.`,
        steps: [{ id: "search", tool: "search_messages", args: { query: topicQuery(topic) } }],
        answer: { normalized: author.name },
      };
    },
  }),
  defineTemplate({
    id: "messages/search-and-read",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const topic = k.topic();
      const [author, other] = [k.person(), k.person()];
      const amount = ctx.pick([12500, 18000, 24750, 31200, 9400]);
      k.received(other, k.filler());
      k.received(
        author,
        `Hi, following up on our call last week about the ${topic}. In the end the total that was approved is $${amount}, to be spent by March.`,
      );
      return {
        instruction: `Find the message about the ${topic} and tell me the total amount that was approved.`,
        steps: [
          { id: "search", tool: "search_messages", args: { query: topicQuery(topic) } },
          {
            id: "read",
            tool: "read_message",
            args: { message_id: { $from: "search.messages.0.message_id", $ci: true } },
            after: ["search"],
          },
        ],
        answer: { number: amount },
      };
    },
  }),
  defineTemplate({
    id: "messages/reply-in-thread",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const topic = k.topic();
      const [author, other] = [k.person(), k.person()];
      k.received(author, k.filler());
      k.received(author, `Could you review my notes for the ${topic} before Thursday?`);
      k.received(other, k.filler());
      const reply = ctx.pick(REPLIES);
      return {
        instruction: `Reply to ${author.name}'s message about the ${topic}, in that thread, with: "${reply}"`,
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
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/block-contact",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      const namesake = k.namesake(who);
      k.received(who, "Last chance!!! Claim your free cruise now, just reply with your card number.");
      k.received(namesake, k.filler());
      return {
        instruction: `${who.name} keeps sending me spam. Block them (not the other ${who.first}).`,
        steps: [
          { id: "find", tool: "find_users", args: { query: personQuery(who) } },
          { id: "block", tool: "block_user", args: { user_id: { $ci: who.id } }, after: ["find"] },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/unblock-and-send",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person({ blocked: true });
      k.received(who, k.filler(), { read: true });
      const text = ctx.pick([
        "Sorry about the mix-up, let's start over.",
        "Are you free for coffee on Saturday?",
        "I found your umbrella in my car.",
      ]);
      return {
        instruction: `I blocked ${who.name} a while ago after a misunderstanding. Unblock them and send them: "${text}"`,
        steps: [
          { id: "find", tool: "find_users", args: { query: personQuery(who) } },
          { id: "unblock", tool: "unblock_user", args: { user_id: { $ci: who.id } }, after: ["find"] },
          {
            id: "send",
            tool: "send_message",
            args: { to: { $ci: who.id }, text: saysArg(text) },
            after: ["unblock"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/delete-by-topic",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const topic = k.topic();
      const [author, other] = [k.person(), k.person()];
      k.received(other, k.filler());
      k.received(author, `Reminder: the ${topic} paperwork is due at the end of the month.`);
      k.received(author, k.filler());
      return {
        instruction: `Delete the message ${author.name} sent me about the ${topic}; keep their other messages.`,
        steps: [
          { id: "search", tool: "search_messages", args: { query: topicQuery(topic) } },
          {
            id: "delete",
            tool: "delete_message",
            args: { message_id: { $from: "search.messages.0.message_id", $ci: true } },
            after: ["search"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/clear-conversation",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      const n = ctx.int(2, 3);
      for (let i = 0; i < n; i++) {
        k.received(who, k.filler());
        if (i === 0) k.sent(who, "Please stop messaging me about this.");
      }
      k.received(k.namesake(who), k.filler());
      return {
        instruction: `Delete every message ${who.name} has sent me. Keep the ones I sent them.`,
        steps: [
          { id: "find", tool: "find_users", args: { query: personQuery(who) } },
          { id: "list", tool: "list_messages", args: { with_user: { $ci: who.id } }, after: ["find"] },
          ...Array.from({ length: n }, (_, i) => ({
            id: `delete_${i + 1}`,
            tool: "delete_message",
            args: { message_id: { $from: `list.messages.${i}.message_id`, $ci: true } },
            after: ["list"],
          })),
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/tell-two-people",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const [a, b] = [k.person(), k.person()];
      const text = ctx.pick([
        "The meeting moved to 3pm today.",
        "Dinner is at 7 at Luigi's.",
        "The studio is closed on Friday.",
      ]);
      const send = (c: typeof a, id: string, after: string) => ({
        id,
        tool: "send_message",
        args: { to: { $ci: c.id }, text: saysArg(text) },
        after: [after],
      });
      return {
        instruction: `Let both ${a.name} and ${b.name} know: "${text}" (a separate message to each).`,
        steps: [
          { id: "find_a", tool: "find_users", args: { query: personQuery(a) } },
          { id: "find_b", tool: "find_users", args: { query: personQuery(b) } },
          send(a, "send_a", "find_a"),
          send(b, "send_b", "find_b"),
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/forward-message",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const topic = k.topic();
      const [author, target] = [k.person(), k.person()];
      const text = `Update on the ${topic}: everything is confirmed for ${ctx.pick(["Tuesday", "Wednesday", "Thursday"])} at ${ctx.pick(["10:00", "14:30", "16:00"])}, please share with anyone who needs it.`;
      k.received(author, text);
      k.received(target, k.filler());
      return {
        instruction: `Forward the message about the ${topic} to ${target.name}, word for word (just its text, nothing added).`,
        steps: [
          { id: "search", tool: "search_messages", args: { query: topicQuery(topic) } },
          {
            id: "read",
            tool: "read_message",
            args: { message_id: { $from: "search.messages.0.message_id", $ci: true } },
            after: ["search"],
          },
          { id: "find", tool: "find_users", args: { query: personQuery(target) } },
          {
            id: "send",
            tool: "send_message",
            args: { to: { $ci: target.id }, text: { $from: "read.text" } },
            after: ["read", "find"],
          },
        ],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/unread-from-handle",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      const unread = ctx.int(0, 3);
      for (let i = 0; i < unread; i++) k.received(who, k.filler(), { read: false });
      k.received(who, k.filler(), { read: true });
      k.received(k.person(), k.filler(), { read: false });
      return {
        instruction: `How many unread messages from ${who.id} are waiting in my inbox? Answer with the number.`,
        steps: [{ id: "list", tool: "list_messages", args: { with_user: { $ci: who.id } } }],
        answer: { number: unread },
      };
    },
  }),
  defineTemplate({
    id: "messages/send-to-handle",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const who = k.person();
      const text = ctx.pick([
        "Your parcel is at the front desk.",
        "Happy work anniversary!",
        "I pushed the fix, please pull.",
      ]);
      return {
        instruction: `Message ${who.id}: "${text}"`,
        steps: [{ id: "send", tool: "send_message", args: { to: { $ci: who.id }, text: saysArg(text) } }],
        answer: { any: true },
      };
    },
  }),
  defineTemplate({
    id: "messages/sender-of-message",
    domains: ms,
    instantiate(ctx) {
      const k = messagesKit(ctx);
      const [who, other] = [k.person(), k.person()];
      k.received(other, k.filler());
      const id = k.received(who, "Did you get my voicemail? It's about the invoice.", { read: false });
      return {
        instruction: `I got a notification for message ${id}. Who sent it? Answer with their name.`,
        steps: [{ id: "read", tool: "read_message", args: { message_id: { $ci: id } } }],
        answer: { normalized: who.name },
      };
    },
  }),
];
