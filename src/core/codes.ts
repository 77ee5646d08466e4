import type { Outcome } from './outcome.js';

/** The levels of a coded message: info and warn are shown, debug only with --verbose. */
export type MessageLevel = 'info' | 'warn' | 'debug';

/** Stable codes are kebab-case words (a dot separates a family prefix such as `toolkit.`). */
const CODE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*(\.[a-z][a-z0-9]*(-[a-z0-9]+)*)?$/;

function checked(code: string): string {
  if (!CODE_PATTERN.test(code)) throw new Error(`"${code}" is not a valid code (kebab-case)`);
  return code;
}

/**
 * A registered error code (see error-codes.ts): the stable code pipelines match on, what it means, the
 * outcome (exit code) it ends a command with unless the error says otherwise, and the type of the
 * error's `details`. Nominal: only the registry creates them.
 */
export class ErrorCode<Details = void> {
  declare private readonly details: Details;

  private constructor(
    readonly code: string,
    readonly description: string,
    readonly outcome: Outcome,
  ) {}

  /** Whether `error` is an AwsarchError with this code. */
  is(error: unknown): boolean {
    return (error as { definition?: unknown } | undefined)?.definition === this;
  }

  /** For the registry only (error-codes.ts). */
  static define<Details = void>(code: string, description: string, outcome: Outcome): ErrorCode<Details> {
    return new ErrorCode<Details>(checked(code), description, outcome);
  }
}

/**
 * A registered message code (see message-codes.ts): the stable code, the levels it is reported at,
 * what it means, and the type of its payload (`data`). `io.info/warn/debug` accept only codes
 * registered at that level, and check the payload. Nominal: only the registry creates them.
 */
export class MessageCode<Level extends MessageLevel = MessageLevel, Payload = void> {
  declare private readonly payload: Payload;
  /** Contravariant in Level, so a code registered at info and warn is accepted by both. */
  declare private readonly accepts: (level: Level) => void;

  private constructor(
    readonly code: string,
    /** The levels it is reported at (typed by Level; here wide so a code at info and warn fits both). */
    readonly levels: readonly MessageLevel[],
    readonly description: string,
  ) {}

  /** For the registry only (message-codes.ts). */
  static define<Level extends MessageLevel, Payload = void>(
    code: string,
    levels: readonly Level[],
    description: string,
  ): MessageCode<Level, Payload> {
    return new MessageCode<Level, Payload>(checked(code), levels, description);
  }

  /** A member of a MessageFamily: the family's prefix and the other tool's own code, as it spells it. */
  static forwarded<Level extends MessageLevel>(
    family: MessageFamily<Level>,
    suffix: string,
  ): MessageCode<Level, unknown> {
    if (!/^[A-Za-z0-9_.-]+$/.test(suffix)) throw new Error(`"${suffix}" is not a forwarded code`);
    return new MessageCode<Level, unknown>(`${family.prefix}${suffix}`, family.levels, family.description);
  }
}

/**
 * Codes forwarded from another tool under a prefix (the CDK toolkit's CDK_TOOLKIT_I5000 becomes
 * `toolkit.CDK_TOOLKIT_I5000`): registered once as a family, with the payload the tool gives.
 */
export class MessageFamily<Level extends MessageLevel = MessageLevel> {
  private readonly members = new Map<string, MessageCode<Level, unknown>>();

  private constructor(
    readonly prefix: string,
    readonly levels: readonly Level[],
    readonly description: string,
  ) {}

  /** The code of one forwarded message, e.g. `of('CDK_TOOLKIT_I5000')`. */
  of(suffix: string): MessageCode<Level, unknown> {
    let member = this.members.get(suffix);
    if (!member) {
      member = MessageCode.forwarded(this, suffix);
      this.members.set(suffix, member);
    }
    return member;
  }

  /** For the registry only (message-codes.ts). */
  static define<Level extends MessageLevel>(
    prefix: string,
    levels: readonly Level[],
    description: string,
  ): MessageFamily<Level> {
    if (!/^[a-z]+\.$/.test(prefix)) throw new Error(`"${prefix}" is not a family prefix (lowercase, ending in a dot)`);
    return new MessageFamily(prefix, levels, description);
  }
}

/** The arguments after the text: the payload when the code has one (optional if it may be undefined), else none. */
export type PayloadArgs<Payload> = [Payload] extends [void]
  ? []
  : undefined extends Payload
    ? [data?: Payload]
    : [data: Payload];
