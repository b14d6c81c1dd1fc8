import { STDIN } from './manifest-input';

/** Where a command writes, what it reads, and what it knows about the terminal. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** stdout is a terminal (colours). */
  readonly stdoutIsTty: boolean;
  /** stderr is a terminal (progress). */
  readonly stderrIsTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads all of standard input (for `-`); the process's own when absent. */
  readonly readStdin?: () => string;
}

/** Colours on a terminal only, never with NO_COLOR (https://no-color.org: any non-empty value). */
export function useColor(requested: boolean, io: CommandIo): boolean {
  return requested && io.stdoutIsTty && !io.env.NO_COLOR;
}

/** A bad command line: exit status 2. */
export class UsageError extends Error {}

/** The options every verb shares: output format, colours, help. */
export interface CommonArgs {
  format: 'text' | 'json' | 'markdown';
  color: boolean;
  help: boolean;
}

/**
 * Walks a command line: the shared options are taken here, a verb's own through `own` (which
 * returns false for an option it does not know; `value()` takes the option's argument), and
 * everything else that is not an option (or is `-`) through `positional`. Returns the shared
 * options, or the usage problem as a string.
 */
export function walkArgs(
  args: readonly string[],
  own: (arg: string, value: () => string) => boolean,
  positional: (arg: string) => string | undefined,
): CommonArgs | string {
  const common: CommonArgs = { format: 'text', color: true, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    try {
      switch (arg) {
        case '--help': case '-h': common.help = true; break;
        case '--json': common.format = 'json'; break;
        case '--markdown': common.format = 'markdown'; break;
        case '--no-color': common.color = false; break;
        default: {
          if (own(arg, value)) break;
          if (arg.startsWith('-') && arg !== STDIN) return `unknown option ${arg}`;
          const problem = positional(arg);
          if (problem) return problem;
        }
      }
    } catch (e) {
      if (e instanceof UsageError) return e.message;
      throw e;
    }
  }
  return common;
}
