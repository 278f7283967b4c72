/**
 * The error-code catalogue: every stable code the API can answer in `{ error: { code } }` (or name a field
 * with in a 422's details), its HTTP status and what it means. Clients branch on these codes, so a code
 * never changes meaning once published; adding one means adding it here first. `AppError` takes only
 * codes from this table (typecheck fails otherwise), the transport maps a code to its status from it
 * (functions/src/api/error.ts), the OpenAPI document's `Error.code` is an enum of its keys, and the web
 * imports `ErrorCode` to branch on. error-codes.test.ts scans the sources for codes thrown or answered
 * anywhere else. Plain data, no imports: the redirect Lambda and the web bundle can take it.
 */
export const errorCodes = {
  // 400: the request cannot be read as sent
  malformed_request: { status: 400, meaning: "The request could not be parsed" },
  malformed_json: { status: 400, meaning: "The body is not valid JSON" },
  missing_header: { status: 400, meaning: "A required header is absent" },
  cursor_invalid: {
    status: 400,
    meaning: "The page cursor was not issued by this list; start from the first page",
  },
  webhook_stale: { status: 400, meaning: "A store webhook is older than the replay window" },
  outbound_failed: { status: 400, meaning: "A request we made to the address you gave failed" },
  token_invalid: { status: 400, meaning: "A mailed link's token is unknown or already used" },
  token_expired: { status: 400, meaning: "A mailed link's token has expired" },
  http_error: {
    status: 400,
    meaning: "Another client error raised by the HTTP layer (answered with its own 4xx)",
  },

  // 401: who is calling is unknown or unproven
  unauthorized: { status: 401, meaning: "Sign in to do this" },
  invalid_credentials: { status: 401, meaning: "Email or password is wrong" },
  password_incorrect: {
    status: 401,
    meaning:
      "The account's current password, asked again before a sensitive change, is wrong (details name the field)",
  },
  session_invalid: { status: 401, meaning: "The session expired or was signed out" },
  signature_invalid: { status: 401, meaning: "A signed request's signature or timestamp does not verify" },

  // 403: known, but not allowed
  forbidden: { status: 403, meaning: "Signed in but not allowed to do this" },
  role_required: { status: 403, meaning: "The account's role (creator, brand, admin) does not allow this" },
  brand_role_required: { status: 403, meaning: "A higher role on the brand is needed" },
  not_guide_author: { status: 403, meaning: "Only the guide's author can change it" },
  origin_mismatch: { status: 403, meaning: "A cookie-authenticated write came from another site" },
  origin_forbidden: {
    status: 403,
    meaning: "The request did not come through the site's CloudFront address",
  },
  email_unverified: { status: 403, meaning: "Confirm the account's email address first" },
  not_image_owner: { status: 403, meaning: "Only the person who uploaded an image can complete or use it" },
  account_suspended: { status: 403, meaning: "The account is suspended by the platform" },

  // 404: absent, or not visible to the caller
  not_found: { status: 404, meaning: "Not found" },
  route_not_found: { status: 404, meaning: "No such route" },
  user_not_found: { status: 404, meaning: "No such user" },
  creator_not_found: { status: 404, meaning: "No such creator" },
  guide_not_found: { status: 404, meaning: "No such guide, or a draft of someone else's" },
  report_target_not_found: {
    status: 404,
    meaning: "The reported guide, creator, card or group-buy does not exist (or is not public)",
  },
  link_not_found: { status: 404, meaning: "No such link, or not the caller's" },
  brand_not_found: { status: 404, meaning: "No such brand, or the caller is not a member" },
  product_not_found: { status: 404, meaning: "No such product in this brand's catalogue" },
  campaign_not_found: { status: 404, meaning: "No such campaign" },
  enrollment_not_found: { status: 404, meaning: "No such enrollment in the campaign" },
  conversion_not_found: { status: 404, meaning: "No such conversion for this brand" },
  statement_not_found: { status: 404, meaning: "No such statement, or not the caller's" },
  line_not_found: { status: 404, meaning: "No such line on the statement" },
  groupbuy_not_found: { status: 404, meaning: "No such group-buy" },
  participation_not_found: { status: 404, meaning: "The caller is not in this group-buy" },
  invitation_not_found: { status: 404, meaning: "No such invitation for the caller" },
  secret_not_found: { status: 404, meaning: "No such signing secret" },
  no_api_secret: { status: 404, meaning: "The brand has no active api secret to verify with" },
  webhook_endpoint_not_found: { status: 404, meaning: "No such webhook endpoint" },
  failure_not_found: { status: 404, meaning: "No such parked failure" },
  image_not_found: { status: 404, meaning: "No image or upload with this id" },
  category_not_found: { status: 404, meaning: "No such category" },
  domain_not_found: { status: 404, meaning: "The brand does not list this domain (or lost it)" },
  domain_block_not_found: { status: 404, meaning: "The domain is not blocked" },

  // 409: conflicts with the current state
  guide_hidden: { status: 409, meaning: "An admin hid the guide: it cannot be published (or hidden) again" },
  guide_not_hidden: { status: 409, meaning: "The guide is not hidden, so there is nothing to restore" },
  report_exists: { status: 409, meaning: "You already have an open report on this item" },
  report_closed: { status: 409, meaning: "The item has no open reports (dismissed or acted on meanwhile)" },
  email_taken: { status: 409, meaning: "An account with this email exists" },
  account_already_suspended: { status: 409, meaning: "The account is suspended already" },
  account_not_suspended: { status: 409, meaning: "The account is not suspended" },
  domain_already_blocked: { status: 409, meaning: "The domain is blocked already" },
  handle_taken: { status: 409, meaning: "The handle is taken" },
  unpaid_balance: {
    status: 409,
    meaning:
      "The creator still has commissions pending, held or approved and unpaid; the account stays until they are paid or reversed",
  },
  already_applied: { status: 409, meaning: "The creator already applied to the campaign" },
  coupon_taken: { status: 409, meaning: "The coupon code is taken for this brand" },
  campaign_closed: { status: 409, meaning: "The campaign is not taking applications" },
  order_conflict: { status: 409, meaning: "The orderId was reported before with another amount or currency" },
  not_rejectable: { status: 409, meaning: "The conversion's commission can no longer be rejected" },
  not_releasable: { status: 409, meaning: "The conversion's commission is not held" },
  groupbuy_full: { status: 409, meaning: "Every unit of the group-buy is taken" },
  groupbuy_closed: { status: 409, meaning: "The group-buy no longer takes joins or leaves" },
  already_joined: { status: 409, meaning: "The caller already joined this group-buy" },
  sku_taken: { status: 409, meaning: "A product with this SKU exists" },
  shopify_variant_taken: {
    status: 409,
    meaning: "Another catalogue product is already this Shopify variant",
  },
  already_member: { status: 409, meaning: "The account is already a member of the brand" },
  last_brand_admin: {
    status: 409,
    meaning:
      "The account is the only owner or admin of a brand (details.brandIds); it can be deleted once someone else is",
  },
  invitation_closed: { status: 409, meaning: "The invitation was accepted, declined, revoked or expired" },
  failure_not_parked: { status: 409, meaning: "The failure is not parked (resolved or replaying)" },
  replay_failed: { status: 409, meaning: "The replayed item failed again" },
  too_many_secrets: { status: 409, meaning: "The brand has the most active secrets of this kind" },
  too_many_webhook_endpoints: { status: 409, meaning: "The owner has the most webhook endpoints" },
  guide_not_published: { status: 409, meaning: "The guide is not published" },
  statement_state: { status: 409, meaning: "The statement's status does not allow this step" },
  statement_open: { status: 409, meaning: "The statement's period has not closed yet" },
  email_already_verified: { status: 409, meaning: "The email address is already confirmed" },
  upload_missing: { status: 409, meaning: "Nothing was uploaded for this id yet" },
  domain_verified_elsewhere: {
    status: 409,
    meaning: "Another brand verified this domain; only it can list the domain",
  },
  image_not_ready: { status: 409, meaning: "The upload is not complete; complete it before using the image" },

  // 413
  payload_too_large: { status: 413, meaning: "The request body is too large" },
  upload_too_large: { status: 413, meaning: "The image is larger than uploads allow (10 MB)" },

  // 422: well-formed, but breaks a rule; `details` names each field (field codes are listed here too)
  validation_failed: { status: 422, meaning: "Some fields are not valid; details name each" },
  weak_password: { status: 422, meaning: "The password is too easy to guess" },
  handle_reserved: {
    status: 422,
    meaning: "The handle names a page of the site and cannot be taken (field code)",
  },
  cannot_follow_self: { status: 422, meaning: "An account cannot follow itself" },
  domain_blocked: { status: 422, meaning: "Links to this domain are blocked by the platform" },
  cannot_suspend_admin: { status: 422, meaning: "Admin accounts cannot be suspended" },
  too_many_blocked_domains: { status: 422, meaning: "The platform blocklist is full" },
  refund_currency_mismatch: { status: 422, meaning: "A refund's currency differs from its order's" },
  product_currency_mismatch: { status: 422, meaning: "A price is not in the brand's currency" },
  shopify_topic_unproven: { status: 422, meaning: "A Shopify body does not prove the topic it claims" },
  outbound_address_refused: { status: 422, meaning: "The address is private, loopback or not https" },
  date_out_of_range: { status: 422, meaning: "A date is outside the range the field accepts (field code)" },
  upload_not_image: { status: 422, meaning: "The uploaded bytes are not a JPEG, PNG, WebP or AVIF image" },
  image_too_many_pixels: { status: 422, meaning: "The image has more pixels than processing allows" },
  image_unreadable: { status: 422, meaning: "The image could not be decoded" },
  image_heic_unsupported: {
    status: 422,
    meaning: "A HEIC (HEVC) photo, which the image processor cannot decode; export it as JPEG",
  },
  product_page_unavailable: { status: 422, meaning: "The product page could not be fetched or read" },
  product_not_found_on_page: {
    status: 422,
    meaning: "The page has no Open Graph or schema.org product to import",
  },

  // 429
  rate_limited: { status: 429, meaning: "Too many requests; see Retry-After" },

  // 5xx: our side
  internal: { status: 500, meaning: "A bug on our side; logged with the request id" },
  starting: { status: 503, meaning: "The local server is still starting" },
} as const satisfies Record<string, { status: ErrorStatus; meaning: string }>;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

/** A stable error code: a key of the catalogue. */
export type ErrorCode = keyof typeof errorCodes;

/** Every code, for the OpenAPI enum. */
export const allErrorCodes = Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]];

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCodes, value);
}
