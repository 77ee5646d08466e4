import * as z from '../../shared/runtime/zod.js';
import { describeIssues } from '../../shared/runtime/zod.js';
import { CURRENCIES } from './order.js';

/** Limits of the business rules; decide() enforces them, the schemas only check shapes. */
export const ORDER_LIMITS = {
  maxLines: 50,
  maxQuantityPerLine: 99,
  maxUnitPriceCents: 10_000_000,
  minDiscountPercent: 1,
  maxDiscountPercent: 50,
} as const;

const id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'));
const sku = z.string().check(z.regex(/^[A-Z0-9][A-Z0-9-]{0,39}$/, 'must be 1-40 upper-case letters, digits or -'));
const positiveInt = z.int().check(z.positive());
const lineInput = z.object({ sku, quantity: positiveInt, unitPriceCents: positiveInt });

/** The commands of the order aggregate, as the command handler accepts them. */
export const orderCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('CreateOrder'),
    orderId: id,
    customerId: id,
    currency: z.enum(CURRENCIES),
    items: z.optional(z.array(lineInput)),
  }),
  z.object({ type: z.literal('AddItem'), orderId: id, sku, quantity: positiveInt, unitPriceCents: positiveInt }),
  z.object({ type: z.literal('RemoveItem'), orderId: id, sku, quantity: z.optional(positiveInt) }),
  z.object({
    type: z.literal('ApplyDiscount'),
    orderId: id,
    code: z.string().check(z.regex(/^[A-Z0-9-]{3,20}$/, 'must be 3-20 upper-case letters, digits or -')),
    percent: z.int(),
  }),
  z.object({ type: z.literal('ConfirmOrder'), orderId: id }),
  z.object({
    type: z.literal('CancelOrder'),
    orderId: id,
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  }),
]);

export type OrderCommand = z.infer<typeof orderCommandSchema>;
export type OrderCommandType = OrderCommand['type'];
export type LineInput = z.infer<typeof lineInput>;

/** A command with what the handler needs around it: an idempotency key and, optionally, the version it was built on. */
export interface CommandEnvelope {
  readonly command: OrderCommand;
  /** Retrying with the same id never applies the command twice. */
  readonly commandId: string;
  /** The version the client saw; a stale one is rejected with a conflict. Omitted: the current version. */
  readonly expectedVersion?: number;
}

/** Validates raw input into a command, or returns the problems as readable lines. */
export function parseOrderCommand(
  input: unknown,
): { ok: true; command: OrderCommand } | { ok: false; problems: string[] } {
  const parsed = orderCommandSchema.safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data };
  return { ok: false, problems: describeIssues(parsed.error, 'command') };
}
