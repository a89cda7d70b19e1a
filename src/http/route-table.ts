// Remembers every registered route so an unknown method on a known path can answer 405 with `Allow`.
// (Fastify's router answers 404 for it.)

interface Entry {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

export class RouteTable {
  private readonly entries = new Map<string, Entry>();

  add(url: string, method: string | readonly string[]): void {
    let entry = this.entries.get(url);
    if (entry === undefined) {
      const body = url
        .split('/')
        .map((segment) =>
          segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/');
      // Exact: `/v1/tenants/` is not `/v1/tenants` (Fastify's router treats them apart too), so a
      // trailing slash is a 404, never a 405 claiming the method it refused is allowed.
      entry = { pattern: new RegExp(`^${body}$`), methods: new Set() };
      this.entries.set(url, entry);
    }
    for (const name of Array.isArray(method) ? method : [method]) entry.methods.add(name);
  }

  /** Every registered URL pattern with its methods, for the test that walks the route table. */
  all(): { readonly url: string; readonly methods: readonly string[] }[] {
    return [...this.entries].map(([url, entry]) => ({ url, methods: [...entry.methods] }));
  }

  /** Methods allowed on a concrete path; empty when no route matches it at all. */
  methodsFor(rawUrl: string): string[] {
    const path = rawUrl.split('?')[0] ?? rawUrl;
    const methods = new Set<string>();
    for (const entry of this.entries.values()) {
      if (entry.pattern.test(path)) for (const method of entry.methods) methods.add(method);
    }
    return [...methods].sort();
  }
}
