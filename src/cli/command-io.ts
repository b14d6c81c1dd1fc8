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
