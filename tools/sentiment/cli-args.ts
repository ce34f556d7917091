/** Minimal argv parsing: positional arguments plus `--name value` options; no dependency needed for three commands. */
export class CliArgs {
  readonly positional: string[] = [];
  private readonly options = new Map<string, string>();

  constructor(argv: readonly string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (arg.startsWith('--')) {
        const eq = arg.indexOf('=');
        if (eq > 0) {
          this.options.set(arg.slice(2, eq), arg.slice(eq + 1));
        } else {
          const value = argv[i + 1];
          if (value === undefined || value.startsWith('--')) throw new Error(`option ${arg} needs a value`);
          this.options.set(arg.slice(2), value);
          i++;
        }
      } else {
        this.positional.push(arg);
      }
    }
  }

  option(name: string): string | undefined {
    return this.options.get(name);
  }

  number(name: string, fallback: number): number {
    const raw = this.options.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got "${raw}"`);
    return value;
  }

  /** Fails on options the command does not know, so that a typo is not silently ignored. */
  assertKnown(known: readonly string[]): void {
    for (const name of this.options.keys()) {
      if (!known.includes(name)) throw new Error(`unknown option --${name}`);
    }
  }
}
