// Tessera's version, one constant for the server's OpenAPI document and `tessera --version`
// (a test keeps it equal to package.json's).
export const VERSION = '0.1.0';
