// What a tools/list costs an agent's context: every byte of each tool's name, description and
// input schema, as compact JSON (UTF-8), which is what a host passes on to the model. Shared by
// the budget test (tests/integration/context_budget.test.mjs) and the bench's row.

// PRODUCT.md, Version 3: all thirty tools together stay at or under 28 KB.
export const CONTEXT_BUDGET_BYTES = 28_000;

export function toolContextBytes(tool) {
  return Buffer.byteLength(JSON.stringify({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }));
}

export function contextBytes(tools) {
  return tools.reduce((sum, t) => sum + toolContextBytes(t), 0);
}
