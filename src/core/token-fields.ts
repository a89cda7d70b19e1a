// Every rule of a token's fields, once: lengths, bounds, key patterns and enums. The route schemas,
// the patch planner and the lifetime rules read them here (and later the dialects and the SDK).

export const TOKEN_TYPES = ['api', 'session'] as const;
export const TOKEN_KINDS = ['account', 'space', 'manager'] as const;
export const LIFETIMES = ['temporary', 'permanent'] as const;

export const NAME_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 1000;
/** `ttl` is whole seconds, at most ten years (3,650 days, as MAX_LIFETIME_MS). */
export const MAX_TTL_SECONDS = 315_360_000;
export const MAX_USES_LIMIT = 1_000_000_000;
export const RATE_LIMIT_MAX = 1_000_000;
export const RATE_WINDOW_MAX_SECONDS = 86_400;
export const MAX_CUSTOM_ROLES = 20;
/** Keys of spaces and custom roles: lowercase letters, digits, `_` and `-`, starting with a letter or digit. */
export const KEY_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$';
export const KEY_REGEX = new RegExp(KEY_PATTERN);
/** LaunchDarkly API versions are dates written as numbers (20220603): allow eight digits. */
export const MAX_DEFAULT_API_VERSION = 99_999_999;
export const TIMESTAMP_MAX_LENGTH = 64;
export const CIDR_MAX_LENGTH = 64;
