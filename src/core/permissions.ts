// Roles, scopes and the one "is A within B" decision: the permissions of the core, one module each.
// A glob is a string where `*` matches any run of characters (including `:`). Grants are sets of
// allow globs and deny globs; an explicit deny always wins.
export { globCovers, globMatches, globsMayOverlap } from './globs.js';
export * from './permissions/authority.js';
export * from './permissions/decide.js';
export * from './permissions/roles.js';
export * from './permissions/within.js';
