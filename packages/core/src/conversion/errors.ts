import { AppError, NotFoundError } from "../util/errors";

export class OrderConflictError extends AppError {
  constructor() {
    super(
      "conflict",
      "order_conflict",
      "This orderId was already reported with a different amount or currency",
    );
  }
}

export class ConversionNotFoundError extends NotFoundError {
  constructor() {
    super("Conversion", "conversion_not_found");
  }
}

export class NotRejectableError extends AppError {
  constructor(status: string) {
    super(
      "conflict",
      "not_rejectable",
      `Only pending or held commissions can be rejected; this one is ${status}`,
    );
  }
}

export class NotReleasableError extends AppError {
  constructor(status: string) {
    super(
      "conflict",
      "not_releasable",
      `Only commissions held for review can be released; this one is ${status}`,
    );
  }
}

export class RefundCurrencyError extends AppError {
  constructor() {
    super("validation", "refund_currency_mismatch", "The refund's currency differs from the order's");
  }
}
