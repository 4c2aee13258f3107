/**
 * The first guard or action a transition names that is not defined, as a message, or null when every
 * name exists. XState's `setup` is given the guards by name as data, so a misspelt name would otherwise
 * compile, and fail only when the transition is taken; `composeWorld` refuses the world instead.
 */
export function unknownName(
  config: unknown,
  guards: Record<string, unknown>,
  actions: Record<string, unknown>,
): string | null {
  const named = (ref: unknown): string | undefined =>
    typeof ref === 'string'
      ? ref
      : ref && typeof ref === 'object' && 'type' in ref
        ? String(ref.type)
        : undefined;
  const walk = (node: unknown, where: string): string | null => {
    if (Array.isArray(node)) {
      for (const item of node) {
        const found = walk(item, where);
        if (found) return found;
      }
      return null;
    }
    if (!node || typeof node !== 'object') return null;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'guard') {
        const name = named(value);
        if (name !== undefined && !Object.hasOwn(guards, name))
          return `${where} names guard "${name}", which no module's checks define`;
      } else if (key === 'actions' || key === 'entry' || key === 'exit') {
        for (const a of Array.isArray(value) ? value : [value]) {
          const name = named(a);
          if (name !== undefined && !Object.hasOwn(actions, name))
            return `${where} names action "${name}", which no module's updates define`;
        }
      } else {
        const found = walk(
          value,
          key === 'on' || key === 'states' || key === 'always' ? where : `${where} > ${key}`,
        );
        if (found) return found;
      }
    }
    return null;
  };
  return walk(config, 'the world');
}
