// Finds an own `__proto__` key anywhere in a call's input. JSON.parse (the loopback bridge)
// makes `{"__proto__": …}` an ordinary own key; zod then drops it from a record without
// looking at its value (so it cannot replace the result's prototype), and the call would go
// on as if the key had not been sent — a malformed input accepted and written. The router
// refuses such an input instead. Iterative, so a deeply nested input cannot overflow the stack.

/** The path of the first own `__proto__` key (`fields.__proto__`), or null when there is none. */
export function findProtoKey(input: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value: input, path: '' }];
  const seen = new Set<object>(); // inputs are trees, but a caller under Node could pass a cycle
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key === '__proto__') return at;
      stack.push({ value: (value as Record<string, unknown>)[key], path: at });
    }
  }
  return null;
}
