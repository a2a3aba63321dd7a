import type { z } from "zod";

/** zod issues as one short sentence: "at job.status: Invalid option...; at t: Too small...". */
export function describeIssues(issues: readonly z.core.$ZodIssue[], max = 3): string {
  const parts = issues.slice(0, max).map((issue) => {
    const path = issue.path.map(String).join(".");
    return path === "" ? issue.message : `at ${path}: ${issue.message}`;
  });
  if (issues.length > max) parts.push(`and ${issues.length - max} more`);
  return parts.join("; ");
}
