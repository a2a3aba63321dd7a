/** The spend caps of one episode, and the runner's patience with tool calls. */
export interface AgentLimits {
  readonly maxTurns: number;
  /** Input + output tokens over the episode. */
  readonly maxTokens: number;
  /** Output tokens of one response (also cut to what is left of maxTokens). */
  readonly maxOutputTokens: number;
  readonly toolTimeoutMs: number;
  /** A tool result longer than this reaches the model cut, with a note. */
  readonly maxResultChars: number;
}

export const DEFAULT_LIMITS: AgentLimits = {
  maxTurns: 60,
  maxTokens: 500_000,
  maxOutputTokens: 4_096,
  // Above the server's 25 s wait cap, below the MCP client's own 120 s request timeout.
  toolTimeoutMs: 100_000,
  maxResultChars: 16_000,
};
